"""The six characteristics of familjecentrerat arbetssätt: the same for every owner, so they
come with the schema (`followup.arbetssatt.CHARACTERISTICS`)."""

from django.db import migrations


def add(apps, schema_editor):
    from followup.arbetssatt import ensure_characteristics

    ensure_characteristics(apps.get_model("followup", "Characteristic"))


class Migration(migrations.Migration):
    dependencies = [("followup", "0007_self_assessment")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]

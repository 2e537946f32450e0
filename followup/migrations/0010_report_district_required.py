"""A report always has its district (a migration of its own: on PostgreSQL a table whose rows
were just updated in the same transaction cannot be altered while its deferred checks wait)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("followup", "0009_report_keeps_its_district")]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='district',
            field=models.ForeignKey(help_text='The district the centre belonged to when the report was made: a report stays under it when the centre later moves to a successor district.', on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='centres.district', verbose_name='district'),
        ),
    ]

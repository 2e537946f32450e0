from django.db import migrations, models


def fill(apps, schema_editor):
    """Each indicator reported in the kind of period its owner uses most (a quarter where it
    has none), its targets set for that kind; each report's first submission from its
    history; a deadline before its period's end moved to the end."""
    Indicator = apps.get_model("followup", "Indicator")
    IndicatorTarget = apps.get_model("followup", "IndicatorTarget")
    Period = apps.get_model("followup", "Period")
    Report = apps.get_model("followup", "Report")
    ReportEvent = apps.get_model("followup", "ReportEvent")
    kinds = {}
    for municipality_id, region_id, kind in Period.objects.exclude(kind="arbetssatt").values_list(
        "municipality_id", "region_id", "kind"
    ):
        tally = kinds.setdefault((municipality_id, region_id), {})
        tally[kind] = tally.get(kind, 0) + 1
    for indicator in Indicator.objects.select_related("goal"):
        tally = kinds.get((indicator.goal.municipality_id, indicator.goal.region_id), {})
        kind = max(tally, key=tally.get) if tally else "kvartal"
        if indicator.period_kind != kind:
            indicator.period_kind = kind
            indicator.save(update_fields=["period_kind"])
        IndicatorTarget.objects.filter(indicator=indicator).update(period_kind=kind)
    first = {}
    for report_id, created_at in ReportEvent.objects.filter(action="inlamnad").values_list(
        "report_id", "created_at"
    ):
        if report_id not in first or created_at < first[report_id]:
            first[report_id] = created_at
    for report in Report.objects.filter(submitted_at__isnull=False).only("pk", "submitted_at"):
        report.first_submitted_at = first.get(report.pk, report.submitted_at)
        report.save(update_fields=["first_submitted_at"])
    for period in Period.objects.filter(deadline__lt=models.F("end")):
        period.deadline = period.end
        period.save(update_fields=["deadline"])


class Migration(migrations.Migration):
    dependencies = [("followup", "0011_figures_trustworthy")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

# Gives every goal and period made before owners existed an owner (the rule: give_owners).
# A migration of its own: PostgreSQL refuses to alter a table with pending trigger events in
# the same transaction as the update.

from django.db import migrations
from django.db.models import Count

FALLBACK_REGION = {"name": "Region för tidigare uppföljning", "code": "00"}


def give_owners(apps, schema_editor):
    """Every goal and period made before owners existed (indicators follow their goal) becomes
    the shared set of one region, so that every existing report keeps what it held: before
    this change every centre reported on every goal and in every period, as a region's shared
    set is reported on by all the region's centres.

    The region is the one with the most family centres (ties: the lowest id). A database
    without any region gets FALLBACK_REGION to hold them. An admin may then move a goal (with
    its indicators) or a period to a municipality in Django admin."""
    Goal = apps.get_model("followup", "Goal")
    Period = apps.get_model("followup", "Period")
    Region = apps.get_model("centres", "Region")
    orphans = [
        model.objects.filter(municipality__isnull=True, region__isnull=True)
        for model in (Goal, Period)
    ]
    if not any(q.exists() for q in orphans):
        return
    region = (
        Region.objects.annotate(centre_count=Count("municipalities__districts__centres"))
        .order_by("-centre_count", "pk")
        .first()
    )
    if region is None:
        region = Region.objects.get_or_create(
            code=FALLBACK_REGION["code"], defaults={"name": FALLBACK_REGION["name"]}
        )[0]
    for queryset in orphans:
        queryset.update(region=region)


class Migration(migrations.Migration):

    dependencies = [
        ("centres", "0002_history_profession_methodlabel"),
        ("followup", "0003_followup_owner"),
    ]

    operations = [
        migrations.RunPython(give_owners, migrations.RunPython.noop),
    ]

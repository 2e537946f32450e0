"""Template tags of the register: the classification badge (used wherever a centre appears,
also by other apps) and the start-page panel."""

from __future__ import annotations

from collections import Counter

from django import template
from django.db.models import Q
from django.utils import timezone

from centres.area import own_area, within
from centres.models import (
    Classification,
    ClassificationResult,
    District,
    FamilyCentre,
    stale_before,
)

register = template.Library()


@register.inclusion_tag("centres/_classification_badge.html")
def classification_badge(
    subject: ClassificationResult | FamilyCentre | str, show_missing: bool = False
) -> dict:
    """A centre's classification as a badge, optionally with the missing basverksamheter.

    `subject` is a ClassificationResult, a centre (its `result` from the view, its
    `classification` annotation, or else classified here) or a classification value.
    """
    if isinstance(subject, FamilyCentre):
        if hasattr(subject, "result"):
            subject = subject.result
        elif hasattr(subject, "classification"):
            subject = subject.classification
        else:
            subject = subject.classify()
    if isinstance(subject, ClassificationResult):
        return {
            "value": subject.value,
            "label": subject.label,
            "missing": subject.missing_names if show_missing else "",
        }
    value = Classification(subject)
    return {"value": value.value, "label": value.label, "missing": ""}


@register.inclusion_tag("centres/_home_panel_body.html", takes_context=True)
def register_home_panel(context) -> dict:
    """Counts of open centres by classification and the active districts without a
    familjecentral (rule 2 of DESIGN.md), in the user's own area (`centres.area`), and how many
    of its centres' facts are not confirmed for twelve months."""
    today = timezone.localdate()
    area = own_area(context["user"])
    # One read of the open centres with their classification: the area's own are counted, and
    # every centre of the area's districts tells which district has a familjecentral.
    centres = FamilyCentre.objects.open_on(today).with_classification(today)
    if area is not None:
        centres = centres.filter(
            Q(pk__in=area.centres.values("pk")) | Q(district__in=area.districts.values("pk"))
        )
        own = set(area.centres.values_list("pk", flat=True))
    rows = list(
        centres.order_by().values_list("pk", "district_id", "classification", "facts_confirmed_on")
    )
    mine = [row for row in rows if area is None or row[0] in own]
    counts = Counter(row[2] for row in mine)
    cutoff = stale_before(today)
    full = {row[1] for row in rows if row[2] == Classification.FAMILJECENTRAL}
    unmet = (
        within(District.objects.active_on(today), area, "districts")
        .exclude(pk__in=sorted(full))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    return {
        "in_area": area is not None,
        "total": sum(counts.values()),
        "familjecentraler": counts.get(Classification.FAMILJECENTRAL.value, 0),
        "liknande": counts.get(Classification.LIKNANDE.value, 0),
        "neither": counts.get(Classification.NEITHER.value, 0),
        "unmet_districts": list(unmet),
        # Whose facts nobody has confirmed for twelve months (or ever), in the user's area.
        "stale": sum(row[3] is None or row[3] <= cutoff for row in mine),
    }

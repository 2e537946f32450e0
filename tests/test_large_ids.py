"""Record numbers in pages stay machine-readable past 999.

Swedish number formatting is on (USE_THOUSAND_SEPARATOR), so a template that prints `{{ x.pk }}`
writes "1 234": a form posting it back is refused and a reference to an element id points
nowhere. On PostgreSQL numbers pass 999 soon (sequences never go back); a national register
starts there.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from coordination.models import Role
from followup.models import IndicatorKind, Report, Unit
from tests.conftest import login
from tests.factories import assign, make_centre, make_user
from tests.followup.factories import make_goal, make_indicator, make_period, make_report


def test_the_start_page_starts_a_report_for_a_centre_numbered_past_999(client, world, frozen_today):
    centre = make_centre("Storås familjecentral", world.angered, pk=1234)
    period = make_period(datetime.date(2026, 10, 1), deadline=datetime.date(2027, 1, 31), pk=5678)
    user = make_user("sam")
    assign(user, Role.SAMORDNARE, centre)

    home = login(client, user).get("/").content.decode()
    posted = dict(re.findall(r'name="(centre|period)" value="([^"]*)"', home))
    assert posted == {"centre": "1234", "period": "5678"}

    response = client.post(reverse("followup:report-create"), posted)
    report = Report.objects.get(centre=centre, period=period)
    assert response.status_code == 302
    assert response.url == reverse("followup:report-edit", args=[report.pk])


def test_the_report_form_calculates_from_indicators_numbered_past_999(client, world):
    goal = make_goal(pk=2001)
    offered = make_indicator("Erbjudna", goal, pk=1001, minimum=0)
    accepted = make_indicator("Accepterade", goal, pk=1002, minimum=0)
    make_indicator(
        "Andel",
        goal,
        pk=1003,
        unit=Unit.PERCENT,
        kind=IndicatorKind.CALCULATED,
        numerator=accepted,
        denominator=offered,
        factor=Decimal("100"),
    )
    report = make_report(world.hjallbo, make_period())

    page = login(client, world.alice).get(reverse("followup:report-edit", args=[report.pk]))
    html = page.content.decode()
    refs = re.findall(r'data-(?:numerator|denominator)="([^"]+)"', html)
    assert refs == ["id_number_1002", "id_number_1001"]
    for ref in refs:  # the live calculation finds the inputs it reads
        assert f'id="{ref}"' in html


ID_IN_TEMPLATE = re.compile(r"\{\{\s*[\w.]+\.(?:pk|id|\w+_id)\s*\}\}")


def test_no_template_prints_a_record_number_with_number_formatting():
    """The rule behind the two tests above, for every template: `|unlocalize` on ids."""
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}: {match}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for match in ID_IN_TEMPLATE.findall(path.read_text())
    ]
    assert offenders == []

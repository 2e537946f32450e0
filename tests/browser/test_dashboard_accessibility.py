"""The dashboards and the årsrapport in Chromium with axe-core: no violation of impact serious
or critical, at 1280 px and at 320 px, and nothing scrolls sideways on a phone."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page

from centres.models import Municipality
from coordination import demo as coordination_demo

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/uppfoljning/oversikt/",
    "/uppfoljning/oversikt/fullstandighet/",
    "/uppfoljning/oversikt/fullstandighet/?kind=kvartal&district={district}&period={period}",
    "/uppfoljning/oversikt/indikatorer/",
    "/uppfoljning/oversikt/mal/",
    "/uppfoljning/oversikt/tackning/",
    "/uppfoljning/oversikt/rackvidd/",
    "/uppfoljning/oversikt/ekonomi/",
    "/uppfoljning/arsrapport/",
    "/uppfoljning/arsrapport/kommun/{goteborg}/{year}/",
    "/tillganglighet/",
]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def _violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_dashboards_pass_axe_and_fit_a_phone(page: Page, live_server, browser_login, demo):
    from followup.models import Period

    goteborg = Municipality.objects.get(code="1480")
    quarter = Period.objects.filter(municipality=goteborg, locked=False).order_by("start").first()
    values = {
        "goteborg": goteborg.pk,
        "district": goteborg.districts.get(name="Angered").pk,
        "period": quarter.pk,
        "year": datetime.date.today().year,
    }
    browser_login(page, "koordinator.goteborg", password=coordination_demo.PASSWORD)
    problems = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            url = live_server.url + path.format(**values)
            page.goto(url)
            problems += [f"{width} px {path}: {v}" for v in _violations(page)]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{width} px {path}: scrolls sideways by {overflow} px")
            shots = Path(settings.BASE_DIR) / "tests" / "screenshots"
            shots.mkdir(exist_ok=True)
            name = path.strip("/").split("?")[0].replace("/", "-").replace("{", "").replace("}", "")
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    assert not problems, "\n".join(problems)


def test_report_statuses_have_their_colour_on_the_report_list(
    page: Page, live_server, browser_login, demo
):
    """The status badges (white text) once had no background outside the report page."""
    browser_login(page, "koordinator.goteborg", password=coordination_demo.PASSWORD)
    page.goto(f"{live_server.url}/uppfoljning/")
    badge = page.locator("[class*=report-status-]").first
    background = badge.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")

"""Every main page, as each demo user sees it (logged out too, Django admin's change forms
included), in Chromium with axe-core at 1280 px and at 320 px: no violation of impact serious
or critical, and nothing scrolls sideways on a phone. Screenshots of each page at both widths
go to tests/screenshots/ (git-ignored)."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from centres.models import District, FamilyCentre, MeetingPlace, Municipality
from coordination import demo as coordination_demo
from coordination.models import (
    Agreement,
    Assignment,
    CostEntry,
    Dilemma,
    Document,
    DocumentKind,
    Meeting,
    SteeringGroup,
    TrainingEvent,
)
from followup.models import Goal, Indicator, Period, PeriodKind, Report, ReportStatus

pytestmark = pytest.mark.browser

AXE_SOURCE = (Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js").read_text()
SHOTS = Path(settings.BASE_DIR) / "tests" / "screenshots"


def _first(queryset):
    obj = queryset.order_by("pk").first()
    assert obj is not None, f"the demo has no {queryset.model.__name__}"
    return obj


def _url(name: str, *args) -> str:
    return reverse(name, args=[a.pk if hasattr(a, "pk") else a for a in args])


def _goteborg():
    return Municipality.objects.get(code="1480")


def _hjallbo():
    return FamilyCentre.objects.get(name__startswith="Hjällbo")


def _logged_out() -> list[str]:
    return [_url("login"), _url("accessibility")]


def _samordnare() -> list[str]:
    hjallbo = _hjallbo()
    editable = _first(Report.objects.filter(centre=hjallbo, status=ReportStatus.DRAFT))
    return [
        "/",
        _url("centres:centre-list"),
        _url("centres:centre-detail", hjallbo),
        _url("centres:centre-edit", hjallbo),
        _url("centres:district-list"),
        _url("centres:district-detail", hjallbo.district),
        _url("centres:municipality-list"),
        _url("centres:municipality-detail", _goteborg()),
        _url("centres:method-list"),
        _url("centres:meeting-place-list"),
        _url("centres:meeting-place-detail", _first(MeetingPlace.objects)),
        _url("coordination:my-assignments"),
        _url("coordination:steering-group-list"),
        _url("coordination:steering-group-detail", _first(SteeringGroup.objects)),
        _url("coordination:meeting-list"),
        _url("coordination:meeting-detail", _first(Meeting.objects)),
        _url("coordination:dilemma-list"),
        _url("coordination:dilemma-detail", _first(Dilemma.objects)),
        _url("coordination:dilemma-create"),
        _url("coordination:training-list"),
        _url("coordination:training-detail", _first(TrainingEvent.objects)),
        _url("coordination:agreement-list"),
        _url("followup:report-list"),
        _url("followup:report-detail", editable),
        _url("followup:report-edit", editable),
        _url(
            "followup:report-edit",
            _first(
                Report.objects.filter(
                    centre=hjallbo,
                    period__kind=PeriodKind.SELF_ASSESSMENT,
                    status=ReportStatus.DRAFT,
                )
            ),
        ),
        _url(
            "followup:report-detail",
            _first(
                Report.objects.filter(
                    period__kind=PeriodKind.SELF_ASSESSMENT, status=ReportStatus.APPROVED
                )
            ),
        ),
        _url("followup:report-create"),
        _url("password_change"),
        _url("twofactor-overview"),
        _url("twofactor-setup"),
        _url("notifications:preferences"),
        _url("logout"),
    ]


def _processledare() -> list[str]:
    submitted = _first(
        Report.objects.filter(status=ReportStatus.SUBMITTED, centre__district__name="Nordost")
    )
    return [
        "/",
        _url("centres:centre-services", _hjallbo()),
        _url("centres:meeting-place-create"),
        _url("coordination:meeting-create"),
        _url("followup:report-review", submitted),
        _url("followup:report-list"),
        _url("followup:dashboard-index"),
    ]


def _koordinator_governance() -> list[str]:
    agreement = _first(Agreement.objects.filter(cost_entries__isnull=False).distinct())
    cost = _first(CostEntry.objects.filter(agreement=agreement))
    document = _first(Document.objects.filter(kind=DocumentKind.AVSIKTSFORKLARING))
    return [
        "/",
        _url("coordination:assignment-list"),
        _url("coordination:assignment-create"),
        _url("coordination:assignment-end", _first(Assignment.objects.filter(municipality=None))),
        _url("coordination:steering-group-create"),
        _url("coordination:steering-group-edit", _first(SteeringGroup.objects)),
        _url("coordination:agreement-budget", agreement),
        _url("coordination:meeting-create"),
        _url("coordination:meeting-edit", _first(Meeting.objects)),
        _url("coordination:training-create"),
        _url("coordination:training-edit", _first(TrainingEvent.objects)),
        _url("coordination:agreement-detail", agreement),
        _url("coordination:agreement-create"),
        _url("coordination:agreement-edit", agreement),
        _url("coordination:cost-create", agreement),
        _url("coordination:cost-edit", cost),
        _url("coordination:cost-delete", cost),
        _url("coordination:document-list"),
        _url("coordination:document-detail", document),
        _url("coordination:document-create"),
        _url("coordination:document-edit", document),
        _url("coordination:document-delete", document),
        _url(
            "coordination:steering-group-detail",
            _first(SteeringGroup.objects.filter(documents__isnull=False)),
        ),
        _url("coordination:my-assignments"),
        _url("centres:district-detail", District.objects.get(name="Angered")),
    ]


def _koordinator_followup() -> list[str]:
    goteborg = _goteborg()
    quarter = _first(Period.objects.filter(municipality=goteborg, locked=False))
    district = District.objects.get(name="Nordost")
    year = datetime.date.today().year
    calculated = Indicator.objects.filter(goal__municipality=goteborg, numerator__isnull=False)
    return [
        _url("followup:goal-list"),
        _url("followup:goal-create"),
        _url("followup:goal-edit", _first(Goal.objects.filter(municipality=goteborg))),
        _url("followup:indicator-list"),
        _url("followup:indicator-create"),
        _url("followup:indicator-edit", _first(calculated)),
        _url("followup:period-list"),
        _url("followup:period-create"),
        _url("followup:period-edit", quarter),
        _url("followup:period-lock", quarter),
        _url("followup:dashboard-index"),
        _url("followup:dashboard-completeness"),
        _url("followup:dashboard-completeness")
        + f"?kind=kvartal&district={district.pk}&period={quarter.pk}",
        _url("followup:dashboard-indicators"),
        # One indicator's chart with its axes, and several as small multiples.
        _url("followup:dashboard-indicators") + f"?indicator={_first(calculated).pk}",
        _url("followup:dashboard-indicators")
        + "?"
        + "&".join(
            f"indicators={i.pk}"
            for i in Indicator.objects.filter(goal__municipality=goteborg).order_by("pk")[:4]
        ),
        _url("followup:dashboard-goals"),
        _url("followup:dashboard-coverage"),
        _url("followup:dashboard-reach"),
        _url("followup:dashboard-economy"),
        _url("followup:dashboard-self-assessment"),
        _url("followup:dashboard-regional"),
        _url("followup:annual-report-index"),
        _url("followup:annual-report", "kommun", goteborg, year),
    ]


def _chef() -> list[str]:
    return ["/", _url("followup:dashboard-index"), _url("followup:dashboard-goals")]


def _regionkoordinator() -> list[str]:
    return [
        "/",
        _url("followup:goal-list"),
        _url("followup:period-list"),
        _url("followup:dashboard-regional"),
    ]


def _admin() -> list[str]:
    hjallbo = _hjallbo()
    admin_pages = [
        "/admin/",
        "/admin/centres/familycentre/",
        "/admin/centres/familycentre/add/",
        f"/admin/centres/familycentre/{hjallbo.pk}/change/",
        f"/admin/centres/familycentre/{hjallbo.pk}/history/",
        f"/admin/centres/district/{hjallbo.district.pk}/change/",
        f"/admin/centres/municipality/{_goteborg().pk}/change/",
        "/admin/coordination/assignment/add/",
        f"/admin/coordination/agreement/{_first(Agreement.objects).pk}/change/",
        f"/admin/coordination/steeringgroup/{_first(SteeringGroup.objects).pk}/change/",
        f"/admin/coordination/meeting/{_first(Meeting.objects).pk}/change/",
        f"/admin/followup/goal/{_first(Goal.objects).pk}/change/",
        f"/admin/followup/indicator/{_first(Indicator.objects).pk}/change/",
        f"/admin/followup/period/{_first(Period.objects).pk}/change/",
        f"/admin/followup/report/{_first(Report.objects).pk}/change/",
        f"/admin/auth/user/{get_user_model().objects.get(username='admin').pk}/change/",
    ]
    return ["/", *admin_pages]


# (who, which pages): the logged-out visitor and each demo role; the koordinator's many pages
# in two parts, so that the two test workers share the work.
ROLES: list[tuple[str, Callable[[], list[str]]]] = [
    ("", _logged_out),
    ("samordnare.hjallbo", _samordnare),
    ("processledare.nordost", _processledare),
    ("koordinator.goteborg", _koordinator_governance),
    ("koordinator.goteborg", _koordinator_followup),
    ("chef.goteborg", _chef),
    ("koordinator.vgr", _regionkoordinator),
    ("admin", _admin),
]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def _violations(page: Page, csp_violations: list[str]) -> list[str]:
    # Evaluated through the browser's debugging protocol: a <script> tag added to the page
    # would be (rightly) refused by the portal's Content Security Policy.
    before = len(csp_violations)
    page.evaluate(AXE_SOURCE)
    # Only violations are needed: axe then skips building the (much longer) list of passes.
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    page.evaluate("() => 0")  # a round trip, so the console has told us everything
    # While it measures, axe adds a <style> element of its own, which the policy refuses:
    # that is the tool, not the portal.
    del csp_violations[before:]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _shot_name(username: str, path: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", path.split("?")[0].lower()).strip("-") or "start"
    return f"{username or 'utloggad'}--{name}"


@pytest.mark.parametrize(
    ("username", "pages"), ROLES, ids=[f"{u or 'utloggad'}-{p.__name__}" for u, p in ROLES]
)
def test_every_page_passes_axe_and_fits_a_phone(
    page: Page, live_server, browser_login, demo, csp_violations, username, pages
):
    paths = pages()
    if username:
        browser_login(page, username, password=coordination_demo.PASSWORD)
    SHOTS.mkdir(exist_ok=True)
    problems = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(live_server.url + path)
            if response is None or response.status != 200:
                problems.append(f"{width} px {path}: answered {response and response.status}")
                continue
            problems += [f"{width} px {path}: {v}" for v in _violations(page, csp_violations)]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{width} px {path}: scrolls sideways by {overflow} px")
            name = _shot_name(username, path)
            page.screenshot(
                path=str(SHOTS / f"{name}-{width}.jpeg"), full_page=True, type="jpeg", quality=70
            )
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


def test_the_report_list_shows_status_and_submission_on_a_phone(
    page: Page, live_server, browser_login, demo
):
    """At 320 px the status and submitted columns were off-screen, behind the district: on a
    phone the period and the district go under the centre and the submission date under the
    status."""
    browser_login(page, "processledare.nordost", password=coordination_demo.PASSWORD)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/uppfoljning/?status=inlamnad")
    status = page.locator("tbody tr").first.locator("td").nth(3)
    expect(status).to_contain_text(re.compile(r"Inlämnad.*inlämnad \d{4}-\d{2}-\d{2}", re.S))
    box = status.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 320
    centre = page.locator("tbody tr").first.locator("td").nth(1)
    expect(centre.locator("span").first).to_be_visible()
    expect(centre.locator("span").first).to_contain_text(re.compile(r"\d{4}"))

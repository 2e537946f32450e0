"""The long report form by keyboard alone: a samordnare starts and files a report without the
mouse, no focused field ends up under the sticky save bar (on a laptop and on a phone), and a
failed save moves focus to an error summary whose links lead to the fields."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from followup.models import Report, ReportStatus
from tests.conftest import build_world
from tests.followup.factories import make_goal, make_indicator, make_period

pytestmark = pytest.mark.browser

GOALS, PER_GOAL = 3, 12  # 36 values, each with number, status and comment: over 100 fields


@pytest.fixture
def world(transactional_db):
    w = build_world()
    w.indicators = []
    for g in range(GOALS):
        goal = make_goal(f"Mål {g + 1}", code=f"M{g + 1}", order=g)
        for i in range(PER_GOAL):
            w.indicators.append(
                make_indicator(f"Indikator {g + 1}.{i + 1}", goal, code=f"I{g}-{i}", order=i)
            )
    # Submitted before the quarter has ended: the koordinator allowed it (issue 19).
    w.period = make_period(
        datetime.date(2026, 10, 1), deadline=datetime.date(2027, 1, 31), early_submission=True
    )
    return w


HIDDEN_FOCUS = """() => {
  const el = document.activeElement;
  const bar = document.querySelector(".report-actions");
  if (!el || !bar || bar.contains(el) || !el.closest(".report-form")) return null;
  const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
  const covered = r.bottom > b.top && r.top < b.bottom;
  return covered || r.top < 0 ? (el.id || el.name) : null;
}"""


def _tab_to(page: Page, name: str, limit: int = 400) -> None:
    """Press Tab until the focused element is the button or link called `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with Tab")


def _start_report(page: Page) -> None:
    _tab_to(page, "Påbörja rapporten")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hjällbo familjecentral, 2026 kvartal 4"
    )


def test_a_samordnare_files_a_report_with_the_keyboard_alone(
    page: Page, live_server, browser_login, world
):
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_login(page, "alice")
    _start_report(page)

    hidden, typed = [], 0
    for _ in range(600):
        page.keyboard.press("Tab")
        if problem := page.evaluate(HIDDEN_FOCUS):
            hidden.append(problem)
        focused = page.evaluate("() => [document.activeElement.id, document.activeElement.type]")
        if focused[0].startswith("id_number_"):
            page.keyboard.type("12")
            typed += 1
        elif focused[0] in ("id_children_views_gathered_0", "id_parents_views_gathered_0"):
            page.keyboard.press("ArrowDown")  # Nej
        elif focused[0].startswith("id_goal_status_"):
            page.keyboard.press("Home")  # Uppfyllt: a report assesses at least one goal
        elif focused[0].startswith("id_goal_analysis_"):
            page.keyboard.type("Målet nåddes.")
        elif page.evaluate("() => document.activeElement.textContent.trim()") == (
            "Spara och lämna in för granskning"
        ):
            break
    assert hidden == []
    assert typed == GOALS * PER_GOAL

    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Rapporten lämnades in för granskning.")).to_be_visible()
    report = Report.objects.get(centre=world.hjallbo, period=world.period)
    assert report.status == ReportStatus.SUBMITTED
    assert report.values.filter(number=12).count() == GOALS * PER_GOAL


def test_no_focused_field_hides_under_the_save_bar_on_a_phone(
    page: Page, live_server, browser_login, world
):
    page.set_viewport_size({"width": 375, "height": 667})
    browser_login(page, "alice")
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Påbörja rapporten").click()
    page.get_by_label("Indikator 1.1 (antal)").focus()

    hidden = []
    for _ in range(GOALS * PER_GOAL * 3 + 12):
        page.keyboard.press("Tab")
        if problem := page.evaluate(HIDDEN_FOCUS):
            hidden.append(problem)
    assert hidden == []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375


def test_a_failed_save_moves_focus_to_a_summary_that_leads_to_the_field(
    page: Page, live_server, browser_login, world
):
    browser_login(page, "alice")
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Påbörja rapporten").click()
    last = world.indicators[-1]
    page.get_by_label(f"{last.name} (antal)").fill("tolv")
    page.get_by_label("Indikator 1.1 (antal)").fill("7")
    page.get_by_role("button", name="Spara utkast").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(
        "(1 fel) Redigera: Hjällbo familjecentral, 2026 kvartal 4 – Familjecentralsportalen"
    )
    expect(page.get_by_label("Indikator 1.1 (antal)")).to_have_value("7")  # nothing is lost

    summary.get_by_role("link", name=f"{last.name} (antal)").click()
    field = page.get_by_label(f"{last.name} (antal)")
    expect(field).to_be_focused()
    expect(field).to_have_value("tolv")
    assert page.evaluate(HIDDEN_FOCUS) is None

"""The report form: the last day on time above it, and a missing or tampered hidden version
that says so and loses nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from followup.models import ReportStatus, Unit, Value
from tests.conftest import login
from tests.followup.factories import (
    make_goal,
    make_indicator,
    make_indicator_set,
    make_period,
    make_report,
)


@pytest.mark.parametrize("version", ["abc", "", None])
def test_it_says_the_form_is_out_of_date_when_the_version_is_tampered(client, world, version):
    s = make_indicator_set()
    report = make_report(world.hjallbo, make_period())
    data = {
        f"number_{s.visits.pk}": "1 234",
        f"status_{s.visits.pk}": "rapporterad",
        f"comment_{s.visits.pk}": "Sommarstängt i juli.",
        f"goal_status_{s.goal.pk}": "uppfyllt",
        "development_areas": "Nå fler pappor.",
        "save": "",
    }
    if version is not None:
        data["version"] = version
    login(client, world.alice)
    response = client.post(reverse("followup:report-edit", args=[report.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret är inaktuellt. Ladda om sidan och försök igen." in page
    assert 'value="1 234"' in page
    assert "Sommarstängt i juli." in page and "Nå fler pappor." in page
    report.refresh_from_db()
    assert report.version == 1 and report.development_areas == ""
    assert not Value.objects.filter(report=report).exists()


def test_it_shows_the_last_day_on_time_above_the_form(client, world):
    period = make_period(
        datetime.date(2026, 7, 1), deadline=datetime.date(2026, 10, 31), grace_days=7
    )
    report = make_report(world.hjallbo, period)
    login(client, world.alice)
    page = client.get(reverse("followup:report-edit", args=[report.pk])).content.decode()
    assert "Sista dag: 7 november 2026." in page


def test_the_form_reads_in_a_number_of_queries_that_does_not_grow_with_the_indicators(
    client, world, django_assert_max_num_queries
):
    # More goals, indicators, targets and earlier figures cost no more queries on the form.
    from tests.followup.factories import make_goal, make_indicator, set_value

    s = make_indicator_set()
    earlier = make_report(world.hjallbo, make_period(datetime.date(2026, 4, 1)))
    report = make_report(world.hjallbo, make_period())
    url = reverse("followup:report-edit", args=[report.pk])
    login(client, world.alice)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        goal = make_goal(f"Mål {i}", code=f"M-{i}")
        for j in range(3):
            indicator = make_indicator(f"Indikator {i}.{j}", goal, code=f"I-{i}-{j}")
            set_value(earlier, indicator, j)
            set_value(report, indicator, j + 1)
    set_value(earlier, s.visits, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Indikator 5.2" in page and 'name="number_' in page


# --- Issue 19, items 7 and 8: what a report asks for, and plausibility on entry -------------
#
# On the `figures` fixture (TODAY 2026-11-23): Göteborg's 2026 Q4 (1 October – 31 December)
# has not ended; Hjällbo's approved 2026 Q3 figure of Förstagångsbesök (FORSTA, a count) is 85.


def _q4(figures, status=ReportStatus.DRAFT, centre=None):
    return make_report(centre or figures.world.hjallbo, figures.quarters[2026, 4], status)


def _edit(report) -> str:
    return reverse("followup:report-edit", args=[report.pk])


def _post(figures, report, *, forsta="90", submit=True, **fields) -> dict:
    """Hjällbo's 2026 Q4 report filled in: `forsta` as typed, the goal assessed."""
    f = figures
    data = {
        "version": report.version,
        f"number_{f.forsta.pk}": forsta,
        f"status_{f.forsta.pk}": "rapporterad",
        f"number_{f.utbildad.pk}": "1",
        f"status_{f.utbildad.pk}": "rapporterad",
        f"goal_status_{f.goal.pk}": "uppfyllt",
        f"goal_analysis_{f.goal.pk}": "Fler förstagångsbesök.",
        "children_views_gathered": "0",
        "parents_views_gathered": "0",
        "submit" if submit else "save": "",
    }
    data.update(fields)
    return data


def _allow_early(figures) -> None:
    figures.quarters[2026, 4].early_submission = True
    figures.quarters[2026, 4].save(update_fields=["early_submission"])


def test_next_years_goal_and_an_ended_indicator_are_not_in_this_years_reports(
    client, world, figures, frozen_today
):
    # Item 7: a goal valid from 2027 and its indicator, and an indicator valid to the end of
    # 2026 Q3, are asked for neither in Hjällbo's open 2026 Q4 report nor in Kungssten's
    # returned one; the 2027 goal is in 2027 Q1.
    f = figures
    goal = make_goal(
        "Stärka föräldraskapet",
        code="M27",
        municipality=world.goteborg,
        valid_from=datetime.date(2027, 1, 1),
    )
    make_indicator("Föräldragrupper", goal, code="FG27", period_kind="kvartal")
    make_indicator(
        "Sommaröppet",
        f.goal,
        code="SOMMAR",
        period_kind="kvartal",
        valid_to=datetime.date(2026, 9, 30),
    )
    report = _q4(f)
    login(client, world.alice)
    for status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        report.status = status
        report.save(update_fields=["status"])
        page = client.get(_edit(report)).content.decode()
        assert "Förstagångsbesök" in page
        assert "Stärka föräldraskapet" not in page and "Föräldragrupper" not in page
        assert "Sommaröppet" not in page
    q1_2027 = make_period(
        datetime.date(2027, 1, 1), datetime.date(2027, 3, 31), municipality=world.goteborg
    )
    login(client, world.alice)
    page = client.get(_edit(make_report(world.hjallbo, q1_2027))).content.decode()
    assert "Stärka föräldraskapet" in page and "Föräldragrupper" in page
    assert "Sommaröppet" not in page


def test_decimal_commas_are_read_and_shown_back_with_a_comma(client, world, figures):
    # Item 8a: "3,8" hours is 3.8, not 38; shown back as typed.
    f = figures
    hours = make_indicator(
        "Öppettimmar per vecka", f.goal, code="TIMMAR", unit=Unit.HOURS, period_kind="kvartal"
    )
    report = _q4(f)
    login(client, world.alice)
    response = client.post(
        _edit(report),
        _post(
            f,
            report,
            submit=False,
            **{f"number_{hours.pk}": "3,8", f"status_{hours.pk}": "rapporterad"},
        ),
    )
    assert response.status_code == 302
    assert Value.objects.get(report=report, indicator=hours).number == Decimal("3.8")
    page = client.get(_edit(report)).content.decode()
    assert 'value="3,8"' in page and 'value="38"' not in page
    assert f'name="number_{hours.pk}"' in page and 'type="number"' not in page
    assert 'inputmode="decimal"' in page


def test_staffing_in_full_time_equivalents_takes_a_fraction_and_adds_up(client, world, figures):
    # Årsarbetare are not a head count: "2,5" is a figure, saved as 2.5, shown as "2,5 åa"
    # and summed over centres like a count.
    f = figures
    fte = make_indicator(
        "Bemanning (årsarbetare)", f.goal, code="PERS", unit=Unit.FTE, period_kind="kvartal"
    )
    report = _q4(f)
    login(client, world.alice)
    response = client.post(
        _edit(report),
        _post(
            f,
            report,
            submit=False,
            **{f"number_{fte.pk}": "2,5", f"status_{fte.pk}": "rapporterad"},
        ),
    )
    assert response.status_code == 302
    assert Value.objects.get(report=report, indicator=fte).number == Decimal("2.5")
    assert fte.is_additive and fte.display(Decimal("2.5")) == "2,5 åa"


def test_a_count_takes_whole_numbers_and_bad_input_is_kept_with_a_swedish_message(
    client, world, figures
):
    # Item 8a–b: "3,5" first visits is refused (a count); "tre" is not a number; both stay
    # in their boxes and nothing is saved.
    f = figures
    hours = make_indicator(
        "Öppettimmar per vecka", f.goal, code="TIMMAR", unit=Unit.HOURS, period_kind="kvartal"
    )
    report = _q4(f)
    login(client, world.alice)
    response = client.post(
        _edit(report), _post(f, report, forsta="3,5", submit=False, **{f"number_{hours.pk}": "tre"})
    )
    page = response.content.decode()
    assert "Ett antal är ett heltal, t.ex. 12." in page
    assert "Ange ett tal, t.ex. 12 eller 12,5." in page
    assert 'value="3,5"' in page and 'value="tre"' in page
    assert not Value.objects.filter(report=report).exists()


def test_a_report_is_submitted_once_its_period_has_ended_unless_early_submission_is_allowed(
    client, world, figures, frozen_today
):
    # Item 8d: 2026 Q4 ends 31 December 2026; on 23 November its report is saved but not
    # submitted, and the form says from when it can be.
    f = figures
    report = _q4(f)
    login(client, world.alice)
    page = client.get(_edit(report)).content.decode()
    assert "Rapporten kan lämnas in från den 1 januari 2027, när perioden har slutat." in page
    assert 'name="submit"' not in page
    page = client.post(_edit(report), _post(f, report)).content.decode()
    assert (
        "Perioden slutar den 31 december 2026: rapporten kan sparas nu och lämnas in från den "
        "1 januari 2027." in page
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.values.get(indicator=f.forsta).number == Decimal("90")  # saved as a draft

    _allow_early(f)
    page = client.get(_edit(report)).content.decode()
    assert 'name="submit"' in page and "Rapporten kan lämnas in från den" not in page
    response = client.post(_edit(report), _post(f, report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_report_with_every_goal_ej_bedomt_is_not_submitted(client, world, figures, frozen_today):
    # Item 8e.
    f = figures
    _allow_early(f)
    report = _q4(f)
    login(client, world.alice)
    page = client.post(
        _edit(report), _post(f, report, **{f"goal_status_{f.goal.pk}": "ej-bedomt"})
    ).content.decode()
    assert "Bedöm minst ett mål: en rapport där alla mål är Ej bedömt kan inte lämnas in." in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.parametrize(
    ("typed", "warned"),
    [
        # Hjällbo's 2026 Q3 figure is 85; the factor 3 (the default).
        ("256", True),  # 256 > 85 × 3 = 255
        ("255", False),  # 255 = 85 × 3: not more than
        ("29", False),  # 29 × 3 = 87 ≥ 85
        ("28", True),  # 28 × 3 = 84 < 85
    ],
)
def test_a_figure_far_from_last_periods_asks_whether_it_is_right(
    client, world, figures, frozen_today, typed, warned
):
    # Item 8f: a warning on the field and a confirmation, never a block.
    f = figures
    _allow_early(f)
    report = _q4(f)
    login(client, world.alice)
    response = client.post(_edit(report), _post(f, report, forsta=typed))
    report.refresh_from_db()
    if not warned:
        assert response.status_code == 302
        assert report.status == ReportStatus.SUBMITTED
        return
    page = response.content.decode()
    assert report.status == ReportStatus.DRAFT
    assert report.values.get(indicator=f.forsta).number == Decimal(typed)  # kept as a draft
    message = (
        "Stämmer siffran? Förra perioden var den 85: den här är mer än 3 gånger större eller "
        "mindre."
    )
    assert message in page
    assert 'data-testid="figure-warning-FORSTA"' in page
    assert "Siffrorna stämmer: lämna in rapporten med dem." in page
    token = f"number_{f.forsta.pk}={typed}"
    assert f'name="confirm_figures" value="{token}"' in page
    # Confirmed: submitted as it is.
    response = client.post(_edit(report), _post(f, report, forsta=typed, confirm_figures=token))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.values.get(indicator=f.forsta).number == Decimal(typed)


def test_a_confirmation_does_not_carry_over_to_a_figure_changed_since(
    client, world, figures, frozen_today
):
    f = figures
    _allow_early(f)
    report = _q4(f)
    login(client, world.alice)
    client.post(_edit(report), _post(f, report, forsta="256"))
    report.refresh_from_db()
    confirmed_256 = f"number_{f.forsta.pk}=256"
    page = client.post(
        _edit(report), _post(f, report, forsta="400", confirm_figures=confirmed_256)
    ).content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert f'name="confirm_figures" value="number_{f.forsta.pk}=400"' in page


def test_the_plausibility_factor_is_a_setting(client, world, figures, frozen_today, settings):
    # 256 ≤ 85 × 4 = 340: no question with the factor 4.
    settings.FOLLOWUP_PLAUSIBILITY_FACTOR = 4
    f = figures
    _allow_early(f)
    report = _q4(f)
    login(client, world.alice)
    response = client.post(_edit(report), _post(f, report, forsta="256"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

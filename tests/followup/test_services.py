"""The report workflow in followup.services: every transition, who may make it, and its rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from followup import services
from followup.models import Report, ReportAction, ReportStatus, Value, ValueStatus, field_key
from tests.followup.factories import (
    complete_data,
    make_indicator_set,
    make_period,
    make_report,
    set_value,
)

EDITORS = {"alice", "bob", "charlie", "admin"}
REVIEWERS = {"bob", "charlie", "admin"}
CAST = ["alice", "bob", "charlie", "diana", "eve", "frank", "admin"]


@pytest.fixture
def s(world):
    s = make_indicator_set()
    s.period = make_period()
    return s


def _draft(w, s, status=ReportStatus.DRAFT):
    report = make_report(w.hjallbo, s.period, status)
    return report


@pytest.mark.parametrize("who", CAST)
def test_it_lets_only_editors_save_and_submit(world, s, who):
    report = _draft(world, s)
    user = getattr(world, who)
    if who in EDITORS:
        services.report_save_draft(
            report=report, user=user, data=complete_data(s), version=report.version
        )
        services.report_submit(report=report, user=user)
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED
        assert report.submitted_by == user
        assert list(report.events.values_list("action", flat=True)) == [
            ReportAction.SUBMITTED,
            ReportAction.SAVED,
        ]
    else:
        with pytest.raises(PermissionDenied):
            services.report_save_draft(
                report=report, user=user, data=complete_data(s), version=report.version
            )
        with pytest.raises(PermissionDenied):
            services.report_submit(report=report, user=user)
        assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "step, start, end",
    [
        ("approve", ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        ("return", ReportStatus.SUBMITTED, ReportStatus.RETURNED),
        ("reopen", ReportStatus.APPROVED, ReportStatus.DRAFT),
    ],
)
def test_it_lets_only_reviewers_approve_return_and_reopen(world, s, who, step, start, end):
    report = _draft(world, s, start)
    user = getattr(world, who)
    call = getattr(services, f"report_{step}")
    kwargs = {} if step == "approve" else {"reason": "Siffrorna för hembesök saknas."}
    if who in REVIEWERS:
        call(report=report, user=user, **kwargs)
        report.refresh_from_db()
        assert report.status == end
        event = report.events.get()
        assert (event.user, event.from_status, event.to_status) == (user, start, end)
        assert event.reason == kwargs.get("reason", "")
    else:
        with pytest.raises(PermissionDenied):
            call(report=report, user=user, **kwargs)
        assert Report.objects.get(pk=report.pk).status == start


def test_it_lets_a_samordnare_edit_and_resubmit_a_returned_report(world, s):
    report = _draft(world, s, ReportStatus.RETURNED)
    services.report_save_draft(
        report=report, user=world.alice, data=complete_data(s), version=report.version
    )
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    services.report_submit(report=report, user=world.alice)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.return_reason == "Komplettera besöken."  # still there to read


@pytest.mark.parametrize("who", CAST)
def test_it_makes_a_returned_report_a_draft_again_on_its_first_save(world, s, who):
    report = _draft(world, s, ReportStatus.SUBMITTED)
    services.report_return(report=report, user=world.bob, reason="Besöken saknas.")
    user = getattr(world, who)
    if who not in EDITORS:
        with pytest.raises(PermissionDenied):
            services.report_save_draft(
                report=report, user=user, data=complete_data(s), version=report.version
            )
        assert Report.objects.get(pk=report.pk).status == ReportStatus.RETURNED
        return
    services.report_save_draft(
        report=report, user=user, data=complete_data(s), version=report.version
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    saved, returned = report.events.all()[:2]
    assert (saved.action, saved.user, saved.from_status, saved.to_status) == (
        ReportAction.SAVED,
        user,
        ReportStatus.RETURNED,
        ReportStatus.DRAFT,
    )
    assert returned.reason == "Besöken saknas."
    # Saving again is an ordinary save of a draft.
    services.report_save_draft(
        report=report,
        user=user,
        data=complete_data(s, development_areas="Fler pappor."),
        version=report.version,
    )
    assert report.events.first().from_status == ReportStatus.DRAFT


def test_it_records_the_way_back_to_draft_even_when_nothing_was_changed(world, s):
    report = _draft(world, s, ReportStatus.RETURNED)
    services.report_save_draft(report=report, user=world.alice, data={}, version=report.version)
    event = report.events.get()
    assert (event.from_status, event.to_status, event.changes) == (
        ReportStatus.RETURNED,
        ReportStatus.DRAFT,
        [],
    )


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_it_refuses_to_change_a_submitted_or_approved_report(world, s, status):
    report = _draft(world, s, status)
    with pytest.raises(ValidationError, match="endast ett utkast"):
        services.report_save_draft(
            report=report, user=world.alice, data=complete_data(s), version=report.version
        )


@pytest.mark.parametrize("step", ["approve", "return"])
def test_it_refuses_to_review_a_draft(world, s, step):
    report = _draft(world, s)
    kwargs = {} if step == "approve" else {"reason": "x"}
    with pytest.raises(ValidationError):
        getattr(services, f"report_{step}")(report=report, user=world.bob, **kwargs)


@pytest.mark.parametrize("step", ["return", "reopen"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_it_requires_a_reason_to_return_or_reopen(world, s, step, reason):
    start = ReportStatus.SUBMITTED if step == "return" else ReportStatus.APPROVED
    report = _draft(world, s, start)
    with pytest.raises(ValidationError) as info:
        getattr(services, f"report_{step}")(report=report, user=world.bob, reason=reason)
    assert "Ange ett skäl" in info.value.message_dict["reason"][0]
    assert Report.objects.get(pk=report.pk).status == start


@pytest.mark.parametrize(
    "status, call",
    [
        (ReportStatus.DRAFT, "save"),
        (ReportStatus.DRAFT, "submit"),
        (ReportStatus.SUBMITTED, "approve"),
        (ReportStatus.SUBMITTED, "return"),
        (ReportStatus.APPROVED, "reopen"),
    ],
)
def test_it_refuses_every_change_in_a_locked_period(world, s, status, call):
    report = _draft(world, s, status)
    s.period.locked = True
    s.period.save()
    report.refresh_from_db()
    kwargs = {
        "save": {"data": complete_data(s), "version": report.version},
        "return": {"reason": "x"},
        "reopen": {"reason": "x"},
    }.get(call, {})
    fn = getattr(services, "report_save_draft" if call == "save" else f"report_{call}")
    with pytest.raises(ValidationError, match="är låst"):
        fn(report=report, user=world.admin, **kwargs)
    assert Report.objects.get(pk=report.pk).status == status
    assert not Value.objects.exists()


def test_it_refuses_a_stale_version_and_writes_nothing(world, s):
    report = _draft(world, s)
    opened = report.version
    services.report_save_draft(
        report=report, user=world.alice, data=complete_data(s), version=opened
    )
    other = complete_data(s)
    other["values"][s.visits.pk]["number"] = Decimal("999")
    with pytest.raises(services.ConflictError) as info:
        services.report_save_draft(report=report, user=world.bob, data=other, version=opened)
    assert (info.value.yours, info.value.saved) == (opened, opened + 1)
    assert Value.objects.get(indicator=s.visits).number == Decimal("120")


def test_it_computes_calculated_values_on_save(world, s):
    report = _draft(world, s)
    services.report_save_draft(
        report=report, user=world.alice, data=complete_data(s), version=report.version
    )
    assert Value.objects.get(report=report, indicator=s.rate).number == Decimal("80.0")


def test_it_ignores_a_calculated_value_sent_by_the_browser(world, s):
    report = _draft(world, s)
    data = complete_data(s)
    data["values"][s.rate.pk] = {"number": Decimal("3"), "status": "rapporterad", "comment": ""}
    services.report_save_draft(report=report, user=world.alice, data=data, version=report.version)
    assert Value.objects.get(report=report, indicator=s.rate).number == Decimal("80.0")


def _submit_errors(world, s, report, **overrides) -> dict:
    data = complete_data(s, **overrides)
    services.report_save_draft(report=report, user=world.alice, data=data, version=report.version)
    with pytest.raises(ValidationError) as info:
        services.report_submit(report=report, user=world.alice)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    return info.value.message_dict


def test_it_names_a_zero_denominator_next_to_the_calculated_field(world, s):
    report = _draft(world, s)
    values = complete_data(s)["values"]
    values[s.offered.pk]["number"] = Decimal("0")
    values[s.accepted.pk]["number"] = Decimal("0")
    errors = _submit_errors(world, s, report, values=values)
    assert "Kan inte beräknas" in errors[field_key("number", s.rate.pk)][0]
    assert "Hembesök erbjudna" in errors[field_key("number", s.rate.pk)][0]
    assert Value.objects.get(report=report, indicator=s.rate).number is None


def test_it_carries_ej_aktuellt_from_a_part_to_the_calculated_value(world, s):
    report = _draft(world, s)
    values = complete_data(s)["values"]
    values[s.offered.pk] = {"number": None, "status": ValueStatus.NOT_APPLICABLE, "comment": ""}
    services.report_save_draft(
        report=report, user=world.alice, data=complete_data(s, values=values), version=1
    )
    rate = Value.objects.get(report=report, indicator=s.rate)
    assert (rate.number, rate.status) == (None, ValueStatus.NOT_APPLICABLE)
    services.report_submit(report=report, user=world.alice)


def test_it_requires_required_values_or_an_explicit_status(world, s):
    report = _draft(world, s)
    values = complete_data(s)["values"]
    values[s.visits.pk]["number"] = None
    errors = _submit_errors(world, s, report, values=values)
    assert errors[field_key("number", s.visits.pk)] == [
        "Ange ett värde, eller markera det som ej aktuellt eller uppgift saknas."
    ]


def test_it_accepts_uppgift_saknas_for_a_required_value_and_keeps_it_apart_from_zero(world, s):
    report = _draft(world, s)
    values = complete_data(s)["values"]
    values[s.visits.pk] = {"number": None, "status": ValueStatus.NOT_AVAILABLE, "comment": ""}
    services.report_save_draft(
        report=report, user=world.alice, data=complete_data(s, values=values), version=1
    )
    services.report_submit(report=report, user=world.alice)
    visits = Value.objects.get(report=report, indicator=s.visits)
    assert (visits.number, visits.status) == (None, ValueStatus.NOT_AVAILABLE)


def test_it_names_values_out_of_range(world, s):
    report = _draft(world, s)
    values = complete_data(s)["values"]
    values[s.visits.pk]["number"] = Decimal("-5")
    values[s.accepted.pk]["number"] = Decimal("12")  # 12 of 10 offered: 120 %
    errors = _submit_errors(world, s, report, values=values)
    assert errors[field_key("number", s.visits.pk)] == ["Värdet måste vara minst 0."]
    assert "120 %" in errors[field_key("number", s.rate.pk)][0]
    assert "över maxvärdet 100 %" in errors[field_key("number", s.rate.pk)][0]


def test_it_requires_the_barnrattsperspektiv_answers(world, s):
    report = _draft(world, s)
    errors = _submit_errors(
        world, s, report, children_views_gathered=None, parents_views_gathered=True
    )
    assert errors["children_views_gathered"] == ["Svara på om barnens synpunkter har inhämtats."]
    assert errors["parents_views_how"] == ["Beskriv hur synpunkterna inhämtades."]


def test_it_requires_an_analysis_for_an_assessed_goal(world, s):
    report = _draft(world, s)
    errors = _submit_errors(
        world,
        s,
        report,
        assessments={s.goal.pk: {"status": "delvis", "analysis": "", "next_steps": ""}},
    )
    assert errors[field_key("goal_analysis", s.goal.pk)] == ["Skriv en analys av er bedömning."]


def test_it_records_what_a_save_changed(world, s):
    report = _draft(world, s)
    services.report_save_draft(report=report, user=world.alice, data=complete_data(s), version=1)
    values = complete_data(s)["values"]
    values[s.visits.pk]["number"] = Decimal("130")
    services.report_save_draft(
        report=report, user=world.bob, data=complete_data(s, values=values), version=2
    )
    event = report.events.first()
    assert event.user == world.bob
    assert event.changes == [{"field": "Besök barn", "old": "120", "new": "130"}]
    assert Value.objects.get(indicator=s.visits).history.count() == 2


def test_it_creates_a_report_once_per_centre_and_period(world, s):
    first = services.report_create(centre=world.hjallbo, period=s.period, user=world.alice)
    again = services.report_create(centre=world.hjallbo, period=s.period, user=world.bob)
    assert first == again
    assert first.events.get().action == ReportAction.CREATED


def test_it_refuses_to_create_a_report_for_a_centre_closed_during_the_period(world, s):
    world.kungssten.closed_on = datetime.date(2026, 6, 30)
    world.kungssten.save()
    with pytest.raises(ValidationError, match="inte öppen"):
        services.report_create(centre=world.kungssten, period=s.period, user=world.charlie)


def test_it_refuses_to_create_a_report_outside_the_users_scope(world, s):
    with pytest.raises(PermissionDenied):
        services.report_create(centre=world.hjallbo, period=s.period, user=world.eve)


# --- Issue 19, item 8: plausibility on entry, in the services -------------------------------


def _save(report, user, data):
    return services.report_save_draft(report=report, user=user, data=data, version=report.version)


def test_a_count_is_submitted_as_a_whole_number_only(world, s):
    # Visits are a count: 120,5 visits is refused on submit (a draft saved by other means).
    report = _draft(world, s)
    data = complete_data(s)
    data["values"][s.visits.pk]["number"] = Decimal("120.5")
    _save(report, world.alice, data)
    with pytest.raises(ValidationError) as e:
        services.report_submit(report=report, user=world.alice)
    assert e.value.message_dict == {
        field_key("number", s.visits.pk): ["Ett antal är ett heltal, t.ex. 12."]
    }


def test_it_refuses_a_report_whose_goals_are_all_ej_bedomt(world, s):
    report = _draft(world, s)
    _save(report, world.alice, complete_data(s, assessments={}))
    with pytest.raises(ValidationError) as e:
        services.report_submit(report=report, user=world.alice)
    # Said on the first goal's assessment (M-STOD, then M-NATVERK by their order).
    assert e.value.message_dict == {
        field_key("goal_status", s.goal.pk): [
            "Bedöm minst ett mål: en rapport där alla mål är Ej bedömt kan inte lämnas in."
        ]
    }


def test_it_refuses_a_report_before_its_period_has_ended(world, s, frozen_today):
    # A quarter 1 October – 31 December 2026 on 23 November 2026: not yet.
    s.period = make_period(datetime.date(2026, 10, 1))
    report = _draft(world, s)
    _save(report, world.alice, complete_data(s))
    assert services.submission_opens(s.period) == datetime.date(2027, 1, 1)
    with pytest.raises(ValidationError) as e:
        services.report_submit(report=report, user=world.alice)
    assert e.value.message_dict == {
        "__all__": [
            "Perioden slutar den 31 december 2026: rapporten kan sparas nu och lämnas in från "
            "den 1 januari 2027."
        ]
    }
    s.period.early_submission = True
    s.period.save(update_fields=["early_submission"])
    report.refresh_from_db()
    assert services.submission_opens(report.period) is None
    services.report_submit(report=report, user=world.alice)
    assert report.status == ReportStatus.SUBMITTED


def test_it_warns_of_figures_far_from_the_centres_last_period(world, figures, frozen_today):
    # Hjällbo 2026 Q3: Förstagångsbesök 85 (approved). In 2026 Q4, with the factor 3:
    # 256 > 85 × 3 = 255 warns; a yes/no answer is never compared. Kungssten's Q3 figure is
    # 80: its 2026 Q4 figure 240 = 80 × 3 is not more than that and does not warn.
    f = figures
    q4 = f.quarters[2026, 4]
    hjallbo = make_report(world.hjallbo, q4)
    set_value(hjallbo, f.forsta, 256)
    set_value(hjallbo, f.utbildad, 1)
    warnings = services.plausibility_warnings(hjallbo)
    assert warnings == {
        field_key("number", f.forsta.pk): (
            "Stämmer siffran? Förra perioden var den 85: den här är mer än 3 gånger större "
            "eller mindre."
        )
    }
    assert services.warnings_token(hjallbo, warnings) == f"number_{f.forsta.pk}=256"
    kungssten = make_report(world.kungssten, q4)
    set_value(kungssten, f.forsta, 240)
    assert services.plausibility_warnings(kungssten) == {}
    # No figure last period to compare with: 2025 Q1 is the first quarter of the series.
    assert services.plausibility_warnings(f.reports[(2025, 1), "hjallbo"]) == {}

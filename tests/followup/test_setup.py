"""Goals and indicators: the portal's set-up pages and Django admin."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from followup import services
from followup.models import Goal, Indicator, IndicatorTarget, Period, ReportStatus
from tests.conftest import login
from tests.followup.factories import (
    complete_data,
    indicator_post,
    make_goal,
    make_indicator,
    make_indicator_set,
    make_period,
    make_report,
)


def test_it_lists_goals_with_their_articles_and_indicators(client, world):
    s = make_indicator_set()
    s.goal.articles.add(s.article)
    login(client, world.alice)
    page = client.get(reverse("followup:goal-list")).content.decode()
    assert "Erbjuda lättillgängligt stöd" in page
    assert 'title="Rätt att uttrycka sin mening">12<' in page
    assert "Nytt mål" not in page  # alice may read, not set up


def test_it_lists_goals_and_indicators_in_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    login(client, world.charlie)
    make_indicator_set()
    counts, listed = {}, {}
    for name in ("followup:goal-list", "followup:indicator-list"):
        with django_assert_max_num_queries(20) as q:
            listed[name] = client.get(reverse(name)).context["page"].paginator.count
        counts[name] = len(q.captured_queries)
    for _ in range(10):
        goal = make_goal()
        goal.articles.add(*goal.articles.model.objects.all())
        ind = make_indicator(goal=goal)
        IndicatorTarget.objects.create(indicator=ind, year=2026, target=5)
    for name, count in counts.items():
        with django_assert_max_num_queries(count):
            page = client.get(reverse(name)).context["page"]
        assert page.paginator.count == listed[name] + 10, name  # the same queries for more rows


def test_it_lets_a_koordinator_add_a_calculated_indicator_with_targets(client, world):
    s = make_indicator_set(municipality=world.goteborg)
    login(client, world.charlie)
    response = client.post(
        reverse("followup:indicator-create"),
        {
            "code": "HB-GENOMF",
            "name": "Andel genomförda hembesök",
            "goal": s.goal.pk,
            "unit": "procent",
            "period_kind": "kvartal",
            "kind": "beraknad",
            "numerator": s.accepted.pk,
            "denominator": s.offered.pk,
            "factor": "100",
            "minimum": "0",
            "maximum": "100",
            "higher_is_better": "on",
            "order": "5",
            "is_active": "on",
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2026",
            "targets-0-period_kind": "kvartal",
            "targets-0-level": "central",
            "targets-0-target": "75",
            "targets-1-year": "",
            "targets-1-period_kind": "kvartal",
            "targets-1-level": "central",
            "targets-1-target": "",
        },
        follow=True,
    )
    assert "Indikatorn ”HB-GENOMF Andel genomförda hembesök” sparades." in (
        response.content.decode()
    )
    indicator = Indicator.objects.get(code="HB-GENOMF")
    assert indicator.targets.get().target == Decimal("75")


def test_it_refuses_a_calculated_indicator_without_a_denominator(client, world):
    s = make_indicator_set(municipality=world.goteborg)
    login(client, world.charlie)
    response = client.post(
        reverse("followup:indicator-create"),
        {
            "code": "X",
            "name": "Trasig",
            "goal": s.goal.pk,
            "unit": "procent",
            "period_kind": "kvartal",
            "kind": "beraknad",
            "numerator": s.accepted.pk,
            "factor": "1",
            "order": "1",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        },
    )
    assert "En beräknad indikator behöver en nämnare." in response.content.decode()
    assert not Indicator.objects.filter(code="X").exists()


def test_it_lets_a_koordinator_edit_a_goal(client, world):
    goal = make_goal("Stärka integrationen", code="M-INT", municipality=world.goteborg)
    login(client, world.charlie)
    client.post(
        reverse("followup:goal-edit", args=[goal.pk]),
        {
            "scope": f"municipality:{world.goteborg.pk}",
            "code": "M-INT",
            "name": "Stärka integrationen i området",
            "order": "3",
        },
    )
    assert Goal.objects.get(pk=goal.pk).name == "Stärka integrationen i området"


@pytest.mark.parametrize(
    "model",
    [
        "childrightsarticle",
        "goal",
        "indicator",
        "indicatortarget",
        "period",
        "report",
        "value",
        "goalassessment",
        "reportevent",
    ],
)
def test_it_loads_every_admin_page(client, world, model):
    s = make_indicator_set()
    report = make_report(world.hjallbo, make_period())
    services.report_save_draft(report=report, user=world.alice, data=complete_data(s), version=1)
    services.report_submit(report=report, user=world.alice)
    assert report.status == ReportStatus.SUBMITTED
    objects = {
        "childrightsarticle": s.article,
        "goal": s.goal,
        "indicator": s.rate,
        "indicatortarget": s.rate.targets.get(),
        "period": report.period,
        "report": report,
        "value": report.values.first(),
        "goalassessment": report.assessments.first(),
        "reportevent": report.events.first(),
    }
    login(client, world.admin)
    assert client.get(reverse(f"admin:followup_{model}_changelist")).status_code == 200
    # Values, assessments and events are added through their report, never on their own.
    read_only = model in {"value", "goalassessment", "reportevent"}
    add = client.get(reverse(f"admin:followup_{model}_add"))
    assert add.status_code == (403 if read_only else 200)
    obj = objects[model]
    assert client.get(reverse(f"admin:followup_{model}_change", args=[obj.pk])).status_code == 200
    if model != "reportevent":
        url = reverse(f"admin:followup_{model}_history", args=[obj.pk])
        assert client.get(url).status_code == 200


def _indicator_post(indicator, targets: list[tuple[str, str, str]]) -> dict:
    """The edit form of `indicator` with (id, year, target) rows of targets."""
    initial = sum(1 for pk, _, _ in targets if pk)
    data = {
        "code": indicator.code,
        "name": indicator.name,
        "goal": indicator.goal_id,
        "unit": indicator.unit,
        "period_kind": indicator.period_kind,
        "kind": indicator.kind,
        "factor": "1",
        "order": "1",
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": str(initial),
    }
    for i, (pk, year, target) in enumerate(targets):
        data |= {
            f"targets-{i}-id": pk,
            f"targets-{i}-year": year,
            f"targets-{i}-period_kind": "kvartal",
            f"targets-{i}-level": "central",
            f"targets-{i}-target": target,
        }
    return data


def test_it_names_the_year_when_two_targets_share_it(client, world):
    indicator = make_indicator("Besök barn", make_goal(municipality=world.goteborg))
    saved = IndicatorTarget.objects.create(indicator=indicator, year=2026, target=100)
    login(client, world.charlie)
    url = reverse("followup:indicator-edit", args=[indicator.pk])
    page = client.post(
        url, _indicator_post(indicator, [(str(saved.pk), "2026", "100"), ("", "2026", "120")])
    ).content.decode()
    assert "Det finns redan ett målvärde för år 2026 per kvartal." in page
    assert "för year" not in page and "duplikat" not in page
    assert [t.target for t in indicator.targets.all()] == [Decimal("100")]


def test_it_saves_a_target_for_a_year_whose_old_target_is_deleted(client, world):
    indicator = make_indicator("Besök barn", make_goal(municipality=world.goteborg))
    saved = IndicatorTarget.objects.create(indicator=indicator, year=2026, target=100)
    login(client, world.charlie)
    data = _indicator_post(indicator, [(str(saved.pk), "2026", "100"), ("", "2026", "120")])
    data["targets-0-DELETE"] = "on"
    client.post(reverse("followup:indicator-edit", args=[indicator.pk]), data)
    assert [t.target for t in indicator.targets.all()] == [Decimal("120")]


# --- Issue 19, item 7: validity spans, reporting series and target levels in the forms -------


def _goal_post(world, **fields) -> dict:
    return {
        "scope": f"municipality:{world.goteborg.pk}",
        "code": "M27",
        "name": "Stärka föräldraskapet",
        "order": "1",
        **fields,
    }


def test_the_goal_form_sets_a_validity_span_and_refuses_one_that_ends_before_it_starts(
    client, world
):
    login(client, world.charlie)
    url = reverse("followup:goal-create")
    page = client.post(
        url, _goal_post(world, valid_from="2027-01-01", valid_to="2026-12-31")
    ).content.decode()
    assert "Giltighetens slut kan inte vara före dess början." in page
    assert 'value="2026-12-31"' in page
    assert not Goal.objects.exists()
    form = client.get(url).content.decode()
    assert "Giltig från" in form and "Giltig till" in form
    response = client.post(url, _goal_post(world, valid_from="2027-01-01"))
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.valid_from, goal.valid_to) == (datetime.date(2027, 1, 1), None)


def test_the_indicator_form_sets_its_series_validity_and_targets_at_a_level(client, world):
    goal = make_goal(municipality=world.goteborg)
    login(client, world.charlie)
    url = reverse("followup:indicator-create")
    form = client.get(url).content.decode()
    for label in ("Rapporteras per", "Giltig från", "Nivå", "Per familjecentral", "Per kommun"):
        assert label in form
    data = indicator_post(
        goal,
        period_kind="ar",
        valid_from="2026-01-01",
        valid_to="2027-12-31",
        maximum="1 200,5",
        **{
            "targets-TOTAL_FORMS": "2",
            "targets-0-year": "2026",
            "targets-0-period_kind": "ar",
            "targets-0-level": "kommun",
            "targets-0-target": "800",
            "targets-1-year": "2026",
            "targets-1-period_kind": "kvartal",
            "targets-1-level": "central",
            "targets-1-target": "110,5",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="NY")
    assert indicator.period_kind == "ar"
    assert (indicator.valid_from, indicator.valid_to) == (
        datetime.date(2026, 1, 1),
        datetime.date(2027, 12, 31),
    )
    assert indicator.maximum == Decimal("1200.5")
    assert {(t.year, t.period_kind, t.level, t.target) for t in indicator.targets.all()} == {
        (2026, "ar", "kommun", Decimal("800")),
        (2026, "kvartal", "central", Decimal("110.5")),
    }
    # Shown back with a decimal comma, in text boxes the comma can be typed in.
    page = client.get(reverse("followup:indicator-edit", args=[indicator.pk])).content.decode()
    assert 'value="110,5"' in page and 'value="1\xa0200,5"' in page
    for name in ("factor", "minimum", "maximum", "targets-0-target", "targets-1-target"):
        assert f'type="text" name="{name}"' in page
        assert f'type="number" name="{name}"' not in page
    assert page.count('inputmode="decimal"') >= 5


def test_the_indicator_form_refuses_a_validity_that_ends_before_it_starts(client, world):
    goal = make_goal(municipality=world.goteborg)
    login(client, world.charlie)
    page = client.post(
        reverse("followup:indicator-create"),
        indicator_post(goal, valid_from="2027-01-01", valid_to="2026-06-30"),
    ).content.decode()
    assert "Giltighetens slut kan inte vara före dess början." in page
    assert not Indicator.objects.filter(code="NY").exists()


def test_two_targets_of_one_year_and_kind_are_refused_with_both_said(client, world):
    indicator = make_indicator("Besök barn", make_goal(municipality=world.goteborg))
    login(client, world.charlie)
    data = _indicator_post(indicator, [("", "2026", "100"), ("", "2026", "120")])
    page = client.post(
        reverse("followup:indicator-edit", args=[indicator.pk]), data
    ).content.decode()
    assert "Det finns redan ett målvärde för år 2026 per kvartal." in page
    assert not indicator.targets.exists()


def test_a_bad_target_keeps_what_was_typed_with_a_swedish_message(client, world):
    indicator = make_indicator("Besök barn", make_goal(municipality=world.goteborg))
    login(client, world.charlie)
    data = _indicator_post(indicator, [("", "2026", "hundra")])
    page = client.post(
        reverse("followup:indicator-edit", args=[indicator.pk]), data
    ).content.decode()
    assert "Ange ett tal, t.ex. 12 eller 12,5." in page and 'value="hundra"' in page


# --- Issue 19, item 8c–d: a period's deadline, and whether its reports may come early ------


def _period_post(world, **fields) -> dict:
    return {
        "scope": f"municipality:{world.goteborg.pk}",
        "kind": "kvartal",
        "name": "",
        "start": "2027-01-01",
        "end": "2027-03-31",
        "deadline": "2027-04-30",
        "grace_days": "0",
        **fields,
    }


def test_a_periods_deadline_cannot_fall_before_its_end(client, world):
    login(client, world.charlie)
    response = client.post(
        reverse("followup:period-create"), _period_post(world, deadline="2027-03-30")
    )
    form = response.context["form"]
    assert form.errors["deadline"] == ["Sista dag kan inte vara före periodens slut."]
    assert 'value="2027-03-30"' in response.content.decode()
    assert not Period.objects.exists()
    # The last day of the period itself is a valid deadline.
    response = client.post(
        reverse("followup:period-create"), _period_post(world, deadline="2027-03-31")
    )
    assert response.status_code == 302


def test_the_period_form_allows_early_submission_with_a_checkbox(client, world):
    login(client, world.charlie)
    page = client.get(reverse("followup:period-create")).content.decode()
    assert 'type="checkbox" name="early_submission"' in page
    assert "Inlämning före periodens slut tillåten" in page
    client.post(reverse("followup:period-create"), _period_post(world, early_submission="on"))
    period = Period.objects.get()
    assert period.early_submission
    assert period.may_submit(datetime.date(2027, 3, 31))  # before its end
    client.post(
        reverse("followup:period-edit", args=[period.pk]), _period_post(world, name="Kvartal 1")
    )
    period.refresh_from_db()
    assert not period.early_submission
    assert not period.may_submit(datetime.date(2027, 3, 31))
    assert period.may_submit(datetime.date(2027, 4, 1))


def test_new_target_rows_are_for_the_indicators_own_kind_of_period(client, world):
    indicator = make_indicator(
        "Besök i öppen förskola", make_goal(municipality=world.goteborg), period_kind="ar"
    )
    login(client, world.charlie)
    response = client.get(reverse("followup:indicator-edit", args=[indicator.pk]))
    assert [f["period_kind"].value() for f in response.context["targets"]] == ["ar", "ar"]

"""Goals and indicators: the portal's set-up pages and Django admin."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from followup import services
from followup.models import Goal, Indicator, IndicatorTarget, ReportStatus
from tests.conftest import login
from tests.followup.factories import (
    complete_data,
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
    counts = {}
    for name in ("followup:goal-list", "followup:indicator-list"):
        with django_assert_max_num_queries(20) as q:
            client.get(reverse(name))
        counts[name] = len(q.captured_queries)
    for _ in range(10):
        goal = make_goal()
        goal.articles.add(*goal.articles.model.objects.all())
        ind = make_indicator(goal=goal)
        IndicatorTarget.objects.create(indicator=ind, year=2026, target=5)
    for name, count in counts.items():
        with django_assert_max_num_queries(count):
            client.get(reverse(name))


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
            "targets-0-target": "75",
            "targets-1-year": "",
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
        "kind": indicator.kind,
        "factor": "1",
        "order": "1",
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": str(initial),
    }
    for i, (pk, year, target) in enumerate(targets):
        data |= {f"targets-{i}-id": pk, f"targets-{i}-year": year, f"targets-{i}-target": target}
    return data


def test_it_names_the_year_when_two_targets_share_it(client, world):
    indicator = make_indicator("Besök barn", make_goal(municipality=world.goteborg))
    saved = IndicatorTarget.objects.create(indicator=indicator, year=2026, target=100)
    login(client, world.charlie)
    url = reverse("followup:indicator-edit", args=[indicator.pk])
    page = client.post(
        url, _indicator_post(indicator, [(str(saved.pk), "2026", "100"), ("", "2026", "120")])
    ).content.decode()
    assert "Det finns redan ett målvärde för år 2026." in page
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

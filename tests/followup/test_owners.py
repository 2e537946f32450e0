"""Each organisation owns its follow-up (DESIGN.md rule 8): what a report holds, who sets up
whose goals, indicators and periods, and the lists that show the user's own area first."""

from __future__ import annotations

import datetime
import importlib
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from centres.models import FamilyCentre, Region
from followup import services
from followup.models import Goal, Indicator, Period, PeriodKind, ReportStatus
from tests.conftest import build_world, login
from tests.factories import make_centre, make_district, make_municipality
from tests.followup.factories import (
    indicator_post,
    make_goal,
    make_indicator,
    make_period,
    make_report,
)

Q3 = datetime.date(2026, 7, 1)


@pytest.fixture
def sets(world) -> SimpleNamespace:
    """Göteborg's, Härryda's and the region's own goal and indicator, and periods of each."""
    s = SimpleNamespace()
    s.gbg_goal = make_goal("Främja språket i Göteborg", code="M1", municipality=world.goteborg)
    s.gbg = make_indicator("Sagostunder i Göteborg", s.gbg_goal, code="OF-SAGA")
    s.hry_goal = make_goal("Stärka integrationen i Härryda", code="H1", municipality=world.harryda)
    s.hry = make_indicator("Språkcaféer i Härryda", s.hry_goal, code="OF-SAGA")
    s.vgr_goal = make_goal("Nå alla familjer i regionen", code="R1", region=world.region)
    s.vgr = make_indicator(
        "Hembesök i regionen", s.vgr_goal, code="R-HB", period_kind=PeriodKind.YEAR
    )
    s.gbg_period = make_period(Q3, municipality=world.goteborg)
    s.hry_period = make_period(Q3, municipality=world.harryda)
    s.vgr_period = make_period(
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        kind=PeriodKind.YEAR,
        region=world.region,
    )
    return s


def _page(client, user, report, view: str = "followup:report-edit") -> str:
    login(client, user)
    response = client.get(reverse(view, args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_gives_goteborg_and_harryda_reports_their_own_goals_and_the_region_its_own(
    client, world, sets
):
    # Issue 19: the region's shared set is entered once, in the region's own yearly period, and
    # never again in each municipal quarter (the årsrapport would count it twice).
    goteborg = make_report(world.hjallbo, sets.gbg_period)
    harryda = make_report(world.molnlycke_fc, sets.hry_period)
    for view in ("followup:report-edit", "followup:report-detail"):
        page = _page(client, world.alice, goteborg, view)
        assert "Främja språket i Göteborg" in page and "Sagostunder i Göteborg" in page
        assert "Nå alla familjer i regionen" not in page and "Hembesök i regionen" not in page
        assert "Härryda" not in page.split("<main", 1)[1]  # neither its goal nor indicator
        page = _page(client, world.eve, harryda, view)
        assert "Stärka integrationen i Härryda" in page and "Språkcaféer i Härryda" in page
        assert "Nå alla familjer i regionen" not in page and "Hembesök i regionen" not in page
        assert "Göteborg" not in page.split("<main", 1)[1]
    # The region's own period holds only its shared set.
    yearly = make_report(world.hjallbo, sets.vgr_period)
    assert [g.code for g in services.goals_for(yearly)] == ["R1"]
    assert [i.code for i in services.indicators_for(yearly)] == ["R-HB"]


def test_a_municipal_report_asks_only_the_municipalitys_set_and_the_regions_year_the_regions(
    world, sets
):
    report = make_report(world.hjallbo, sets.gbg_period)
    assert [g.code for g in services.goals_for(report)] == ["M1"]
    assert {i.pk for i in services.indicators_for(report)} == {sets.gbg.pk}
    yearly = make_report(world.hjallbo, sets.vgr_period)
    assert [g.code for g in services.goals_for(yearly)] == ["R1"]
    assert {i.pk for i in services.indicators_for(yearly)} == {sets.vgr.pk}


def test_it_keeps_what_a_submitted_report_held_when_the_goal_changes_owner(world, sets):
    report = make_report(world.hjallbo, sets.gbg_period)
    services.report_save_draft(
        report=report,
        user=world.alice,
        data={
            "values": {sets.gbg.pk: {"number": Decimal(5), "status": "rapporterad", "comment": ""}},
            "assessments": {sets.gbg_goal.pk: {"status": "uppfyllt", "analysis": "Bra."}},
            "children_views_gathered": False,
            "parents_views_gathered": False,
        },
        version=report.version,
    )
    services.report_submit(report=report, user=world.alice)
    sets.gbg_goal.municipality, sets.gbg_goal.region = None, world.region
    sets.gbg_goal.code = "R9"
    sets.gbg_goal.save()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # What it held stays, under the goal's new code; the region's own R1 does not join it.
    assert {g.code for g in services.goals_for(report)} == {"R9"}
    assert {i.pk for i in services.indicators_for(report)} == {sets.gbg.pk}


def test_it_expects_only_the_owners_centres_to_report(world, sets):
    assert set(sets.gbg_period.expected_centres()) == {world.hjallbo, world.kungssten}
    assert set(sets.hry_period.expected_centres()) == {world.molnlycke_fc}
    assert set(sets.vgr_period.expected_centres()) == {
        world.hjallbo,
        world.kungssten,
        world.molnlycke_fc,
    }


def test_a_period_expects_in_python_the_centres_it_expects_in_the_database(world, sets):
    # The inbox asks `expects` of centres it has loaded; it must agree with the query, also for
    # a centre that closed before the period and one that opened after it.
    world.kungssten.closed_on = sets.gbg_period.start - datetime.timedelta(days=1)
    world.kungssten.save()
    world.molnlycke_fc.opened_on = sets.hry_period.end + datetime.timedelta(days=1)
    world.molnlycke_fc.save()
    centres = list(FamilyCentre.objects.select_related("district__municipality"))
    for period in (sets.gbg_period, sets.hry_period, sets.vgr_period):
        expected = set(period.expected_centres())
        assert {c for c in centres if period.expects(c)} == expected
    assert world.kungssten not in set(sets.gbg_period.expected_centres())
    assert world.molnlycke_fc not in set(sets.hry_period.expected_centres())


def test_it_offers_a_new_report_only_its_municipalitys_and_regions_periods(client, world, sets):
    login(client, world.alice)
    url = reverse("followup:report-create")
    offered = set(client.get(url).context["form"].fields["period"].queryset)
    assert offered == {sets.gbg_period, sets.vgr_period}
    response = client.post(url, {"centre": world.hjallbo.pk, "period": sets.hry_period.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["period"] == ["Välj en öppen period i listan."]
    assert not world.hjallbo.reports.exists()
    response = client.post(url, {"centre": world.hjallbo.pk, "period": sets.vgr_period.pk})
    assert response.status_code == 302
    assert world.hjallbo.reports.get().period == sets.vgr_period


def test_it_refuses_a_report_in_another_municipalitys_period_even_for_an_admin(client, world, sets):
    login(client, world.admin)
    response = client.post(
        reverse("followup:report-create"),
        {"centre": world.hjallbo.pk, "period": sets.hry_period.pk},
    )
    assert response.context["form"].errors["period"] == [
        "Hjällbo familjecentral rapporterar inte i 2026 kvartal 3 – Härryda: välj en period som "
        "tillhör dess kommun eller region."
    ]
    assert not world.hjallbo.reports.exists()


def _goal_post(scope: str, **fields) -> dict:
    return {"scope": scope, "code": "M9", "name": "Stärka föräldraskapet", "order": "9", **fields}


def test_it_lets_a_koordinator_set_up_only_their_own_municipalitys_goals(client, world, sets):
    login(client, world.grace)  # Härryda's koordinator
    edit = reverse("followup:goal-edit", args=[sets.gbg_goal.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, _goal_post(f"municipality:{world.harryda.pk}", code="M1"))
    assert response.status_code == 403
    assert Goal.objects.get(pk=sets.gbg_goal.pk).municipality == world.goteborg
    # A hand-made POST that creates a goal for Göteborg is refused on the owner field.
    create = reverse("followup:goal-create")
    offered = client.get(create).context["form"].fields["scope"].choices
    assert offered == [
        ("", "---------"),
        ("Kommuner", [(f"municipality:{world.harryda.pk}", "Härryda")]),
    ]
    response = client.post(create, _goal_post(f"municipality:{world.goteborg.pk}"))
    assert response.context["form"].errors["scope"] == ["Välj en ägare i listan."]
    assert 'value="Stärka föräldraskapet"' in response.content.decode()  # kept as typed
    assert not Goal.objects.filter(code="M9").exists()
    response = client.post(create, _goal_post(f"municipality:{world.harryda.pk}"))
    assert response.status_code == 302
    assert Goal.objects.get(code="M9").municipality == world.harryda


@pytest.mark.parametrize("action", ["period-lock", "period-unlock", "period-edit"])
def test_it_lets_no_koordinator_lock_or_change_another_municipalitys_period(
    client, world, sets, action
):
    sets.gbg_period.locked = action == "period-unlock"
    sets.gbg_period.save()
    data = {
        "scope": f"municipality:{world.harryda.pk}",
        "kind": "kvartal",
        "start": "2026-07-01",
        "end": "2026-09-30",
        "deadline": "2026-10-31",
        "grace_days": "0",
    }
    for user in (world.grace, world.heidi):
        login(client, user)
        url = reverse(f"followup:{action}", args=[sets.gbg_period.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    period = Period.objects.get(pk=sets.gbg_period.pk)
    assert (period.locked, period.municipality) == (action == "period-unlock", world.goteborg)
    login(client, world.charlie)  # Göteborg's own koordinator may
    assert client.post(reverse(f"followup:{action}", args=[period.pk]), data).status_code in (
        200,  # the edit refuses Härryda as the new owner, on the field
        302,
    )


def test_it_lets_the_regional_koordinator_set_up_only_the_regions_shared_set(client, world, sets):
    login(client, world.heidi)
    response = client.post(
        reverse("followup:goal-create"), _goal_post(f"region:{world.region.pk}", code="R2")
    )
    assert response.status_code == 302
    assert Goal.objects.get(code="R2").region == world.region
    response = client.post(reverse("followup:period-lock", args=[sets.vgr_period.pk]), follow=True)
    assert "är låst" in response.content.decode()
    assert Period.objects.get(pk=sets.vgr_period.pk).locked
    for url in (
        reverse("followup:goal-edit", args=[sets.gbg_goal.pk]),
        reverse("followup:indicator-edit", args=[sets.hry.pk]),
        reverse("followup:period-lock", args=[sets.gbg_period.pk]),
    ):
        assert client.post(url, {}).status_code == 403
    response = client.post(
        reverse("followup:goal-create"), _goal_post(f"municipality:{world.goteborg.pk}")
    )
    assert response.context["form"].errors["scope"] == ["Välj en ägare i listan."]
    # The regional koordinator reads the region's year once a centre has sent it in, but
    # neither edits nor reviews it; a draft is the centre's work in progress, in the region's
    # year as in a municipality's quarter, and not theirs to read (issue 19, item 9).
    sent = make_report(world.hjallbo, sets.vgr_period, status=ReportStatus.SUBMITTED)
    assert client.get(sent.get_absolute_url()).status_code == 200
    assert client.get(reverse("followup:report-edit", args=[sent.pk])).status_code == 403
    for draft in (
        make_report(world.kungssten, sets.vgr_period),
        make_report(world.hjallbo, sets.gbg_period),
    ):
        assert client.get(draft.get_absolute_url()).status_code == 404


def _indicator_post(goal, **fields) -> dict:
    return indicator_post(goal, **{"code": "OF-SAGA", **fields})


def test_it_keeps_indicator_codes_unique_per_owner_and_parts_within_it(client, world, sets):
    login(client, world.charlie)
    url = reverse("followup:indicator-create")
    response = client.post(url, _indicator_post(sets.gbg_goal))  # Göteborg has OF-SAGA already
    assert response.context["form"].errors["code"] == [
        "Målets ägare har redan en indikator med den här koden."
    ]
    response = client.post(url, _indicator_post(sets.hry_goal, code="NY"))
    assert response.context["form"].errors["goal"] == ["Välj ett mål i listan."]
    response = client.post(
        url,
        _indicator_post(
            sets.gbg_goal,
            code="ANDEL",
            unit="procent",
            kind="beraknad",
            numerator=sets.hry.pk,  # Härryda's: not offered
            denominator=sets.gbg.pk,
        ),
    )
    assert response.context["form"].errors["numerator"] == [
        "Välj en inmatad indikator med samma ägare i listan."
    ]
    assert not Indicator.objects.filter(code__in=["NY", "ANDEL"]).exists()
    login(client, world.grace)  # Härryda may use the code Göteborg uses
    response = client.post(url, _indicator_post(sets.hry_goal, code="OF-SAGA-2"))
    assert response.status_code == 302


def test_it_refuses_to_move_a_goal_whose_indicator_codes_the_new_owner_uses(world, sets):
    sets.gbg_goal.municipality = world.harryda  # both have an OF-SAGA indicator
    with pytest.raises(ValidationError) as refused:
        sets.gbg_goal.full_clean()
    assert refused.value.message_dict["code"] == [
        "Den nya ägaren har redan indikatorer med koderna OF-SAGA."
    ]


def test_it_refuses_to_split_a_calculated_indicator_from_its_parts(world, sets):
    other = make_goal("Andra målet", code="M2", municipality=world.goteborg)
    make_indicator(
        "Andel",
        other,
        code="ANDEL",
        kind="beraknad",
        numerator=sets.gbg,
        denominator=make_indicator("Alla", other, code="ALLA"),
        unit="procent",
    )
    sets.gbg_goal.municipality, sets.gbg_goal.region = None, world.region
    with pytest.raises(ValidationError) as refused:
        sets.gbg_goal.full_clean()
    assert "ANDEL" in refused.value.message_dict["region"][0]


def test_it_lists_the_users_own_area_first_and_everything_on_visa_alla(client, world, sets):
    url = reverse("followup:goal-list")
    login(client, world.eve)  # Härryda
    names = lambda response: {g.name for g in response.context["page"].object_list}  # noqa: E731
    assert names(client.get(url)) == {
        "Stärka integrationen i Härryda",
        "Nå alla familjer i regionen",
    }
    everything = names(client.get(url, {"owner": "alla"}))
    assert "Främja språket i Göteborg" in everything and len(everything) == 3
    only = names(client.get(url, {"owner": f"municipality:{world.goteborg.pk}"}))
    assert only == {"Främja språket i Göteborg"}
    login(client, world.frank)  # no assignment: no area of their own, so everything
    assert len(names(client.get(url))) == 3
    periods = client.get(reverse("followup:period-list"), {"owner": f"region:{world.region.pk}"})
    assert [p.pk for p in periods.context["page"].object_list] == [sets.vgr_period.pk]
    login(client, world.charlie)
    page = client.get(reverse("followup:indicator-list"), {"owner": "alla"})
    editable = {i.name: i.can_manage for i in page.context["page"].object_list}
    assert editable == {
        "Sagostunder i Göteborg": True,
        "Språkcaféer i Härryda": False,
        "Hembesök i regionen": False,
    }
    assert reverse("followup:indicator-edit", args=[sets.hry.pk]) not in page.content.decode()


@contextmanager
def _rows_without_owners():
    """The database as before owners existed: the one-owner check not enforced. On SQLite the
    connection ignores check constraints for a while; on PostgreSQL the constraints are dropped
    inside the test's transaction, whose rollback restores them (enter this before writing to
    the goal and period tables: PostgreSQL alters no table with pending trigger events)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        return
    with connection.schema_editor() as editor:
        for model in (Goal, Period):
            for constraint in model._meta.constraints:
                if constraint.name.endswith("_one_owner"):
                    editor.remove_constraint(model, constraint)
    yield


def _give_owners() -> None:
    importlib.import_module("followup.migrations.0004_give_owners").give_owners(apps, None)


def test_it_gives_existing_follow_up_to_the_region_with_the_most_centres(db):
    with _rows_without_owners():
        world = build_world()  # Västra Götaland: three centres
        halland = Region.objects.create(name="Region Halland", code="13")
        kungsbacka = make_municipality("Kungsbacka", "1384", halland)
        make_centre("Kungsbacka familjecentral", make_district("Kungsbacka", kungsbacka))
        owned = make_goal("Göteborgs eget mål", code="M1", municipality=world.goteborg)
        goal = Goal.objects.create(code="G1", name="Mål från före ägarna")
        period = Period.objects.create(
            start=Q3, end=datetime.date(2026, 9, 30), deadline=datetime.date(2026, 10, 31)
        )
        _give_owners()
        goal.refresh_from_db()
        period.refresh_from_db()
    assert (goal.region, goal.municipality) == (world.region, None)
    assert (period.region, period.municipality) == (world.region, None)
    owned.refresh_from_db()
    assert (owned.municipality, owned.region) == (world.goteborg, None)  # left as it was


def test_it_gives_existing_follow_up_a_region_of_its_own_when_there_is_none(db):
    with _rows_without_owners():
        goal = Goal.objects.create(code="G1", name="Mål från före ägarna")
        _give_owners()
        goal.refresh_from_db()
    assert (goal.region.code, goal.region.name) == ("00", "Region för tidigare uppföljning")


def test_it_preselects_a_samordnares_only_centre(client, world, sets):
    login(client, world.alice)
    form = client.get(reverse("followup:report-create")).context["form"]
    assert form.initial["centre"] == world.hjallbo.pk
    assert "period" not in form.initial  # two periods: Göteborg's and the region's


def test_it_explains_the_grace_days_of_a_period(client, world, sets):
    sets.gbg_period.grace_days = 5
    sets.gbg_period.save()
    login(client, world.charlie)
    page = client.get(reverse("followup:period-list")).content.decode()
    assert "5 extra dagar" in page


def test_it_lists_the_users_own_reports_by_default_and_all_on_visa_alla(client, world, sets):
    make_report(world.hjallbo, sets.gbg_period, "inlamnad")
    make_report(world.molnlycke_fc, sets.hry_period, "inlamnad")  # readable by all once sent
    url = reverse("followup:report-list")
    centres = lambda response: {r.centre.name for r in response.context["page"]}  # noqa: E731
    login(client, world.diana)  # chef of Angered
    assert centres(client.get(url)) == {"Hjällbo familjecentral"}
    assert centres(client.get(url, {"scope": "alla"})) == {
        "Hjällbo familjecentral",
        "Mölnlycke familjecentral",
    }
    login(client, world.frank)  # no assignment: no area of his own, every report he may read
    assert len(centres(client.get(url))) == 2

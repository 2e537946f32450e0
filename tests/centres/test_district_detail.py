from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.coordination.factories import make_agreement, make_steering_group
from tests.factories import make_centre, make_district


def _url(district) -> str:
    return reverse("centres:district-detail", args=[district.pk])


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    response = client.get(_url(world.angered))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_district(client, world):
    login(client, world.alice)

    assert client.get(reverse("centres:district-detail", args=[99999])).status_code == 404


def test_it_shows_a_district_that_meets_the_rule(client, world):
    login(client, world.frank)

    response = client.get(_url(world.angered))
    body = response.content.decode()

    assert response.context["meets_rule"] is True
    assert "Uppfyllt:" in body
    assert "stadsdelen har 1 familjecentral." in body
    assert "Hjällbo familjecentral" in body
    assert "badge-classification-familjecentral" in body


def test_it_shows_a_district_that_does_not_meet_the_rule(client, world):
    login(client, world.frank)

    body = client.get(_url(world.centrum)).content.decode()

    assert "Ej uppfyllt:" in body
    assert "stadsdelen har ingen familjecentral" in body
    assert "Den har 1 familjecentralsliknande verksamhet." in body
    assert "Saknas: Mödrahälsovård, Socialtjänst med förebyggande inriktning" in body


def test_it_does_not_count_a_closed_familjecentral(client, world):
    district = make_district("Lundby")
    make_centre("Stängd", district, closed_on=timezone.localdate() - datetime.timedelta(1))
    login(client, world.frank)

    response = client.get(_url(district))
    body = response.content.decode()

    assert "Ej uppfyllt:" in body
    assert "Inga öppna centraler i stadsdelen." in body
    assert "Stängda eller ännu inte öppnade" in body
    assert [c.name for c in response.context["other_centres"]] == ["Stängd"]


def test_it_shows_validity_successor_predecessors_and_children(client, world):
    nordost = make_district("Nordost", world.goteborg, valid_from=datetime.date(2021, 1, 1))
    old = make_district(
        "Gamla Angered",
        world.goteborg,
        valid_from=datetime.date(2011, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
        successor=nordost,
    )
    login(client, world.frank)

    old_body = client.get(_url(old)).content.decode()
    new_body = client.get(_url(nordost)).content.decode()

    assert "2011-01-01 – 2020-12-31" in old_body
    assert "Inte aktiv" in old_body
    assert "Efterträdare" in old_body and nordost.get_absolute_url() in old_body
    assert "Föregångare" in new_body and old.get_absolute_url() in new_body
    assert "Barn 0–5 år" in client.get(_url(world.angered)).content.decode()
    assert "3 200" in client.get(_url(world.angered)).content.decode().replace("\xa0", " ")


def test_it_names_the_processledare_and_the_samordnare_of_its_centres(client, world):
    login(client, world.frank)

    body = client.get(_url(world.angered)).content.decode()

    assert "Processledare / FCA-koordinator:" in body and "Bob Berg" in body
    assert "Samordnare:" in body and "Alice Andersson" in body
    assert "(Hjällbo familjecentral)" in body
    assert "Övergripande koordinator:" in body and "Charlie Carlsson" in body


def test_it_flags_a_steering_group_that_is_not_partsammansatt(client, world):
    make_steering_group(world.angered, "Styrgrupp Angered")
    make_steering_group(world.hjallbo, "Ledningsgrupp Hjällbo", parties=["kommun"])
    login(client, world.frank)

    body = client.get(_url(world.angered)).content.decode()

    assert "Styrgrupp Angered</a> <span" in body and ">Partsammansatt</span>" in body
    assert "Ledningsgrupp Hjällbo" in body
    assert body.count('data-testid="not-partsammansatt"') == 1


def test_it_shows_an_agreement_that_ends_within_90_days_as_expiring(client, world):
    today = timezone.localdate()
    make_agreement(
        world.angered, title="Avtal som löper ut", valid_to=today + datetime.timedelta(30)
    )
    make_agreement(
        world.angered,
        title="Nytt avtal",
        valid_from=today + datetime.timedelta(31),
        valid_to=today + datetime.timedelta(4 * 365),
    )
    login(client, world.frank)

    body = client.get(_url(world.angered)).content.decode()

    assert (
        'Avtal som löper ut</a> <span class="badge text-bg-warning" data-status="loper-ut">' in body
    )
    assert 'data-status="loper-ut">Löper ut</span>' in body
    assert 'Nytt avtal</a> <span class="badge text-bg-info" data-status="kommande">' in body
    assert body.count("Löper ut") == 1


def test_it_says_when_the_district_has_no_steering_group_or_agreement(client, world):
    login(client, world.frank)

    body = client.get(_url(world.centrum)).content.decode()

    assert "Ingen styrgrupp är registrerad." in body
    assert "Inget avtal är registrerat." in body


def test_it_offers_to_manage_assignments_to_the_koordinator_only(client, world):
    manage = reverse("coordination:assignment-list")

    login(client, world.alice)
    assert "Hantera uppdrag" not in client.get(_url(world.angered)).content.decode()
    login(client, world.charlie)
    body = client.get(_url(world.angered)).content.decode()
    assert f'href="{manage}">Hantera uppdrag</a>' in body


def test_it_uses_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    login(client, world.alice)
    client.get(_url(world.angered))
    # 12 for the register, 4 for the coordination panels (people, may assign, groups, agreements),
    # 2 for process support (the open centres and assignments are read for it), 1 for the open
    # meeting places
    with django_assert_max_num_queries(19) as few:
        client.get(_url(world.angered))
    for n in range(10):
        make_centre(f"Central {n}", world.angered)

    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(_url(world.angered)).content.decode()
    assert all(f"Central {n}" in body for n in range(10))  # the same queries for more centres


def test_it_keeps_the_query_count_flat_with_more_groups_and_agreements(
    client, world, django_assert_max_num_queries
):
    make_steering_group(world.angered, "Styrgrupp Angered")
    make_agreement(world.angered, title="Avtal 0")
    login(client, world.alice)
    client.get(_url(world.angered))
    with django_assert_max_num_queries(20) as few:
        client.get(_url(world.angered))
    for n in range(1, 6):
        make_steering_group(world.angered, f"Styrgrupp {n}", parties=["region"])
        make_steering_group(world.hjallbo, f"Ledningsgrupp {n}")
        make_agreement(world.angered, title=f"Avtal {n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(world.angered))

    assert response.content.decode().count('data-testid="not-partsammansatt"') == 5


def test_its_counts_equal_the_registers_coverage_figures(client, world):
    # The page counts from the centres it lists; the district list and the municipality page
    # count in the database (`with_coverage`). Both must agree for every mix of centres.
    from centres.models import District

    today = timezone.localdate()
    district = make_district("Lundby")
    make_centre("Full", district)
    make_centre("Full 2", district)
    make_centre("Liknande", district, services=["bvc", "oppen-forskola"])
    make_centre("Ingetdera", district, services=["bvc"])
    make_centre("Stängd", district, closed_on=today - datetime.timedelta(1))
    make_centre("Ej öppnad", district, opened_on=today + datetime.timedelta(1))
    login(client, world.frank)
    for d in (district, world.angered, world.centrum, world.molnlycke):
        shown = client.get(_url(d)).context["district"]
        counted = District.objects.with_coverage(today).get(pk=d.pk)
        for figure in ("centre_count", "familjecentral_count", "liknande_count"):
            assert getattr(shown, figure) == getattr(counted, figure), (d.name, figure)
    shown = client.get(_url(district)).context["district"]
    assert (shown.centre_count, shown.familjecentral_count, shown.liknande_count) == (4, 2, 1)

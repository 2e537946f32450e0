"""Processtöd: district and municipality pages flag a district without an active processledare
and a centre without an active samordnare, with the date the role has been empty since."""

from __future__ import annotations

import datetime

from coordination.support import gaps_in
from tests.conftest import login
from tests.factories import Role, assign, make_centre, make_district, make_user

TODAY = datetime.date(2026, 11, 23)


def _panel(client, url: str) -> str:
    page = client.get(url).content.decode()
    start = page.index('data-testid="process-support"')
    return page[start : page.index("</section>", start)]


def test_it_names_what_is_missing_in_a_municipality_and_since_when(client, world, frozen_today):
    # Centrum had a processledare until March; Kungssten never had a samordnare.
    assign(
        make_user("nils"),
        Role.PROCESSLEDARE,
        world.centrum,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2026, 3, 31),
    )
    login(client, world.frank)
    panel = _panel(client, world.goteborg.get_absolute_url())
    assert "Processtöd" in panel
    assert "Centrum</a>\n        har saknat processledare sedan 1 april 2026." in panel
    assert "Kungssten</a>\n        har aldrig haft någon samordnare." in panel
    assert "Angered" not in panel and "Hjällbo" not in panel  # bob and alice are there


def test_a_future_or_ended_assignment_does_not_count_and_the_latest_end_is_the_date(
    world, frozen_today
):
    nils = make_user("nils")
    assign(nils, Role.SAMORDNARE, world.kungssten, valid_to=datetime.date(2025, 6, 30))
    assign(
        nils,
        Role.SAMORDNARE,
        world.kungssten,
        valid_from=datetime.date(2025, 8, 1),
        valid_to=datetime.date(2026, 10, 14),
    )
    assign(nils, Role.SAMORDNARE, world.kungssten, valid_from=datetime.date(2027, 1, 1))
    (gap,) = gaps_in(world.kungssten)
    assert (gap.since, gap.ever) == (datetime.date(2026, 10, 15), True)
    assert gap.text == "har saknat samordnare sedan 15 oktober 2026."
    # A samordnare whose assignment ends today still counts today.
    assign(nils, Role.SAMORDNARE, world.kungssten, valid_from=TODAY, valid_to=TODAY)
    assert gaps_in(world.kungssten) == []


def test_a_role_never_held_counts_from_the_day_the_district_began_or_the_centre_opened(
    world, frozen_today
):
    district = make_district("Nordost", world.goteborg, valid_from=datetime.date(2021, 1, 1))
    make_centre("Gårdsten", district, opened_on=datetime.date(2022, 9, 1))
    texts = [(g.scope.name, g.text) for g in gaps_in(district)]
    assert texts == [
        ("Nordost", "har saknat processledare sedan den började gälla 1 januari 2021."),
        ("Gårdsten", "har saknat samordnare sedan den öppnade 1 september 2022."),
    ]


def test_closed_centres_and_ended_districts_are_not_flagged(world, frozen_today):
    ended = make_district("Gamla stan", world.goteborg, valid_to=datetime.date(2020, 12, 31))
    make_centre("Stängd", world.angered, closed_on=datetime.date(2025, 1, 1))
    make_centre("I gamla stan", ended)
    names = {g.scope.name for g in gaps_in(world.goteborg)}
    assert names == {"Centrum", "Kungssten"}
    assert gaps_in(ended) == []


def test_the_district_and_centre_pages_show_it_too(client, world, frozen_today):
    login(client, world.alice)
    district = _panel(client, world.centrum.get_absolute_url())
    assert "Centrum\n        har aldrig haft någon processledare." in district
    assert "Kungssten</a>" in district
    covered = _panel(client, world.angered.get_absolute_url())
    assert "Varje stadsdel har en processledare och varje öppen central en samordnare." in covered
    assert "Centralen har en samordnare." in _panel(client, world.hjallbo.get_absolute_url())
    assert "har aldrig haft någon samordnare." in _panel(client, world.kungssten.get_absolute_url())


def test_it_reads_the_gaps_in_four_queries_however_many_districts(
    world, frozen_today, django_assert_num_queries
):
    for i in range(5):
        district = make_district(f"Ny {i}", world.goteborg)
        make_centre(f"Central {i}", district)
    world.goteborg.refresh_from_db()
    with django_assert_num_queries(4):  # the districts, their open centres, two of assignments
        found = gaps_in(world.goteborg)
    assert len(found) == 12  # Centrum, 5 new districts; Kungssten, 5 new centres


def test_a_closed_centre_and_an_ended_district_show_no_process_support(client, world, frozen_today):
    closed = make_centre("Stängd", world.angered, closed_on=datetime.date(2025, 1, 1))
    ended = make_district("Gamla stan", world.goteborg, valid_to=datetime.date(2020, 12, 31))
    login(client, world.frank)
    for url in (closed.get_absolute_url(), ended.get_absolute_url()):
        page = client.get(url).content.decode()
        assert 'data-testid="process-support"' not in page
        assert "Centralen har en samordnare." not in page

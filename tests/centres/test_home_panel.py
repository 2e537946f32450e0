from __future__ import annotations

from django.urls import reverse

from tests.conftest import login


def test_it_shows_the_register_on_the_start_page(client, world):
    login(client, world.frank)

    response = client.get(reverse("home"))
    body = response.content.decode()

    assert "Registret" in body
    assert "Öppna centraler" in body
    assert "Stadsdelar utan familjecentral" in body
    assert world.centrum.get_absolute_url() in body  # Centrum has only a liknande centre
    assert world.angered.get_absolute_url() not in body


def test_it_links_the_register_in_the_navigation(client, world):
    login(client, world.frank)

    body = client.get(reverse("home")).content.decode()

    assert reverse("centres:centre-list") in body
    assert reverse("centres:municipality-list") in body
    assert ">Familjecentraler</a>" in body


def test_its_figures_equal_the_registers_own_counts_for_every_user(world):
    # The panel counts in Python from one read of the centres; the register counts in the
    # database (`with_classification`, `with_familjecentral_count`). They must agree for every
    # user's area, including a district whose only familjecentral lies outside a
    # samordnare's own centre and centres that are closed or not yet open.
    import datetime

    from django.db.models import Count
    from django.utils import timezone

    from centres.area import own_area, within
    from centres.models import Classification, District, FamilyCentre
    from centres.templatetags.centres_tags import register_home_panel
    from tests.factories import make_centre, make_district

    today = timezone.localdate()
    make_centre("Full i Centrum", world.centrum)
    make_centre("Stängd", world.molnlycke, closed_on=today - datetime.timedelta(1))
    make_district("Tom stadsdel", world.harryda)
    make_centre("Bara BVC", world.angered, services=["bvc"])
    for name in ("alice", "bob", "charlie", "diana", "eve", "frank", "grace", "heidi", "admin"):
        user = getattr(world, name)
        area = own_area(user)
        centres = within(FamilyCentre.objects.open_on(today), area, "centres")
        counts = dict(
            centres.with_classification(today)
            .order_by()
            .values_list("classification")
            .annotate(n=Count("pk"))
        )
        unmet = (
            within(District.objects.active_on(today), area, "districts")
            .with_familjecentral_count(today)
            .filter(familjecentral_count=0)
            .order_by("municipality__name", "name")
        )
        panel = register_home_panel({"user": user})
        assert panel["total"] == sum(counts.values()), name
        assert (panel["familjecentraler"], panel["liknande"], panel["neither"]) == (
            counts.get(Classification.FAMILJECENTRAL, 0),
            counts.get(Classification.LIKNANDE, 0),
            counts.get(Classification.NEITHER, 0),
        ), name
        assert panel["unmet_districts"] == list(unmet), name
    everything = register_home_panel({"user": world.frank})
    assert everything["neither"] == 1 and everything["liknande"] == 1
    assert [d.name for d in everything["unmet_districts"]] == ["Tom stadsdel"]

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

from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from tests.conftest import login
from tests.coordination.factories import make_agreement


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_login_page_in_swedish(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()
    assert "Logga in" in response.content.decode()


def test_it_logs_in_and_greets_the_user_by_name(client, world):
    response = client.post(reverse("login"), {"username": "alice", "password": "pass"}, follow=True)
    assert response.status_code == 200
    assert "Alice Andersson" in response.content.decode()


def test_it_rejects_a_wrong_password_with_a_swedish_message_and_keeps_the_username(client, world):
    response = client.post(reverse("login"), {"username": "alice", "password": "fel"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "korrekt användarnamn" in body
    assert 'value="alice"' in body


def test_it_logs_out_with_a_post_and_says_so_on_the_login_page(client, world):
    login(client, world.alice)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Du är nu utloggad." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_it_asks_before_logging_out_on_a_get(client, world):
    login(client, world.alice)
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    assert "Vill du logga ut från portalen?" in response.content.decode()
    assert client.get(reverse("home")).status_code == 200  # still logged in


def test_it_changes_the_password(client, world):
    login(client, world.alice)
    new_password = "Familjecentral-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": "pass", "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Ditt nya lösenord är sparat." in response.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.check_password(new_password)


def test_it_keeps_the_password_when_the_old_one_is_wrong(client, world):
    login(client, world.alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": "fel", "new_password1": "Ny-losen-123", "new_password2": "Ny-losen-123"},
    )
    assert response.status_code == 200
    assert "Ditt gamla lösenord var felaktigt ifyllt" in response.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.check_password("pass")


def test_it_renders_404_in_the_portal_layout(client, world):
    login(client, world.alice)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_it_renders_403_in_the_portal_layout(client, world):
    agreement = make_agreement(world.angered)
    login(client, world.diana)  # chef: reads the agreement, may not change it
    response = client.get(reverse("coordination:agreement-edit", args=[agreement.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Du får inte göra detta" in body
    assert "Diana Dahl" in body  # the layout, with the user's name


def test_it_renders_a_stale_form_in_the_portal_layout(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": "pass"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Formuläret har gått ut" in body
    assert 'lang="sv"' in body


def test_it_renders_500_in_the_portal_layout_without_a_request_context(rf, db):
    response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in body
    assert 'lang="sv"' in body


def test_it_links_the_accessibility_statement_from_every_page(client, world, settings):
    settings.PORTAL_ACCESSIBILITY_CONTACT = "tillganglighet@example.se"
    response = client.get(reverse("accessibility"))  # also before logging in
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tillgänglighetsredogörelse för Familjecentralsportalen" in page
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in page
    assert 'href="mailto:tillganglighet@example.se"' in page
    login(client, world.alice)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accessibility")}">Tillgänglighetsredogörelse</a>' in home


def test_it_says_choose_in_swedish_where_django_shows_dashes(client, world):
    login(client, world.charlie)
    page = client.get(reverse("coordination:assignment-create")).content.decode()
    assert '<option value="" selected>Välj …</option>' in page
    assert "---------" not in page

from django.urls import reverse

from tests.conftest import login


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


def test_it_logs_out_with_a_post(client, world):
    login(client, world.alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_renders_404_in_the_portal_layout(client, world):
    login(client, world.alice)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()

"""Login through OpenID Connect against a real provider started by the test (oidc-provider-mock
in a thread): the portal's client does the whole authorization code flow with PKCE, state and
nonce, over HTTP, offline."""

from __future__ import annotations

import base64
import importlib
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.urls import clear_url_caches, reverse

from federation.models import Identity
from federation.oidc import BACKEND, PortalOIDCBackend
from tests.federation import oidc_provider

pytestmark = pytest.mark.urls("tests.federation.oidc_urls")

CALLBACK = "http://testserver/konto/oidc/callback/"
NEW_ACCOUNT = (
    "Ditt konto är skapat men har ännu ingen behörighet. Be din koordinator att ge dig ett uppdrag."
)


@pytest.fixture(scope="module")
def op():
    with oidc_provider.provider() as base:
        yield base


@pytest.fixture
def client_reg(op):
    return oidc_provider.register(op, CALLBACK)


@pytest.fixture
def oidc(settings, op, client_reg):
    oidc_provider.enable(settings, op, client_reg)
    return settings


def start(client) -> str:
    """The portal's redirect to the provider's authorization endpoint."""
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    return response["Location"]


def authorize(location: str, sub: str) -> str:
    """The person `sub` approves at the provider: its redirect back to the portal."""
    response = requests.post(location, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    back = response.headers["Location"]
    assert back.startswith(CALLBACK)
    return back.removeprefix("http://testserver")


def log_in(client, sub: str):
    return client.get(authorize(start(client), sub))


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def refusals(audit) -> list[str]:
    return [f["reason"] for e, f in audit() if e == "federated_login_refused"]


def test_it_asks_for_a_code_with_pkce_state_and_nonce(client, db, oidc):
    query = parse_qs(urlsplit(start(client)).query)

    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == [CALLBACK]


def test_it_logs_in_the_account_with_the_provider_s_email(client, world, oidc, op, audit):
    oidc_provider.set_person(op, "sub-alice", email="ALICE@example.org")

    response = log_in(client, "sub-alice")

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(world.alice.pk)
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    assert ("federated_login", "alice") in [(e, f.get("user")) for e, f in audit()]
    assert client.get(reverse("home")).status_code == 200


def test_it_matches_the_hsa_id_claim(client, world, oidc, op):
    oidc.OIDC_MATCH_ON, oidc.OIDC_MATCH_CLAIM = "hsa_id", "hsaid"
    Identity.objects.create(user=world.bob, hsa_id="SE2321000131-E000000000001")
    # The e-mail address names alice: with HSA-id matching only the HSA-id counts.
    oidc_provider.set_person(
        op, "sub-bob", email="alice@example.org", hsaid="SE2321000131-E000000000001"
    )

    log_in(client, "sub-bob")

    assert client.session["_auth_user_id"] == str(world.bob.pk)


def test_it_gives_an_unknown_person_an_account_without_rights(client, world, oidc, op, audit):
    oidc_provider.set_person(
        op, "sub-new", email="ny.person@example.org", given_name="Ny", family_name="Person"
    )

    response = log_in(client, "sub-new")

    user = get_user_model().objects.get(email="ny.person@example.org")
    assert (user.first_name, user.last_name) == ("Ny", "Person")
    assert not (user.is_staff or user.is_superuser or user.has_usable_password())
    assert not user.assignments.exists()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert NEW_ACCOUNT in shown(response)
    events = [e for e, f in audit()]
    assert "federated_account_created" in events and "federated_login" in events


def test_it_gives_an_unknown_hsa_id_an_identity_but_no_rights(client, world, oidc, op):
    oidc.OIDC_MATCH_ON, oidc.OIDC_MATCH_CLAIM = "hsa_id", "hsa_id"
    oidc_provider.set_person(op, "sub-hsa", email="hsa@example.org", hsa_id="SE-NY-1")

    log_in(client, "sub-hsa")

    identity = Identity.objects.get(hsa_id="SE-NY-1")
    assert identity.user.email == "hsa@example.org" and not identity.user.assignments.exists()


def test_it_refuses_a_person_without_the_match_claim(client, world, oidc, op, audit):
    oidc.OIDC_MATCH_ON, oidc.OIDC_MATCH_CLAIM = "hsa_id", "hsa_id"
    oidc_provider.set_person(op, "sub-nohsa", email="alice@example.org")

    response = log_in(client, "sub-nohsa")

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert refusals(audit) == ["claim_missing"]
    assert "Be din koordinator om hjälp" in shown(response)[0]


def test_it_does_not_open_a_deactivated_account(client, world, oidc, op, audit):
    world.alice.is_active = False
    world.alice.save()
    oidc_provider.set_person(op, "sub-alice", email="alice@example.org")

    log_in(client, "sub-alice")

    assert "_auth_user_id" not in client.session
    assert refusals(audit) == ["account_unusable"]
    assert get_user_model().objects.filter(email="alice@example.org").count() == 1


@pytest.fixture
def tamper(monkeypatch):
    """Let the test change the token response on its way from the provider to the backend."""

    def install(change):
        real = PortalOIDCBackend.get_token

        def get_token(self, payload):
            return change(real(self, payload))

        monkeypatch.setattr(PortalOIDCBackend, "get_token", get_token)

    return install


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_it_refuses_a_tampered_id_token(client, world, oidc, op, tamper, audit):
    oidc_provider.set_person(op, "sub-frank", email="frank@example.org")

    def as_admin(token):
        header, payload, signature = token["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        claims["sub"] = "sub-admin"
        token["id_token"] = f"{header}.{_b64(claims)}.{signature}"
        return token

    tamper(as_admin)
    response = log_in(client, "sub-frank")

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert refusals(audit) == ["signature"]
    assert "kunde inte godtas" in shown(response)[0]


def test_it_refuses_an_id_token_issued_to_another_client(client, world, oidc, op, tamper, audit):
    """A token the real provider issued to another registered client, for the same person and
    this session's nonce: its audience is not this portal."""
    other = oidc_provider.register(op, CALLBACK)
    oidc_provider.set_person(op, "sub-alice", email="alice@example.org")
    location = start(client)
    nonce = parse_qs(urlsplit(location).query)["nonce"][0]
    theirs = location.replace(oidc.OIDC_RP_CLIENT_ID, other.id)
    code = parse_qs(urlsplit(authorize(theirs, "sub-alice")).query)["code"][0]
    stolen = requests.post(
        f"{op}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": other.id,
            "client_secret": other.secret,
        },
        timeout=5,
    ).json()
    assert stolen["id_token"]
    tamper(lambda token: {**token, "id_token": stolen["id_token"]})
    assert nonce  # the stolen token carries it: only the audience is wrong

    response = client.get(authorize(location, "sub-alice"))

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert refusals(audit) == ["audience"]


def test_it_refuses_an_expired_id_token(client, world, settings, client_reg, audit):
    # A provider whose tokens expired a minute before they were issued.
    with oidc_provider.provider(access_token_max_age=timedelta(seconds=-60)) as base:
        mine = oidc_provider.register(base, CALLBACK)
        oidc_provider.enable(settings, base, mine)
        oidc_provider.set_person(base, "sub-alice", email="alice@example.org")
        response = log_in(client, "sub-alice")

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert refusals(audit) == ["expired"]


def test_it_refuses_a_replayed_callback(client, world, oidc, op, audit):
    oidc_provider.set_person(op, "sub-alice", email="alice@example.org")
    callback = authorize(start(client), "sub-alice")
    client.get(callback)
    client.logout()

    response = client.get(callback)

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert refusals(audit) == ["state"]
    assert "redan använts" in shown(response)[0]


def test_it_refuses_a_state_from_another_browser(client, world, oidc, op, audit):
    from django.test import Client

    oidc_provider.set_person(op, "sub-alice", email="alice@example.org")
    callback = authorize(start(Client()), "sub-alice")  # begun in someone else's browser

    response = client.get(callback)

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert refusals(audit) == ["state"]


def test_it_refuses_when_the_person_denies_at_the_provider(client, world, oidc, audit):
    location = start(client)
    denied = requests.post(location, data={"action": "deny"}, allow_redirects=False, timeout=5)

    response = client.get(denied.headers["Location"].removeprefix("http://testserver"))

    assert response["Location"] == reverse("login")
    assert refusals(audit) == ["provider_error"]


def test_the_refusal_is_shown_on_the_login_page(client, world, oidc):
    response = client.get(reverse("oidc_authentication_callback") + "?code=x&state=y", follow=True)

    assert response.status_code == 200
    assert "Inloggningen via Kommunens inloggning avbröts" in response.content.decode()


def test_logging_out_ends_the_provider_session(client, world, oidc, op):
    oidc_provider.set_person(op, "sub-alice", email="alice@example.org")
    log_in(client, "sub-alice")
    id_token = client.session["oidc_id_token"]

    response = client.post(reverse("logout"))

    assert "_auth_user_id" not in client.session
    end = urlsplit(response["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{op}/oauth2/end_session"
    query = parse_qs(end.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/konto/logga-in/"]
    # The provider's end-session page answers and leads back to the portal.
    page = requests.get(response["Location"], timeout=5)
    assert page.status_code == 200 and "http://testserver/konto/logga-in/" in page.text


def test_a_password_login_logs_out_without_the_provider(client, world, oidc):
    client.force_login(world.alice)

    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_the_login_page_offers_the_provider(client, db, oidc):
    page = client.get(reverse("login")).content.decode()

    assert "Logga in med Kommunens inloggning" in page
    assert f'href="{reverse("oidc_authentication_init")}"' in page


def test_without_local_login_only_a_superuser_uses_a_password(client, world, oidc, audit):
    oidc.PORTAL_LOCAL_LOGIN = False

    refused = client.post(reverse("login"), {"username": "alice", "password": "pass"})
    admin = client.post(reverse("login"), {"username": "admin", "password": "pass"})

    assert "Logga in via Kommunens inloggning." in refused.content.decode()
    assert admin.status_code == 302
    assert ("local_login_refused", "alice") in [(e, f.get("user")) for e, f in audit()]
    page = client.get(reverse("login")).content.decode()
    assert page.index("Logga in med Kommunens inloggning") < page.index('name="password"')


@pytest.mark.urls("familjecentral.urls")
def test_the_urls_exist_only_while_oidc_is_on(settings):
    import familjecentral.urls

    try:
        settings.OIDC_ENABLED = True
        clear_url_caches()
        importlib.reload(familjecentral.urls)
        assert reverse("oidc_authentication_callback") == "/konto/oidc/callback/"
    finally:
        settings.OIDC_ENABLED = False
        importlib.reload(familjecentral.urls)
        clear_url_caches()
    with pytest.raises(Exception, match="oidc_authentication_callback"):
        reverse("oidc_authentication_callback")


@pytest.mark.urls("familjecentral.urls")
def test_the_login_page_is_unchanged_while_oidc_is_off(client, db):
    page = client.get(reverse("login")).content.decode()

    assert "Logga in med" not in page

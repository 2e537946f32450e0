"""SAML login against pysaml2's own identity provider, made by each test: keys and certificates
made at test time (once per name for the run), signed responses from `saml2.server.Server`,
posted to the portal's ACS after a login the test client started. Offline: nothing leaves the
process."""

from __future__ import annotations

import base64
import calendar
import datetime
import re
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, time_util
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_TRANSIENT
from saml2.server import Server

from federation.accounts import NEW_ACCOUNT_MESSAGE
from federation.models import Identity

IDP_ID = "https://idp.example.se/idp"
SSO_URL = "https://idp.example.se/sso/redirect"
BASE_URL = "https://portal.example.se"
ACS_URL = BASE_URL + "/konto/saml2/acs/"
SP_ID = BASE_URL + "/konto/saml2/metadata/"
# employeeHsaId in the Swedish eID framework (Sambi); pysaml2 has no friendly name for it.
HSA_ID_ATTRIBUTE = "urn:oid:1.2.752.29.6.2.1"
MAIL_OID = "urn:oid:0.9.2342.19200300.100.1.3"


# Making an RSA key is slow: each name's pair is made once for the module and written again.
_PEMS: dict[str, tuple[bytes, bytes]] = {}


def make_key_pair(directory, name: str) -> tuple[str, str]:
    """A self-signed certificate and its private key, as PEM files; the same pair for the same
    name (a different name, a different key)."""
    if name not in _PEMS:
        _PEMS[name] = _new_key_pair(name)
    key_pem, cert_pem = _PEMS[name]
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(key_pem)
    cert_file.write_bytes(cert_pem)
    return str(key_file), str(cert_file)


def _new_key_pair(name: str) -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def make_idp(directory, sp_metadata_file: str, *, key_name: str = "idp", lifetime: int = 15):
    """pysaml2's IdP, knowing the portal from its metadata; `lifetime` in minutes (negative:
    assertions that have already expired)."""
    key_file, cert_file = make_key_pair(directory, key_name)
    conf = IdPConfig()
    conf.load(
        {
            "entityid": IDP_ID,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"local": [sp_metadata_file]},
            "allow_unknown_attributes": True,
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(SSO_URL, BINDING_HTTP_REDIRECT)]},
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": lifetime},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                }
            },
        }
    )
    # The IdP sends the HSA-id by its OID (as "hsaId" in the tests' identities).
    uri = next(ac for ac in conf.attribute_converters if ac.name_format == NAME_FORMAT_URI)
    uri._to["hsaid"] = HSA_ID_ATTRIBUTE
    return Server(config=conf), conf


@pytest.fixture
def saml(settings, tmp_path, client, world):
    """SAML on, matched by e-mail; the IdP made from the portal's own metadata."""
    sp_key, sp_cert = make_key_pair(tmp_path, "sp")
    settings.SAML_ENABLED = True
    settings.SAML_PROVIDER_NAME = "SITHS"
    settings.PORTAL_BASE_URL = BASE_URL
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.se"]
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = sp_key, sp_cert
    settings.SAML_MATCH_ON, settings.SAML_MATCH_ATTRIBUTE = "email", "mail"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "federation.saml.PortalSaml2Backend",
    ]
    # The SP's metadata needs the IdP's and the IdP's needs the SP's: first the SP's without.
    idp_metadata = tmp_path / "idp.xml"
    idp_metadata.write_text(
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'entityID="{IDP_ID}"/>'
    )
    settings.SAML_IDP_METADATA_FILE = str(idp_metadata)
    sp_metadata = tmp_path / "sp.xml"
    sp_metadata.write_bytes(client.get(reverse("saml2_metadata")).content)
    idp, idp_conf = make_idp(tmp_path, str(sp_metadata))
    idp_metadata.write_text(str(entity_descriptor(idp_conf)))
    return SimpleNamespace(
        idp=idp, dir=tmp_path, sp_metadata=str(sp_metadata), settings=settings, world=world
    )


def start_login(client, next_path: str = "/") -> str:
    """The portal's AuthnRequest, as the IdP receives it: its ID."""
    response = client.get(reverse("saml2_login"), {"next": next_path})
    assert response.status_code == 302 and response["Location"].startswith(SSO_URL)
    return parse_qs(urlparse(response["Location"]).query)["SAMLRequest"][0]


def answer(idp: Server, saml_request: str, identity: dict, **overrides) -> str:
    request = idp.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
    kwargs = {
        "identity": identity,
        "in_response_to": request.message.id,
        "destination": ACS_URL,
        "sp_entity_id": SP_ID,
        "name_id_policy": None,
        "userid": "someone",
        "authn": {"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
        "sign_assertion": True,
        "sign_response": False,
    } | overrides
    return str(idp.create_authn_response(**kwargs))


def post(client, xml: str, relay_state: str = "/"):
    return client.post(
        reverse("saml2_acs"),
        {"SAMLResponse": base64.b64encode(xml.encode()).decode(), "RelayState": relay_state},
    )


def logged_in_as(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).username if user_id else None


def refusal(audit) -> str:
    events = [(e, f) for e, f in audit() if e.startswith("federated_login")]
    assert [e for e, _f in events] == ["federated_login_refused"]
    return events[0][1]["reason"]


def test_it_logs_an_existing_account_in_by_its_email_address(client, saml, audit):
    xml = answer(saml.idp, start_login(client), {"mail": ["Alice@example.org"]})

    response = post(client, xml, relay_state="/register/")

    assert response.status_code == 302 and response["Location"] == "/register/"
    assert logged_in_as(client) == "alice"
    event, fields = next((e, f) for e, f in audit() if e == "federated_login")
    assert fields["user"] == "alice" and fields["provider"] == "saml"
    assert fields["idp"] == IDP_ID
    assert "SAMLResponse" not in str(audit()) and "Assertion" not in str(audit())


def test_it_matches_by_hsa_id_when_told_to(client, saml, settings):
    settings.SAML_MATCH_ON, settings.SAML_MATCH_ATTRIBUTE = "hsa_id", HSA_ID_ATTRIBUTE
    Identity.objects.create(user=saml.world.bob, hsa_id="SE2321000131-E000000000002")
    identity = {"hsaId": ["SE2321000131-E000000000002"], "mail": ["other@example.org"]}
    xml = answer(saml.idp, start_login(client), identity)

    post(client, xml)

    assert logged_in_as(client) == "bob"


def test_it_finds_the_match_attribute_by_its_oid_too(client, saml, settings):
    settings.SAML_MATCH_ATTRIBUTE = MAIL_OID  # pysaml2 presents it as "mail"
    xml = answer(saml.idp, start_login(client), {"mail": ["alice@example.org"]})

    post(client, xml)

    assert logged_in_as(client) == "alice"


def test_it_gives_an_unknown_person_an_account_without_rights(client, saml, audit):
    identity = {"mail": ["ny.person@example.org"], "givenName": ["Nina"], "sn": ["Nilsson"]}
    xml = answer(saml.idp, start_login(client), identity)

    response = post(client, xml)

    user = get_user_model().objects.get(email="ny.person@example.org")
    assert logged_in_as(client) == user.username
    assert (user.first_name, user.last_name) == ("Nina", "Nilsson")
    assert not user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert not user.assignments.exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert str(NEW_ACCOUNT_MESSAGE) in messages
    assert "Ditt konto är skapat men har ännu ingen behörighet" in messages[0]
    assert [e for e, _f in audit() if e.startswith("federated")] == [
        "federated_account_created",
        "federated_login",
    ]


def test_it_refuses_a_tampered_assertion(client, saml, audit):
    xml = answer(saml.idp, start_login(client), {"mail": ["ny.person@example.org"]})
    tampered = xml.replace("ny.person@example.org", "alice@example.org")
    assert tampered != xml

    response = post(client, tampered)

    assert response.status_code == 403
    assert "Inloggningen nekades" in response.content.decode()
    assert logged_in_as(client) is None
    assert refusal(audit) == "tampered"


def test_it_refuses_an_assertion_signed_by_an_unknown_key(client, saml, audit):
    impostor, _conf = make_idp(saml.dir, saml.sp_metadata, key_name="impostor")
    xml = answer(impostor, start_login(client), {"mail": ["alice@example.org"]})

    response = post(client, xml)

    assert response.status_code == 403 and logged_in_as(client) is None
    assert refusal(audit) == "unknown_signature"


def test_it_refuses_an_unsigned_assertion(client, saml, audit):
    xml = answer(
        saml.idp, start_login(client), {"mail": ["alice@example.org"]}, sign_assertion=False
    )

    response = post(client, xml)

    assert response.status_code == 403 and logged_in_as(client) is None
    assert refusal(audit) == "unsigned"


def test_it_refuses_an_expired_assertion(client, saml, audit, monkeypatch):
    xml = answer(saml.idp, start_login(client), {"mail": ["alice@example.org"]})
    not_on_or_after = re.search(r'<saml:Conditions [^>]*NotOnOrAfter="([^"]+)"', xml)[1]
    # The response arrives after its NotOnOrAfter (15 minutes) and the minute of clock skew.
    later = calendar.timegm(time.strptime(not_on_or_after, "%Y-%m-%dT%H:%M:%SZ")) + 61
    monkeypatch.setattr(time_util, "utc_now", lambda: later)

    response = post(client, xml)

    assert response.status_code == 403 and logged_in_as(client) is None
    assert refusal(audit) == "expired"


def test_it_refuses_an_assertion_for_another_service(client, saml, audit, settings):
    # The IdP also serves another service of the federation; its assertion is posted here.
    other_id = "https://other.example.se/saml2/metadata/"
    settings.SAML_ENTITY_ID = other_id
    saml.idp.metadata.load("inline", client.get(reverse("saml2_metadata")).content.decode())
    settings.SAML_ENTITY_ID = ""
    xml = answer(
        saml.idp, start_login(client), {"mail": ["alice@example.org"]}, sp_entity_id=other_id
    )
    assert f"<saml:Audience>{other_id}</saml:Audience>" in xml

    response = post(client, xml)

    assert response.status_code == 403 and logged_in_as(client) is None
    assert refusal(audit) == "wrong_audience"


def test_it_refuses_a_replayed_response(client, saml, audit):
    xml = answer(saml.idp, start_login(client), {"mail": ["alice@example.org"]})
    post(client, xml)
    assert logged_in_as(client) == "alice"
    client.logout()

    response = post(client, xml)

    assert response.status_code == 403 and logged_in_as(client) is None
    assert [f.get("reason") for e, f in audit() if e.startswith("federated_login")] == [
        None,
        "replay",
    ]


def test_it_refuses_a_response_to_a_login_it_did_not_start(client, saml, audit, settings):
    other = type(client)()
    xml = answer(saml.idp, start_login(other), {"mail": ["alice@example.org"]})

    response = post(client, xml)

    assert response.status_code == 403 and logged_in_as(client) is None
    assert refusal(audit) == "unsolicited"


def test_it_serves_its_metadata_naming_the_acs_and_its_signing_certificate(client, saml):
    response = client.get(reverse("saml2_metadata"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    body = response.content.decode()
    assert f'entityID="{SP_ID}"' in body
    assert f'Location="{ACS_URL}"' in body and BINDING_HTTP_POST in body
    assert 'WantAssertionsSigned="true"' in body
    cert_pem = Path(saml.settings.SAML_SP_CERT_FILE).read_text()
    cert_b64 = "".join(cert_pem.strip().splitlines()[1:-1])
    assert cert_b64 in "".join(body.split())


def test_every_saml_url_is_not_found_while_saml_is_off(client, settings, db):
    settings.SAML_ENABLED = False
    for name in ["saml2_login", "saml2_metadata", "saml2_logout", "saml2_ls"]:
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("saml2_acs"), {"SAMLResponse": "x"}).status_code == 404


def test_it_answers_a_garbled_response_with_the_refusal_page(client, saml, audit):
    start_login(client)

    response = client.post(reverse("saml2_acs"), {"SAMLResponse": "inte-saml"})

    assert response.status_code == 403 and "Inloggningen nekades" in response.content.decode()
    assert refusal(audit) == "invalid_response"


def test_it_does_not_make_a_second_account_beside_a_deactivated_one(client, saml, audit):
    saml.world.alice.is_active = False
    saml.world.alice.save(update_fields=["is_active"])
    xml = answer(saml.idp, start_login(client), {"mail": ["alice@example.org"]})

    response = post(client, xml)

    assert response.status_code == 403 and logged_in_as(client) is None
    assert get_user_model().objects.filter(email__iexact="alice@example.org").count() == 1
    assert refusal(audit) == "account_inactive_or_ambiguous"


def test_the_login_page_offers_the_provider(client, saml):
    body = client.get(reverse("login")).content.decode()

    assert "Logga in med SITHS" in body and f'href="{reverse("saml2_login")}' in body


def test_a_saml_login_counts_as_two_step_when_the_provider_is_trusted_for_it(client, saml):
    saml.settings.PORTAL_REQUIRE_2FA = True  # charlie, a koordinator, must use two-step login
    saml.settings.PORTAL_2FA_TRUSTED_BACKENDS = ["federation.saml.PortalSaml2Backend"]
    xml = answer(saml.idp, start_login(client), {"mail": [saml.world.charlie.email]})

    post(client, xml)

    assert logged_in_as(client) == "charlie"
    assert client.get(reverse("home")).status_code == 200


def test_it_works_with_the_login_lockout_on(client, saml):
    saml.settings.AXES_ENABLED = True
    xml = answer(saml.idp, start_login(client), {"mail": ["alice@example.org"]})

    post(client, xml)

    assert logged_in_as(client) == "alice"

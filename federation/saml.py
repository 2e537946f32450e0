"""Login through a SAML 2.0 identity provider (SITHS through Inera's IdP, Sambi, Fedkom) with
djangosaml2 and pysaml2 (issue 21). The portal is the service provider: its metadata is served at
/konto/saml2/metadata/, the IdP posts its response to /konto/saml2/acs/.

Every assertion must be signed by a key in the IdP's metadata, be addressed to the portal
(audience), answer a login this browser started (no unsolicited responses) and be used only
once. The person is matched to an account by one attribute (federation.accounts); nobody gets
rights from a login. Everything is configured in settings (SAML_*), and off unless SAML_ENABLED.
"""

from __future__ import annotations

import base64
import binascii
import functools
import logging
import time
from functools import wraps

from defusedxml import ElementTree
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from djangosaml2.backends import Saml2Backend
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.attribute_converter import ac_factory, get_local_name
from saml2.config import SPConfig
from saml2.response import StatusError, UnsolicitedResponse
from saml2.saml import NAME_FORMAT_URI
from saml2.sigver import MissingKey, SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from familjecentral.audit import audit
from federation.accounts import EMAIL, account_for

PROVIDER = "saml"
# An assertion's ID is remembered this long: longer than any assertion lives.
USED_ASSERTION_SECONDS = 24 * 60 * 60
# Metadata fetched from SAML_IDP_METADATA_URL is kept this long in each process.
METADATA_SECONDS = 60 * 60

NS = {
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}


def enabled_only(view):
    """404 for every SAML URL while SAML is off: the portal then behaves as if it had none."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.SAML_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _absolute(name: str) -> str:
    # PORTAL_BASE_URL, not the request's Host header: the addresses end up in signed messages.
    return settings.PORTAL_BASE_URL + reverse(name)


def entity_id() -> str:
    return settings.SAML_ENTITY_ID or _absolute("saml2_metadata")


def _config_dict() -> dict:
    metadata: dict[str, list] = {}
    if settings.SAML_IDP_METADATA_FILE:
        metadata["local"] = [settings.SAML_IDP_METADATA_FILE]
    if settings.SAML_IDP_METADATA_URL:
        metadata["remote"] = [{"url": settings.SAML_IDP_METADATA_URL}]
    config = {
        "entityid": entity_id(),
        "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
        # The IdP's attributes by their names, also those pysaml2 has no friendly name for
        # (employeeHsaId, urn:oid:1.2.752.29.6.2.1).
        "allow_unknown_attributes": True,
        # Clocks differ a little between the IdP and the portal: a minute, no more.
        "accepted_time_diff": 60,
        "metadata": metadata,
        "service": {
            "sp": {
                "name": "Familjecentralportalen",
                "endpoints": {
                    "assertion_consumer_service": [(_absolute("saml2_acs"), BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (_absolute("saml2_ls"), BINDING_HTTP_REDIRECT),
                        (_absolute("saml2_ls_post"), BINDING_HTTP_POST),
                    ],
                },
                "want_assertions_signed": True,
                # Most IdPs sign the assertion, not the response around it: the assertion's
                # signature is the one required.
                "want_response_signed": False,
                "allow_unsolicited": False,
                "only_use_keys_in_metadata": True,
                "authn_requests_signed": bool(settings.SAML_SP_KEY_FILE),
                "logout_requests_signed": bool(settings.SAML_SP_KEY_FILE),
            }
        },
    }
    if settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE:
        config["key_file"] = settings.SAML_SP_KEY_FILE
        config["cert_file"] = settings.SAML_SP_CERT_FILE
        config["encryption_keypairs"] = [
            {"key_file": settings.SAML_SP_KEY_FILE, "cert_file": settings.SAML_SP_CERT_FILE}
        ]
    return config


@functools.lru_cache(maxsize=4)
def _remote_config(key: tuple) -> SPConfig:
    conf = SPConfig()
    conf.load(_config_dict())
    return conf


def sp_config(request: HttpRequest | None = None) -> SPConfig:
    """The SP configuration (SAML_CONFIG_LOADER). Metadata from a URL is fetched once an hour
    per process, not at every request."""
    if settings.SAML_IDP_METADATA_URL:
        key = (repr(sorted(_config_dict().items())), int(time.time() // METADATA_SECONDS))
        return _remote_config(key)
    conf = SPConfig()
    conf.load(_config_dict())
    return conf


class PortalSaml2Backend(Saml2Backend):
    """The account of the person the IdP vouches for, by SAML_MATCH_ATTRIBUTE: an existing
    active account, or a new one without rights. Never staff, never an assignment."""

    def authenticate(
        self,
        request,
        session_info=None,
        attribute_mapping=None,
        create_unknown_user=True,
        assertion_info=None,
        **kwargs,
    ):
        if request is None or session_info is None or not settings.SAML_ENABLED:
            return None
        assertion_id = (assertion_info or {}).get("assertion_id")
        if not assertion_id or not cache.add(_used_key(assertion_id), True, USED_ASSERTION_SECONDS):
            return _refuse(request, "replay")
        ava = session_info.get("ava") or {}
        match_on = settings.SAML_MATCH_ON
        value = _first(ava, settings.SAML_MATCH_ATTRIBUTE)
        if not value:
            return _refuse(request, "missing_attribute")
        fields = _mapped(ava, attribute_mapping or settings.SAML_ATTRIBUTE_MAPPING)
        user = account_for(
            request,
            match_on=match_on,
            value=value,
            email=fields.get("email") or (value if match_on == EMAIL else ""),
            first_name=fields.get("first_name", ""),
            last_name=fields.get("last_name", ""),
        )
        if user is None:
            # A deactivated account, or an e-mail address several accounts share: a new
            # account would go around the deactivation or guess between people.
            return _refuse(request, "account_inactive_or_ambiguous")
        audit(
            "federated_login",
            request,
            provider=PROVIDER,
            idp=session_info.get("issuer", ""),
            user=user.get_username(),
            match_on=match_on,
        )
        return user


def _first(ava: dict, attribute: str) -> str:
    """The attribute's first value. pysaml2 names the attributes it knows by their friendly
    name (urn:oid:0.9.2342.19200300.100.1.3 is "mail"): either name finds it."""
    names = [attribute]
    if attribute.startswith("urn:"):
        names.append(get_local_name(_attribute_converters(), attribute, NAME_FORMAT_URI))
    values = next((ava[name] for name in names if name and ava.get(name)), [])
    return str(values[0]).strip() if values else ""


@functools.cache
def _attribute_converters() -> list:
    """pysaml2's attribute names, as the SP configuration holds them (no attribute_map_dir is
    set): made once, not by loading the whole configuration and metadata at each lookup."""
    return ac_factory()


def _mapped(ava: dict, mapping: dict) -> dict[str, str]:
    """The account fields the mapping (SAML attribute → fields) names, from the attributes."""
    fields = {}
    for attribute, names in mapping.items():
        value = _first(ava, attribute)
        for name in [names] if isinstance(names, str) else names:
            if value and name in ("email", "first_name", "last_name"):
                fields.setdefault(name, value)
    return fields


def _used_key(assertion_id: str) -> str:
    return f"federation:saml-assertion:{assertion_id}"


def _refuse(request: HttpRequest, reason: str) -> None:
    request.saml_refusal = reason
    return None


def login_refused(
    request: HttpRequest, exception: Exception | None = None, status: int = 403, **kwargs
) -> HttpResponse:
    """The ACS's answer when a response is refused (SAML_ACS_FAILURE_RESPONSE_FUNCTION): a page
    in Swedish, never a 500, and the reason in the audit log (not the assertion)."""
    reason = getattr(request, "saml_refusal", None) or _reason(request, exception)
    audit(
        "federated_login_refused",
        request,
        level=logging.WARNING,
        provider=PROVIDER,
        reason=reason,
    )
    return render(
        request,
        "federation/saml_refused.html",
        {"provider_name": settings.SAML_PROVIDER_NAME},
        status=403,
    )


def _reason(request: HttpRequest, exception: Exception | None) -> str:
    if isinstance(exception, ResponseLifetimeExceed):
        return "expired"
    if isinstance(exception, ToEarly):
        return "not_yet_valid"
    if isinstance(exception, (SignatureError, MissingKey)):
        return _signature_reason(request)
    if isinstance(exception, UnsolicitedResponse):
        assertion = _assertion(request)
        seen = assertion is not None and cache.get(_used_key(assertion.get("ID", "")))
        return "replay" if seen else "unsolicited"
    if isinstance(exception, StatusError):
        return "idp_refused"
    if isinstance(exception, PermissionDenied):
        return "no_account"
    if "AudienceRestrictions" in str(exception):
        return "wrong_audience"
    return "invalid_response"


def _assertion(request: HttpRequest):
    """The posted response's assertion element, read only to name a refusal."""
    try:
        root = ElementTree.fromstring(base64.b64decode(request.POST.get("SAMLResponse", "")))
    except (binascii.Error, ValueError, ElementTree.ParseError):
        return None
    return root.find("saml:Assertion", NS)


def _signature_reason(request: HttpRequest) -> str:
    """ "unsigned", "unknown_signature" (a key the IdP's metadata does not have) or
    "tampered" (the IdP's key, but the content changed after signing)."""
    assertion = _assertion(request)
    if assertion is None or assertion.find("ds:Signature", NS) is None:
        return "unsigned"
    cert = assertion.find("ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)
    if cert is not None and cert.text:
        issuer = assertion.findtext("saml:Issuer", default="", namespaces=NS).strip()
        try:
            known = {
                "".join(c.split())
                for _name, c in sp_config(request).metadata.certs(issuer, "idpsso", "signing")
            }
        except Exception:  # an unknown issuer: no key of its is known
            known = set()
        if "".join(cert.text.split()) not in known:
            return "unknown_signature"
    return "tampered"

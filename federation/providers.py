"""The identity providers the login page offers, one "Logga in med <namn>" button each."""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.urls import reverse


class Provider(NamedTuple):
    name: str
    url: str


def configured() -> list[Provider]:
    """The providers turned on in the settings, OIDC first. Each one's URLs exist only while it
    is on (familjecentral/urls.py), so they are reversed only then."""
    providers = []
    if settings.OIDC_ENABLED:
        providers.append(Provider(settings.OIDC_PROVIDER_NAME, reverse("oidc_authentication_init")))
    if getattr(settings, "SAML_ENABLED", False):
        providers.append(Provider(settings.SAML_PROVIDER_NAME, reverse("saml2_login")))
    return providers

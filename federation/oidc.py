"""Login through an OpenID Connect provider (issue 21), on mozilla-django-oidc.

The authorization code flow with PKCE, state and nonce is the library's. The portal adds what it
leaves open: the ID token's signature, audience, expiry and issuer are all checked (the library
skips the audience); the person is matched to an account by one configurable claim through
`federation.accounts` and never gets rights from the provider; and every way a callback can fail
ends on the login page with a message in Swedish and a line in the audit log, never an error page.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from familjecentral.audit import audit
from federation.accounts import EMAIL, HSA_ID, account_for

BACKEND = "federation.oidc.PortalOIDCBackend"
PROVIDER = "oidc"


class Refused(Exception):
    """A callback the portal does not accept; `reason` goes to the audit log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _message(reason: str) -> str:
    name = settings.OIDC_PROVIDER_NAME
    if reason in ("state", "provider_error"):
        return _(
            "The login through %(provider)s was interrupted or had already been used. "
            "Please try again."
        ) % {"provider": name}
    if reason in ("claim_missing", "account_unusable"):
        return _(
            "%(provider)s did not name an account the portal can log you in to. "
            "Ask your coordinator for help."
        ) % {"provider": name}
    return _(
        "The answer from %(provider)s could not be accepted, so you were not logged in. "
        "Please try again."
    ) % {"provider": name}


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def retrieve_matching_jwk(self, token):
        """The provider's key named by the token's kid; a provider with a single key may leave
        the kid out (the library then fails with a KeyError)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Refused("malformed_token") from exc
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        response.raise_for_status()
        keys = [
            k
            for k in response.json().get("keys", [])
            if k.get("use", "sig") == "sig" and k.get("alg", header.get("alg")) == header.get("alg")
        ]
        if len(keys) != 1:
            raise Refused("signing_key")
        return jwt.PyJWK(keys[0])

    def _verify_jws(self, payload, key):
        """The signature, and what the library leaves out: the audience (this portal's client
        id), the expiry and, when configured, the issuer."""
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as exc:
            raise Refused("malformed_token") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refused("algorithm")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER or None,
                options={"require": ["exp", "iat", "aud", "sub"]},
            )
        except jwt.InvalidAudienceError as exc:
            raise Refused("audience") from exc
        except jwt.ExpiredSignatureError as exc:
            raise Refused("expired") from exc
        except jwt.InvalidIssuerError as exc:
            raise Refused("issuer") from exc
        except jwt.PyJWTError as exc:
            raise Refused("signature") from exc

    def verify_token(self, token, **kwargs):
        if not token:
            raise Refused("no_id_token")
        payload = super().verify_token(token, **kwargs)
        # A token for several audiences names the client it was issued to in azp (OIDC Core
        # 3.1.3.7): that must be this portal.
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        azp = payload.get("azp")
        if (len(audiences) > 1 or azp) and azp != self.OIDC_RP_CLIENT_ID:
            raise Refused("audience")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise Refused("subject_mismatch")
        match_on = HSA_ID if settings.OIDC_MATCH_ON == HSA_ID else EMAIL
        value = str(claims.get(settings.OIDC_MATCH_CLAIM) or "").strip()
        if not value:
            raise Refused("claim_missing")
        user = account_for(
            self.request,
            match_on=match_on,
            value=value,
            email=str(claims.get("email") or ""),
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
        )
        if user is None:
            # A deactivated account, or an e-mail address shared by several: the provider's
            # word does not decide which person this is, nor bring a closed account back.
            raise Refused("account_unusable")
        return user


class CallbackView(OIDCAuthenticationCallbackView):
    """The redirect URI. A refusal of any kind (the provider's error, a state this session did
    not start or already used, a token that fails a check, a person the portal cannot take)
    is audited and shown on the login page."""

    @property
    def failure_url(self) -> str:
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", "login"))

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        state = request.GET.get("state")
        if "error" in request.GET:
            super().get(request)  # forgets the state, logs out
            return self.refuse("provider_error")
        if state not in request.session.get("oidc_states", {}):
            return self.refuse("state")
        try:
            response = super().get(request)
        except Refused as exc:
            return self.refuse(exc.reason)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            logging.getLogger(__name__).warning("OIDC callback refused: %s", exc)
            return self.refuse("token")
        except requests.RequestException as exc:
            # The token endpoint refused the code (used twice, or for another client) or the
            # provider could not be reached.
            logging.getLogger(__name__).warning("OIDC token request failed: %s", exc)
            return self.refuse("token_endpoint")
        if response.url == self.failure_url:
            return self.refuse("inactive")
        return response

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        audit("federated_login", self.request, provider=PROVIDER, user=self.user.get_username())
        return response

    def refuse(self, reason: str) -> HttpResponse:
        audit(
            "federated_login_refused",
            self.request,
            level=logging.WARNING,
            provider=PROVIDER,
            reason=reason,
        )
        messages.error(self.request, _message(reason))
        return HttpResponseRedirect(self.failure_url)


def end_session_url(request: HttpRequest) -> str:
    """Where logging out leads: the provider's end_session endpoint (RP-initiated logout) when
    the session came from it and it has one, back to the login page after; else the login
    page. Called before the portal's own session ends (it reads the ID token from it)."""
    after = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if not (
        settings.OIDC_ENABLED
        and settings.OIDC_OP_LOGOUT_ENDPOINT
        and request.session.get(BACKEND_SESSION_KEY) == BACKEND
    ):
        return after
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"

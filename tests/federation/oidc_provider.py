"""A real OpenID Connect provider for the tests: oidc-provider-mock (authlib under Flask) in a
thread on a free local port, with client registration and nonces required as a strict provider
would. The portal is configured for it by `enable`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace

import requests
from oidc_provider_mock import run_server_in_thread

from federation.oidc import BACKEND


@contextmanager
def provider(access_token_max_age: timedelta = timedelta(hours=1)) -> Iterator[str]:
    """The provider's base URL while it runs."""
    with run_server_in_thread(
        require_client_registration=True,
        require_nonce=True,
        access_token_max_age=access_token_max_age,
    ) as server:
        yield f"http://localhost:{server.server_port}"


def register(base: str, redirect_uri: str) -> SimpleNamespace:
    """A client registered at the provider (dynamic registration): its id and secret."""
    response = requests.post(
        f"{base}/oauth2/clients",
        json={"redirect_uris": [redirect_uri], "token_endpoint_auth_method": "client_secret_post"},
        timeout=5,
    )
    response.raise_for_status()
    body = response.json()
    return SimpleNamespace(id=body["client_id"], secret=body["client_secret"])


def set_person(base: str, sub: str, **claims) -> None:
    """What the provider says about the person `sub` when they log in."""
    requests.put(f"{base}/users/{sub}", json=claims, timeout=5).raise_for_status()


def enable(settings, base: str, client: SimpleNamespace, **overrides) -> None:
    """Turn the portal's OIDC login on for the provider at `base` (the test's settings only)."""
    values = {
        "OIDC_ENABLED": True,
        "OIDC_PROVIDER_NAME": "Kommunens inloggning",
        "OIDC_RP_CLIENT_ID": client.id,
        "OIDC_RP_CLIENT_SECRET": client.secret,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{base}/oauth2/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{base}/oauth2/token",
        "OIDC_OP_USER_ENDPOINT": f"{base}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{base}/jwks",
        "OIDC_OP_LOGOUT_ENDPOINT": f"{base}/oauth2/end_session",
        "OIDC_OP_ISSUER": base,
        "AUTHENTICATION_BACKENDS": [*settings.AUTHENTICATION_BACKENDS, BACKEND],
        **overrides,
    }
    for name, value in values.items():
        setattr(settings, name, value)

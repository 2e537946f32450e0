"""Settings for the familjecentral portal, read from the environment through django-environ.

Every variable is documented in `.env.example`. Local defaults let a fresh clone run; with
DJANGO_DEBUG off a missing secret key or a bad value stops the start loudly.
"""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# A typo must not quietly pick a mode: only these words are accepted.
_BOOLEANS = dict.fromkeys(["true", "1", "yes", "on"], True) | dict.fromkeys(
    ["false", "0", "no", "off"], False
)
_debug = env.str("DJANGO_DEBUG", default="true").strip().lower()
if _debug not in _BOOLEANS:
    raise ImproperlyConfigured(f"DJANGO_DEBUG must be true or false, not {_debug!r}.")
DEBUG = _BOOLEANS[_debug]

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-local-development-key-only")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to at least 50 characters when DJANGO_DEBUG is off."
        )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, overridable in templates/ (FORM_RENDERER below)
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "familjecentral.apps.PortalConfig",
    "centres",
    "coordination",
    "followup",
    "notifications",
    "federation",
]

# Widgets render through the project's templates, so that templates/django/forms/ can say an
# empty choice in Swedish ("Välj …") instead of Django's "---------".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "familjecentral.audit.PermissionDeniedLog",
    "familjecentral.twofactor.TwoFactorMiddleware",
    # Last, so a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "familjecentral.urls"
WSGI_APPLICATION = "familjecentral.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "familjecentral.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    # A kept connection is tested before a request uses it: after a database restart the
    # portal reconnects instead of failing (scripts/restart_check.py shows it).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two-step login (familjecentral/twofactor.py): anyone may turn it on; with this setting on,
# superusers and the roles that approve reports must. Logins through the trusted backends
# (an identity provider with its own second factor) owe no second step.
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)
PORTAL_2FA_TRUSTED_BACKENDS = env.list("PORTAL_2FA_TRUSTED_BACKENDS", default=[])
OTP_TOTP_ISSUER = "Familjecentralportalen"
# Django admin lists the devices (an admin resets a lost phone by deleting them), not their keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "familjecentral.views.csrf_failure"

# Federated login (issue 21, federation/): OpenID Connect through mozilla-django-oidc, off by
# default. The portal is registered at the provider with the redirect URI
# https://<host>/konto/oidc/callback/ (README: Federated login).
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
# The ID token's issuer must be this when set (the provider's "issuer" in its discovery document).
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
# end_session: logging out of the portal also ends the provider's session where it has one.
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_OP_LOGOUT_URL_METHOD = "federation.oidc.end_session_url"
# Which claim names the person, and whether it is compared with the account's e-mail address
# or with its HSA-id (federation.accounts.find_account).
OIDC_MATCH_CLAIM = env.str("OIDC_MATCH_CLAIM", default="email")
OIDC_MATCH_ON = env.str("OIDC_MATCH_ON", default="email")
if OIDC_MATCH_ON not in ("email", "hsa_id"):
    raise ImproperlyConfigured(f"OIDC_MATCH_ON must be email or hsa_id, not {OIDC_MATCH_ON!r}.")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of end_session
OIDC_CREATE_USER = False  # federation.oidc creates accounts itself, without rights
OIDC_CALLBACK_CLASS = "federation.oidc.CallbackView"
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_PROVIDER_NAME",
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_ENABLED needs {', '.join(_missing)}.")
    AUTHENTICATION_BACKENDS.append("federation.oidc.PortalOIDCBackend")
    # Logins through the provider owe no second step when it does its own (SITHS, Freja eID).
    if env.bool("OIDC_TRUSTED_FOR_2FA", default=False):
        PORTAL_2FA_TRUSTED_BACKENDS.append("federation.oidc.PortalOIDCBackend")
# Without local login only superusers log in with a password; everyone else through a provider.
PORTAL_LOCAL_LOGIN = env.bool("PORTAL_LOCAL_LOGIN", default=True)

# django-axes: lock an account and address pair after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "familjecentral.security.client_ip"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package-lock.json) and are served from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A login lasts a working day and ends when the browser closes.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)

# HTTPS: off for local development (DJANGO_DEBUG=true), on in production unless told otherwise.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
X_FRAME_OPTIONS = "DENY"

# Behind a reverse proxy: how many proxies in front of the portal may be trusted. They set
# X-Forwarded-Proto (HTTPS) and append the client's address to X-Forwarded-For; the client is
# the address that many entries from the right (familjecentral.security.client_ip). With 0, the
# portal trusts neither header and the client is REMOTE_ADDR.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
if PORTAL_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: only the portal's own files, no inline script or style anywhere
# (templates, Django admin, charts). The browser tests fail on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Style attributes: none, except the one Django admin's history page writes
        # (<p class="paginator" style="border-top: 0">), allowed by its exact hash.
        "style-src-attr": [
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Logging out posts a form that the portal answers with a redirect to the provider's end_session
# endpoint; browsers hold such a redirect to form-action, so the provider is allowed there.
if OIDC_ENABLED and OIDC_OP_LOGOUT_ENDPOINT:
    _end_session = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_end_session.scheme}://{_end_session.netloc}"
    )

# Shown in the layout so nobody takes the demo register for real data.
PORTAL_DEMO_BANNER = env.bool("PORTAL_DEMO_BANNER", default=DEBUG)

# In what is meant for publication (the årsrapport), head counts from 1 up to this are shown as
# "<5" (with the default), so that nobody can be singled out by a small number.
PORTAL_PUBLICATION_THRESHOLD = env.int("PORTAL_PUBLICATION_THRESHOLD", default=5)

# Where the tillgänglighetsredogörelse asks people to report accessibility problems.
PORTAL_ACCESSIBILITY_CONTACT = env.str("PORTAL_ACCESSIBILITY_CONTACT", default="")

# Four eyes (DESIGN.md rule 9): whoever submitted a report does not approve it (superusers may).
PORTAL_FOUR_EYES = env.bool("PORTAL_FOUR_EYES", default=True)

# Plausibility on entry (issue 19): a report's figure more than this many times larger or
# smaller than the centre's figure in the period before asks "Stämmer siffran?" before the
# report is submitted (a warning the user confirms, never a block).
FOLLOWUP_PLAUSIBILITY_FACTOR = env.float("FOLLOWUP_PLAUSIBILITY_FACTOR", default=3.0)

# E-mail (issue 20, notifications.services): where `send_notifications` sends its messages.
# EMAIL_URL is django-environ's form, e.g. smtp+tls://user:password@smtp.example.se:587;
# the default prints each message to the console, so `make run` needs no mail server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS, …
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Familjecentralsportalen <noreply@familjecentral.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's own address: messages link to it (no request to build links from in a command).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Reminders this many days before a period's last day on time; the weekly digest on this
# weekday (0 Monday … 6 Sunday) lists reports waiting for review longer than this many days.
NOTIFY_REMINDER_DAYS = [int(n) for n in env.list("NOTIFY_REMINDER_DAYS", default=["7", "1"])]
NOTIFY_REVIEW_WAITING_DAYS = env.int("NOTIFY_REVIEW_WAITING_DAYS", default=5)
NOTIFY_DIGEST_WEEKDAY = env.int("NOTIFY_DIGEST_WEEKDAY", default=0)

# `make bench` only (familjecentral/bench.py): a minimal view at /_bench/ok/ and the number of
# SQL queries of each request in a response header. Never in production.
PORTAL_BENCH = env.bool("PORTAL_BENCH", default=False)
if PORTAL_BENCH:
    MIDDLEWARE = ["familjecentral.bench.QueryCount", *MIDDLEWARE]

# Login through a SAML identity provider (federation/saml.py, README: Federated login). Off
# unless SAML_ENABLED; the SP configuration is built from these at each request.
SAML_ENABLED = env.bool("SAML_ENABLED", default=False)
SAML_PROVIDER_NAME = env.str("SAML_PROVIDER_NAME", default="SITHS")
SAML_ENTITY_ID = env.str("SAML_ENTITY_ID", default="")
SAML_IDP_METADATA_URL = env.str("SAML_IDP_METADATA_URL", default="")
SAML_IDP_METADATA_FILE = env.str("SAML_IDP_METADATA_FILE", default="")
SAML_SP_CERT_FILE = env.str("SAML_SP_CERT_FILE", default="")
SAML_SP_KEY_FILE = env.str("SAML_SP_KEY_FILE", default="")
SAML_XMLSEC_BINARY = env.str("SAML_XMLSEC_BINARY", default="") or shutil.which("xmlsec1") or ""
SAML_MATCH_ON = env.str("SAML_MATCH_ON", default="email")
SAML_MATCH_ATTRIBUTE = env.str("SAML_MATCH_ATTRIBUTE", default="mail")
SAML_ATTRIBUTE_MAPPING = env.json(
    "SAML_ATTRIBUTE_MAPPING",
    default={"mail": ["email"], "givenName": ["first_name"], "sn": ["last_name"]},
)
SAML_CONFIG_LOADER = "federation.saml.sp_config"
SAML_ACS_FAILURE_RESPONSE_FUNCTION = "federation.saml.login_refused"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"  # no inline script
SAML_SESSION_COOKIE_NAME = "saml_session"
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "djangosaml2.middleware.SamlSessionMiddleware",
)
if SAML_ENABLED:
    AUTHENTICATION_BACKENDS.append("federation.saml.PortalSaml2Backend")
    if env.bool("SAML_TRUSTED_FOR_2FA", default=False):
        PORTAL_2FA_TRUSTED_BACKENDS.append("federation.saml.PortalSaml2Backend")
    if SAML_MATCH_ON not in ("email", "hsa_id"):
        raise ImproperlyConfigured("SAML_MATCH_ON must be email or hsa_id.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"audit": {"()": "familjecentral.log.JsonLines"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "audit": {"class": "logging.StreamHandler", "formatter": "audit"},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    # Logins, failed logins, lockouts and refusals, one JSON line each (familjecentral.audit).
    "loggers": {
        "familjecentral.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
    },
}

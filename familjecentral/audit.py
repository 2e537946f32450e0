"""The audit log: logins, failed logins, lockouts and every refusal, one structured line each.

Each line is a JSON object on the logger `familjecentral.audit` (time, event, user, client
address, path, and what else the event knows), so a log collector can search and count them.
Passwords are never logged; a failed login logs the user name that was tried.
"""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from familjecentral.security import client_ip

log = logging.getLogger("familjecentral.audit")


def audit(event: str, request=None, level: int = logging.INFO, **fields) -> None:
    if request is not None:
        user = getattr(request, "user", None)
        fields.setdefault(
            "user", user.get_username() if user is not None and user.is_authenticated else None
        )
        fields.setdefault("ip", client_ip(request))
        fields.setdefault("method", request.method)
        fields.setdefault("path", request.path)
    log.log(level, event, extra={"audit": fields})


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    audit("login", request, user=user.get_username())


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    audit("logout", request, user=user.get_username() if user else None)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit(
        "login_failed",
        request,
        level=logging.WARNING,
        user=None,
        username=credentials.get("username", ""),
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit("lockout", request, level=logging.WARNING, user=None, username=username)


class PermissionDeniedLog:
    """Middleware: every refusal (PermissionDenied from a view or a rule) is logged with who
    asked for what, before Django answers 403."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, "_audit_logged", False):
            audit("permission_denied", request, level=logging.WARNING)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit("permission_denied", request, level=logging.WARNING, reason=str(exception))
            request._audit_logged = True
        return None

"""One way to refuse: 403 for what the user may see but not do (STYLE.md, rule 4)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_perm(request: HttpRequest, perm: str, obj: object = None) -> None:
    """PermissionDenied unless the user has `perm` (on `obj`); the audit middleware
    (familjecentral.audit.PermissionDeniedLog) logs the refusal with who asked for what."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied

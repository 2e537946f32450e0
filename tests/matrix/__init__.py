"""The access matrix: for every URL of the portal and every role in the cast, the expected status.

Each app has a module here with `ROWS` (and optionally `build(world)` to add the objects its
URLs need). `tests/test_access_matrix.py` runs every row for every role and fails when a URL
name of the portal has no row.

A row's `expect` maps role names (see `tests.conftest.ROLES`) to a status; `default` covers the
roles not named. Anonymous users always get a redirect to the login page (302) unless a row
says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any


@dataclass(frozen=True)
class Row:
    name: str  # the URL name, e.g. "centres:centre-detail"
    kwargs: Callable[[SimpleNamespace], dict[str, Any]] = lambda w: {}
    expect: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    data: Callable[[SimpleNamespace], dict[str, Any]] = lambda w: {}
    query: str = ""  # appended to the URL, e.g. "?format=csv"

    def status_for(self, role: str) -> int:
        if role in self.expect:
            return self.expect[role]
        if role == "anonymous":
            return 302
        return self.expect["default"]


def everyone(status: int = 200, **overrides: int) -> dict[str, int]:
    """Every logged-in role gets `status`; `overrides` name the exceptions."""
    return {"default": status, **overrides}

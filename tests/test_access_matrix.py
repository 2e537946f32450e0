"""Every URL of the portal, for every role of the cast: the expected status code."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.matrix
from tests.conftest import ROLES, build_world

MODULES = [
    importlib.import_module(f"tests.matrix.{m.name}")
    for m in pkgutil.iter_modules(tests.matrix.__path__)
]
ALL_ROWS = [row for module in MODULES for row in module.ROWS]


def _url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue  # Django admin: covered by its own tests, staff only
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}{p.name}")
    return names


def test_it_has_a_row_for_every_url():
    missing = _url_names(get_resolver().url_patterns) - {row.name for row in ALL_ROWS}
    assert not missing, f"URLs without a row in tests/matrix: {sorted(missing)}"


@pytest.mark.parametrize("row", ALL_ROWS, ids=[f"{r.method}-{r.name}{r.query}" for r in ALL_ROWS])
def test_it_answers_each_role_as_the_matrix_says(db, client, row):
    w = build_world()
    for module in MODULES:
        if hasattr(module, "build"):
            module.build(w)
    url = reverse(row.name, kwargs=row.kwargs(w)) + row.query
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(w, role))
        # Each role acts on the same world: roll back what a POST changed.
        with transaction.atomic():
            response = getattr(client, row.method)(url, row.data(w))
            got[role] = response.status_code
            transaction.set_rollback(True)
    expected = {role: row.status_for(role) for role in ROLES}
    assert got == expected

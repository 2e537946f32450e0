"""Every URL of the portal, for every role of the cast: the expected status code."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.conf import settings as conf
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse

import tests.matrix
from tests.conftest import ROLES, build_world, shared_by_module

MODULES = [
    importlib.import_module(f"tests.matrix.{m.name}")
    for m in pkgutil.iter_modules(tests.matrix.__path__)
]
ALL_ROWS = [row for module in MODULES for row in module.ROWS]


def _url_names(patterns, namespace: str = "") -> set[str]:
    """The names of the portal's URLs; a pattern without a name cannot have a row, so it is
    reported as "<unnamed …>" and the matrix fails until it gets a name."""
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue  # Django admin: covered by its own tests, staff only
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            names.add(f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>")
    return names


def test_it_has_a_row_for_every_url():
    missing = _url_names(get_resolver().url_patterns) - {row.name for row in ALL_ROWS}
    assert not missing, f"URLs without a row in tests/matrix: {sorted(missing)}"


def test_it_counts_a_url_without_a_name_as_missing_from_the_matrix():
    patterns = [
        path("named/", lambda r: None, name="named"),
        path("samordning/", include(([path("hemlig/", lambda r: None)], "coordination"))),
        path("admin/", include(([path("x/", lambda r: None)], "admin"))),
    ]

    assert _url_names(patterns) == {"named", "coordination:<unnamed hemlig/>"}


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast and every module's objects, built once: each row's test runs in a savepoint."""
    media = tmp_path_factory.mktemp("media")
    with shared_by_module(django_db_blocker, MEDIA_ROOT=media):
        w = build_world()
        for module in MODULES:
            if hasattr(module, "build"):
                module.build(w)
        w.media_root = media
        # One login per role for the module: a row's requests reuse its session cookie (what a
        # request changes in the session is rolled back with the rest).
        w.session_keys = {}
        for role in ROLES[1:]:
            login = Client()
            login.force_login(getattr(w, role))
            w.session_keys[role] = login.cookies[conf.SESSION_COOKIE_NAME].value
        yield w


@pytest.mark.parametrize("row", ALL_ROWS, ids=[f"{r.method}-{r.name}{r.query}" for r in ALL_ROWS])
def test_it_answers_each_role_as_the_matrix_says(matrix_world, db, client, settings, row):
    w = matrix_world
    settings.MEDIA_ROOT = w.media_root  # where the agreement's document was stored
    url = reverse(row.name, kwargs=row.kwargs(w)) + row.query
    got = {}
    for role in ROLES:
        client.cookies.clear()
        if role != "anonymous":
            client.cookies[conf.SESSION_COOKIE_NAME] = w.session_keys[role]
        # Each role acts on the same world: roll back what a POST changed.
        with transaction.atomic():
            response = getattr(client, row.method)(url, row.data(w))
            got[role] = response.status_code
            transaction.set_rollback(True)
    expected = {role: row.status_for(role) for role in ROLES}
    assert got == expected

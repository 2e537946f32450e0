"""The cast every view test uses.

Västra Götalandsregionen holds Göteborg, with districts Angered (centre Hjällbo) and Centrum
(centre Kungssten), and Härryda, with district Mölnlycke (centre Mölnlycke). The people:

- alice   samordnare of Hjällbo
- bob     processledare of Angered
- charlie övergripande koordinator of Göteborg
- diana   chef (read-only) of Angered
- eve     samordnare of Mölnlycke in Härryda: outside every Göteborg scope
- frank   logged in with no assignment
- grace   övergripande koordinator of Härryda: sets up Härryda's follow-up, not Göteborg's
- heidi   regional koordinator of Västra Götalandsregionen: the region's shared follow-up
- admin   Django superuser
"""

from __future__ import annotations

import copy
import datetime
import itertools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from centres.models import Principal
from tests.factories import (
    Role,
    assign,
    make_centre,
    make_district,
    make_municipality,
    make_region,
    make_user,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ROLES = ["anonymous", "alice", "bob", "charlie", "diana", "eve", "frank", "grace", "heidi", "admin"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.PORTAL_DEMO_BANNER = False


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.region = make_region()
    w.goteborg = make_municipality("Göteborg", "1480")
    w.harryda = make_municipality("Härryda", "1401")
    w.angered = make_district("Angered", w.goteborg, child_population=3200)
    w.centrum = make_district("Centrum", w.goteborg)
    w.molnlycke = make_district("Mölnlycke", w.harryda)
    w.hjallbo = make_centre("Hjällbo familjecentral", w.angered)
    w.kungssten = make_centre("Kungssten", w.centrum, services=["bvc", "oppen-forskola"])
    w.molnlycke_fc = make_centre("Mölnlycke familjecentral", w.molnlycke)
    w.alice = make_user("alice", first_name="Alice", last_name="Andersson")
    w.bob = make_user("bob", first_name="Bob", last_name="Berg")
    w.charlie = make_user("charlie", first_name="Charlie", last_name="Carlsson")
    w.diana = make_user("diana", first_name="Diana", last_name="Dahl")
    w.eve = make_user("eve", first_name="Eve", last_name="Ek")
    w.frank = make_user("frank", first_name="Frank", last_name="Falk")
    w.grace = make_user("grace", first_name="Grace", last_name="Gran")
    w.heidi = make_user("heidi", first_name="Heidi", last_name="Holm")
    w.admin = make_user("admin", superuser=True, first_name="Ada", last_name="Admin")
    assign(w.alice, Role.SAMORDNARE, w.hjallbo)
    assign(w.bob, Role.PROCESSLEDARE, w.angered)
    assign(w.charlie, Role.KOORDINATOR, w.goteborg)
    assign(w.diana, Role.CHEF, w.angered)
    assign(w.eve, Role.SAMORDNARE, w.molnlycke_fc)
    assign(w.grace, Role.KOORDINATOR, w.harryda)
    assign(w.heidi, Role.REGIONAL_KOORDINATOR, w.region, party=Principal.REGION)
    return w


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with shared_by_module(django_db_blocker):
        yield build_world()


@pytest.fixture(scope="module")
def _figures_once(_world_once, django_db_blocker) -> Iterator[SimpleNamespace]:
    from tests.followup.figures import build_figures

    with shared_by_module(django_db_blocker):
        yield build_figures(_world_once)


@pytest.fixture
def _fresh_copies() -> dict:
    """One test's memo for `copy.deepcopy`: `figures.world` is the test's `world`."""
    return {}


@pytest.fixture
def world(_world_once, db, _fresh_copies) -> SimpleNamespace:
    """The cast, built once for a module (see `shared_by_module`), as Django's TestCase does
    with setUpTestData: each test runs in a savepoint and gets its own copy of the objects, so
    what one test changes, in the database or on an object, the next never sees. A test whose
    data must be committed (`transactional_db`) builds its own with `build_world()`."""
    return copy.deepcopy(_world_once, _fresh_copies)


@pytest.fixture
def figures(_figures_once, world, _fresh_copies) -> SimpleNamespace:
    """The hand-computed figures of tests/followup/figures.py (issue 19) on the world, built
    once for a module like `world`."""
    return copy.deepcopy(_figures_once, _fresh_copies)


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@contextmanager
def shared_by_module(django_db_blocker, **overrides):
    """Data made once for a module of tests and rolled back when the module is done.

    Tests use it together with `db`: each runs in a savepoint inside this transaction, so what a
    test changes is undone after it and nothing leaks out of the module.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, **overrides),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`seed_demo` loaded once for a module of tests that only read it; its output is the value."""
    with shared_by_module(django_db_blocker):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()


TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def audit(caplog):
    """The audit events logged during the test, as (event, fields)."""
    logger = logging.getLogger("familjecentral.audit")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger=logger.name)
    yield lambda: [(r.getMessage(), r.audit) for r in caplog.records if r.name == logger.name]
    logger.removeHandler(caplog.handler)


@pytest.fixture
def frozen_today(monkeypatch) -> datetime.date:
    """timezone.localdate() without an argument gives TODAY, so pages whose default depends on
    the day (the dashboards' last twelve months) show the same whenever the tests run."""
    return freeze_today(monkeypatch)


def freeze_today(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    """`frozen_today` for a module-scoped fixture, with its own `pytest.MonkeyPatch`."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def _shared_layer(item) -> int:
    names = getattr(item, "fixturenames", ())
    return 2 if "figures" in names else 1 if "world" in names else 0


def pytest_collection_modifyitems(config, items):
    """Within each run of a module's tests (pytest-django has put the tests using the database
    first and the transactional ones after them), the tests without the shared world run
    first, then those with the world, then those with the figures: data built once for a
    module stays until the module ends, and a test that did not ask for it must not find it.

    Tests marked `postgresql` need row locks and a second connection that sees committed
    data: they run in .ci/run's PostgreSQL run and are deselected (not skipped) elsewhere."""
    from django.db import connection

    runs = itertools.groupby(items, key=lambda i: i.nodeid.split("::")[0])
    items[:] = [i for _module, run in runs for i in sorted(run, key=_shared_layer)]
    if connection.vendor == "postgresql":
        return
    kept = [i for i in items if i.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept

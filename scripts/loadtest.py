"""A bounded load on loopback (make loadtest): are requests refused, and are saves lost?

Serves the portal with gunicorn (2 workers, 4 threads each, debug off) on PostgreSQL, on its own
database (LOADTEST_DATABASE_URL, default the local cluster's `familjecentral_loadtest`, made and
filled with the demo data here). Then 50 clients run at once for 60 seconds (LOADTEST_CLIENTS,
LOADTEST_SECONDS), each logged in as its own user:

- writers, one per centre (a samordnare made for the test, with a draft report in an open
  period), open the report form, change a figure and save the draft, again and again;
- readers, logged in as the demo's koordinator, processledare, chef and samordnare, read the
  start page, the register, reports and the dashboards.

A save is lost when the portal said it was saved but the form it then shows (a fresh read) holds
another figure, or when the database at the end holds another figure than the client's last
saved one. Prints requests, errors and lost saves per kind, and exits 1 unless errors and lost
saves are both 0.
"""

from __future__ import annotations

import html.parser
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PORT = 8766
URL = f"http://127.0.0.1:{PORT}"
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL",
    "postgres://postgres:postgres@127.0.0.1:5432/familjecentral_loadtest",
)
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", "50"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
WRITERS = 10
PASSWORD = "belastning-2026"
READERS = ["koordinator.goteborg", "chef.goteborg", "samordnare.hjallbo", "koordinator.harryda"]


# --- the clients -------------------------------------------------------------------------------


class FormFields(html.parser.HTMLParser):
    """The fields the report form would post, as a browser would (the first form with a
    `version` field; buttons are left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    lost: int = 0
    saves: int = 0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.requests[kind] += 1
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors[kind] += 1
                if len(self.problems) < 20:
                    self.problems.append(f"{kind}: {error}")


class Client:
    def __init__(self, username: str, tally: Tally) -> None:
        self.username = username
        self.tally = tally
        self.browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def fetch(self, kind: str, path: str, data: dict | None = None) -> tuple[str, str] | None:
        """(final url, body), or None after counting an error."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(URL + path, body, {"Referer": URL + path})
        started = time.perf_counter()
        try:
            with self.browser.open(request, timeout=120) as response:
                text = response.read().decode()
                self.tally.count(kind, time.perf_counter() - started)
                return response.geturl(), text
        except urllib.error.HTTPError as e:
            self.tally.count(kind, time.perf_counter() - started, f"{e.code} {path}")
        except OSError as e:
            self.tally.count(kind, time.perf_counter() - started, f"{e} {path}")
        return None

    def login(self, password: str) -> None:
        _, page = self.fetch("login", "/konto/logga-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        url, _ = self.fetch(
            "login",
            "/konto/logga-in/",
            {"csrfmiddlewaretoken": token, "username": self.username, "password": password},
        )
        if "/konto/logga-in/" in url:
            raise SystemExit(f"{self.username} could not log in")


def reader(client: Client, pages: list[str], until: float) -> None:
    while time.monotonic() < until:
        client.fetch("read", random.choice(pages))


def writer(client: Client, edit: str, field_name: str, until: float, last: dict) -> None:
    value = 0
    while time.monotonic() < until:
        got = client.fetch("save", edit)
        if got is None:
            continue
        data = form_fields(got[1])
        value += 1
        data[field_name] = str(value)
        data.pop("submit", None)
        got = client.fetch("save", edit, data)
        if got is None:
            continue
        url, page = got
        if "Utkastet sparades" not in page:
            errors = re.findall(r"invalid-feedback[^>]*>\s*([^<]*)", page)[:2]
            client.tally.count("save", 0, f"not saved ({url}): {errors}")
            continue
        # The redirect after the save is a fresh read of the form.
        shown = form_fields(page).get(field_name, "").replace("\xa0", "").replace(" ", "")
        with client.tally.lock:
            client.tally.saves += 1
            if shown != str(value):
                client.tally.lost += 1
        last[client.username] = value


# --- set-up: a database of its own, the demo, writers with draft reports ----------------------


def prepare() -> tuple[list[tuple[str, str, str, int]], list[str]]:
    """Writers as (username, edit path, field name, report id) and the pages readers read."""
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familjecentral.settings")
    sys.path.insert(0, str(BASE))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from centres.models import District, FamilyCentre
    from coordination.models import Assignment, Role
    from followup import services
    from followup.models import EDITABLE_STATUSES, IndicatorKind, Period, Report, field_key

    writers = []
    for centre in FamilyCentre.objects.order_by("pk"):
        if len(writers) == WRITERS:
            break
        user, _ = get_user_model().objects.get_or_create(username=f"belastning.{centre.pk}")
        user.set_password(PASSWORD)
        user.save()
        Assignment.objects.get_or_create(
            user=user,
            role=Role.SAMORDNARE,
            centre=centre,
            defaults={"valid_from": "2020-01-01"},
        )
        for period in Period.objects.filter(locked=False).order_by("-start"):
            if not period.applies_to(centre):
                continue
            try:
                report = services.report_create(centre=centre, period=period, user=user)
            except Exception:  # noqa: BLE001 - not expected to report in this period
                continue
            indicators = [
                i for i in services.indicators_for(report) if i.kind == IndicatorKind.ENTERED
            ]
            if report.is_editable and indicators:
                writers.append(
                    (
                        user.username,
                        reverse("followup:report-edit", args=[report.pk]),
                        field_key("number", indicators[0].pk),
                        report.pk,
                    )
                )
                break
    centres = list(FamilyCentre.objects.order_by("pk")[:3])
    # Submitted and approved reports: everyone logged in reads them.
    reports = list(Report.objects.exclude(status__in=EDITABLE_STATUSES).order_by("-pk")[:3])
    pages = [
        reverse("home"),
        reverse("centres:centre-list"),
        *[c.get_absolute_url() for c in centres],
        District.objects.order_by("pk").first().get_absolute_url(),
        reverse("followup:report-list"),
        *[reverse("followup:report-detail", args=[r.pk]) for r in reports],
        reverse("followup:dashboard-completeness"),
        reverse("followup:dashboard-indicators"),
        reverse("followup:dashboard-goals"),
    ]
    return writers, pages


def stored(report_id: int, field_name: str) -> str:
    from followup.models import Value

    value = Value.objects.filter(
        report_id=report_id, indicator_id=int(field_name.rsplit("_", 1)[1])
    ).first()
    return "" if value is None or value.number is None else f"{value.number.normalize():f}"


def database() -> None:
    import psycopg

    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'drop database if exists "{name}" with (force)')
        connection.execute(f'create database "{name}"')
    python = str(BASE / ".venv" / "bin" / "python")
    env = {**os.environ, "DATABASE_URL": DATABASE_URL}
    subprocess.run(
        [python, "manage.py", "migrate", "-v0", "--noinput"], cwd=BASE, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "seed_demo"], cwd=BASE, env=env, check=True, stdout=subprocess.DEVNULL
    )


def main() -> int:
    print(f"== a fresh database with the demo data: {DATABASE_URL.rsplit('@', 1)[-1]}")
    database()
    writers, pages = prepare()
    if not writers:
        raise SystemExit("no centre has a draft report in an open period")
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # 50 clients log in from one address within a second.
        "DJANGO_AXES_FAILURE_LIMIT": "1000",
    }
    env.setdefault("DJANGO_SECRET_KEY", "loadtest-" + "x" * 60)
    subprocess.run(
        [str(BASE / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE,
        env=env,
        check=True,
    )
    # The server's own lines (the audit log's logins) go to a file, shown when something failed.
    server_log = open(BASE / "loadtest-server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            str(BASE / ".venv" / "bin" / "gunicorn"),
            "familjecentral.wsgi",
            f"--bind=127.0.0.1:{PORT}",
            "--workers=2",
            "--threads=4",
            "--backlog=256",
            "--log-level=warning",
        ],
        cwd=BASE,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{URL}/konto/logga-in/")
                break
            except OSError:
                time.sleep(0.2)
        tally = Tally()
        clients: list[tuple[Client, tuple]] = []
        for i in range(CLIENTS):
            if i < len(writers):
                username, edit, field_name, _ = writers[i]
                client = Client(username, tally)
                client.login(PASSWORD)
                clients.append((client, ("write", edit, field_name)))
            else:
                client = Client(READERS[i % len(READERS)], tally)
                client.login("demo")
                clients.append((client, ("read",)))
        tally.requests.clear()
        tally.latencies.clear()
        print(
            f"== {CLIENTS} clients for {SECONDS:.0f} s: {len(writers)} saving their centre's "
            f"report, {CLIENTS - len(writers)} reading {len(pages)} pages"
        )
        last: dict[str, int] = {}
        until = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=writer, args=(client, *job[1:], until, last))
            if job[0] == "write"
            else threading.Thread(target=reader, args=(client, pages, until))
            for client, job in clients
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
        server_log.close()

    # The database has every writer's last saved figure.
    for username, _, field_name, report_id in writers:
        if username in last and stored(report_id, field_name) != str(last[username]):
            tally.lost += 1
            tally.problems.append(
                f"{username}: stored {stored(report_id, field_name)!r}, saved {last[username]}"
            )

    total = sum(tally.requests.values())
    errors = sum(tally.errors.values())
    print(f"{'kind':<6} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in ("read", "save"):
        times = sorted(tally.latencies.get(kind, [0]))
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{kind:<6} {tally.requests[kind]:>9} {tally.errors[kind]:>7} "
            f"{statistics.median(times) * 1000:>8.0f} {p95 * 1000:>8.0f}"
        )
    print(f"== {total} requests in {elapsed:.0f} s ({total / elapsed:.0f}/s)")
    print(f"== saves acknowledged: {tally.saves}")
    print(f"== errors: {errors}")
    print(f"== lost saves: {tally.lost}")
    for problem in tally.problems:
        print(f"   {problem}")
    failed = errors or tally.lost or not tally.saves
    if failed:
        print(f"== the server's log: {server_log.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

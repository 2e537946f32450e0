"""The portal at national size (make bench): latency, throughput and queries of each page.

Builds (once) a PostgreSQL database with `manage.py seed_scale` (BENCH_DATABASE_URL, default
the local cluster's `familjecentral_bench`), serves it with gunicorn (2 workers, debug off,
PORTAL_BENCH on) and loads each page of a fixed list from loopback with 4 connections for a few
seconds (BENCH_SECONDS), logged in as a koordinator, a processledare, a chef or an admin. The
yardstick is a minimal Django view through the same middleware, measured in the same run before
and after the pages: each page's throughput is printed as a ratio to it.

Prints, per page: median and p95 latency, requests per second, SQL queries per request (the
X-Portal-Queries header; a streamed export's own queries run after it is written) and the
ratio; then the workers' peak memory. Exits 1 when a page answers anything but 200.
"""

from __future__ import annotations

import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PORT = 8767
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/familjecentral_bench"
)
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = 4
PASSWORD = "scale"  # familjecentral.scale.PASSWORD
TARGETS = {"page": (0.1, 100), "dashboard": (0.05, 250)}  # (ratio at least, p95 ms at most)


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [str(BASE / ".venv" / "bin" / "python"), "manage.py", *args], cwd=BASE, env=env, check=True
    )


def database(env: dict) -> None:
    """The national data set, built when the database does not hold it yet."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("select 1 from pg_database where datname = %s", [name])
        if exists.fetchone():
            with psycopg.connect(DATABASE_URL) as db:
                try:
                    centres = db.execute("select count(*) from centres_familycentre").fetchone()
                except psycopg.Error:
                    centres = (0,)
            if centres[0] >= 600:
                print(f"== the national data set is there ({centres[0]} centres)")
                manage("migrate", "-v0", "--noinput", env=env)
                return
            connection.execute(f'drop database "{name}" with (force)')
        connection.execute(f'create database "{name}"')
    manage("migrate", "-v0", "--noinput", env=env)
    manage("seed_scale", env=env)


def pages(env: dict) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """The users to log in as and the pages: (label, kind, user, path)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familjecentral.settings")
    sys.path.insert(0, str(BASE))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import reverse

    from centres.models import District, Municipality
    from followup.models import Report, ReportStatus

    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench.admin")
    admin.is_superuser = admin.is_staff = True
    admin.set_password(PASSWORD)
    admin.save()
    # The largest municipality and district: the heaviest pages a real user has.
    municipality = Municipality.objects.annotate(n=Count("districts__centres")).order_by("-n")[0]
    district = (
        District.objects.filter(municipality=municipality)
        .annotate(n=Count("centres"))
        .order_by("-n")[0]
    )
    centre = district.centres.order_by("pk")[0]
    approved = Report.objects.filter(centre=centre, status=ReportStatus.APPROVED).latest("pk")
    draft = Report.objects.filter(
        centre__district__municipality=municipality,
        status=ReportStatus.DRAFT,
        period__locked=False,
    ).latest("period__start")
    users = {
        "koordinator": f"koordinator.{municipality.code}",
        "processledare": f"processledare.{district.pk}",
        "chef": f"chef.{municipality.code}",
        "admin": "bench.admin",
    }
    year = approved.period.start.year
    dashboards = [
        ("completeness", "dashboard-completeness"),
        ("indicators", "dashboard-indicators"),
        ("goals", "dashboard-goals"),
        ("coverage", "dashboard-coverage"),
        ("reach", "dashboard-reach"),
        ("economy", "dashboard-economy"),
    ]
    listed = [
        ("start page with inbox", "page", "koordinator", reverse("home")),
        ("centre list", "page", "koordinator", reverse("centres:centre-list")),
        ("centre page", "page", "processledare", centre.get_absolute_url()),
        ("district page", "page", "processledare", district.get_absolute_url()),
        ("report list", "page", "koordinator", reverse("followup:report-list")),
        ("report page", "page", "processledare", approved.get_absolute_url()),
        ("report form", "page", "koordinator", reverse("followup:report-edit", args=[draft.pk])),
        *[
            (f"dashboard: {label}", "dashboard", "chef", reverse(f"followup:{name}"))
            for label, name in dashboards
        ],
        ("CSV export, national year", "export", "admin", reverse("followup:values-export")),
        (
            "Excel export, national year",
            "export",
            "admin",
            reverse("followup:values-export") + "?format=xlsx",
        ),
        (
            f"årsrapport PDF ({municipality.name} {year})",
            "export",
            "koordinator",
            reverse("followup:annual-report", args=["kommun", municipality.pk, year])
            + "?format=pdf",
        ),
    ]
    return users, listed


def login(username: str) -> str:
    """The session cookie of a fresh login."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request("GET", "/konto/logga-in/")
    response = connection.getresponse()
    page = response.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    )
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request(
        "POST",
        "/konto/logga-in/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{PORT}/",
        },
    )
    response = connection.getresponse()
    response.read()
    cookies = response.getheader("Set-Cookie") or ""
    session = re.search(r"sessionid=([^;]+)", cookies)
    if response.status != 302 or not session:
        raise SystemExit(f"{username} could not log in ({response.status})")
    return f"sessionid={session.group(1)}"


def get(path: str, cookie: str) -> tuple[int, float, int]:
    """(status, seconds, queries) of one request, the whole body read."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, seconds, int(response.getheader("X-Portal-Queries") or -1)


def measure(path: str, cookie: str, seconds: float, connections: int) -> dict:
    """Requests from `connections` clients at once for `seconds`."""
    results: list[tuple[int, float, int]] = []
    lock = threading.Lock()
    until = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < until:
            result = get(path, cookie)
            with lock:
                results.append(result)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    times = sorted(r[1] for r in results)
    return {
        "requests": len(results),
        "rps": len(results) / elapsed,
        "p50": statistics.median(times) * 1000,
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))] * 1000,
        "queries": max(r[2] for r in results),
        "errors": sum(r[0] != 200 for r in results),
    }


def peak_memory_mb(master: int) -> float:
    """The largest peak resident size (VmHWM) of the master's workers."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks, default=0)


def main() -> int:
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_BENCH": "true",
        "DJANGO_AXES_FAILURE_LIMIT": "1000",
    }
    env.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
    database(env)
    users, listed = pages(env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    log = open(BASE / "bench-server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            str(BASE / ".venv" / "bin" / "gunicorn"),
            "familjecentral.wsgi",
            f"--bind=127.0.0.1:{PORT}",
            "--workers=2",
            "--timeout=300",
            "--log-level=warning",
        ],
        cwd=BASE,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    failed = False
    try:
        for _ in range(150):
            try:
                get("/konto/logga-in/", "")
                break
            except OSError:
                time.sleep(0.2)
        cookies = {role: login(username) for role, username in users.items()}
        for _label, _kind, role, path in listed:  # warm both workers' caches
            for _ in range(2):
                get(path, cookies[role])
        minimal_before = measure("/_bench/ok/", cookies["koordinator"], SECONDS, CONNECTIONS)
        rows = []
        for label, kind, role, path in listed:
            if kind == "export":  # one at a time: a file, not a page
                result = measure(path, cookies[role], 0.01, 1)
            else:
                result = measure(path, cookies[role], SECONDS, CONNECTIONS)
            rows.append((label, kind, result))
        minimal_after = measure("/_bench/ok/", cookies["koordinator"], SECONDS, CONNECTIONS)
        memory = peak_memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    minimal = (minimal_before["rps"] + minimal_after["rps"]) / 2
    print(
        f"\n{'page':<42} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} "
        f"{'ratio':>7}  target"
    )
    print(
        f"{'minimal view (before / after)':<42} {minimal:>7.0f} "
        f"{minimal_before['p50']:>8.0f} {minimal_after['p95']:>8.0f} "
        f"{minimal_before['queries']:>8} {1:>7.3f}"
    )
    for label, kind, r in rows:
        ratio = r["rps"] / minimal
        if kind in TARGETS:
            least, p95 = TARGETS[kind]
            verdict = "met" if ratio >= least and r["p95"] <= p95 else f"≥{least}, p95 ≤{p95} ms"
        else:
            verdict = "met" if "Excel" not in label or r["p95"] <= 10_000 else "< 10 s"
        if r["errors"]:
            verdict = f"{r['errors']} errors"
            failed = True
        print(
            f"{label:<42} {r['rps']:>7.1f} {r['p50']:>8.0f} {r['p95']:>8.0f} "
            f"{r['queries']:>8} {ratio:>7.3f}  {verdict}"
        )
    print(f"\nworkers' peak memory: {memory:.0f} MB (target < 250 MB)")
    if failed:
        print(f"the server's log: {log.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

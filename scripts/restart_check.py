"""Does the portal recover by itself when PostgreSQL restarts? (make restartcheck)

Serves the portal with gunicorn on PostgreSQL (DATABASE_URL, default the local cluster's
`familjecentral` database), logs in, reads pages, restarts PostgreSQL with pg_ctlcluster, and
reads again. Every request after the restart must succeed: gunicorn's workers keep database
connections (CONN_MAX_AGE) and must notice that they are dead (CONN_HEALTH_CHECKS).
Prints what it did and exits 1 on any failure. Needs root (pg_ctlcluster) and the demo data.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PORT = 8765
URL = f"http://127.0.0.1:{PORT}"
DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/familjecentral"
)
PAGES = ["/", "/register/centraler/", "/uppfoljning/", "/uppfoljning/oversikt/fullstandighet/"]


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def login(browser) -> None:
    page = browser.open(f"{URL}/konto/logga-in/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "koordinator.goteborg", "password": "demo"}
    ).encode()
    request = urllib.request.Request(f"{URL}/konto/logga-in/", data, {"Referer": URL})
    assert "/konto/logga-in/" not in browser.open(request).geturl(), "login failed"


def read_all(browser, label: str) -> int:
    failures = 0
    for path in PAGES * 3:  # several times, so that every worker serves some
        try:
            status = browser.open(URL + path).status
        except urllib.error.HTTPError as e:
            status = e.code
        failures += status != 200
        print(f"  {label}: {path} {status}")
    return failures


def restart_postgresql() -> None:
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True
    )
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not come back")


def main() -> int:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DJANGO_DEBUG": "true"}
    python = str(BASE / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "--noinput"], cwd=BASE, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "seed_demo"], cwd=BASE, env=env, check=True, stdout=subprocess.DEVNULL
    )
    server = subprocess.Popen(
        [
            str(BASE / ".venv" / "bin" / "gunicorn"),
            "familjecentral.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{URL}/konto/logga-in/")
                break
            except OSError:
                time.sleep(0.2)
        browser = opener()
        login(browser)
        before = read_all(browser, "before the restart")
        print("== restarting PostgreSQL")
        restart_postgresql()
        after = read_all(browser, "after the restart")
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"== failed requests: {before} before, {after} after the restart")
    return 1 if before or after else 0


if __name__ == "__main__":
    sys.exit(main())

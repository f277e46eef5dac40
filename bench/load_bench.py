"""Load test: `make bench-load` (not a test; nothing here asserts a timing).

20 concurrent users for 2 minutes against gunicorn with 2 workers, on loopback only, first
with SQLite and then (when DATABASE_URL or --pg names a server) with PostgreSQL:

- 16 members sign in, read the partnership's home page, a meeting page and the action log,
  and sign out, over and over (every sign-in and sign-out is an audited write);
- 4 secretariat users sign in once (password, then a TOTP code computed here from their
  authenticator's key), then read pages and post updates on actions, over and over.

It counts every response that is a server error or not what the step expects, and
afterwards runs `audit_verify` on the database: the trail must be intact after concurrent
writers. Each run gets a fresh database (a temporary SQLite file, or a scratch PostgreSQL
database created and dropped here) and the demo partnerships. The server uses the test
settings (no HTTPS on loopback: the production settings' secure cookies would not travel).
Prints figures and writes bench/load_results.json; they go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
RESULTS = HERE / "load_results.json"
PYTHON = sys.executable
SLUG = "safer-bromley"
MEETING = "/p/safer-bromley/meetings/board/2018-03-26/"
PASSWORD = "load-test-password-2026"
TOTP_KEY = "3132333435363738393031323334353637383930"  # hex, one per secretariat user

SETUP = r"""
from django.contrib.auth import get_user_model
from csphub.accounts.models import PartnershipRole
from csphub.partnerships.models import Partnership
from csphub.actions.models import Action
p = Partnership.objects.get(slug="safer-bromley")
User = get_user_model()
for n in range(MEMBERS):
    u = User.objects.create_user(f"load-member-{n}", password=PASSWORD)
    PartnershipRole.objects.create(
        user=u, partnership=p, role="member", cleared_for_restricted=True
    )
for n in range(SECRETARIAT):
    u = User.objects.create_user(f"load-sec-{n}", password=PASSWORD)
    PartnershipRole.objects.create(user=u, partnership=p, role="secretariat")
    from django.apps import apps
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice
        TOTPDevice.objects.create(user=u, name="load", key=KEY, confirmed=True)
ids = list(Action.objects.filter(body__partnership=p).values_list("pk", flat=True)[:20])
print("ACTIONS", ",".join(map(str, ids)))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp(key_hex: str) -> str:
    """RFC 6238, as the authenticator app computes it (30 s steps, 6 digits, SHA-1)."""
    import hashlib
    import hmac
    import struct

    counter = int(time.time()) // 30
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def record(self, kind: str, seconds: float, problem: str = "") -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            if problem:
                self.errors.append(f"{kind}: {problem}")


def csrf(session: requests.Session, html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else session.cookies.get("csrftoken", "")


def step(tally: Tally, kind: str, call, expect=(200,)) -> requests.Response | None:
    started = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as exc:
        tally.record(kind, time.perf_counter() - started, f"{type(exc).__name__}")
        return None
    problem = "" if response.status_code in expect else f"HTTP {response.status_code}"
    tally.record(kind, time.perf_counter() - started, problem)
    return response


def sign_in(base: str, tally: Tally, username: str) -> requests.Session | None:
    session = requests.Session()
    page = step(tally, "sign-in page", lambda: session.get(f"{base}/accounts/login/"))
    if page is None:
        return None
    data = {
        "username": username,
        "password": PASSWORD,
        "csrfmiddlewaretoken": csrf(session, page.text),
    }
    headers = {"Referer": f"{base}/accounts/login/"}
    done = step(
        tally,
        "sign in",
        lambda: session.post(f"{base}/accounts/login/", data=data, headers=headers),
    )
    if done is None:
        return None
    if "/two-step/" in done.url:  # the second step: a code from the authenticator
        data = {"code": totp(TOTP_KEY), "csrfmiddlewaretoken": csrf(session, done.text)}
        step(
            tally,
            "two-step code",
            lambda: session.post(done.url, data=data, headers={"Referer": done.url}),
        )
    return session


def sign_out(base: str, tally: Tally, session: requests.Session) -> None:
    home = session.get(f"{base}/p/{SLUG}/")
    data = {"csrfmiddlewaretoken": csrf(session, home.text)}
    step(
        tally,
        "sign out",
        lambda: session.post(f"{base}/accounts/logout/", data=data, headers={"Referer": home.url}),
    )


def read(base: str, tally: Tally, session: requests.Session) -> None:
    step(tally, "home page", lambda: session.get(f"{base}/p/{SLUG}/"))
    step(tally, "meeting page", lambda: session.get(f"{base}{MEETING}"))
    step(tally, "action log", lambda: session.get(f"{base}/p/{SLUG}/actions/"))


def member(base: str, tally: Tally, n: int, until: float) -> None:
    while time.time() < until:
        session = sign_in(base, tally, f"load-member-{n}")
        if session is None:
            continue
        read(base, tally, session)
        sign_out(base, tally, session)


def secretary(base: str, tally: Tally, n: int, until: float, actions: list[int]) -> None:
    session = sign_in(base, tally, f"load-sec-{n}")
    if session is None:
        return
    count = 0
    while time.time() < until:
        read(base, tally, session)
        pk = actions[(n + count) % len(actions)]
        detail = session.get(f"{base}/p/{SLUG}/actions/{pk}/")
        data = {
            "update-text": f"Load test update {n}-{count}",
            "update-status": "",
            "csrfmiddlewaretoken": csrf(session, detail.text),
        }
        step(
            tally,
            "post an update",
            lambda pk=pk, data=data, referer=detail.url: session.post(
                f"{base}/p/{SLUG}/actions/{pk}/update/", data=data, headers={"Referer": referer}
            ),
        )
        count += 1


def run_one(label: str, database_url: str, args: argparse.Namespace) -> dict:
    media = tempfile.mkdtemp(prefix="csphub-load-media-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csphub.settings.test",
        "DATABASE_URL": database_url,
        "CSPHUB_TEST_MEDIA_ROOT": media,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }

    def manage(*argv: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *argv],
            cwd=PROJECT,
            env=env,
            check=True,
            text=True,
            capture_output=True,
            **kwargs,
        )

    manage("migrate", "--noinput", "-v0")
    manage("load_demo", "--no-police")
    setup = (
        SETUP.replace("MEMBERS", str(args.members))
        .replace("SECRETARIAT", str(args.secretariat))
        .replace("PASSWORD", repr(PASSWORD))
        .replace("KEY", repr(TOTP_KEY))
    )
    out = manage("shell", "-c", setup).stdout
    actions = [int(x) for x in out.split("ACTIONS", 1)[1].strip().split(",") if x]
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "csphub.wsgi:application",
            "--workers",
            "2",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(media) / "server.log").open("w"),  # the JSON log lines, kept aside
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        tally = Tally()
        until = time.time() + args.seconds
        threads = [
            threading.Thread(target=member, args=(base, tally, n, until))
            for n in range(args.members)
        ] + [
            threading.Thread(target=secretary, args=(base, tally, n, until, actions))
            for n in range(args.secretariat)
        ]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    verify = subprocess.run(
        [PYTHON, "manage.py", "audit_verify"],
        cwd=PROJECT,
        env=env,
        text=True,
        capture_output=True,
    )
    requests_made = sum(len(v) for v in tally.times.values())
    result = {
        "database": label,
        "users": args.members + args.secretariat,
        "seconds": round(elapsed, 1),
        "requests": requests_made,
        "requests_per_second": round(requests_made / elapsed, 1),
        "errors": len(tally.errors),
        "first_errors": tally.errors[:10],
        "audit_verify": verify.stdout.strip() or verify.stderr.strip(),
        "audit_verify_ok": verify.returncode == 0,
        "steps": {
            kind: {
                "count": len(times),
                "p50_ms": round(statistics.median(times) * 1000, 1),
                "p95_ms": round(sorted(times)[int(len(times) * 0.95) - 1] * 1000, 1),
            }
            for kind, times in sorted(tally.times.items())
        },
    }
    print(json.dumps(result, indent=2))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--members", type=int, default=16)
    parser.add_argument("--secretariat", type=int, default=4)
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    results = []
    folder = tempfile.mkdtemp(prefix="csphub-load-")
    results.append(run_one("SQLite", f"sqlite:///{folder}/load.sqlite3", args))
    if args.pg.startswith("postgres"):
        parts = urlsplit(args.pg)
        scratch = "csphub_load_bench"
        admin = urlunsplit(parts._replace(path="/postgres"))
        subprocess.run(
            ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"], check=True
        )
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {scratch}"], check=True)
        try:
            results.append(
                run_one("PostgreSQL", urlunsplit(parts._replace(path=f"/{scratch}")), args)
            )
        finally:
            subprocess.run(
                ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"],
                check=False,
            )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {RESULTS}")
    return 0 if all(r["errors"] == 0 and r["audit_verify_ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())

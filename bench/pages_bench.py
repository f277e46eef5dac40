"""Page benchmark: `make bench-pages` (not a test; nothing here asserts a timing).

Each main public and secretariat page is requested one at a time against a real server
(gunicorn, one worker, one thread, on loopback), in rounds: every round asks for `/healthz`
and then every page once, so the machine's noise falls on all of them alike. For each page
it reports p50 and p95 in milliseconds, the query count and the HTML size, and the p95 as a
multiple of `/healthz`'s p95 (issue 15 asks for at most 15x on both databases).

It runs on SQLite and, when `--pg` or DATABASE_URL names a PostgreSQL server, on a scratch
PostgreSQL database too; each at 1x the demo's data and at 10x (`grow`: every past meeting of
every body copied nine times into earlier years with its agenda, minutes, resolutions,
attendance and actions with their histories; every indicator's observations and every
police count copied nine times into earlier years). The demo loads the police data from
`../shared/data/police` when it is there (else the shipped extract), as `make run` does.

Prints a table per run and writes bench/pages_results.json; the figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
RESULTS = HERE / "pages_results.json"
PYTHON = sys.executable
sys.path.insert(0, str(HERE))

from load_bench import PASSWORD, TOTP_KEY, Tally, free_port, sign_in  # noqa: E402

# Copies the demo's records into earlier years, `scale - 1` times (bulk writes: a benchmark's
# set-up, not the product's; the product writes only through its services).
GROW = r"""
import datetime as dt
from django.db import transaction
from csphub.meetings.models import Meeting, AgendaItem, Minute, Resolution, Attendance
from csphub.actions.models import Action, ActionOwner, ActionUpdate
from csphub.performance.models import Observation
from csphub.police.models import CrimeCount, LsoaCountSet

COPIES = SCALE - 1

def shifted(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)

def copy(obj, **changes):
    obj.pk = None
    obj.id = None
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj

with transaction.atomic():
    meetings = list(Meeting.objects.filter(date__lt=dt.date.today()).order_by("pk"))
    for k in range(1, COPIES + 1):
        years = 30 * k
        for meeting in meetings:
            old = meeting.pk
            new = copy(Meeting.objects.get(pk=old), date=shifted(meeting.date, years),
                       approved_at_meeting=None)
            new.save()
            items = {}
            for item in AgendaItem.objects.filter(meeting_id=old).order_by("parent_id", "pk"):
                was = item.pk
                parent = items.get(item.parent_id)
                items[was] = copy(item, meeting=new, parent=parent)
                items[was].save()
            minutes, resolutions = {}, {}
            for minute in Minute.objects.filter(meeting_id=old):
                was = minute.pk
                minutes[was] = copy(minute, meeting=new, item=items.get(minute.item_id))
                minutes[was].save()
            for res in Resolution.objects.filter(minute_id__in=list(minutes)):
                was = res.pk
                resolutions[was] = copy(res, minute=minutes[res.minute_id])
                resolutions[was].save()
            Attendance.objects.bulk_create(
                copy(a, meeting=new, substitute_for=a.substitute_for)
                for a in Attendance.objects.filter(meeting_id=old)
            )
            for action in Action.objects.filter(meeting_id=old):
                was = action.pk
                owners = list(ActionOwner.objects.filter(action_id=was))
                updates = list(ActionUpdate.objects.filter(action_id=was))
                fresh = copy(action, meeting=new, minute=minutes.get(action.minute_id),
                             resolution=resolutions.get(action.resolution_id))
                fresh.save()
                ActionOwner.objects.bulk_create(copy(o, action=fresh) for o in owners)
                ActionUpdate.objects.bulk_create(copy(u, action=fresh) for u in updates)
    observations = list(Observation.objects.all())
    for k in range(1, COPIES + 1):
        years = 30 * k
        Observation.objects.bulk_create(
            (copy(o, period=shifted(o.period, years)) for o in
             (Observation.objects.get(pk=x.pk) for x in observations)), batch_size=2000)
    # Police counts in SQL: millions of rows would take minutes through the ORM
    table = CrimeCount._meta.db_table
    sets = LsoaCountSet._meta.db_table
    from django.db import connection
    with transaction.atomic(), connection.cursor() as cursor:
        for k in range(1, COPIES + 1):
            if connection.vendor == "postgresql":
                month = f"(month - interval '{30 * k} years')::date"
            else:
                month = f"date(month, '-{30 * k} years')"
            cursor.execute(
                f"INSERT INTO {table} (month, category_id, area_id, source_id, count) "
                f"SELECT {month}, category_id, area_id, source_id, count FROM {table} "
                f"WHERE month >= %s",
                ["1990-01-01"],
            )
            cursor.execute(
                f"INSERT INTO {sets} (month, category_id, parent_id, source_id, areas, counts, "
                f"total) SELECT {month}, category_id, parent_id, source_id, areas, counts, total "
                f"FROM {sets} WHERE month >= %s",
                ["1990-01-01"],
            )
# As after an import or load_demo: the planner's statistics brought up to date
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print("GROWN", Meeting.objects.count(), Action.objects.count(), CrimeCount.objects.count(),
      LsoaCountSet.objects.count())
"""

SETUP = r"""
import json
from django.contrib.auth import get_user_model
from django.urls import reverse
from csphub.accounts.models import PartnershipRole
from csphub.partnerships.models import Partnership
from csphub.performance.models import Indicator
from csphub.strategy.models import DeliveryPlan
p = Partnership.objects.get(slug="safer-bromley")
u = get_user_model().objects.create_user("bench-secretariat", password=PASSWORD)
for partnership in Partnership.objects.all():
    PartnershipRole.objects.create(user=u, partnership=partnership, role="secretariat",
                                   cleared_for_restricted=True)
from django.apps import apps
if apps.is_installed("django_otp.plugins.otp_totp"):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    TOTPDevice.objects.create(user=u, name="bench", key=KEY, confirmed=True)
indicator = Indicator.objects.filter(partnership__slug="barking-dagenham").order_by("pk").first()
plans = DeliveryPlan.objects.filter(body__partnership__slug="barking-dagenham")
plan = plans.order_by("pk").first()
M = "/p/safer-bromley/meetings/board/2018-03-26/"
public = {
    "site home": "/",
    "partnership home": "/p/safer-bromley/",
    "meetings": "/p/safer-bromley/meetings/",
    "meeting": M,
    "decisions": "/p/safer-bromley/decisions/",
    "attendance": "/p/safer-bromley/attendance/",
    "strategy": "/p/safer-bromley/strategy/",
    "indicators": "/p/barking-dagenham/performance/indicators/",
    "indicator": f"/p/barking-dagenham/performance/indicators/{indicator.pk}/",
    "crime pack": "/p/barking-dagenham/crime-pack/?to=2017-07",
    "open data": "/p/safer-bromley/data/",
    "search": "/p/safer-bromley/search/?q=burglary",
    "calendar (ICS)": "/p/safer-bromley/meetings.ics",
}
secretariat = {
    "action log": "/p/safer-bromley/actions/",
    "matters arising": "/p/safer-bromley/matters-arising/board/2018-03-26/",
    "agenda (manage)": M + "manage/agenda/",
    "minutes (manage)": M + "manage/minutes/",
    "attendance (manage)": M + "manage/attendance/",
    "members' home": "/p/safer-bromley/your-home/",
    "body members": "/p/safer-bromley/bodies/board/members/",
    "audit log": "/p/safer-bromley/audit/",
}
if plan is not None:
    secretariat["delivery plan"] = reverse(
        "strategy:delivery_plan", args=["barking-dagenham", plan.body.slug, plan.year]
    )
secretariat["forward plan"] = "/p/safer-bromley/strategy/forward-plan/board/"
print("PAGES", json.dumps({"public": public, "secretariat": secretariat}))
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def run_one(label: str, database_url: str, scale: int, args: argparse.Namespace) -> dict:
    media = tempfile.mkdtemp(prefix="csphub-pages-media-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csphub.settings.test",
        "DATABASE_URL": database_url,
        "CSPHUB_TEST_MEDIA_ROOT": media,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The test settings turn the page-fragment cache off for factory-made test data;
        # the benchmark's data is written as in production, so it measures with the cache on
        "CSPHUB_TEST_FRAGMENT_CACHE": "1",
    }

    def manage(*argv: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *argv],
            cwd=PROJECT,
            env=env,
            text=True,
            capture_output=True,
        )
        if done.returncode:
            raise SystemExit(f"manage.py {argv[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    started = time.perf_counter()
    manage("migrate", "--noinput", "-v0")
    manage("load_demo", *(["--no-police"] if args.no_police else []))
    if scale > 1:
        print(manage("shell", "-c", GROW.replace("SCALE", str(scale))).strip().splitlines()[-1])
    pages = json.loads(
        manage(
            "shell",
            "-c",
            SETUP.replace("PASSWORD", repr(PASSWORD)).replace("KEY", repr(TOTP_KEY)),
        ).split("PAGES", 1)[1]
    )
    print(f"{label} {scale}x: set up in {time.perf_counter() - started:.0f} s")
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "csphub.wsgi:application",
            "--workers",
            "1",
            "--threads",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(media) / "server.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        anonymous = requests.Session()
        signed_in = sign_in(base, Tally(), "bench-secretariat")
        if signed_in is None:
            raise SystemExit("could not sign in as the bench's secretariat user")
        plan = [("/healthz", "healthz", anonymous)]
        plan += [(path, name, anonymous) for name, path in pages["public"].items()]
        plan += [(path, name, signed_in) for name, path in pages["secretariat"].items()]
        times: dict[str, list[float]] = {name: [] for _, name, _ in plan}
        sizes: dict[str, int] = {}
        problems: list[str] = []
        for round_ in range(args.warmup + args.rounds):
            for path, name, session in plan:
                t0 = time.perf_counter()
                response = session.get(base + path, allow_redirects=False)
                elapsed = time.perf_counter() - t0
                if response.status_code != 200:
                    problems.append(f"{name}: HTTP {response.status_code}")
                if round_ >= args.warmup:
                    times[name].append(elapsed)
                    sizes[name] = len(response.content)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    base_p95 = percentile(times["healthz"], 0.95)
    rows = {}
    for name, values in times.items():
        p95 = percentile(values, 0.95)
        rows[name] = {
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1),
            "ratio_p95": round(p95 / base_p95, 1),
            "kb": round(sizes.get(name, 0) / 1024, 1),
        }
    result = {
        "database": label,
        "scale": scale,
        "rounds": args.rounds,
        "errors": sorted(set(problems)),
        "pages": rows,
        "worst_ratio": max(r["ratio_p95"] for n, r in rows.items() if n != "healthz"),
    }
    print(f"\n{label}, {scale}x data, {args.rounds} rounds (p95 ratio against /healthz)")
    print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'ratio':>8}{'KB':>8}")
    for name, r in rows.items():
        print(f"{name:<24}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['ratio_p95']:>8}{r['kb']:>8}")
    if problems:
        print("errors:", *sorted(set(problems)), sep="\n  ")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-police", action="store_true", help="load the demo without police")
    parser.add_argument("--json", default=str(RESULTS))
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    results = []
    for scale in scales:
        if not args.no_sqlite:
            folder = tempfile.mkdtemp(prefix="csphub-pages-")
            results.append(run_one("SQLite", f"sqlite:///{folder}/pages.sqlite3", scale, args))
        if args.pg.startswith("postgres"):
            parts = urlsplit(args.pg)
            scratch = "csphub_pages_bench"
            admin = urlunsplit(parts._replace(path="/postgres"))
            drop = f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"
            subprocess.run(["psql", admin, "-qc", drop], check=True)
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {scratch}"], check=True)
            try:
                url = urlunsplit(parts._replace(path=f"/{scratch}"))
                results.append(run_one("PostgreSQL", url, scale, args))
            finally:
                subprocess.run(["psql", admin, "-qc", drop], check=False)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        print(f"Wrote {args.json}")
    worst = max(r["worst_ratio"] for r in results)
    print(f"Worst p95 ratio: {worst} (at most 15 asked)")
    return 0 if all(not r["errors"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())

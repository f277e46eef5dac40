"""Search benchmark: `make bench-search` (not a test; nothing here asserts a timing).

Builds a scaled partnership (default 1,000 meetings x 50 minutes = 50,000 minutes, with
items and resolutions; a tenth restricted) straight with bulk_create, builds the search
index in bulk (`indexing.rebuild`), then runs a fixed set of queries (common and rare
words, two-word phrases) as the public and as the secretariat, through the one selector
the page and the command use (`selectors.search`, first page of 20 with its total).

Each database runs in a child process of its own (Django's settings are per process):
SQLite in a fresh temporary file always; PostgreSQL when DATABASE_URL (or --pg) names one
(the bench partnership "bench-search" is deleted and rebuilt there; nothing else is
touched). Prints p50/p95 and writes bench/search_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
RESULTS = HERE / "search_results.json"
FIXTURE = PROJECT / "csphub" / "demo" / "fixtures" / "safer-bromley.yaml"
SLUG = "bench-search"

QUERIES = [
    # common words
    "community",
    "police",
    "crime",
    "council",
    "safety",
    "board",
    "report",
    "update",
    "partnership",
    "youth",
    "borough",
    "group",
    "members",
    "officers",
    "agreed",
    # middling
    "domestic abuse",
    "antisocial",
    "graffiti",
    "probation",
    "funding",
    "victims",
    "knife",
    "burglary",
    "schools",
    "housing",
    "licensing",
    "drugs",
    "gangs",
    "consultation",
    "strategy",
    # rare words and names
    "Baxter",
    "Huntington",
    "vegetation",
    "Ramsden",
    "Avalon",
    "Orpington",
    "MARAC",
    "Spencer",
    "inspection",
    "transformation",
    # phrases
    "community payback",
    "field team",
    "domestic violence",
    "youth offending",
    "police and crime",
    "residents meeting",
    "action plan",
    "night time economy",
    "zzqx nonexistent",
    "restricted paragraph",
]


def vocabulary() -> list[str]:
    text = FIXTURE.read_text(encoding="utf-8")
    return re.findall(r"[A-Za-z][A-Za-z'-]{1,}", text)


def build(meetings: int, minutes_per: int) -> dict:
    """The scaled partnership, bulk-created, then the index in bulk; timings in seconds."""
    import datetime as dt

    from csphub.meetings.models import AgendaItem, Meeting, Minute, Resolution
    from csphub.partnerships.models import Body, Partnership
    from csphub.search import indexing

    rng = random.Random(9)
    words = vocabulary()

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    Partnership.objects.filter(slug=SLUG).delete()
    started = time.perf_counter()
    p = Partnership.objects.create(slug=SLUG, name="Bench Search Partnership")
    bodies = Body.objects.bulk_create(
        Body(partnership=p, slug=f"body-{i}", name=f"Body {i}") for i in range(20)
    )
    per_body = meetings // len(bodies) + 1
    rows = []
    for n in range(meetings):
        body = bodies[n % len(bodies)]
        day = dt.date(2000, 1, 3) + dt.timedelta(days=7 * (n // len(bodies)))
        status = Meeting.Status.MINUTES_APPROVED if n % 10 else Meeting.Status.HELD
        rows.append(Meeting(body=body, date=day, start_time=dt.time(10), status=status))
    assert per_body
    ms = Meeting.objects.bulk_create(rows, batch_size=2000)
    items, mins = [], []
    for m in ms:
        for k in range(5):
            items.append(
                AgendaItem(
                    meeting=m,
                    position=k,
                    title=sentence(4),
                    description=sentence(20),
                    is_restricted=k == 4,
                    restricted_reason="para-7" if k == 4 else "",
                )
            )
        for k in range(minutes_per):
            restricted = k % 10 == 9
            mins.append(
                Minute(
                    meeting=m,
                    number=k + 1,
                    title=sentence(4),
                    text=sentence(60),
                    is_restricted=restricted,
                    restricted_reason="para-7" if restricted else "",
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    mins = Minute.objects.bulk_create(mins, batch_size=5000)
    Resolution.objects.bulk_create(
        (Resolution(minute=m, text="RESOLVED that " + sentence(15)) for m in mins[::5]),
        batch_size=5000,
    )
    data_seconds = time.perf_counter() - started
    started = time.perf_counter()
    entries = indexing.rebuild(p.pk, batch=5000)
    index_seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give
        cursor.execute("ANALYZE")
    return {
        "partnership_id": p.pk,
        "meetings": len(ms),
        "minutes": len(mins),
        "items": len(items),
        "entries": entries,
        "data_seconds": round(data_seconds, 2),
        "index_seconds": round(index_seconds, 2),
    }


def run_queries(partnership_id: int, repeat: int) -> dict:
    from csphub.accounts.permissions import Viewer
    from csphub.accounts.visibility import anyone
    from csphub.partnerships.models import Partnership
    from csphub.search.selectors import search

    p = Partnership.objects.get(pk=partnership_id)
    viewers = {
        "public": anyone(),
        "secretariat": Viewer(user=None, partnership_id=p.pk, role="secretariat", cleared=True),
    }
    out = {}
    for name, viewer in viewers.items():
        times, hits = [], {}
        for query in QUERIES:
            for _ in range(repeat):
                t = time.perf_counter()
                page = search(p, viewer, query, limit=20)
                times.append((time.perf_counter() - t) * 1000)
            hits[query] = page.total
        times.sort()
        out[name] = {
            "queries": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
            "max_ms": round(times[-1], 1),
            "hits": hits,
        }
    return out


def child(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csphub.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    sys.path.insert(0, str(PROJECT))
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    built = build(args.meetings, args.minutes)
    result = {"vendor": connection.vendor, "build": built}
    result["search"] = run_queries(built["partnership_id"], args.repeat)
    print(json.dumps(result))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--minutes", type=int, default=50, help="minutes per meeting")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query")
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--json", default=str(RESULTS))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    runs = {}
    with tempfile.TemporaryDirectory(prefix="csphub-search-bench-") as folder:
        targets = {"sqlite": f"sqlite:///{folder}/bench.sqlite3"}
        if args.pg.startswith("postgres"):
            targets["postgresql"] = args.pg
        for name, url in targets.items():
            env = {**os.environ, "DATABASE_URL": url}
            cmd = [
                sys.executable,
                __file__,
                "--child",
                "--meetings",
                str(args.meetings),
                "--minutes",
                str(args.minutes),
                "--repeat",
                str(args.repeat),
            ]
            # our own interpreter and script, with fixed arguments
            done = subprocess.run(  # noqa: S603
                cmd, env=env, capture_output=True, text=True, check=False
            )
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return done.returncode
            runs[name] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{'database':<12}{'viewer':<13}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, run in runs.items():
        b = run["build"]
        print(
            f"{name}: {b['meetings']} meetings, {b['minutes']} minutes, {b['entries']} entries;"
            f" data {b['data_seconds']} s, index {b['index_seconds']} s"
        )
        for viewer, s in run["search"].items():
            print(f"{'':<12}{viewer:<13}{s['p50_ms']:>9}{s['p95_ms']:>9}{s['max_ms']:>9}")
    if args.json:
        meta = {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "queries": QUERIES,
        }
        Path(args.json).write_text(json.dumps({"meta": meta, "runs": runs}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

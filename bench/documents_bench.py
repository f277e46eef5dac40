"""Document benchmark: `make bench-documents` (not a test; nothing here asserts a timing).

Loads the demo into a fresh temporary SQLite database (or reuses ``--db``), gives the
Safer Bromley board's next meeting (the demo schedules it after the day it is loaded) 200
open actions from the minutes of 19 December 2017, each with an owner and an update, and
then asks for four PDFs through the site, as the public would:

- the Matters Arising report of that meeting (200 open actions, a table of 30+ pages);
- the minutes of 19 December 2017;
- the agenda of that meeting;
- the Barking and Dagenham crime pack (latest month).

Each is asked for ``--runs`` times cold (the documents cache emptied first, so WeasyPrint
lays it out) and warm (straight after, from the cache). Cold and warm are whole requests
through Django's test client: finding the meeting, building the document from the
database, the digest, and the PDF. The "render" column is WeasyPrint alone, on the same
``Document``, for comparison. Writes bench/documents_results.json; the figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
RESULTS = HERE / "documents_results.json"
BODY = ("safer-bromley", "board")
MINUTES_OF = dt.date(2017, 12, 19)
PACK = "barking-dagenham"
MEETING_KEY = f"{BODY[0]}/{BODY[1]}/"


def next_meeting() -> dt.date:
    """The board's next meeting: the demo schedules it relative to the day it is loaded."""
    from django.utils import timezone

    from csphub.meetings.models import Meeting

    return (
        Meeting.objects.filter(
            body__partnership__slug=BODY[0], body__slug=BODY[1], date__gte=timezone.localdate()
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


def sources() -> dict[str, tuple[str, str]]:
    """The same four documents as the command line names them."""
    after = next_meeting().isoformat()
    return {
        "matters_arising": ("matters-arising", f"{MEETING_KEY}{after}"),
        "minutes": ("minutes", f"{MEETING_KEY}{MINUTES_OF.isoformat()}"),
        "agenda": ("agenda", f"{MEETING_KEY}{after}"),
        "crime_pack": ("crime-pack", PACK),
    }


# Varied, realistic lengths: an action is a sentence or two, an update a short paragraph.
TOPICS = [
    "the domestic abuse perpetrator programme",
    "knife crime stop and search figures by ward",
    "the ASB case review threshold",
    "funding for the youth diversion worker",
    "the night-time economy hotspot patrol plan",
    "hate crime reporting centres in libraries",
    "the serious violence duty needs assessment",
    "CCTV coverage of the town centre car parks",
]


def setup(db: Path, actions: int) -> None:
    """Migrate and load the demo unless ``db`` exists, then top up the open actions."""
    from django.core.management import call_command

    fresh = not db.exists()
    call_command("migrate", interactive=False, verbosity=0)
    if fresh:
        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        print(f"Loaded the demo in {time.perf_counter() - started:.1f} s")
    _add_actions(actions)


def _add_actions(wanted: int) -> None:
    from django.utils import timezone

    from csphub.actions.models import Action, ActionOwner, ActionUpdate
    from csphub.meetings.models import Meeting
    from csphub.partnerships.models import Body, Person

    body = Body.objects.get(partnership__slug=BODY[0], slug=BODY[1])
    meeting = Meeting.objects.get(body=body, date=MINUTES_OF)
    minutes = list(meeting.minutes.order_by("pk"))
    people = list(Person.objects.filter(partnership=body.partnership).order_by("pk")[:12])
    have = Action.objects.filter(
        body=body, status=Action.Status.OPEN, meeting__date__lt=next_meeting()
    ).count()
    now = timezone.now()
    for n in range(have, wanted):
        topic = TOPICS[n % len(TOPICS)]
        minute = minutes[n % len(minutes)]
        action = Action.objects.create(
            partnership=body.partnership,
            body=body,
            description=(
                f"Bench action {n + 1}: report back on {topic}"
                + (", with the partners' figures for the last quarter." if n % 3 == 0 else ".")
            ),
            source=Action.Source.MINUTE,
            meeting=meeting,
            minute=minute,
            status=Action.Status.OPEN,
            due_date=MINUTES_OF + dt.timedelta(days=60 + n % 90),
            created_at=now,
        )
        ActionOwner.objects.create(action=action, person=people[n % len(people)], position=0)
        ActionUpdate.objects.create(
            action=action,
            kind=ActionUpdate.Kind.UPDATE,
            text=(
                f"Work on {topic} is under way; figures will come to the next meeting."
                + (" A draft paper has gone to the sub-group." if n % 2 else "")
            ),
            author_label="Community Safety Officer",
            at=now,
        )


def urls() -> dict[str, str]:
    from django.urls import reverse

    def meeting(date: dt.date, document: str) -> str:
        kwargs = {"slug": BODY[0], "body": BODY[1], "date": date.isoformat()}
        return reverse("meetings:document", kwargs={**kwargs, "document": document, "fmt": "pdf"})

    pack = {"slug": PACK, "month": "latest", "paper": "a4", "fmt": "pdf"}
    return {
        "matters_arising": meeting(next_meeting(), "matters-arising"),
        "minutes": meeting(MINUTES_OF, "minutes"),
        "agenda": meeting(next_meeting(), "agenda"),
        "crime_pack": reverse("crime_pack:download", kwargs=pack),
    }


def _timed_get(client: Any, url: str) -> tuple[float, float, bytes]:
    """Wall-clock and CPU seconds of one request: on a shared machine the CPU time is the
    steadier figure, the wall-clock time the one a reader waits."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code}")
    return elapsed, cpu, response.content


def _render_only(name: str) -> float:  # CPU seconds
    """WeasyPrint alone on the document (built once, outside the timing), as the public."""
    from csphub.documents import registry
    from csphub.documents.render_pdf import render_pdf

    document_name, key = sources()[name]
    entry = registry.get(document_name)
    options = {o.flag.lstrip("-").replace("-", "_"): None for o in entry.source.options}
    document = entry.build(entry.source.load(key, None, options))
    started = time.process_time()
    render_pdf(document)
    return time.process_time() - started


def measure(runs: int) -> dict[str, Any]:
    import io

    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client
    from pypdf import PdfReader

    try:
        from csphub.documents.cache import CACHE_ALIAS, render_count
    except ImportError:  # the code before the cache, for a before-and-after comparison
        CACHE_ALIAS, render_count = "default", lambda: 0  # noqa: N806

    client = Client()
    cache = caches[CACHE_ALIAS]
    results: dict[str, Any] = {}
    for name, url in urls().items():
        cold: list[float] = []
        cold_cpu: list[float] = []
        warm: list[float] = []
        renders = 0
        pages = 0
        for _ in range(runs):
            cache.clear()
            if "fragments" in settings.CACHES:  # whole responses kept (the crime pack's)
                caches["fragments"].clear()
            before = render_count()
            seconds, cpu, content = _timed_get(client, url)
            cold.append(seconds)
            cold_cpu.append(cpu)
            pages = len(PdfReader(io.BytesIO(content)).pages)
            seconds, _, again = _timed_get(client, url)
            warm.append(seconds)
            renders += render_count() - before
            if again != content:
                sys.exit(f"{name}: the warm copy differs from the cold one")
        try:
            render = [_render_only(name) for _ in range(runs)]
        except Exception as exc:  # the comparison column only; the requests are the figures
            print(f"{name}: render-only timing skipped ({exc})")
            render = []
        results[name] = {
            "url": url,
            "pages": pages,
            "bytes": len(content),
            "cold_s": {"min": round(min(cold), 3), "median": round(statistics.median(cold), 3)},
            "cold_cpu_s": {
                "min": round(min(cold_cpu), 3),
                "median": round(statistics.median(cold_cpu), 3),
            },
            "warm_ms": {
                "min": round(min(warm) * 1000, 1),
                "median": round(statistics.median(warm) * 1000, 1),
            },
            "render_only_cpu_s": (
                {"min": round(min(render), 3), "median": round(statistics.median(render), 3)}
                if render
                else None
            ),
            "renders_per_cold_and_warm_pair": renders / runs,
        }
        print(
            f"{name:16} {pages:3} pages  cold min {min(cold):.2f} s, median "
            f"{statistics.median(cold):.2f} s (CPU {statistics.median(cold_cpu):.2f} s)  "
            f"warm median {statistics.median(warm) * 1000:.0f} ms"
            + (f"  (WeasyPrint alone, CPU {statistics.median(render):.2f} s)" if render else "")
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=200, help="open actions (default 200)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", default="", help="SQLite file to reuse (default: a fresh one)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csphub-documents-bench-"))
    db = Path(args.db).resolve() if args.db else folder / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("CSPHUB_MEDIA_ROOT", str(folder / "media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "csphub.settings.dev"
    # the documents cache as production keeps it: files, in the temporary folder
    os.environ["CSPHUB_DOCUMENT_CACHE_DIR"] = str(folder / "document-cache")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    setup(db, args.actions)
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg()[0],
        "open_actions": args.actions,
        "runs": args.runs,
        "documents": measure(args.runs),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {RESULTS}")
    shutil.rmtree(folder, ignore_errors=True)  # the fresh database and the cached documents
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

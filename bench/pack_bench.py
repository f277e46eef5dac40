"""Agenda pack benchmark: `make bench-pack` (not a test; nothing here asserts a timing).

Loads the demo's Safer Bromley partnership into a fresh temporary SQLite database and
gives the 26 March 2018 meeting real papers: the text of the seed agenda packs
(../shared/seeds), laid out as PDFs of about 100 pages in all, and uploaded to the items
as a partnership would. Then it compiles the public and members' packs three times each
and reports min/median seconds and pages, beside a baseline measured in the same run:
pypdf merging the same paper PDFs with nothing else (no agenda, stamps or outline), so
the figure that matters is the ratio, not the absolute time on a shared machine.

Writes bench/pack_results.json; the figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
RESULTS = HERE / "pack_results.json"
SEEDS = PROJECT.parent / "shared" / "seeds"
MEETING = "safer-bromley/board/2018-03-26"


def paper_pdfs(target_pages: int) -> list[tuple[str, bytes]]:
    """Seed text cut into papers and laid out with WeasyPrint until ~target_pages."""
    from pypdf import PdfReader

    from csphub.documents import model as doc
    from csphub.documents.render_pdf import render_pdf

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        sys.exit(f"No seed documents in {SEEDS}: clone ../shared beside the project.")
    lines = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    papers: list[tuple[str, bytes]] = []
    pages = 0
    start = 0
    chunk = 110  # lines per paper: about 5 pages each
    while pages < target_pages:
        part = lines[start : start + chunk] or lines[:chunk]
        start += chunk
        title = f"Seed paper {len(papers) + 1}"
        document = doc.Document(
            title=title, blocks=[doc.Heading(title), *(doc.Paragraph(t) for t in part)]
        )
        pdf = render_pdf(document, page_numbers=False)
        pages += len(PdfReader(io.BytesIO(pdf)).pages)
        papers.append((title, pdf))
    return papers


def merge_only(papers: list[tuple[str, bytes]]) -> float:
    from pypdf import PdfReader, PdfWriter

    started = time.perf_counter()
    writer = PdfWriter()
    for _, pdf in papers:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    writer.write(io.BytesIO())
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of papers (about)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="csphub-pack-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["CSPHUB_MEDIA_ROOT"] = f"{folder}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csphub.settings.dev")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from csphub.audit.actors import SystemActor
    from csphub.demo.loader import FIXTURES, load_fixture
    from csphub.meetings import services as meeting_services
    from csphub.meetings.access import access_meeting_by_key
    from csphub.publishing.compile import compile_pack

    call_command("migrate", interactive=False, verbosity=0)
    load_fixture(FIXTURES / "safer-bromley.yaml")
    meeting = access_meeting_by_key(MEETING)
    papers = paper_pdfs(args.pages)
    items = [i for i in meeting.items.all() if not i.standing]
    actor = SystemActor("pack benchmark")
    for n, (title, pdf) in enumerate(papers):
        upload = ContentFile(pdf, name=f"{title}.pdf")
        meeting_services.paper_add(
            actor=actor, item=items[n % len(items)], title=title, file=upload
        )
    baseline = [merge_only(papers) for _ in range(args.runs)]
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "meeting": MEETING,
        "papers": len(papers),
        "baseline_merge_s": {"min": min(baseline), "median": statistics.median(baseline)},
    }
    for variant in ("public", "members"):
        times = []
        pages = 0
        for _ in range(args.runs):
            started = time.perf_counter()
            pack = compile_pack(meeting, variant)
            times.append(time.perf_counter() - started)
            pages = pack.page_count
        results[variant] = {
            "pages": pages,
            "min_s": round(min(times), 2),
            "per_100_pages_s": round(statistics.median(times) * 100 / pages, 2),
            "median_s": round(statistics.median(times), 2),
            "ratio_to_merge_only": round(statistics.median(times) / statistics.median(baseline), 1),
        }
        print(
            f"{variant}: {pages} pages, min {min(times):.2f} s, median "
            f"{statistics.median(times):.2f} s ({results[variant]['ratio_to_merge_only']}x a "
            f"plain merge of the same papers, {statistics.median(baseline):.2f} s)"
        )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

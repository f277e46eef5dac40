"""Import benchmark: `make bench` (not a test; nothing here asserts a timing).

Builds a data set of at least ``--rows`` real data.police.uk street-level rows from the files
in ../shared/data/police/data.police.uk/street/ (repeated as often as needed: copy ``k`` of a
file is renamed ``YYYY-MM-<folder>-cKK-street.csv``, so every copy is a force of its own to
the importer and nothing is de-duplicated or replaced across copies), then in one run:

1. imports it with the project's import (``services.police_import``, what
   ``csphub import-police`` calls) into a separate, freshly migrated SQLite database, then
   into a freshly created PostgreSQL database (``--postgres``), each in a process of its
   own so that its peak memory (RSS) is its own;
2. reads the same files with pandas (``read_csv``, then ``groupby`` month x crime type x LSOA
   and count): the baseline, if pandas is installed (``pip install -e '.[bench]'``), and
   gives each import's rows per second as a ratio of the baseline's;
3. if the crime pack exists (``csphub.performance.pack``), times ``csphub crime-pack`` for
   one partnership to PDF.

Prints a table and writes bench/results.json. The machine may be shared: compare the
ratio between the two measurements of one run, not the seconds of different runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
STREET = PROJECT.parent / "shared" / "data" / "police" / "data.police.uk" / "street"
MPS_BOROUGH = PROJECT.parent / "shared" / "data" / "police" / "london-datastore"
MPS_BOROUGH = MPS_BOROUGH / "mps-recorded-crime" / "borough"
RESULTS = HERE / "results.json"

PACK_PARTNERSHIP = "barking-dagenham"
PACK_TO = "2017-07"

_NAME_RE = re.compile(r"^(\d{4}-\d{2})-[a-z0-9-]+-street\.csv$", re.IGNORECASE)
_COLUMNS = ["Month", "Crime type", "LSOA code"]


@dataclass(frozen=True)
class Dataset:
    folder: Path
    files: list[Path]
    rows: int
    copies: int
    source_files: int
    source_rows: int


def _data_rows(path: Path) -> int:
    """Data rows in a street-level CSV (lines after the header; no field holds a newline)."""
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        handle.seek(-1, os.SEEK_END)
        if handle.read(1) != b"\n":
            lines += 1
    return max(lines - 1, 0)


def _slug(folder: str) -> str:
    """A force name for the importer from the source folder; never the word 'vintage' (the
    importer would read it as the publication month)."""
    slug = re.sub(r"vintage-(\d{4})-(\d{2})", r"v\1\2", folder.lower())
    return re.sub(r"[^a-z0-9-]+", "-", slug).strip("-")


def build_dataset(rows: int, work: Path, source: Path = STREET) -> Dataset:
    """Copy real street-level CSVs into ``work`` until there are at least ``rows`` data rows.

    Fewer rows than the source holds: the first files, in name order, that reach ``rows``.
    More: the whole source, copied ``ceil(rows / source rows)`` times, each copy renamed to a
    force of its own (``cKK``) so the import keeps every copy's rows.
    """
    found = []
    for path in sorted(source.rglob("*-street.csv")):
        if _NAME_RE.match(path.name):
            found.append((path, _data_rows(path)))
    if not found:
        raise SystemExit(f"no street-level CSVs under {source}")
    total = sum(n for _, n in found)
    if rows <= total:
        chosen, running = [], 0
        for path, n in found:
            chosen.append((path, n))
            running += n
            if running >= rows:
                break
        found, copies = chosen, 1
    else:
        copies = math.ceil(rows / total)
    folder = work / "street"
    files: list[Path] = []
    for k in range(1, copies + 1):
        for path, _n in found:
            month = _NAME_RE.match(path.name)[1]
            force = f"{_slug(path.relative_to(source).parts[0])}-c{k:02d}"
            target = folder / f"c{k:02d}" / force / f"{month}-{force}-street.csv"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            files.append(target)
    per_copy = sum(n for _, n in found)
    return Dataset(
        folder=folder,
        files=files,
        rows=per_copy * copies,
        copies=copies,
        source_files=len(found),
        source_rows=per_copy,
    )


def run_import(dataset: Dataset) -> dict:
    """The project's import, as `csphub import-police FOLDER` runs it (no progress bar)."""
    from csphub.audit.actors import SystemActor
    from csphub.police import services

    marks: dict[str, float] = {}

    def progress(done: int, total: int, name: str) -> None:
        if name == "writing to the database":
            marks["parsed"] = time.perf_counter()

    start = time.perf_counter()
    result = services.police_import(
        actor=SystemActor(label="import benchmark"),
        paths=[dataset.folder],
        progress=progress,
    )
    seconds = time.perf_counter() - start
    draft = result.draft
    parsed = marks.get("parsed", start + seconds) - start
    return {
        "rows_read": draft.rows_read,
        "rows_kept": draft.rows_kept,
        "duplicates_dropped": draft.duplicates_dropped,
        "files": len(draft.files),
        "months_written": result.months_new + result.months_replaced,
        "counts_written": result.counts_written,
        "seconds": round(seconds, 3),
        "read_seconds": round(parsed, 3),
        "write_seconds": round(seconds - parsed, 3),
        "rows_per_second": round(draft.rows_read / seconds) if seconds else None,
    }


def run_pandas(dataset: Dataset) -> dict:
    """The baseline: every file with pandas.read_csv, then one groupby and count."""
    import pandas as pd

    start = time.perf_counter()
    frames = [pd.read_csv(path, usecols=_COLUMNS, dtype=str) for path in dataset.files]
    frame = pd.concat(frames, ignore_index=True)
    counts = frame.groupby(_COLUMNS, dropna=False).size()
    seconds = time.perf_counter() - start
    return {
        "rows_read": len(frame),
        "groups": len(counts),
        "seconds": round(seconds, 3),
        "rows_per_second": round(len(frame) / seconds) if seconds else None,
        "pandas": pd.__version__,
        "how": "read_csv(usecols=Month, Crime type, LSOA code; dtype=str) per file, concat, "
        "groupby(Month, Crime type, LSOA code, dropna=False).size()",
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reset_postgres(url: str) -> None:
    """Drop and create the benchmark's PostgreSQL database, so every run imports into an
    empty one. Refuses a database whose name does not say it is for benchmarks."""
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if "bench" not in name:
        raise SystemExit(
            f"--postgres: {name!r} is dropped and created by the benchmark, so its "
            "name must contain 'bench'"
        )
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')


def run_child(what: str, folder: Path, database: str = "", pack: bool = False) -> dict:
    """One measurement in a fresh Python process of its own, so that its peak memory is
    its own: ``import`` (into ``database``) or ``pandas``. Returns its JSON figures."""
    import subprocess

    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        what,
        "--folder",
        str(folder),
        "--database",
        database,
    ]
    if pack:
        command.append("--pack")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"status": f"failed: {' / '.join(tail)}"[:400]}
    return json.loads(lines[-1])


def child(what: str, folder: Path, database: str, pack: bool) -> int:
    """The child's side of :func:`run_child`: measure, print one line of JSON."""
    files = sorted(folder.rglob("*-street.csv"))
    dataset = Dataset(folder=folder, files=files, rows=0, copies=0, source_files=0, source_rows=0)
    if what == "pandas":
        figures = run_pandas(dataset)
    else:
        setup_django(database)
        figures = run_import(dataset)
        figures["peak_rss_mb"] = peak_rss_mb()  # the import's, before the pack's
        figures["database"] = "postgresql" if database.startswith("postgres") else "sqlite"
        if pack:
            figures["pack"] = run_pack(folder.parent)
    figures.setdefault("peak_rss_mb", peak_rss_mb())
    print(json.dumps(figures))
    return 0


def pack_available() -> bool:
    if importlib.util.find_spec("csphub.performance.pack") is None:
        return False
    from django.core.management import get_commands

    module = importlib.import_module("csphub.performance.pack")
    has_api = hasattr(module, "crime_pack") or hasattr(module, "pack_document")
    return has_api and "crime_pack" in get_commands()


def run_pack(work: Path) -> dict:
    """`csphub crime-pack PARTNERSHIP --to MONTH --format pdf` once, after loading what it needs
    (the demo partnerships and the MPS borough files) into the benchmark database."""
    from django.core.management import call_command

    if not pack_available():
        return {"status": "not yet built"}
    from csphub.audit.actors import SystemActor
    from csphub.police import services

    out = work / "pack.pdf"
    try:
        setup = time.perf_counter()
        call_command("load_demo", verbosity=0)
        services.police_import(actor=SystemActor(label="import benchmark"), paths=[MPS_BOROUGH])
        setup = time.perf_counter() - setup
        start = time.perf_counter()
        call_command(
            "crime_pack",
            PACK_PARTNERSHIP,
            "--to",
            PACK_TO,
            "--format",
            "pdf",
            "--out",
            str(out),
            verbosity=0,
        )
        seconds = time.perf_counter() - start
    except Exception as exc:  # reported, not raised: the import figures stand
        return {"status": f"failed: {type(exc).__name__}: {exc}"[:300]}
    return {
        "status": "built",
        "command": f"csphub crime-pack {PACK_PARTNERSHIP} --to {PACK_TO} --format pdf",
        "seconds": round(seconds, 3),
        "setup_seconds": round(setup, 3),
        "pdf_bytes": out.stat().st_size if out.exists() else 0,
    }


def machine() -> dict:
    import duckdb

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "duckdb": duckdb.__version__,
        "sqlite": sqlite3.sqlite_version,
        "load_average": [round(x, 2) for x in load] if load else None,
    }


def run_benchmark(
    rows: int,
    work: Path,
    *,
    baseline: bool | None = None,
    pack: bool = True,
    say: Callable[[str], None] = lambda _m: None,
) -> dict:
    """The benchmark, in the Django database already configured; returns the figures.

    ``baseline=None`` runs the pandas baseline only when pandas is installed.
    """
    if baseline is None:
        baseline = importlib.util.find_spec("pandas") is not None
    say(f"Building the data set (at least {rows:,} rows) in {work} ...")
    dataset = build_dataset(rows, work)
    say(
        f"  {dataset.rows:,} rows in {len(dataset.files)} files "
        f"({dataset.source_files} real files x {dataset.copies})"
    )
    before = machine()
    say("Importing with the project's import (services.police_import) ...")
    imported = run_import(dataset)
    if baseline:
        say("Reading with pandas (read_csv, groupby month x crime type x LSOA) ...")
        pandas = run_pandas(dataset)
    else:
        pandas = {"status": "skipped: pandas is not installed (pip install -e '.[bench]')"}
    if pack:
        say("Building the crime pack ...")
        packed = run_pack(work)
    else:
        packed = {"status": "skipped"}
    ratio = None
    if imported.get("rows_per_second") and pandas.get("rows_per_second"):
        ratio = round(imported["rows_per_second"] / pandas["rows_per_second"], 3)
    return {
        "date": dt.date.today().isoformat(),
        "dataset": {
            "rows": dataset.rows,
            "files": len(dataset.files),
            "copies": dataset.copies,
            "source_files": dataset.source_files,
            "source_rows": dataset.source_rows,
            "source": "data.police.uk street-level CSVs in ../shared/data/police/"
            "data.police.uk/street/",
        },
        "import": imported,
        "pandas": pandas,
        "import_vs_pandas": ratio,
        "pack": packed,
        "machine": before | {"load_average_after": machine()["load_average"]},
    }


def _ratio(imported: dict, pandas: dict) -> float | None:
    if imported.get("rows_per_second") and pandas.get("rows_per_second"):
        return round(imported["rows_per_second"] / pandas["rows_per_second"], 3)
    return None


def run_all(
    rows: int,
    work: Path,
    *,
    postgres: str = "",
    baseline: bool = True,
    pack: bool = True,
    say: Callable[[str], None] = lambda _m: None,
) -> dict:
    """`make bench`: the data set once, then the import into SQLite and into PostgreSQL
    and the pandas baseline, each in a process of its own (for its peak memory), one after
    the other on the same files."""
    say(f"Building the data set (at least {rows:,} rows) in {work} ...")
    dataset = build_dataset(rows, work)
    say(
        f"  {dataset.rows:,} rows in {len(dataset.files)} files "
        f"({dataset.source_files} real files x {dataset.copies})"
    )
    before = machine()
    say("Importing into SQLite (services.police_import, a fresh database) ...")
    sqlite = run_child("import", dataset.folder, f"sqlite:///{work / 'bench.sqlite3'}", pack)
    packed = sqlite.pop("pack", {"status": "skipped"})
    if postgres:
        say("Importing into PostgreSQL (a fresh database) ...")
        reset_postgres(postgres)
        pg = run_child("import", dataset.folder, postgres)
    else:
        pg = {"status": "skipped: no --postgres URL (or BENCH_POSTGRES_URL)"}
    if baseline and importlib.util.find_spec("pandas") is not None:
        say("Reading with pandas (read_csv, groupby month x crime type x LSOA) ...")
        pandas = run_child("pandas", dataset.folder)
    else:
        pandas = {"status": "skipped: pandas is not installed (pip install -e '.[bench]')"}
    return {
        "date": dt.date.today().isoformat(),
        "dataset": {
            "rows": dataset.rows,
            "files": len(dataset.files),
            "copies": dataset.copies,
            "source_files": dataset.source_files,
            "source_rows": dataset.source_rows,
            "source": "data.police.uk street-level CSVs in ../shared/data/police/"
            "data.police.uk/street/",
        },
        "import": sqlite,
        "import_postgresql": pg,
        "pandas": pandas,
        "import_vs_pandas": _ratio(sqlite, pandas),
        "import_postgresql_vs_pandas": _ratio(pg, pandas),
        "pack": packed,
        "machine": before | {"load_average_after": machine()["load_average"]},
    }


def table(results: dict):
    from rich.markup import escape
    from rich.table import Table

    imp, pd_, pack = results["import"], results["pandas"], results["pack"]
    pg = results.get("import_postgresql", {"status": "not run"})
    data = results["dataset"]
    out = Table(title=f"Import benchmark: {data['rows']:,} street-level rows ({results['date']})")
    for column, justify in [
        ("What", "left"),
        ("Rows", "right"),
        ("Seconds", "right"),
        ("Rows/s", "right"),
        ("Notes", "left"),
    ]:
        out.add_column(column, justify=justify)

    def rss(figures: dict) -> str:
        return f"; peak RSS {figures['peak_rss_mb']:,.0f} MB" if "peak_rss_mb" in figures else ""

    for label, figures in (("import, SQLite", imp), ("import, PostgreSQL", pg)):
        if "seconds" not in figures:
            out.add_row(label, "", "", "", escape(figures.get("status", "")))
            continue
        out.add_row(
            label,
            f"{figures['rows_read']:,}",
            f"{figures['seconds']:.1f}",
            f"{figures['rows_per_second']:,}",
            f"read+check {figures['read_seconds']:.1f}s, write {figures['write_seconds']:.1f}s; "
            f"{figures['counts_written']:,} counts, {figures['duplicates_dropped']:,} "
            f"duplicates dropped{rss(figures)}",
        )
    if "seconds" in pd_:
        out.add_row(
            "pandas baseline",
            f"{pd_['rows_read']:,}",
            f"{pd_['seconds']:.1f}",
            f"{pd_['rows_per_second']:,}",
            f"pandas {pd_['pandas']}; {pd_['groups']:,} groups; no de-duplication, "
            f"no database{rss(pd_)}",
        )
    else:
        out.add_row("pandas baseline", "", "", "", escape(pd_["status"]))
    for label, key in (
        ("SQLite / pandas", "import_vs_pandas"),
        ("PostgreSQL / pandas", "import_postgresql_vs_pandas"),
    ):
        ratio = results.get(key)
        out.add_row(
            label,
            "",
            "",
            f"{ratio:.2f}x" if ratio else "n/a",
            "ratio of rows per second in this run",
        )
    if pack.get("status") == "built":
        out.add_row(
            "crime pack (PDF)",
            "",
            f"{pack['seconds']:.1f}",
            "",
            f"{pack['command']}; {pack['pdf_bytes']:,} bytes",
        )
    else:
        out.add_row("crime pack (PDF)", "", "", "", escape(f"pack: {pack['status']}"))
    return out


def setup_django(database: Path | str) -> None:
    """A fresh database of its own (a SQLite file, or a PostgreSQL URL the parent has just
    created), migrated, before anything touches Django."""
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csphub.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log while importing
    sys.path.insert(0, str(PROJECT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000, help="rows to import, at least")
    parser.add_argument("--json", default=str(RESULTS), help="write results here ('' for none)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--no-pack", action="store_true", help="skip the crime pack")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", ""),
        help="a PostgreSQL URL whose database (named *bench*) is dropped and created for the "
        "run (default: $BENCH_POSTGRES_URL; none: PostgreSQL is skipped)",
    )
    parser.add_argument("--child", choices=["import", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--database", default="", help=argparse.SUPPRESS)
    parser.add_argument("--pack", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, Path(args.folder), args.database, args.pack)

    from rich.console import Console

    console = Console() if sys.stdout.isatty() else Console(width=120)
    work = Path(tempfile.mkdtemp(prefix="csphub-bench-"))
    try:
        results = run_all(
            args.rows,
            work,
            postgres=args.postgres,
            baseline=not args.no_baseline,
            pack=not args.no_pack,
            say=console.print,
        )
    finally:
        if args.keep:
            console.print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    console.print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        console.print(f"Results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

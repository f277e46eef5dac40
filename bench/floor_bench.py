"""What the import's own tools can do at best on this machine: `make bench-floor` (not a test).

The issue asks for an import at twice the pandas baseline. This measures, on the data set
`make bench` builds, the parts no import of these files can avoid, each with the library
the import uses (or could use), so the target can be set against what the hardware gives:

- SHA-256 of every file's bytes (the provenance the import records);
- DuckDB parsing the five columns the import needs (a count only, then kept as the import
  keeps them, then grouped straight off the scan);
- Polars scanning and grouping the same columns, if Polars is installed (it is not a
  dependency: ``pip install polars`` to include it);
- the pandas baseline of `make bench`, if pandas is installed.

Each is run three times in this process, in turn, and the fastest is reported, with the
budget twice the baseline leaves for the whole import. Writes bench/floor_results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from import_bench import Dataset, build_dataset, run_pandas  # noqa: E402

from csphub.police.importer.street import HEADER  # noqa: E402

RESULTS = HERE / "floor_results.json"
NEEDED = ["Crime ID", "Month", "LSOA code", "LSOA name", "Crime type"]


def _sha256(files: list[Path]) -> None:
    for path in files:
        with path.open("rb") as handle:
            hashlib.file_digest(handle, "sha256")


def _duckdb(files: list[Path], what: str) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    columns = dict.fromkeys(HEADER, "VARCHAR")
    scan = (
        "read_csv($files, columns := $columns, header := true, auto_detect := false, "
        "strict_mode := true)"
    )
    picked = ", ".join(f'"{c}"' for c in NEEDED)
    group = ", ".join(f'"{c}"' for c in NEEDED[1:])
    # the names are this module's constants, the files are parameters
    sql = {
        "count": f"SELECT count(*) FROM (SELECT {picked} FROM {scan})",  # noqa: S608
        "keep": f'CREATE TEMP TABLE t AS SELECT file_index, hash("Crime ID") AS h, {group} '  # noqa: S608
        f"FROM {scan}",
        "group": f"SELECT count(*) FROM (SELECT file_index, {group}, count(*) FROM {scan} "  # noqa: S608
        "GROUP BY ALL)",
    }[what]
    try:
        con.execute(sql, {"files": [str(f) for f in files], "columns": columns}).fetchall()
    finally:
        con.close()


def _polars(files: list[Path]) -> None:
    import polars as pl

    schema = dict.fromkeys(HEADER, pl.String)
    keys = NEEDED[1:]
    pl.scan_csv([str(f) for f in files], schema=schema).select(NEEDED).group_by(
        keys
    ).len().collect()


def measure(dataset: Dataset, rounds: int = 3) -> dict:
    files = dataset.files
    steps: dict[str, Callable[[], object]] = {
        "sha256": lambda: _sha256(files),
        "duckdb_count": lambda: _duckdb(files, "count"),
        "duckdb_keep": lambda: _duckdb(files, "keep"),
        "duckdb_group": lambda: _duckdb(files, "group"),
    }
    if importlib.util.find_spec("polars") is not None:
        steps["polars_group"] = lambda: _polars(files)
    if importlib.util.find_spec("pandas") is not None:
        steps["pandas_baseline"] = lambda: run_pandas(dataset)
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _round in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    found = {
        name: {"min": round(min(t), 3), "median": round(statistics.median(t), 3)}
        for name, t in times.items()
    }
    result: dict = {"rows": dataset.rows, "files": len(files), "seconds": found}
    if "pandas_baseline" in found:
        budget = found["pandas_baseline"]["min"] / 2
        result["budget_at_2x_pandas"] = round(budget, 3)
        result["left_after_reading_and_hashing"] = round(
            budget - found["duckdb_group"]["min"] - found["sha256"]["min"] / 2, 3
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", default=str(RESULTS))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="csphub-floor-"))
    try:
        dataset = build_dataset(args.rows, work)
        result = measure(dataset, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{result['rows']:,} rows in {result['files']:,} files")
    for name, seconds in result["seconds"].items():
        print(f"  {name:16s} min {seconds['min']:6.3f} s   median {seconds['median']:6.3f} s")
    if "budget_at_2x_pandas" in result:
        print(f"  twice pandas leaves {result['budget_at_2x_pandas']:.2f} s for the whole import;")
        print(
            "  after grouping the rows in DuckDB and hashing the files on the other core, "
            f"{result['left_after_reading_and_hashing']:.2f} s remain for de-duplication, "
            "mapping, digests and writing 2.2 million counts"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

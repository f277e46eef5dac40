"""The import benchmark (bench/import_bench.py, `make bench`) on ~20,000 real rows.

Only checks that it runs and reports consistent figures: never a timing. The pandas baseline
runs only if pandas is installed (it is an optional extra, `.[bench]`); the crime pack is
left out (the benchmark run covers it). Nothing is written to bench/results.json.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

from csphub.police.models import DataSource

from .factories import count_rows

BENCH = Path(__file__).resolve().parents[3] / "bench" / "import_bench.py"

pytestmark = pytest.mark.django_db


def _bench_module():
    name = "csphub_import_bench"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _stamp(path: Path):
    return path.stat().st_mtime_ns if path.exists() else None


def test_benchmark_core_reports_sensible_figures(tmp_path):
    bench = _bench_module()
    if not bench.STREET.is_dir():
        pytest.skip(f"no street-level data at {bench.STREET}")
    has_pandas = importlib.util.find_spec("pandas") is not None
    before = _stamp(bench.RESULTS)

    results = bench.run_benchmark(20_000, tmp_path, pack=False)

    data = results["dataset"]
    assert data["rows"] >= 20_000
    assert data["copies"] == 1
    assert data["files"] == data["source_files"] == len(list(tmp_path.rglob("*-street.csv")))

    imported = results["import"]
    # every row read, once; what is kept is what was read less the repeated Crime IDs
    assert imported["rows_read"] == data["rows"]
    assert imported["rows_kept"] + imported["duplicates_dropped"] == imported["rows_read"]
    assert 0 <= imported["duplicates_dropped"] < imported["rows_read"] // 10
    assert imported["files"] == data["files"]
    assert imported["counts_written"] == len(count_rows()) > 0
    assert imported["months_written"] == data["files"]  # one force's month per file
    assert imported["seconds"] > 0
    assert imported["read_seconds"] + imported["write_seconds"] == pytest.approx(
        imported["seconds"], abs=0.01
    )
    assert imported["rows_per_second"] > 0
    # every file is a force of its own (cKK), so copies never collapse into one source
    assert all(s.scope.endswith("-c01") for s in DataSource.objects.all())

    if has_pandas:
        assert results["pandas"]["rows_read"] == data["rows"]
        assert results["pandas"]["groups"] > 0
        assert results["pandas"]["rows_per_second"] > 0
        assert results["import_vs_pandas"] > 0
    else:
        assert results["pandas"]["status"].startswith("skipped")
        assert results["import_vs_pandas"] is None
    assert results["pack"] == {"status": "skipped"}
    assert _stamp(bench.RESULTS) == before  # the core function writes no results file


def test_repeated_copies_are_distinct_forces(tmp_path):
    bench = _bench_module()
    if not bench.STREET.is_dir():
        pytest.skip(f"no street-level data at {bench.STREET}")
    source = tmp_path / "source"
    month = next(p for p in sorted(bench.STREET.rglob("*-street.csv")))
    (source / "city-of-london-vintage-2023-09").mkdir(parents=True)
    (source / "city-of-london-vintage-2023-09" / month.name).write_bytes(month.read_bytes())
    rows = bench._data_rows(month)

    dataset = bench.build_dataset(rows * 2 + 1, tmp_path / "work", source=source)

    assert dataset.copies == 3
    assert dataset.rows == rows * 3
    names = sorted(p.name for p in dataset.files)
    assert len(set(names)) == 3
    assert all("vintage" not in str(p.relative_to(tmp_path)) for p in dataset.files)
    assert all(bench._NAME_RE.match(name) for name in names)


def test_floor_benchmark_measures_each_step_once_a_round(tmp_path):
    """bench/floor_bench.py (`make bench-floor`) on ~20,000 rows: every step runs and is
    reported; never a timing."""
    bench = _bench_module()
    if not bench.STREET.is_dir():
        pytest.skip(f"no street-level data at {bench.STREET}")
    spec = importlib.util.spec_from_file_location(
        "csphub_floor_bench", BENCH.with_name("floor_bench.py")
    )
    floor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floor)

    result = floor.measure(floor.build_dataset(20_000, tmp_path), rounds=1)

    assert result["rows"] >= 20_000
    assert {"sha256", "duckdb_count", "duckdb_keep", "duckdb_group"} <= set(result["seconds"])
    assert all(s["min"] == s["median"] >= 0 for s in result["seconds"].values())
    if importlib.util.find_spec("pandas") is not None:
        assert result["budget_at_2x_pandas"] > 0

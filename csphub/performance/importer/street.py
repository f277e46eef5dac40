"""data.police.uk street-level crime CSVs: one file per force per month.

Header: Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, LSOA code,
LSOA name, Crime type, Last outcome category, Context. Quirks handled here:

- the same Crime ID can appear more than once in a month (one crime, several outcome
  rows, sometimes placed differently): counted once, in the row that has an LSOA (the
  lowest LSOA code when they differ; then the first crime type in alphabetical order).
  A blank Crime ID (every row before December 2011, every anti-social behaviour row) is
  never de-duplicated: identical blank-ID rows are separate incidents at the same snapped
  point;
- "No Location" rows (blank LSOA) and rows whose point falls in a neighbouring force's
  LSOA count at force level (the force recorded them); the first only there, the second
  also in their LSOA and its district;
- the district (borough level) comes from the LSOA name: "Lincoln 001A" is in Lincoln.

Files are read in batches (one DuckDB scan for several months), which is what makes a
large import fast; every count is still kept per file, because a file is one force's month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from .csvtools import Reader, first_line_where, load_rows, read_header
from .draft import (
    AreaSpec,
    CategoryResolver,
    Draft,
    FileReport,
    Gazetteer,
    MonthCounts,
    SourceSpec,
)
from .errors import PoliceDataError
from .inputs import InputFile
from .reference import authority_code, force_id, synthetic_code

FAMILY = "police.uk-street"
PUBLISHER = "Home Office (data.police.uk)"
LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(data.police.uk)."
)

REQUIRED = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
]
OPTIONAL = ["Last outcome category", "Context"]
HEADER = REQUIRED + OPTIONAL

BATCH_FILES = 48
BATCH_BYTES = 256 * 1024**2

_FILE_RE = re.compile(r"^(\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-street\.csv$", re.IGNORECASE)
_DISTRICT_SQL = r"nullif(regexp_extract(lsoa_name, '^(.*\S)\s+\d{3}[A-Z]$', 1), '')"


def check_header(file: InputFile, header: list[str]) -> None:
    known = {c.casefold(): c for c in HEADER}
    for position, column in enumerate(header):
        if column.casefold() not in known:
            expected = HEADER[position] if position < len(HEADER) else None
            hint = f"; expected {expected!r} here" if expected else ""
            raise PoliceDataError(
                file.name,
                f"unexpected column {column!r} in a data.police.uk street-level header{hint}",
                line=1,
                field=column,
            )
    present = {c.casefold() for c in header}
    for column in REQUIRED:
        if column.casefold() not in present:
            raise PoliceDataError(
                file.name,
                f"the street-level header has no {column!r} column",
                line=1,
                field=column,
            )


def batches(
    items: Sequence[tuple[InputFile, FileReport]],
) -> list[list[tuple[InputFile, FileReport]]]:
    """Consecutive files with the same header, a few dozen (or a few hundred MB) at a time."""
    found: list[list[tuple[InputFile, FileReport]]] = []
    current: list[tuple[InputFile, FileReport]] = []
    header: list[str] | None = None
    size = 0
    for file, report in items:
        this = read_header(file)
        check_header(file, this)
        if current and (
            this != header or len(current) >= BATCH_FILES or size + file.size > BATCH_BYTES
        ):
            found.append(current)
            current, size = [], 0
        current.append((file, report))
        header, size = this, size + file.size
    if current:
        found.append(current)
    return found


def parse_batch(
    reader: Reader,
    items: Sequence[tuple[InputFile, FileReport]],
    draft: Draft,
    resolver: CategoryResolver,
    gazetteer: Gazetteer,
) -> None:
    """Read files that share a header in one scan; counts stay per file."""
    files = [file for file, _ in items]
    header = read_header(files[0])
    canonical = {c.casefold(): c for c in HEADER}
    names = {canonical[c.casefold()]: c for c in header}
    columns = dict.fromkeys(header, "VARCHAR")
    columns[names["Month"]] = "DATE"
    q = {k: '"' + v.replace('"', '""') + '"' for k, v in names.items()}
    select = (
        "filename, "
        f"nullif(trim({q['Crime ID']}), '') AS crime_id, "
        f"{q['Month']} AS month, "
        f"nullif(trim({q['Reported by']}), '') AS reported_by, "
        f"nullif(trim({q['LSOA code']}), '') AS lsoa_code, "
        f"nullif(trim({q['LSOA name']}), '') AS lsoa_name, "
        f"nullif(trim({q['Crime type']}), '') AS crime_type"
    )
    reader.read_csv(files, "street", columns, select=select, dateformat="%Y-%m")
    con = reader.con
    by_path = {str(file.path): (file, report) for file, report in items}
    index_of = {str(file.path): i for i, file in enumerate(files)}

    stats = con.execute(
        "SELECT filename, count(*), count(*) FILTER (month IS NULL), "
        "count(*) FILTER (crime_type IS NULL) FROM street GROUP BY filename"
    ).fetchall()
    for path, rows_read, blank_month, blank_type in sorted(stats, key=lambda s: index_of[s[0]]):
        file, report = by_path[path]
        if blank_month:
            _blank(file, names["Month"])
        if blank_type:
            _blank(file, names["Crime type"])
        report.rows_read = rows_read

    # one row per crime: blank ids are separate incidents, repeated ids the same crime
    rank = "(lsoa_code IS NULL, lsoa_code, crime_type, lsoa_name)"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE street_d AS
        SELECT filename, month, crime_type, lsoa_code, lsoa_name FROM street
        WHERE crime_id IS NULL
        UNION ALL
        SELECT filename, month, arg_min(crime_type, {rank}), arg_min(lsoa_code, {rank}),
               arg_min(lsoa_name, {rank})
        FROM street WHERE crime_id IS NOT NULL GROUP BY filename, crime_id, month"""  # noqa: S608
    )
    for path, kept in con.execute(
        "SELECT filename, count(*) FROM street_d GROUP BY filename"
    ).fetchall():
        report = by_path[path][1]
        report.rows_kept = kept
        report.duplicates_dropped = report.rows_read - kept

    # the force of each file: its name (2015-12-lincolnshire-street.csv), else 'Reported by'
    reporters = dict(
        con.execute(
            "SELECT filename, arg_max(reported_by, n) FROM (SELECT filename, reported_by, "
            "count(*) AS n FROM street WHERE reported_by IS NOT NULL GROUP BY ALL) "
            "GROUP BY filename"
        ).fetchall()
    )
    scope_of: dict[str, str] = {}
    for file, report in items:
        name = reporters.get(str(file.path)) or ""
        match = _FILE_RE.match(file.parts[-1]) if file.parts else None
        scope = match["force"].lower() if match else force_id(name) if name else ""
        if not scope:
            raise PoliceDataError(
                file.name,
                "cannot tell which force the file is from: neither its name "
                "(YYYY-MM-<force>-street.csv) nor a 'Reported by' value says",
            )
        scope_of[str(file.path)] = scope
        source = (FAMILY, scope)
        report.source = source
        draft.sources.setdefault(
            source,
            SourceSpec(
                family=FAMILY,
                scope=scope,
                name=f"data.police.uk street-level crime: {name or scope}",
                publisher=PUBLISHER,
                licence=LICENCE,
            ),
        )
        draft.add_area(AreaSpec("force", scope, name or scope))

    # map each (label, month) once; an unmapped label stops the import here
    mapping_rows = []
    for label, month, path in con.execute(
        "SELECT crime_type, month, min(filename) FROM street_d GROUP BY ALL"
    ).fetchall():
        category = resolver.resolve("police.uk", label, None, month)
        if category is None:
            file = by_path[path][0]
            found = first_line_where(file, names["Crime type"], lambda v, lb=label: v == lb)
            raise PoliceDataError(
                file.name,
                f"crime type {label!r} ({month:%Y-%m}) has no category mapping; add one "
                "for source 'police.uk' in the category mappings and import again",
                line=found[0] if found else None,
                field=names["Crime type"],
            )
        mapping_rows.append((label, month, category))
    load_rows(
        con,
        "street_map",
        {"crime_type": "VARCHAR", "month": "DATE", "category": "VARCHAR"},
        mapping_rows,
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE street_c AS
        SELECT d.filename, d.month, m.category, d.lsoa_code, d.lsoa_name,
               {_DISTRICT_SQL} AS district
        FROM street_d d JOIN street_map m USING (crime_type, month)"""  # noqa: S608
    )

    # districts (borough level) and LSOAs, as areas
    districts: dict[str, str] = {}
    for (district,) in con.execute(
        "SELECT DISTINCT district FROM street_c WHERE district IS NOT NULL"
    ).fetchall():
        code = authority_code(district) or gazetteer.authority_code_for(district)
        code = code or synthetic_code(district)
        districts[district] = code
        gazetteer.remember_authority(code, district)
        draft.add_area(AreaSpec("borough", code, district))
    for code, name, district in con.execute(
        "SELECT lsoa_code, min(lsoa_name), min(district) FROM street_c "
        "WHERE lsoa_code IS NOT NULL GROUP BY lsoa_code"
    ).fetchall():
        parent = ("borough", districts[district]) if district else None
        draft.add_area(AreaSpec("lsoa", code, name or code, parent))

    cells: dict[tuple[str, dt.date], Counter] = {}
    queries = [
        ("force", "NULL", "TRUE"),
        ("lsoa", "lsoa_code", "lsoa_code IS NOT NULL"),
        ("borough", "district", "district IS NOT NULL"),
    ]
    for level, key, where in queries:
        for path, month, category, code, n in con.execute(
            f"SELECT filename, month, category, {key}, count(*) FROM street_c "  # noqa: S608
            f"WHERE {where} GROUP BY ALL"
        ).fetchall():
            if level == "force":
                code = scope_of[path]
            elif level == "borough":
                code = districts[code]
            cell = cells.get((path, month))
            if cell is None:
                cell = cells[(path, month)] = Counter()
            cell[(level, code, category)] += n

    for file, report in items:
        path = str(file.path)
        months = sorted(month for (p, month) in cells if p == path)
        for month in months:
            report.months.add(month)
            rows = [(lv, code, cat, n) for (lv, code, cat), n in cells[(path, month)].items()]
            draft.add_month(MonthCounts((FAMILY, scope_of[path]), month, report.index, rows))


def _blank(file: InputFile, column: str) -> None:
    found = first_line_where(file, column, lambda v: not v)
    raise PoliceDataError(
        file.name,
        "the value is blank but every row needs one",
        line=found[0] if found else None,
        field=column,
    )

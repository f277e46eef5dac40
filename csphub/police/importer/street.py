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
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .csvtools import Reader, ScanFailed, first_line_where, load_rows, read_header
from .draft import (
    AreaKey,
    AreaSpec,
    CategoryResolver,
    CountColumns,
    CountKeys,
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

BATCH_FILES = 5000
BATCH_BYTES = 256 * 1024**2
"""Files are read a few hundred MB at a time: one scan per batch is what makes the reading
fast (a scan costs a fixed few milliseconds however little it reads), and the batch's size
bounds the memory the reading takes, whatever the number of files. Past 128 MB the size
hardly changes the time (1.1 GB in batches of 128, 256, 384 or 768 MB: the same CPU time
within noise) but the memory grows with it (peak RSS about 470, 660, 850, 1,150 MB)."""

_FILE_RE = re.compile(r"^(\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-street\.csv$", re.IGNORECASE)
_DISTRICT_SQL = r"nullif(regexp_extract(lsoa_name, '^(.*\S)\s+\d{3}[A-Z]$', 1), '')"
_CRIME_HASH = "hash({crime_id}, file_no, {month})"
"""SQL for a 64-bit hash of a row's crime id, file and month, which finds the ids that may
repeat (see _deduplicate): one integer is grouped and joined faster than three columns."""


def _clean(column: str) -> str:
    """SQL for the column's value trimmed, NULL when blank: ``nullif(trim(x), '')``."""
    return f"nullif(trim({column}), '')"


def _untidy(column: str) -> str:
    """SQL true when :func:`_clean` would change the value (never wrong, only now and then
    needlessly cautious): DuckDB's trim strips Unicode space separators, and one at either
    end means a leading or trailing ' ' or a character beyond ASCII (more bytes than
    characters); a blank is made NULL."""
    return (
        f"({column} = '' OR starts_with({column}, ' ') OR ends_with({column}, ' ') "
        f"OR strlen({column}) <> length({column}))"
    )


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
    """Consecutive files with the same header, a few dozen (or a few hundred MB) at a time;
    a file given twice is read in a batch of its own each time (a batch tells its files
    apart by path)."""
    found: list[list[tuple[InputFile, FileReport]]] = []
    current: list[tuple[InputFile, FileReport]] = []
    header: list[str] | None = None
    size = 0
    paths: set[Path] = set()
    for file, report in items:
        this = read_header(file)
        check_header(file, this)
        if current and (
            this != header
            or len(current) >= BATCH_FILES
            or size + file.size > BATCH_BYTES
            or file.path in paths
        ):
            found.append(current)
            current, size, paths = [], 0, set()
        current.append((file, report))
        header, size = this, size + file.size
        paths.add(file.path)
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
    """Read files that share a header in one scan; counts stay per file.

    Everything per row happens in DuckDB: the de-duplication, the category mapping, the
    force, district and LSOA levels. Python sees only what it must decide (each file's force,
    each label's category, each district's code) and the final counts, as arrays."""
    files = [file for file, _ in items]
    header = read_header(files[0])
    canonical = {c.casefold(): c for c in HEADER}
    names = {canonical[c.casefold()]: c for c in header}
    columns = dict.fromkeys(header, "VARCHAR")
    columns[names["Month"]] = "DATE"
    q = {k: '"' + v.replace('"', '""') + '"' for k, v in names.items()}
    crime_hash = _CRIME_HASH.format(crime_id=q["Crime ID"], month=q["Month"])
    select = (
        # the file's position in the batch (the paths are distinct; see batches); the
        # values as read, cleaned only if some need it (see _count)
        f"file_no, {q['Crime ID']} AS crime_id, {crime_hash} AS crime_hash, "
        f"{q['Month']} AS month, {_reporter(q['Reported by'], files, draft)} AS reported_by, "
        f"{q['LSOA code']} AS lsoa_code, {q['LSOA name']} AS lsoa_name, "
        f"{q['Crime type']} AS crime_type"
    )
    try:
        reader.read_csv(files, "street", columns, select=select, dateformat="%Y-%m", fast=True)
    except ScanFailed:
        # something is wrong somewhere in the batch: the careful read names it (or, if it
        # finds nothing to refuse, reads the batch as the fast scan would have)
        reader.read_csv(files, "street", columns, select=select, dateformat="%Y-%m")
    con = reader.con
    dropped = _count(con)

    stats = con.execute(
        "SELECT file_no, count(*), count(*) FILTER (month IS NULL), "
        "count(*) FILTER (crime_type IS NULL) FROM street GROUP BY file_no ORDER BY file_no"
    ).fetchall()
    for file_no, rows_read, blank_month, blank_type in stats:
        file, report = items[file_no]
        if blank_month:
            _blank(file, names["Month"])
        if blank_type:
            _blank(file, names["Crime type"])
        report.rows_read = rows_read
    for file_no, kept in con.execute(
        "SELECT file_no, sum(n)::BIGINT FROM street_g GROUP BY file_no"
    ).fetchall():
        report = items[file_no][1]
        report.rows_kept = kept
        report.duplicates_dropped = report.rows_read - kept

    # the force of each file: its name (2015-12-lincolnshire-street.csv), else 'Reported by'
    reporters = dict(
        con.execute(
            # the values cleaned once per file and value, not once per row (a WHERE on the
            # cleaned value would be pushed down to every row: hence the FILTER)
            f"""SELECT file_no, arg_max(reported_by, n) FILTER (reported_by IS NOT NULL)
            FROM (
                SELECT file_no, {_clean("reported_by")} AS reported_by, sum(n) AS n FROM (
                    SELECT file_no, reported_by, count(*) AS n FROM street GROUP BY ALL
                ) GROUP BY ALL
            ) GROUP BY file_no"""  # noqa: S608
        ).fetchall()
    )
    scopes: list[str] = []
    for file_no, (file, report) in enumerate(items):
        name = reporters.get(file_no) or ""
        match = _FILE_RE.match(file.parts[-1]) if file.parts else None
        scope = match["force"].lower() if match else force_id(name) if name else ""
        if not scope:
            raise PoliceDataError(
                file.name,
                "cannot tell which force the file is from: neither its name "
                "(YYYY-MM-<force>-street.csv) nor a 'Reported by' value says",
            )
        scopes.append(scope)
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
    mapping: list[tuple[str, dt.date, str]] = []
    for label, month, file_no in con.execute(
        "SELECT crime_type, month, min(file_no) FROM street_g GROUP BY ALL "
        "ORDER BY month, crime_type"
    ).fetchall():
        category = resolver.resolve("police.uk", label, None, month)
        if category is None:
            file = items[file_no][0]
            found = first_line_where(file, names["Crime type"], lambda v, lb=label: v == lb)
            raise PoliceDataError(
                file.name,
                f"crime type {label!r} ({month:%Y-%m}) has no category mapping; add one "
                "for source 'police.uk' in the category mappings and import again",
                line=found[0] if found else None,
                field=names["Crime type"],
            )
        mapping.append((label, month, category))

    # districts (borough level) and LSOAs, as areas: each LSOA name's district read once
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE street_name AS
        SELECT lsoa_name, {_DISTRICT_SQL} AS district
        FROM (SELECT DISTINCT lsoa_name FROM street_g WHERE lsoa_name IS NOT NULL)"""  # noqa: S608
    )
    districts: dict[str, str] = {}
    for (district,) in con.execute(
        "SELECT DISTINCT district FROM street_name WHERE district IS NOT NULL ORDER BY district"
    ).fetchall():
        code = authority_code(district) or gazetteer.authority_code_for(district)
        code = code or synthetic_code(district)
        districts[district] = code
        gazetteer.remember_authority(code, district)
        draft.add_area(AreaSpec("borough", code, district))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE street_lsoa AS SELECT g.lsoa_code, "
        "min(g.lsoa_name) AS name, min(n.district) AS district, "
        "(row_number() OVER (ORDER BY g.lsoa_code) - 1)::INTEGER AS lsoa_rank "
        # each (code, name) pair once: a few thousand, where the groups are 100 times more
        "FROM (SELECT DISTINCT lsoa_code, lsoa_name FROM street_g WHERE lsoa_code IS NOT NULL) g "
        "LEFT JOIN street_name n USING (lsoa_name) GROUP BY g.lsoa_code"
    )
    lsoas: list[AreaKey] = []
    for code, name, district in con.execute(
        "SELECT lsoa_code, name, district FROM street_lsoa ORDER BY lsoa_rank"
    ).fetchall():
        parent = ("borough", districts[district]) if district else None
        draft.add_area(AreaSpec("lsoa", code, name or code, parent))
        lsoas.append(("lsoa", code))

    # the batch's areas and categories, numbered in sorted order: the counts carry numbers,
    # and sorting by number sorts by (level, code, category), as MonthCounts.digest does
    # ('borough' < 'force' < 'lsoa'; the LSOAs come numbered in DuckDB's order, which for
    # text is Python's, code point by code point; checked, not assumed)
    areas = sorted({("force", s) for s in scopes} | {("borough", c) for c in districts.values()})
    lsoa_offset = len(areas)
    ordered = all(a < b for a, b in itertools.pairwise(lsoas))
    areas += lsoas
    area_no = {key: i for i, key in enumerate(areas[:lsoa_offset])}
    categories = sorted({category for _label, _month, category in mapping})
    category_no = {slug: i for i, slug in enumerate(categories)}
    tables = {
        "street_file": (
            {"file_no": "INTEGER", "force_no": "INTEGER"},
            [(i, area_no[("force", s)]) for i, s in enumerate(scopes)],
        ),
        "street_map": (
            {"crime_type": "VARCHAR", "month": "DATE", "cat_no": "INTEGER"},
            [(label, month, category_no[c]) for label, month, c in mapping],
        ),
        "street_district": (
            {"district": "VARCHAR", "borough_no": "INTEGER"},
            [(d, area_no[("borough", c)]) for d, c in districts.items()],
        ),
    }
    for table, (spec, rows) in tables.items():
        load_rows(con, table, spec, rows)

    # the counts: force (every row), LSOA (rows with one) and district (rows whose LSOA name
    # has one), per file and month, in one aggregation over numbers
    found = con.execute(
        """WITH c AS (
            SELECT g.file_no, g.month, m.cat_no, f.force_no,
                   l.lsoa_rank + $lsoa_offset AS lsoa_no, d.borough_no, g.n
            FROM street_g g
            JOIN street_file f USING (file_no)
            JOIN street_map m USING (crime_type, month)
            LEFT JOIN street_lsoa l USING (lsoa_code)
            LEFT JOIN street_name nm USING (lsoa_name)
            LEFT JOIN street_district d ON d.district = nm.district
        )
        SELECT file_no, month, area_no, cat_no, sum(n)::BIGINT AS n FROM (
            SELECT file_no, month, force_no AS area_no, cat_no, n FROM c
            UNION ALL
            SELECT file_no, month, lsoa_no, cat_no, n FROM c WHERE lsoa_no IS NOT NULL
            UNION ALL
            SELECT file_no, month, borough_no, cat_no, n FROM c WHERE borough_no IS NOT NULL
        ) GROUP BY ALL ORDER BY file_no, month, area_no, cat_no""",
        {"lsoa_offset": lsoa_offset},
    ).fetchnumpy()
    if not len(found["n"]):
        return
    keys = CountKeys(areas, categories, ordered=ordered)
    file_nos = np.asarray(found["file_no"], dtype=np.int64)
    months = np.asarray(found["month"]).astype("datetime64[D]")
    area = np.asarray(found["area_no"], dtype=np.int32)
    category = np.asarray(found["cat_no"], dtype=np.int32)
    count = np.asarray(found["n"], dtype=np.int64)
    # one MonthCounts per (file, month): where either changes, the next month begins
    changes = (np.diff(file_nos) != 0) | (np.diff(months) != np.timedelta64(0, "D"))
    bounds = [0, *(np.flatnonzero(changes) + 1).tolist(), len(count)]
    for start, end in itertools.pairwise(bounds):
        file_no = int(file_nos[start])
        month = months[start].item()
        file, report = items[file_no]
        report.months.add(month)
        rows = CountColumns(
            keys, area[start:end], category[start:end], count[start:end], ordered=True
        )
        draft.add_month(
            MonthCounts(
                (FAMILY, scopes[file_no]),
                month,
                report.index,
                rows,
                duplicates_dropped=dropped.get((file_no, month), 0),
            )
        )


def _reporter(column: str, files: Sequence[InputFile], draft: Draft) -> str:
    """SQL for 'Reported by' in the rows whose file's force name the draft can show, NULL in
    the others (a string copied per row costs a tenth of the scan).

    A file's force comes from its name (2015-12-lincolnshire-street.csv) when it can, and
    its 'Reported by' then only names things: the source (the first file of a force, when
    the draft has none yet) and the force's area (the last file of the force: each file's
    name replaces the one before). Every other file's value is never seen."""
    needed: set[int] = set()
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for file_no, file in enumerate(files):
        match = _FILE_RE.match(file.parts[-1]) if file.parts else None
        if match is None:
            needed.add(file_no)
            continue
        scope = match["force"].lower()
        if (FAMILY, scope) not in draft.sources:
            first.setdefault(scope, file_no)
        last[scope] = file_no
    needed |= set(first.values()) | set(last.values())
    if len(needed) == len(files) or len(needed) > _REPORTERS_LISTED:
        return column
    listed = ", ".join(map(str, sorted(needed)))
    return f"CASE WHEN file_no IN ({listed}) THEN {column} END"


_REPORTERS_LISTED = 256
"""Past this many files named in an IN list, every row's value is read (cheaper then)."""


def _count(con) -> dict[tuple[int, dt.date], int]:
    """Group the rows by what the counts need, each crime once (``street_g``), with every
    value trimmed and a blank made NULL, as if each had been cleaned as it was read; return
    the rows dropped as repeats per (file number, month).

    Cleaning 5 million values costs a third of a second, and police data hardly ever needs
    it: the values are tested instead (the crime ids, which are compared one by one, in
    every row; the rest once per distinct value, in the groups and in the rows of repeated
    ids, which between them hold every row's values), and only if one would change is every
    value cleaned and the rows counted again. Cleaning is done per value, so counting first
    gives the same groups whenever nothing needs cleaning."""
    dropped = _deduplicate(con)
    values = " OR ".join(
        f"(SELECT bool_or({_untidy(c)}) FROM (SELECT {c} FROM {table} GROUP BY ALL))"  # noqa: S608
        for table in ("street_g", "street_rep")
        for c in ("crime_type", "lsoa_code", "lsoa_name")
    )
    untidy = con.execute(
        f"SELECT (SELECT bool_or({_untidy('crime_id')}) FROM street) OR {values}"  # noqa: S608
    ).fetchone()[0]
    if not untidy:
        return dropped
    crime_id = _clean("crime_id")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE street AS SELECT file_no, {crime_id} AS crime_id,
        {_CRIME_HASH.format(crime_id=crime_id, month="month")} AS crime_hash, month, reported_by,
        {_clean("lsoa_code")} AS lsoa_code, {_clean("lsoa_name")} AS lsoa_name,
        {_clean("crime_type")} AS crime_type FROM street"""  # noqa: S608
    )
    return _deduplicate(con)


_RANK = "(lsoa_code IS NULL, lsoa_code, crime_type, lsoa_name)"
"""Of a crime's rows (a repeated id), the lowest is counted: the one with an LSOA, the lowest
LSOA code, then the first crime type in alphabetical order."""

_KEY = "file_no, month, crime_type, lsoa_code, lsoa_name"


def _deduplicate(con) -> dict[tuple[int, dt.date], int]:
    """Count each repeated crime once, in ``street_g``; return the rows dropped per
    (file number, month).

    Blank ids are separate incidents, repeated ids the same crime. Few ids repeat, so they
    are found by their 64-bit hash (cheap to group and to join), and only the rows of
    repeated hashes (``street_rep``) are compared by their id (a hash shared by two ids is
    then told apart). Every other row is counted as it is, with those of ids that do not
    repeat after all and each crime's counted row (each of its values the lowest ranked
    row's that is not blank, as ``arg_min`` gives them), in one grouping."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE street_hash AS SELECT crime_hash FROM street "
        "WHERE crime_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE street_rep AS SELECT {_KEY}, crime_id FROM street
        SEMI JOIN street_hash USING (crime_hash) WHERE crime_id IS NOT NULL"""  # noqa: S608
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE street_crime AS
        SELECT file_no, month, crime_id, count(*) AS n, arg_min(crime_type, {_RANK}) AS crime_type,
               arg_min(lsoa_code, {_RANK}) AS lsoa_code, arg_min(lsoa_name, {_RANK}) AS lsoa_name
        FROM street_rep GROUP BY file_no, month, crime_id HAVING count(*) > 1"""  # noqa: S608
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE street_g AS SELECT {_KEY}, count(*) AS n FROM (
            SELECT {_KEY} FROM street
            WHERE crime_id IS NULL OR crime_hash NOT IN (SELECT crime_hash FROM street_hash)
            UNION ALL
            SELECT {_KEY} FROM street_rep ANTI JOIN street_crime USING (file_no, month, crime_id)
            UNION ALL
            SELECT {_KEY} FROM street_crime
        ) GROUP BY ALL"""  # noqa: S608
    )
    return {
        (file_no, month): repeats
        for file_no, month, repeats in con.execute(
            "SELECT file_no, month, (sum(n) - count(*))::BIGINT FROM street_crime GROUP BY ALL"
        ).fetchall()
    }


def _blank(file: InputFile, column: str) -> None:
    found = first_line_where(file, column, lambda v: not v)
    raise PoliceDataError(
        file.name,
        "the value is blank but every row needs one",
        line=found[0] if found else None,
        field=column,
    )

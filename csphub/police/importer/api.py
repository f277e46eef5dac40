"""data.police.uk API JSON: saved responses of `crimes-street` (street-level crimes in a custom
polygon), one file per ward polygon per month, as PoliceRewired/ward-level-crime-data and
similar projects save them: ``<borough>/<YYYY-MM>/crime_month_YYYY_MM_area_<WARD>_<n>.json``.

Each file is a JSON array of crimes (``category``, ``id``, ``month``, ``location_type``...).
A crime near a ward boundary is returned for both wards' polygons (and a ward made of two
polygons, ``_0`` and ``_1``, can return it twice): it is counted once, in the ward with the
lowest code, and once in the borough. British Transport Police crimes (``location_type``
"BTP") are kept: they are crimes in the area. The borough is the folder the months sit in,
when it names a borough, or else the local authority the wards belong to (ward lookup).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Sequence

import duckdb

from .csvtools import Reader, load_rows
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
from .reference import authority_code, authority_name, synthetic_code

FAMILY = "police.uk-api"
PUBLISHER = "Home Office (data.police.uk API)"
LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(data.police.uk)."
)
_WARD_RE = re.compile(r"_area_(?P<ward>[EWSN]\d{8})(?:_\d+)?\.json$", re.IGNORECASE)
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_MONTH_DIR_RE = re.compile(r"^\d{4}-\d{2}$")
COLUMNS = {"category": "VARCHAR", "id": "VARCHAR", "month": "VARCHAR", "location_type": "VARCHAR"}


def scope_of(file: InputFile) -> tuple[str, str]:
    """(scope, group): the folder above the month folder, and the month folder itself."""
    parts = file.parts
    if len(parts) >= 3 and _MONTH_DIR_RE.match(parts[-2]):
        return parts[-3].lower(), parts[-2]
    return "api", parts[-2] if len(parts) >= 2 else ""


def parse_group(
    reader: Reader,
    files: Sequence[InputFile],
    reports: Sequence[FileReport],
    scope: str,
    draft: Draft,
    resolver: CategoryResolver,
    gazetteer: Gazetteer,
) -> None:
    """Read the files of one borough and month folder together (ward polygons overlap)."""
    con = reader.con
    by_disk = {str(f.path): (f, r) for f, r in zip(files, reports, strict=True)}
    wards = {}
    for f in files:
        match = _WARD_RE.search(f.parts[-1])
        wards[str(f.path)] = match["ward"].upper() if match else None
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE api AS SELECT filename, category, id, month, "
            "location_type FROM read_json($files, format := 'array', columns := $columns, "
            "filename := true)",
            {"files": [str(f.path) for f in files], "columns": COLUMNS},
        )
    except duckdb.Error as exc:
        _explain_failure(files, exc)
        raise  # _explain_failure always raises; this keeps type checkers content
    load_rows(con, "api_ward", {"filename": "VARCHAR", "ward": "VARCHAR"}, list(wards.items()))

    problem = con.execute(
        "SELECT filename, CASE WHEN category IS NULL THEN 'category' WHEN id IS NULL THEN 'id' "
        "ELSE 'month' END FROM api WHERE category IS NULL OR id IS NULL OR month IS NULL "
        "OR NOT regexp_full_match(month, '\\d{4}-(0[1-9]|1[0-2])') LIMIT 1"
    ).fetchone()
    if problem is not None:
        file, _ = by_disk[problem[0]]
        _locate(file, problem[1])

    con.execute(
        """CREATE OR REPLACE TEMP TABLE api_d AS
        SELECT a.filename, w.ward, a.category, a.id, CAST(a.month || '-01' AS DATE) AS month,
               row_number() OVER (
                   PARTITION BY a.id, a.month ORDER BY w.ward NULLS LAST, a.filename
               ) = 1 AS kept
        FROM api a JOIN api_ward w USING (filename)"""
    )
    for filename, read, kept in con.execute(
        "SELECT filename, count(*), count(*) FILTER (kept) FROM api_d GROUP BY filename"
    ).fetchall():
        report = by_disk[filename][1]
        report.rows_read, report.rows_kept = read, kept
        report.duplicates_dropped = read - kept

    source = (FAMILY, scope)
    draft.sources.setdefault(
        source,
        SourceSpec(
            family=FAMILY,
            scope=scope,
            name=f"data.police.uk API street-level crimes by ward: {scope}",
            publisher=PUBLISHER,
            licence=LICENCE,
        ),
    )
    borough = _borough(scope, [w for w in wards.values() if w], gazetteer)
    if borough is not None:
        draft.add_area(AreaSpec("borough", borough[0], borough[1]))
    for report in reports:
        report.source = source

    labels = con.execute("SELECT DISTINCT category, month FROM api_d WHERE kept").fetchall()
    mapping: dict[tuple[str, dt.date], str] = {}
    for label, month in labels:
        category = resolver.resolve("police.uk-api", label, None, month)
        if category is None:
            first = con.execute(
                "SELECT filename FROM api_d WHERE category = ? LIMIT 1", [label]
            ).fetchone()
            file = by_disk[first[0]][0]
            raise PoliceDataError(
                file.name,
                f"crime category {label!r} ({month:%Y-%m}) has no category mapping; add one "
                "for source 'police.uk-api' and import again",
                line=_line_of(file, lambda item, lb=label: item.get("category") == lb),
                field="category",
            )
        mapping[(label, month)] = category

    cells: dict[dt.date, Counter] = {}
    for month, ward, label, n in con.execute(
        "SELECT month, ward, category, count(*) FROM api_d WHERE kept GROUP BY ALL"
    ).fetchall():
        category = mapping[(label, month)]
        counter = cells.setdefault(month, Counter())
        if ward:
            counter[("ward", ward, category)] += n
            name, _authority = gazetteer.wards.get(ward, (ward, ""))
            draft.add_area(
                AreaSpec(
                    "ward",
                    ward,
                    name,
                    ("borough", borough[0]) if borough else None,
                    placeholder_name=ward not in gazetteer.wards,
                )
            )
        if borough is not None:
            counter[("borough", borough[0], category)] += n
    months = sorted(cells)
    dropped = dict(
        con.execute("SELECT month, count(*) FILTER (NOT kept) FROM api_d GROUP BY month").fetchall()
    )
    for month in months:
        rows = [(lv, code, cat, n) for (lv, code, cat), n in cells[month].items()]
        # the month belongs to the group; report it on the group's first file
        draft.add_month(
            MonthCounts(
                source,
                month,
                reports[0].index,
                rows,
                duplicates_dropped=int(dropped.get(month, 0)),
            )
        )
    for report in reports:
        report.months.update(months)


def _borough(scope: str, wards: list[str], gazetteer: Gazetteer) -> tuple[str, str] | None:
    name = scope.replace("-", " ")
    code = authority_code(name) or gazetteer.authority_code_for(name)
    if code:
        return code, authority_name(code) or gazetteer.authority_names.get(code, name)
    authorities = Counter(gazetteer.wards[w][1] for w in wards if w in gazetteer.wards)
    if not authorities:
        return None
    name = authorities.most_common(1)[0][0]
    code = authority_code(name) or gazetteer.authority_code_for(name) or synthetic_code(name)
    gazetteer.remember_authority(code, name)
    return code, name


def _records(file: InputFile) -> list[tuple[int, object]]:
    """(line, item) for each element of the file's top-level array (error paths only)."""
    text = file.path.read_text(encoding="utf-8-sig")
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    items = []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return items
        item, end = decoder.raw_decode(text, pos)
        items.append((text.count("\n", 0, pos) + 1, item))
        pos = end


def _line_of(file: InputFile, test) -> int | None:
    try:
        for line, item in _records(file):
            if isinstance(item, dict) and test(item):
                return line
    except (ValueError, json.JSONDecodeError):
        return None
    return None


def _locate(file: InputFile, field: str) -> None:
    for index, (line, item) in enumerate(_records(file), start=1):
        value = item.get(field) if isinstance(item, dict) else None
        if value is None or value == "":
            raise PoliceDataError(
                file.name, f"crime {index} has no {field!r}", line=line, field=field
            )
        if field == "month" and not _MONTH_RE.match(str(value)):
            raise PoliceDataError(
                file.name,
                f"crime {index} has month {value!r}, not a month written as YYYY-MM",
                line=line,
                field=field,
            )
    raise PoliceDataError(file.name, f"a crime has a missing or invalid {field!r}", field=field)


def _explain_failure(files: Sequence[InputFile], exc: Exception) -> None:
    """Turn DuckDB's refusal into a message naming the file (as the user knows it) and line."""
    message = str(exc)
    for file in files:
        if str(file.path) in message:
            try:
                text = file.path.read_text(encoding="utf-8-sig")
                data = json.loads(text)
            except UnicodeDecodeError as err:
                raise PoliceDataError(file.name, f"is not UTF-8 text ({err.reason})") from None
            except json.JSONDecodeError as err:
                raise PoliceDataError(
                    file.name, f"malformed JSON: {err.msg} (column {err.colno})", line=err.lineno
                ) from None
            if not isinstance(data, list):
                raise PoliceDataError(
                    file.name,
                    "expected a JSON array of crimes (a data.police.uk crimes-street response), "
                    f"found {type(data).__name__}",
                    line=1,
                ) from None
            raise PoliceDataError(file.name, message.split("\n", 1)[0]) from None
    raise PoliceDataError(files[0].name if files else "?", message.split("\n", 1)[0]) from None

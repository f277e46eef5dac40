"""Metropolitan Police recorded crime from the London Datastore ("MPS Recorded Crime:
Geographic Breakdown"): one row per area and category, one column per month (YYYYMM).

Every header layout published so far is read by the role of each column, not its position:

=========================  ==========================================================
borough, to early 2019     Borough, Major Category, Minor Category, YYYYMM...
borough, 2019 to 2024      MajorText, MinorText, LookUp_BoroughName, YYYYMM...
borough, 2025              MajorText, MinorText, BoroughName, YYYYMM... (UPPER CASE)
borough, 2026              Group, SubGroup, BOCU, YYYYMM...
ward                       MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, ...
LSOA                       LSOA Code, LSOA Name, Borough (a GSS code), Major Category, ...
=========================  ==========================================================

Counts go in at the file's own level (borough, ward or LSOA) and are also added up to
borough (from ward and LSOA files) and to the whole Metropolitan Police area. "Boroughs"
that are not local authorities ("Unknown", "Aviation Security (SO18)") count at force
level only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from .csvtools import (
    ParquetRowError,
    Reader,
    first_line_where,
    first_row_where,
    load_rows,
    parquet_columns,
    read_header,
)
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
from .reference import (
    MPS_FORCE,
    NOT_A_BOROUGH,
    authority_code,
    authority_name,
    is_gss,
    name_key,
    synthetic_code,
)
from .window import MonthWindow

PUBLISHER = "Metropolitan Police Service (London Datastore)"
LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v2.0 "
    "(Metropolitan Police Service, via the London Datastore)."
)

ROLES = {
    "major": {"majorcategory", "majortext", "group"},
    "minor": {"minorcategory", "minortext", "subgroup"},
    "borough": {"borough", "lookupboroughname", "boroughname", "bocu"},
    "ward_code": {"wardcode"},
    "ward_name": {"wardname"},
    "lsoa_code": {"lsoacode", "lsoa11cd", "lsoa21cd"},
    "lsoa_name": {"lsoaname", "lsoa11nm", "lsoa21nm"},
}
_ROLE_OF = {alias: role for role, aliases in ROLES.items() for alias in aliases}
_MONTH_COLUMN = re.compile(r"^(\d{4})(\d{2})$")
_PARQUET_MONTH_COLUMN = re.compile(
    r"^(?:[a-z]{1,6}_?|_)?(\d{4})[-_/]?(\d{2})(?:[-_/]01(?:[ t]00:00:00)?)?$", re.IGNORECASE
)
"""Month columns of a Parquet conversion: 201707 as published, and the names conversions
give them (2017-07, 2017_07, 2017-07-01, _201707, x201707, m2017_07, month_201707)."""
_PANDAS_INDEX = re.compile(r"^__index_level_\d+__$")
_INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "HUGEINT",
}


def _key(column: str) -> str:
    return re.sub(r"[\s_]+", "", column).casefold()


def _month_of(column: str, parquet: bool = False) -> dt.date | None:
    match = (_PARQUET_MONTH_COLUMN if parquet else _MONTH_COLUMN).match(column.strip())
    if match and 1 <= int(match[2]) <= 12:
        return dt.date(int(match[1]), int(match[2]), 1)
    return None


def looks_like(header: list[str], *, parquet: bool = False) -> bool:
    """A recorded-crime file: a category column and month columns (by name only)."""
    roles = {_ROLE_OF.get(_key(c)) for c in header}
    return "major" in roles and any(_month_of(c, parquet) for c in header)


def _layout(
    file: InputFile, header: list[str], parquet: bool
) -> tuple[dict[str, str], dict[str, dt.date]]:
    """Each column's role (major, minor, borough, ward code...) and the month columns."""
    roles: dict[str, str] = {}
    months: dict[str, dt.date] = {}
    line = None if parquet else 1
    where = "the columns" if parquet else "the header"
    for column in header:
        role = _ROLE_OF.get(_key(column))
        if role is not None:
            if role in roles:
                raise PoliceDataError(
                    file.name, f"two columns give the {role}", line=line, field=column
                )
            roles[role] = column
            continue
        month = _month_of(column, parquet)
        if month is not None:
            if month in months.values():
                raise PoliceDataError(
                    file.name, f"two columns give the month {month:%Y-%m}", line=line, field=column
                )
            months[column] = month
            continue
        if parquet and _PANDAS_INDEX.match(column):
            continue  # a row index pandas wrote with the data
        raise PoliceDataError(
            file.name,
            f"unexpected column {column!r} in an MPS recorded-crime file: month columns are "
            "written YYYYMM (e.g. 201707) and the others name the category and area",
            line=line,
            field=column,
        )
    for needed in ("major", "minor", "borough"):
        if needed not in roles:
            raise PoliceDataError(
                file.name,
                f"{where} have no {needed} column (expected one of "
                f"{', '.join(sorted(ROLES[needed]))})",
                line=line,
            )
    if not months:
        raise PoliceDataError(file.name, f"{where} have no month (YYYYMM) columns", line=line)
    return roles, months


def _whole_numbers(con, file: InputFile, months: dict[str, dt.date], types, locate) -> None:
    """Month columns a conversion did not store as integers (a float column, where pandas
    had a missing value; text): every value must still be a whole number, and is made one."""
    loose = [c for c in months if types.get(c, "").upper() not in _INTEGER_TYPES]
    if not loose:
        return

    def q(column: str) -> str:
        return '"' + column.replace('"', '""') + '"'

    def number(column: str) -> str:
        return f"TRY_CAST(trim(CAST({q(column)} AS VARCHAR)) AS DOUBLE)"

    checks = ", ".join(
        f"count(*) FILTER ({q(c)} IS NOT NULL AND "
        f"({number(c)} IS NULL OR NOT isfinite({number(c)}) "
        f"OR {number(c)} <> trunc({number(c)})))"
        for c in loose
    )
    found_bad = con.execute(f"SELECT {checks} FROM mps").fetchone()  # noqa: S608
    for column, bad in zip(loose, found_bad, strict=True):
        if bad:

            def not_whole(value: str) -> bool:
                try:
                    return bool(value) and float(value) != int(float(value))
                except (ValueError, OverflowError):
                    return True

            found = locate(column, not_whole)
            raise ParquetRowError(
                file.name,
                "a count must be a whole number of 0 or more"
                + (f", not {found[1]!r}" if found else ""),
                line=found[0] if found else None,
                field=column,
            )
    replace = ", ".join(f"CAST({number(c)} AS BIGINT) AS {q(c)}" for c in loose)
    con.execute(f"CREATE OR REPLACE TEMP TABLE mps AS SELECT * REPLACE ({replace}) FROM mps")  # noqa: S608


def parse(
    reader: Reader,
    file: InputFile,
    report: FileReport,
    draft: Draft,
    resolver: CategoryResolver,
    gazetteer: Gazetteer,
    window: MonthWindow | None = None,
) -> None:
    """Read one file (CSV, or a Parquet conversion with the same columns) into the draft.
    With a ``window``, only its months are read; the file's report notes the rest."""
    parquet = file.suffix == ".parquet"
    types = dict(parquet_columns(file)) if parquet else {}
    header = list(types) if parquet else read_header(file)
    roles, months = _layout(file, header, parquet)
    if window is not None:
        left_out = {c: m for c, m in months.items() if m not in window}
        months = {c: m for c, m in months.items() if m in window}
        if left_out:
            report.notes.append(window.note(left_out.values(), months.values()))
        if not months:
            return
    if "lsoa_code" in roles:
        level, family = "lsoa", "mps-lsoa"
    elif "ward_code" in roles:
        level, family = "ward", "mps-ward"
    else:
        level, family = "borough", "mps-borough"
    if family == "mps-ward" and "ward_name" not in roles:
        roles["ward_name"] = roles["ward_code"]

    def q(column: str) -> str:
        return '"' + column.replace('"', '""') + '"'

    con = reader.con
    if parquet:
        # only the columns needed: a window over a long history reads a few of its months
        select = [f"CAST({q(c)} AS VARCHAR) AS {q(c)}" for c in dict.fromkeys(roles.values())]
        select += [q(c) for c in months]
        reader.read_parquet(file, "mps", ", ".join(select))
        error = ParquetRowError

        def locate(column: str, test) -> tuple[int, str] | None:
            return first_row_where(con, "mps", column, test)

    else:
        columns = {c: ("BIGINT" if c in months else "VARCHAR") for c in header}
        reader.read_csv(file, "mps", columns)
        error = PoliceDataError

        def locate(column: str, test) -> tuple[int, str] | None:
            return first_line_where(file, column, test)

    ident = {role: f"nullif(trim({q(column)}), '')" for role, column in roles.items()}
    rows_read = con.execute("SELECT count(*) FROM mps").fetchone()[0]
    report.rows_read = report.rows_kept = rows_read
    for role in ("major", "borough", "ward_code", "lsoa_code"):
        if (
            role in ident
            and con.execute(f"SELECT count(*) FROM mps WHERE {ident[role]} IS NULL").fetchone()[0]  # noqa: S608
        ):
            found = locate(roles[role], lambda v: not v)
            raise error(
                file.name,
                "the value is blank but every row needs one",
                line=found[0] if found else None,
                field=roles[role],
            )
    if parquet:
        _whole_numbers(con, file, months, types, locate)
    checks = ", ".join(f"count(*) FILTER ({q(c)} IS NULL OR {q(c)} < 0)" for c in months)
    bad_counts = con.execute(f"SELECT {checks} FROM mps").fetchone()  # noqa: S608
    for column, bad in zip(months, bad_counts, strict=True):
        if bad:
            found = locate(column, lambda v: not v or v.lstrip().startswith("-"))
            raise error(
                file.name,
                "a count must be a whole number of 0 or more"
                + (f", not {found[1]!r}" if found and found[1] else " (the cell is blank)"),
                line=found[0] if found else None,
                field=column,
            )

    select = [f"{ident['major']} AS major", f"coalesce({ident['minor']}, '') AS minor"]
    select.append(f"{ident['borough']} AS borough")
    if level == "ward":
        select += [f"{ident['ward_code']} AS area_code", f"{ident['ward_name']} AS area_name"]
    elif level == "lsoa":
        name = ident.get("lsoa_name", ident["lsoa_code"])
        select += [f"{ident['lsoa_code']} AS area_code", f"{name} AS area_name"]
    # month columns by their month (YYYYMM), whatever a conversion named them
    month_select = ", ".join(f'CAST({q(c)} AS BIGINT) AS "{m:%Y%m}"' for c, m in months.items())
    month_list = ", ".join(f'"{m:%Y%m}"' for m in months.values())
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE mps_long AS
        SELECT * EXCLUDE (ym), CAST(strptime(ym, '%Y%m') AS DATE) AS month FROM (
            UNPIVOT (SELECT {", ".join(select)}, {month_select} FROM mps)
            ON {month_list} INTO NAME ym VALUE n
        ) WHERE n <> 0"""  # noqa: S608 - quoted column names from the checked header
    )

    # categories: each (major, minor) once per month it appears in
    mapping_rows = []
    for major, minor, month in con.execute(
        "SELECT DISTINCT major, minor, month FROM mps_long"
    ).fetchall():
        category = resolver.resolve("mps", major, minor, month)
        if category is None:
            found = locate(roles["major"], lambda v, m=major: v == m)
            raise error(
                file.name,
                f"category {major!r} / {minor!r} has no category mapping; add one for source "
                "'mps' in the category mappings and import again",
                line=found[0] if found else None,
                field=roles["major"],
            )
        mapping_rows.append((major, minor, month, category))
    load_rows(
        con,
        "mps_map",
        {"major": "VARCHAR", "minor": "VARCHAR", "month": "DATE", "category": "VARCHAR"},
        mapping_rows,
    )

    # boroughs: names (or GSS codes in the LSOA file) to codes; pseudo-boroughs to none
    force_code, force_name = MPS_FORCE
    draft.add_area(AreaSpec("force", force_code, force_name))
    borough_rows = []
    query = f"SELECT DISTINCT {ident['borough']} FROM mps"  # noqa: S608
    for (value,) in con.execute(query).fetchall():
        value = (value or "").strip()
        if not value or name_key(value) in NOT_A_BOROUGH:
            borough_rows.append((value, None))
            continue
        if is_gss(value):
            code = value
            name = authority_name(code) or gazetteer.authority_names.get(code, code)
        else:
            name = authority_name(authority_code(value) or "") or value
            code = authority_code(value) or gazetteer.authority_code_for(value)
            if code is None:
                code = synthetic_code(value)
                draft.warnings.append(
                    f"{file.name}: borough {value!r} is not a London borough this import knows; "
                    f"filed under the code {code!r}"
                )
        gazetteer.remember_authority(code, name)
        parent = ("force", force_code) if code != "E09000001" else None
        draft.add_area(AreaSpec("borough", code, name, parent))
        borough_rows.append((value, code))
    load_rows(con, "mps_borough", {"borough": "VARCHAR", "code": "VARCHAR"}, borough_rows)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE mps_c AS
        SELECT l.*, m.category, b.code AS borough_code
        FROM mps_long l
        JOIN mps_map m ON m.major = l.major AND m.minor = l.minor AND m.month = l.month
        JOIN mps_borough b ON b.borough = l.borough"""
    )

    cells: dict[dt.date, Counter] = {}

    def add(rows, level_name):
        for month, code, category, n in rows:
            cells.setdefault(month, Counter())[(level_name, code, category)] += int(n)

    add(
        con.execute(
            "SELECT month, ?, category, sum(n) FROM mps_c GROUP BY month, category", [force_code]
        ).fetchall(),
        "force",
    )
    add(
        con.execute(
            "SELECT month, borough_code, category, sum(n) FROM mps_c "
            "WHERE borough_code IS NOT NULL GROUP BY ALL"
        ).fetchall(),
        "borough",
    )
    if level in ("ward", "lsoa"):
        add(
            con.execute(
                "SELECT month, area_code, category, sum(n) FROM mps_c GROUP BY ALL"
            ).fetchall(),
            level,
        )
        for code, name, borough_code in con.execute(
            "SELECT area_code, any_value(area_name), min(borough_code) FROM "
            "(SELECT DISTINCT area_code, area_name, b.code AS borough_code FROM mps_long l "
            "JOIN mps_borough b ON b.borough = l.borough) GROUP BY area_code"
        ).fetchall():
            parent = ("borough", borough_code) if borough_code else None
            draft.add_area(AreaSpec(level, code, name or code, parent))

    source = (family, force_code)
    labels = {
        "mps-borough": "borough level",
        "mps-ward": "ward level",
        "mps-lsoa": "LSOA level",
    }
    draft.sources.setdefault(
        source,
        SourceSpec(
            family=family,
            scope=force_code,
            name=f"MPS recorded crime, {labels[family]} (London Datastore)",
            publisher=PUBLISHER,
            licence=LICENCE,
        ),
    )
    report.source = source
    for month in sorted(months.values()):
        rows = [(lv, code, cat, n) for (lv, code, cat), n in cells.get(month, {}).items()]
        report.months.add(month)
        draft.add_month(MonthCounts(source, month, report.index, rows))

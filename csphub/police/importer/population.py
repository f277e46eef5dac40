"""ONS small area population estimates (mid-year) by LSOA, and the ward lookup that names the
wards of the data.police.uk API files.

Population: ``LSOA11CD, LSOA11NM, MSOA11CD, MSOA11NM, LAD11CD, LAD11NM, Persons_All-Ages,
Persons_0-15, ...`` (the London extract of the ONS SAPE; 2021 geography files use LSOA21CD
and LAD21CD/LAD22CD...). Persons columns become age bands ("all", "0-15", "16-29", ...);
the mid-year comes from the file name ("london-mid2019-pop.csv"). LSOA figures are added up
to their local authority, which also gives the authority its GSS code.

Ward lookup: ``Unique Id, Ward, Area`` (ward GSS code, ward name, local authority name).
"""

from __future__ import annotations

import re

from .csvtools import Reader, check_utf8, first_line_where, iter_rows, read_header
from .draft import AreaSpec, Draft, FileReport, Gazetteer, PopulationRow
from .errors import PoliceDataError
from .inputs import InputFile

_YEAR_RE = re.compile(r"mid[-_ ]?(\d{4})", re.IGNORECASE)
_PERSONS_RE = re.compile(r"^persons[_ -](.+)$", re.IGNORECASE)
_ID_COLUMNS = re.compile(r"^(LSOA|MSOA|LAD)\d{2}(CD|NM)$", re.IGNORECASE)

WARD_LOOKUP_HEADER = ["unique id", "ward", "area"]


def looks_like_population(header: list[str]) -> bool:
    return (
        bool(header)
        and re.match(r"^LSOA\d{2}CD$", header[0], re.IGNORECASE) is not None
        and (any(_PERSONS_RE.match(c) for c in header))
    )


def looks_like_ward_lookup(header: list[str]) -> bool:
    return [c.casefold() for c in header] == WARD_LOOKUP_HEADER


def _band(label: str) -> str:
    label = label.strip()
    return "all" if label.replace("-", " ").casefold() in ("all ages", "all") else label


def parse_population(
    reader: Reader, file: InputFile, report: FileReport, draft: Draft, gazetteer: Gazetteer
) -> None:
    header = read_header(file)
    match = _YEAR_RE.search(file.parts[-1])
    if not match:
        raise PoliceDataError(
            file.name,
            "cannot tell the year of the estimates: name the file as ONS does, with "
            "'mid2019' (or similar) in its name",
        )
    year = int(match[1])
    ids: dict[str, str] = {}
    bands: dict[str, str] = {}
    for column in header:
        if _ID_COLUMNS.match(column):
            ids[column[:4].upper().rstrip("0123456789") + column[-2:].upper()] = column
        elif persons := _PERSONS_RE.match(column):
            bands[column] = _band(persons[1])
        elif not re.match(r"^(males|females)[_ -]", column, re.IGNORECASE):
            raise PoliceDataError(
                file.name,
                f"unexpected column {column!r} in an ONS population estimates file",
                line=1,
                field=column,
            )
    for needed in ("LSOACD", "LADCD"):
        if needed not in ids:
            raise PoliceDataError(file.name, f"the header has no {needed[:4]}..CD column", line=1)
    if "all" not in bands.values():
        raise PoliceDataError(file.name, "the header has no Persons_All-Ages column", line=1)
    columns = {c: ("BIGINT" if c in bands else "VARCHAR") for c in header}
    reader.read_csv(file, "pop", columns)
    con = reader.con

    def q(column: str) -> str:
        return '"' + column.replace('"', '""') + '"'

    for column in [ids["LSOACD"], ids["LADCD"], *bands]:
        query = f"SELECT count(*) FROM pop WHERE {q(column)} IS NULL"  # noqa: S608
        if con.execute(query).fetchone()[0]:
            found = first_line_where(file, column, lambda v: not v)
            raise PoliceDataError(
                file.name,
                "the value is blank but every row needs one",
                line=found[0] if found else None,
                field=column,
            )
    lsoa_name = ids.get("LSOANM", ids["LSOACD"])
    lad_name = ids.get("LADNM", ids["LADCD"])
    rows = con.execute(
        f"SELECT {q(ids['LSOACD'])}, {q(lsoa_name)}, {q(ids['LADCD'])}, {q(lad_name)}, "  # noqa: S608
        + ", ".join(q(c) for c in bands)
        + " FROM pop"
    ).fetchall()
    report.rows_read = report.rows_kept = len(rows)
    band_names = list(bands.values())
    totals: dict[tuple[str, str], int] = {}
    for lsoa, name, lad, lad_label, *values in rows:
        lad, lsoa = lad.strip(), lsoa.strip()
        gazetteer.remember_authority(lad, lad_label.strip())
        draft.add_area(AreaSpec("borough", lad, lad_label.strip()))
        draft.add_area(AreaSpec("lsoa", lsoa, (name or lsoa).strip(), ("borough", lad)))
        for band, value in zip(band_names, values, strict=True):
            draft.populations.append(
                PopulationRow("lsoa", lsoa, year, band, int(value), report.index)
            )
            totals[(lad, band)] = totals.get((lad, band), 0) + int(value)
    for (lad, band), value in totals.items():
        draft.populations.append(PopulationRow("borough", lad, year, band, value, report.index))


def parse_ward_lookup(file: InputFile, report: FileReport, gazetteer: Gazetteer) -> None:
    """Read the ward lookup into the gazetteer (it names wards; it creates no areas)."""
    check_utf8(file)  # iter_rows replaces bad bytes: a ward name would be silently garbled
    count = 0
    for line, fields in iter_rows(file):
        if not any(fields):
            continue
        if len(fields) != 3:
            raise PoliceDataError(
                file.name,
                f"expected 3 fields (Unique Id, Ward, Area), found {len(fields)}",
                line=line,
            )
        code, ward, authority = (f.strip() for f in fields)
        if not code:
            raise PoliceDataError(file.name, "the ward code is blank", line=line, field="Unique Id")
        gazetteer.wards[code] = (ward or code, authority)
        count += 1
    report.rows_read = report.rows_kept = count

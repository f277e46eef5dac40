"""Real police data for the demo: `csphub load_demo` imports a few MPS files from the shared
police data folder (``CSPHUB_POLICE_DATA_DIR``, ../shared/data/police by default), so the demo
partnerships' crime summaries, hotspots and packs have real figures.

- MPS borough level crime, the January 2019 publication (2008-01..2018-12): the boroughs'
  figures, e.g. Barking and Dagenham burglary April to July 2017 = 518.
- The MPS ward history (Parquet conversion, May-2022 wards), April 2015 to March 2018 only:
  ward hotspots for 2016/17 and 2017/18.
- ONS mid-2019 population by LSOA (added up to boroughs): rates per 1,000 residents.

The import goes through ``services.police_import`` like any other. A file already imported
(the same bytes, and for the ward history the same months) is not imported again, so running
`load_demo` twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from csphub.demo.values import ACTOR
from csphub.police import services
from csphub.police.importer import MonthWindow
from csphub.police.importer.inputs import InputFile
from csphub.police.models import ImportFile


@dataclass(frozen=True)
class DemoImport:
    """Files imported together (one import run), with an optional month window."""

    label: str
    files: tuple[tuple[str, ...], ...]
    window: MonthWindow | None = None
    vintage: str = ""


_BOROUGH = ("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
IMPORTS = (
    DemoImport(
        "MPS borough level crime 2008-01..2018-12 and ONS mid-2019 population",
        (
            (*_BOROUGH, "MPS_Borough_Level_Crime_Historic.csv"),
            (*_BOROUGH, "MPS Borough Level Crime (most recent 24 months).csv"),
            ("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv"),
        ),
    ),
    DemoImport(
        "MPS ward level crime 2015-04..2018-03 (May-2022 wards)",
        (
            (
                "london-datastore",
                "parquet-fenneh-2026-04",
                "recorded-crime-ward-historical.parquet",
            ),
        ),
        window=MonthWindow.of("2015-04", "2018-03"),
        vintage="2026-04",
    ),
)


def _sha256(path: Path) -> str:
    return InputFile(path=path, name=str(path), size=path.stat().st_size).sha256()


def _already_imported(path: Path, window: MonthWindow | None) -> bool:
    """An earlier import read these very bytes (and, with a window, at least its months)."""
    found = ImportFile.objects.filter(sha256=_sha256(path)).exclude(format="skip")
    if window is not None and window.first:
        found = found.filter(first_month__lte=window.first)
    if window is not None and window.last:
        found = found.filter(last_month__gte=window.last)
    return found.exists()


def missing_files(folder: Path, imports: tuple[DemoImport, ...] = IMPORTS) -> list[Path]:
    """The files of ``imports`` that are not in ``folder``."""
    wanted = [Path(folder, *parts) for job in imports for parts in job.files]
    return [path for path in wanted if not path.is_file()]


def load_police_data(folder: Path, imports: tuple[DemoImport, ...] = IMPORTS) -> list[str]:
    """Import what the demo needs from ``folder`` and return lines saying what was done.
    Raises ``PoliceDataError`` for a file that cannot be imported (nothing is written).
    ``imports`` are the shared folder's files unless given (the shipped extract's are
    ``police_extract.EXTRACT_IMPORTS``)."""
    missing = missing_files(folder, imports)
    if missing:
        return [
            f"Police data: skipped, {len(missing)} file(s) missing from {folder}, "
            f"e.g. {missing[0].relative_to(folder)}"
        ]
    lines = []
    for job in imports:
        paths = [Path(folder, *parts) for parts in job.files]
        if all(_already_imported(path, job.window) for path in paths):
            lines.append(f"Police data: {job.label}: already imported")
            continue
        started = time.perf_counter()
        result = services.police_import(
            actor=ACTOR, paths=paths, months=job.window, vintage=job.vintage
        )
        lines.append(
            f"Police data: {job.label}: imported {len(paths)} file(s), "
            f"{result.months_new + result.months_replaced} source month(s), "
            f"{result.counts_written:,} counts, {len(result.draft.populations):,} population "
            f"figures in {time.perf_counter() - started:.1f}s"
        )
    return lines


@dataclass(frozen=True)
class DemoPack:
    """A crime data pack the demo attaches to a meeting, as its performance paper."""

    partnership: str
    body: str
    meeting: dt.date
    item: str
    to: dt.date


PACKS = (
    # Barking and Dagenham's board of 12 September 2017 took the Performance Call Over report
    # to July 2017 (seed 004): the generated pack for the same month sits beside it.
    DemoPack(
        "barking-dagenham", "board", dt.date(2017, 9, 12), "Performance Report", dt.date(2017, 7, 1)
    ),
)


def attach_demo_packs() -> list[str]:
    """Attach each demo pack whose meeting, item and figures are there (once)."""
    from csphub.meetings.models import AgendaItem
    from csphub.performance.pack_papers import PackNotReady, pack_title
    from csphub.performance.services import pack_attach
    from csphub.police.selectors import area_for_partnership

    lines = []
    for job in PACKS:
        item = (
            AgendaItem.objects.filter(
                meeting__body__partnership__slug=job.partnership,
                meeting__body__slug=job.body,
                meeting__date=job.meeting,
                title=job.item,
            )
            .select_related("meeting__body__partnership")
            .first()
        )
        if item is None:
            continue
        area = area_for_partnership(item.meeting.body.partnership)
        if area is None:
            continue
        if item.papers.filter(title=pack_title(area, job.to)).exists():
            lines.append(f"Crime data pack for {item.meeting}: already attached")
            continue
        started = time.perf_counter()
        try:
            paper = pack_attach(actor=ACTOR, item=item, area=area, to=job.to)
        except PackNotReady:
            continue
        lines.append(
            f"Crime data pack for {item.meeting}: attached “{paper.title}” "
            f"in {time.perf_counter() - started:.1f}s"
        )
    return lines

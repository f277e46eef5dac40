"""What an import found, held in memory until it has all been checked and is written at once.

The parsers fill a :class:`Draft`; nothing touches the database until every file has been
read and every label mapped, so a bad file anywhere leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .errors import PoliceDataError
from .reference import name_key

if TYPE_CHECKING:
    from .inputs import InputFile

AreaKey = tuple[str, str]
"""(level, code)"""

SourceKey = tuple[str, str]
"""(family, scope)"""

CountRow = tuple[str, str, str, int]
"""(level, area code, category slug, count)"""


@dataclass
class AreaSpec:
    level: str
    code: str
    name: str
    parent: AreaKey | None = None
    placeholder_name: bool = False
    """True when ``name`` is only the code (an API ward with no ward lookup to name it)."""


@dataclass
class SourceSpec:
    family: str
    scope: str
    name: str
    publisher: str
    licence: str


@dataclass
class FileReport:
    index: int
    name: str
    format: str
    sha256: str
    size: int
    vintage: str = ""
    source: SourceKey | None = None
    rows_read: int = 0
    rows_kept: int = 0
    duplicates_dropped: int = 0
    months: set[dt.date] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


class CountKeys:
    """The areas and categories the counts of a batch of months refer to by number.

    ``ordered`` says both lists are sorted (areas by level, then code), so counts sorted by
    number are sorted by (level, code, category), as :meth:`MonthCounts.digest` needs.
    """

    __slots__ = ("_prefixes", "areas", "categories", "ordered")

    def __init__(
        self, areas: Sequence[AreaKey], categories: Sequence[str], *, ordered: bool = False
    ) -> None:
        self.areas = areas
        self.categories = categories
        self.ordered = ordered
        self._prefixes: tuple[list[str], list[str]] | None = None

    def prefixes(self) -> tuple[list[str], list[str]]:
        """``level|code|`` of each area and ``category|`` of each category (for digests)."""
        if self._prefixes is None:
            self._prefixes = (
                [f"{level}|{code}|" for level, code in self.areas],
                [f"{slug}|" for slug in self.categories],
            )
        return self._prefixes


class CountColumns(Sequence[CountRow]):
    """One month's counts held as columns, for large imports: ``area`` and ``category``
    number the entries of ``keys`` (shared by the months of a batch), ``count`` the counts.

    It reads as a sequence of ``(level, area code, category slug, count)`` rows, like the
    list a small parser builds, but the writer takes the arrays as they are: a street-level
    import holds millions of counts, and a Python tuple for each is most of the cost.
    ``ordered`` says the rows are sorted by (area, category) and ``keys`` is ordered.
    """

    __slots__ = ("area", "category", "count", "keys", "ordered")

    def __init__(
        self,
        keys: CountKeys,
        area: np.ndarray,
        category: np.ndarray,
        count: np.ndarray,
        *,
        ordered: bool = False,
    ) -> None:
        self.keys = keys
        self.area = area
        self.category = category
        self.count = count
        self.ordered = ordered and keys.ordered

    def __len__(self) -> int:
        return len(self.count)

    def __iter__(self) -> Iterator[CountRow]:
        areas, categories = self.keys.areas, self.keys.categories
        for a, c, n in zip(
            self.area.tolist(), self.category.tolist(), self.count.tolist(), strict=True
        ):
            level, code = areas[a]
            yield level, code, categories[c], n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self)[index]
        level, code = self.keys.areas[int(self.area[index])]
        category = self.keys.categories[int(self.category[index])]
        return level, code, category, int(self.count[index])

    def lines(self) -> Iterator[str]:
        """``level|code|category|count`` for each row, sorted (see MonthCounts.digest)."""
        if not self.ordered:
            return (f"{lv}|{code}|{cat}|{n}" for lv, code, cat, n in sorted(self))
        areas, categories = self.keys.prefixes()
        return map(
            operator.add,
            map(
                operator.add,
                map(areas.__getitem__, self.area.tolist()),
                map(categories.__getitem__, self.category.tolist()),
            ),
            map(str, self.count.tolist()),
        )


@dataclass
class MonthCounts:
    """Every count of one month of one source, from one file."""

    source: SourceKey
    month: dt.date
    file_index: int
    rows: Sequence[CountRow]
    duplicates_dropped: int = 0
    """Rows of the month dropped as repeats of a crime already counted."""

    @property
    def total(self) -> int:
        if isinstance(self.rows, CountColumns):
            return int(self.rows.count.sum())
        return sum(row[3] for row in self.rows)

    def digest(self) -> str:
        """SHA-256 of the month's counts, a ``level|code|category|count`` line each in sorted
        order: a new revision of a month is "changed" when this differs from the last one's."""
        if isinstance(self.rows, CountColumns):
            lines = self.rows.lines()
        else:
            lines = [f"{lv}|{code}|{cat}|{n}" for lv, code, cat, n in sorted(self.rows)]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@dataclass
class PopulationRow:
    level: str
    code: str
    year: int
    age_band: str
    count: int
    file_index: int


@dataclass
class Draft:
    files: list[FileReport] = field(default_factory=list)
    areas: dict[AreaKey, AreaSpec] = field(default_factory=dict)
    sources: dict[SourceKey, SourceSpec] = field(default_factory=dict)
    months: dict[tuple[SourceKey, dt.date], MonthCounts] = field(default_factory=dict)
    populations: list[PopulationRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unhashed: list[tuple[FileReport, InputFile]] = field(default_factory=list, repr=False)
    """Files whose reports wait for their SHA-256 (see :meth:`fill_digests`)."""

    def fill_digests(self) -> None:
        """Put each file's SHA-256 in its report: waits for the thread hashing them, if one
        is (``importer.hashing``), or hashes them now. The files must still be there: a
        file that cannot be read again stops the import, naming it."""
        for report, file in self.unhashed:
            try:
                report.sha256 = file.sha256()
            except OSError as exc:
                raise PoliceDataError(
                    file.name, f"could not be read again to record its SHA-256 ({exc})"
                ) from None
        self.unhashed = []

    def add_area(self, spec: AreaSpec) -> None:
        key = (spec.level, spec.code)
        known = self.areas.get(key)
        if known is None:
            self.areas[key] = spec
            return
        if spec.placeholder_name and not known.placeholder_name:
            spec = AreaSpec(spec.level, spec.code, known.name, spec.parent or known.parent)
        elif spec.parent is None:
            spec.parent = known.parent
        self.areas[key] = spec

    def add_month(self, counts: MonthCounts) -> None:
        """Add a month of a source; a later file's copy of the same month replaces an earlier
        one (the paths are read in the order given, so the last vintage given wins)."""
        key = (counts.source, counts.month)
        earlier = self.months.get(key)
        if earlier is not None and earlier.file_index != counts.file_index:
            self.files[earlier.file_index].notes.append(
                f"{counts.month:%Y-%m} superseded by {self.files[counts.file_index].name}"
            )
        self.months[key] = counts

    def skipped(self) -> dict[str, list[str]]:
        """Files not read, by the reason (e.g. outcomes files in a data.police.uk download)."""
        found: dict[str, list[str]] = {}
        for report in self.files:
            if report.format == "skip":
                reason = report.notes[0].removeprefix("skipped: ") if report.notes else "skipped"
                found.setdefault(reason, []).append(report.name)
        return found

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_kept(self) -> int:
        return sum(f.rows_kept for f in self.files)

    @property
    def duplicates_dropped(self) -> int:
        return sum(f.duplicates_dropped for f in self.files)


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


@dataclass(frozen=True)
class MappingRule:
    sublabel: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    category: str


class CategoryResolver:
    """Publishers' labels to category slugs, from the CategoryMapping table's rows.

    An exact (label, sublabel) rule beats a label-only rule (blank sublabel); a rule applies
    to the months from ``valid_from`` to ``valid_to`` inclusive (either may be open).
    """

    def __init__(self, rules: Iterable[tuple[str, str, str, dt.date | None, dt.date | None, str]]):
        self._rules: dict[tuple[str, str], list[MappingRule]] = {}
        for source, label, sublabel, valid_from, valid_to, category in rules:
            self._rules.setdefault((source, _norm(label)), []).append(
                MappingRule(_norm(sublabel), valid_from, valid_to, category)
            )

    def resolve(self, source: str, label: str, sublabel: str | None, month: dt.date) -> str | None:
        rules = self._rules.get((source, _norm(label)), [])
        sub = _norm(sublabel)
        fallback = None
        for rule in rules:
            if rule.valid_from and month < rule.valid_from:
                continue
            if rule.valid_to and month > rule.valid_to:
                continue
            if rule.sublabel and rule.sublabel == sub:
                return rule.category
            if not rule.sublabel:
                fallback = rule.category
        return fallback


@dataclass
class Gazetteer:
    """What is already known about areas, to name and place what the files only code.

    ``wards``: ward GSS code -> (ward name, local authority name), from ward lookup files in
    the run and from wards already in the database. ``authorities``: name key -> code of
    local authorities already in the database (so a synthetic code is reused, not doubled).
    """

    wards: dict[str, tuple[str, str]] = field(default_factory=dict)
    authorities: dict[str, str] = field(default_factory=dict)
    authority_names: dict[str, str] = field(default_factory=dict)

    def authority_code_for(self, name: str) -> str | None:
        return self.authorities.get(name_key(name))

    def remember_authority(self, code: str, name: str) -> None:
        self.authorities.setdefault(name_key(name), code)
        self.authority_names.setdefault(code, name)

    @classmethod
    def from_mapping(cls, wards: Mapping[str, tuple[str, str]]) -> Gazetteer:
        return cls(wards=dict(wards))

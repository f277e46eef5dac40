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
from typing import TYPE_CHECKING, cast

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


DIGEST_LINES_AT_ONCE = 250_000
"""Lines laid out at once by :func:`month_digests` (about 60 bytes each, twice over)."""


def month_digests(months: Sequence[MonthCounts]) -> list[str]:
    """Each month's :meth:`MonthCounts.digest` (the same hex strings), for many months at
    once: a large import has millions of lines to hash, and making each a Python string
    costs most of a second.

    The lines of months whose counts are ordered columns are laid out as bytes in one
    array, a row per line: the area's ``level|code|``, the category's ``slug|``, the count's
    digits and a newline, each in a cell of fixed width padded with zero bytes (which no
    code, slug or digit is). Squeezing the zeros out leaves the lines joined, and each
    month's slice is hashed. Other months (and any whose keys hold a zero byte) are hashed
    line by line."""
    found: list[str | None] = [None] * len(months)
    by_keys: dict[int, list[int]] = {}
    for i, mc in enumerate(months):
        rows = mc.rows
        if isinstance(rows, CountColumns) and rows.ordered and len(rows):
            by_keys.setdefault(id(rows.keys), []).append(i)
        else:
            found[i] = mc.digest()
    for members in by_keys.values():
        cells = _key_cells(cast(CountColumns, months[members[0]].rows).keys)
        for part in _parts(members, [len(months[i].rows) for i in members]):
            chunk = [months[i] for i in part]
            digests = _laid_out_digests(chunk, *cells) if cells else [m.digest() for m in chunk]
            for i, digest in zip(part, digests, strict=True):
                found[i] = digest
    return cast(list[str], found)


def _parts(items: list[int], sizes: list[int]) -> Iterator[list[int]]:
    """``items`` in consecutive runs of about :data:`DIGEST_LINES_AT_ONCE` lines (at least
    one item each)."""
    run: list[int] = []
    lines = 0
    for item, size in zip(items, sizes, strict=True):
        if run and lines + size > DIGEST_LINES_AT_ONCE:
            yield run
            run, lines = [], 0
        run.append(item)
        lines += size
    if run:
        yield run


def _padded(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """The texts as UTF-8, one row each of a uint8 matrix padded with zero bytes, and their
    lengths; None if a text holds a zero byte itself."""
    encoded = [text.encode() for text in texts]
    if any(b"\0" in e for e in encoded):
        return None
    width = max(1, max(map(len, encoded), default=1))
    matrix = np.array(encoded, dtype=f"S{width}").view(np.uint8).reshape(len(encoded), width)
    return matrix, np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))


def _key_cells(keys: CountKeys) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    areas, categories = keys.prefixes()
    a, c = _padded(areas), _padded(categories)
    if a is None or c is None:
        return None
    return (*a, *c)


_PLACES = 5
_NUMBERS = np.arange(10**_PLACES, dtype=np.int64)
_FILLED = ((_NUMBERS[:, None] // 10 ** np.arange(_PLACES - 1, -1, -1)) % 10 + ord("0")).astype(
    np.uint8
)
"""The decimal digits of 0 to 99,999, five each, with leading zeros."""
_WIDTHS = 1 + (_NUMBERS[:, None] >= 10 ** np.arange(1, _PLACES)).sum(axis=1)
"""How many digits each of 0 to 99,999 has (counted in integers, not by a logarithm)."""
_BARE = np.where(np.arange(_PLACES)[None, :] >= _PLACES - _WIDTHS[:, None], _FILLED, 0).astype(
    np.uint8
)
"""The same right-aligned without leading zeros (zero bytes in their places; 0 is "0")."""


def _digits(count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each count's decimal digits as ``str`` writes them, right-aligned in ten bytes with
    zero bytes before them, and how many there are; counts from 0 to 10^10 - 1."""
    high, low = np.divmod(count, 10**_PLACES)
    if not high.any():
        return _BARE[low], _WIDTHS[low]
    big = high > 0
    left = np.where(big[:, None], _BARE[high], 0).astype(np.uint8)
    right = np.where(big[:, None], _FILLED[low], _BARE[low]).astype(np.uint8)
    widths = np.where(big, _WIDTHS[high] + _PLACES, _WIDTHS[low])
    return np.hstack([left, right]), widths


def _laid_out_digests(
    months: Sequence[MonthCounts],
    area_cells: np.ndarray,
    area_lengths: np.ndarray,
    category_cells: np.ndarray,
    category_lengths: np.ndarray,
) -> list[str]:
    columns = [cast(CountColumns, mc.rows) for mc in months]
    area = np.concatenate([c.area for c in columns])
    category = np.concatenate([c.category for c in columns])
    count = np.concatenate([c.count for c in columns]).astype(np.int64)
    if count.min() < 0 or count.max() >= 10 ** (2 * _PLACES):
        return [mc.digest() for mc in months]  # beyond the ten places laid out
    digits, widths = _digits(count)
    newline = np.full((len(count), 1), ord("\n"), dtype=np.uint8)
    laid = np.hstack([area_cells[area], category_cells[category], digits, newline])
    flat = laid.ravel()
    text = flat[flat != 0]
    lengths = area_lengths[area] + category_lengths[category] + widths + 1
    ends = np.cumsum(lengths)
    bounds = np.cumsum([len(c) for c in columns])
    found = []
    begin = 0
    for last in bounds.tolist():
        stop = int(ends[last - 1]) - 1  # the month's last newline is not hashed
        found.append(hashlib.sha256(text[begin:stop]).hexdigest())
        begin = stop + 1
    return found


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

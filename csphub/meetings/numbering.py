"""Minute and agenda numbering, as pure functions.

Why this exists: a body's minutes are cited by number for years afterwards ("Minute 186a,
19 December 2017" in a Matters Arising report), so numbers must be predictable, never
reused and never skipped. The seed documents show the conventions this module encodes:

* one sequence per body that continues across meetings: the Strategic Group meeting of
  9 March 2017 had minutes 128-143, so its next meeting starts at 144;
* a sequence can be restarted from a given meeting date with a chosen first number
  (a new municipal year restarting at 1, or a board adopting the system part-way through,
  as Bromley's board did so that 12 January 2023 starts at minute 48);
* a minute can have sub-minutes sharing its integer (186, 186a, 186b), which is how one
  agenda item with several sub-group reports is minuted;
* agenda items are numbered 1..n and their sub-items lettered (12a, 12b, 12c, 12d).

Nothing here touches the database: services read the last number and the restarts,
call these functions and write the result, so the rules are tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import total_ordering
from typing import TypeVar

__all__ = [
    "MinuteNumber",
    "Restart",
    "TRAILING_ORDER",
    "agenda_insert_index",
    "agenda_label",
    "agenda_labels",
    "first_number_for_meeting",
    "index_to_suffix",
    "next_sub_minute",
    "next_suffix",
    "number_meetings",
    "number_minutes",
    "parse_minute_number",
    "sequence_problems",
    "suffix_to_index",
]

_SUFFIX_RE = re.compile(r"[a-z]*")
_MINUTE_RE = re.compile(r"(\d+)([a-z]*)")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


# --- suffixes ---------------------------------------------------------------------------


def suffix_to_index(suffix: str) -> int:
    """Return the position of a letter suffix: "" -> 0, "a" -> 1, "z" -> 26, "aa" -> 27.

    Suffixes are bijective base-26 numerals (like spreadsheet columns) so that they can
    go on past "z" without ever producing an ambiguous or repeated label, and so that
    they sort by position rather than alphabetically ("z" comes before "aa").
    """
    if not isinstance(suffix, str) or not _SUFFIX_RE.fullmatch(suffix):
        raise ValueError(
            f"Not a minute or agenda suffix: {suffix!r} (expected lower-case letters a-z)"
        )
    index = 0
    for letter in suffix:
        index = index * 26 + (ord(letter) - ord("a") + 1)
    return index


def index_to_suffix(index: int) -> str:
    """Return the letter suffix at a position: 0 -> "", 1 -> "a", 26 -> "z", 27 -> "aa".

    The inverse of :func:`suffix_to_index`.
    """
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError(f"A suffix position must be a whole number of 0 or more, not {index!r}")
    letters: list[str] = []
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters.append(_ALPHABET[remainder])
    return "".join(reversed(letters))


def next_suffix(existing_suffixes: Iterable[str]) -> str:
    """Return the suffix for the next sub-minute given the suffixes already used.

    ``""`` stands for the parent minute itself (186); the first sub-minute is "a" (186a).
    The result always comes after every existing suffix, so adding a sub-minute never
    reorders the ones already cited. After "z" comes "aa".
    """
    highest = max((suffix_to_index(s) for s in existing_suffixes), default=0)
    return index_to_suffix(highest + 1)


# --- minute numbers ---------------------------------------------------------------------


@total_ordering
@dataclass(frozen=True, slots=True)
class MinuteNumber:
    """A minute's citation number: an integer and an optional letter suffix ("186a").

    Ordered by number and then by suffix position, so 186 < 186a < 186z < 186aa < 187.
    """

    number: int
    suffix: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise ValueError(
                f"A minute number must be a whole number of 1 or more, not {self.number!r}"
            )
        suffix_to_index(self.suffix)  # validates

    @property
    def label(self) -> str:
        """The number as printed in minutes and cited in reports, e.g. "186a"."""
        return f"{self.number}{self.suffix}"

    @property
    def sort_key(self) -> tuple[int, int]:
        """A key that orders numbers as people read them (see the class docstring)."""
        return (self.number, suffix_to_index(self.suffix))

    @property
    def is_sub_minute(self) -> bool:
        """True for 186a, False for 186."""
        return self.suffix != ""

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, MinuteNumber):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        return self.label


def parse_minute_number(text: str) -> MinuteNumber:
    """Parse a printed minute number such as "186" or "186a".

    Surrounding spaces and upper case ("186A") are accepted, because numbers come from
    people and from text extracted out of PDF packs; anything else is rejected with a
    message that names the bad input so an importer can report it.
    """
    if not isinstance(text, str):
        raise ValueError(f"Not a minute number: {text!r} (expected text such as '186' or '186a')")
    match = _MINUTE_RE.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(
            f"Not a minute number: {text!r} "
            "(expected digits optionally followed by letters, such as '186' or '186a')"
        )
    number = int(match.group(1))
    if number < 1:
        raise ValueError(f"Not a minute number: {text!r} (minute numbers start at 1)")
    return MinuteNumber(number, match.group(2))


def next_sub_minute(parent: MinuteNumber | int, existing: Iterable[MinuteNumber]) -> MinuteNumber:
    """Return the next sub-minute of ``parent`` (186 -> 186a, then 186b, ...).

    Only numbers sharing the parent's integer are considered, so sub-minutes stay within
    their own minute. ``existing`` may include the parent itself and unrelated minutes.
    """
    number = parent.number if isinstance(parent, MinuteNumber) else MinuteNumber(parent).number
    siblings = (m.suffix for m in existing if m.number == number)
    return MinuteNumber(number, next_suffix(siblings))


@dataclass(frozen=True, slots=True)
class Restart:
    """A decision that a body's minute numbering restarts.

    The first meeting held on or after ``effective_from`` that has minutes starts at
    ``first_number`` (for example 1 for a new municipal year).
    """

    effective_from: date
    first_number: int

    def __post_init__(self) -> None:
        if not isinstance(self.effective_from, date):
            raise ValueError(f"A restart needs a date, not {self.effective_from!r}")
        MinuteNumber(self.first_number)  # validates: whole number >= 1


def _check_restarts(restarts: Sequence[Restart]) -> None:
    seen: dict[date, int] = {}
    for restart in restarts:
        earlier = seen.get(restart.effective_from)
        if earlier is not None and earlier != restart.first_number:
            raise ValueError(
                f"Two restarts on {restart.effective_from.isoformat()} disagree "
                f"(first number {earlier} and {restart.first_number})"
            )
        seen[restart.effective_from] = restart.first_number


def first_number_for_meeting(
    meeting_date: date,
    *,
    last_number: MinuteNumber | int | None,
    last_meeting_date: date | None,
    restarts: Sequence[Restart] = (),
) -> int:
    """Return the number of the first minute of a meeting.

    ``last_number`` is the highest minute number the body has used so far and
    ``last_meeting_date`` the date of the meeting that holds it (both ``None`` if the body
    has no minutes yet). A sub-minute such as 186b counts as 186, so the next meeting
    starts at 187.

    A restart applies when its date falls after the last numbered meeting and on or before
    this one: it has not been used yet and is now due. If several are due, the latest wins
    (the earlier ones were superseded before any minute used them). Otherwise numbering
    continues from ``last_number + 1``, or starts at 1 for a body's first minutes.
    """
    if (last_number is None) != (last_meeting_date is None):
        raise ValueError(
            "Give both the last minute number and the date of its meeting, or neither "
            f"(got number {last_number!r} and date {last_meeting_date!r})"
        )
    if last_meeting_date is not None and last_meeting_date > meeting_date:
        raise ValueError(
            f"Cannot number a meeting on {meeting_date.isoformat()} after minutes of a later "
            f"meeting on {last_meeting_date.isoformat()}: meetings are numbered in date order"
        )
    _check_restarts(restarts)
    due = [
        r
        for r in restarts
        if r.effective_from <= meeting_date
        and (last_meeting_date is None or r.effective_from > last_meeting_date)
    ]
    if due:
        return max(due, key=lambda r: r.effective_from).first_number
    if last_number is None:
        return 1
    if isinstance(last_number, MinuteNumber):
        return last_number.number + 1
    return MinuteNumber(last_number).number + 1


def number_minutes(count: int, start: int) -> list[MinuteNumber]:
    """Return ``count`` consecutive minute numbers beginning at ``start``."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(
            f"The number of minutes must be a whole number of 0 or more, not {count!r}"
        )
    MinuteNumber(start)  # validates
    return [MinuteNumber(start + offset) for offset in range(count)]


def number_meetings(
    meetings: Sequence[tuple[date, int]],
    restarts: Sequence[Restart] = (),
    *,
    last_number: MinuteNumber | int | None = None,
    last_meeting_date: date | None = None,
) -> list[list[MinuteNumber]]:
    """Number the minutes of a series of meetings of one body.

    ``meetings`` is a list of (meeting date, number of minutes) in date order; the result
    has one list of numbers per meeting. A meeting without minutes takes no numbers and
    does not use up a restart. Used to renumber a body's draft minutes in one go and to
    check the single-meeting rule (:func:`first_number_for_meeting`) over whole histories.
    """
    result: list[list[MinuteNumber]] = []
    for meeting_date, count in meetings:
        if count == 0:
            result.append([])
            continue
        start = first_number_for_meeting(
            meeting_date,
            last_number=last_number,
            last_meeting_date=last_meeting_date,
            restarts=restarts,
        )
        numbers = number_minutes(count, start)
        result.append(numbers)
        last_number, last_meeting_date = numbers[-1], meeting_date
    return result


def sequence_problems(numbers: Sequence[MinuteNumber]) -> list[str]:
    """Describe what is wrong with one meeting's minute numbers, in order; [] if nothing.

    A well-formed meeting's numbers are strictly increasing, their integers have no gaps,
    and a sub-minute follows its own minute or an earlier sub-minute of it (186, 186a,
    186b). Importers use this to flag a minutes document for review rather than guess.
    """
    problems: list[str] = []
    if numbers and numbers[0].is_sub_minute:
        problems.append(f"Sub-minute {numbers[0].label} does not follow minute {numbers[0].number}")
    for previous, current in zip(numbers, numbers[1:], strict=False):
        if current == previous:
            problems.append(f"Minute {current.label} appears twice in a row")
        elif current < previous:
            problems.append(f"Minute {current.label} comes after {previous.label}")
        elif current.is_sub_minute:
            if current.number != previous.number:
                problems.append(
                    f"Sub-minute {current.label} does not follow minute {current.number}"
                )
            elif suffix_to_index(current.suffix) != suffix_to_index(previous.suffix) + 1:
                problems.append(f"Sub-minute {current.label} skips after {previous.label}")
        elif current.number != previous.number + 1:
            problems.append(f"Minute numbers jump from {previous.label} to {current.label}")
    return problems


# --- agenda numbering -------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)


def agenda_label(position: int, sub_position: int = 0) -> str:
    """Return the printed label for an agenda item: (12, 0) -> "12", (12, 1) -> "12a"."""
    if isinstance(position, bool) or not isinstance(position, int) or position < 1:
        raise ValueError(
            f"An agenda position must be a whole number of 1 or more, not {position!r}"
        )
    return f"{position}{index_to_suffix(sub_position)}"


def agenda_labels(tree: Sequence[tuple[K, Sequence[tuple[K, Sequence[object]]]]]) -> dict[K, str]:
    """Label a two-level agenda: top-level items 1..n in order, sub-items a, b, c...

    ``tree`` is a sequence of ``(key, children)`` pairs whose children are themselves
    ``(key, ())`` pairs; the result maps each key to its label ("1", "12", "12a"), in
    agenda order. Labels are derived from position, never stored by hand, so moving an
    item renumbers the agenda consistently everywhere it is printed. Agendas have only
    items and sub-items, so deeper nesting and repeated keys are rejected.
    """
    labels: dict[K, str] = {}

    def add(key: K, label: str) -> None:
        if key in labels:
            raise ValueError(f"Agenda item {key!r} appears more than once")
        labels[key] = label

    for position, (key, children) in enumerate(tree, start=1):
        add(key, agenda_label(position))
        for sub_position, (child_key, grandchildren) in enumerate(children, start=1):
            if grandchildren:
                raise ValueError(
                    f"Agenda item {child_key!r} (item {agenda_label(position, sub_position)}) "
                    "has sub-items of its own; agendas go only one level deep (12a)"
                )
            add(child_key, agenda_label(position, sub_position))
    return labels


TRAILING_ORDER: tuple[str, ...] = ("aob", "next_meeting")
"""Standing items that close an agenda, in the order every seed prints them: "Any other
business" and then "Date of next meeting"."""


def agenda_insert_index(standings: Sequence[str], new: str) -> int:
    """Where a new top-level item goes among items whose standing kinds are ``standings``
    (in agenda order): before the closing items, and a closing item in its own place
    among them, so adding "Date of next meeting" after "Any other business" keeps the
    published order rather than jumping ahead of it."""
    rank = {kind: n for n, kind in enumerate(TRAILING_ORDER)}
    own = rank.get(new)
    for i, kind in enumerate(standings):
        if kind in rank and (own is None or rank[kind] > own):
            return i
    return len(standings)

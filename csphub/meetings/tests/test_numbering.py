"""Tests for minute and agenda numbering: seed examples, edge cases and laws."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from csphub.meetings.numbering import (
    MinuteNumber,
    Restart,
    agenda_label,
    agenda_labels,
    first_number_for_meeting,
    index_to_suffix,
    next_sub_minute,
    next_suffix,
    number_meetings,
    number_minutes,
    parse_minute_number,
    sequence_problems,
    suffix_to_index,
)

# --- strategies ---------------------------------------------------------------------------

suffixes = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=3)
minute_numbers = st.builds(MinuteNumber, st.integers(1, 10_000), suffixes)
meeting_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[tuple[date, int]], list[Restart]]:
    """A body's meetings in date order (some without minutes) and some restarts."""
    dates = sorted(draw(st.lists(meeting_dates, max_size=12)))
    meetings = [(d, draw(st.integers(0, 15))) for d in dates]
    restart_dates = draw(st.lists(meeting_dates, max_size=4, unique=True))
    restarts = [Restart(d, draw(st.integers(1, 500))) for d in restart_dates]
    return meetings, restarts


@st.composite
def well_formed_meetings(draw: st.DrawFn) -> list[MinuteNumber]:
    """One meeting's numbers: consecutive minutes, some with sub-minutes a, b, c..."""
    start = draw(st.integers(1, 1000))
    sub_counts = draw(st.lists(st.integers(0, 4), min_size=1, max_size=12))
    numbers: list[MinuteNumber] = []
    for offset, subs in enumerate(sub_counts):
        numbers.append(MinuteNumber(start + offset))
        numbers.extend(MinuteNumber(start + offset, index_to_suffix(i)) for i in range(1, subs + 1))
    return numbers


agenda_shapes = st.lists(st.integers(0, 30), max_size=25)
"""The number of sub-items of each top-level agenda item."""


def tree_for(shape: list[int]) -> list[tuple[str, list[tuple[str, list[object]]]]]:
    return [(f"item{i}", [(f"item{i}.{j}", []) for j in range(n)]) for i, n in enumerate(shape)]


# --- suffixes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "index"),
    [("", 0), ("a", 1), ("b", 2), ("z", 26), ("aa", 27), ("az", 52), ("ba", 53), ("zz", 702)],
)
def test_suffix_positions(suffix: str, index: int) -> None:
    assert suffix_to_index(suffix) == index
    assert index_to_suffix(index) == suffix


@pytest.mark.parametrize("bad", ["A", "1", "a1", " a", "é", "a-b"])
def test_suffix_to_index_rejects_non_letters(bad: str) -> None:
    with pytest.raises(ValueError, match="suffix"):
        suffix_to_index(bad)


@pytest.mark.parametrize("bad", [-1, True, 1.0])
def test_index_to_suffix_rejects_bad_positions(bad: object) -> None:
    with pytest.raises(ValueError, match="suffix position"):
        index_to_suffix(bad)  # type: ignore[arg-type]


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 1_000_000))
def test_index_to_suffix_round_trips(index: int) -> None:
    assert suffix_to_index(index_to_suffix(index)) == index


@settings(max_examples=1000, deadline=None)
@given(suffixes)
def test_suffix_to_index_round_trips(suffix: str) -> None:
    assert index_to_suffix(suffix_to_index(suffix)) == suffix


def test_next_suffix_examples() -> None:
    assert next_suffix([]) == "a"
    assert next_suffix([""]) == "a"
    assert next_suffix(["", "a"]) == "b"
    assert next_suffix(["a", "c"]) == "d"  # never fills a gap: cited numbers do not move
    assert next_suffix(["z"]) == "aa"
    assert next_suffix(["aa", "z"]) == "ab"


def test_next_suffix_rejects_bad_suffix() -> None:
    with pytest.raises(ValueError, match="'B'"):
        next_suffix(["a", "B"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(suffixes, max_size=10))
def test_next_suffix_comes_after_every_existing_suffix(existing: list[str]) -> None:
    new = next_suffix(existing)
    assert new != ""
    assert new not in existing
    assert all(suffix_to_index(new) > suffix_to_index(s) for s in existing)


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 100))
def test_next_suffix_continues_a_contiguous_run(count: int) -> None:
    existing = [index_to_suffix(i) for i in range(count + 1)]
    assert next_suffix(existing) == index_to_suffix(count + 1)


# --- minute numbers -----------------------------------------------------------------------


def test_minute_number_label_and_str() -> None:
    assert MinuteNumber(186).label == "186"
    assert MinuteNumber(186, "a").label == "186a"
    assert str(MinuteNumber(186, "b")) == "186b"
    assert MinuteNumber(186, "a").is_sub_minute
    assert not MinuteNumber(186).is_sub_minute


def test_minute_number_ordering_as_people_read_it() -> None:
    labels = ["187", "186aa", "186", "186z", "186b", "186a", "9", "1000"]
    ordered = sorted(parse_minute_number(label) for label in labels)
    assert [m.label for m in ordered] == [
        "9",
        "186",
        "186a",
        "186b",
        "186z",
        "186aa",
        "187",
        "1000",
    ]


def test_minute_number_is_frozen_and_hashable() -> None:
    minute = MinuteNumber(186, "a")
    with pytest.raises(AttributeError):
        minute.number = 187  # type: ignore[misc]
    assert {minute, MinuteNumber(186, "a")} == {minute}


def test_minute_number_does_not_compare_with_other_types() -> None:
    with pytest.raises(TypeError):
        _ = MinuteNumber(1) < 2  # type: ignore[operator]
    assert MinuteNumber(1) != 1


@pytest.mark.parametrize(
    ("number", "suffix"), [(0, ""), (-3, ""), (True, ""), (1.5, ""), (1, "A"), (1, "1")]
)
def test_minute_number_validates(number: object, suffix: str) -> None:
    with pytest.raises(ValueError, match=r"minute number|suffix"):
        MinuteNumber(number, suffix)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("186", MinuteNumber(186)),
        ("186a", MinuteNumber(186, "a")),
        ("186A", MinuteNumber(186, "a")),
        (" 143 ", MinuteNumber(143)),
        ("48", MinuteNumber(48)),
        ("12aa", MinuteNumber(12, "aa")),
    ],
)
def test_parse_minute_number(text: str, expected: MinuteNumber) -> None:
    assert parse_minute_number(text) == expected


@pytest.mark.parametrize("bad", ["", "   ", "a186", "186 a", "186.1", "-4", "0", "00a", "1-2", "Ⅻ"])
def test_parse_minute_number_names_the_bad_input(bad: str) -> None:
    with pytest.raises(ValueError, match="Not a minute number") as excinfo:
        parse_minute_number(bad)
    assert repr(bad) in str(excinfo.value)


def test_parse_minute_number_rejects_non_text() -> None:
    with pytest.raises(ValueError, match="Not a minute number: 186"):
        parse_minute_number(186)  # type: ignore[arg-type]


@settings(max_examples=1000, deadline=None)
@given(minute_numbers)
def test_parse_label_round_trips(minute: MinuteNumber) -> None:
    assert parse_minute_number(minute.label) == minute
    assert parse_minute_number(minute.label.upper()) == minute


@settings(max_examples=1000, deadline=None)
@given(minute_numbers, minute_numbers)
def test_ordering_is_total_and_matches_sort_key(a: MinuteNumber, b: MinuteNumber) -> None:
    assert (a < b) + (a == b) + (a > b) == 1
    assert (a < b) == (a.sort_key < b.sort_key)
    assert (a <= b) == (a.sort_key <= b.sort_key)
    assert (a == b) == (a.label == b.label)


@settings(max_examples=1000, deadline=None)
@given(minute_numbers)
def test_sub_minutes_sit_between_their_minute_and_the_next(minute: MinuteNumber) -> None:
    assert MinuteNumber(minute.number) <= minute < MinuteNumber(minute.number + 1)


def test_next_sub_minute_examples() -> None:
    existing = [MinuteNumber(185), MinuteNumber(186), MinuteNumber(187)]
    assert next_sub_minute(MinuteNumber(186), existing) == MinuteNumber(186, "a")
    existing.append(MinuteNumber(186, "a"))
    existing.append(MinuteNumber(187, "c"))  # a different minute's sub-minutes do not count
    assert next_sub_minute(186, existing) == MinuteNumber(186, "b")
    assert next_sub_minute(MinuteNumber(186, "a"), existing) == MinuteNumber(186, "b")


@settings(max_examples=1000, deadline=None)
@given(minute_numbers, st.lists(minute_numbers, max_size=15))
def test_next_sub_minute_stays_within_its_minute(
    parent: MinuteNumber, existing: list[MinuteNumber]
) -> None:
    new = next_sub_minute(parent, existing)
    assert new.number == parent.number
    assert new.is_sub_minute
    assert new not in existing
    assert all(new > m for m in existing if m.number == parent.number)
    assert new < MinuteNumber(parent.number + 1)


# --- numbering meetings -------------------------------------------------------------------


def test_sequence_continues_across_meetings_as_in_the_seed() -> None:
    # Strategic Group: 9 March 2017 had minutes 128-143, so 6 July 2017 starts at 144.
    assert (
        first_number_for_meeting(
            date(2017, 7, 6), last_number=143, last_meeting_date=date(2017, 3, 9)
        )
        == 144
    )


def test_sub_minutes_do_not_advance_the_sequence() -> None:
    assert (
        first_number_for_meeting(
            date(2018, 3, 26),
            last_number=MinuteNumber(191, "b"),
            last_meeting_date=date(2017, 12, 19),
        )
        == 192
    )


def test_bromley_board_restart_at_48() -> None:
    restarts = [Restart(date(2023, 1, 12), 48)]
    numbers = number_meetings([(date(2023, 1, 12), 12), (date(2023, 6, 2), 3)], restarts)
    assert [m.label for m in numbers[0]] == [str(n) for n in range(48, 60)]
    assert numbers[1][0] == MinuteNumber(60)


def test_restart_for_a_new_municipal_year() -> None:
    restarts = [Restart(date(2018, 5, 16), 1)]
    numbers = number_meetings(
        [(date(2018, 3, 26), 3), (date(2018, 7, 5), 2), (date(2018, 10, 1), 2)],
        restarts,
        last_number=191,
        last_meeting_date=date(2017, 12, 19),
    )
    assert [[m.label for m in meeting] for meeting in numbers] == [
        ["192", "193", "194"],
        ["1", "2"],
        ["3", "4"],
    ]


def test_restart_on_the_meeting_day_applies_to_that_meeting() -> None:
    restarts = [Restart(date(2023, 1, 12), 48)]
    assert (
        first_number_for_meeting(
            date(2023, 1, 12),
            last_number=20,
            last_meeting_date=date(2022, 10, 1),
            restarts=restarts,
        )
        == 48
    )


def test_restart_already_used_does_not_apply_again() -> None:
    restarts = [Restart(date(2023, 1, 12), 48)]
    assert (
        first_number_for_meeting(
            date(2023, 6, 2),
            last_number=59,
            last_meeting_date=date(2023, 1, 12),
            restarts=restarts,
        )
        == 60
    )


def test_future_restart_does_not_apply_yet() -> None:
    restarts = [Restart(date(2024, 5, 1), 1)]
    assert (
        first_number_for_meeting(
            date(2023, 6, 2), last_number=59, last_meeting_date=date(2023, 1, 12), restarts=restarts
        )
        == 60
    )


def test_latest_of_several_due_restarts_wins() -> None:
    restarts = [Restart(date(2020, 5, 1), 1), Restart(date(2020, 6, 1), 100)]
    assert (
        first_number_for_meeting(
            date(2020, 7, 1), last_number=40, last_meeting_date=date(2020, 3, 1), restarts=restarts
        )
        == 100
    )


def test_restart_is_kept_by_a_meeting_without_minutes() -> None:
    restarts = [Restart(date(2020, 5, 1), 1)]
    numbers = number_meetings(
        [(date(2020, 3, 1), 2), (date(2020, 5, 10), 0), (date(2020, 6, 10), 2)], restarts
    )
    assert numbers == [[MinuteNumber(1), MinuteNumber(2)], [], [MinuteNumber(1), MinuteNumber(2)]]


def test_first_minutes_of_a_new_body_start_at_one() -> None:
    assert first_number_for_meeting(date(2024, 1, 1), last_number=None, last_meeting_date=None) == 1


def test_first_number_needs_both_or_neither_of_number_and_date() -> None:
    with pytest.raises(ValueError, match="both"):
        first_number_for_meeting(date(2024, 1, 1), last_number=5, last_meeting_date=None)
    with pytest.raises(ValueError, match="both"):
        first_number_for_meeting(
            date(2024, 1, 1), last_number=None, last_meeting_date=date(2023, 1, 1)
        )


def test_first_number_refuses_meetings_out_of_order() -> None:
    with pytest.raises(ValueError, match="date order"):
        first_number_for_meeting(
            date(2017, 3, 9), last_number=191, last_meeting_date=date(2017, 12, 19)
        )


def test_conflicting_restarts_on_one_day_are_refused() -> None:
    restarts = [Restart(date(2020, 5, 1), 1), Restart(date(2020, 5, 1), 10)]
    with pytest.raises(ValueError, match="disagree"):
        first_number_for_meeting(
            date(2020, 6, 1), last_number=None, last_meeting_date=None, restarts=restarts
        )


def test_restart_validates() -> None:
    with pytest.raises(ValueError, match="minute number"):
        Restart(date(2020, 5, 1), 0)
    with pytest.raises(ValueError, match="date"):
        Restart("2020-05-01", 1)  # type: ignore[arg-type]


def test_number_minutes() -> None:
    assert number_minutes(3, 128) == [MinuteNumber(128), MinuteNumber(129), MinuteNumber(130)]
    assert number_minutes(0, 5) == []
    with pytest.raises(ValueError, match="0 or more"):
        number_minutes(-1, 5)
    with pytest.raises(ValueError, match="minute number"):
        number_minutes(2, 0)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(meeting_dates, st.integers(0, 20)), max_size=12))
def test_without_restarts_numbers_are_gap_free_and_increasing(
    raw: list[tuple[date, int]],
) -> None:
    meetings = sorted(raw)
    flat = [m for meeting in number_meetings(meetings) for m in meeting]
    assert [m.number for m in flat] == list(range(1, len(flat) + 1))
    assert all(not m.is_sub_minute for m in flat)


@settings(max_examples=1000, deadline=None)
@given(histories())
def test_restarts_set_the_first_number_and_otherwise_numbering_continues(
    history: tuple[list[tuple[date, int]], list[Restart]],
) -> None:
    meetings, restarts = history
    numbered = number_meetings(meetings, restarts)
    assert len(numbered) == len(meetings)
    previous: tuple[date, MinuteNumber] | None = None
    for (meeting_date, count), numbers in zip(meetings, numbered, strict=True):
        assert len(numbers) == count
        # Within a meeting: consecutive whole numbers.
        assert [m.number for m in numbers] == list(
            range(numbers[0].number, numbers[0].number + count) if numbers else []
        )
        if not numbers:
            continue
        due = [
            r
            for r in restarts
            if r.effective_from <= meeting_date
            and (previous is None or r.effective_from > previous[0])
        ]
        if due:
            latest = max(due, key=lambda r: r.effective_from)
            assert numbers[0].number == latest.first_number
        elif previous is None:
            assert numbers[0].number == 1
        else:
            assert numbers[0].number == previous[1].number + 1
        previous = (meeting_date, numbers[-1])


@settings(max_examples=1000, deadline=None)
@given(histories(), st.data())
def test_numbering_can_resume_from_any_point(
    history: tuple[list[tuple[date, int]], list[Restart]], data: st.DataObject
) -> None:
    """Numbering a history in one go equals numbering it in two goes: services number one
    meeting at a time from what is stored, and must agree with a bulk renumbering."""
    meetings, restarts = history
    split = data.draw(st.integers(0, len(meetings)))
    whole = number_meetings(meetings, restarts)
    head = number_meetings(meetings[:split], restarts)
    numbered_head = [(d, ns) for (d, _), ns in zip(meetings[:split], head, strict=True) if ns]
    last_number, last_date = (
        (numbered_head[-1][1][-1], numbered_head[-1][0]) if numbered_head else (None, None)
    )
    tail = number_meetings(
        meetings[split:], restarts, last_number=last_number, last_meeting_date=last_date
    )
    assert head + tail == whole


@settings(max_examples=1000, deadline=None)
@given(histories())
def test_numbers_strictly_increase_between_restarts(
    history: tuple[list[tuple[date, int]], list[Restart]],
) -> None:
    meetings, restarts = history
    # With no restart dates at all inside the history, the sequence never goes back.
    first_date = meetings[0][0] if meetings else date.max
    kept = [r for r in restarts if r.effective_from <= first_date]
    flat = [m for meeting in number_meetings(meetings, kept) for m in meeting]
    assert all(a < b for a, b in zip(flat, flat[1:], strict=False))
    assert all(b.number == a.number + 1 for a, b in zip(flat, flat[1:], strict=False))


# --- checking a meeting's numbers ---------------------------------------------------------


def test_seed_minutes_of_19_december_2017_are_well_formed() -> None:
    labels = (
        [str(n) for n in range(175, 187)] + ["186a", "186b"] + [str(n) for n in range(187, 192)]
    )
    labels = sorted(labels, key=lambda label: parse_minute_number(label).sort_key)
    assert sequence_problems([parse_minute_number(label) for label in labels]) == []


@pytest.mark.parametrize(
    ("labels", "problem"),
    [
        (["128", "130"], "jump from 128 to 130"),
        (["128", "128"], "appears twice"),
        (["129", "128"], "comes after"),
        (["128", "129a"], "does not follow minute 129"),
        (["186", "186b"], "skips"),
        (["186a", "187"], "does not follow minute 186"),
    ],
)
def test_sequence_problems_are_described(labels: list[str], problem: str) -> None:
    problems = sequence_problems([parse_minute_number(label) for label in labels])
    assert len(problems) == 1
    assert problem in problems[0]


def test_empty_and_single_sequences_are_fine() -> None:
    assert sequence_problems([]) == []
    assert sequence_problems([MinuteNumber(48)]) == []


@settings(max_examples=1000, deadline=None)
@given(well_formed_meetings())
def test_well_formed_meetings_have_no_problems(numbers: list[MinuteNumber]) -> None:
    assert sequence_problems(numbers) == []
    assert numbers == sorted(numbers)


@settings(max_examples=1000, deadline=None)
@given(well_formed_meetings(), st.data())
def test_dropping_a_whole_minute_is_noticed(
    numbers: list[MinuteNumber], data: st.DataObject
) -> None:
    removable = [
        i for i, m in enumerate(numbers) if not m.is_sub_minute and i not in (0, len(numbers) - 1)
    ]
    assume(removable)
    index = data.draw(st.sampled_from(removable))
    assert sequence_problems(numbers[:index] + numbers[index + 1 :]) != []


@settings(max_examples=1000, deadline=None)
@given(well_formed_meetings(), st.data())
def test_swapping_two_minutes_is_noticed(numbers: list[MinuteNumber], data: st.DataObject) -> None:
    assume(len(numbers) >= 2)
    i = data.draw(st.integers(0, len(numbers) - 2))
    swapped = numbers[:i] + [numbers[i + 1], numbers[i]] + numbers[i + 2 :]
    assert sequence_problems(swapped) != []


# --- agenda numbering ---------------------------------------------------------------------


def test_agenda_label() -> None:
    assert agenda_label(1) == "1"
    assert agenda_label(12, 1) == "12a"
    assert agenda_label(12, 4) == "12d"
    assert agenda_label(3, 27) == "3aa"
    with pytest.raises(ValueError, match="agenda position"):
        agenda_label(0)
    with pytest.raises(ValueError, match="suffix position"):
        agenda_label(1, -1)


def test_agenda_labels_for_the_26_march_2018_agenda() -> None:
    # Items 1-11, then 12 with sub-items 12a-d (sub-group reports), then 13-15.
    tree: list[tuple[str, list[tuple[str, list[object]]]]] = [
        (f"item-{n}", []) for n in range(1, 12)
    ]
    tree.append(("sub-groups", [(k, []) for k in ("da", "om", "yog", "asb")]))
    tree.extend((f"item-{n}", []) for n in range(13, 16))
    labels = agenda_labels(tree)
    assert labels["item-1"] == "1"
    assert labels["sub-groups"] == "12"
    assert [labels[k] for k in ("da", "om", "yog", "asb")] == ["12a", "12b", "12c", "12d"]
    assert labels["item-15"] == "15"
    assert list(labels.values())[11:17] == ["12", "12a", "12b", "12c", "12d", "13"]


def test_agenda_labels_empty() -> None:
    assert agenda_labels([]) == {}


def test_agenda_labels_accept_any_hashable_keys() -> None:
    assert agenda_labels([(7, [((7, "x"), ())]), (3, ())]) == {7: "1", (7, "x"): "1a", 3: "2"}


def test_agenda_labels_refuse_repeated_keys() -> None:
    with pytest.raises(ValueError, match="'a' appears more than once"):
        agenda_labels([("a", []), ("b", [("a", [])])])


def test_agenda_labels_refuse_a_third_level() -> None:
    with pytest.raises(ValueError, match=r"'b'.*1a.*one level"):
        agenda_labels([("a", [("b", [("c", [])])])])


@settings(max_examples=1000, deadline=None)
@given(agenda_shapes)
def test_agenda_labels_are_unique_and_top_level_is_contiguous(shape: list[int]) -> None:
    labels = agenda_labels(tree_for(shape))
    assert len(labels) == len(shape) + sum(shape)
    assert len(set(labels.values())) == len(labels)
    top = [labels[f"item{i}"] for i in range(len(shape))]
    assert top == [str(n) for n in range(1, len(shape) + 1)]
    for i, n in enumerate(shape):
        children = [labels[f"item{i}.{j}"] for j in range(n)]
        assert children == [f"{i + 1}{index_to_suffix(j)}" for j in range(1, n + 1)]


@settings(max_examples=1000, deadline=None)
@given(agenda_shapes)
def test_agenda_labels_sort_in_agenda_order(shape: list[int]) -> None:
    """Labels read as minute-style numbers come out in the order of the agenda."""
    labels = list(agenda_labels(tree_for(shape)).values())
    parsed = [parse_minute_number(label) for label in labels]
    assert parsed == sorted(parsed)
    assert sequence_problems(parsed) == []


# --- where a new agenda item goes ---------------------------------------------------------

from csphub.meetings.numbering import agenda_insert_index  # noqa: E402


def test_agenda_insert_index_keeps_aob_before_the_date_of_next_meeting():
    assert agenda_insert_index(["apologies"], "aob") == 1
    assert agenda_insert_index(["apologies", "aob"], "next_meeting") == 2
    assert agenda_insert_index(["apologies", "next_meeting"], "aob") == 1
    assert agenda_insert_index(["apologies", "aob", "next_meeting"], "") == 1
    assert agenda_insert_index(["apologies", "aob", "next_meeting"], "questions") == 1
    assert agenda_insert_index([], "next_meeting") == 0

"""Tests for membership terms and the order of roles."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.partnerships.terms import (
    ROLE_ORDER,
    Term,
    held_on,
    normalise_role,
    overlapping,
    role_sort_key,
    validate_term,
)

LOW, HIGH = date(2017, 1, 1), date(2018, 12, 31)
days = st.dates(min_value=LOW, max_value=HIGH)
maybe_days = st.none() | days


@st.composite
def terms(draw: st.DrawFn) -> Term:
    """A valid term: either end may be open; if both are set, start <= end."""
    start, end = draw(maybe_days), draw(maybe_days)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return (start, end)


def days_of(term: Term, low: date = LOW, high: date = HIGH) -> set[date]:
    """Every day of a term, with open ends cut at the edges of the test range."""
    start = term[0] or low
    end = term[1] or high
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


# --- held_on ------------------------------------------------------------------------------


def test_held_on_examples() -> None:
    start, end = date(2017, 5, 1), date(2018, 1, 31)
    assert held_on(start, end, date(2017, 12, 19))
    assert held_on(start, end, start)  # the first day counts
    assert held_on(start, end, end)  # so does the last: a member at a meeting on that day
    assert not held_on(start, end, date(2017, 4, 30))
    assert not held_on(start, end, date(2018, 2, 1))


def test_open_ended_terms() -> None:
    assert held_on(None, None, date(1900, 1, 1))
    assert held_on(None, date(2018, 1, 31), date(1990, 1, 1))
    assert not held_on(None, date(2018, 1, 31), date(2018, 2, 1))
    assert held_on(date(2023, 1, 12), None, date(2099, 1, 1))
    assert not held_on(date(2023, 1, 12), None, date(2023, 1, 11))


def test_one_day_term() -> None:
    day = date(2018, 3, 26)
    assert held_on(day, day, day)
    assert not held_on(day, day, day + timedelta(days=1))


def test_a_term_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"cannot end \(2018-01-01\) before it starts \(2018-02-01\)"
    ):
        held_on(date(2018, 2, 1), date(2018, 1, 1), date(2018, 1, 15))
    with pytest.raises(ValueError, match="before it starts"):
        overlapping((date(2018, 2, 1), date(2018, 1, 1)), (None, None))
    with pytest.raises(ValueError, match="before it starts"):
        overlapping((None, None), (date(2018, 2, 1), date(2018, 1, 1)))
    validate_term(date(2018, 1, 1), date(2018, 1, 1))
    validate_term(None, date(2018, 1, 1))
    validate_term(date(2018, 1, 1), None)


@settings(max_examples=1000, deadline=None)
@given(terms(), days)
def test_held_on_means_between_the_ends(term: Term, on: date) -> None:
    start, end = term
    assert held_on(start, end, on) == (on in days_of(term))


@settings(max_examples=1000, deadline=None)
@given(terms(), days, days)
def test_held_on_is_convex(term: Term, a: date, b: date) -> None:
    """A term has no holes: held on two days means held on every day between them."""
    start, end = term
    if held_on(start, end, a) and held_on(start, end, b):
        middle = min(a, b) + (max(a, b) - min(a, b)) / 2
        assert held_on(start, end, middle)


# --- overlapping --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((date(2017, 1, 1), date(2017, 12, 31)), (date(2017, 12, 31), None), True),  # one day
        ((date(2017, 1, 1), date(2017, 12, 30)), (date(2017, 12, 31), None), False),
        ((None, None), (date(2017, 1, 1), date(2017, 1, 1)), True),
        ((None, date(2017, 1, 1)), (date(2017, 1, 2), None), False),
        ((None, date(2017, 1, 1)), (None, date(2010, 1, 1)), True),
        ((date(2017, 1, 1), None), (date(2019, 1, 1), None), True),
        ((date(2017, 3, 1), date(2017, 3, 31)), (date(2017, 1, 1), date(2017, 12, 31)), True),
    ],
)
def test_overlapping_examples(first: Term, second: Term, expected: bool) -> None:
    assert overlapping(first, second) is expected
    assert overlapping(second, first) is expected


@settings(max_examples=1000, deadline=None)
@given(terms(), terms())
def test_overlapping_means_sharing_a_day(first: Term, second: Term) -> None:
    # Open ends are cut one day beyond any generated date, so terms open on the same side
    # still share the day at the edge, as they do in reality.
    low, high = LOW - timedelta(days=1), HIGH + timedelta(days=1)
    shared = days_of(first, low, high) & days_of(second, low, high)
    assert overlapping(first, second) == bool(shared)


@settings(max_examples=1000, deadline=None)
@given(terms(), terms())
def test_overlapping_is_symmetric(first: Term, second: Term) -> None:
    assert overlapping(first, second) == overlapping(second, first)


@settings(max_examples=1000, deadline=None)
@given(terms(), days)
def test_held_on_is_overlapping_a_single_day(term: Term, on: date) -> None:
    assert held_on(*term, on) == overlapping(term, (on, on))


@settings(max_examples=1000, deadline=None)
@given(terms())
def test_a_term_overlaps_itself_and_the_whole_of_time(term: Term) -> None:
    assert overlapping(term, term)
    assert overlapping(term, (None, None))


# --- roles --------------------------------------------------------------------------------


def test_role_order() -> None:
    assert ROLE_ORDER == (
        "chair",
        "co-chair",
        "vice-chair",
        "member",
        "adviser",
        "observer",
        "secretary",
    )


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Chair", "chair"),
        ("Chairman", "chair"),
        ("chairwoman", "chair"),
        (" Chairperson ", "chair"),
        ("Co-Chair", "co-chair"),
        ("co_chair", "co-chair"),  # the stored value in the Membership model
        ("Co Chair", "co-chair"),
        ("Vice-Chairman", "vice-chair"),
        ("vice_chair", "vice-chair"),
        ("Vice  Chair", "vice-chair"),
        ("VICE-CHAIRMAN", "vice-chair"),
        ("Advisor", "adviser"),
        ("Adviser", "adviser"),
        ("Observer", "observer"),
        ("Secretary", "secretary"),
        ("Member", "member"),
        ("Lead Officer", "lead-officer"),
    ],
)
def test_normalise_role(written: str, canonical: str) -> None:
    assert normalise_role(written) == canonical


def test_normalise_role_refuses_non_text() -> None:
    with pytest.raises(TypeError, match="must be text"):
        normalise_role(None)  # type: ignore[arg-type]


def test_membership_list_order_as_printed_in_the_packs() -> None:
    roles = ["Member", "Secretary", "Observer", "Vice-Chairman", "Adviser", "Chairman", "Member"]
    assert sorted(roles, key=role_sort_key) == [
        "Chairman",
        "Vice-Chairman",
        "Member",
        "Member",
        "Adviser",
        "Observer",
        "Secretary",
    ]


def test_unknown_roles_come_last_alphabetically() -> None:
    roles = ["secretary", "Substitute", "chair", "Lead Officer"]
    assert sorted(roles, key=role_sort_key) == ["chair", "secretary", "Lead Officer", "Substitute"]


@settings(max_examples=1000, deadline=None)
@given(st.permutations(ROLE_ORDER))
def test_known_roles_sort_into_role_order(shuffled: list[str]) -> None:
    assert tuple(sorted(shuffled, key=role_sort_key)) == ROLE_ORDER


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(ROLE_ORDER),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.sampled_from(["-", "_", " "]),
    st.text(alphabet=" \t", max_size=2),
)
def test_role_sort_key_ignores_case_and_separators(
    role: str, case: object, separator: str, padding: str
) -> None:
    written = padding + case(role.replace("-", separator)) + padding  # type: ignore[operator]
    assert role_sort_key(written) == role_sort_key(role)
    assert normalise_role(written) == role


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(ROLE_ORDER) | st.text(max_size=12), max_size=20))
def test_role_sort_key_is_a_total_order_known_roles_first(roles: list[str]) -> None:
    ordered = sorted(roles, key=role_sort_key)
    keys = [role_sort_key(r) for r in ordered]
    assert keys == sorted(keys)
    known = [normalise_role(r) in ROLE_ORDER for r in ordered]
    assert known == sorted(known, reverse=True)  # every known role before every unknown one
    shuffled = roles[:]
    random.Random(0).shuffle(shuffled)
    assert [role_sort_key(r) for r in sorted(shuffled, key=role_sort_key)] == keys


# --- printed order and role titles -------------------------------------------------------

from csphub.partnerships.terms import membership_sort_key, role_title  # noqa: E402


def test_membership_sort_key_chairs_then_placed_then_by_surname() -> None:
    rows = [
        ("member", 0, "Sharon Baldwin"),
        ("member", 0, "Anne Ball"),
        ("vice_chair", 0, "Nigel Davies"),
        ("member", 1, "Kate Lymer"),  # the portfolio holder, printed after the chairs
        ("member", 0, "Paul Warnett"),
        ("chair", 0, "Zoe Chair"),
        ("secretary", 1, "Angela Stephens"),
    ]
    ordered = [r[2] for r in sorted(rows, key=lambda r: membership_sort_key(*r))]
    assert ordered == [
        "Zoe Chair",
        "Nigel Davies",
        "Kate Lymer",
        "Sharon Baldwin",
        "Anne Ball",
        "Paul Warnett",
        "Angela Stephens",
    ]


def test_membership_sort_key_printed_positions_beat_the_alphabet_and_keep_a_vacancy() -> None:
    rows = [("member", 3, "Chris Naylor"), ("member", 4, ""), ("member", 1, "Sean Wilson")]
    ordered = [r[2] for r in sorted(rows, key=lambda r: membership_sort_key(*r))]
    assert ordered == ["Sean Wilson", "Chris Naylor", ""]


@pytest.mark.parametrize(
    ("role", "title", "printed"),
    [
        ("chair", "Chairman", "Chairman"),
        ("vice_chair", "Chairman", "Vice-Chairman"),
        ("co-chair", "Chair", "Co-Chair"),
        ("vice_chair", "", "Vice-Chair"),
        ("member", "Chairman", ""),
        ("adviser", "Chairman", "Adviser"),
    ],
)
def test_role_title_uses_the_bodys_word(role: str, title: str, printed: str) -> None:
    assert role_title(role, title) == printed

"""The pure rules about actions: examples from the seeds, edge cases and laws."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.actions import rules

statuses = st.sampled_from(sorted(rules.STATUSES))
open_statuses = st.sampled_from(sorted(rules.OPEN_STATUSES))
closed_statuses = st.sampled_from(sorted(rules.CLOSED_STATUSES))
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)
initials = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4)
MANY = settings(max_examples=1000, deadline=None)


# --- examples -------------------------------------------------------------------------------


def test_statuses_split_into_open_and_closed():
    assert rules.OPEN_STATUSES.isdisjoint(rules.CLOSED_STATUSES)
    assert {"open", "in_progress", "done", "dropped", "carried_forward"} == rules.STATUSES
    assert rules.is_open("carried_forward")
    assert not rules.is_open("done")


def test_unknown_status_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="Unknown action status"):
        rules.is_open("finished")


@pytest.mark.parametrize(
    ("rag", "label"),
    [
        ("red", "✕ Red (off track)"),
        ("amber", "! Amber (at risk)"),
        ("green", "✓ Green (on track)"),
        ("", "– Not rated"),
        ("purple", "– Not rated"),
    ],
)
def test_rag_label_has_a_symbol_and_a_word(rag, label):
    assert rules.rag_label(rag) == label


def test_effective_due_prefers_the_actions_own_date():
    assert rules.effective_due(date(2018, 3, 1), True, date(2018, 3, 26)) == date(2018, 3, 1)
    assert rules.effective_due(None, True, date(2018, 3, 26)) == date(2018, 3, 26)
    assert rules.effective_due(None, True, None) is None
    assert rules.effective_due(None, False, date(2018, 3, 26)) is None


def test_overdue_only_when_open_and_past_due():
    today = date(2018, 3, 26)
    assert rules.is_overdue("open", date(2018, 3, 25), today)
    assert not rules.is_overdue("open", today, today)
    assert not rules.is_overdue("done", date(2018, 1, 1), today)
    assert not rules.is_overdue("open", None, today)


def test_initials_as_the_minutes_action_column_shows_them():
    assert rules.owner_initials(["LG", "TG"]) == "LG/TG"
    assert rules.owner_initials(["LG", "", "TG"]) == "LG/TG"
    assert rules.split_initials("LG/TG") == ["LG", "TG"]
    assert rules.split_initials("LS / JB") == ["LS", "JB"]
    assert rules.split_initials("PW, AB & CD") == ["PW", "AB", "CD"]
    assert rules.split_initials("") == []


def test_matters_arising_reports_open_and_newly_closed():
    last = datetime(2017, 12, 19, tzinfo=UTC)
    assert rules.reported_in_matters_arising("open", None, last)
    assert rules.reported_in_matters_arising("done", last + timedelta(days=1), last)
    assert not rules.reported_in_matters_arising("done", last - timedelta(days=1), last)
    assert rules.reported_in_matters_arising("done", last - timedelta(days=1), None)
    assert not rules.reported_in_matters_arising("dropped", None, last)


# --- laws -----------------------------------------------------------------------------------


@MANY
@given(due=days, flag=st.booleans(), next_meeting=st.none() | days)
def test_law_own_due_date_always_wins(due, flag, next_meeting):
    assert rules.effective_due(due, flag, next_meeting) == due


@MANY
@given(flag=st.booleans(), next_meeting=st.none() | days)
def test_law_without_a_date_due_only_by_the_next_meeting(flag, next_meeting):
    assert rules.effective_due(None, flag, next_meeting) == (next_meeting if flag else None)


@MANY
@given(status=statuses, due=st.none() | days, today=days)
def test_law_overdue_means_open_with_a_past_due_date(status, due, today):
    assert rules.is_overdue(status, due, today) == (
        status in rules.OPEN_STATUSES and due is not None and due < today
    )


@MANY
@given(status=closed_statuses, due=st.none() | days, today=days)
def test_law_a_closed_action_is_never_overdue(status, due, today):
    assert not rules.is_overdue(status, due, today)


@MANY
@given(status=statuses, due=days, today=days, later=st.integers(0, 3650))
def test_law_once_overdue_stays_overdue_as_time_passes(status, due, today, later):
    if rules.is_overdue(status, due, today):
        assert rules.is_overdue(status, due, today + timedelta(days=later))


@MANY
@given(st.lists(initials, max_size=6))
def test_law_initials_round_trip(xs):
    assert rules.split_initials(rules.owner_initials(xs)) == xs


@MANY
@given(rag=st.sampled_from(["red", "amber", "green", ""]) | st.text(max_size=8))
def test_law_every_rag_label_reads_without_colour(rag):
    label = rules.rag_label(rag)
    symbol, word, _ = rules.RAG_LABELS.get(rag, rules.RAG_LABELS[""])
    assert label.startswith(symbol + " ")
    assert word in label


@MANY
@given(status=open_statuses, closed=st.none() | moments, since=st.none() | moments)
def test_law_open_actions_are_always_reported(status, closed, since):
    assert rules.reported_in_matters_arising(status, closed, since)


@MANY
@given(status=closed_statuses, closed=moments, a=moments, b=moments)
def test_law_an_earlier_previous_report_reports_at_least_as_much(status, closed, a, b):
    earlier, later = sorted([a, b])
    if rules.reported_in_matters_arising(status, closed, later):
        assert rules.reported_in_matters_arising(status, closed, earlier)


@MANY
@given(
    status=closed_statuses,
    reports=st.lists(moments, min_size=2, max_size=8, unique=True),
    data=st.data(),
)
def test_law_a_closed_action_is_reported_closed_exactly_once(status, reports, data):
    """Across a run of reports, an action closed between two of them appears, closed, in
    exactly one report made after its closing: the next one."""
    reports.sort()
    span = data.draw(st.integers(0, len(reports) - 2))
    low, high = reports[span], reports[span + 1]
    closed = data.draw(
        st.datetimes(
            min_value=low.replace(tzinfo=None) + timedelta(microseconds=1),
            max_value=high.replace(tzinfo=None),
            timezones=st.just(UTC),
        )
    )
    after_closing = [
        rules.reported_in_matters_arising(status, closed, previous)
        for previous, made in zip(reports, reports[1:], strict=False)
        if made >= closed
    ]
    assert after_closing.count(True) == 1
    assert after_closing[0] is True

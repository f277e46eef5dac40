"""Tests for the meeting status machine: every pair of statuses, and the messages."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.meetings.lifecycle import (
    AWAITING_MINUTES,
    TRANSITIONS,
    MeetingStatus,
    TransitionError,
    allowed_transitions,
    approval_refusal,
    assert_transition,
    can_transition,
    has_started,
    held_refusal,
    is_final,
    parse_status,
    starts_at,
    status_label_now,
    takes_questions,
)

S = MeetingStatus

EXPECTED_MOVES = {
    (S.SCHEDULED, S.AGENDA_PUBLISHED),
    (S.AGENDA_PUBLISHED, S.HELD),
    (S.HELD, S.DRAFT_MINUTES),
    (S.DRAFT_MINUTES, S.MINUTES_APPROVED),
    (S.SCHEDULED, S.CANCELLED),
    (S.AGENDA_PUBLISHED, S.CANCELLED),
}
"""Written out independently of the module's table, so a slip in either shows up."""

ALL_PAIRS = list(itertools.product(S, S))

LIFE = [S.SCHEDULED, S.AGENDA_PUBLISHED, S.HELD, S.DRAFT_MINUTES, S.MINUTES_APPROVED]


def test_the_statuses_are_the_stored_values() -> None:
    assert [s.value for s in S] == [
        "scheduled",
        "agenda_published",
        "held",
        "draft_minutes",
        "minutes_approved",
        "cancelled",
    ]
    assert S.AGENDA_PUBLISHED == "agenda_published"  # a StrEnum compares with stored text


def test_every_status_has_a_label_and_a_row_in_the_table() -> None:
    assert set(TRANSITIONS) == set(S)
    assert S.AGENDA_PUBLISHED.label == "Agenda published"
    assert all(s.label and s.label[0].isupper() for s in S)


@pytest.mark.parametrize(("frm", "to"), ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_can_transition_for_every_pair(frm: MeetingStatus, to: MeetingStatus) -> None:
    expected = (frm, to) in EXPECTED_MOVES
    assert can_transition(frm, to) is expected
    assert can_transition(frm.value, to.value) is expected
    assert (to in allowed_transitions(frm)) is expected


@pytest.mark.parametrize(("frm", "to"), ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_assert_transition_for_every_pair(frm: MeetingStatus, to: MeetingStatus) -> None:
    if (frm, to) in EXPECTED_MOVES:
        assert assert_transition(frm, to) is None
        return
    with pytest.raises(TransitionError) as excinfo:
        assert_transition(frm.value, to.value)
    error = excinfo.value
    assert isinstance(error, ValueError)
    assert error.frm is frm
    assert error.to is to
    message = str(error)
    assert message.endswith(".")
    assert "_" not in message  # human words, not stored values


def test_the_normal_life_of_a_meeting() -> None:
    for frm, to in itertools.pairwise(LIFE):
        assert_transition(frm, to)


def test_allowed_transitions_are_offered_in_order() -> None:
    assert allowed_transitions("scheduled") == (S.AGENDA_PUBLISHED, S.CANCELLED)
    assert allowed_transitions(S.AGENDA_PUBLISHED) == (S.HELD, S.CANCELLED)
    assert allowed_transitions(S.HELD) == (S.DRAFT_MINUTES,)
    assert allowed_transitions(S.DRAFT_MINUTES) == (S.MINUTES_APPROVED,)
    assert allowed_transitions(S.MINUTES_APPROVED) == ()
    assert allowed_transitions(S.CANCELLED) == ()


def test_final_statuses() -> None:
    assert {s for s in S if is_final(s)} == {S.MINUTES_APPROVED, S.CANCELLED}


def test_messages_say_what_to_do_instead() -> None:
    with pytest.raises(TransitionError, match=r'"held" cannot become "scheduled".*"draft minutes"'):
        assert_transition(S.HELD, S.SCHEDULED)
    with pytest.raises(
        TransitionError,
        match=r'"scheduled" cannot become "held".*"agenda published" or "cancelled"',
    ):
        assert_transition(S.SCHEDULED, S.HELD)
    with pytest.raises(TransitionError, match="approved.*amendment"):
        assert_transition(S.MINUTES_APPROVED, S.DRAFT_MINUTES)
    with pytest.raises(TransitionError, match="cancelled.*new meeting"):
        assert_transition(S.CANCELLED, S.SCHEDULED)
    with pytest.raises(TransitionError, match='already "Held"'):
        assert_transition(S.HELD, S.HELD)
    with pytest.raises(TransitionError, match='cannot become "cancelled"'):
        assert_transition(S.HELD, S.CANCELLED)  # too late to cancel a meeting that was held


@pytest.mark.parametrize("bad", ["", "Scheduled", "approved", "deleted", None])
def test_unknown_statuses_are_reported_not_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="Unknown meeting status") as excinfo:
        can_transition(bad, S.HELD)  # type: ignore[arg-type]
    assert not isinstance(excinfo.value, TransitionError)
    with pytest.raises(ValueError, match="Unknown meeting status"):
        can_transition(S.SCHEDULED, bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown meeting status"):
        assert_transition(S.SCHEDULED, bad)  # type: ignore[arg-type]


def test_parse_status() -> None:
    assert parse_status("held") is S.HELD
    assert parse_status(S.HELD) is S.HELD


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(list(S)), min_size=1, max_size=12))
def test_any_walk_of_allowed_moves_follows_the_life_of_a_meeting(
    walk: list[MeetingStatus],
) -> None:
    """Keeping only the allowed moves of an arbitrary walk: statuses never go backwards,
    nothing is visited twice, and nothing follows a final status."""
    position = S.SCHEDULED
    visited = [position]
    for target in walk:
        if can_transition(position, target):
            position = target
            visited.append(position)
    assert len(set(visited)) == len(visited)
    assert all(not is_final(s) for s in visited[:-1])
    life_positions = [LIFE.index(s) for s in visited if s in LIFE]
    assert life_positions == list(range(len(life_positions)))
    if S.CANCELLED in visited:
        assert visited[-1] is S.CANCELLED
        assert S.HELD not in visited


# --- Rules that depend on the clock and on other meetings (issue 11) ----------------------

UTC = dt.UTC


@dataclass
class M:
    """A meeting as the rules read it."""

    date: dt.date
    status: str = S.AGENDA_PUBLISHED
    body_id: int = 1
    start_time: dt.time = dt.time(10, 0)


JAN = M(dt.date(2027, 1, 14))  # 10.00 am GMT = 10:00 UTC
JUNE = M(dt.date(2027, 6, 10))  # 10.00 am BST = 09:00 UTC


def test_start_is_on_the_london_clock() -> None:
    assert starts_at(JAN).astimezone(UTC) == dt.datetime(2027, 1, 14, 10, tzinfo=UTC)
    assert starts_at(JUNE).astimezone(UTC) == dt.datetime(2027, 6, 10, 9, tzinfo=UTC)


def test_held_before_the_start_is_refused() -> None:
    # issue 11: on 3 December 2026 the 14 January 2027 meeting was marked held
    refusal = held_refusal(JAN, dt.datetime(2026, 12, 3, 12, tzinfo=UTC))
    assert refusal is not None
    assert "before it starts" in refusal and "Thursday 14 January 2027 at 10:00" in refusal
    assert held_refusal(JAN, dt.datetime(2027, 1, 14, 9, 59, tzinfo=UTC)) is not None


def test_held_from_the_start_is_allowed() -> None:
    assert held_refusal(JAN, dt.datetime(2027, 1, 14, 10, 0, tzinfo=UTC)) is None
    assert held_refusal(JUNE, dt.datetime(2027, 6, 10, 9, 0, tzinfo=UTC)) is None  # BST
    assert held_refusal(JUNE, dt.datetime(2027, 6, 10, 8, 59, tzinfo=UTC)) is not None


def test_now_without_a_time_zone_is_a_bug() -> None:
    with pytest.raises(ValueError, match="time zone"):
        has_started(JAN, dt.datetime(2027, 1, 14, 11))


def test_approval_at_an_unheld_meeting_is_refused() -> None:
    # issue 11: approved "at" 15 April 2027, whose agenda was not even published
    april = M(dt.date(2027, 4, 15), status=S.SCHEDULED)
    assert "has been held" in (approval_refusal(JAN, april) or "")
    published = M(dt.date(2027, 4, 15), status=S.AGENDA_PUBLISHED)
    assert "has been held" in (approval_refusal(JAN, published) or "")


def test_approval_at_an_earlier_or_the_same_meeting_is_refused() -> None:
    earlier = M(dt.date(2026, 10, 1), status=S.HELD)
    assert "later meeting" in (approval_refusal(JAN, earlier) or "")
    assert "later meeting" in (approval_refusal(JAN, JAN) or "")


def test_approval_at_another_bodys_meeting_is_refused() -> None:
    other = M(dt.date(2027, 4, 15), status=S.HELD, body_id=2)
    assert "same body" in (approval_refusal(JAN, other) or "")


@pytest.mark.parametrize("status", [S.HELD, S.DRAFT_MINUTES, S.MINUTES_APPROVED])
def test_approval_at_a_later_held_meeting_of_the_same_body(status: MeetingStatus) -> None:
    assert approval_refusal(JAN, M(dt.date(2027, 4, 15), status=status)) is None


def test_a_past_published_meeting_is_awaiting_minutes_and_takes_no_questions() -> None:
    before = dt.datetime(2027, 1, 14, 9, 59, tzinfo=UTC)
    after = dt.datetime(2027, 1, 14, 10, 0, tzinfo=UTC)
    assert status_label_now(JAN, before) == "Agenda published"
    assert status_label_now(JAN, after) == AWAITING_MINUTES == "Awaiting minutes"
    assert takes_questions(JAN, before) is True
    assert takes_questions(JAN, after) is False


@pytest.mark.parametrize("status", [S.HELD, S.DRAFT_MINUTES, S.MINUTES_APPROVED, S.CANCELLED])
def test_held_or_cancelled_meetings_take_no_questions_and_keep_their_label(
    status: MeetingStatus,
) -> None:
    future = M(dt.date(2099, 1, 1), status=status)
    now = dt.datetime(2027, 1, 1, tzinfo=UTC)
    assert takes_questions(future, now) is False
    assert status_label_now(future, dt.datetime(2100, 1, 1, tzinfo=UTC)) == status.label

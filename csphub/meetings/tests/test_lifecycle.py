"""Tests for the meeting status machine: every pair of statuses, and the messages."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.meetings.lifecycle import (
    TRANSITIONS,
    MeetingStatus,
    TransitionError,
    allowed_transitions,
    assert_transition,
    can_transition,
    is_final,
    parse_status,
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

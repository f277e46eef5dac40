"""An action as it stood at a moment, from its history (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

from csphub.actions import rules
from csphub.actions.as_at import Entry, OwnerAt, State, due_from, owners_from, state_at

UTC = dt.UTC
CH, PW = OwnerAt("Chris Hafford", "CH"), OwnerAt("Paul Warnett", "PW")


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=UTC)


MEETING = at("2018-03-26", 0)  # the report of 26 March 2018: as at the start of the day
HISTORY = [
    Entry(1, "created", at("2017-12-19"), status_after="open"),
    Entry(2, "update", at("2018-03-15")),
    Entry(3, "due", at("2018-03-15"), due_before=(None, True)),
    Entry(4, "reassigned", at("2018-03-26"), owners_before=(CH,)),
    Entry(5, "edited", at("2018-04-01"), fields_before={"rag": "red", "description": "Old"}),
    Entry(6, "status", at("2022-10-27"), status_before="open", status_after="done"),
    Entry(7, "update", at("2022-10-27")),
]
NOW = State(
    status="done",
    owners=(PW,),
    due_date=dt.date(2018, 6, 21),
    due_next_meeting=False,
    rag="green",
    description="New",
)


def test_state_at_the_meeting_undoes_everything_from_that_moment_on():
    state = state_at(NOW, HISTORY, MEETING)
    assert state.status == "open"
    assert state.owners == (CH,)  # reassigned at the meeting, after the report
    assert (state.due_date, state.due_next_meeting) == (dt.date(2018, 6, 21), False)
    assert (state.rag, state.description) == ("red", "Old")
    assert state.update is not None and state.update.id == 2
    assert state.status_entry is not None and state.status_entry.id == 1
    assert [e.id for e in state.later] == [4, 5, 6, 7]


def test_state_before_an_earlier_change_undoes_it_too():
    state = state_at(NOW, HISTORY, at("2018-03-01"))
    assert (state.due_date, state.due_next_meeting) == (None, True)
    assert state.update is None
    assert [e.id for e in state.later] == [2, 3, 4, 5, 6, 7]


def test_state_now_is_the_present_with_its_latest_update():
    state = state_at(NOW, HISTORY, None)
    assert (state.status, state.owners, state.rag) == ("done", (PW,), "green")
    assert state.update.id == 7 and state.status_entry.id == 6
    assert state.later == ()


def test_a_change_exactly_at_the_moment_is_after_it():
    state = state_at(NOW, HISTORY, at("2018-03-26"))
    assert state.owners == (CH,)
    assert state_at(NOW, HISTORY, at("2018-03-26", 13)).owners == (PW,)


def test_history_out_of_order_is_read_in_time_order():
    assert state_at(NOW, list(reversed(HISTORY)), MEETING) == state_at(NOW, HISTORY, MEETING)


def test_entries_without_their_before_values_are_skipped_not_guessed():
    history = [
        Entry(1, "created", at("2017-12-19"), status_after="open"),
        Entry(2, "owners", at("2018-04-01")),  # recorded before owners were kept
        Entry(3, "due", at("2018-04-01")),
    ]
    state = state_at(NOW, history, MEETING)
    assert state.owners == (PW,)
    assert state.due_date == dt.date(2018, 6, 21)
    assert state.status == "open"  # from the last status entry before the moment


def test_owners_from_history_rows_with_and_without_initials():
    assert owners_from(["Chris Hafford"], ["CH"]) == (CH,)
    assert owners_from(["Chris Hafford"], None) == (OwnerAt("Chris Hafford", "Chris Hafford"),)
    assert owners_from(["A B", "C D"], ["AB"]) == (OwnerAt("A B", "A B"), OwnerAt("C D", "C D"))


def test_due_from_as_the_service_records_it():
    assert due_from({"due_date": "None", "due_next_meeting": "True"}) == (None, True)
    assert due_from({"due_date": "2018-06-21", "due_next_meeting": "False"}) == (
        dt.date(2018, 6, 21),
        False,
    )
    assert due_from({}) is None
    assert due_from({"due_date": "soon"}) is None


def test_cover_value_meeting_over_default_over_not_applicable():
    assert rules.cover_value("Mark Bowen", "Tasnim Shawkat") == "Mark Bowen"
    assert rules.cover_value("  ", "Tasnim Shawkat") == "Tasnim Shawkat"
    assert rules.cover_value("", "") == "Not applicable"
    assert rules.cover_value("", "", fallback="") == ""


def test_body_words_given_or_by_kind():
    assert rules.body_words("Group", "Members", is_board=True) == ("Group", "Members")
    assert rules.body_words("", "", is_board=True) == ("Board", "the Board")
    assert rules.body_words("", "", is_board=False) == ("Group", "the Group")
    assert rules.body_words("Panel", "", is_board=False) == ("Panel", "the Panel")

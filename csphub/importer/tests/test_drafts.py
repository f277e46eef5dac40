"""The pure draft rules, with Hypothesis where they have laws."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csphub.importer import drafts

from .factories import load_fixture


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["", "a", "b", "z", "aa"]))
def test_a_minute_label_splits_back_to_its_parts(number, suffix):
    assert drafts.split_minute_label(f"{number}{suffix}") == (number, suffix)
    assert drafts.split_minute_label(f" {number}{suffix.upper()} ") == (number, suffix)


@pytest.mark.parametrize("label", ["", "a", "176 76", "12-b", "1.5"])
def test_a_label_that_is_not_a_minute_number_is_refused(label):
    with pytest.raises(ValueError, match="is not a minute number"):
        drafts.split_minute_label(label)


names = st.text(alphabet=st.characters(codec="ascii", categories=["L", "Zs"]), max_size=30)


@given(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["minutes", "agenda", "nonsense", None]),
            "venue": st.one_of(st.none(), names),
            "present": st.lists(st.fixed_dictionaries({"name": names, "role": names})),
            "absent": st.lists(names),
            "actions": st.lists(
                st.fixed_dictionaries({"text": names, "owners": st.lists(names), "item": names})
            ),
        }
    )
)
def test_normalising_a_part_is_idempotent_and_fills_every_key(part):
    once = drafts.normalise_part(part)
    assert drafts.normalise_part(once) == once
    assert set(once) == {"kind", "needs_review", *drafts.SCALARS, *drafts.LISTS}


def test_the_fixture_has_no_problems_and_each_problem_names_its_field():
    part = drafts.normalise_part(load_fixture()["parts"][0])
    assert drafts.problems(part) == []
    broken = dict(part, meeting_date="2017-02-30", start_time="25:00")
    broken["actions"] = [dict(part["actions"][0], owners=[], item="999")]
    assert drafts.problems(broken) == [
        "Meeting date: “2017-02-30” is not a real date.",
        "Start time: “25:00” is not a time such as 10:00.",
        "Action 1: minute 999 is not in the minutes.",
        "Action 1: give the action at least one owner.",
    ]


def test_dates_times_and_due_dates():
    assert drafts.parse_time("10.00") == dt.time(10, 0)
    assert drafts.parse_due("08/03/2018") == dt.date(2018, 3, 8)
    assert drafts.parse_due("next meeting") is None


def test_names_compare_without_titles_and_initials_skip_them():
    assert drafts.normalise_name("Councillor  Kate Lymer") == "kate lymer"
    assert drafts.name_initials("Cllr Kate Lymer") == "KL"
    assert drafts.looks_like_initials("LG") and not drafts.looks_like_initials("Rob")


def test_the_needs_review_lines_mark_the_fields_they_are_about():
    part = drafts.normalise_part(load_fixture()["parts"][0])
    keys = drafts.concerns(part["needs_review"], part)
    assert {"item:176", "item:180", "actions"} <= keys
    assert "venue" not in keys


def test_a_title_is_kept_apart_from_the_name():
    assert drafts.split_honorific("Councillor Kate Lymer") == ("Councillor", "Kate Lymer")
    assert drafts.split_honorific("Dr. Jo Bloggs") == ("Dr.", "Jo Bloggs")
    assert drafts.split_honorific("Rob Vale") == ("", "Rob Vale")
    assert drafts.split_honorific("Councillor") == ("", "Councillor")

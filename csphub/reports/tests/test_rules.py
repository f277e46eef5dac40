"""The pure rules: pro-forma validation (each rule), answers, the paper deadline, lateness."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from csphub.reports import rules
from csphub.reports.rules import SectionSpec


def S(heading: str = "Operational Update", **kw) -> SectionSpec:
    return SectionSpec(heading, **kw)


def test_a_sound_pro_forma_has_no_errors():
    assert rules.check_pro_forma([S(), S("Strategic Group Update", required=False)]) == []


def test_at_least_one_section():
    assert rules.check_pro_forma([]) == ["Add at least one section."]


def test_at_most_twelve_sections():
    sections = [S(f"Section {n}") for n in range(13)]
    assert "A pro-forma can have at most 12 sections." in rules.check_pro_forma(sections)


def test_every_section_has_a_heading():
    assert rules.check_pro_forma([S(), S("   ")]) == ["Section 2: enter a heading."]


def test_headings_are_not_too_long():
    assert rules.check_pro_forma([S("x" * 201)]) == [
        "Section 1: the heading must be 200 characters or fewer."
    ]


def test_headings_are_unique_ignoring_case_and_spaces():
    assert rules.check_pro_forma([S("Purpose"), S("  purpose ")]) == [
        "Section 2: the heading “purpose” is the same as section 1's."
    ]


def test_guidance_is_not_too_long():
    assert rules.check_pro_forma([S(guidance="g" * 2001)]) == [
        "Section 1: the guidance must be 2000 characters or fewer."
    ]


def test_maximum_length_is_sensible():
    for bad in (0, 99, 20001):
        assert rules.check_pro_forma([S(max_length=bad)]) == [
            "Section 1: the maximum length must be between 100 and 20,000 characters."
        ]
    assert rules.check_pro_forma([S(max_length=100)]) == []
    assert rules.check_pro_forma([S(max_length=20000)]) == []


def test_some_section_is_required():
    assert rules.check_pro_forma([S(required=False)]) == ["Make at least one section required."]


def test_answers_required_and_length():
    sections = [S("Purpose"), S("Attachments", required=False, max_length=100)]
    assert rules.check_answers(sections, {0: "  ", 1: ""}) == {0: "Enter the Purpose."}
    assert rules.check_answers(sections, {0: "Text", 1: "a" * 101}) == {
        1: "Attachments must be 100 characters or fewer (it has 101)."
    }
    assert rules.check_answers(sections, {0: "Text"}) == {}


def test_paper_deadline_for_the_march_2018_meeting():
    # Monday 26 March 2018, 5 clear days: the agenda must go out by Sunday 18 March, so
    # reports are due at 5pm on Thursday 15 March.
    assert rules.paper_deadline(dt.date(2018, 3, 26), 5) == dt.datetime(2018, 3, 15, 17, 0)


def test_paper_deadline_skips_bank_holidays():
    # Meeting Tuesday 3 April 2018 (after Easter Monday 2 April and Good Friday 30 March)
    deadline = rules.paper_deadline(dt.date(2018, 4, 3), 5)
    # the agenda must go out by Thursday 22 March (Friday 23 March is the fifth clear
    # day), so reports are due on Tuesday 20 March
    assert deadline == dt.datetime(2018, 3, 20, 17, 0)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_paper_deadline_is_before_the_meeting(day):
    deadline = rules.paper_deadline(day, 5)
    assert deadline.date() < day and deadline.weekday() < 5


def test_late_at_and_just_after_the_deadline():
    deadline = dt.datetime(2018, 3, 15, 17, 0)
    assert not rules.is_late(deadline, deadline)
    assert not rules.is_late(deadline + dt.timedelta(microseconds=900_000), deadline)
    assert rules.is_late(deadline + dt.timedelta(seconds=1), deadline)


def test_status_words():
    assert rules.status(submitted=False, late=False, revoked=False) == "Not submitted"
    assert rules.status(submitted=True, late=False, revoked=False) == "Submitted on time"
    assert rules.status(submitted=True, late=True, revoked=True) == "Submitted late"
    assert rules.status(submitted=False, late=False, revoked=True) == "Withdrawn"

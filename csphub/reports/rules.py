"""The rules of sub-group reports, as pure functions: checking a pro-forma, checking a
report's answers against it, the paper deadline, lateness and the status people see.

No Django here: these are tested on their own (`reports/tests/test_rules.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from csphub.meetings.deadlines import latest_publication_date, subtract_working_days

HEADING_MAX = 200
GUIDANCE_MAX = 2000
MIN_LENGTH = 100
MAX_LENGTH = 20000
MAX_SECTIONS = 12

PAPER_CUTOFF = time(17, 0)
PAPER_WORKING_DAYS = 2
"""Reports are due at 5pm this many working days before the last day the agenda can go out
with its notice, so the secretariat has time to compile the pack."""

NOT_SUBMITTED = "Not submitted"
ON_TIME = "Submitted on time"
LATE = "Submitted late"
REVOKED = "Withdrawn"


@dataclass(frozen=True)
class SectionSpec:
    heading: str
    guidance: str = ""
    required: bool = True
    max_length: int = 5000


def check_pro_forma(sections: Sequence[SectionSpec]) -> list[str]:
    """Everything wrong with a pro-forma, as messages naming the section; [] when sound.

    Rules: at least one section and at most MAX_SECTIONS; every section has a heading of
    at most HEADING_MAX characters; headings are unique (ignoring case and spaces); guidance
    at most GUIDANCE_MAX characters; a maximum length between MIN_LENGTH and MAX_LENGTH;
    at least one section is required (a report with nothing required could be empty).
    """
    errors: list[str] = []
    if not sections:
        return ["Add at least one section."]
    if len(sections) > MAX_SECTIONS:
        errors.append(f"A pro-forma can have at most {MAX_SECTIONS} sections.")
    seen: dict[str, int] = {}
    for n, section in enumerate(sections, start=1):
        heading = " ".join(section.heading.split())
        if not heading:
            errors.append(f"Section {n}: enter a heading.")
        elif len(heading) > HEADING_MAX:
            errors.append(f"Section {n}: the heading must be {HEADING_MAX} characters or fewer.")
        else:
            key = heading.casefold()
            if key in seen:
                errors.append(
                    f"Section {n}: the heading “{heading}” is the same as section {seen[key]}'s."
                )
            else:
                seen[key] = n
        if len(section.guidance) > GUIDANCE_MAX:
            errors.append(f"Section {n}: the guidance must be {GUIDANCE_MAX} characters or fewer.")
        if not MIN_LENGTH <= section.max_length <= MAX_LENGTH:
            errors.append(
                f"Section {n}: the maximum length must be between {MIN_LENGTH} and "
                f"{MAX_LENGTH:,} characters."
            )
    if not any(s.required for s in sections):
        errors.append("Make at least one section required.")
    return errors


def check_answers(sections: Sequence[SectionSpec], answers: Mapping[int, str]) -> dict[int, str]:
    """Errors by section index (0-based) for a report's answers: a required section left
    empty, or an answer longer than its section allows."""
    errors: dict[int, str] = {}
    for i, section in enumerate(sections):
        text = (answers.get(i) or "").strip()
        if section.required and not text:
            errors[i] = f"Enter the {section.heading}."
        elif len(text) > section.max_length:
            errors[i] = (
                f"{section.heading} must be {section.max_length:,} characters or fewer "
                f"(it has {len(text):,})."
            )
    return errors


def paper_deadline(meeting_date: date, notice_clear_days: int) -> datetime:
    """When a report is due for a meeting: 5pm, PAPER_WORKING_DAYS working days before the
    last day its agenda can be published with `notice_clear_days` clear days' notice.
    Naive local (London) time, as `meetings.deadlines` gives."""
    last = latest_publication_date(meeting_date, notice_clear_days)
    return datetime.combine(subtract_working_days(last, PAPER_WORKING_DAYS), PAPER_CUTOFF)


def is_late(submitted_at: datetime, deadline: datetime) -> bool:
    """Late when submitted after the deadline; the deadline's own second is on time."""
    return submitted_at.replace(microsecond=0) > deadline


def status(*, submitted: bool, late: bool, revoked: bool) -> str:
    """The word the secretariat's page shows for a request."""
    if submitted:
        return LATE if late else ON_TIME
    if revoked:
        return REVOKED
    return NOT_SUBMITTED

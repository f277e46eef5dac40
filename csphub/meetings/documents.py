"""The agenda and the minutes of a meeting, built once as a structured document.

Built from `meeting_record`, which has already removed what the viewer may not see, so the
HTML, PDF and DOCX renderers cannot leak a restricted item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from csphub.accounts.permissions import Viewer, viewer_for
from csphub.core.formats import clock, long_date, post_with_organisation, short_date
from csphub.documents import model as doc
from csphub.documents import registry
from csphub.partnerships.models import Membership, Organisation
from csphub.partnerships.selectors import memberships_on
from csphub.partnerships.terms import role_title

from . import services
from .access import access_meeting_by_key
from .models import AgendaItem, Attendance, Meeting
from .selectors import AgendaEntry, MeetingRecord, meeting_record, next_meeting

RESTRICTED_MARKING = "RESTRICTED – contains exempt information"


def _document(record: MeetingRecord, title: str) -> doc.Document:
    meeting = record.meeting
    partnership = meeting.body.partnership
    return doc.Document(
        title=title,
        # The header prints the date once: the title names the body, date_text the day.
        partnership=partnership.name,
        brand_colour=partnership.colour,
        organisation=partnership.council or partnership.name,
        author=partnership.contact_name or partnership.name,
        date_text=long_date(meeting.date),
        marking=RESTRICTED_MARKING if _shows_restricted(record) else "",
    )


def _shows_restricted(record: MeetingRecord) -> bool:
    def restricted_items(entries: list[AgendaEntry]):
        for e in entries:
            yield e.visible and (e.item.is_restricted or any(p.restricted for p in e.papers))
            yield from restricted_items(e.children)

    return any(restricted_items(record.agenda)) or any(
        m.visible and m.minute.is_restricted for m in record.minutes
    )


def _question_note(record: MeetingRecord) -> str:
    meeting = record.meeting
    deadline = timezone.localtime(services.question_deadline_for(meeting))
    n = meeting.body.question_working_days
    return (
        f"Questions must be received in writing {n} working days before the meeting: "
        f"by {clock(deadline.time())} on {long_date(deadline.date())}."
    )


def _agenda_block(entry: AgendaEntry, record: MeetingRecord, level: int = 2) -> doc.AgendaItem:
    item = entry.item
    if not entry.visible:
        return doc.AgendaItem(
            number=entry.label, title="Exempt item", restricted=entry.notice, level=level
        )
    note = item.description
    if item.standing == AgendaItem.Standing.QUESTIONS:
        note = "\n\n".join(filter(None, [note, _question_note(record)]))
    if item.standing == AgendaItem.Standing.NEXT_MEETING:
        following = next_meeting(record.meeting)
        if following is not None:
            note = note or f"The date of the next meeting is {long_date(following.date)}."
    return doc.AgendaItem(
        number=entry.label,
        title=item.title,
        pages=item.pages_text,
        presenter=item.presenter,
        time_allowed=f"{item.minutes_allowed} minutes" if item.minutes_allowed else "",
        note=note,
        papers=[p.title + (f" ({p.reference})" if p.reference else "") for p in entry.papers]
        or (
            ["Matters Arising report"]
            if item.standing == AgendaItem.Standing.MATTERS_ARISING
            else []
        ),
        restricted=item.restricted_notice,
        sub_items=[_agenda_block(c, record, level=3) for c in entry.children],
        level=level,
    )


def build_agenda(record: MeetingRecord) -> doc.Document | None:
    if not record.show_agenda:
        return None
    meeting = record.meeting
    partnership = meeting.body.partnership
    members = [
        _member(m, meeting.body.chair_title)
        for m in memberships_on(meeting.body, meeting.date, vacancies=True)
    ]
    document = _document(record, f"Agenda: {record.body_name}")
    document.blocks.append(
        doc.FrontSheet(
            body_name=record.body_name,
            meeting_details=(
                f"A meeting of the {record.body_name} will be held at "
                f"{meeting.venue or 'a venue to be confirmed'} "
                f"on {long_date(meeting.date)} at {clock(meeting.start_time)}."
            ),
            members=members,
            organisation=partnership.council or partnership.name,
            date_text=short_date(meeting.letter_date) if meeting.letter_date else "",
            contact=doc.Contact(
                name=partnership.contact_name,
                phone=partnership.contact_phone,
                email=partnership.contact_email,
            )
            if partnership.contact_name
            else None,
        )
    )
    document.blocks.append(doc.PageBreak())
    document.blocks.append(doc.Heading("Agenda", level=1))
    document.blocks.extend(_agenda_block(e, record) for e in record.agenda)
    return document


def _post(post_title: str, org: Organisation | None) -> str:
    """The post as the packs print it, with the organisation once (never "London CRC CRC
    Contracts Manager")."""
    if org is None:
        return post_title.strip()
    return post_with_organisation(post_title, org.label, *org.names_in_posts)


def _member(m: Membership, chair_title: str) -> doc.Member:
    """A row of the front sheet's membership list; a vacant seat prints as the packs print
    it ("Vacant – Magistrates Courts Service")."""
    role = role_title(m.role, chair_title)
    if m.person is None:
        seat = _post(m.post_title, None) or (m.organisation.name if m.organisation else "")
        return doc.Member(name=f"Vacant – {seat}" if seat else "Vacant", role=role)
    return doc.Member(
        name=m.person.display_name, post=_post(m.post_title, m.organisation), role=role
    )


def _person_line(a: Attendance, role: str = "") -> str:
    post = _post(a.post_title, a.organisation)
    line = a.person.display_name + (f" ({post})" if post else "")
    if role:
        line += f" ({role})"
    if a.status == Attendance.Status.SUBSTITUTE and a.substitute_for is not None:
        line += f", attended in place of {a.substitute_for.display_name}"
    return line


def _attendance_role(a: Attendance, meeting: Meeting, roles: Mapping[int, str]) -> str:
    """The role printed after a name in the minutes: who chaired the meeting, and the
    vice-chair (or co-chair) by their membership on the day, in the body's own words."""
    chair_title = meeting.body.chair_title
    if meeting.chair_id == a.person_id:
        return role_title(Membership.Role.CHAIR, chair_title)
    role = roles.get(a.person_id, "")
    if role in {Membership.Role.VICE_CHAIR, Membership.Role.CO_CHAIR}:
        return role_title(role, chair_title)
    return ""


def _minute_action(action: str, resolution_actions: list[str]) -> str:
    """Initials beside the discussion only when the minute has an action of its own: the
    same initials on a resolution are that action, printed once beside the resolution."""
    action = action.strip()
    return "" if action in {a.strip() for a in resolution_actions} else action


def _resolution(text: str, action: str) -> doc.Resolution:
    """Decisions are stored as recorded; "RESOLVED that" is the document's own heading."""
    prefix = "resolved that "
    if text.lower().startswith(prefix):
        return doc.Resolution(text[len(prefix) :].strip(), action)
    return doc.Resolution(text, action, verbatim=True)


def build_minutes(record: MeetingRecord) -> doc.Document | None:
    if not record.show_minutes or not record.minutes:
        return None
    meeting = record.meeting
    draft = not meeting.minutes_locked
    document = _document(record, f"Minutes: {record.body_name}")
    document.blocks.append(doc.Heading(record.body_name, level=1))
    document.blocks.append(
        doc.Paragraph(
            f"Minutes of the meeting held at {clock(meeting.start_time)} "
            f"on {short_date(meeting.date)}" + (f", {meeting.venue}" if meeting.venue else "")
        )
    )
    if draft:
        document.blocks.append(
            doc.Notice(
                "These minutes are a draft until the next meeting approves them.", kind="warning"
            )
        )
    elif meeting.approved_at_meeting is not None:
        document.blocks.append(
            doc.Notice(
                "Approved as a correct record at the meeting on "
                f"{long_date(meeting.approved_at_meeting.date)}."
            )
        )
    # A substitute attended in a member's place, not as a member: the packs list them
    # under "Also Present" ("Sham Kidane ... attended in her place"), ahead of officers.
    groups = [
        ("Present", [Attendance.Status.PRESENT]),
        ("Also present", [Attendance.Status.SUBSTITUTE, Attendance.Status.ALSO_PRESENT]),
        ("Apologies", [Attendance.Status.APOLOGIES]),
        ("Absent", [Attendance.Status.ABSENT]),
    ]
    roles = {
        m.person_id: m.role
        for m in memberships_on(meeting.body, meeting.date)
        if m.person_id is not None
    }
    for heading, statuses in groups:
        rows = [a for s in statuses for a in record.attendance.get(s, [])]
        if not rows:
            continue
        document.blocks.append(doc.Heading(heading, level=2))
        lines = [_person_line(a, _attendance_role(a, meeting, roles)) for a in rows]
        document.blocks.append(doc.ListBlock(lines))
    if record.declarations:
        document.blocks.append(doc.Heading("Declarations of interest", level=2))
        document.blocks.append(
            doc.ListBlock(
                [
                    f"{d.person.display_name}"
                    + (f" (item: {d.item.title})" if d.item else "")
                    + f": {d.text}"
                    for d in record.declarations
                ]
            )
        )
    for entry in record.minutes:
        m = entry.minute
        if not entry.visible:
            body = [doc.Paragraph(m.restricted_notice)]
            if m.public_summary:
                body.append(doc.Paragraph(m.public_summary))
            document.blocks.append(doc.Minute(number=m.label, title="Exempt item", body=body))
            continue
        paragraphs = [doc.Paragraph(p.strip()) for p in m.text.split("\n\n") if p.strip()]
        if m.is_restricted:
            paragraphs.insert(0, doc.Paragraph(doc.Run(m.restricted_notice, strong=True)))
        resolutions = list(m.resolutions.all())
        document.blocks.append(
            doc.Minute(
                number=m.label,
                title=m.title,
                body=paragraphs,
                resolutions=[_resolution(r.text, r.action_by) for r in resolutions],
                post_meeting_note=[
                    doc.Paragraph(p.strip()) for p in m.post_meeting_note.split("\n\n") if p.strip()
                ],
                action=_minute_action(m.action_by, [r.action_by for r in resolutions]),
            )
        )
        for amendment in entry.amendments:
            document.blocks.append(
                doc.Notice(
                    f"Correction to minute {m.label} ({amendment.field.replace('_', ' ')}), "
                    f"recorded {short_date(timezone.localtime(amendment.made_at).date())}: "
                    f"{amendment.after} Reason: {amendment.reason}",
                    title="Correction",
                )
            )
    answered = [q for q in record.questions if q.answer]
    if answered:
        document.blocks.append(doc.Heading("Questions and answers", level=2))
        for q in answered:
            document.blocks.append(
                doc.SummaryList(
                    [
                        doc.SummaryRow(
                            "Question from", f"{q.asker_name} ({q.get_asker_kind_display()})"
                        ),
                        doc.SummaryRow("Question", q.text),
                        doc.SummaryRow("Answer", q.answer),
                    ]
                )
            )
    return document


# --- registered documents ---------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSubject:
    """A meeting as one viewer may see it: what every meeting document is built from, here
    and in other apps (the Matters Arising report), so none needs the others' selectors."""

    meeting: Meeting
    viewer: Viewer

    @classmethod
    def load(cls, key: str, user: Any, options: Mapping[str, Any]) -> MeetingSubject:
        """For the command line: the public's view unless ``user`` has more access."""
        meeting = access_meeting_by_key(key)
        return cls(meeting=meeting, viewer=viewer_for(user, meeting.body.partnership))


MEETING = registry.Source(
    name="meeting", key_help="partnership/body/YYYY-MM-DD", load=MeetingSubject.load
)


def meeting_filename(name: str) -> Callable[[MeetingSubject], str]:
    """``board-2017-12-19-minutes``: the body and date say which meeting it belongs to."""

    def filename(subject: MeetingSubject) -> str:
        return f"{subject.meeting.body.slug}-{subject.meeting.date.isoformat()}-{name}"

    return filename


def agenda_for(subject: MeetingSubject) -> doc.Document | None:
    return build_agenda(meeting_record(subject.meeting, subject.viewer))


def minutes_for(subject: MeetingSubject) -> doc.Document | None:
    return build_minutes(meeting_record(subject.meeting, subject.viewer))


def register_documents() -> None:
    """Called from ``MeetingsConfig.ready()``."""
    for name, build in (("agenda", agenda_for), ("minutes", minutes_for)):
        registry.register(name, build, source=MEETING, filename=meeting_filename(name))

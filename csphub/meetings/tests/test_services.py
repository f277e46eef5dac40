"""The meeting services: rules enforced, permission checked, audit written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from csphub.accounts.permissions import viewer_for
from csphub.audit.models import AuditEvent
from csphub.meetings import services
from csphub.meetings.models import AgendaItem, Attendance, Meeting, Minute
from csphub.meetings.selectors import meeting_record
from csphub.partnerships.models import MinuteSequenceStart
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="board")


@pytest.fixture
def sec(users):
    return users["secretariat"]


def schedule(sec, body, day=dt.date(2017, 12, 19)):
    return services.meeting_schedule(
        actor=sec, body=body, date=day, start_time=dt.time(10), venue="Committee Room 1"
    )


def labels(meeting, viewer):
    record = meeting_record(meeting, viewer)
    out = []
    for e in record.agenda:
        out.append((e.label, e.item.title))
        out += [(c.label, c.item.title) for c in e.children]
    return out


def test_schedule_starts_with_standing_items_and_audits(sec, body):
    meeting = schedule(sec, body)
    titles = list(meeting.items.order_by("position").values_list("standing", flat=True))
    assert titles[0] == AgendaItem.Standing.APOLOGIES
    assert titles[-2:] == [AgendaItem.Standing.AOB, AgendaItem.Standing.NEXT_MEETING]
    assert AuditEvent.objects.filter(verb="meeting.schedule", object_id=str(meeting.pk)).exists()


@pytest.mark.parametrize("role", ["member", "cleared", "outsider", "other_secretariat"])
def test_schedule_refused_without_secretariat_role(users, body, role):
    with pytest.raises(PermissionDenied):
        schedule(users[role], body)
    assert not Meeting.objects.exists()


def test_agenda_items_go_before_aob_and_nest_as_sub_items(sec, body, partnership, users):
    meeting = schedule(sec, body)
    a = services.agenda_item_add(actor=sec, meeting=meeting, title="Reports from sub-groups")
    b = services.agenda_item_add(actor=sec, meeting=meeting, title="Domestic abuse update")
    services.agenda_item_indent(actor=sec, item=b)
    c = services.agenda_item_add(actor=sec, meeting=meeting, title="ASB update")
    services.agenda_item_indent(actor=sec, item=c)
    got = labels(meeting, viewer_for(sec, partnership))
    assert ("6", "Reports from sub-groups") in got
    assert ("6a", "Domestic abuse update") in got
    assert ("6b", "ASB update") in got
    assert got[-1] == ("8", "Date of next meeting")
    services.agenda_item_move(actor=sec, item=c, direction="up")
    got = labels(meeting, viewer_for(sec, partnership))
    assert ("6a", "ASB update") in got
    services.agenda_item_outdent(actor=sec, item=c)
    got = labels(meeting, viewer_for(sec, partnership))
    assert ("7", "ASB update") in got
    assert got[-1] == ("9", "Date of next meeting")
    assert a.pk


def test_restricted_item_needs_a_reason(sec, body):
    meeting = schedule(sec, body)
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=sec, meeting=meeting, title="Gang matrix", is_restricted=True
        )


def test_publish_records_time_and_notice(sec, body):
    meeting = schedule(sec, body, dt.date(2018, 3, 26))
    late = timezone.make_aware(dt.datetime(2018, 3, 22, 9))
    services.agenda_publish(actor=sec, meeting=meeting, at=late)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert meeting.agenda_published_at == late
    assert meeting.agenda_notice_met is False
    other = schedule(sec, body, dt.date(2018, 6, 21))
    services.agenda_publish(
        actor=sec, meeting=other, at=timezone.make_aware(dt.datetime(2018, 6, 7, 9))
    )
    other.refresh_from_db()
    assert other.agenda_notice_met is True
    with pytest.raises(ValidationError):
        services.agenda_publish(actor=sec, meeting=other)


def test_paper_upload_checks_type_and_content(sec, body):
    meeting = schedule(sec, body)
    item = meeting.items.first()
    fake = SimpleUploadedFile("report.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.paper_add(actor=sec, item=item, title="Report", file=fake)
    real = SimpleUploadedFile("report.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    paper = services.paper_add(actor=sec, item=item, title="Report", file=real)
    assert paper.original_filename == "report.pdf"
    assert "report" not in paper.file.name  # stored names are ours, never the uploader's


def test_attendance_with_substitute(sec, body, partnership):
    meeting = schedule(sec, body)
    member, deputy, absent = (PersonFactory(partnership=partnership) for _ in range(3))
    services.attendance_record(
        actor=sec,
        meeting=meeting,
        chair=member,
        rows=[
            {"person": member, "status": Attendance.Status.PRESENT},
            {"person": deputy, "status": Attendance.Status.SUBSTITUTE, "substitute_for": absent},
            {"person": absent, "status": Attendance.Status.APOLOGIES},
        ],
    )
    sub = Attendance.objects.get(meeting=meeting, person=deputy)
    assert sub.substitute_for == absent
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=sec,
            meeting=meeting,
            rows=[{"person": deputy, "status": Attendance.Status.SUBSTITUTE}],
        )
    assert Attendance.objects.filter(meeting=meeting).count() == 3  # unchanged


def test_minutes_numbering_continues_across_meetings_and_restarts(sec, body):
    first = schedule(sec, body, dt.date(2017, 3, 9))
    MinuteSequenceStart.objects.create(
        body=body, effective_from=dt.date(2017, 1, 1), first_number=128
    )
    created = services.minutes_start(actor=sec, meeting=first)
    assert [m.label for m in created][:2] == ["128", "129"]
    last = max(m.number for m in created)
    second = schedule(sec, body, dt.date(2017, 7, 6))
    services.agenda_item_add(actor=sec, meeting=second, title="Reports from sub-groups")
    sub = services.agenda_item_add(actor=sec, meeting=second, title="Domestic abuse")
    services.agenda_item_indent(actor=sec, item=sub)
    created2 = services.minutes_start(actor=sec, meeting=second)
    assert created2[0].number == last + 1
    assert any(m.suffix == "a" for m in created2)
    MinuteSequenceStart.objects.create(
        body=body, effective_from=dt.date(2022, 5, 1), first_number=1
    )
    third = schedule(sec, body, dt.date(2023, 1, 12))
    created3 = services.minutes_start(actor=sec, meeting=third)
    assert created3[0].label == "1"


def test_approved_minutes_are_locked_and_corrections_are_amendments(sec, body):
    meeting = schedule(sec, body, dt.date(2017, 12, 19))
    services.agenda_publish(actor=sec, meeting=meeting)
    services.meeting_mark_held(actor=sec, meeting=meeting)
    minute = services.minute_create(actor=sec, meeting=meeting, title="Matters arising", number=175)
    services.resolution_add(actor=sec, minute=minute, text="RESOLVED that the update be noted.")
    services.minutes_publish_draft(actor=sec, meeting=meeting)
    later = schedule(sec, body, dt.date(2018, 3, 26))
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=sec, meeting=later, at_meeting=meeting)
    with pytest.raises(ValidationError, match="has been held"):  # not yet held: refused
        services.minutes_approve(actor=sec, meeting=meeting, at_meeting=later)
    services.agenda_publish(actor=sec, meeting=later)
    services.meeting_mark_held(actor=sec, meeting=later)
    services.minutes_approve(actor=sec, meeting=meeting, at_meeting=later)
    meeting.refresh_from_db()
    assert meeting.minutes_locked and meeting.approved_at_meeting == later
    minute.refresh_from_db()
    with pytest.raises(ValidationError):
        services.minute_update(actor=sec, minute=minute, data={"text": "rewritten"})
    with pytest.raises(ValidationError):
        services.resolution_add(actor=sec, minute=minute, text="RESOLVED that sneaky")
    minute.refresh_from_db()
    assert minute.text == ""
    amendment = services.minute_amend(
        actor=sec, minute=minute, field="text", after="Corrected text.", reason="Typo"
    )
    assert amendment.before == "" and amendment.after == "Corrected text."
    assert Minute.objects.get(pk=minute.pk).text == ""
    assert AuditEvent.objects.filter(verb="minute.amend").count() == 1


def test_question_deadline_and_late_marking(sec, body):
    meeting = schedule(sec, body, dt.date(2018, 3, 26))
    on_time = timezone.make_aware(dt.datetime(2018, 3, 20, 17, 0, 0))
    late = timezone.make_aware(dt.datetime(2018, 3, 20, 17, 0, 1))
    q1 = services.question_submit(
        meeting=meeting,
        asker_name="A Resident",
        asker_kind="public",
        text="Q?",
        received_at=on_time,
    )
    q2 = services.question_submit(
        meeting=meeting, asker_name="Cllr B", asker_kind="councillor", text="Q?", received_at=late
    )
    assert not q1.is_late and q2.is_late
    assert timezone.localtime(q1.deadline) == timezone.make_aware(dt.datetime(2018, 3, 20, 17))
    services.question_answer(actor=sec, question=q1, answer="An answer.")
    q1.refresh_from_db()
    assert q1.status == "answered"


def test_a_failed_upload_leaves_no_file_behind(sec, body, monkeypatch, settings):
    """The paper's row is refused after its file was stored: the file goes too."""
    from pathlib import Path

    from csphub.meetings.services import papers
    from csphub.meetings.tests.documents import pdf_with

    actor, item = sec, schedule(sec, body).items.first()
    media = Path(settings.MEDIA_ROOT) / "papers"
    before = set(media.glob("*")) if media.exists() else set()

    def refuse(**kwargs):
        raise RuntimeError("the audit trail could not be written")

    monkeypatch.setattr(papers, "audit_record", refuse)
    upload = SimpleUploadedFile("r.pdf", pdf_with("Report"), "application/pdf")
    with pytest.raises(RuntimeError):
        papers.paper_add(actor=actor, item=item, title="Late report", file=upload)
    after = set(media.glob("*")) if media.exists() else set()
    assert after == before

"""The importer's services: secretariat only, audited, and a commit all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from csphub.actions.models import Action, ActionOwner
from csphub.audit.models import AuditEvent
from csphub.importer import selectors, services
from csphub.importer.models import ImportDraft, PersonMatch
from csphub.meetings.models import Attendance, Meeting, Minute, Resolution
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory
from csphub.partnerships.models import Person
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory

from .factories import BODY_NAME, make_draft

pytestmark = pytest.mark.django_db

DAY = dt.date(2017, 12, 19)


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)


def _match_everyone(actor, draft, **overrides):
    """Everyone new, except the initials nobody in the room could be sure of."""
    from csphub.importer import drafts

    part = drafts.normalise_part(draft.edited["parts"][0])
    choices = selectors.auto_choices(draft.partnership, drafts.names_to_match(part))
    people = dict(choices)
    people.update(overrides)
    return services.draft_match_people(actor=actor, draft=draft, choices=people)


def _rows():
    return (
        Meeting.objects.count(),
        Minute.objects.count(),
        Resolution.objects.count(),
        Action.objects.count(),
        Attendance.objects.count(),
        Person.objects.count(),
    )


@pytest.mark.parametrize("role", ["member", "cleared", "outsider", "other_secretariat"])
def test_every_write_is_refused_for_anyone_but_the_secretariat(partnership, users, body, role):
    draft = make_draft(partnership)
    upload = SimpleUploadedFile("m.txt", b"Minutes")
    with pytest.raises(PermissionDenied):
        services.draft_upload(actor=users[role], partnership=partnership, upload=upload)
    with pytest.raises(PermissionDenied):
        services.draft_update(actor=users[role], draft=draft, index=0, part={})
    with pytest.raises(PermissionDenied):
        services.draft_match_people(actor=users[role], draft=draft, choices={})
    with pytest.raises(PermissionDenied):
        services.draft_commit(actor=users[role], draft=draft, index=0, body=body)
    assert ImportDraft.objects.get().status == ImportDraft.Status.DRAFT


def test_an_upload_that_is_not_a_document_is_refused_and_nothing_is_kept(
    partnership, users, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    empty = SimpleUploadedFile("minutes.pdf", b"")
    with pytest.raises(ValidationError, match="minutes.pdf: the file is empty"):
        services.draft_upload(actor=users["secretariat"], partnership=partnership, upload=empty)
    fake = SimpleUploadedFile("minutes.pdf", b"\x00\x01 not a pdf at all")
    with pytest.raises(ValidationError, match="not a real .pdf file"):
        services.draft_upload(actor=users["secretariat"], partnership=partnership, upload=fake)
    assert not ImportDraft.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="import.").exists()
    assert not any(tmp_path.rglob("*"))


def test_an_upload_the_parser_cannot_read_gets_its_message_and_changes_nothing(
    partnership, users, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    garbage = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8)
    with pytest.raises(ValidationError) as refused:
        services.draft_upload(actor=users["secretariat"], partnership=partnership, upload=garbage)
    assert "minutes.pdf" in " ".join(refused.value.messages)
    assert not ImportDraft.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="import.").exists()
    assert not any(tmp_path.rglob("*"))


def test_editing_the_draft_keeps_the_parse_and_audits_the_changed_fields(partnership, users):
    draft = make_draft(partnership)
    part = dict(draft.edited["parts"][0], venue="Committee Room 1, Bromley Civic Centre")
    services.draft_update(actor=users["secretariat"], draft=draft, index=0, part=part)
    draft.refresh_from_db()
    assert draft.edited["parts"][0]["venue"] == "Committee Room 1, Bromley Civic Centre"
    assert draft.parsed["parts"][0]["venue"] is None
    event = AuditEvent.objects.get(verb="import.draft_update")
    assert event.after == {"venue": "Committee Room 1, Bromley Civic Centre"}


def test_initials_only_an_ambiguous_few_need_the_secretariat(partnership, body):
    from csphub.importer import drafts

    draft = make_draft(partnership)
    part = drafts.normalise_part(draft.edited["parts"][0])
    names = drafts.names_to_match(part)
    # TG, RV, LS, CH, AR, AM stand for people present; LG was not there, and JB is both
    # Justin Brett (present) and Janet Bailey (apologies) -- but only Justin was in the room
    assert [n for n in names if n.isupper()] == ["LG"]
    assert drafts.resolve_in_draft("JB", part) == "Justin Brett"
    choices = selectors.auto_choices(partnership, names)
    assert "LG" not in choices
    assert choices["Chris Hafford"].choice == PersonMatch.Choice.NEW


def test_suggestions_use_existing_people_by_name_and_initials(partnership):
    kate = PersonFactory(partnership=partnership, name="Kate Lymer", slug="kate")
    laurie = PersonFactory(partnership=partnership, name="Laurie Grasty", slug="laurie")
    choices = selectors.auto_choices(partnership, ["Councillor Kate Lymer", "LG", "New Person"])
    assert choices["Councillor Kate Lymer"].person == kate
    assert choices["LG"].person == laurie
    assert choices["New Person"].choice == PersonMatch.Choice.NEW


def test_commit_makes_the_meeting_attendance_minutes_resolutions_and_actions(
    partnership, users, body
):
    draft = make_draft(partnership)
    actor = users["secretariat"]
    _match_everyone(
        actor, draft, LG=selectors.Choice(PersonMatch.Choice.NEW, new_name="Laurie Grasty")
    )
    result = services.draft_commit(actor=actor, draft=draft, index=0, body=body)
    meeting = result.meeting
    assert (meeting.body, meeting.date, meeting.start_time) == (body, DAY, dt.time(10, 0))
    assert meeting.status == Meeting.Status.HELD
    assert meeting.chair.name == "Chris Hafford"
    lymer = Person.objects.get(name="Kate Lymer")
    assert (lymer.honorific, lymer.initials) == ("Councillor", "KL")
    labels = [m.label for m in meeting.minutes.order_by("number", "suffix")]
    assert labels[0] == "175" and labels[-1] == "191" and "186a" in labels and len(labels) == 19
    assert Resolution.objects.filter(minute__meeting=meeting).count() == 12
    assert len(result.actions) == 9
    kidane = Attendance.objects.get(meeting=meeting, person__name="Sham Kidane")
    assert kidane.status == Attendance.Status.SUBSTITUTE
    assert kidane.substitute_for.name == "Janet Bailey"
    assert Attendance.objects.get(meeting=meeting, person__name="Paul Warnett").status == (
        Attendance.Status.APOLOGIES
    )
    action = Action.objects.get(minute__number=180)
    assert [o.person.name for o in action.owners.all()] == ["Laurie Grasty", "Terry Gooding"]
    assert action.due_next_meeting and action.due_date is None
    assert action.resolution.text.startswith("That an update on the mass casualty")
    draft.refresh_from_db()
    assert (draft.status, draft.meeting) == (ImportDraft.Status.COMMITTED, meeting)
    event = AuditEvent.objects.get(verb="import.commit")
    assert event.after["parts"][0] | {"meeting": ""} == {
        "part": 1,
        "meeting": "",
        "meeting_created": True,
        "minutes": 19,
        "resolutions": 12,
        "actions": 9,
        "attendance": 23,
        "people_created": 24,
    }


def test_minutes_approved_when_chosen(partnership, users, body):
    draft = make_draft(partnership)
    _match_everyone(users["secretariat"], draft, LG=selectors.Choice(PersonMatch.Choice.SKIP))
    result = services.draft_commit(
        actor=users["secretariat"],
        draft=draft,
        index=0,
        body=body,
        minutes_status=services.MINUTES_APPROVED,
    )
    assert result.meeting.status == Meeting.Status.MINUTES_APPROVED
    # LG left out: the 180 action has Terry Gooding alone
    action = Action.objects.get(minute__number=180)
    assert [o.person.name for o in action.owners.all()] == ["Terry Gooding"]


def test_a_commit_failing_midway_changes_nothing_and_names_the_error(partnership, users, body):
    """Into an existing meeting that already has minute 186a: the attendance and the first
    minutes are written before the clash is found; all of it is rolled back."""
    meeting = MeetingFactory(body=body, date=DAY, status=Meeting.Status.HELD)
    someone = PersonFactory(partnership=partnership)
    Attendance.objects.create(meeting=meeting, person=someone, status=Attendance.Status.PRESENT)
    MinuteFactory(meeting=meeting, number=186, suffix="a", title="Already here")
    draft = make_draft(partnership)
    actor = users["secretariat"]
    _match_everyone(actor, draft, LG=selectors.Choice(PersonMatch.Choice.SKIP))
    before = _rows()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Minute 186a: .* already has a minute"):
        services.draft_commit(actor=actor, draft=draft, index=0, meeting=meeting)
    assert _rows() == before
    assert list(meeting.attendance.values_list("person", flat=True)) == [someone.pk]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.chair is None
    assert AuditEvent.objects.count() == events
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.FAILED and "186a" in draft.error
    assert draft.is_editable


def test_commit_refuses_unmatched_names_and_a_part_with_problems(partnership, users, body):
    draft = make_draft(partnership)
    with pytest.raises(ValidationError, match="not matched to a person"):
        services.draft_commit(actor=users["secretariat"], draft=draft, index=0, body=body)
    part = dict(draft.edited["parts"][0], meeting_date=None)
    services.draft_update(actor=users["secretariat"], draft=draft, index=0, part=part)
    with pytest.raises(ValidationError, match="Meeting date: enter the date"):
        services.draft_commit(actor=users["secretariat"], draft=draft, index=0, body=body)
    assert not Meeting.objects.exists()


def test_a_committed_draft_cannot_be_changed_or_committed_again(partnership, users, body):
    draft = make_draft(partnership)
    actor = users["secretariat"]
    _match_everyone(actor, draft, LG=selectors.Choice(PersonMatch.Choice.SKIP))
    services.draft_commit(actor=actor, draft=draft, index=0, body=body)
    with pytest.raises(ValidationError, match="committed"):
        services.draft_update(actor=actor, draft=draft, index=0, part={})
    with pytest.raises(ValidationError, match="committed"):
        services.draft_commit(actor=actor, draft=draft, index=0, body=body)
    assert ActionOwner.objects.count() == 10


def test_initials_read_as_someone_present_are_pointed_out(partnership):
    from csphub.importer import drafts

    part = drafts.normalise_part(make_draft(partnership).edited["parts"][0])
    assert drafts.initials_notes(part) == [
        "JB is read as Justin Brett, who was there; Janet Bailey has the same initials. "
        "Check the actions’ owners."
    ]

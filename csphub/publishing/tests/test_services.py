"""Dispatching packs (versions kept, audited) and e-mailing members through the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from csphub.accounts.models import PartnershipRole
from csphub.audit.models import AuditEvent
from csphub.meetings.models import Meeting
from csphub.partnerships.tests.factories import MembershipFactory
from csphub.publishing import services
from csphub.publishing.models import Notification, PackVersion
from csphub.publishing.selectors import recipients

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def test_dispatch_keeps_every_version(meeting, users):
    first = services.pack_dispatch(actor=users["secretariat"], meeting=meeting)
    second = services.pack_dispatch(
        actor=users["secretariat"], meeting=meeting, note="Late paper: Youth Offending update"
    )
    assert (first.number, first.label) == (1, "Agenda pack")
    assert (second.number, second.label) == (2, "Supplementary pack")
    assert first.public_file.name != second.public_file.name
    assert first.public_file.open("rb").read(4) == b"%PDF"
    assert second.has_part_two and second.members_pages > second.public_pages
    events = AuditEvent.objects.filter(verb="pack.dispatch").order_by("pk")
    assert [e.after["number"] for e in events] == [1, 2]
    from pypdf import PdfReader

    # the words, however the lines fall (they wrap differently with another font)
    front = " ".join(PdfReader(second.public_file.open("rb")).pages[0].extract_text().split())
    assert "Supplementary pack, published" in front and "Youth Offending update" in front
    assert SECRET not in PdfReader(second.public_file.open("rb")).pages[-1].extract_text()


def test_only_the_secretariat_dispatches_and_only_published_agendas(meeting, users):
    for role in ("member", "cleared", "other_secretariat"):
        with pytest.raises(PermissionDenied):
            services.pack_dispatch(actor=users[role], meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SCHEDULED)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="Publish the agenda"):
        services.pack_dispatch(actor=users["secretariat"], meeting=meeting)
    assert not PackVersion.objects.exists()


def test_members_are_emailed_the_pack_they_may_read(
    meeting, users, partnership, django_capture_on_commit_callbacks
):
    cleared_person = MembershipFactory(body=meeting.body, start=dt.date(2016, 1, 1)).person
    cleared_person.user = users["cleared"]
    cleared_person.save()
    MembershipFactory(body=meeting.body, start=dt.date(2016, 1, 1), person__email="")
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.pack_dispatch(
            actor=users["secretariat"],
            meeting=meeting,
            notify=True,
            base_url="https://csp.example.org/",
        )
    notification = Notification.objects.get()
    assert notification.event == Notification.Event.PACK_DISPATCHED
    assert notification.pack == pack
    assert (notification.recipients, notification.sent) == (4, 4)
    assert notification.without_email  # the member with no address is named
    assert len(mail.outbox) == 4
    by_address = {m.to[0]: m for m in mail.outbox}
    assert all(len(m.to) == 1 for m in mail.outbox)  # one e-mail per member, no lists
    members_link = (
        "https://csp.example.org/p/safer-testshire/meetings/board/2018-03-26/packs/1/members.pdf"
    )
    public_link = (
        "https://csp.example.org/p/safer-testshire/meetings/board/2018-03-26/packs/1/public.pdf"
    )
    assert members_link in by_address[cleared_person.email].body
    others = [m for a, m in by_address.items() if a != cleared_person.email]
    assert all(public_link in m.body and members_link not in m.body for m in others)
    assert all(SECRET not in m.body and SECRET not in m.subject for m in mail.outbox)
    assert AuditEvent.objects.filter(verb="publication.delivered").count() == 1


def test_a_later_role_change_does_not_leak_the_members_pack(meeting, users):
    """Whether a member is sent the Part 2 link is read when the e-mails go out."""
    person = MembershipFactory(body=meeting.body, start=dt.date(2016, 1, 1)).person
    person.user = users["cleared"]
    person.save()
    PartnershipRole.objects.filter(user=users["cleared"]).update(cleared_for_restricted=False)
    with_email, _ = recipients(meeting)
    assert not next(r for r in with_email if r.person == person).cleared


def test_notifying_an_event_that_has_not_happened_is_refused(meeting, users):
    with pytest.raises(ValidationError, match="has not happened"):
        services.notification_send(
            actor=users["secretariat"], meeting=meeting, event="approved_minutes"
        )
    with pytest.raises(ValidationError, match="No pack"):
        services.notification_send(
            actor=users["secretariat"], meeting=meeting, event="pack_dispatched"
        )
    with pytest.raises(PermissionDenied):
        services.notification_send(actor=users["member"], meeting=meeting, event="agenda_published")


def test_agenda_published_email_links_to_the_agenda(
    meeting, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            actor=users["secretariat"], meeting=meeting, event="agenda_published"
        )
    assert len(mail.outbox) == 3
    assert "/meetings/board/2018-03-26/agenda.pdf" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Agenda published: Safer Testshire Board")


def test_the_database_queue_holds_emails_for_a_worker(
    meeting, users, settings, django_capture_on_commit_callbacks
):
    """With CSPHUB_TASKS_BACKEND=database the request only queues; a worker sends."""
    from django_tasks_db.models import DBTaskResult

    # django-tasks resets its backends when the setting changes (and back after the test)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            actor=users["secretariat"], meeting=meeting, event="agenda_published"
        )
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "csphub.publishing.tasks.deliver"

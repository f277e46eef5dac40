"""The reports services: who may do what, the audit trail, the e-mailed link, late
marking, and a resubmission replacing the paper."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from csphub.accounts.tests.factories import user_with_role
from csphub.audit.actors import LinkActor
from csphub.audit.models import AuditEvent
from csphub.meetings.models import Paper
from csphub.partnerships.tests.factories import PersonFactory
from csphub.reports import links, rules, selectors, services
from csphub.reports.models import ProForma, SubmittedReport

from .factories import BROMLEY_SECTIONS, SYSTEM, answers_for, build_world

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/report/([^/\s]+)/")


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def secretariat(world):
    return user_with_role(world.partnership, "secretariat")


def _request(world, actor=SYSTEM, **kw):
    return services.report_request_create(
        actor=actor, item=world.item, author=world.lead, reporting_body=world.subgroup, **kw
    )


# --- pro-forma ------------------------------------------------------------------------------


def test_pro_forma_set_makes_a_new_version_and_keeps_the_old(world, secretariat):
    before = AuditEvent.objects.filter(verb="pro_forma.set").count()
    second = services.pro_forma_set(
        actor=secretariat,
        body=world.board,
        sections=[rules.SectionSpec("Purpose"), rules.SectionSpec("Recommendations")],
    )
    assert second.version == 2 and second.is_current
    world.pro_forma.refresh_from_db()
    assert not world.pro_forma.is_current
    assert [s.heading for s in world.pro_forma.sections.all()] == [
        s.heading for s in BROMLEY_SECTIONS
    ]
    assert AuditEvent.objects.filter(verb="pro_forma.set").count() == before + 1


def test_pro_forma_refused_for_non_secretariat_and_bad_sections(world):
    member = user_with_role(world.partnership, "member")
    with pytest.raises(PermissionDenied):
        services.pro_forma_set(actor=member, body=world.board, sections=BROMLEY_SECTIONS)
    with pytest.raises(ValidationError) as exc:
        services.pro_forma_set(
            actor=SYSTEM,
            body=world.board,
            sections=[rules.SectionSpec("Purpose"), rules.SectionSpec("purpose")],
        )
    assert "is the same as section 1" in exc.value.messages[0]
    assert ProForma.objects.filter(body=world.board).count() == 1


# --- requests -------------------------------------------------------------------------------


def test_request_sends_a_signed_link_after_commit(
    world, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = _request(world, secretariat, base_url="http://testserver")
    assert made.title == "Domestic Abuse and VAWG Sub-group report"
    assert made.deadline == timezone.make_aware(dt.datetime(2030, 3, 14, 17, 0))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["victoria.roberts@example.org"]
    assert "It is due by 5.00 pm on Thursday 14 March 2030." in message.body
    token = LINK.search(message.body).group(1)
    assert links.read_token(token) == made
    assert AuditEvent.objects.filter(verb="report_request.create", object_id=str(made.pk)).exists()
    assert AuditEvent.objects.filter(verb="report_request.delivered").exists()


def test_request_refused_for_a_member(world):
    member = user_with_role(world.partnership, "member")
    with pytest.raises(PermissionDenied):
        _request(world, member)


def test_remind_and_revoke(world, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = _request(world, secretariat)
        services.report_request_send(actor=secretariat, report_request=made)
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.startswith("Reminder: ")
    token = links.make_token(made)
    services.report_request_revoke(actor=secretariat, report_request=made)
    with pytest.raises(links.LinkRevoked):
        links.read_token(token)
    with pytest.raises(ValidationError):
        services.report_request_send(actor=secretariat, report_request=made)
    assert AuditEvent.objects.filter(verb="report_request.revoke").count() == 1


def test_wrong_and_expired_links_are_refused(world):
    made = _request(world, send=False)
    token = links.make_token(made)
    with pytest.raises(links.LinkInvalid):
        links.read_token(token[:-2] + ("A" if token[-1] != "A" else "B") + token[-1])
    with pytest.raises(links.LinkExpired):
        links.read_token(token, now=made.expires_at + dt.timedelta(seconds=1))


# --- submitting -----------------------------------------------------------------------------


def _submit(world, made, at, **overrides):
    return services.report_submit(
        actor=LinkActor(world.lead),
        report_request=made,
        answers=answers_for(world.pro_forma, **overrides),
        now=at,
    )


def test_submit_through_the_link_files_the_paper(world):
    made = _request(world, send=False)
    report = _submit(world, made, made.deadline - dt.timedelta(days=1))
    assert report.via == SubmittedReport.Via.LINK and not report.is_late
    paper = report.paper
    assert paper.item == world.item
    assert paper.title == "Domestic Abuse and VAWG Sub-group report"
    assert paper.author == "Victoria Roberts"
    assert paper.reference == ""
    assert paper.file.read(5) == b"%PDF-"
    assert "Detection rates for domestic abuse" in paper.text
    assert AuditEvent.objects.filter(verb="report.submit", object_id=str(report.pk)).exists()


def test_late_marking_at_and_just_after_the_deadline(world):
    made = _request(world, send=False)
    on_time = _submit(world, made, made.deadline)
    assert not on_time.is_late and on_time.paper.reference == ""
    late = _submit(world, made, made.deadline + dt.timedelta(seconds=1))
    assert late.is_late
    assert late.paper.reference == "Late paper"
    assert "Late paper" in late.paper.text


def test_resubmission_replaces_the_paper_and_is_recorded(world):
    made = _request(world, send=False)
    first = _submit(world, made, made.deadline - dt.timedelta(days=2))
    second = _submit(
        world,
        made,
        made.deadline - dt.timedelta(days=1),
        **{"Operational Update": "Revised: the advocacy service took 40 new referrals."},
    )
    papers = Paper.objects.filter(item=world.item)
    assert list(papers) == [second.paper]
    assert not Paper.objects.filter(pk=first.paper_id).exists()
    assert "40 new referrals" in second.paper.text
    assert AuditEvent.objects.filter(verb="report.resubmit", object_id=str(second.pk)).exists()


def test_submission_refused_for_another_person_and_a_revoked_request(world):
    made = _request(world, send=False)
    stranger = PersonFactory(partnership=world.partnership)
    with pytest.raises(PermissionDenied):
        services.report_submit(
            actor=LinkActor(stranger),
            report_request=made,
            answers=answers_for(world.pro_forma),
            now=made.deadline,
        )
    member = user_with_role(world.partnership, "member")
    with pytest.raises(PermissionDenied):
        services.report_submit(
            actor=member, report_request=made, answers=answers_for(world.pro_forma)
        )
    services.report_request_revoke(actor=SYSTEM, report_request=made)
    with pytest.raises(ValidationError):
        _submit(world, made, made.deadline)
    assert not SubmittedReport.objects.exists()


def test_submission_checks_required_sections_and_lengths(world):
    made = _request(world, send=False)
    with pytest.raises(ValidationError) as exc:
        _submit(
            world,
            made,
            made.deadline,
            **{"Operational Update": "", "Action for Safer Bromley Partnership": "x" * 1001},
        )
    errors = exc.value.message_dict
    sections = {s.heading: selectors.section_field(s) for s in world.pro_forma.sections.all()}
    assert errors[sections["Operational Update"]] == ["Enter the Operational Update."]
    assert (
        "1,000 characters or fewer" in errors[sections["Action for Safer Bromley Partnership"]][0]
    )
    assert not SubmittedReport.objects.exists() and not Paper.objects.exists()


def test_signed_in_author_submits(world):
    user = user_with_role(world.partnership, "member")
    world.lead.user = user
    world.lead.save()
    made = _request(world, send=False)
    report = services.report_submit(
        actor=user, report_request=made, answers=answers_for(world.pro_forma), now=made.deadline
    )
    assert report.via == SubmittedReport.Via.SIGNED_IN


def test_a_report_keeps_its_pro_forma_version(world):
    made = _request(world, send=False)
    report = _submit(world, made, made.deadline)
    services.pro_forma_set(actor=SYSTEM, body=world.board, sections=[rules.SectionSpec("Purpose")])
    report.refresh_from_db()
    assert report.pro_forma == world.pro_forma
    assert [a.section.heading for a in report.answers.all()] == [
        s.heading for s in BROMLEY_SECTIONS
    ]

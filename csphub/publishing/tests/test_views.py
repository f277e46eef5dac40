"""The meeting page's pack panel, the downloads and the secretariat's dispatch page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.publishing import services
from csphub.publishing.models import PackVersion

from .conftest import SECRET

pytestmark = pytest.mark.django_db
ARGS = ["safer-testshire", "board", "2018-03-26"]


def page(client):
    return client.get(reverse("meetings:detail", args=ARGS))


def test_secretariat_compiles_then_sends_a_supplementary_pack(client, users, meeting):
    client.force_login(users["secretariat"])
    assert "Compile pack" in page(client).content.decode()
    url = reverse("publishing:dispatch", args=ARGS)
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "", "notify": ""})
    assert response.status_code == 302 and response.url.endswith("#pack")
    response = client.post(url, {"note": "Late paper: gangs update", "notify": ""})
    html = page(client).content.decode()
    assert "Supplementary pack" in html and "Late paper: gangs update" in html
    assert "Every version of the pack" in html
    for number in (1, 2):
        assert f"/packs/{number}/public.pdf" in html
        assert f"/packs/{number}/members.pdf" in html


def test_the_public_gets_the_public_pack_only(client, users, meeting):
    services.pack_dispatch(actor=users["secretariat"], meeting=meeting)
    html = page(client).content.decode()
    assert "/packs/1/public.pdf" in html and "members.pdf" not in html
    latest = client.get(reverse("publishing:latest_pack", args=ARGS))
    assert latest.status_code == 200 and latest["Content-Type"] == "application/pdf"
    body = b"".join(latest.streaming_content)
    assert SECRET.encode() not in body
    members = client.get(reverse("publishing:pack_members", args=[*ARGS, 1]))
    assert members.status_code == 302  # sign in first
    client.force_login(users["member"])
    assert client.get(reverse("publishing:pack_members", args=[*ARGS, 1])).status_code == 403
    assert "members.pdf" not in page(client).content.decode()
    client.force_login(users["cleared"])
    assert "/packs/1/members.pdf" in page(client).content.decode()
    got = client.get(reverse("publishing:pack_members", args=[*ARGS, 1]))
    assert got.status_code == 200 and "private" in got["Cache-Control"]
    assert client.get(reverse("publishing:pack_public", args=[*ARGS, 9])).status_code == 404


def test_dispatching_before_the_agenda_is_published_is_explained(client, users, meeting):
    meeting.status = "scheduled"
    meeting.save()
    client.force_login(users["secretariat"])
    response = client.get(reverse("publishing:dispatch", args=ARGS), follow=True)
    assert "Publish the agenda before dispatching its pack." in response.content.decode()


def test_notify_button_emails_members(client, users, meeting, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.utils import timezone

    meeting.agenda_published_at = timezone.now()
    meeting.save()
    client.force_login(users["secretariat"])
    assert "E-mail members<span" in page(client).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("publishing:notify", args=ARGS), {"event": "agenda_published"}, follow=True
        )
    assert "Members are being e-mailed" in response.content.decode()
    assert len(mail.outbox) == 3
    assert "E-mails sent to members (1)" in response.content.decode()


def test_meeting_page_queries_do_not_grow_with_pack_versions(client, users, meeting):
    client.force_login(users["secretariat"])
    services.pack_dispatch(actor=users["secretariat"], meeting=meeting)
    with CaptureQueriesContext(connection) as one:
        page(client)
    first = PackVersion.objects.get()
    for number in range(2, 7):  # copies of the first version's row: the page only lists them
        first.pk = None
        first.number = number
        first.save()
    with CaptureQueriesContext(connection) as six:
        html = page(client).content.decode()
    assert "Supplementary pack 5" in html
    assert len(six) == len(one)


def test_publication_record_lists_every_event_with_its_date(client, users, meeting):
    import datetime as dt

    from django.utils import timezone

    when = timezone.make_aware(dt.datetime(2018, 3, 15, 10, 0))
    meeting.agenda_published_at = when
    meeting.save()
    services.pack_dispatch(actor=users["secretariat"], meeting=meeting, now=when)
    services.pack_dispatch(
        actor=users["secretariat"],
        meeting=meeting,
        note="Late paper",
        now=when + dt.timedelta(days=6),
    )
    meeting.status = "minutes_approved"
    meeting.minutes_published_at = when + dt.timedelta(days=20)
    meeting.minutes_approved_at = when + dt.timedelta(days=90)
    meeting.save()
    html = page(client).content.decode()
    record = html[html.index('id="publication"') :]
    for label, day in [
        ("Agenda published", "Thursday 15 March 2018"),
        ("Agenda pack dispatched", "Thursday 15 March 2018"),
        ("Supplementary pack dispatched: Late paper", "Wednesday 21 March 2018"),
        ("Draft minutes published", "Wednesday 4 April 2018"),
        ("Approved minutes published", "Wednesday 13 June 2018"),
    ]:
        assert label in record and day in record, label
    assert "E-mail members" not in record  # the public reads the record; it cannot e-mail

"""The demo's member sign-ins have a home (issue 11): each is linked to a board member with
open actions, and the board has a meeting ahead whose papers they see (the restricted one
only when cleared)."""

import datetime as dt

import pytest
from django.urls import reverse

from csphub.demo.loader import FIXTURES, load_fixture
from csphub.demo.members import ensure_member_homes, next_meeting_date
from csphub.demo.users import ensure_demo_users
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Person


def test_next_meeting_date_is_a_thursday_four_to_five_weeks_ahead():
    for offset in range(14):
        today = dt.date(2026, 12, 1) + dt.timedelta(days=offset)
        day = next_meeting_date(today)
        assert day.weekday() == 3
        assert 28 <= (day - today).days < 35


@pytest.mark.django_db
def test_demo_members_see_their_next_meeting_papers_and_actions(client):
    barking = load_fixture(FIXTURES / "barking-dagenham.yaml")
    ensure_demo_users()
    today = dt.date.today()

    lines = ensure_member_homes(today)
    assert ensure_member_homes(today) == []  # loading again changes nothing

    assert any("Linked barking-dagenham-member" in line for line in lines)
    member = Person.objects.get(partnership=barking, user__username="barking-dagenham-member")
    ahead = Meeting.objects.get(body__partnership=barking, date=next_meeting_date(today))
    assert ahead.status == Meeting.Status.AGENDA_PUBLISHED

    client.force_login(member.user)
    html = client.get(reverse("members:home", args=[barking.slug])).content.decode()
    assert member.display_name in html
    assert "Performance report: crime and disorder indicators" in html
    assert "Police operational update" not in html  # not cleared
    assert "open action" in html

    client.force_login(Person.objects.get(user__username="barking-dagenham-cleared").user)
    html = client.get(reverse("members:home", args=[barking.slug])).content.decode()
    assert "Police operational update" in html

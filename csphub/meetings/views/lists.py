"""The pages that list a partnership's meetings: its home page and each body's page.

They live in `meetings` (not `partnerships`) because they read meetings; the URL names stay
`partnerships:home` and `partnerships:body`, composed in `csphub/urls.py`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from csphub.core.formats import clock, long_date
from csphub.partnerships import selectors
from csphub.partnerships.access import access_body
from csphub.partnerships.forms import MembershipOnForm
from csphub.partnerships.models import Body, Membership
from csphub.partnerships.pages import crumbs, partnership_page

from ..selectors import meetings_ahead_for, meetings_of_body, meetings_recent, meetings_upcoming

CHAIR_ROLES = {Membership.Role.CHAIR, Membership.Role.CO_CHAIR}


def _meeting_rows(meetings, body: Body | None = None) -> list[dict[str, Any]]:
    """Meetings as the lists show them: the body's name on the day, the date and the time."""
    return [
        {
            "meeting": m,
            "body_name": (body or m.body).name_on(m.date),
            "date": long_date(m.date),
            "time": clock(m.start_time),
        }
        for m in meetings
    ]


def _body_summary(the_body: Body, chairs: list[Membership]) -> list[dict[str, str]]:
    rows = [{"key": "Type", "value": the_body.get_kind_display()}]
    if the_body.parent is not None:
        rows.append({"key": "Reports to", "value": the_body.parent.name})
    chair_names = "; ".join(f"{m.person.display_name} ({m.get_role_display()})" for m in chairs)
    rows.append({"key": "Chair", "value": chair_names or "Not recorded"})
    rows.append({"key": "Meets", "value": the_body.meeting_frequency or "Not recorded"})
    return rows


@require_GET
def home(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    today = timezone.localdate()
    # A signed-in member linked to a person here gets a panel pointing at their own home.
    person = selectors.person_of_user(page.partnership, request.user)
    context = page.context(
        "home",
        member=person,
        member_meetings=_meeting_rows(meetings_ahead_for(person, today, limit=3))
        if person is not None
        else [],
        bodies=selectors.bodies_of(page.partnership),
        upcoming=_meeting_rows(meetings_upcoming(page.partnership, today)),
        recent=_meeting_rows(meetings_recent(page.partnership, today)),
    )
    return render(request, "meetings/partnership_home.html", context)


@require_GET
def body(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = partnership_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    today = timezone.localdate()
    asked = MembershipOnForm.asked(request.GET)
    form = MembershipOnForm(request.GET if asked else None, initial={"on": today})
    on = form.cleaned_data["on"] if asked and form.is_valid() else today
    members = selectors.memberships_on(the_body, on, vacancies=True) if not form.errors else []
    current = selectors.memberships_on(the_body, today)
    context = page.context(
        "bodies",
        body=the_body,
        form=form,
        on=on,
        on_text=long_date(on),
        is_today=on == today,
        members=members,
        summary=_body_summary(the_body, [m for m in current if m.role in CHAIR_ROLES]),
        former_names=list(the_body.former_names.all()),
        meetings=_meeting_rows(meetings_of_body(the_body), body=the_body),
        breadcrumbs=crumbs(
            page,
            ("Bodies", reverse("partnerships:bodies", args=[slug])),
            (the_body.name, ""),
        ),
    )
    return render(request, "meetings/body.html", context)

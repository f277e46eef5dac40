"""A signed-in member's home: their next meetings and papers, their actions, their attendance.

Anyone signed in may open it; what it shows is theirs only through the person their account
is linked to, and only what their role lets them read (the selectors apply `visible_to`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from csphub.accounts.decorators import login_first
from csphub.core.formats import clock, long_date
from csphub.partnerships.pages import crumbs, partnership_page
from csphub.partnerships.selectors import person_of_user

from .selectors import member_home


@login_first
@require_GET
def home(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    today = timezone.localdate()
    person = person_of_user(page.partnership, request.user)
    data = member_home(page.viewer, page.partnership, person, today)
    meetings = [
        {
            "ahead": ahead,
            "meeting": ahead.meeting,
            "body_name": ahead.meeting.body.name_on(ahead.meeting.date),
            "date": long_date(ahead.meeting.date),
            "time": clock(ahead.meeting.start_time),
        }
        for ahead in data.meetings
    ]
    context = page.context(
        "your_home",
        home=data,
        person=person,
        meetings=meetings,
        overdue_count=sum(1 for row in data.actions if row.overdue),
        breadcrumbs=crumbs(page, ("Your home", "")),
    )
    return render(request, "members/home.html", context)

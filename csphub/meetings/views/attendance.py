"""The secretariat's attendance page: who came, in what role, post and organisation.

Its own module (not views/manage.py) because the page has grown its own rows, buttons and
breadcrumbs; the writing is done by services.attendance_record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csphub.accounts.decorators import login_first
from csphub.core.formats import long_date
from csphub.core.forms import attempt as _attempt
from csphub.partnerships.models import Membership, Person
from csphub.partnerships.selectors import memberships_on, organisations_of, person_in

from .. import services
from ..forms import AddAttendeeForm, AttendanceForm
from ..links import meeting_url
from ..models import Meeting
from ..selectors import attendance_of
from .manage import _meeting


def _attendance_people(seats: list[Membership], rows) -> tuple[list[Person], list[Person]]:
    """Everyone the page lists: the body's members on the day in membership order (chair
    first), then anyone else already recorded, in the order they were recorded."""
    members = [m.person for m in seats]
    seen = {p.pk for p in members}
    people = list(members)
    for row in rows:
        if row.person.pk not in seen:
            people.append(row.person)
            seen.add(row.person.pk)
    return people, members


@login_first
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    if request.method == "POST" and request.POST.get("action") == "everyone_present":
        return _everyone_present(request, meeting)
    recorded = list(attendance_of(meeting, page.viewer))
    seats = memberships_on(meeting.body, meeting.date)
    people, members = _attendance_people(seats, recorded)
    extra_pk = request.GET.get("add") or request.POST.get("add_person")
    if extra_pk and extra_pk.isdigit():
        extra = person_in(page.partnership, int(extra_pk))
        if extra is not None and extra not in people:
            people.append(extra)
    initial = {
        a.person_id: {
            "status": a.status,
            "substitute_for": str(a.substitute_for_id or ""),
            "role": a.role,
        }
        for a in recorded
    }
    body_chair = next((m.person_id for m in seats if m.role == Membership.Role.CHAIR), None)
    form = AttendanceForm(
        request.POST or None,
        people=people,
        members=members,
        initial_rows=initial,
        organisations=organisations_of(page.partnership),
        initial={"chair": str(meeting.chair_id or body_chair or "")},
    )
    if request.method == "POST" and form.is_valid():
        if _attempt(
            form,
            lambda: services.attendance_record(
                actor=request.user, meeting=meeting, rows=form.rows(), chair=form.chair()
            ),
        ):
            messages.success(request, "Attendance saved.")
            return redirect(meeting_url(meeting))
    add_form = AddAttendeeForm(
        people=page.partnership.person_set.exclude(pk__in=[p.pk for p in people]).order_by("name")
    )
    seat_of = {m.person_id: m for m in seats}
    rows = [
        AttendanceRow(
            person=p,
            seat=seat_of.get(p.pk),
            status=form[f"status_{p.pk}"],
            substitute_for=form[f"for_{p.pk}"],
            role=form[f"role_{p.pk}"] if f"role_{p.pk}" in form.fields else None,
        )
        for p in people
    ]
    return render(
        request,
        "meetings/attendance_form.html",
        page.context(
            "home",
            meeting=meeting,
            form=form,
            rows=rows,
            add_form=add_form,
            breadcrumbs=_attendance_breadcrumbs(page, meeting),
        ),
    )


def _everyone_present(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """The "Mark everyone present" button: its own POST, so it works without JavaScript."""
    try:
        services.attendance_mark_everyone_present(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "Every member not yet recorded is marked present. "
            "Change anyone who sent apologies or did not come, then save.",
        )
    return redirect(meeting_url(meeting, "meetings:attendance"))


def _attendance_breadcrumbs(page, meeting: Meeting) -> list[dict[str, str]]:
    slug = page.partnership.slug
    return [
        {"text": page.partnership.name, "href": reverse("partnerships:home", args=[slug])},
        {
            "text": meeting.body.name,
            "href": reverse("partnerships:body", args=[slug, meeting.body.slug]),
        },
        {"text": long_date(meeting.date), "href": meeting_url(meeting)},
        {"text": "Attendance"},
    ]


@dataclass
class AttendanceRow:
    """One line of the attendance page: the person, their seat on the body that day (None
    for anyone else), and the form's fields for them."""

    person: Person
    seat: Membership | None
    status: BoundField
    substitute_for: BoundField
    role: BoundField | None

    @property
    def is_chair(self) -> bool:
        return self.seat is not None and self.seat.role == Membership.Role.CHAIR

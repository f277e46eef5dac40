"""Writing a body's forward plan: the topics planned for its future meetings.

Items come from the strategy's discussion schedule (``forward_plan_sync``: each priority's
substantive discussion on the body's first meeting in the priority's quarter, and the
end-of-year updates in Q4), from resolutions that ask for something at the next meeting,
from presentations the body asked for, and by hand (``forward_item_add``). An item becomes
an agenda item in one action (``forward_item_to_agenda``). When a meeting moves to another
quarter, ``replan_after_move`` (connected to the meetings' ``meeting_moved`` signal) moves
its schedule items and says so in their note.

Only the partnership's secretariat may write and every write records an audit event.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import model_create, model_update
from csphub.core.formats import long_date
from csphub.meetings.models import AgendaItem, Meeting, Resolution
from csphub.meetings.services.agenda import agenda_item_add
from csphub.partnerships.models import Body

from .. import quarters
from ..models import ForwardPlanItem, Priority, Strategy

Item = ForwardPlanItem
SCHEDULE_SOURCES = (Item.Source.STRATEGY, Item.Source.END_OF_YEAR)
# An item in one of these states is left alone by the sync and by moves.
SETTLED = (Item.Status.ON_AGENDA, Item.Status.DONE, Item.Status.DROPPED)
ITEM_FIELDS = (
    "title",
    "description",
    "meeting",
    "year",
    "quarter",
    "note",
    "status",
    "agenda_item",
    "presenter",
)
END_OF_YEAR_TITLE = "End-of-year updates from partners on the strategy {label}"


def _live_meetings(body: Body):
    return Meeting.objects.filter(body=body).exclude(status=Meeting.Status.CANCELLED)


def _check_meeting(body: Body, meeting: Meeting | None, field: str = "meeting") -> None:
    if meeting is None:
        return
    if meeting.body_id != body.pk:
        raise ValidationError({field: f"The meeting of {meeting.date} is not a meeting of {body}."})
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({field: f"The meeting of {long_date(meeting.date)} is cancelled."})


def _priority_title(priority: Priority) -> str:
    return f"Priority {priority.number}: {priority.title} (substantive discussion)"


@transaction.atomic
def forward_plan_sync(
    *, actor: Actor | None, body: Body, strategy: Strategy, years: list[int] | None = None
) -> dict[str, int]:
    """Plan the strategy's discussion schedule onto the body's meetings, for each of the
    strategy's financial years (or `years`). Idempotent: an item is made once per priority
    and year (and one end-of-year item per year) and re-planned on later runs; items on an
    agenda, done or dropped are left alone. Returns how many were created, moved and
    left as they were."""
    ensure_can_manage(actor, body.partnership)
    if strategy.partnership_id != body.partnership_id:
        raise ValidationError(f"{strategy} is not a strategy of {body.partnership}.")
    all_years = quarters.period_years(strategy.starts_on, strategy.ends_on)
    if years is None:
        years = all_years
    outside = sorted(set(years) - set(all_years))
    if outside:
        labels = ", ".join(quarters.year_label(y) for y in outside)
        raise ValidationError({"year": f"{labels} is outside the strategy {strategy.period}."})
    priorities = {p.number: p for p in strategy.priorities.all()}
    meetings = {m.date: m for m in _live_meetings(body)}
    placements = quarters.plan(
        [(n, p.discussion_quarter) for n, p in priorities.items()], years, list(meetings)
    )
    # Keyed by priority number, so a refreshed version of the strategy (new rows, same
    # numbers) finds the items the earlier version planned.
    scheduled = Item.objects.filter(body=body, source__in=SCHEDULE_SOURCES, year__in=years).filter(
        Q(priority__isnull=True) | Q(priority__strategy__period=strategy.period)
    )
    existing = {
        (i.source, i.priority.number if i.priority else None, i.year): i
        for i in scheduled.select_related("priority")
    }
    counts = {"created": 0, "moved": 0, "unchanged": 0}
    for place in placements:
        meeting = meetings.get(place.meeting) if place.meeting else None
        if place.key == quarters.END_OF_YEAR:
            source, priority = Item.Source.END_OF_YEAR, None
            title = END_OF_YEAR_TITLE.format(label=quarters.year_label(place.year))
        else:
            source, priority = Item.Source.STRATEGY, priorities[place.key]
            title = _priority_title(priority)
        item = existing.get((source, priority.number if priority else None, place.year))
        if item is None:
            model_create(
                actor=actor,
                model=Item,
                partnership=body.partnership,
                verb="forward_item.plan",
                partnership_id=body.partnership_id,
                body=body,
                title=title,
                source=source,
                priority=priority,
                year=place.year,
                quarter=place.quarter,
                meeting=meeting,
                status=Item.Status.PLANNED,
                created_at=timezone.now(),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            counts["created"] += 1
            continue
        same = (item.meeting_id, item.quarter) == (meeting.pk if meeting else None, place.quarter)
        if item.status in SETTLED or same:
            counts["unchanged"] += 1
            continue
        model_update(
            actor=actor,
            instance=item,
            data={"meeting": meeting, "quarter": place.quarter},
            fields=ITEM_FIELDS,
            partnership=body.partnership,
            verb="forward_item.replan",
        )
        counts["moved"] += 1
    return counts


def _next_meeting_after(body: Body, day: dt.date) -> Meeting | None:
    """The body's first meeting (not cancelled) after `day`."""
    return _live_meetings(body).filter(date__gt=day).order_by("date").first()


@transaction.atomic
def forward_item_add(
    *,
    actor: Actor | None,
    body: Body,
    title: str = "",
    meeting: Meeting | None = None,
    source: str = Item.Source.MANUAL,
    presenter: str = "",
    description: str = "",
    resolution: Resolution | None = None,
) -> ForwardPlanItem:
    """Add a topic to the body's forward plan: by hand (on `meeting`, or unscheduled), a
    presentation the body asked for (with its presenter), or from a resolution asking for
    something at the next meeting (planned on the body's next meeting after the one that
    resolved it; the title defaults to the resolution's words)."""
    ensure_can_manage(actor, body.partnership)
    if source not in (Item.Source.MANUAL, Item.Source.PRESENTATION, Item.Source.RESOLUTION):
        raise ValidationError({"source": "Add by hand, a presentation or a resolution."})
    title, presenter = title.strip(), presenter.strip()
    if source == Item.Source.PRESENTATION and not presenter:
        raise ValidationError({"presenter": "Enter who will give the presentation."})
    if source == Item.Source.RESOLUTION:
        if resolution is None:
            raise ValidationError({"resolution": "Choose the resolution."})
        resolved_at = resolution.minute.meeting
        if resolved_at.body.partnership_id != body.partnership_id:
            raise ValidationError({"resolution": f"That resolution is not {body.partnership}'s."})
        title = title or resolution.text.strip()[:300]
        if meeting is None:
            meeting = _next_meeting_after(body, resolved_at.date)
        description = description or f"Asked for at the meeting of {long_date(resolved_at.date)}."
    if not title:
        raise ValidationError({"title": "Enter the topic."})
    _check_meeting(body, meeting)
    year, q = quarters.financial_quarter(meeting.date) if meeting else (None, None)
    return model_create(
        actor=actor,
        model=Item,
        partnership=body.partnership,
        verb="forward_item.add",
        partnership_id=body.partnership_id,
        body=body,
        title=title,
        description=description.strip(),
        source=source,
        resolution=resolution,
        presenter=presenter,
        meeting=meeting,
        year=year,
        quarter=q,
        status=Item.Status.PLANNED,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _locked(item: ForwardPlanItem) -> ForwardPlanItem:
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("meeting", "body__partnership")
        .get(pk=item.pk)
    )


@transaction.atomic
def forward_item_to_agenda(*, actor: Actor, item: ForwardPlanItem) -> ForwardPlanItem:
    """Make the item an agenda item of its meeting (once) and link the two."""
    ensure_can_manage(actor, item.body.partnership)
    item = _locked(item)
    if item.agenda_item_id is not None or item.status != Item.Status.PLANNED:
        raise ValidationError(f"“{item.title}” is already {item.get_status_display().lower()}.")
    if item.meeting is None:
        raise ValidationError("Plan the item on a meeting before adding it to an agenda.")
    if item.meeting.status in quarters.MEETING_PAST:
        raise ValidationError(
            f"The meeting of {long_date(item.meeting.date)} has been held or cancelled: "
            "move the item to a later meeting first."
        )
    agenda_item = agenda_item_add(
        actor=actor,
        meeting=item.meeting,
        title=item.title,
        description=item.description,
        presenter=item.presenter,
    )
    return model_update(
        actor=actor,
        instance=item,
        data={"agenda_item": agenda_item, "status": Item.Status.ON_AGENDA},
        fields=ITEM_FIELDS,
        partnership=item.body.partnership,
        verb="forward_item.to_agenda",
    )


@transaction.atomic
def forward_item_link(
    *, actor: Actor | None, item: ForwardPlanItem, agenda_item: AgendaItem
) -> ForwardPlanItem:
    """Record that an item already on an agenda (put there by hand) is this item: the
    item is planned on that meeting and linked to it, so it no longer reads as slipped."""
    ensure_can_manage(actor, item.body.partnership)
    item = _locked(item)
    if item.agenda_item_id is not None or item.status != Item.Status.PLANNED:
        raise ValidationError(f"“{item.title}” is already {item.get_status_display().lower()}.")
    _check_meeting(item.body, agenda_item.meeting, field="agenda_item")
    return model_update(
        actor=actor,
        instance=item,
        data={
            "agenda_item": agenda_item,
            "meeting": agenda_item.meeting,
            "status": Item.Status.ON_AGENDA,
        },
        fields=ITEM_FIELDS,
        partnership=item.body.partnership,
        verb="forward_item.link",
    )


@transaction.atomic
def forward_item_drop(
    *, actor: Actor | None, item: ForwardPlanItem, reason: str = ""
) -> ForwardPlanItem:
    """Take the item off the forward plan (kept, shown as dropped)."""
    ensure_can_manage(actor, item.body.partnership)
    item = _locked(item)
    if item.status != Item.Status.PLANNED:
        raise ValidationError(f"“{item.title}” is {item.get_status_display().lower()}.")
    note = reason.strip() or item.note
    return model_update(
        actor=actor,
        instance=item,
        data={"status": Item.Status.DROPPED, "note": note},
        fields=ITEM_FIELDS,
        partnership=item.body.partnership,
        verb="forward_item.drop",
    )


@transaction.atomic
def forward_item_move(
    *, actor: Actor | None, item: ForwardPlanItem, meeting: Meeting | None
) -> ForwardPlanItem:
    """Plan the item on another meeting of its body (None: unscheduled). A schedule item
    keeps the quarter it is due in, and the note says it was moved by hand."""
    ensure_can_manage(actor, item.body.partnership)
    item = _locked(item)
    if item.status != Item.Status.PLANNED:
        raise ValidationError(
            f"“{item.title}” is {item.get_status_display().lower()}: only planned items move."
        )
    _check_meeting(item.body, meeting)
    if meeting is not None and meeting.status in quarters.MEETING_PAST:
        raise ValidationError(
            {"meeting": f"The meeting of {long_date(meeting.date)} has already been held."}
        )
    data: dict = {"meeting": meeting}
    if item.source in SCHEDULE_SOURCES:
        was = long_date(item.meeting.date) if item.meeting else "not yet scheduled"
        now = long_date(meeting.date) if meeting else "not yet scheduled"
        data["note"] = f"Moved by hand from {was} to {now}."
    elif meeting is not None:
        data["year"], data["quarter"] = quarters.financial_quarter(meeting.date)
    return model_update(
        actor=actor,
        instance=item,
        data=data,
        fields=ITEM_FIELDS,
        partnership=item.body.partnership,
        verb="forward_item.move",
    )


@transaction.atomic
def replan_after_move(
    *, actor: Actor | None, meeting: Meeting, old_start: dt.datetime, new_start: dt.datetime
) -> list[ForwardPlanItem]:
    """After `meeting` moved from `old_start` to `new_start`: each planned schedule item on
    it that is due in another quarter than the new date's moves to the body's first meeting
    in its quarter (or becomes unscheduled), and its note says so in plain words. Unscheduled
    schedule items due in the new date's quarter land on the meeting. Returns the items
    changed. Runs inside the move's transaction (the meetings service sends the signal)."""
    old_day, new_day = old_start.date(), new_start.date()
    new_year, new_q = quarters.financial_quarter(new_day)
    changed = []
    items = Item.objects.select_for_update(of=("self",)).filter(
        meeting=meeting, source__in=SCHEDULE_SOURCES, status=Item.Status.PLANNED
    )
    for item in items:
        if item.year is None or item.quarter is None:
            continue
        if (item.year, item.quarter) == (new_year, new_q):
            continue
        due = quarters.quarter_label(item.year, item.quarter)
        start, end = quarters.quarter_bounds(item.year, item.quarter)
        other = (
            _live_meetings(meeting.body)
            .filter(date__range=(start, end))
            .exclude(pk=meeting.pk)
            .order_by("date")
            .first()
        )
        note = (
            f"Moved from {long_date(old_day)}: that meeting moved to {long_date(new_day)}, "
            f"outside {due}."
        )
        if other is None:
            note += f" Not yet scheduled: {meeting.body} has no other meeting in {due}."
        else:
            note += f" Now planned on {long_date(other.date)}."
        changed.append(
            model_update(
                actor=actor,
                instance=item,
                data={"meeting": other, "note": note},
                fields=ITEM_FIELDS,
                partnership=meeting.body.partnership,
                verb="forward_item.replan",
            )
        )
    # Unscheduled items due in the new quarter now have a meeting (the first in it).
    first = quarters.first_meeting_in(
        _live_meetings(meeting.body).values_list("date", flat=True), new_year, new_q
    )
    if first == new_day:
        waiting = Item.objects.select_for_update(of=("self",)).filter(
            body=meeting.body,
            source__in=SCHEDULE_SOURCES,
            status=Item.Status.PLANNED,
            meeting__isnull=True,
            year=new_year,
            quarter=new_q,
        )
        new_label = quarters.quarter_label(new_year, new_q)
        for item in waiting:
            note = f"Planned on {long_date(new_day)}: that meeting moved into {new_label}."
            changed.append(
                model_update(
                    actor=actor,
                    instance=item,
                    data={"meeting": meeting, "note": note},
                    fields=ITEM_FIELDS,
                    partnership=meeting.body.partnership,
                    verb="forward_item.replan",
                )
            )
    return changed

"""Read queries for actions. Every page and every export starts from `actions_visible`
(`Action.objects.visible_to`), so the rule that keeps restricted actions from the public
and from uncleared members exists once, and the log, its CSV and XLSX and the action plan
layout cannot disagree.

Lists are built in a fixed number of queries whatever their length: owners (with person and
organisation) and the latest update are prefetched; the minute, meeting and body are joined;
the date of the body's next meeting (for actions due "by the next meeting") is a subquery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from csphub.accounts.permissions import Viewer
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Body, Membership, Organisation, Partnership, Person

from . import rules
from .models import Action, ActionOwner, ActionUpdate, InitialsToMatch, UpdateRequest

# Open first, in the order work moves; then the closed ones.
STATUS_ORDER = ["open", "in_progress", "carried_forward", "done", "dropped"]

SORTS = {
    "due": "Due date (soonest first)",
    "-due": "Due date (latest first)",
    "status": "Status (open first)",
    "-status": "Status (closed first)",
    "created": "Date added (oldest first)",
    "-created": "Date added (newest first)",
    "meeting": "Meeting (oldest first)",
    "-meeting": "Meeting (newest first)",
}
DEFAULT_SORT = "due"


# --- who may see what -----------------------------------------------------------------------


def actions_visible(viewer: Viewer, partnership: Partnership) -> QuerySet[Action]:
    """The partnership's actions this viewer may read (the rule: `ActionQuerySet`)."""
    return Action.objects.visible_to(viewer).filter(partnership=partnership)


def with_details(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Join and prefetch what any list or page of actions shows, in a fixed number of
    queries: owners, the latest progress update, the minute and its meeting, and the date
    an action "due by the next meeting" falls due."""
    next_meeting = (
        Meeting.objects.filter(body=OuterRef("body"), date__gt=OuterRef("from_date"))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .values("date")[:1]
    )
    latest = ActionUpdate.objects.filter(kind=ActionUpdate.Kind.UPDATE).order_by("-at", "-id")
    return (
        actions.select_related(
            "body", "minute", "meeting", "meeting__body", "resolution", "partnership"
        )
        .prefetch_related(
            Prefetch(
                "owners",
                queryset=ActionOwner.objects.select_related("person", "organisation").order_by(
                    "position", "id"
                ),
            ),
            # A sliced Prefetch: one query, one row per action (a window function).
            Prefetch("updates", queryset=latest[:1], to_attr="latest_updates"),
        )
        .annotate(from_date=Coalesce(F("meeting__date"), TruncDate("created_at")))
        .annotate(next_meeting_date=Subquery(next_meeting, output_field=DateField()))
        .annotate(
            effective_due=Coalesce(
                F("due_date"),
                Case(
                    When(due_next_meeting=True, then=F("next_meeting_date")),
                    default=Value(None),
                    output_field=DateField(),
                ),
                output_field=DateField(),
            ),
            status_rank=Case(
                *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
                default=Value(len(STATUS_ORDER)),
                output_field=IntegerField(),
            ),
        )
    )


# --- the log ---------------------------------------------------------------------------------


@dataclass
class LogFilters:
    owner: Person | None = None
    organisation: Organisation | None = None
    statuses: list[str] = field(default_factory=list)
    overdue: bool = False
    meeting: Meeting | None = None
    text: str = ""
    body: Body | None = None
    sort: str = DEFAULT_SORT


def action_log(
    viewer: Viewer, partnership: Partnership, filters: LogFilters, today: dt.date
) -> QuerySet[Action]:
    """The filtered, sorted action log: the one query behind the page, the plan layout and
    the CSV and XLSX exports."""
    actions = with_details(actions_visible(viewer, partnership))
    if filters.body is not None:
        actions = actions.filter(body=filters.body)
    if filters.owner is not None:
        actions = actions.filter(
            Exists(ActionOwner.objects.filter(action=OuterRef("pk"), person=filters.owner))
        )
    if filters.organisation is not None:
        actions = actions.filter(_owned_by_organisation(filters.organisation))
    if filters.statuses:
        actions = actions.filter(status__in=filters.statuses)
    if filters.overdue:
        # `effective_due` is annotated by `with_details`, which the type stubs cannot follow.
        actions = actions.filter(status__in=rules.OPEN_STATUSES, effective_due__lt=today)  # type: ignore[misc]
    if filters.meeting is not None:
        actions = actions.filter(meeting=filters.meeting)
    text = filters.text.strip()
    if text:
        actions = actions.filter(
            Q(description__icontains=text)
            | Q(reference__iexact=text)
            | Exists(
                # The wording shown: once the secretariat has edited an update for
                # publication, its original words are no longer searchable
                ActionUpdate.objects.filter(action=OuterRef("pk")).filter(
                    Q(published_text__icontains=text)
                    | (Q(published_text="") & Q(text__icontains=text))
                )
            )
        )
    return actions.order_by(*_ordering(filters.sort))


def _owned_by_organisation(organisation: Organisation) -> Q:
    """Owned by the organisation itself, or by someone who sits for it on a body."""
    people = Membership.objects.filter(organisation=organisation, person__isnull=False).values(
        "person"
    )
    return Q(
        Exists(
            ActionOwner.objects.filter(action=OuterRef("pk")).filter(
                Q(organisation=organisation) | Q(person__in=people)
            )
        )
    )


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in {"due", "status", "created", "meeting"}:
        key, descending = DEFAULT_SORT, False

    def by(name: str):
        expr = F(name)
        return expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True)

    columns = {
        "due": [by("effective_due"), by("created_at")],
        "status": [by("status_rank"), by("effective_due")],
        "created": [by("created_at")],
        "meeting": [by("meeting__date"), by("minute__number"), by("minute__suffix")],
    }[key]
    return [*columns, "id"]


def owner_open_actions(
    viewer: Viewer, partnership: Partnership, person: Person, today: dt.date
) -> QuerySet[Action]:
    """A person's open actions across all the partnership's bodies, soonest due first."""
    filters = LogFilters(owner=person, statuses=sorted(rules.OPEN_STATUSES), sort="due")
    return action_log(viewer, partnership, filters, today)


def owns_any(viewer: Viewer, partnership: Partnership, person: Person) -> bool:
    """Whether the person owns any action the viewer may see, open or closed."""
    return actions_visible(viewer, partnership).filter(owners__person=person).exists()


# --- what a row shows ------------------------------------------------------------------------


@dataclass
class ActionRow:
    """One action as every list and export shows it."""

    action: Action
    owners: list[ActionOwner]
    due: dt.date | None
    overdue: bool
    latest_update: ActionUpdate | None

    @property
    def number(self) -> str:
        return self.action.reference or str(self.action.pk)

    @property
    def initials(self) -> str:
        return rules.owner_initials(o.initials for o in self.owners)

    @property
    def owner_names(self) -> str:
        return ", ".join(o.name for o in self.owners)

    @property
    def due_next_meeting(self) -> bool:
        return self.action.due_date is None and self.action.due_next_meeting

    @property
    def due_text(self) -> str:
        """ "21 June 2018", "Next meeting (21 June 2018)", "Next meeting" or ""."""
        from csphub.core.formats import short_date

        if self.due_next_meeting:
            return f"Next meeting ({short_date(self.due)})" if self.due else "Next meeting"
        return short_date(self.due) if self.due else ""

    @property
    def source_text(self) -> str:
        """ "Minute 180, 19 December 2017" or how the action was added."""
        from csphub.core.formats import short_date

        minute, meeting = self.action.minute, self.action.meeting
        if minute is not None and meeting is not None:
            return f"Minute {minute.label}, {short_date(meeting.date)}"
        return self.action.get_source_display()

    @property
    def rag_text(self) -> str:
        return rules.rag_label(self.action.rag)

    @property
    def status_text(self) -> str:
        return self.action.get_status_display()

    @property
    def update_text(self) -> str:
        return self.latest_update.shown_text if self.latest_update else ""

    @property
    def update_date(self) -> dt.date | None:
        from django.utils import timezone

        return timezone.localtime(self.latest_update.at).date() if self.latest_update else None


def action_row(action: Action, today: dt.date) -> ActionRow:
    """Build a row from an action loaded through `with_details`."""
    due = getattr(action, "effective_due", None)
    if due is None:
        due = rules.effective_due(
            action.due_date, action.due_next_meeting, getattr(action, "next_meeting_date", None)
        )
    latest = getattr(action, "latest_updates", None)
    return ActionRow(
        action=action,
        owners=list(action.owners.all()),
        due=due,
        overdue=rules.is_overdue(action.status, due, today),
        latest_update=latest[0] if latest else None,
    )


def action_rows(actions, today: dt.date) -> list[ActionRow]:
    return [action_row(a, today) for a in actions]


# --- choices for the filter form -----------------------------------------------------------


@dataclass
class FilterChoices:
    people: QuerySet[Person]
    organisations: QuerySet[Organisation]
    meetings: QuerySet[Meeting]
    bodies: QuerySet[Body]


def filter_choices(
    viewer: Viewer, partnership: Partnership, meeting_pk: int | None = None
) -> FilterChoices:
    """What the log can be filtered by: only owners and meetings of actions the viewer may
    see, so the lists neither leak nor fill with people who own nothing. `meeting_pk` (one
    of the partnership's meetings, e.g. from a meeting page's "Actions from this meeting"
    link) is accepted even when none of its actions is visible: the log is then empty."""
    visible = actions_visible(viewer, partnership)
    meetings = Q(pk__in=visible.values("meeting"))
    if meeting_pk is not None:
        meetings |= Q(pk=meeting_pk)
    return FilterChoices(
        people=Person.objects.filter(
            partnership=partnership,
            pk__in=ActionOwner.objects.filter(action__in=visible).values("person"),
        ).order_by("name"),
        organisations=Organisation.objects.filter(partnership=partnership).order_by("name"),
        meetings=Meeting.objects.filter(meetings, body__partnership=partnership)
        .select_related("body")
        .prefetch_related("body__former_names")
        .order_by("-date", "body__name"),
        bodies=Body.objects.filter(partnership=partnership).order_by("kind", "name"),
    )


# --- update requests -------------------------------------------------------------------------


def requests_sent_for(viewer: Viewer, meeting: Meeting, kind: str) -> QuerySet[UpdateRequest]:
    """The requests (or reminders) of this kind already sent for this meeting."""
    return UpdateRequest.objects.visible_to(viewer).filter(meeting=meeting, kind=kind)


# --- one action ------------------------------------------------------------------------------


def action_history(action: Action) -> list[ActionUpdate]:
    """Every dated entry in an action's history, oldest first."""
    return list(action.updates.select_related("author_person").order_by("at", "id"))


def requests_of(partnership: Partnership) -> QuerySet[UpdateRequest]:
    """Past requests, newest first, for the secretariat's list (fixed number of queries)."""
    return (
        UpdateRequest.objects.filter(partnership=partnership)
        .select_related("person", "meeting", "meeting__body", "sent_by")
        .annotate(action_count=Count("actions"))
        .order_by("-sent_at", "-id")
    )


def latest_link_update(action: Action, person: Person) -> ActionUpdate | None:
    """The last update this owner sent through their link, to thank them for it."""
    return action.updates.filter(via_link=True, author_person=person).order_by("-at", "-id").first()


def owners_suggested_by(partnership: Partnership, action_by: str) -> list[int]:
    """Owners suggested by a minute's Action column ("LG/TG"), where the initials name
    exactly one person in the partnership."""
    wanted = rules.split_initials(action_by or "")
    if not wanted:
        return []
    found: dict[str, list[int]] = {}
    for person in Person.objects.filter(partnership=partnership, initials__in=wanted):
        found.setdefault(person.initials, []).append(person.pk)
    return [found[i][0] for i in wanted if len(found.get(i, [])) == 1]


# --- initials to match -----------------------------------------------------------------------


def initials_to_match(partnership: Partnership) -> list[InitialsToMatch]:
    """Action-by groups still waiting for the secretariat, in meeting and minute order;
    one query however many."""
    return list(
        InitialsToMatch.objects.filter(partnership=partnership, resolved_at__isnull=True)
        .select_related("meeting", "meeting__body", "minute", "resolution")
        .order_by("meeting__date", "minute__number", "minute__suffix", "key")
    )


def pending_proposal(action: Action) -> ActionUpdate | None:
    """The owner's latest proposed status, if it still waits for the secretariat."""
    latest = (
        action.updates.filter(kind=ActionUpdate.Kind.UPDATE, via_link=True)
        .exclude(proposed_status="")
        .order_by("-at", "-id")
        .first()
    )
    if latest is None or not rules.proposal_is_pending(
        via_link=latest.via_link,
        proposed_status=latest.proposed_status,
        decision=latest.proposal_decision,
        status=action.status,
    ):
        return None
    return latest

"""Factories for actions. Built directly (not through services), so tests of pages and
queries can make many quickly; service tests create through the services."""

import datetime as dt

import factory
from django.utils import timezone

from csphub.actions.models import Action, ActionOwner, ActionUpdate
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    description = factory.Sequence(lambda n: f"Action number {n}: report back to the board")
    source = Action.Source.MANUAL
    status = Action.Status.OPEN
    created_at = factory.LazyFunction(timezone.now)


class ActionOwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionOwner

    action = factory.SubFactory(ActionFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..action.partnership")
    )


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    kind = ActionUpdate.Kind.UPDATE
    text = factory.Sequence(lambda n: f"Progress update {n}")
    author_label = "Community Safety Officer"
    at = factory.LazyFunction(timezone.now)


def minute_of(body, *, date=dt.date(2017, 12, 19), status=Meeting.Status.MINUTES_APPROVED, **kw):
    """A minute of a meeting of `body` (the meeting is made if it does not exist)."""
    meeting = Meeting.objects.filter(body=body, date=date).first() or MeetingFactory(
        body=body, date=date, status=status
    )
    return MinuteFactory(meeting=meeting, **kw)


def action_with_owners(body, owners, *, minute=None, updates=0, **kw) -> Action:
    """An action owned by `owners` (people or organisations), optionally from a minute and
    with some progress updates."""
    from csphub.partnerships.models import Person

    if minute is not None:
        kw.setdefault("source", Action.Source.MINUTE)
        kw.setdefault("is_restricted", minute.is_restricted)
    action = ActionFactory(
        body=body, minute=minute, meeting=minute.meeting if minute else None, **kw
    )
    for i, owner in enumerate(owners):
        if isinstance(owner, Person):
            ActionOwner.objects.create(action=action, person=owner, position=i)
        else:
            ActionOwner.objects.create(action=action, organisation=owner, position=i)
    for n in range(updates):
        ActionUpdateFactory(
            action=action,
            text=f"Update {n} on {action.description}",
            at=action.created_at + dt.timedelta(days=n + 1),
        )
    return action

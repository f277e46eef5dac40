"""Factories for meetings and their records."""

import datetime as dt

import factory

from csphub.meetings.models import AgendaItem, Attendance, Meeting, Minute, Paper, Resolution
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.Sequence(lambda n: dt.date(2017, 1, 2) + dt.timedelta(days=7 * n))
    start_time = dt.time(10, 0)
    venue = "Committee Room 1, Civic Centre"
    status = Meeting.Status.AGENDA_PUBLISHED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Report {n}")
    author = "Community Safety Officer"


class MinuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minute

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Minute {n}")
    text = "The group discussed the update."


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    minute = factory.SubFactory(MinuteFactory)
    text = "RESOLVED that the update be noted."


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..meeting.body.partnership")
    )
    status = Attendance.Status.PRESENT

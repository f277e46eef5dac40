"""A small partnership with open actions from an earlier meeting, for the update request and
update link tests: two owners with e-mail, one without, one organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csphub.actions import services
from csphub.actions.models import Action
from csphub.audit.actors import SystemActor
from csphub.meetings.models import Meeting, Minute
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory
from csphub.partnerships.models import Body, Organisation, Partnership, Person
from csphub.partnerships.tests.factories import BodyFactory, OrganisationFactory, PersonFactory

SYSTEM = SystemActor(label="test set-up")
EARLIER = dt.date(2030, 1, 15)
TARGET = dt.date(2030, 3, 12)
LATER = dt.date(2030, 6, 11)


@dataclass
class World:
    partnership: Partnership
    body: Body
    earlier: Meeting
    target: Meeting
    later: Meeting
    knife: Minute
    hate: Minute
    alice: Person
    bob: Person
    carol: Person  # no e-mail address
    police: Organisation
    a1: Action  # alice, minute 101, due 28 February 2030
    a2: Action  # alice and bob, minute 102, due by the next meeting (12 March 2030)
    a3: Action  # carol (no e-mail), minute 101
    a4: Action  # Testshire Police (an organisation), minute 102
    a5: Action  # bob, the body's action plan (no meeting)
    done: Action  # alice, closed
    from_target: Action  # alice, minute of the target meeting itself
    other_body: Action  # alice, another body


def build_world(partnership: Partnership) -> World:
    partnership.contact_name = "Community Safety Team"
    partnership.contact_email = "community.safety@testshire.gov.uk"
    partnership.contact_phone = "020 7946 0000"
    partnership.save()
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    subgroup = BodyFactory(partnership=partnership, slug="asb", name="ASB Sub-group")
    earlier = MeetingFactory(body=body, date=EARLIER, status=Meeting.Status.MINUTES_APPROVED)
    target = MeetingFactory(body=body, date=TARGET, status=Meeting.Status.SCHEDULED)
    later = MeetingFactory(body=body, date=LATER, status=Meeting.Status.SCHEDULED)
    knife = MinuteFactory(meeting=earlier, number=101, title="Knife crime")
    hate = MinuteFactory(meeting=earlier, number=102, title="Hate crime")
    target_minute = MinuteFactory(meeting=target, number=110, title="Anything else")
    sub_meeting = MeetingFactory(body=subgroup, date=EARLIER)
    sub_minute = MinuteFactory(meeting=sub_meeting, number=5, title="Fly-tipping")

    def person(name, slug, email):
        return PersonFactory(
            partnership=partnership, name=name, slug=slug, email=email, initials=name[0] + "X"
        )

    alice = person("Alice Owner", "alice", "alice@testshire.gov.uk")
    bob = person("Bob Owner", "bob", "bob@testshire.police.uk")
    carol = person("Carol Nomail", "carol", "")
    police = OrganisationFactory(partnership=partnership, name="Testshire Police")

    def action(description, owners, minute=None, body_=body, **kw):
        return services.action_create(
            actor=SYSTEM,
            body=body_,
            description=description,
            owners=owners,
            minute=minute,
            source=Action.Source.MINUTE if minute else Action.Source.ACTION_PLAN,
            **kw,
        )

    return World(
        partnership=partnership,
        body=body,
        earlier=earlier,
        target=target,
        later=later,
        knife=knife,
        hate=hate,
        alice=alice,
        bob=bob,
        carol=carol,
        police=police,
        a1=action(
            "Map knife crime hotspots with the police",
            [alice],
            knife,
            due_date=dt.date(2030, 2, 28),
        ),
        a2=action(
            "Report on hate crime reporting centres", [alice, bob], hate, due_next_meeting=True
        ),
        a3=action("Circulate the weapons sweep results", [carol], knife),
        a4=action("Share the hate crime figures by ward", [police], hate),
        a5=action("Refresh the ASB problem-solving protocol", [bob], reference="7"),
        done=action(
            "Write to the schools about the assembly", [alice], knife, status=Action.Status.DONE
        ),
        from_target=action("Something decided at the target meeting", [alice], target_minute),
        other_body=action("Clear the fly-tipping hotspot", [alice], sub_minute, body_=subgroup),
    )

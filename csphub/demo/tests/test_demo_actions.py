"""The demo actions: the matters behind the seeds' Matters Arising reports and the Barking and
Dagenham action plan, loaded through the action services with their dated histories."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.db.models import Q
from django.utils import timezone

from csphub.actions import rules
from csphub.actions.models import Action, ActionUpdate
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.demo.values import FixtureError
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Partnership

DEC_2017 = dt.date(2017, 12, 19)
JAN_2023 = dt.date(2023, 1, 12)


@pytest.fixture
def bromley(db):
    return load_fixture(FIXTURES / "safer-bromley.yaml")


@pytest.fixture
def barking(db):
    return load_fixture(FIXTURES / "barking-dagenham.yaml")


def _action(partnership, day, label, text=""):
    """The one action from minute `label` of `day` (narrowed by a word of its description)."""
    found = [
        a
        for a in Action.objects.filter(partnership=partnership, meeting__date=day).select_related(
            "minute"
        )
        if a.minute.label == label and text.lower() in a.description.lower()
    ]
    assert len(found) == 1, (day, label, text, found)
    return found[0]


def _owners(action) -> list[str]:
    return [o.name for o in action.owners.select_related("person", "organisation")]


def _reported(partnership, day) -> list[tuple[dt.date, str]]:
    """Matters Arising by hand: actions from earlier meetings of the body that are still open,
    or were closed since the previous meeting of the body began (its day, local time)."""
    meeting = Meeting.objects.get(body__partnership=partnership, body__slug="board", date=day)
    previous = (
        Meeting.objects.filter(body=meeting.body, date__lt=day)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    since = timezone.make_aware(dt.datetime.combine(previous, dt.time.min))
    actions = (
        Action.objects.filter(meeting__body=meeting.body, meeting__date__lt=day)
        .filter(Q(status__in=rules.OPEN_STATUSES) | Q(closed_at__gt=since))
        .select_related("meeting", "minute")
        .order_by("meeting__date", "minute__number", "minute__suffix", "id")
    )
    return [(a.meeting.date, a.minute.label) for a in actions]


def test_bromley_actions_have_owners_minutes_and_statuses(bromley):
    actions = Action.objects.filter(partnership=bromley)
    assert actions.count() == 16  # 2 from March 2017, 6 from December 2017, 8 from January 2023
    for action in actions.prefetch_related("owners__person", "owners__organisation"):
        assert action.minute is not None and action.meeting == action.minute.meeting
        owners = list(action.owners.all())
        assert owners, action
        for owner in owners:
            found = owner.person or owner.organisation
            assert found.partnership_id == bromley.pk
        assert action.updates.filter(kind=ActionUpdate.Kind.CREATED).count() == 1
        assert action.created_at == timezone.make_aware(
            dt.datetime.combine(action.meeting.date, dt.time(12))
        )
        assert action.is_closed == (action.closed_at is not None)

    prevent = _action(bromley, dt.date(2017, 12, 19), "181")
    assert prevent.resolution is not None and "Prevent Action Plan" in prevent.resolution.text
    assert prevent.source == Action.Source.RESOLUTION
    assert _owners(_action(bromley, DEC_2017, "180")) == ["Laurie Grasty", "Terry Gooding"]
    assert _owners(_action(bromley, DEC_2017, "183")) == ["Lucien Spencer", "Jackie Baxter"]

    def closed_on(action):
        return timezone.localdate(action.closed_at) if action.closed_at else None

    risk_forum = _action(bromley, dt.date(2017, 3, 9), "137")
    assert (risk_forum.status, closed_on(risk_forum)) == ("done", dt.date(2017, 10, 16))
    prevent_2017 = _action(bromley, dt.date(2017, 3, 9), "139b")
    assert (prevent_2017.status, closed_on(prevent_2017)) == ("done", dt.date(2017, 7, 6))
    # Their updates as CSD 17104 printed them, sent out with the pack of 27 June 2017.
    update = risk_forum.updates.get(kind=ActionUpdate.Kind.UPDATE)
    assert timezone.localdate(update.at) == dt.date(2017, 6, 27)
    assert update.text.startswith("The Bromley Risk Forum is due to meet in July")
    assert update.author_label == "Steve Wood"

    statuses = {
        (a.minute.label, a.description.split()[0]): (a.status, closed_on(a))
        for a in actions.filter(meeting__date=JAN_2023).select_related("minute")
    }
    done = {k for k, (status, _) in statuses.items() if status == "done"}
    assert done == {("52", "Link"), ("52", "Say"), ("53", "Find")}
    assert {statuses[k][1] for k in done} == {dt.date(2023, 5, 23)}
    assert statuses[("58", "Consider")] == ("open", None)
    assert statuses[("50", "Finish")] == ("in_progress", None)


def test_reassignments_due_changes_and_dated_updates_are_in_the_history(bromley):
    bikes = _action(bromley, DEC_2017, "187")
    # the lists print him without rank ("Paul Warnett, (Bromley Police)"); the update
    # below still says "forwarded to Detective Superintendent Paul Warnett", as minuted
    assert _owners(bikes) == ["Paul Warnett"]
    moved = bikes.updates.get(kind=ActionUpdate.Kind.REASSIGNED)
    # The history records the initials the reports print, beside the names.
    assert moved.before == {"owners": ["Chris Hafford"], "initials": ["CH"]}
    assert moved.after == {
        "owners": ["Paul Warnett"],
        "initials": ["PW"],
    }
    assert "Paul Warnett" in moved.text
    # Passed on at the meeting of 26 March 2018, so that meeting's report shows CH, as
    # minuted (issue 14); the update of 15 March already told the Group it was forwarded.
    assert timezone.localtime(moved.at) == timezone.make_aware(dt.datetime(2018, 3, 26, 12))

    soc = _action(bromley, DEC_2017, "189")
    assert _owners(soc) == ["Anne Ball"]
    assert soc.due_date == dt.date(2018, 6, 21) and not soc.due_next_meeting
    assert soc.updates.filter(kind=ActionUpdate.Kind.DUE).exists()

    payback = _action(bromley, DEC_2017, "183")
    updates = list(payback.updates.filter(kind=ActionUpdate.Kind.UPDATE).order_by("at", "id"))
    assert [(timezone.localdate(u.at), u.author_label) for u in updates] == [
        (dt.date(2018, 2, 22), "Jackie Baxter"),
        (dt.date(2018, 3, 15), "Steve Wood"),
    ]
    assert "Ms Baxter had not received any information from Mr Spencer" in updates[0].text
    # History is in date order, and nothing happens to an action before its meeting.
    for action in Action.objects.filter(partnership=bromley):
        moments = list(action.updates.order_by("id").values_list("at", flat=True))
        assert moments == sorted(moments)
        assert moments[0] == action.created_at


def test_matters_arising_lines_are_those_of_the_published_reports(bromley):
    """Each generated report lists the minutes the published one does."""
    july_2017 = _reported(bromley, dt.date(2017, 7, 6))
    assert july_2017 == [(dt.date(2017, 3, 9), "137"), (dt.date(2017, 3, 9), "139b")]

    march_2018 = _reported(bromley, dt.date(2018, 3, 26))
    required = {(DEC_2017, m) for m in ("180", "181", "183", "186a", "187", "189")}
    assert required <= set(march_2018)
    assert set(march_2018) == required  # the 2017 matters closed before 19 December 2017

    june_2023 = _reported(bromley, dt.date(2023, 6, 2))
    required = {(JAN_2023, m) for m in ("50", "52", "53", "58")}
    assert required <= set(june_2023)
    assert set(june_2023) == required  # the 2017-18 matters closed before 12 January 2023
    assert len(june_2023) == 8  # four lines under minute 52, two under 53, as printed


def test_barking_dagenham_action_plan_and_action_by_entries(barking):
    # The board's actions; the sub-groups' delivery-plan actions (issue 12) are checked in
    # test_demo_delivery_plans.py.
    actions = Action.objects.filter(partnership=barking, plan_action__isnull=True)
    assert actions.count() == 11
    plan = list(actions.filter(source=Action.Source.ACTION_PLAN).order_by("reference"))
    assert [a.reference for a in plan] == ["1", "2", "3"]
    assert [a.rag for a in plan] == ["amber", "amber", "red"]
    assert [a.status for a in plan] == ["in_progress", "in_progress", "open"]
    assert [a.start_date for a in plan] == [dt.date(2017, 6, 12)] * 3
    assert [a.due_date for a in plan] == [dt.date(2017, 8, 29), dt.date(2017, 6, 16), None]
    assert {a.minute.label for a in plan} == {"4a"}
    assert [a.resolution.position for a in plan] == sorted(
        (a.resolution.position for a in plan), reverse=True
    )  # printed in the reverse order of the minute's requests
    chairs = [
        "Inspector Tim Barfoot",
        "Matthew Cole",
        "Melody Williams",
        "Rita Chadha",
        "Greg Tillett",
    ]
    assert _owners(plan[0]) == chairs and _owners(plan[1]) == ["Matthew Cole"]
    latest = plan[0].updates.filter(kind=ActionUpdate.Kind.UPDATE).get()
    assert latest.text.startswith("On agenda")
    assert latest.author_label == "CSP Board Action Plan"
    assert timezone.localdate(latest.at) == dt.date(2017, 9, 12)

    agenda = _action(barking, dt.date(2017, 6, 12), "4", "prostitution")
    assert _owners(agenda) == ["Angela Stephens"] and agenda.due_next_meeting
    assert _owners(_action(barking, dt.date(2017, 6, 12), "4", "allocation")) == [
        "Mayor's Office for Policing and Crime"
    ]
    assert not actions.filter(status__in=rules.CLOSED_STATUSES).exists()
    assert set(_reported(barking, dt.date(2017, 9, 12))) == {
        (dt.date(2017, 6, 12), m) for m in ("4", "4a", "5", "8")
    }


def _broken_copy(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((FIXTURES / "barking-dagenham.yaml").read_text(encoding="utf-8"))
    change(data["actions"])
    path = tmp_path / "barking-dagenham.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _set(index, key, value):
    def change(actions):
        actions[index][key] = value

    return change


def _history_out_of_order(actions):
    actions[0]["history"].insert(0, {"date": "2017-09-13", "update": "Later first."})


def _history_before_meeting(actions):
    actions[0]["history"].insert(0, {"date": "2017-06-01", "update": "Before the meeting."})


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (_set(2, "owners", ["no-such-person"]), "actions[3]", "unknown person 'no-such-person'"),
        (_set(2, "owners", ["org:nowhere"]), "actions[3]", "unknown organisation 'nowhere'"),
        (_set(0, "minute", "99"), "actions[1]", "has no minute 99"),
        (_set(0, "resolution", 7), "actions[1]", "has no resolution 7"),
        (_set(0, "meeting", "2017-06-13"), "actions[1]", "no meeting of 'board'"),
        (_set(1, "status", "done"), "actions[2]", "status says 'done'"),
        (_set(0, "due", "soon"), "actions[1]", "due must be a date or next_meeting"),
        (_history_out_of_order, "actions[1] (board 2017-06-12 minute 4a), history 2", "date order"),
        (
            _history_before_meeting,
            "actions[1] (board 2017-06-12 minute 4a), history 1",
            "date order",
        ),
    ],
)
def test_bad_actions_are_refused_naming_file_and_place(db, tmp_path, change, where, message):
    path = _broken_copy(tmp_path, change)
    with pytest.raises(FixtureError) as caught:
        load_fixture(path)
    text = str(caught.value)
    assert text.startswith(f"barking-dagenham.yaml: {where}"), text
    assert message in text, text
    assert not Partnership.objects.filter(slug="barking-dagenham").exists()  # all or nothing


def test_every_demo_person_has_a_demo_address(bromley, barking):
    """Issue 11: "Request updates" shows its Send button on a fresh demo, and no real
    officer's inbox is ever written to."""
    from csphub.actions import update_requests
    from csphub.demo.loader import demo_email
    from csphub.partnerships.models import Person

    assert demo_email("Laurie Grasty", "safer-bromley") == "laurie.grasty@safer-bromley.example.org"
    assert demo_email("Mary-Jane O'Neil", "x") == "mary-jane.oneil@x.example.org"
    for partnership in [bromley, barking]:
        people = Person.objects.filter(partnership=partnership)
        assert people.exists()
        for person in people:
            assert person.email.endswith(f"@{partnership.slug}.example.org"), person
        # The partnership's contact receives the digest of updates: a demo address too.
        assert partnership.contact_email.endswith(f"@{partnership.slug}.example.org")
    meeting = Meeting.objects.filter(body__partnership=bromley, body__slug="board").latest("date")
    plan = update_requests.update_requests_plan(meeting=meeting, today=meeting.date)
    assert plan.recipients, "someone can be e-mailed"
    assert not [u for u in plan.unreachable if u.person is not None]

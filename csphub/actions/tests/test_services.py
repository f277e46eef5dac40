"""The action services: secretariat only, history and audit written for every change."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from csphub.actions import services
from csphub.actions.models import Action, ActionOwner, ActionUpdate
from csphub.actions.tests.factories import minute_of
from csphub.audit.actors import LinkActor
from csphub.audit.models import AuditEvent
from csphub.meetings.tests.factories import ResolutionFactory
from csphub.partnerships.tests.factories import BodyFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
NOT_SECRETARIAT = ["member", "cleared", "outsider", "other_secretariat"]


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="board")


@pytest.fixture
def sec(users):
    return users["secretariat"]


@pytest.fixture
def people(partnership):
    return {
        "lg": PersonFactory(partnership=partnership, name="Lisa Green", initials="LG"),
        "tg": PersonFactory(partnership=partnership, name="Tom Grey", initials="TG"),
        "pw": PersonFactory(
            partnership=partnership, name="Paul Warnett", honorific="Detective Superintendent"
        ),
    }


@pytest.fixture
def action(sec, body, people):
    return services.action_create(
        actor=sec,
        body=body,
        description="Circulate the gangs matrix briefing",
        owners=[people["lg"], people["tg"]],
        due_next_meeting=True,
        rag="amber",
    )


def verbs(action):
    return list(
        AuditEvent.objects.filter(object_id=str(action.pk), object_type="actions.action")
        .order_by("id")
        .values_list("verb", flat=True)
    )


def kinds(action):
    return list(action.updates.order_by("at", "id").values_list("kind", flat=True))


# --- create -------------------------------------------------------------------------------


def test_create_records_owners_history_and_audit(action, people, sec):
    assert [o.person for o in action.owners.all()] == [people["lg"], people["tg"]]
    assert kinds(action) == [ActionUpdate.Kind.CREATED]
    created = action.updates.get()
    assert created.author == sec
    assert created.status_after == "open"
    event = AuditEvent.objects.get(verb="action.create", object_id=str(action.pk))
    assert event.after["owners"] == ["Lisa Green", "Tom Grey"]
    assert action.closed_at is None


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_create_refused_without_secretariat_role(users, body, people, role):
    with pytest.raises(PermissionDenied):
        services.action_create(
            actor=users[role], body=body, description="Anything", owners=[people["lg"]]
        )
    assert not Action.objects.exists()
    assert not AuditEvent.objects.filter(verb="action.create").exists()


def test_create_from_a_resolution_takes_its_minute_meeting_and_restriction(sec, body, people):
    minute = minute_of(body, is_restricted=True, restricted_reason="para-7")
    resolution = ResolutionFactory(minute=minute, text="RESOLVED that the matrix be shared.")
    action = services.action_create(
        actor=sec,
        body=body,
        description=resolution.text,
        owners=[people["lg"]],
        source=Action.Source.RESOLUTION,
        resolution=resolution,
    )
    assert action.minute == minute
    assert action.meeting == minute.meeting
    assert action.is_restricted


def test_create_refuses_a_minute_of_another_partnership(sec, body, people, other_partnership):
    foreign = minute_of(BodyFactory(partnership=other_partnership))
    with pytest.raises(PermissionDenied):
        services.action_create(
            actor=sec, body=body, description="x", owners=[people["lg"]], minute=foreign
        )


def test_create_needs_an_owner_from_this_partnership(sec, body, other_partnership):
    with pytest.raises(ValidationError):
        services.action_create(actor=sec, body=body, description="x", owners=[])
    stranger = PersonFactory(partnership=other_partnership)
    with pytest.raises(ValidationError):
        services.action_create(actor=sec, body=body, description="x", owners=[stranger])
    assert not ActionOwner.objects.exists()


def test_create_closed_sets_closed_at(sec, body, people):
    action = services.action_create(
        actor=sec, body=body, description="x", owners=[people["lg"]], status="done"
    )
    assert action.closed_at is not None


def test_an_organisation_can_own_an_action(sec, body, partnership):
    police = OrganisationFactory(
        partnership=partnership, name="Metropolitan Police", short_name="MPS"
    )
    action = services.action_create(actor=sec, body=body, description="x", owners=[police])
    assert action.owners.get().initials == "MPS"


# --- updates and status ---------------------------------------------------------------------


def test_secretariat_update_with_a_status_change_records_both(action, sec):
    services.action_update_record(
        actor=sec, action=action, text="Briefing circulated.", proposed_status="done"
    )
    action.refresh_from_db()
    assert action.status == "done"
    assert action.closed_at is not None
    assert kinds(action) == ["created", "update", "status"]
    assert verbs(action) == ["action.create", "action.update", "action.status"]
    status = action.updates.get(kind="status")
    assert (status.status_before, status.status_after) == ("open", "done")


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_update_refused_without_secretariat_role_or_link(users, action, role):
    with pytest.raises(PermissionDenied):
        services.action_update_record(actor=users[role], action=action, text="Done it")
    assert kinds(action) == ["created"]


def test_update_needs_words_and_a_known_status(action, sec):
    with pytest.raises(ValidationError):
        services.action_update_record(actor=sec, action=action, text="   ")
    with pytest.raises(ValidationError):
        services.action_update_record(actor=sec, action=action, text="x", proposed_status="won")


def test_owner_link_updates_own_action_and_only_proposes_a_status(action, people):
    update = services.action_update_record(
        actor=LinkActor(people["lg"]),
        action=action,
        text="Sent to all members on 2 March.",
        proposed_status="done",
    )
    action.refresh_from_db()
    assert action.status == "open"  # proposed, not changed
    assert update.via_link
    assert update.proposed_status == "done"
    assert update.author_person == people["lg"]
    assert update.author_label == "Lisa Green"
    assert AuditEvent.objects.get(verb="action.update_link").actor_label == (
        "Lisa Green (update link)"
    )


def test_owner_link_cannot_update_someone_elses_action(action, people):
    with pytest.raises(PermissionDenied):
        services.action_update_record(actor=LinkActor(people["pw"]), action=action, text="Not mine")
    assert kinds(action) == ["created"]


def test_closing_sets_closed_at_and_reopening_clears_it(action, sec):
    services.action_set_status(actor=sec, action=action, status="dropped", note="Superseded")
    action.refresh_from_db()
    assert action.closed_at is not None
    services.action_set_status(actor=sec, action=action, status="in_progress")
    action.refresh_from_db()
    assert action.closed_at is None
    assert kinds(action) == ["created", "status", "status"]
    assert action.updates.filter(kind="status").first().text == "Superseded"


def test_setting_the_same_status_records_nothing(action, sec):
    services.action_set_status(actor=sec, action=action, status="open")
    assert kinds(action) == ["created"]


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_status_refused_without_secretariat_role(users, action, role):
    with pytest.raises(PermissionDenied):
        services.action_set_status(actor=users[role], action=action, status="done")
    action.refresh_from_db()
    assert action.status == "open"


# --- due date, reassignment, edits ---------------------------------------------------------


def test_due_change_records_before_and_after(action, sec):
    services.action_set_due(actor=sec, action=action, due_date=dt.date(2018, 3, 1), note="Agreed")
    action.refresh_from_db()
    assert action.due_date == dt.date(2018, 3, 1)
    assert not action.due_next_meeting
    entry = action.updates.get(kind="due")
    assert entry.before == {"due_date": "None", "due_next_meeting": "True"}
    assert entry.after == {"due_date": "2018-03-01", "due_next_meeting": "False"}
    assert "action.due" in verbs(action)


def test_due_by_next_meeting_only_without_a_date(action, sec):
    services.action_set_due(actor=sec, action=action, due_date=dt.date(2018, 3, 1))
    services.action_set_due(
        actor=sec, action=action, due_date=dt.date(2018, 4, 1), due_next_meeting=True
    )
    action.refresh_from_db()
    assert not action.due_next_meeting


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_due_refused_without_secretariat_role(users, action, role):
    with pytest.raises(PermissionDenied):
        services.action_set_due(actor=users[role], action=action, due_date=dt.date(2018, 3, 1))


def test_reassign_keeps_previous_owners_and_reason_in_history(action, sec, people):
    services.action_reassign(
        actor=sec,
        action=action,
        owners=[people["pw"]],
        note="Forwarded to Detective Superintendent Paul Warnett",
    )
    action.refresh_from_db()
    assert [o.person for o in action.owners.all()] == [people["pw"]]
    entry = action.updates.get(kind="reassigned")
    # Initials too: Matters Arising prints the owners as at a past meeting (issue 14).
    assert entry.before == {"owners": ["Lisa Green", "Tom Grey"], "initials": ["LG", "TG"]}
    assert entry.after == {
        "owners": ["Detective Superintendent Paul Warnett"],
        "initials": [people["pw"].initials],
    }
    assert entry.text == "Forwarded to Detective Superintendent Paul Warnett"
    event = AuditEvent.objects.get(verb="action.reassign")
    assert event.before["owners"] == ["Lisa Green", "Tom Grey"]


def test_reassign_needs_a_reason_and_an_owner(action, sec, people):
    with pytest.raises(ValidationError):
        services.action_reassign(actor=sec, action=action, owners=[people["pw"]], note=" ")
    with pytest.raises(ValidationError):
        services.action_reassign(actor=sec, action=action, owners=[], note="Left")
    assert action.owners.count() == 2


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_reassign_refused_without_secretariat_role(users, action, people, role):
    with pytest.raises(PermissionDenied):
        services.action_reassign(actor=users[role], action=action, owners=[people["pw"]], note="x")
    assert action.owners.count() == 2


def test_edit_records_only_what_changed(action, sec):
    services.action_edit(
        actor=sec, action=action, data={"description": "Circulate it", "rag": "amber"}
    )
    entry = action.updates.get(kind="edited")
    assert entry.before == {"description": "Circulate the gangs matrix briefing"}
    assert entry.after == {"description": "Circulate it"}
    services.action_edit(actor=sec, action=action, data={"description": "Circulate it"})
    assert action.updates.filter(kind="edited").count() == 1


def test_edit_refuses_fields_it_does_not_own(action, sec):
    with pytest.raises(ValidationError):
        services.action_edit(actor=sec, action=action, data={"status": "done"})


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_edit_refused_without_secretariat_role(users, action, role):
    with pytest.raises(PermissionDenied):
        services.action_edit(actor=users[role], action=action, data={"rag": "red"})


def test_published_wording_keeps_the_owners_words_and_is_audited(action, sec, people):
    update = services.action_update_record(
        actor=LinkActor(people["lg"]), action=action, text="done it mate"
    )
    services.action_update_publish_wording(
        actor=sec, update=update, published_text="The briefing has been circulated."
    )
    update.refresh_from_db()
    assert update.text == "done it mate"
    assert update.shown_text == "The briefing has been circulated."
    event = AuditEvent.objects.get(verb="action_update.edit_wording")
    assert event.before == {"text": "done it mate"}
    # Setting it back to the owner's words clears the override.
    services.action_update_publish_wording(actor=sec, update=update, published_text="done it mate")
    update.refresh_from_db()
    assert update.published_text == ""


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_published_wording_refused_without_secretariat_role(users, action, sec, role):
    update = services.action_update_record(actor=sec, action=action, text="x")
    with pytest.raises(PermissionDenied):
        services.action_update_publish_wording(actor=users[role], update=update, published_text="y")

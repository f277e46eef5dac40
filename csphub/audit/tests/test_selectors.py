import pytest

from csphub.audit import selectors
from csphub.audit.services import audit_record


@pytest.mark.django_db
def test_audit_changes_pairs_before_and_after(partnership):
    event = audit_record(
        actor="test",
        verb="thing.update",
        partnership=partnership,
        before={"name": "Old", "end": None},
        after={"name": "New", "end": "2018-03-31", "cleared": True},
    )
    changes = selectors.audit_changes(event)
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("Name", "Old", "New"),
        ("End", "–", "2018-03-31"),
        ("Cleared", "–", "Yes"),
    ]


def test_object_type_label():
    assert selectors.object_type_label("partnerships.body") == "Body"
    assert selectors.object_type_label("nonsense") == "nonsense"

"""Every write about actions, by topic: the action log (`actions`: creating, updating,
closing, reassigning, editing) and update requests (`update_requests`: sending requests
and reminders, revoking them, recording the use of a link). Each function checks
permission first and records an audit event.

Callers import the package (`from csphub.actions import services`); the names below are its
public surface.
"""

from .actions import (
    EDITABLE,
    Owner,
    action_create,
    action_edit,
    action_reassign,
    action_set_due,
    action_set_status,
    action_update_publish_wording,
    action_update_record,
)
from .cover import cover_defaults_update, cover_override_update
from .initials import SyncReport, action_by_sync, candidates_of, initials_match
from .proposals import ACCEPT, REJECT, proposal_decide
from .update_requests import (
    Failed,
    SendReport,
    Sent,
    overdue_reminders_send,
    update_link_opened,
    update_link_refused,
    update_request_revoke,
    update_requests_send,
    update_requests_send_for,
)

__all__ = [
    "ACCEPT",
    "REJECT",
    "proposal_decide",
    "EDITABLE",
    "Failed",
    "Owner",
    "SendReport",
    "Sent",
    "SyncReport",
    "action_by_sync",
    "action_create",
    "action_edit",
    "action_reassign",
    "action_set_due",
    "action_set_status",
    "action_update_publish_wording",
    "action_update_record",
    "cover_defaults_update",
    "cover_override_update",
    "initials_match",
    "candidates_of",
    "overdue_reminders_send",
    "update_link_opened",
    "update_link_refused",
    "update_request_revoke",
    "update_requests_send",
    "update_requests_send_for",
]

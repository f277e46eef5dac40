"""Every write about meetings, by topic: scheduling and status, the agenda, papers,
attendance, questions and declarations, minutes. Each function checks permission first,
enforces the rule, writes and records one audit event per logical change.

Callers import the package (`from csphub.meetings import services`); the names below are its
public surface.
"""

from .agenda import (
    AGENDA_ITEM_FIELDS,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_indent,
    agenda_item_move,
    agenda_item_outdent,
    agenda_item_update,
)
from .attendance import attendance_mark_everyone_present, attendance_record
from .minutes import (
    AMENDABLE_FIELDS,
    MINUTE_FIELDS,
    first_minute_number,
    minute_amend,
    minute_create,
    minute_update,
    minutes_approve,
    minutes_publish_draft,
    minutes_start,
    resolution_add,
    resolution_delete,
)
from .papers import (
    PAPER_MAGIC,
    PAPER_TYPES,
    check_paper_file,
    paper_add,
    paper_delete,
    paper_opened,
)
from .questions import (
    QuestionRateLimited,
    declaration_add,
    question_answer,
    question_deadline_for,
    question_submit,
)
from .scheduling import (
    MEETING_FIELDS,
    STANDING_ITEMS,
    TRAILING_STANDING,
    agenda_publish,
    meeting_cancel,
    meeting_mark_held,
    meeting_schedule,
    meeting_update,
)

__all__ = [
    "QuestionRateLimited",
    "AGENDA_ITEM_FIELDS",
    "AMENDABLE_FIELDS",
    "MEETING_FIELDS",
    "MINUTE_FIELDS",
    "PAPER_MAGIC",
    "PAPER_TYPES",
    "STANDING_ITEMS",
    "TRAILING_STANDING",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_indent",
    "agenda_item_move",
    "agenda_item_outdent",
    "agenda_item_update",
    "agenda_publish",
    "attendance_mark_everyone_present",
    "attendance_record",
    "check_paper_file",
    "declaration_add",
    "first_minute_number",
    "meeting_cancel",
    "meeting_mark_held",
    "meeting_schedule",
    "meeting_update",
    "minute_amend",
    "minute_create",
    "minute_update",
    "minutes_approve",
    "minutes_publish_draft",
    "minutes_start",
    "paper_add",
    "paper_delete",
    "paper_opened",
    "question_answer",
    "question_deadline_for",
    "question_submit",
    "resolution_add",
    "resolution_delete",
]

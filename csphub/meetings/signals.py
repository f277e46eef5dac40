"""Signals the meetings services send, for apps above them (search) that must follow.

Row-by-row saves already send Django's post_save; these cover writes that bypass it.
"""

from django.dispatch import Signal

# Sent with `meeting=` after a service bulk-creates a meeting's items or minutes
# (scheduling's standing items, starting the minutes), which sends no post_save.
meeting_records_bulk_created = Signal()

# Sent with `actor=`, `minute=` and `resolution=` (None for the minute's own cell) after a
# service saves an Action-by cell, so actions can follow the initials typed there
# (decision 0019) without meetings importing actions.
action_by_saved = Signal()

# Sent with `actor=`, `meeting=` (already saved at its new date), `old_start=` and
# `new_start=` (naive datetimes: the date and start time before and after) when a service
# moves a meeting to another day, so apps above meetings (the strategy's forward plan)
# can re-plan what was planned on it without meetings importing them.
meeting_moved = Signal()

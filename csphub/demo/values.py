"""What every part of the demo loader shares: its actor, its error, and reading values.

A fixture value that cannot be read fails with the file and the place in it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from csphub.audit.actors import SystemActor

ACTOR = SystemActor(label="demo loader")


class FixtureError(ValueError):
    def __init__(self, path: Path, where: str, message: str) -> None:
        super().__init__(f"{path.name}: {where}: {message}")


def date_of(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def time_of(value: Any) -> dt.time:
    if isinstance(value, int):  # YAML 1.1 reads 10:00 as sexagesimal 600
        return dt.time(value // 60, value % 60)
    return dt.time.fromisoformat(str(value))


def aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def moment_of(value: Any) -> dt.datetime:
    """A history date: a date (taken as 09:00, before the day's meetings) or a date and time."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return aware(value, 9)
    else:
        text = str(value).strip()
        if len(text) <= 10:
            return aware(dt.date.fromisoformat(text), 9)
        moment = dt.datetime.fromisoformat(text)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

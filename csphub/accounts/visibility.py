"""Who may read which rows, said once per protected model.

Every protected model's QuerySet subclasses `VisibleQuerySet` and defines `rule(viewer,
path)`: a `Q` true for the rows the viewer may read. Lookups are prefixed with `path`, so a
child builds its rule from its parent's (a paper is visible when its agenda item is, and
the paper's own flags allow it) and the publication and restriction rules exist in one
place however many pages, documents, exports, feeds or searches read them.

A role counts only in its own partnership: privileges are granted on rows whose
partnership is the viewer's, and what is public is public to everyone. So a secretary of
one partnership reads another's meetings as the public does.
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q

from .permissions import Viewer

ALWAYS = Q(pk__isnull=False)
"""Every row. Not `Q()`: an empty Q vanishes when or-ed (`Q() | x` is `x`)."""
NEVER = Q(pk__isnull=True)


def anyone() -> Viewer:
    """A visitor with no role anywhere: what the public may read."""
    return Viewer(user=None, partnership_id=None, role=None, cleared=False)


def at(path: str, **lookups: object) -> Q:
    """`Q(**lookups)` with each lookup reached through `path` (e.g. "item__")."""
    return Q(**{f"{path}{key}": value for key, value in lookups.items()})


def granted(viewer: Viewer, privilege: bool, partnership_path: str) -> Q | None:
    """The rows a privilege reaches: those of the viewer's own partnership, or none."""
    if not privilege or viewer.partnership_id is None:
        return None
    return Q(**{f"{partnership_path}_id": viewer.partnership_id})


def any_of(*conditions: Q | None) -> Q:
    """Or, where `None` is a condition that holds for no row."""
    present = [c for c in conditions if c is not None]
    if not present:
        return NEVER
    result = present[0]
    for condition in present[1:]:
        result |= condition
    return result


def grants(viewer: Viewer, privilege: bool, partnership_id: int | None) -> bool:
    """`granted` for one object already in memory (no query)."""
    return (
        privilege
        and viewer.partnership_id is not None
        and viewer.partnership_id == (partnership_id)
    )


class VisibleQuerySet(models.QuerySet):
    """A QuerySet whose model is protected: reads go through `visible_to`."""

    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        raise NotImplementedError(f"{cls.__name__} must say who may see its rows")

    def visible_to(self, viewer: Viewer) -> Self:
        """The rows this viewer may read."""
        return self.filter(self.rule(viewer))

    def with_visibility(self, viewer: Viewer, name: str = "is_visible") -> Self:
        """Every row, each marked whether the viewer may read it: for pages that show the
        shell of what is withheld (an exempt item's number and notice) in the same query."""
        return self.annotate(
            **{name: ExpressionWrapper(self.rule(viewer), output_field=BooleanField())}
        )

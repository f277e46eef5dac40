"""Who is acting: a signed-in user, a batch job, or the holder of a signed link.

Every service takes an `actor` and the audit trail records it, so the kinds of actor are
defined here, at the layer that records them, where every app can name them. What an actor
may do is decided by `accounts.permissions.viewer_for`: a `SystemActor` may do anything (it
is the installation itself: the demo loader, scheduled jobs), while a `LinkActor` is never
more than the public, however its link was obtained; the one thing it may do, update its
own actions, is checked by the service that allows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from django.contrib.auth.models import AnonymousUser, User

if TYPE_CHECKING:  # a link holder is a person of a partnership, which sits above audit
    from csphub.partnerships.models import Person


@dataclass(frozen=True)
class SystemActor:
    """A batch job acting without a person (the demo loader, scheduled reminders, imports).

    It may do anything, and its label goes into the audit trail in place of a user's name.
    """

    label: str
    is_authenticated: ClassVar[bool] = False


@dataclass(frozen=True)
class LinkActor:
    """Someone without an account, acting through a signed, expiring link sent to them."""

    person: Person
    is_authenticated: ClassVar[bool] = False

    @property
    def label(self) -> str:
        return f"{self.person.display_name} (update link)"


Actor: TypeAlias = User | AnonymousUser | SystemActor | LinkActor
"""Anyone a service can be asked to act for: `request.user`, a batch job or a link holder."""


def actor_label(actor: Actor | str | None) -> str:
    """The name the audit trail and histories give an actor."""
    if isinstance(actor, User) and actor.is_authenticated:
        return actor.get_full_name() or actor.get_username()
    if isinstance(actor, str):
        return actor
    if isinstance(actor, SystemActor | LinkActor):
        return actor.label
    return "system"


def actor_user(actor: Actor | str | None) -> User | None:
    """The user account behind an actor, if there is one (for foreign keys to the user)."""
    if isinstance(actor, User) and actor.is_authenticated:
        return actor
    return None

"""What a visitor may do in a partnership, worked out once per request.

Views and services ask a `Viewer`, never the user, so the rules live in one place and the
same answer is given for every output format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from csphub.audit.actors import Actor, LinkActor, SystemActor

from .models import PartnershipRole

if TYPE_CHECKING:  # the partnership is passed in; accounts sits below partnerships
    from csphub.partnerships.models import Partnership


@dataclass(frozen=True)
class Viewer:
    user: object | None
    partnership_id: int | None
    role: str | None  # None = public
    cleared: bool

    @property
    def is_public(self) -> bool:
        return self.role is None

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def can_see_restricted(self) -> bool:
        return self.role in {"secretariat", "administrator"} or (
            self.role == "member" and self.cleared
        )

    @property
    def can_manage(self) -> bool:
        """Secretariat work: bodies, meetings, agendas, minutes, attendance, questions."""
        return self.role in {"secretariat", "administrator"}

    @property
    def can_administer(self) -> bool:
        return self.role == "administrator"


def viewer_for(user: Actor | None, partnership: Partnership | None) -> Viewer:
    """The viewer a user is in a partnership. Superusers administer every partnership."""
    pid = partnership.pk if partnership is not None else None
    if isinstance(user, SystemActor):
        return Viewer(user=None, partnership_id=pid, role="administrator", cleared=True)
    if isinstance(user, LinkActor):
        # A link proves who the holder is for one purpose (updating their own actions, which
        # the actions services check), never a role: they see what the public sees.
        return Viewer(user=None, partnership_id=pid, role=None, cleared=False)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Viewer(user=None, partnership_id=pid, role=None, cleared=False)
    if user.is_superuser:
        return Viewer(user=user, partnership_id=pid, role="administrator", cleared=True)
    cache = getattr(user, "_csphub_roles", None)
    if cache is None:
        cache = {
            r.partnership_id: (r.role, r.cleared_for_restricted)
            for r in PartnershipRole.objects.filter(user=user)
        }
        user._csphub_roles = cache
    role, cleared = cache.get(pid, (None, False))
    return Viewer(user=user, partnership_id=pid, role=role, cleared=cleared)


def ensure_can_manage(actor: Actor | None, partnership: Partnership) -> Viewer:
    viewer = viewer_for(actor, partnership)
    if not viewer.can_manage:
        raise PermissionDenied("Only the partnership's secretariat can do that.")
    return viewer


def is_site_admin(actor: Actor | None) -> bool:
    """A site administrator (superuser) or a batch job: they look after the data every
    partnership shares, such as police open data and its category mapping."""
    if isinstance(actor, SystemActor):
        return True
    return bool(
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "is_active", False)
        and getattr(actor, "is_superuser", False)
    )


def ensure_site_admin(actor: Actor | None) -> None:
    if not is_site_admin(actor):
        raise PermissionDenied("Only a site administrator can do that.")


def ensure_can_administer(actor: Actor | None, partnership: Partnership) -> Viewer:
    viewer = viewer_for(actor, partnership)
    if not viewer.can_administer:
        raise PermissionDenied("Only the partnership's administrators can do that.")
    return viewer

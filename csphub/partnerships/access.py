"""The only way views reach a partnership's objects: scoped by tenant first.

A missing object and one the viewer may not see both give the same 404, so nobody can learn
that another partnership's meeting exists (Zulip's access_* pattern).
"""

from __future__ import annotations

from django.http import Http404

from .models import Body, Membership, Organisation, Partnership, Person


def access_partnership(*, slug: str) -> Partnership:
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise Http404("No such partnership.") from None


def access_body(*, partnership: Partnership, slug: str) -> Body:
    try:
        return Body.objects.prefetch_related("former_names").get(partnership=partnership, slug=slug)
    except Body.DoesNotExist:
        raise Http404("No such body.") from None


def access_person(*, partnership: Partnership, slug: str) -> Person:
    try:
        return Person.objects.get(partnership=partnership, slug=slug)
    except Person.DoesNotExist:
        raise Http404("No such person.") from None


def access_organisation(*, partnership: Partnership, pk: int) -> Organisation:
    try:
        return Organisation.objects.get(partnership=partnership, pk=pk)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation.") from None


def access_membership(*, body: Body, pk: int) -> Membership:
    try:
        return Membership.objects.select_related("person", "organisation").get(body=body, pk=pk)
    except Membership.DoesNotExist:
        raise Http404("No such membership.") from None

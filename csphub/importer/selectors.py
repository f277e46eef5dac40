"""Reads of the importer: a partnership's drafts, one draft (404 across partnerships),
whom a name as written may mean, and the body a document names."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from csphub.accounts.permissions import Viewer
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Body, Partnership, Person

from . import drafts
from .models import ImportDraft, PersonMatch


def drafts_of(partnership: Partnership, viewer: Viewer) -> QuerySet[ImportDraft]:
    return (
        ImportDraft.objects.visible_to(viewer)
        .filter(partnership=partnership)
        .select_related("meeting", "meeting__body")
        .defer("source_text", "parsed", "edited")
    )


def access_draft(partnership: Partnership, viewer: Viewer, pk: int) -> ImportDraft:
    """The draft, if it is this partnership's and the viewer may see it; 404 otherwise."""
    draft = (
        ImportDraft.objects.visible_to(viewer)
        .filter(partnership=partnership, pk=pk)
        .select_related("meeting", "meeting__body", "partnership")
        .first()
    )
    if draft is None:
        raise Http404("No such draft.")
    return draft


def people_of(partnership: Partnership) -> list[Person]:
    return list(Person.objects.filter(partnership=partnership).order_by("name", "pk"))


def meetings_for_import(partnership: Partnership) -> list[Meeting]:
    """Meetings a minutes part may go into: any not cancelled whose minutes are not locked."""
    return list(
        Meeting.objects.filter(body__partnership=partnership)
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.MINUTES_APPROVED])
        .select_related("body")
        .order_by("-date")
    )


def suggestions(name: str, people: list[Person]) -> list[Person]:
    """Members a name as written may mean: the same name (titles aside), else the same
    initials (for initials, or a name whose initials someone has)."""
    key = drafts.normalise_name(name)
    same = [p for p in people if drafts.normalise_name(p.name) == key]
    if same:
        return same
    wanted = (
        name.replace(".", "").upper()
        if drafts.looks_like_initials(name)
        else drafts.name_initials(name)
    )
    surname = key.split()[-1] if key else ""
    return [
        p
        for p in people
        if wanted
        and wanted in {p.initials.upper(), drafts.name_initials(p.name)}
        and (drafts.looks_like_initials(name) or drafts.normalise_name(p.name).endswith(surname))
    ]


@dataclass
class Choice:
    """Whom a name means: `person`, or `new` (with the new person's name), or `skip`."""

    choice: str
    person: Person | None = None
    new_name: str = ""


def auto_choices(
    partnership: Partnership, names: list[str], people: list[Person] | None = None
) -> dict[str, Choice]:
    """Whom each name means where that is not in doubt: the one person of the partnership
    with that name, or, for initials, the one person with those initials; a full name
    nobody has is a new person. Initials nobody (or several) have are left out of the
    result: they need the secretariat."""
    if people is None:
        people = list(Person.objects.filter(partnership=partnership).order_by("name", "pk"))
    by_name: dict[str, list[Person]] = {}
    by_initials: dict[str, list[Person]] = {}
    for person in people:
        by_name.setdefault(drafts.normalise_name(person.name), []).append(person)
        for initials in {person.initials.upper(), drafts.name_initials(person.name)} - {""}:
            by_initials.setdefault(initials, []).append(person)
    found: dict[str, Choice] = {}
    for name in names:
        same = by_name.get(drafts.normalise_name(name), [])
        if len(same) == 1:
            found[name] = Choice(PersonMatch.Choice.PERSON, person=same[0])
        elif same:
            continue
        elif drafts.looks_like_initials(name):
            matches = list(dict.fromkeys(by_initials.get(name.replace(".", "").upper(), [])))
            if len(matches) == 1:
                found[name] = Choice(PersonMatch.Choice.PERSON, person=matches[0])
        else:
            found[name] = Choice(PersonMatch.Choice.NEW, new_name=name)
    return found


def body_named(partnership: Partnership, name: str | None) -> Body | None:
    """The partnership's body called `name` (now or formerly), if exactly one."""
    if not name:
        return None
    key = drafts.normalise_name(name)
    bodies = list(Body.objects.filter(partnership=partnership).prefetch_related("former_names"))
    found = [
        b
        for b in bodies
        if key
        in {
            drafts.normalise_name(b.name),
            *(drafts.normalise_name(f.name) for f in b.former_names.all()),
        }
    ]
    return found[0] if len(found) == 1 else None

"""Compile a meeting's agenda pack: one PDF, as Democratic Services dispatch it.

In order: the front sheet, the agenda, then for each item in agenda order its pages (the
minutes of the previous meeting, the Matters Arising report, every paper), each item's
first page headed "Agenda Item N", page numbers running through the whole pack and a
bookmark per item. The agenda prints each item's page range, read from the compiled pack
itself: the agenda is laid out, the pack assembled behind it, the ranges filled in, and the
agenda laid out again until its own length stops changing.

A pack is compiled for a *variant*: the public's (Part 1 only) or the members' (Part 2 as
well, every Part 2 page stamped RESTRICTED). Each is built from `meeting_record` with the
viewer the variant stands for, so the restriction rules are the same ones every page uses.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject

from csphub.accounts.permissions import Viewer
from csphub.core.formats import long_date, short_date
from csphub.documents import model as doc
from csphub.documents import registry
from csphub.documents.render_pdf import render_pdf
from csphub.meetings.documents import MeetingSubject, build_agenda, build_minutes
from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.selectors import AgendaEntry, meeting_record, previous_meeting

from .models import Variant
from .paper_pages import pages_for
from .stamps import Stamp, stamp_pages

MAX_LAYOUTS = 4


class PackError(Exception):
    """A pack cannot be compiled (say why, for the page or the terminal)."""


def pack_viewer(meeting: Meeting, variant: str) -> Viewer:
    """Who a variant is for: the public, or a member cleared for restricted matters."""
    partnership_id = meeting.body.partnership_id
    if variant == Variant.PUBLIC:
        return Viewer(user=None, partnership_id=partnership_id, role=None, cleared=False)
    if variant == Variant.MEMBERS:
        return Viewer(user=None, partnership_id=partnership_id, role="member", cleared=True)
    raise PackError(f"The variant must be 'public' or 'members', not {variant!r}.")


@dataclass
class Part:
    """A run of pages in the pack: a paper, a generated report or a note."""

    title: str
    reader: PdfReader
    restricted: bool = False


@dataclass
class ItemPages:
    """One agenda item's contents, and (once assembled) where they fall in the pack."""

    label: str
    title: str
    parts: list[Part] = field(default_factory=list)
    children: list[ItemPages] = field(default_factory=list)
    first: int | None = None  # 1-based page numbers of its own parts
    last: int | None = None

    @property
    def pages_text(self) -> str:
        if self.first is None or self.last is None:
            return ""
        if self.first == self.last:
            return f"Page {self.first}"
        return f"Pages {self.first}–{self.last}"


@dataclass
class CompiledPack:
    pdf: bytes
    page_count: int
    items: list[ItemPages]
    agenda_first_page: int

    def flat_items(self) -> list[ItemPages]:
        def walk(items: list[ItemPages]):
            for item in items:
                yield item
                yield from walk(item.children)

        return list(walk(self.items))


def compile_pack(
    meeting: Meeting,
    variant: str,
    *,
    dispatched_on: dt.date | None = None,
    version: int = 1,
    note: str = "",
) -> CompiledPack:
    viewer = pack_viewer(meeting, variant)
    record = meeting_record(meeting, viewer)
    agenda = build_agenda(record)
    if agenda is None:
        raise PackError(f"The agenda of {meeting.key} is not published yet.")
    if dispatched_on is None and meeting.agenda_published_at is not None:
        dispatched_on = timezone.localtime(meeting.agenda_published_at).date()
    day = dispatched_on or timezone.localdate()
    front, listing = _split_front_sheet(agenda, day, version, note)
    items = [
        item for entry in record.agenda if (item := _item_pages(entry, meeting, viewer)) is not None
    ]
    front_reader = _reader(render_pdf(front, page_numbers=False))
    first_agenda_page = len(front_reader.pages) + 1

    agenda_reader = _reader(render_pdf(listing, page_numbers=False))
    for _ in range(MAX_LAYOUTS):
        content_start = first_agenda_page + len(agenda_reader.pages)
        _place(items, content_start)
        _print_ranges(listing, items)
        relaid = _reader(render_pdf(listing, page_numbers=False))
        if len(relaid.pages) == len(agenda_reader.pages):
            agenda_reader = relaid
            break
        agenda_reader = relaid
    else:  # pragma: no cover - the agenda would have to grow at every layout
        raise PackError("The agenda's page ranges did not settle; please try again.")

    writer = PdfWriter()
    stamps: list[Stamp] = []

    def add(reader: PdfReader, heading: str = "", restricted: bool = False) -> int:
        start = len(writer.pages)
        for n, page in enumerate(reader.pages):
            added = writer.add_page(page)
            if added.rotation:
                added.transfer_rotation_to_content()
            box = added.mediabox
            stamps.append(
                Stamp(
                    width=float(box.width),
                    height=float(box.height),
                    page_number=len(writer.pages),
                    heading=heading if n == 0 else "",
                    restricted=restricted,
                )
            )
        return start

    add(front_reader)
    add(agenda_reader)

    def add_item(item: ItemPages, parent: IndirectObject | None) -> None:
        outline_parent = None
        heading = f"Agenda Item {item.label}"
        for index, part in enumerate(item.parts):
            start = add(part.reader, heading if index == 0 else "", part.restricted)
            if index == 0:
                outline_parent = writer.add_outline_item(
                    title=f"{item.label}. {item.title}", page_number=start, parent=parent
                )
            writer.add_outline_item(title=part.title, page_number=start, parent=outline_parent)
        if outline_parent is None:  # nothing printed: the bookmark opens the agenda
            outline_parent = writer.add_outline_item(
                title=f"{item.label}. {item.title}",
                page_number=first_agenda_page - 1,
                parent=parent,
            )
        for child in item.children:
            add_item(child, outline_parent)

    writer.add_outline_item(title="Front sheet", page_number=0)
    writer.add_outline_item(title="Agenda", page_number=first_agenda_page - 1)
    for item in items:
        add_item(item, None)
    stamp_pages(writer, stamps)
    writer.add_metadata(
        {
            "/Title": f"{agenda.title}, {long_date(meeting.date)}"
            + (" (members’ pack)" if variant == Variant.MEMBERS else ""),
            "/Author": agenda.author,
            "/Subject": f"Agenda pack, version {version}",
        }
    )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return CompiledPack(
        pdf=out.getvalue(),
        page_count=len(writer.pages),
        items=items,
        agenda_first_page=first_agenda_page,
    )


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _split_front_sheet(
    agenda: doc.Document, day: dt.date, version: int, note: str
) -> tuple[doc.Document, doc.Document]:
    """The front sheet and the agenda as two documents, so the agenda's first page is known
    however long the membership list makes the front sheet."""
    cut = next(i for i, block in enumerate(agenda.blocks) if isinstance(block, doc.PageBreak))
    front_blocks = agenda.blocks[:cut]
    for block in front_blocks:
        if isinstance(block, doc.FrontSheet):
            block.date_text = short_date(day)
            if version > 1:
                block.notes.insert(
                    0,
                    doc.Run(
                        f"Supplementary pack, published {short_date(day)}"
                        + (f": {note}" if note else ""),
                        strong=True,
                    ),
                )
    front = _copy(agenda, front_blocks)
    listing = _copy(agenda, agenda.blocks[cut + 1 :])
    return front, listing


def _copy(agenda: doc.Document, blocks: list[doc.Block]) -> doc.Document:
    return doc.Document(
        title=agenda.title,
        blocks=list(blocks),
        subtitle=agenda.subtitle,
        partnership=agenda.partnership,
        brand_colour=agenda.brand_colour,
        organisation=agenda.organisation,
        author=agenda.author,
        date_text=agenda.date_text,
        marking=agenda.marking,
    )


def _item_pages(
    entry: AgendaEntry, meeting: Meeting, viewer: Viewer, restricted: bool = False
) -> ItemPages | None:
    if not entry.visible:  # only the public variant meets an exempt item: its pages stay out
        return None
    item = entry.item
    restricted = restricted or item.is_restricted
    pages = ItemPages(label=entry.label, title=item.title)
    generated = _generated_report(item, meeting, viewer)
    if generated is not None:
        pages.parts.append(Part(generated[0], generated[1], restricted))
    for paper in entry.papers:
        if not paper.print_in_pack:
            continue
        found = pages_for(paper)
        if found.reader is None and generated is not None and not paper.file:
            continue  # the generated report is this paper (e.g. the Matters Arising report)
        title = paper.title + (f" ({paper.reference})" if paper.reference else "")
        reader = found.reader or _note(
            paper.title, item, found.note, "" if paper.file else paper.text
        )
        pages.parts.append(Part(title, reader, restricted or paper.restricted))
    pages.children = [
        child
        for c in entry.children
        if (child := _item_pages(c, meeting, viewer, restricted)) is not None
    ]
    return pages


def _generated_report(
    item: AgendaItem, meeting: Meeting, viewer: Viewer
) -> tuple[str, PdfReader] | None:
    """The standing items whose paper CSP Hub writes: previous minutes, Matters Arising."""
    if item.standing == AgendaItem.Standing.PREVIOUS_MINUTES:
        before = previous_meeting(meeting)
        if before is None:
            return None
        minutes = build_minutes(meeting_record(before, viewer))
        if minutes is None:
            return None
        title = f"Minutes of the meeting held on {long_date(before.date)}"
        return title, _reader(render_pdf(minutes, page_numbers=False))
    if item.standing == AgendaItem.Standing.MATTERS_ARISING:
        try:
            entry = registry.get("matters-arising")
        except LookupError:  # pragma: no cover - the actions app registers it
            return None
        report = entry.build(MeetingSubject(meeting=meeting, viewer=viewer))
        if report is None:
            return None
        return "Matters Arising report", _reader(render_pdf(report, page_numbers=False))
    return None


def _note(title: str, item: AgendaItem, note: str, text: str) -> PdfReader:
    """A page standing in for a paper that is not a PDF: its words if we have them (typed
    or extracted), else the note saying where it is."""
    blocks: list[doc.Block] = [doc.Heading(title, level=1)]
    if text.strip():
        blocks += [doc.Paragraph(p.strip()) for p in text.split("\n\n") if p.strip()]
    else:
        blocks.append(doc.Notice(note))
    document = doc.Document(title=title, blocks=blocks, subtitle=item.title)
    return _reader(render_pdf(document, page_numbers=False))


def _place(items: list[ItemPages], start: int) -> int:
    """Give each item the pages its parts will take from ``start``; return the next page."""
    page = start
    for item in items:
        count = sum(len(part.reader.pages) for part in item.parts)
        item.first, item.last = (page, page + count - 1) if count else (None, None)
        page += count
        page = _place(item.children, page)
    return page


def _print_ranges(listing: doc.Document, items: list[ItemPages]) -> None:
    ranges = {}

    def collect(found: list[ItemPages]) -> None:
        for item in found:
            ranges[item.label] = item.pages_text
            collect(item.children)

    collect(items)

    def fill(block: doc.AgendaItem) -> None:
        block.pages = ranges.get(block.number, "")
        for sub in block.sub_items:
            fill(sub)

    for block in listing.blocks:
        if isinstance(block, doc.AgendaItem):
            fill(block)

"""The one document model: every generated output is built once as a ``Document``.

Agendas, minutes, Matters Arising reports and performance packs are built from the
database as a ``Document`` (plain data, no Django) and then rendered to HTML, PDF and DOCX
by ``render_html``, ``render_pdf`` and ``render_docx``. Keeping the structure in one place
means the three formats say the same thing, in the same order, with the same numbers.

Text is plain text: renderers escape it. Inline emphasis is a sequence of ``Run``s, and a
newline inside a run is a line break. Nothing in this module is ever trusted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

Paper = Literal["a4", "a4-landscape", "a3-landscape"]
PAPERS: tuple[str, ...] = ("a4", "a4-landscape", "a3-landscape")

_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of inline text with its emphasis; a paragraph is a sequence of runs."""

    text: str
    strong: bool = False
    emphasis: bool = False


Inline = str | Run
# A string, one run, or a sequence of strings and runs (strings are unemphasised runs).
Text = str | Run | Sequence[Inline]


def runs(text: Text) -> tuple[Run, ...]:
    """Normalise any ``Text`` to runs, dropping empty ones and joining like neighbours."""
    if isinstance(text, str):
        parts: Sequence[Inline] = (text,)
    elif isinstance(text, Run):
        parts = (text,)
    else:
        parts = text
    merged: list[Run] = []
    for part in parts:
        run = Run(part) if isinstance(part, str) else part
        if not run.text:
            continue
        if merged and (merged[-1].strong, merged[-1].emphasis) == (run.strong, run.emphasis):
            merged[-1] = Run(merged[-1].text + run.text, run.strong, run.emphasis)
        else:
            merged.append(run)
    return tuple(merged)


def plain(text: Text) -> str:
    """The text without emphasis, e.g. for metadata or search."""
    return "".join(r.text for r in runs(text))


def _check_level(level: int, what: str) -> None:
    if not 1 <= level <= 3:
        raise ValueError(f"{what} level must be 1, 2 or 3, not {level!r}")


# --- blocks ---------------------------------------------------------------------------


@dataclass
class Member:
    """A member on a front sheet's "To: Members of the ..." list, as on the day."""

    name: str
    post: str = ""  # organisation and post title, e.g. "LBB Director of Environment"
    role: str = ""  # chair, vice-chair ... shown in brackets after the post

    @property
    def display(self) -> str:
        text = self.name
        if self.post:
            text += f", {self.post}"
        if self.role:
            text += f" ({self.role})"
        return text


@dataclass
class Contact:
    """Who to contact about the document (Democratic Services, usually)."""

    name: str
    phone: str = ""
    email: str = ""
    label: str = "Contact for this agenda"


@dataclass
class FrontSheet:
    """An agenda pack's first page: contact, addressees and the meeting sentence."""

    body_name: str  # "Safer Bromley Partnership Strategic Group"
    meeting_details: Text  # "A meeting of ... will be held at ... on Monday 26 March 2018 ..."
    members: list[Member] = field(default_factory=list)
    organisation: str = ""  # issuing organisation, e.g. "London Borough of Bromley"
    date_text: str = ""  # date of issue, e.g. "15 March 2018"
    contact: Contact | None = None
    addressee: str = "To: Members of the"
    notes: list[Text] = field(default_factory=list)  # further paragraphs after the sentence

    @property
    def meeting_runs(self) -> tuple[Run, ...]:
        return runs(self.meeting_details)

    @property
    def note_runs(self) -> list[tuple[Run, ...]]:
        return [runs(note) for note in self.notes]


@dataclass
class Heading:
    """A section heading. Level 1 sits directly under the document title."""

    text: str
    level: int = 1
    number: str = ""  # label printed before the text, e.g. "12a" or "Appendix A"

    def __post_init__(self) -> None:
        _check_level(self.level, "Heading")


@dataclass
class Paragraph:
    text: Text

    @property
    def runs(self) -> tuple[Run, ...]:
        return runs(self.text)


ListStyle = Literal["bullet", "number", "plain"]


@dataclass
class ListBlock:
    """A bulleted, numbered or unmarked list (unmarked: membership and attendance lists)."""

    items: list[Text]
    style: ListStyle = "bullet"

    def __post_init__(self) -> None:
        if self.style not in ("bullet", "number", "plain"):
            raise ValueError(f"unknown list style {self.style!r}")

    @property
    def item_runs(self) -> list[tuple[Run, ...]]:
        return [runs(item) for item in self.items]


@dataclass
class SummaryRow:
    label: str
    value: Text

    @property
    def runs(self) -> tuple[Run, ...]:
        return runs(self.value)


@dataclass
class SummaryList:
    """Label/value rows, e.g. a report cover sheet ("Decision maker: ...", "Ward: N/A")."""

    rows: list[SummaryRow]


Align = Literal["left", "right", "centre"]


@dataclass
class Cell:
    """A table cell; ``header`` makes a body cell a row header (``<th scope="row">``)."""

    text: Text = ""
    header: bool = False
    colspan: int = 1
    align: Align = "left"  # right-align numbers

    def __post_init__(self) -> None:
        if self.colspan < 1:
            raise ValueError("colspan must be at least 1")

    @property
    def runs(self) -> tuple[Run, ...]:
        return runs(self.text)


CellLike = Cell | str | Run | Sequence[Inline]


def _cells(row: Sequence[CellLike]) -> list[Cell]:
    return [c if isinstance(c, Cell) else Cell(c) for c in row]


@dataclass
class Table:
    """A data table. Header rows repeat at the top of every printed page it spans."""

    caption: str
    header: list[list[CellLike]]
    rows: list[list[CellLike]]
    col_widths: list[float] | None = None  # fractions of the width, one per column
    keep_together: bool = False
    """Print the whole table (caption included) on one page when it fits: for short tables
    such as a sub-group's indicators, so a caption is never left alone at a page's foot."""

    def __post_init__(self) -> None:
        if self.col_widths is not None:
            if len(self.col_widths) != self.column_count:
                raise ValueError("col_widths needs one fraction per column")
            if any(w <= 0 for w in self.col_widths) or sum(self.col_widths) > 1.0001:
                raise ValueError("col_widths must be positive fractions adding up to 1 or less")

    @property
    def header_cells(self) -> list[list[Cell]]:
        return [_cells(row) for row in self.header]

    @property
    def body_cells(self) -> list[list[Cell]]:
        return [_cells(row) for row in self.rows]

    @property
    def column_count(self) -> int:
        every = self.header_cells + self.body_cells
        return max((sum(c.colspan for c in row) for row in every), default=0)


@dataclass
class AgendaItem:
    """One numbered agenda item; sub-items (12a, 12b ...) nest one heading level down.

    A sub-item's own ``level`` is ignored: it always renders one level below its parent.
    """

    number: str
    title: str
    pages: str = ""  # "Pages 5 - 18", printed in brackets after the title
    presenter: str = ""
    time_allowed: str = ""  # "15 minutes"
    note: Text = ""  # e.g. the question deadline under "Questions from ..."
    papers: list[str] = field(default_factory=list)
    restricted: str = ""  # e.g. "Exempt – paragraph 7 of Schedule 12A"; "" when public
    sub_items: list[AgendaItem] = field(default_factory=list)
    level: int = 2

    def __post_init__(self) -> None:
        _check_level(self.level, "AgendaItem")

    @property
    def note_runs(self) -> tuple[Run, ...]:
        return runs(self.note)


@dataclass
class Resolution:
    """A decision, printed in bold as "RESOLVED that ..."; ``action`` is owner initials."""

    text: Text  # the words after "RESOLVED that", or the whole decision when verbatim
    action: str = ""
    verbatim: bool = False  # printed as recorded ("It was agreed that ...", "AGREED ...")


MinuteContent = Paragraph | ListBlock
MinuteRowKind = Literal["text", "note", "resolution"]


@dataclass
class MinuteRow:
    """One row of a minute's two-column layout: what was recorded | who acts."""

    content: MinuteContent
    action: str = ""
    kind: MinuteRowKind = "text"


@dataclass
class Minute:
    """A numbered minute laid out as in council minutes, with an Action column.

    ``action`` (initials for an action arising from the discussion rather than a
    resolution) sits beside the last discussion paragraph; each resolution carries its own.
    """

    number: str  # "186a"
    title: str
    body: list[MinuteContent] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    post_meeting_note: list[MinuteContent] = field(default_factory=list)
    action: str = ""
    level: int = 2

    def __post_init__(self) -> None:
        _check_level(self.level, "Minute")

    def rows(self) -> list[MinuteRow]:
        """The minute's rows in print order; every renderer lays them out the same way."""
        out = [MinuteRow(part) for part in self.body]
        if self.action:
            if out:
                out[-1].action = self.action
            else:
                out.append(MinuteRow(Paragraph(""), self.action))
        if self.post_meeting_note:
            out.append(MinuteRow(Paragraph(Run("Post-meeting note:", strong=True)), kind="note"))
            out += [MinuteRow(part, kind="note") for part in self.post_meeting_note]
        if any(r.verbatim for r in self.resolutions):
            for res in self.resolutions:
                text = (
                    _bold(res.text)
                    if res.verbatim
                    else [Run("RESOLVED that ", strong=True), *_bold(res.text)]
                )
                out.append(MinuteRow(Paragraph(text), res.action, "resolution"))
        elif len(self.resolutions) == 1:
            res = self.resolutions[0]
            text = Paragraph([Run("RESOLVED that ", strong=True), *_bold(res.text)])
            out.append(MinuteRow(text, res.action, "resolution"))
        elif self.resolutions:
            out.append(MinuteRow(Paragraph(Run("RESOLVED that:", strong=True)), kind="resolution"))
            for i, res in enumerate(self.resolutions, start=1):
                text = Paragraph([Run(f"{i}. ", strong=True), *_bold(res.text)])
                out.append(MinuteRow(text, res.action, "resolution"))
        return out


def _bold(text: Text) -> list[Run]:
    return [Run(r.text, strong=True, emphasis=r.emphasis) for r in runs(text)]


NoticeKind = Literal["inset", "warning"]


@dataclass
class Notice:
    """Text set apart: an inset (context) or a warning (e.g. a restricted appendix)."""

    text: Text
    title: str = ""
    kind: NoticeKind = "inset"

    def __post_init__(self) -> None:
        if self.kind not in ("inset", "warning"):
            raise ValueError(f"unknown notice kind {self.kind!r}")

    @property
    def runs(self) -> tuple[Run, ...]:
        return runs(self.text)


@dataclass
class Figure:
    """A chart (or other drawing) with its caption and a long text description.

    ``svg`` is used by HTML and PDF (it is sanitised on output: no scripts, event handlers,
    styles or outside references), ``png`` by Word, which cannot take SVG; without a PNG the
    DOCX carries the caption and description only. ``alt`` describes what the figure shows
    in words ("highest 140 in March 2017 ...") for anyone who cannot see it; every format
    prints it under the caption, and Word also stores it as the picture's alt text.
    """

    svg: str
    png: bytes | None
    caption: str
    alt: str

    def __post_init__(self) -> None:
        if "<svg" not in self.svg:
            raise ValueError("Figure.svg must be SVG markup")
        if not self.alt.strip():
            raise ValueError("a Figure needs alt text: a description of what it shows")
        if self.png is not None and not self.png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValueError("Figure.png must be PNG bytes or None")


@dataclass
class PageBreak:
    """Start a new printed page (after a front sheet, before an appendix)."""


Block = (
    FrontSheet
    | Heading
    | Paragraph
    | ListBlock
    | SummaryList
    | Table
    | AgendaItem
    | Minute
    | Notice
    | Figure
    | PageBreak
)


@dataclass
class Document:
    """A whole generated document: metadata plus blocks in reading order."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    subtitle: str = ""
    partnership: str = ""
    brand_colour: str = "#1d4f91"  # the partnership's colour, used for rules and borders
    language: str = "en-GB"
    marking: str = ""  # security marking printed top and bottom of every page, or ""
    author: str = ""  # person or team, for document properties
    organisation: str = ""  # issuing organisation
    date_text: str = ""  # e.g. "Thursday 21 June 2018"

    def __post_init__(self) -> None:
        if not _HEX_COLOUR.fullmatch(self.brand_colour):
            raise ValueError(f"brand_colour must be #RRGGBB, not {self.brand_colour!r}")
        if not _LANGUAGE_TAG.fullmatch(self.language):
            raise ValueError(f"language must be a language tag, not {self.language!r}")


def check_paper(paper: str) -> Paper:
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    return cast(Paper, paper)

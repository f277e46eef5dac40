"""The demo's agendas and minutes read back from their PDFs (pypdf) against the seed packs:
the closing items in the published order, the letter date each pack carries, the
membership in its printed order with its vacancy, one question deadline, each organisation
named once, one date in the header, a substitute under "Also present" in a member's place,
and the roles in the body's own words."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from csphub.demo.loader import FIXTURES, load_fixture

pytestmark = pytest.mark.django_db


def pdf_text(key: str, document: str, tmp_path) -> str:
    out = tmp_path / f"{document}.pdf"
    call_command("render", key, document=document, format="pdf", out=str(out))
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Lines joined with spaces: a long entry wraps in the PDF."""
    return re.sub(r"\s+", " ", text)


def before(text: str, first: str, second: str) -> bool:
    return -1 < text.index(first) < text.index(second)


def members_listed(text: str, names: list[str]) -> list[str]:
    """The names in the order the front sheet prints them."""
    found = {name: flat(text).find(name) for name in names}
    missing = [n for n, at in found.items() if at < 0]
    assert not missing, f"not on the front sheet: {missing}"
    return sorted(names, key=found.__getitem__)


def no_doubled_prefix(text: str) -> None:
    for doubled in ("London CRC CRC", "SNB Safer Neighbourhood Board", "SEL ICB Head", "MPS MET"):
        assert doubled not in flat(text), doubled
    # the organisation printed twice in one line: "SEL ICB Adult ... SEL ICB (Bromley)"
    for line in text.splitlines():
        assert not re.search(r"\b(SEL ICB)\b.*\b\1\b", line), line


@pytest.fixture
def bromley(db):
    return load_fixture(FIXTURES / "safer-bromley.yaml")


@pytest.fixture
def barking(db):
    return load_fixture(FIXTURES / "barking-dagenham.yaml")


def test_bromley_agendas_read_as_the_packs(bromley, tmp_path):
    march = pdf_text("safer-bromley/board/2018-03-26", "agenda", tmp_path)
    july = pdf_text("safer-bromley/board/2017-07-06", "agenda", tmp_path)
    june = pdf_text("safer-bromley/board/2023-06-02", "agenda", tmp_path)
    # the closing items as every seed prints them
    assert before(march, "16  Any other business", "17  Date of next meeting")
    assert before(july, "Any other business", "Date and time of next meeting")
    assert before(june, "10  AOB", "11  Date and time of next meeting")
    # the letter dates the packs carry
    assert "15 March 2018" in march
    assert "27 June 2017" in july and "25 June 2017" not in july
    assert "23 May 2023" in june and "22 May 2023" not in june
    # the question deadline once
    for text in (march, july):
        assert flat(text).count("4 working days before the meeting") == 1
    assert flat(march).count("20 March") == 1
    # membership: (vice-)chair, portfolio holder, then the printed order
    assert members_listed(
        march, ["Nigel Davies", "Kate Lymer", "Sharon Baldwin", "Anne Ball", "Paul Warnett"]
    ) == ["Nigel Davies", "Kate Lymer", "Sharon Baldwin", "Anne Ball", "Paul Warnett"]
    assert "Environmental Services (Vice-Chairman)" in flat(march)
    printed = [
        "Louise Watkinson",
        "Ken Loyal",
        "Angela Page",
        "Stuart Baker",
        "Richard Baldwin",
        "Rob Vale",
        "Lydia Lewinson",
        "Dean Laws",
        "Cheryl Baker",
        "Louise Shafi",
    ]
    assert members_listed(june, printed) == printed
    assert "Ken Loyal, MET Police (Vice-Chairman)" in flat(june)
    assert "Chief Inspector Ken Loyal" not in june
    no_doubled_prefix(march)
    no_doubled_prefix(june)
    # the header gives the date once (flat: the heading wraps with some fonts)
    header = flat(march).split("Contact for this agenda")[0]
    assert header.count("26 March 2018") == 1


def test_barking_agenda_prints_the_vacancy_and_no_invented_letter_date(barking, tmp_path):
    text = pdf_text("barking-dagenham/board/2017-09-12", "agenda", tmp_path)
    assert before(text, "11  Any Other Business", "12  Date of Next Meeting")
    assert "1 September 2017" not in text  # the pack carries no letter date
    front = flat(text.split("A meeting of the")[0])
    assert "Vacant – Magistrates Courts Service" in front
    order = ["Anne Bristow", "Sean Wilson", "Rick Tyson", "Chris Naylor", "Vacant", "Rob Bills"]
    assert members_listed(front, order) == order
    assert "Superintendent Rick Tyson" not in front  # the pack prints the rank as his post
    # item 7 keeps its published paper
    item7 = flat(text.split("7  Performance Report")[1].split("8  Safer Neighbourhood")[0])
    assert "Community Safety Partnership Performance Call Over report" in item7


def test_bromley_minutes_read_as_minuted(bromley, tmp_path):
    december = pdf_text("safer-bromley/board/2017-12-19", "minutes", tmp_path)
    january = pdf_text("safer-bromley/board/2023-01-12", "minutes", tmp_path)
    no_doubled_prefix(december)
    no_doubled_prefix(january)
    assert "AJ Brooks (CRC Contracts Manager)" in december
    assert "(Safer Neighbourhood Board-Vice Chairman)" in december
    # the date once in the header
    for text, day in ((december, "19 December 2017"), (january, "12 January 2023")):
        header = text.split("Minutes of the meeting held")[0]
        assert header.count(day) == 1, header
    # the substitute attended in a member's place, listed as the seed lists him
    present = december.split("\nPresent\n")[1].split("\nAlso present\n")[0]
    also = december.split("\nAlso present\n")[1].split("\nApologies\n")[0]
    assert "Sham Kidane" not in present
    assert "Sham Kidane" in also and "attended in place of Janet Bailey" in flat(also)
    # roles in the body's words; no ranks the minutes do not print; names as minuted
    assert "Ken Loyal (MET Police) (Vice-Chairman)" in january
    assert "(Chairman)" in january and "(Chair)" not in january
    assert "Chief Superintendent Andy" not in january
    assert "Inspector Stuart Baker" not in january
    assert "BCU Commander Andy Brittan," in flat(january)
    # initials only beside the minute's action, once: minute 184's CH with its resolution
    m184 = december.split("184  Safer Neighbourhood Board update")[1].split("185  ")[0]
    assert re.findall(r"^CH$", m184, re.MULTILINE) == ["CH"]
    assert "RESOLVED" in m184

import pytest

from csphub.documents.render_docx import render_docx
from csphub.documents.render_pdf import render_pdf

from . import sample

MARKING = "OFFICIAL-SENSITIVE"


@pytest.fixture(scope="session")
def agenda_doc():
    return sample.agenda(marking=MARKING)


@pytest.fixture(scope="session")
def minutes_doc():
    return sample.minutes()


@pytest.fixture(scope="session")
def agenda_pdf(agenda_doc):
    return render_pdf(agenda_doc)


@pytest.fixture(scope="session")
def minutes_pdf(minutes_doc):
    return render_pdf(minutes_doc)


@pytest.fixture(scope="session")
def agenda_docx(agenda_doc):
    return render_docx(agenda_doc)


@pytest.fixture(scope="session")
def minutes_docx(minutes_doc):
    return render_docx(minutes_doc)

"""The demo's sub-group reports: both boards' pro-formas, and Bromley's March 2018 offender
management report filed on time as the item's paper."""

from __future__ import annotations

import datetime as dt

import pytest

from csphub.demo.loader import FIXTURES, load_fixture
from csphub.meetings.models import Paper
from csphub.reports import selectors
from csphub.reports.models import SubmittedReport

pytestmark = pytest.mark.django_db


def test_bromley_report_is_filed_on_its_pro_forma():
    partnership = load_fixture(FIXTURES / "safer-bromley.yaml")
    board = partnership.body_set.get(slug="board")
    pro_forma = selectors.current_pro_forma(board)
    assert [s.heading for s in pro_forma.sections.all()] == [
        "Operational Update",
        "Strategic Group Update",
        "Action for Safer Bromley Partnership",
    ]
    report = SubmittedReport.objects.get(request__partnership=partnership)
    assert not report.is_late
    paper = report.paper
    assert paper.item.title == "Offender Management Sub Group update"
    assert paper.item.meeting.date == dt.date(2018, 3, 26)
    assert paper.author == "Rob Vale"
    assert paper.date_filed == dt.date(2018, 3, 14)
    assert "£7,000" in paper.text
    # the fixture's paper of the same title was replaced, not duplicated
    assert Paper.objects.filter(item=paper.item, title=paper.title).count() == 1


def test_barking_dagenham_pro_forma():
    partnership = load_fixture(FIXTURES / "barking-dagenham.yaml")
    pro_forma = selectors.current_pro_forma(partnership.body_set.get(slug="board"))
    assert [s.heading for s in pro_forma.sections.all()][0].startswith("Purpose")
    assert [s.required for s in pro_forma.sections.all()] == [True, True, False]

"""Progress against the strategy: the report's content (counts by status and RAG, overdue,
indicator figures equal to the indicators page's), restricted actions kept from those not
cleared, the page and downloads, filing it as a paper, and the progress-report command."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.accounts.permissions import viewer_for
from csphub.accounts.visibility import anyone
from csphub.actions.models import Action
from csphub.actions.tests.factories import ActionOwnerFactory, ActionUpdateFactory
from csphub.audit.models import AuditEvent
from csphub.meetings.models import Paper
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance import figures as ind
from csphub.performance import services as performance
from csphub.performance.periods import period_choice
from csphub.strategy.progress import build_document, progress_for
from csphub.strategy.services.progress import progress_report_attach
from csphub.strategy.tests.factories import (
    CommitmentFactory,
    DeliveryPlanFactory,
    PlanActionFactory,
    PlanObjectiveFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2017, 9, 1)
TITLE = "Violence Against Women and Girls"


@pytest.fixture
def subgroup(partnership):
    return BodyFactory(
        partnership=partnership, slug="vawg", name="Domestic Abuse and VAWG Sub-Group"
    )


@pytest.fixture
def strategy(partnership):
    return StrategyFactory(partnership=partnership)


@pytest.fixture
def priority(strategy, subgroup):
    PriorityFactory(strategy=strategy, number=1, title="Safer neighbourhoods")
    priority = PriorityFactory(
        strategy=strategy, number=2, title=TITLE, lead_body=subgroup, discussion_quarter=2
    )
    CommitmentFactory(priority=priority, text="Prevention through campaigns", position=1)
    CommitmentFactory(priority=priority, text="Protect high-risk victims", position=2)
    return priority


def plan_action(objective, **action):
    link = PlanActionFactory(objective=objective, **{f"action__{k}": v for k, v in action.items()})
    ActionOwnerFactory(action=link.action)
    return link.action


@pytest.fixture
def actions(priority, subgroup):
    plan = DeliveryPlanFactory(body=subgroup, year=2017)
    objective = PlanObjectiveFactory(plan=plan, priority=priority, title="Better protect women")
    elsewhere = PlanObjectiveFactory(plan=plan, priority=None, title="Not this priority")
    made = {
        "late": plan_action(
            objective,
            description="Refresh the MARAC protocol",
            due_date=dt.date(2017, 6, 30),
            status="open",
            rag="red",
        ),
        "going": plan_action(
            objective,
            description="Run the awareness campaign",
            due_date=dt.date(2017, 12, 1),
            status="in_progress",
            rag="amber",
        ),
        "done": plan_action(
            objective,
            description="Train health staff",
            due_date=dt.date(2017, 5, 1),
            status="done",
            rag="green",
        ),
        "secret": plan_action(
            objective,
            description="Covert work on a named perpetrator",
            due_date=None,
            status="open",
            rag="red",
            is_restricted=True,
        ),
        "other": plan_action(elsewhere, description="Unrelated action", status="open"),
    }
    ActionUpdateFactory(action=made["going"], text="Posters printed and distributed")
    return made


@pytest.fixture
def indicator(partnership, users, priority, subgroup):
    sec = users["secretariat"]
    indicator = performance.indicator_create(
        actor=sec,
        partnership=partnership,
        name="Domestic abuse offences",
        owner=subgroup,
        polarity="lower_is_better",
    )
    for month, value in {
        "2016-04": 50, "2016-05": 50, "2016-06": 50,
        "2017-04": 60, "2017-05": 61, "2017-06": 62,
    }.items():  # fmt: skip
        performance.observation_record(
            actor=sec, indicator=indicator, period=dt.date.fromisoformat(month + "-01"), value=value
        )
    priority.indicators.add(indicator)
    return indicator


def test_counts_by_status_and_rag_and_overdue(priority, actions, users, partnership):
    cleared = viewer_for(users["cleared"], partnership)
    report = progress_for(priority, cleared, TODAY)
    assert {a.row.action.description for a in report.actions} == {
        "Refresh the MARAC protocol",
        "Run the awareness campaign",
        "Train health staff",
        "Covert work on a named perpetrator",
    }
    statuses = dict(report.by_status)
    assert (statuses["Open"], statuses["In progress"], statuses["Done"]) == (2, 1, 1)
    assert statuses["Dropped"] == 0
    rags = {label.split(" ")[1]: n for label, n in report.by_rag}
    assert (rags["Red"], rags["Amber"], rags["Green"]) == (2, 1, 1)
    assert [a.row.action.description for a in report.overdue] == ["Refresh the MARAC protocol"]
    going = next(a for a in report.actions if a.row.action == actions["going"])
    assert going.row.update_text == "Posters printed and distributed"
    assert going.body == "Domestic Abuse and VAWG Sub-Group"
    assert [c.text for c in report.commitments] == [
        "Prevention through campaigns",
        "Protect high-risk victims",
    ]
    assert build_document(report).marking == "RESTRICTED"


def test_restricted_action_only_for_those_cleared(priority, actions, users, partnership):
    secret = "Covert work on a named perpetrator"
    for who in ("member", "outsider", "other_secretariat"):
        report = progress_for(priority, viewer_for(users[who], partnership), TODAY)
        assert secret not in [a.row.action.description for a in report.actions], who
    public = progress_for(priority, anyone(), TODAY)
    assert secret not in [a.row.action.description for a in public.actions]
    assert build_document(public).marking == ""
    member = progress_for(priority, viewer_for(users["member"], partnership), TODAY)
    assert dict(member.by_status)["Open"] == 1
    # and through the page and the download, for the public
    url = reverse("strategy:progress", args=[partnership.slug, "2020-2023", 2])
    from django.test import Client

    page = Client().get(url)
    assert page.status_code == 200 and secret not in page.content.decode()
    html = Client().get(
        reverse("strategy:progress_download", args=[partnership.slug, "2020-2023", 2, "html"])
    )
    assert html.status_code == 200 and secret not in html.content.decode()


def test_indicator_figures_are_the_indicators_pages(priority, indicator, partnership, client):
    report = progress_for(priority, anyone(), TODAY)
    to = period_choice(partnership, "").to
    expected = next(f for f in ind.indicator_figures(partnership, to) if f.indicator == indicator)
    (figure,) = report.indicators
    assert (figure.current, figure.previous, figure.change, figure.rag_text) == (
        expected.current,
        expected.previous,
        expected.change,
        expected.rag_text,
    )
    assert figure.current == "183" and figure.rag_text == "Red"
    listing = client.get(reverse("performance:indicators", args=[partnership.slug])).content
    progress = client.get(
        reverse("strategy:progress", args=[partnership.slug, "2020-2023", 2])
    ).content.decode()
    assert "183" in listing.decode() and "183" in progress and expected.change in progress


def test_progress_page_queries_do_not_grow(
    priority, actions, indicator, partnership, client, users
):
    client.force_login(users["cleared"])
    url = reverse("strategy:progress", args=[partnership.slug, "2020-2023", 2])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    objective = priority.objectives.first()
    for n in range(6):
        action = plan_action(objective, description=f"More work {n}", status="open", rag="amber")
        ActionUpdateFactory(action=action)
    second = performance.indicator_create(
        actor=users["secretariat"],
        partnership=partnership,
        name="Sexual offences",
        owner=indicator.owner,
        polarity="lower_is_better",
    )
    performance.observation_record(
        actor=users["secretariat"], indicator=second, period=dt.date(2017, 6, 1), value=9
    )
    priority.indicators.add(second)
    CommitmentFactory(priority=priority, text="Another commitment")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_attach_files_the_public_pdf_on_the_item_and_audits(priority, actions, users, partnership):
    board = BodyFactory(partnership=partnership, slug="board", name="Board", kind="board")
    meeting = MeetingFactory(body=board, date=dt.date(2017, 9, 21))
    item = AgendaItemFactory(meeting=meeting, title="Substantive item: VAWG")
    with pytest.raises(PermissionDenied):
        progress_report_attach(actor=users["cleared"], priority=priority, agenda_item=item)
    paper = progress_report_attach(actor=users["secretariat"], priority=priority, agenda_item=item)
    assert paper.item == item and paper.content_type == "application/pdf"
    pages = pypdf.PdfReader(paper.file.open("rb")).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert TITLE in text and "Covert work" not in text
    assert "Refresh the MARAC protocol" in text  # the Board reads the plan's actions
    assert not paper.show_on_website  # plan actions are for members (decision 0024)
    assert not Paper.objects.visible_to(anyone()).filter(pk=paper.pk).exists()
    assert Paper.objects.visible_to(viewer_for(users["member"], partnership)).filter(pk=paper.pk)
    event = AuditEvent.objects.get(verb="progress_report.attach")
    assert event.after["priority"] == 2 and event.after["members_only"] is True
    again = progress_report_attach(actor=users["secretariat"], priority=priority, agenda_item=item)
    assert list(item.papers.all()) == [again]  # replaced, not piled up


def test_attach_without_plan_actions_is_a_public_paper(priority, users, partnership):
    board = BodyFactory(partnership=partnership, slug="board", name="Board", kind="board")
    item = AgendaItemFactory(meeting=MeetingFactory(body=board, date=dt.date(2017, 9, 21)))
    paper = progress_report_attach(actor=users["secretariat"], priority=priority, agenda_item=item)
    assert paper.show_on_website


def test_command_writes_pdf_and_docx(priority, actions, indicator, partnership, tmp_path):
    out = tmp_path / "progress.pdf"
    call_command(
        "progress_report", partnership.slug, "--strategy", "2020-2023", "--priority", "2",
        "--format", "pdf", "--out", str(out), stdout=io.StringIO(),
    )  # fmt: skip
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    assert TITLE in text and "Domestic abuse offences" in text, text
    assert "Covert work" not in text  # the public's view by default
    word = tmp_path / "progress.docx"
    call_command(
        "progress_report", partnership.slug, "--strategy", "2020-2023", "--priority", "2",
        "--format", "docx", "--out", str(word), stdout=io.StringIO(),
    )  # fmt: skip
    document = docx.Document(str(word))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert TITLE in body + cells and "Prevention through campaigns" in body + cells


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "--strategy", "2020-2023", "--priority", "2"], "No partnership 'nowhere'"),
        (
            ["safer-testshire", "--strategy", "2001-2004", "--priority", "2"],
            "No strategy '2001-2004'",
        ),
        (["safer-testshire", "--strategy", "2020-2023", "--priority", "9"], "No priority 9"),
        (["safer-testshire", "--priority", "2"], "--strategy"),
    ],
)
def test_command_names_what_is_unknown(priority, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("progress_report", *args, "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_a_draft_is_not_reported_to_the_public(partnership, tmp_path):
    draft = StrategyFactory(partnership=partnership, period="2023-2026", status="draft")
    PriorityFactory(strategy=draft, number=1)
    with pytest.raises(CommandError, match="No strategy '2023-2026'"):
        call_command(
            "progress_report", partnership.slug, "--strategy", "2023-2026", "--priority", "1",
            "--format", "pdf", "--out", str(tmp_path / "x.pdf"),
        )  # fmt: skip
    assert Action.objects.count() == 0

"""Delivery-plan pages, downloads and quarterly update requests.

The plan page reads a fixed number of queries however many actions it has; PDF, DOCX and
XLSX hold every action the viewer may see and no restricted one for an uncleared member;
and an update through one lead's link changes that action only.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import openpyxl
import pypdf
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from csphub.actions import services as action_services
from csphub.actions.models import Action, ActionUpdate, UpdateRequest
from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory
from csphub.strategy.models import DeliveryPlan, PlanAction, PlanObjective
from csphub.strategy.services import delivery_plans as services

pytestmark = pytest.mark.django_db

AUG_30 = timezone.make_aware(dt.datetime(2017, 8, 30, 10, 0))


@pytest.fixture
def world(partnership, users):
    """An active plan: two objectives, three actions led by three people (one restricted),
    with quarterly updates in Q1 and Q2 of 2017/18."""
    s = users["secretariat"]
    body = BodyFactory(partnership=partnership, slug="vawg", name="VAWG Sub Group")
    plan = services.delivery_plan_create(
        actor=s,
        body=body,
        year=2017,
        status=DeliveryPlan.Status.ACTIVE,
        key_targets="More victims come forward\nFewer repeat victims",
    )
    strategy_obj = services.plan_objective_add(actor=s, plan=plan, title="Strategy and training")
    support = services.plan_objective_add(actor=s, plan=plan, title="Support for victims")
    hazel, sasha, ronan = (
        PersonFactory(partnership=partnership, name=n, email=f"{n.split()[0].lower()}@x.org")
        for n in ("Hazel North Stephens", "Sasha Timmermans", "Ronan McManus")
    )
    a1 = services.plan_action_add(
        actor=s,
        objective=strategy_obj,
        description="Develop a 5-year VAWG strategy",
        outcome="Improved local understanding",
        owners=[hazel],
        due_date=dt.date(2018, 7, 31),
        rag="green",
        reference="1",
    )
    a2 = services.plan_action_add(
        actor=s,
        objective=strategy_obj,
        description="Develop a multi-agency training offer",
        outcome="Staff more confident",
        owners=[sasha],
        due_note="White Ribbon Day, November 2017",
        rag="amber",
        reference="3",
    )
    a3 = services.plan_action_add(
        actor=s,
        objective=support,
        description="Review the domestic homicide case",
        outcome="Lessons learnt",
        owners=[ronan],
        is_restricted=True,
        reference="12",
    )
    action_services.action_update_record(
        actor=s, action=a1.action, text="Draft under way.", at=AUG_30
    )
    action_services.action_update_record(
        actor=s,
        action=a2.action,
        text="Four training days agreed.",
        at=timezone.make_aware(dt.datetime(2017, 6, 1, 9)),
    )
    return {"plan": plan, "a1": a1, "a2": a2, "a3": a3, "people": (hazel, sasha, ronan)}


def _url(plan, name="strategy:delivery_plan", **extra):
    return reverse(name, args=[plan.partnership.slug, plan.body.slug, plan.year, *extra.values()])


def _download(plan, fmt):
    return reverse(
        "strategy:delivery_plan_download",
        args=[plan.partnership.slug, plan.body.slug, plan.year, fmt],
    )


# --- who sees the plan -----------------------------------------------------------------------


def test_the_public_is_asked_to_sign_in_and_outsiders_refused(world, users, client):
    plan = world["plan"]
    response = client.get(_url(plan))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(_download(plan, "pdf")).status_code == 302
    client.force_login(users["outsider"])
    assert client.get(_url(plan)).status_code == 403
    assert client.get(_download(plan, "xlsx")).status_code == 403
    client.force_login(users["other_secretariat"])
    assert client.get(_url(plan)).status_code == 403


def test_a_draft_plan_is_for_the_secretariat_only(world, users, client):
    plan = world["plan"]
    services.delivery_plan_edit(actor=users["secretariat"], plan=plan, data={"status": "draft"})
    client.force_login(users["member"])
    assert client.get(_url(plan)).status_code == 404
    assert (
        "VAWG"
        not in client.get(
            reverse("strategy:delivery_plans", args=[plan.partnership.slug])
        ).content.decode()
    )
    client.force_login(users["secretariat"])
    assert client.get(_url(plan)).status_code == 200


def test_the_plan_page_in_the_seed_layout(world, users, client):
    plan = world["plan"]
    client.force_login(users["cleared"])
    page = client.get(_url(plan)).content.decode()
    for text in (
        "VAWG Sub Group delivery plan 2017/18",
        "More victims come forward",
        "1. Strategy and training",
        "2. Support for victims",
        "Outcomes",
        "Q1 (April to June 2017)",
        "Q4 (January to March 2018)",
        "Draft under way.",  # 30 August: quarter 2
        "Four training days agreed.",  # 1 June: quarter 1
        "31 July 2018",
        "White Ribbon Day, November 2017",
        "Hazel North Stephens",
        "Green (on track)",
        "Amber (at risk)",
        "Review the domestic homicide case",
    ):
        assert text in page, text
    # each action links to its own page
    assert reverse("actions:detail", args=[plan.partnership.slug, world["a1"].action.pk]) in page
    # the update sits in its quarter's column: Q2 is the 8th cell of the row
    row = re.search(rf'id="plan-action-{world["a1"].pk}".*?</tr>', page, re.S).group(0)
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    assert "Draft under way." in cells[7] and "Draft under way." not in cells[6]


def test_an_uncleared_member_sees_no_restricted_action(world, users, client):
    plan = world["plan"]
    client.force_login(users["member"])
    page = client.get(_url(plan)).content.decode()
    assert "Review the domestic homicide case" not in page
    assert "1 restricted action(s) of this plan are not shown to you." in page
    assert "Develop a 5-year VAWG strategy" in page


def test_the_plan_page_reads_a_fixed_number_of_queries(world, users, client):
    plan = world["plan"]
    client.force_login(users["secretariat"])
    client.get(_url(plan))
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(plan)).status_code == 200
    objective = PlanObjective.objects.get(title="Support for victims")
    for n in range(6):
        pa = services.plan_action_add(
            actor=users["secretariat"],
            objective=objective,
            description=f"Extra action {n}",
            owners=[PersonFactory(partnership=plan.partnership)],
        )
        action_services.action_update_record(
            actor=users["secretariat"], action=pa.action, text=f"Update {n}", at=AUG_30
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(_url(plan)).content.decode()
    assert page.count("Extra action") == 6
    assert len(many) == len(few)


# --- downloads -------------------------------------------------------------------------------


def test_pdf_docx_and_xlsx_hold_every_action(world, users, client):
    plan = world["plan"]
    client.force_login(users["cleared"])
    descriptions = [pa.action.description for pa in PlanAction.objects.all()]

    response = client.get(_download(plan, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    # narrow columns wrap: compare without spaces
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    for d in descriptions:
        assert d.replace(" ", "") in text, d
    assert "Draftunderway." in text

    response = client.get(_download(plan, "docx"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    word = docx.Document(io.BytesIO(response.content))
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    for d in descriptions:
        assert d in cells, d
    assert "Q2, 30 August 2017: Draft under way." in cells  # the update with its quarter
    assert "Q1, 1 June 2017: Four training days agreed." in cells

    response = client.get(_download(plan, "xlsx"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Objective", "No.", "Action", "Outcomes")
    assert "Q2 update" in rows[0]
    assert sorted(r[2] for r in rows[1:]) == sorted(descriptions)
    q2 = rows[0].index("Q2 update")
    assert "Draft under way." in next(r for r in rows[1:] if r[1] == "1")[q2]


def test_downloads_leave_out_restricted_actions_for_uncleared_members(world, users, client):
    plan = world["plan"]
    client.force_login(users["member"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(_download(plan, "xlsx")).content)).active
    actions = [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(actions) == 2 and "Review the domestic homicide case" not in actions
    reader = pypdf.PdfReader(io.BytesIO(client.get(_download(plan, "pdf")).content))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "homicide" not in text and "Develop" in text
    word = docx.Document(io.BytesIO(client.get(_download(plan, "docx")).content))
    assert "homicide" not in " ".join(p.text for p in word.paragraphs) + " ".join(
        c.text for t in word.tables for row in t.rows for c in row.cells
    )


def test_an_unknown_format_is_not_found(world, users, client):
    client.force_login(users["secretariat"])
    plan = world["plan"]
    assert client.get(_url(plan).rstrip("/") + ".csv").status_code == 404


# --- quarterly update requests through signed links ------------------------------------------


def _send(world, users):
    return services.plan_updates_request(
        actor=users["secretariat"],
        plan=world["plan"],
        quarter=2,
        reply_by=timezone.localdate() + dt.timedelta(days=7),
    )


def test_one_email_per_lead_for_all_their_plan_actions(world, users):
    hazel = world["people"][0]
    extra = services.plan_action_add(
        actor=users["secretariat"],
        objective=world["a1"].objective,
        description="Complete the needs assessment",
        owners=[hazel],
    )
    report = _send(world, users)
    assert report.emails_sent == 3  # Hazel (two actions), Sasha, Ronan
    hazel_mail = next(m for m in mail.outbox if m.to == ["hazel@x.org"])
    assert hazel_mail.body.count("Update this action:") == 2
    assert "VAWG Sub Group delivery plan 2017/18, quarter 2 (July to September)" in hazel_mail.body
    assert "Please reply by" in hazel_mail.body
    request = UpdateRequest.objects.get(person=hazel)
    assert set(request.actions.all()) == {world["a1"].action, extra.action}
    assert AuditEvent.objects.filter(verb="delivery_plan.request_updates").count() == 1
    assert AuditEvent.objects.filter(verb="update_request.send").count() == 3


def test_an_update_through_one_link_changes_only_its_own_action(world, users, client):
    _send(world, users)
    sasha = world["people"][1]
    sasha_mail = next(m for m in mail.outbox if m.to == ["sasha@x.org"])
    link = re.search(r"Update this action: (\S+)", sasha_mail.body).group(1)
    path = link[link.index("/update/") :]

    def state():
        return {
            "actions": {
                a.pk: (a.status, a.rag, a.description, a.due_date)
                for a in Action.objects.order_by("pk")
            },
            "updates": {
                a.pk: list(a.updates.order_by("pk").values_list("pk", flat=True))
                for a in Action.objects.all()
            },
            "plan": list(DeliveryPlan.objects.values()),
            "objectives": list(PlanObjective.objects.order_by("pk").values()),
            "plan_actions": list(PlanAction.objects.order_by("pk").values()),
        }

    before = state()
    events_before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = client.post(
        path, {"text": "Dates agreed with the IDSVA service.", "proposed_status": "done"}
    )
    assert response.status_code == 302
    after = state()

    mine = world["a2"].action
    new = ActionUpdate.objects.get(action=mine, kind="update", via_link=True)
    assert new.text == "Dates agreed with the IDSVA service." and new.author_person == sasha
    # nothing else changed: no other action's fields or history, no plan, objective or
    # plan action
    assert after["actions"] == before["actions"]
    for pk, updates in after["updates"].items():
        assert updates == before["updates"][pk] + ([new.pk] if pk == mine.pk else [])
    for key in ("plan", "objectives", "plan_actions"):
        assert after[key] == before[key]
    events = AuditEvent.objects.exclude(pk__in=events_before)
    assert {e.verb for e in events} == {"action.update_link"}
    assert {e.object_id for e in events} == {str(mine.pk)}

    # the secretariat accepts the proposed status: that action alone is done
    action_services.proposal_decide(
        actor=users["secretariat"], update=new, decision=action_services.ACCEPT
    )
    statuses = dict(Action.objects.values_list("pk", "status"))
    assert statuses.pop(mine.pk) == "done"
    assert set(statuses.values()) == {"open"}


def test_the_request_pages(world, users, client):
    plan = world["plan"]
    url = _url(plan, "strategy:delivery_plan_request_updates")
    client.force_login(users["member"])
    assert client.get(url).status_code == 403
    client.force_login(users["secretariat"])
    page = client.get(url, {"quarter": "2"}).content.decode()
    assert "Leads to e-mail" in page and "Sasha Timmermans" in page
    reply_by = timezone.localdate() + dt.timedelta(days=5)
    page = client.get(url, {"quarter": "2", "reply_by": reply_by.isoformat()}).content.decode()
    assert f'name="reply_by" value="{reply_by.isoformat()}"' in page  # carried to the POST
    response = client.post(url, {"quarter": "2", "reply_by": reply_by.isoformat()})
    assert response.status_code == 200
    assert "Sent 3 e-mails for 3 actions." in response.content.decode()
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert "VAWG Sub Group delivery plan 2017/18, quarter 2" in message.subject
    assert f"Please reply by {reply_by:%A} {reply_by.day} {reply_by:%B %Y}" in message.body
    response = client.post(url, {"quarter": "7"})
    page = response.content.decode()
    assert "<title>Error:" in page and "Choose the quarter" in page
    assert len(mail.outbox) == 3


# --- the secretariat's forms -----------------------------------------------------------------


def test_the_secretariat_builds_a_plan_through_the_forms(partnership, users, client):
    body = BodyFactory(partnership=partnership, slug="cyp", name="Children Sub Group")
    lead = PersonFactory(partnership=partnership, name="Robert Harris")
    client.force_login(users["secretariat"])
    slug = partnership.slug
    new = reverse("strategy:delivery_plan_new", args=[slug])
    response = client.post(new, {"body": body.pk, "year": "", "status": "active"})
    assert response.status_code == 200 and "Enter the financial year" in response.content.decode()
    response = client.post(new, {"body": body.pk, "year": "2017", "status": "active"})
    plan = DeliveryPlan.objects.get(body=body)
    assert response["Location"] == _url(plan)
    response = client.post(new, {"body": body.pk, "year": "2017", "status": "active"})
    assert "already has a plan for 2017/18" in response.content.decode()

    # no objective yet: adding an action sends the secretariat to add one first
    response = client.get(_url(plan, "strategy:delivery_plan_action_new"))
    assert response["Location"] == _url(plan, "strategy:delivery_plan_objective_new")
    client.post(
        _url(plan, "strategy:delivery_plan_objective_new"), {"title": "Fewer first time entrants"}
    )
    objective = plan.objectives.get()
    response = client.post(
        _url(plan, "strategy:delivery_plan_action_new"),
        {"objective": objective.pk, "description": "Develop a youth matrix"},
    )
    page = response.content.decode()
    assert "<title>Error:" in page and "Choose at least one person or organisation" in page
    response = client.post(
        _url(plan, "strategy:delivery_plan_action_new"),
        {
            "objective": objective.pk,
            "description": "Develop a youth matrix",
            "outcome": "Young people diverted earlier",
            "people": [lead.pk],
            "lead_note": "YOS Operational Manager",
            "due_date-day": "31",
            "due_date-month": "12",
            "due_date-year": "2017",
            "rag": "green",
        },
    )
    assert response.status_code == 302
    pa = PlanAction.objects.get()
    assert pa.action.due_date == dt.date(2017, 12, 31) and pa.lead_note == "YOS Operational Manager"
    response = client.post(
        _url(plan, "strategy:delivery_plan_action_edit", pk=pa.pk),
        {
            "objective": objective.pk,
            "description": "Develop a youth at-risk matrix",
            "outcome": "Young people diverted earlier",
            "people": [lead.pk],
            "due_note": "Ongoing quarterly updates",
            "rag": "amber",
        },
    )
    assert response.status_code == 302
    pa.refresh_from_db()
    pa.action.refresh_from_db()
    assert pa.due_note == "Ongoing quarterly updates" and pa.action.due_date is None
    assert pa.action.description == "Develop a youth at-risk matrix" and pa.action.rag == "amber"
    page = client.get(_url(plan)).content.decode()
    assert "Robert Harris (YOS Operational Manager)" not in page  # the note was cleared
    assert "Ongoing quarterly updates" in page and "Amber (at risk)" in page

    # moving needs the secretariat, and POST
    move = _url(plan, "strategy:delivery_plan_objective_move", pk=objective.pk)
    assert client.get(move).status_code == 405
    client.force_login(users["member"])
    assert client.post(move, {"direction": "down"}).status_code == 403


def test_render_command_makes_the_plan_for_a_user_who_may_see_it(world, users, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    key = "safer-testshire/vawg/2017"
    out = tmp_path / "plan.xlsx"
    with pytest.raises(CommandError, match="No delivery plan"):
        call_command("render", key, document="delivery-plan", format="xlsx", out=str(out))
    call_command(
        "render",
        key,
        document="delivery-plan",
        format="xlsx",
        out=str(out),
        as_user=users["member"].username,
    )
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2  # the restricted action is not the member's

"""Every URL of the application, as every role, against a written policy (closed world).

A new URL without an entry in POLICY, or with a path parameter we can't fill, fails the
test, so nothing can be added that escapes the sweep (18F tock / CISA test_url_auth).
Restricted content carries a canary string; no role that may not see it finds it in any
response, including PDF and DOCX downloads.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings.models import Declaration, Meeting
from csphub.meetings.services import question_submit
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.tests.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
CANARY = "CANARY-0b9e41"

PUBLIC = "public"  # everyone 200
MANAGE = "manage"  # secretariat + administrator 200; anonymous 302 to sign in; others 403
MANAGE_POST = "manage-post"  # POST only: anonymous 302 to sign in; GET 405 when signed in
ADMIN = "admin"  # administrator 200; anonymous 302; others 403
POST_ONLY = "post-only"  # GET 405 for everyone
SITE = "site"  # site administrators (superusers) 200; anonymous 302 to sign in; others 403
SITE_POST = "site-post"  # POST only, site administrators: anonymous 302; GET 405 signed in
CLEARED = "cleared"  # members cleared for restricted items and the secretariat 200; anonymous
# 302 to sign in; others 403
SIGNED_IN = "signed-in"  # anyone signed in 200 (their own account); anonymous 302 to sign in
MEMBERS = "members"  # the partnership's members (any role) 200; anonymous 302; others 403

POLICY: dict[str, str] = {
    "core:home": PUBLIC,
    "core:healthz": PUBLIC,
    "core:accessibility": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": POST_ONLY,
    "accounts:roles": ADMIN,
    "accounts:user_new": ADMIN,
    "accounts:role_edit": ADMIN,
    "accounts:role_remove": ADMIN,
    "accounts:role_person": ADMIN,  # issue 11: which person an account is
    "partnerships:home": PUBLIC,
    "partnerships:brand_css": PUBLIC,
    "partnerships:bodies": PUBLIC,
    "partnerships:body": PUBLIC,
    "partnerships:memberships": MANAGE,
    "partnerships:body_new": MANAGE,
    "partnerships:body_edit": MANAGE,
    "partnerships:body_rename": MANAGE,
    "partnerships:minute_sequence_restart": MANAGE,
    "partnerships:membership_add": MANAGE,
    "partnerships:membership_edit": MANAGE,
    "partnerships:membership_end": MANAGE,
    "partnerships:people": MANAGE,
    "partnerships:person_new": MANAGE,
    "partnerships:person_edit": MANAGE,
    "partnerships:organisations": MANAGE,
    "partnerships:organisation_new": MANAGE,
    "partnerships:organisation_edit": MANAGE,
    "meetings:new": MANAGE,
    "meetings:schedule": MANAGE,
    "meetings:attendance_report": PUBLIC,
    "meetings:detail": PUBLIC,
    "meetings:document": PUBLIC,
    "meetings:paper": PUBLIC,  # the public paper; the restricted one is checked separately
    "meetings:question_new": PUBLIC,
    "meetings:edit": MANAGE,
    "meetings:agenda": MANAGE,
    "meetings:item_edit": MANAGE,
    "meetings:item_action": MANAGE_POST,
    "meetings:paper_new": MANAGE,
    # the meeting cycle's confirmation pages (issue 11): GET asks, POST does
    "meetings:publish_agenda": MANAGE,
    "meetings:mark_held": MANAGE,
    "meetings:cancel": MANAGE,
    "meetings:publish_minutes": MANAGE,
    "meetings:attendance": MANAGE,
    "meetings:minutes": MANAGE,
    "meetings:minute_edit": MANAGE,
    "meetings:minute_amend": MANAGE,
    "meetings:resolution_delete": MANAGE_POST,
    "meetings:approve": MANAGE,
    "meetings:question_answer": MANAGE,
    "meetings:declaration_new": MANAGE,
    "audit:log": MANAGE,
    # Actions: everyone reads what actions_visible allows (restricted ones: cleared only)
    "actions:log": PUBLIC,
    "actions:body_log": PUBLIC,
    "actions:owner": PUBLIC,
    "actions:detail": PUBLIC,  # the sample action comes from approved, public minutes
    "actions:new": MANAGE,
    "actions:post_update": MANAGE_POST,
    "actions:set_status": MANAGE_POST,
    "actions:set_due": MANAGE_POST,
    "actions:reassign": MANAGE_POST,
    "actions:edit": MANAGE_POST,
    "actions:update_wording": MANAGE_POST,
    "actions:initials": MANAGE,
    # issue 13 part 3: importing documents (the secretariat's working drafts)
    "importer:index": MANAGE,
    "importer:review": MANAGE,
    "importer:people": MANAGE,
    "importer:commit": MANAGE,
    "importer:result": MANAGE,
    "actions:proposal": MANAGE_POST,
    "matters_arising:report": PUBLIC,  # the agenda is published; restricted lines left out
    "matters_arising:close": MANAGE_POST,
    "matters_arising:edit_wording": MANAGE,
    "matters_arising:cover_defaults": MANAGE,  # issue 14: the cover sheet's defaults
    "matters_arising:cover_edit": MANAGE,  # issue 14: one report's cover sheet
    "action_links:list": MANAGE,
    "action_links:send": MANAGE,
    "action_links:revoke": MANAGE_POST,
    # anyone holding an owner's signed link, no account (what a link may open: test_links.py)
    "action_links:update": PUBLIC,
    "action_links:thanks": PUBLIC,
    "action_links:mine": PUBLIC,
    # the crime data pack: police open data, public (one month of counts in the world below)
    "crime_pack:pack": PUBLIC,
    "crime_pack:download": PUBLIC,
    "crime_pack:attach": MANAGE,
    # Performance indicators: figures are public, like the pack; changes are the secretariat's
    "performance:indicators": PUBLIC,
    "performance:indicator": PUBLIC,
    "performance:indicator_new": MANAGE,
    "performance:indicator_edit": MANAGE,
    "performance:observation_new": MANAGE,
    "performance:observation_upload": MANAGE,
    # The crime category mapping is shared by every partnership: anyone reads it, only a
    # site administrator changes it
    "categories:list": PUBLIC,
    "categories:mapping_new": SITE,
    "categories:mapping_edit": SITE,
    "categories:mapping_delete": SITE_POST,
    # --- Search (issue 9 part 5): anyone searches; results pass each source's visible_to,
    # proven by test_search_finds_restricted_only_for_the_cleared below
    "search:search": PUBLIC,
    # --- Accounts (issue 10 part 4): passwords and the second sign-in step. Changing a
    # password and setting up or passing the second step are for whoever is signed in (the
    # sweep's clients have passed it: csphub/accounts/tests/login.py); resetting a forgotten
    # password is for anyone, with the same answer whether or not the address exists
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,  # the sample link is invalid: "does not work"
    "accounts:password_reset_complete": PUBLIC,
    "accounts:mfa_enrol": SIGNED_IN,
    "accounts:mfa_verify": SIGNED_IN,
    # --- Agenda packs (issue 9 parts 1 and 2): the public pack with the agenda; the members'
    # pack (Part 2) for the cleared; dispatching and e-mailing are the secretariat's
    "publishing:latest_pack": PUBLIC,
    "publishing:pack_public": PUBLIC,
    "publishing:pack_members": CLEARED,
    "publishing:dispatch": MANAGE,
    "publishing:notify": MANAGE_POST,
    # --- Public website (issue 9 part 3): calendar, decisions register and attendance are
    # everyone's; each lists only what the viewer's visible_to allows (the cleared and the
    # secretariat find the canary resolution in the register)
    "public:meetings": PUBLIC,
    "public:decisions": PUBLIC,
    "public:attendance": PUBLIC,
    # --- Open data (issue 9 part 4): feeds, downloads and the API answer everyone with what
    # visible_to allows them (anonymous = the public); the canary is swept in each below, and
    # csphub/opendata/tests prove the restricted rows reach the cleared only
    "opendata:meetings_ics": PUBLIC,
    "opendata:body_meetings_ics": PUBLIC,
    "opendata:index": PUBLIC,
    "opendata:download": PUBLIC,
    "api:api-root": PUBLIC,  # answered by api:index (Ninja keeps its root name for reverse)
    "api:index": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:partnerships": PUBLIC,
    "api:partnership": PUBLIC,
    "api:bodies": PUBLIC,
    "api:meetings": PUBLIC,
    "api:meeting": PUBLIC,
    "api:decisions": PUBLIC,
    "api:actions": PUBLIC,
    "api:attendance": PUBLIC,
    # --- Delivery plans (issue 12 part 2): members' business (restricted actions for the
    # cleared only: the canary plan action below); writing is the secretariat's
    "strategy:delivery_plans": MEMBERS,
    "strategy:delivery_plan": MEMBERS,
    "strategy:delivery_plan_download": MEMBERS,
    "strategy:delivery_plan_new": MANAGE,
    "strategy:delivery_plan_edit": MANAGE,
    "strategy:delivery_plan_objective_new": MANAGE,
    "strategy:delivery_plan_objective_edit": MANAGE,
    "strategy:delivery_plan_objective_move": MANAGE_POST,
    "strategy:delivery_plan_action_new": MANAGE,
    "strategy:delivery_plan_action_edit": MANAGE,
    "strategy:delivery_plan_action_move": MANAGE_POST,
    "strategy:delivery_plan_request_updates": MANAGE,
    # --- Sub-group reports (issue 12 part 3): the secretariat requests and follows them;
    # an author writes through a signed link (the token is the key) or signed in (their own
    # requests by visible_to; others are refused)
    "reports:meeting": MANAGE,
    "reports:request_new": MANAGE,
    "reports:request_send": MANAGE_POST,
    "reports:request_remind": MANAGE_POST,
    "reports:request_revoke": MANAGE_POST,
    "reports:pro_forma": MANAGE,
    "reports:write": MANAGE,
    "reports:done": MANAGE,
    "report_links:submit": PUBLIC,
    "report_links:done": PUBLIC,
    # --- Members' home (issue 11): anyone signed in sees their own (an account linked to
    # nobody gets an empty home); papers pass visible_to (csphub/members/tests)
    "members:home": SIGNED_IN,
    # --- Strategy (issue 12 parts 1 and 5): the current and superseded versions are public,
    # drafts the secretariat's; the progress report lists the plan actions visible_to allows
    "strategy:list": PUBLIC,
    "strategy:strategy": PUBLIC,
    "strategy:priority": PUBLIC,
    "strategy:progress": PUBLIC,
    "strategy:progress_download": PUBLIC,
    "strategy:strategy_new": MANAGE,
    "strategy:strategy_edit": MANAGE,
    "strategy:strategy_make_current": MANAGE,
    "strategy:strategy_refresh": MANAGE,
    "strategy:priority_new": MANAGE,
    "strategy:supporting_new": MANAGE,
    "strategy:survey_new": MANAGE,
    "strategy:supporting_delete": MANAGE_POST,
    "strategy:survey_delete": MANAGE_POST,
    "strategy:priority_edit": MANAGE,
    "strategy:priority_move": MANAGE_POST,
    "strategy:priority_indicators": MANAGE,
    "strategy:commitment_new": MANAGE,
    "strategy:commitment_edit": MANAGE,
    "strategy:commitment_move": MANAGE_POST,
    "strategy:commitment_delete": MANAGE_POST,
    "strategy:progress_attach": MANAGE,
    # Forward plan (issue 12 part 4): members read it; the secretariat's buttons POST
    "strategy:forward_plan": MEMBERS,
    "strategy:forward_add": MANAGE,
    "strategy:forward_sync": MANAGE_POST,
    "strategy:forward_from_resolution": MANAGE_POST,
    "strategy:forward_to_agenda": MANAGE_POST,
    "strategy:forward_move": MANAGE_POST,
    "strategy:forward_drop": MANAGE_POST,
}
ROLES = [
    None,
    "member",
    "cleared",
    "outsider",
    "secretariat",
    "administrator",
    "other_secretariat",
    "superuser",
]
SEES_RESTRICTED = {"cleared", "secretariat", "administrator", "superuser"}


def all_patterns(patterns=None, prefix="", params=()):
    """(name, path parameters) for every named pattern, parameters of includes included."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from all_patterns(p.url_patterns, ns, (*params, *p.pattern.converters))
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", [*params, *p.pattern.converters]


@pytest.fixture
def world(partnership, other_partnership, users):
    body = BodyFactory(partnership=partnership, slug="board")
    meeting = MeetingFactory(
        body=body, date=dt.date(2017, 12, 19), status=Meeting.Status.DRAFT_MINUTES
    )
    public_item = AgendaItemFactory(meeting=meeting, title="Public item")
    public_paper = PaperFactory(item=public_item, title="Public paper")
    public_paper.file.save("x", io.BytesIO(b"%PDF-1.4 public"), save=True)
    secret = AgendaItemFactory(
        meeting=meeting,
        title=f"Item {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
        description=f"Note {CANARY}",
    )
    secret_paper = PaperFactory(item=secret, title=f"Paper {CANARY}", security_marking="RESTRICTED")
    secret_paper.file.save("y", io.BytesIO(b"%PDF-1.4 " + CANARY.encode()), save=True)
    minute = MinuteFactory(
        meeting=meeting,
        item=secret,
        title=f"Minute {CANARY}",
        text=f"Text {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
    )
    resolution = ResolutionFactory(minute=minute, text=f"RESOLVED that {CANARY}")
    Declaration.objects.create(
        meeting=meeting,
        person=PersonFactory(partnership=partnership),
        item=secret,
        text=f"Interest {CANARY}",
    )
    question = question_submit(  # received before the meeting: it takes none after
        meeting=meeting,
        asker_name="A Resident",
        asker_kind="public",
        text="Why?",
        received_at=dt.datetime(2017, 12, 10, 12, tzinfo=dt.UTC),
    )
    membership = MembershipFactory(body=body)
    person = PersonFactory(partnership=partnership, slug="someone")
    # Actions from an earlier meeting: the Matters Arising report of 19 December lists them.
    from csphub.actions import services as action_services

    october = MeetingFactory(
        body=body, date=dt.date(2017, 10, 16), status=Meeting.Status.MINUTES_APPROVED
    )
    open_action = action_services.action_create(
        actor=users["secretariat"],
        body=body,
        description="Bring an update on the exercise",
        owners=[person],
        minute=MinuteFactory(meeting=october, number=150, title="Resilience"),
    )
    open_update = action_services.action_update_record(
        actor=users["secretariat"], action=open_action, text="In hand."
    )
    action_services.action_create(
        actor=users["secretariat"],
        body=body,
        description=f"Action {CANARY}",
        owners=[person],
        minute=MinuteFactory(
            meeting=october,
            number=151,
            title=f"Minute {CANARY}",
            is_restricted=True,
            restricted_reason="para-7",
        ),
    )
    # Partnership B has a board meeting on the same day, to try A's ids through B's URLs.
    other_body = BodyFactory(partnership=other_partnership, slug="board")
    MeetingFactory(body=other_body, date=meeting.date, status=Meeting.Status.DRAFT_MINUTES)
    role_holder = user_with_role(partnership, "member")
    # An owner's update link, for the action_links pages
    from django.utils import timezone

    from csphub.actions.links import make_token
    from csphub.actions.models import UpdateRequest

    link_request = UpdateRequest.objects.create(
        partnership=partnership,
        person=person,
        meeting=meeting,
        kind="request",
        sent_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    link_request.actions.set([open_action])
    # A delivery plan of the board for 2017/18, with a restricted (canary) action
    from csphub.strategy.services import delivery_plans

    plan = delivery_plans.delivery_plan_create(
        actor=users["secretariat"], body=body, year=2017, status="active"
    )
    objective = delivery_plans.plan_objective_add(
        actor=users["secretariat"], plan=plan, title="Fewer victims"
    )
    plan_action = delivery_plans.plan_action_add(
        actor=users["secretariat"], objective=objective, description="Map", owners=[person]
    )
    delivery_plans.plan_action_add(
        actor=users["secretariat"],
        objective=objective,
        description=f"Plan action {CANARY}",
        owners=[person],
        is_restricted=True,
    )
    from csphub.reports import links as report_links
    from csphub.reports.tests.factories import report_request_with_submission

    report_request = report_request_with_submission(item=public_item, author=person)
    from csphub.performance.models import Indicator

    indicator = Indicator.objects.create(
        partnership=partnership, owner=body, name="Burglary", polarity="lower_is_better"
    )
    samples = {
        "slug": partnership.slug,
        "body": "board",
        "date": "2017-12-19",
        "person": person.slug,
        "user_id": role_holder.pk,
        "token": make_token(link_request, open_action),
        "report_token": report_links.make_token(report_request),
        "month": "2017-12",
        "number": 1,
        "year": 2017,
        "uidb64": "MQ",  # issue 10 part 4: a password reset link (its token is not valid)
    }
    from csphub.importer.tests.factories import make_draft

    draft = make_draft(partnership)
    pks = {
        "importer:review": draft.pk,
        "importer:people": draft.pk,
        "importer:commit": draft.pk,
        "importer:result": draft.pk,
        "meetings:paper": public_paper.pk,
        "meetings:item_edit": secret.pk,
        "meetings:item_action": secret.pk,
        "meetings:paper_new": secret.pk,
        "meetings:minute_edit": minute.pk,
        "meetings:minute_amend": minute.pk,
        "meetings:resolution_delete": resolution.pk,
        "meetings:question_answer": question.pk,
        "partnerships:membership_edit": membership.pk,
        "partnerships:membership_end": membership.pk,
        "partnerships:organisation_edit": membership.organisation.pk,
        "actions:detail": open_action.pk,
        "actions:post_update": open_action.pk,
        "actions:set_status": open_action.pk,
        "actions:set_due": open_action.pk,
        "actions:reassign": open_action.pk,
        "actions:edit": open_action.pk,
        "actions:update_wording": open_update.pk,
        "actions:proposal": open_update.pk,
        "matters_arising:close": open_action.pk,
        "matters_arising:edit_wording": open_update.pk,
        "action_links:revoke": link_request.pk,
        "reports:request_send": report_request.pk,
        "reports:request_remind": report_request.pk,
        "reports:request_revoke": report_request.pk,
        "reports:write": report_request.pk,
        "reports:done": report_request.pk,
        "performance:indicator": indicator.pk,
        "performance:indicator_edit": indicator.pk,
        "performance:observation_new": indicator.pk,
        "strategy:delivery_plan_objective_edit": objective.pk,
        "strategy:delivery_plan_objective_move": objective.pk,
        "strategy:delivery_plan_action_edit": plan_action.pk,
        "strategy:delivery_plan_action_move": plan_action.pk,
    }
    # Strategy (issue 12): a current strategy whose priority 1 a restricted plan action serves
    from csphub.strategy.tests.factories import (
        CommitmentFactory,
        PriorityFactory,
        StrategyFactory,
        SupportingDocumentFactory,
        SurveyResultFactory,
    )

    strategy = StrategyFactory(partnership=partnership)
    priority = PriorityFactory(strategy=strategy, number=1)
    priority.indicators.add(indicator)
    commitment = CommitmentFactory(priority=priority)
    # the delivery plan's objective above, with its restricted canary action, serves it
    objective.priority = priority
    objective.save(update_fields=["priority"])
    samples["period"] = strategy.period
    pks |= {
        "strategy:strategy_edit": strategy.pk,
        "strategy:strategy_make_current": strategy.pk,
        "strategy:strategy_refresh": strategy.pk,
        "strategy:priority_new": strategy.pk,
        "strategy:supporting_new": strategy.pk,
        "strategy:survey_new": strategy.pk,
        "strategy:supporting_delete": SupportingDocumentFactory(strategy=strategy).pk,
        "strategy:survey_delete": SurveyResultFactory(strategy=strategy).pk,
        "strategy:priority_edit": priority.pk,
        "strategy:priority_move": priority.pk,
        "strategy:priority_indicators": priority.pk,
        "strategy:commitment_new": priority.pk,
        "strategy:progress_attach": priority.pk,
        "strategy:commitment_edit": commitment.pk,
        "strategy:commitment_move": commitment.pk,
        "strategy:commitment_delete": commitment.pk,
    }
    # Forward plan (issue 12 part 4): one planned topic of the board
    from csphub.strategy.tests.factories import ForwardPlanItemFactory

    forward_item = ForwardPlanItemFactory(body=body)
    pks |= {
        "strategy:forward_from_resolution": resolution.pk,
        "strategy:forward_to_agenda": forward_item.pk,
        "strategy:forward_move": forward_item.pk,
        "strategy:forward_drop": forward_item.pk,
    }
    # One month of counts for the partnership's area, so the pack's downloads exist
    from csphub.police.models import CategoryMapping
    from csphub.police.tests.factories import AreaFactory, CrimeCountFactory

    CrimeCountFactory(area=AreaFactory(name="Testshire"), month=dt.date(2017, 12, 1), count=9)
    global_pks = {
        "categories:mapping_edit": CategoryMapping.objects.first().pk,
        "categories:mapping_delete": CategoryMapping.objects.first().pk,
    }
    # A dispatched pack: the members' version holds Part 2 (the canary)
    from django.core.files.base import ContentFile
    from django.utils import timezone as tz

    from csphub.publishing.models import PackVersion

    pack = PackVersion(
        meeting=meeting, number=1, dispatched_at=tz.now(), public_pages=1, members_pages=2
    )
    pack.public_file.save("p.pdf", ContentFile(b"%PDF-1.4 public pack"), save=False)
    pack.members_file.save("m.pdf", ContentFile(b"%PDF-1.4 Part 2 " + CANARY.encode()))
    return {
        "samples": samples,
        "pks": pks,
        "global_pks": global_pks,
        "secret_paper": secret_paper,
        "meeting": meeting,
        "other": other_partnership,
    }


# Every document in each format it comes in (the Matters Arising report is the meeting's too)
VARIANTS = {
    "meetings:document": [
        {"document": d, "fmt": f}
        for d in ("agenda", "minutes", "matters-arising")
        for f in ("html", "pdf", "docx")
    ],
    "crime_pack:download": [
        {"paper": p, "fmt": f}
        for p, f in [("a4", "pdf"), ("a3", "pdf"), ("a4", "docx"), ("a4", "html"), ("a4", "csv")]
    ],
    "strategy:delivery_plan_download": [{"fmt": f} for f in ("html", "pdf", "docx", "xlsx")],
    "strategy:progress_download": [{"fmt": f} for f in ("html", "pdf", "docx")],
    # Open data (issue 9 part 4): every dataset in both formats
    "opendata:download": [
        {"dataset": d, "fmt": f}
        for d in ("meetings", "attendance", "decisions", "actions")
        for f in ("csv", "json")
    ],
}


def urls_for(world):
    """(name, url) for every pattern, with documents in each format."""
    out = []
    for name, params in all_patterns():
        if name not in POLICY:
            pytest.fail(f"{name} has no entry in POLICY: say who may see it")
        kwargs = {}
        variants = [{}]
        for param in params:
            if param == "pk":
                pks = {**world["pks"], **world["global_pks"]}
                if name not in pks:
                    pytest.fail(f"{name}: no sample pk")
                kwargs["pk"] = pks[name]
            elif param in {"document", "paper", "fmt", "dataset"}:
                if name not in VARIANTS:
                    pytest.fail(f"{name}: no sample documents for {param!r}")
                variants = VARIANTS[name]
            elif param in world["samples"]:
                kwargs[param] = world["samples"][param]
            else:
                pytest.fail(f"{name}: no sample value for path parameter {param!r}")
        for v in variants:
            out.append((name, reverse(name, kwargs={**kwargs, **v})))
    return out


def expected(policy: str, role: str | None) -> int:
    if policy == PUBLIC:
        return 200
    if policy == POST_ONLY:
        return 405
    if role is None:
        return 302
    if policy == SIGNED_IN:
        return 200
    if policy == SITE_POST:
        return 405
    if policy == SITE:
        return 200 if role == "superuser" else 403
    if policy == MANAGE_POST:
        return 405
    if role == "superuser":  # administers every partnership
        return 200
    if policy == CLEARED:
        return 200 if role in SEES_RESTRICTED else 403
    if policy == MEMBERS:
        return 403 if role in {"outsider", "other_secretariat"} else 200
    allowed = {"secretariat", "administrator"} if policy.startswith(MANAGE) else {"administrator"}
    if role not in allowed:
        return 403
    return 200


def body_text(response) -> str:
    """The text a reader gets from a response: PDF and DOCX downloads are opened, not grepped."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            pages = PdfReader(io.BytesIO(content)).pages
            return "\n".join(p.extract_text() for p in pages) + content.decode("latin-1")
        except PdfReadError:  # an uploaded paper in the fixture is a stub, not a real PDF
            return content.decode("latin-1")
    if "wordprocessingml" in kind:
        from docx import Document

        d = Document(io.BytesIO(content))
        parts = [p.text for p in d.paragraphs]
        parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
        for section in d.sections:
            parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        return "\n".join(parts)
    return content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("role", ROLES)
def test_every_url_as_every_role(client, users, world, role):
    if role == "superuser":
        from csphub.accounts.tests.factories import UserFactory

        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    elif role is not None:
        client.force_login(users[role])
    problems = []
    canary_seen = False
    for name, url in urls_for(world):
        response = client.get(url)
        want = expected(POLICY[name], role)
        if response.status_code != want:
            problems.append(f"{name} {url}: {response.status_code}, expected {want}")
            continue
        if response.status_code == 200:
            found = CANARY in body_text(response)
            canary_seen |= found
            if found and role not in SEES_RESTRICTED:
                problems.append(f"{name} {url}: shows restricted content to {role or 'anonymous'}")
    assert not problems, "\n".join(problems)
    assert canary_seen is (role in SEES_RESTRICTED), "the canary check proves nothing"


@pytest.mark.parametrize("role", ROLES)
def test_restricted_paper_download(client, users, world, role):
    if role == "superuser":
        from csphub.accounts.tests.factories import UserFactory

        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    elif role is not None:
        client.force_login(users[role])
    m = world["meeting"]
    url = reverse(
        "meetings:paper", args=["safer-testshire", "board", "2017-12-19", world["secret_paper"].pk]
    )
    response = client.get(url)
    assert response.status_code == (200 if role in SEES_RESTRICTED else 404)
    assert m.pk


def test_other_partnership_ids_through_own_urls_look_missing(client, users, world):
    """B's secretariat puts A's ids into B's URLs: the answer is the one a missing id gets."""
    client.force_login(users["other_secretariat"])
    other = world["other"].slug
    params = dict(all_patterns())
    for name, pk in world["pks"].items():
        base = {"slug": other, "body": "board", "date": "2017-12-19", "year": 2017}
        kwargs = {k: v for k, v in base.items() if k in params[name]}
        theirs = client.get(reverse(name, kwargs={**kwargs, "pk": pk}))
        missing = client.get(reverse(name, kwargs={**kwargs, "pk": 999999}))
        assert theirs.status_code == missing.status_code, name
        assert theirs.status_code in {404, 405}, name


# --- Search (issue 9 part 5) -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_restricted_only_for_the_cleared(client, users, world, role):
    """The canary's second half, searched for: a marked match appears only for the cleared
    (the query itself is echoed in the form, so the marked hit is what is looked for)."""
    if role == "superuser":
        from csphub.accounts.tests.factories import UserFactory

        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    elif role is not None:
        client.force_login(users[role])
    url = reverse("search:search", args=["safer-testshire"])
    response = client.get(url, {"q": CANARY.split("-")[1]})
    assert response.status_code == 200
    hit = f"{CANARY.split('-')[1]}</mark>" in response.content.decode()
    assert hit is (role in SEES_RESTRICTED)


DOWNLOADS = (".pdf", ".docx", ".xlsx", ".csv", ".json", ".ics", ".zip")


def test_cached_fragments_never_reach_a_role_that_may_not_see_them(client, users, world, settings):
    """Every page again with page fragments cached (decision 0030), the roles that see
    restricted content first, so that a fragment keyed too loosely would be served to the
    others: the same policy and the same canary check must hold."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "access-matrix-fragments",
        },
    }
    caches["fragments"].clear()
    order = sorted(ROLES, key=lambda r: (r not in SEES_RESTRICTED, str(r)))
    problems = []
    for role in order:
        client.logout()
        if role == "superuser":
            from csphub.accounts.tests.factories import UserFactory

            client.force_login(UserFactory(is_superuser=True, is_staff=True))
        elif role is not None:
            client.force_login(users[role])
        for name, url in urls_for(world):
            if url.split("?")[0].endswith(DOWNLOADS):
                continue  # documents are not pages: no fragments in them
            response = client.get(url)
            if response.status_code != expected(POLICY[name], role):
                problems.append(f"{role} {name} {url}: {response.status_code}")
            elif response.status_code == 200 and not response.streaming:
                if CANARY in body_text(response) and role not in SEES_RESTRICTED:
                    problems.append(f"{name} {url}: restricted content reached {role}")
    assert not problems, "\n".join(problems)
    assert len(caches["fragments"]._cache) > 0, "nothing was cached, so this proves nothing"

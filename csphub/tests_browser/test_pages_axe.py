"""Every main page of the Barking and Dagenham demo, as the public and as the secretariat,
passes the accessibility check. Secretariat pages visited anonymously must ask the visitor
to sign in (or refuse them), and that page must pass too."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page

from csphub.accounts.tests.factories import user_with_role
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.meetings.models import Minute

from .conftest import assert_accessible, login_as

pytestmark = pytest.mark.browser

SLUG = "barking-dagenham"
JUNE = "2017-06-12"
SEPTEMBER = "2017-09-12"
DECEMBER = "2017-12-13"  # scheduled, agenda not published
SNB_JUNE = "2017-06-15"  # Safer Neighbourhood Board executive: draft minutes, still editable


@dataclass(frozen=True)
class Target:
    key: str
    name: str
    args: tuple
    query: str = ""
    public: bool = True
    minute: str = ""  # a meeting date: append the pk of its first minute to args


PAGES = [
    Target("home", "core:home", ()),
    Target("partnership", "partnerships:home", (SLUG,)),
    Target("bodies", "partnerships:bodies", (SLUG,)),
    Target("body", "partnerships:body", (SLUG, "board"), query="?on=2017-06-12"),
    Target("meeting-june", "meetings:detail", (SLUG, "board", JUNE)),
    Target("meeting-september", "meetings:detail", (SLUG, "board", SEPTEMBER)),
    Target("question-form", "meetings:question_new", (SLUG, "board", SEPTEMBER)),
    Target("matters-arising", "matters_arising:report", (SLUG, "board", SEPTEMBER)),
    Target(
        "ma-cover-sheet", "matters_arising:cover_edit", (SLUG, "board", SEPTEMBER), public=False
    ),
    Target("ma-cover-defaults", "matters_arising:cover_defaults", (SLUG,), public=False),
    Target("agenda-editor", "meetings:agenda", (SLUG, "board", SEPTEMBER), public=False),
    Target("attendance-form", "meetings:attendance", (SLUG, "board", SEPTEMBER), public=False),
    Target("minutes-editor", "meetings:minutes", (SLUG, "snb", SNB_JUNE), public=False),
    Target("minutes-approved", "meetings:minutes", (SLUG, "board", JUNE), public=False),
    Target(
        "minute-edit",
        "meetings:minute_edit",
        (SLUG, "snb", SNB_JUNE),
        public=False,
        minute=SNB_JUNE,
    ),
    Target(
        "minute-correction",
        "meetings:minute_amend",
        (SLUG, "board", JUNE),
        public=False,
        minute=JUNE,
    ),
    Target("audit-log", "audit:log", (SLUG,), public=False),
    Target("actions", "actions:log", (SLUG,)),
    Target("action-plan", "actions:log", (SLUG,), query="?layout=plan"),
    Target("body-actions", "actions:body_log", (SLUG, "board")),
    Target("owner-actions", "actions:owner", (SLUG, "angela-stephens")),
    Target("action-new", "actions:new", (SLUG,), public=False),
    Target("initials-to-match", "actions:initials", (SLUG,), public=False),
    Target("update-requests", "action_links:list", (SLUG,), public=False),
    Target("request-updates", "action_links:send", (SLUG, "board", SEPTEMBER), public=False),
    # the meeting cycle's confirmation pages and the schedule chooser (issue 11)
    Target("schedule-choose", "meetings:schedule", (SLUG,), public=False),
    Target("publish-confirm", "meetings:publish_agenda", (SLUG, "board", DECEMBER), public=False),
    Target("cancel-confirm", "meetings:cancel", (SLUG, "board", DECEMBER), public=False),
    Target("approve-confirm", "meetings:approve", (SLUG, "snb", SNB_JUNE), public=False),
    Target("people", "partnerships:people", (SLUG,), public=False),
    Target("organisations", "partnerships:organisations", (SLUG,), public=False),
    # delivery plans (issue 12 part 2): members' business, so the public is asked to sign in
    Target("delivery-plans", "strategy:delivery_plans", (SLUG,), public=False),
    Target("delivery-plan", "strategy:delivery_plan", (SLUG, "vawg", 2017), public=False),
    Target(
        "delivery-plan-requests",
        "strategy:delivery_plan_request_updates",
        (SLUG, "vawg", 2017),
        query="?quarter=3",
        public=False,
    ),
]


@pytest.fixture
def demo(transactional_db):
    partnership = load_fixture(FIXTURES / "barking-dagenham.yaml")
    assert partnership is not None
    return partnership


def _address(target: Target) -> str:
    args = list(target.args)
    if target.minute:
        minute = (
            Minute.objects.filter(meeting__body__slug=args[1], meeting__date=target.minute)
            .order_by("number", "suffix")
            .first()
        )
        assert minute is not None, f"the demo has no minutes for {args[1]} {target.minute}"
        args.append(minute.pk)
    try:
        return reverse(target.name, args=args) + target.query
    except NoReverseMatch:
        pytest.skip(f"URL name {target.name!r} does not resolve yet ({target.key}).")


@pytest.mark.parametrize("target", PAGES, ids=[t.key for t in PAGES])
def test_page_is_accessible_to_the_public(page: Page, live_server, demo, target: Target):
    address = _address(target)
    response = page.goto(live_server.url + address)
    assert response is not None
    if target.public:
        assert response.status == 200, f"{address} gave {response.status} to the public"
    else:
        # A secretariat page: sign in first (or, at the least, a refusal), never the page
        signed_out = "/accounts/login/" in page.url
        assert signed_out or response.status in {403, 404}, (
            f"{address} gave {response.status} at {page.url} to an anonymous visitor"
        )
        if signed_out:
            assert response.status == 200, f"the sign-in page gave {response.status}"
    assert_accessible(page)


@pytest.mark.parametrize("target", PAGES, ids=[t.key for t in PAGES])
def test_page_is_accessible_to_the_secretariat(page: Page, live_server, demo, target: Target):
    address = _address(target)
    login_as(page.context, live_server, user_with_role(demo, "secretariat"))
    response = page.goto(live_server.url + address)
    assert response is not None
    assert response.status == 200, f"{address} gave {response.status} to the secretariat"
    assert "/accounts/login/" not in page.url, f"{address} asked the secretariat to sign in"
    assert_accessible(page)

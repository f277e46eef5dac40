"""The performance pages of the Barking and Dagenham demo, with the real MPS borough figures:
indicators and the pack with its sub-group tables, as the public; the indicator forms, the
upload page and attaching the pack to a meeting, as the secretariat. Every page passes axe."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from csphub.accounts.tests.factories import user_with_role
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from csphub.partnerships.models import Body
from csphub.performance.models import Indicator
from csphub.police.tests.factories import police_file

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

SLUG = "barking-dagenham"


@pytest.fixture
def demo(transactional_db):
    vintage = police_file("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
    population = police_file("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv")
    call_command("import_police", str(vintage), str(population), stdout=io.StringIO())
    partnership = load_fixture(FIXTURES / "barking-dagenham.yaml")
    assert partnership is not None
    return partnership


def test_public_indicator_and_pack_pages(page, live_server, demo):
    page.set_default_navigation_timeout(90_000)  # the pack draws its charts on first request
    fte = Indicator.objects.get(partnership=demo, number=7)
    for url in (
        reverse("performance:indicators", args=[SLUG]) + "?to=2017-07",
        reverse("performance:indicator", args=[SLUG, fte.pk]) + "?to=2017-07",
        reverse("crime_pack:pack", args=[SLUG]) + "?to=2017-07",
    ):
        visit(page, live_server.url + url)
        assert_accessible(page)
    assert page.get_by_role("heading", name="Indicators by sub-group").is_visible()
    table = page.get_by_role("table", name="Safer Borough Sub Group: April to July 2017")
    assert table.get_by_text("518, up 27.9% (up 113 offences)").is_visible()
    assert page.get_by_text("654 per 100,000 10-17 year olds").first.is_visible()
    assert page.get_by_role("link", name="Attach the pack to a meeting").count() == 0


def test_secretariat_forms_and_attaching_the_pack(page, live_server, demo):
    page.set_default_navigation_timeout(90_000)
    login_as(page.context, live_server, user_with_role(demo, "secretariat"))
    board = Body.objects.get(partnership=demo, slug="board")
    meeting = MeetingFactory(body=board, date=dt.date(2017, 12, 5), status=Meeting.Status.SCHEDULED)
    AgendaItemFactory(meeting=meeting, title="Performance Call Over")
    fte = Indicator.objects.get(partnership=demo, number=7)
    for url in (
        reverse("performance:indicator_new", args=[SLUG]),
        reverse("performance:indicator_edit", args=[SLUG, fte.pk]),
        reverse("performance:observation_new", args=[SLUG, fte.pk]),
        reverse("performance:observation_upload", args=[SLUG]),
    ):
        visit(page, live_server.url + url)
        assert_accessible(page)

    visit(page, live_server.url + reverse("crime_pack:pack", args=[SLUG]) + "?to=2017-07")
    click_and_wait(page, page.get_by_role("link", name="Attach the pack to a meeting"))
    assert_accessible(page)
    assert page.get_by_label("Financial year to date, up to the month").input_value() == "2017-07"
    item = page.get_by_label("Agenda item")
    assert "Performance Call Over" in item.locator("option:checked").inner_text()
    page.get_by_label("A3 landscape (larger print)").check()
    click_and_wait(page, page.get_by_role("button", name="Attach the pack"))
    assert page.get_by_text(
        "Crime data pack: Barking and Dagenham, April to July 2017"
    ).first.is_visible()
    assert_accessible(page)


def test_category_mapping_pages(page, live_server, transactional_db):
    from csphub.accounts.tests.factories import UserFactory
    from csphub.police.models import CategoryMapping

    visit(page, live_server.url + reverse("categories:list"))
    assert_accessible(page)
    login_as(page.context, live_server, UserFactory(is_superuser=True, is_staff=True))
    visit(page, live_server.url + reverse("categories:list") + "?source=mps")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Add a mapping"))
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Save"))
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)
    mapping = CategoryMapping.objects.filter(source="mps").first()
    visit(page, live_server.url + reverse("categories:mapping_edit", args=[mapping.pk]))
    assert_accessible(page)

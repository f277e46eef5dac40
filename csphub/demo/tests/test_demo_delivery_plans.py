"""The demo's Barking and Dagenham delivery plans: the four sub-group plans of the September
2017 pack load with their actions, outcomes, leads, dates and quarterly updates."""

import datetime as dt

import pytest

from csphub.accounts.permissions import viewer_for
from csphub.audit.actors import SystemActor
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.partnerships.models import Body, Person
from csphub.strategy.models import DeliveryPlan, PlanAction
from csphub.strategy.plan_selectors import plan_view

pytestmark = pytest.mark.django_db


@pytest.fixture
def barking(db):
    return load_fixture(FIXTURES / "barking-dagenham.yaml")


def test_the_four_plans_load_with_their_action_counts(barking):
    counts = {
        p.body.slug: PlanAction.objects.filter(objective__plan=p).count()
        for p in DeliveryPlan.objects.filter(partnership=barking).select_related("body")
    }
    assert counts == {
        "children-young-people": 11,
        "managing-offenders": 15,
        "hate-intolerance-extremism": 15,
        "vawg": 26,
    }
    assert set(DeliveryPlan.objects.filter(partnership=barking).values_list("status", "year")) == {
        ("active", 2017)
    }


def test_sub_groups_have_terms_of_reference_and_priorities(barking):
    for plan in DeliveryPlan.objects.filter(partnership=barking).select_related("body"):
        assert plan.body.terms_of_reference.strip(), plan.body.slug
        assert plan.body.kind == Body.Kind.SUBGROUP
        assert len(plan.key_targets.splitlines()) >= 4


def test_leads_dates_outcomes_and_updates_as_the_seed_shows(barking):
    view = plan_view(
        DeliveryPlan.objects.get(partnership=barking, body__slug="vawg"),
        viewer_for(SystemActor("test"), barking),
    )
    rows = {r.number: r for r in view.rows}
    assert "Hazel North-Stephens" in rows["1"].lead_text
    assert rows["1"].action.due_date == dt.date(2018, 7, 31)
    assert "Four full days of training" in rows["3"].q2  # updated 30 August 2017: Q2
    assert rows["3"].q1 == "" and rows["3"].q3 == ""
    assert "89 trials" in rows["20"].q2
    assert rows["19"].plan_action.due_note == "Quarterly updates and data report"
    cyp = plan_view(
        DeliveryPlan.objects.get(partnership=barking, body__slug="children-young-people"),
        viewer_for(SystemActor("test"), barking),
    )
    first = cyp.rows[0]
    assert first.lead_text == "Robert Harris (YOS Operational Manager)"
    assert first.action.due_date == dt.date(2017, 12, 31)
    assert "diverted at a lower level" in first.plan_action.outcome
    mo = DeliveryPlan.objects.get(partnership=barking, body__slug="managing-offenders")
    assert [o.title.split(":")[0] for o in mo.objectives.order_by("position")][0] == (
        "Information and intelligence development"
    )
    # the people the plans name exist, with demo addresses so update requests reach them
    robert = Person.objects.get(partnership=barking, slug="robert-harris")
    assert robert.email.endswith(".example.org")

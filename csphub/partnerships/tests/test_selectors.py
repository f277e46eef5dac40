import datetime as dt

import pytest

from csphub.partnerships import selectors
from csphub.partnerships.models import Membership
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
)

D = dt.date


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership)


def _member(body, name, **kwargs):
    person = PersonFactory(partnership=body.partnership, name=name)
    return MembershipFactory(body=body, person=person, **kwargs)


@pytest.mark.django_db
def test_memberships_on_start_and_end_days_are_inclusive(body):
    m = _member(body, "Ann Able", start=D(2018, 1, 1), end=D(2018, 12, 31))
    assert selectors.memberships_on(body, D(2018, 1, 1)) == [m]
    assert selectors.memberships_on(body, D(2018, 12, 31)) == [m]
    assert selectors.memberships_on(body, D(2017, 12, 31)) == []
    assert selectors.memberships_on(body, D(2019, 1, 1)) == []


@pytest.mark.django_db
def test_memberships_on_none_bounds_are_open_ended(body):
    always = _member(body, "Ann Always", start=None, end=None)
    since = _member(body, "Ben Since", start=D(2018, 6, 1), end=None)
    until = _member(body, "Cat Until", start=None, end=D(2018, 6, 1))
    assert {m.pk for m in selectors.memberships_on(body, D(1990, 1, 1))} == {always.pk, until.pk}
    assert {m.pk for m in selectors.memberships_on(body, D(2018, 6, 1))} == {
        always.pk,
        since.pk,
        until.pk,
    }
    assert {m.pk for m in selectors.memberships_on(body, D(2030, 1, 1))} == {always.pk, since.pk}


@pytest.mark.django_db
def test_memberships_on_orders_chair_first_then_role_then_name(body):
    start = D(2018, 1, 1)
    _member(body, "Zed Member", role=Membership.Role.MEMBER, start=start)
    _member(body, "Amy Secretary", role=Membership.Role.SECRETARY, start=start)
    _member(body, "Bob Member", role=Membership.Role.MEMBER, start=start)
    _member(body, "Yan Vice", role=Membership.Role.VICE_CHAIR, start=start)
    _member(body, "Xia Chair", role=Membership.Role.CHAIR, start=start)
    names = [m.person.name for m in selectors.memberships_on(body, D(2018, 6, 1))]
    assert names == ["Xia Chair", "Yan Vice", "Bob Member", "Zed Member", "Amy Secretary"]


@pytest.mark.django_db
def test_memberships_on_only_that_body(body, partnership):
    other = BodyFactory(partnership=partnership)
    _member(other, "Elsewhere Person", start=None)
    assert selectors.memberships_on(body, D(2018, 1, 1)) == []


@pytest.mark.django_db
def test_bodies_of_scoped_to_partnership(partnership, other_partnership):
    mine = BodyFactory(partnership=partnership)
    BodyFactory(partnership=other_partnership)
    assert list(selectors.bodies_of(partnership)) == [mine]


@pytest.mark.django_db
def test_people_and_organisations_scoped_to_partnership(partnership):
    other = PartnershipFactory()
    mine = PersonFactory(partnership=partnership)
    PersonFactory(partnership=other)
    assert list(selectors.people_of(partnership)) == [mine]
    assert list(selectors.organisations_of(partnership)) == []


@pytest.mark.django_db
def test_memberships_on_query_count_constant(body, django_assert_num_queries):
    for i in range(30):
        _member(body, f"Person {i:02d}", start=None)
    with django_assert_num_queries(1):
        rows = selectors.memberships_on(body, D(2018, 1, 1))
        for m in rows:
            str(m.person.name)
            str(m.organisation.name)
    assert len(rows) == 30

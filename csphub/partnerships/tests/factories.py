"""Factories for partnership structure. Built directly (not through services) because tests
of services need data the services did not make; service tests create through services."""

import datetime as dt

import factory

from csphub.partnerships.models import Body, Membership, Organisation, Partnership, Person


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Safer Testshire Partnership {n}")
    short_name = "STP"
    council = "Testshire Council"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COUNCIL
    is_responsible_authority = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Person Number{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    initials = "PN"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"body-{n}")
    name = factory.Sequence(lambda n: f"Strategic Board {n}")
    kind = Body.Kind.BOARD
    meeting_frequency = "Quarterly"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..body.partnership")
    )
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..body.partnership")
    )
    role = Membership.Role.MEMBER
    post_title = "Head of Community Safety"
    start = dt.date(2017, 1, 1)
    end = None

"""The performance data models, the seeded category tree and mappings, and the selectors
over hand-made counts (the real files are in test_import*.py and test_summary.py)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from csphub.police import selectors, services
from csphub.police.models import Area, AreaPopulation, CrimeCategory, DataSource

from .factories import AreaFactory, CrimeCountFactory, DataSourceFactory, category

pytestmark = pytest.mark.django_db


def test_seeded_tree_has_the_police_uk_categories_grouped_across_eras():
    top = list(CrimeCategory.objects.filter(parent=None).values_list("name", flat=True))
    assert top[:3] == ["Anti-social behaviour", "Burglary", "Criminal damage and arson"]
    assert category("shoplifting").parent.slug == "theft"
    assert category("possession-of-weapons").parent.slug == "public-order-weapons"
    assert category("violence-with-injury").parent.parent.slug == "violence-sexual-offences"


@pytest.mark.parametrize(
    ("source", "label", "sublabel", "month", "expected"),
    [
        ("police.uk", "Other crime", None, "2011-08", "other-crime-six-category-era"),
        ("police.uk", "Other crime", None, "2011-09", "other-crime"),
        ("police.uk", "Other theft", None, "2013-04", "theft"),
        ("police.uk", "Other theft", None, "2013-05", "other-theft"),
        ("police.uk", "Violent crime", None, "2012-01", "violence-sexual-offences"),
        ("police.uk", "Public disorder and weapons", None, "2012-01", "public-order-weapons"),
        ("police.uk", "  burglary ", None, "2015-01", "burglary"),
        ("police.uk-api", "violent-crime", None, "2017-07", "violence-sexual-offences"),
        ("mps", "BURGLARY", "BURGLARY IN A DWELLING", "2024-01", "residential-burglary"),
        (
            "mps",
            "Burglary",
            "Burglary - Business and Community",
            "2017-01",
            "business-community-burglary",
        ),
        ("mps", "Burglary", "A minor category renamed next year", "2027-01", "burglary"),
        ("mps", "Criminal Damage", "Arson", "2017-01", "arson"),
        ("mps", "Criminal Damage", "Other Criminal Damage", "2016-01", "criminal-damage"),
        ("mps", "Theft and Handling", "Theft From M/V", "2017-01", "vehicle-crime"),
        (
            "mps",
            "VIOLENCE AGAINST THE PERSON",
            "VIOLENCE WITH INJURY",
            "2025-01",
            "violence-with-injury",
        ),
        (
            "mps",
            "Violence Against the Person",
            "Offensive Weapon",
            "2016-01",
            "possession-of-weapons",
        ),
        ("mps", "Something new", "", "2017-01", None),
    ],
)
def test_mapping_table_resolves_labels_by_era(source, label, sublabel, month, expected):
    resolver = selectors.category_resolver()
    year, mon = map(int, month.split("-"))
    assert resolver.resolve(source, label, sublabel, dt.date(year, mon, 1)) == expected


def test_a_count_is_unique_per_month_category_area_and_source():
    first = CrimeCountFactory(count=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        CrimeCountFactory(area=first.area, source=first.source, count=4)
    other = DataSourceFactory(family=DataSource.Family.MPS_BOROUGH, scope="metropolitan")
    CrimeCountFactory(area=first.area, source=other, count=4)  # another source may count it


def test_area_codes_say_whether_they_are_gss():
    assert AreaFactory.build(code="E09000002").is_gss
    assert not AreaFactory.build(code="lincolnshire", level=Area.Level.FORCE).is_gss


def test_area_find_by_name_or_code_prefers_the_borough():
    borough = AreaFactory(code="E09000001", name="City of London")
    AreaFactory(level=Area.Level.FORCE, code="city-of-london", name="City of London")
    assert selectors.area_find("city of london") == borough
    assert selectors.area_find("city-of-london").level == Area.Level.FORCE
    assert selectors.area_find("City of London", level="force").code == "city-of-london"
    with pytest.raises(selectors.AreaNotFound, match="Did you mean: City of London"):
        selectors.area_find("London")


def test_summary_rolls_children_up_and_compares_the_same_months():
    area = AreaFactory(code="E09000099", name="Testborough")
    for month, slug, n in [
        (dt.date(2016, 4, 1), "residential-burglary", 10),
        (dt.date(2016, 7, 1), "business-community-burglary", 5),
        (dt.date(2016, 8, 1), "residential-burglary", 100),  # after July: not in FYTD
        (dt.date(2017, 4, 1), "residential-burglary", 12),
        (dt.date(2017, 7, 1), "burglary", 8),
        (dt.date(2017, 5, 1), "anti-social-behaviour", 50),
    ]:
        CrimeCountFactory(area=area, month=month, category=category(slug), count=n)
    AreaPopulation.objects.create(area=area, year=2019, count=20_000)
    summary = selectors.crime_summary(area=area, to=dt.date(2017, 7, 1))
    rows = {row["category"]: row for row in summary["categories"]}
    assert list(rows) == [
        "Anti-social behaviour",
        "Burglary",
        selectors.ALL_CRIME,
    ]
    burglary = rows["Burglary"]
    assert (burglary["fytd"], burglary["fytd_previous"], burglary["change"]) == (20, 15, 5)
    assert burglary["change_pct"] == 33.3
    assert burglary["rolling_12"] == 100 + 20
    assert burglary["rate_per_1000"] == 6.0
    assert rows[selectors.ALL_CRIME]["fytd"] == 20  # anti-social behaviour is not a crime
    assert summary["financial_year"] == "2017/18"
    assert summary["population_year"] == 2019
    assert summary["months_missing"]  # no import recorded the months


def test_summary_of_named_categories_and_unknown_names():
    area = AreaFactory(code="E09000098")
    CrimeCountFactory(area=area, month=dt.date(2017, 4, 1), category=category("arson"), count=2)
    summary = selectors.crime_summary(
        area=area, to=dt.date(2017, 7, 1), categories=["arson", "Criminal damage and arson"]
    )
    assert [r["fytd"] for r in summary["categories"]] == [2, 2]
    assert summary["categories"][0]["small"] is True
    with pytest.raises(LookupError, match="No crime category 'Knife crime'"):
        selectors.crime_summary(area=area, to=dt.date(2017, 7, 1), categories=["Knife crime"])


def test_a_new_label_can_be_mapped_and_is_audited():
    from csphub.audit.models import AuditEvent

    from .factories import ACTOR

    mapping = services.category_mapping_save(
        actor=ACTOR,
        source="police.uk",
        source_label="Knife crime",
        category=category("other-crime"),
    )
    resolver = selectors.category_resolver()
    assert resolver.resolve("police.uk", "knife crime", None, dt.date(2030, 1, 1)) == "other-crime"
    again = services.category_mapping_save(
        actor=ACTOR,
        source="police.uk",
        source_label="Knife crime",
        category=category("possession-of-weapons"),
    )
    assert again.pk == mapping.pk
    event = AuditEvent.objects.filter(verb="performance.category_mapping_save").order_by("id")[1]
    assert event.before["category"] == category("other-crime").pk
    with pytest.raises(services.PermissionDenied):
        services.category_mapping_save(
            actor=None, source="mps", source_label="X", category=category("drugs")
        )


def test_monthly_counts_and_hotspots_for_the_pack():
    borough = AreaFactory(code="E09000097", name="Hotborough")
    wards = [
        AreaFactory(level=Area.Level.WARD, code=f"E0500009{i}", name=f"Ward {i}", parent=borough)
        for i in range(3)
    ]
    for ward, before, now in zip(wards, (5, 20, 1), (15, 18, 2), strict=True):
        CrimeCountFactory(area=ward, month=dt.date(2016, 5, 1), count=before)
        CrimeCountFactory(area=ward, month=dt.date(2017, 5, 1), count=now)
    CrimeCountFactory(area=borough, month=dt.date(2017, 6, 1), count=7)

    family, series = selectors.monthly_counts(
        area=borough, category="Burglary", start=dt.date(2017, 4, 1), end=dt.date(2017, 7, 1)
    )
    assert family == DataSource.Family.STREET
    assert series == [
        (dt.date(2017, 4, 1), 0),
        (dt.date(2017, 5, 1), 0),
        (dt.date(2017, 6, 1), 7),
        (dt.date(2017, 7, 1), 0),
    ]
    spots = selectors.hotspots(area=borough, to=dt.date(2017, 7, 1), category="burglary")
    assert spots["level"] == "ward"
    assert [e["area"] for e in spots["most"]] == ["Ward 1", "Ward 0", "Ward 2"]
    assert [(e["area"], e["change"]) for e in spots["rises"]] == [("Ward 0", 10), ("Ward 2", 1)]
    assert spots["rises"][1]["small"] is True

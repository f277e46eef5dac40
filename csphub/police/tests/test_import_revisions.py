"""Importing a month again replaces it (never adds to it) and records the revision; importing
the same files twice changes no figure."""

import csv
import datetime as dt

import pytest
from django.db.models import Sum

from csphub.audit.models import AuditEvent
from csphub.police import selectors, services
from csphub.police.models import CrimeCount, ImportRun, SourceMonth

from .factories import ACTOR, police_file, snapshot, street_month

pytestmark = pytest.mark.django_db


def _figures():
    return snapshot()["counts"]


def test_importing_the_same_files_twice_changes_no_figure():
    paths = [street_month("city-of-london", m) for m in ("2023-04", "2023-05", "2023-06")]
    first = services.police_import(actor=ACTOR, paths=paths)
    figures = _figures()
    area = selectors.area_find("City of London")
    summary = selectors.crime_summary(area=area, to=dt.date(2023, 6, 1))

    second = services.police_import(actor=ACTOR, paths=paths)
    assert _figures() == figures
    assert selectors.crime_summary(area=area, to=dt.date(2023, 6, 1)) == summary
    assert (first.months_new, second.months_new, second.months_replaced) == (3, 0, 3)
    assert second.months_changed == 0
    revisions = SourceMonth.objects.filter(month=dt.date(2023, 5, 1)).order_by("revision")
    assert [(r.revision, r.changed) for r in revisions] == [(1, True), (2, False)]
    assert revisions[1].previous_total == revisions[1].total
    assert ImportRun.objects.count() == 2
    assert AuditEvent.objects.filter(verb="performance.police_import").count() == 2


def test_a_later_vintage_replaces_the_months_it_revises():
    """The 2019-01 and 2020-07 borough files overlap for July to December 2018; the later
    publication's figures replace the earlier ones for those months only."""
    borough = ("london-datastore", "mps-recorded-crime", "borough")
    name = "MPS Borough Level Crime (most recent 24 months).csv"
    older = police_file(*borough, "vintage-2019-01", name)
    newer = police_file(*borough, "vintage-2020-07", name)
    services.police_import(actor=ACTOR, paths=[older])
    june = _burglary_bd(dt.date(2018, 6, 1))
    result = services.police_import(actor=ACTOR, paths=[newer])
    assert result.months_replaced == 6 and result.months_new == 18

    def expected(path, column, borough_column, major_column):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return sum(
            int(r[column])
            for r in rows
            if r[borough_column] == "Barking and Dagenham" and r[major_column] == "Burglary"
        )

    assert (
        _burglary_bd(dt.date(2018, 6, 1))
        == june
        == expected(older, "201806", "Borough", "Major Category")
    )
    for month in ("201807", "201812", "202006"):
        assert _burglary_bd(dt.date(int(month[:4]), int(month[4:]), 1)) == expected(
            newer, month, "LookUp_BoroughName", "MajorText"
        )
    revised = SourceMonth.objects.filter(revision=2)
    assert revised.count() == 6
    assert {r.month for r in revised} == {dt.date(2018, m, 1) for m in range(7, 13)}
    assert any(r.changed for r in revised)  # the MPS revises its figures between vintages
    assert all(r.import_file.name == str(newer) for r in revised)


def _burglary_bd(month):
    return (
        CrimeCount.objects.filter(
            source__family="mps-borough",
            area__code="E09000002",
            month=month,
            category__parent__slug="burglary",
        ).aggregate(n=Sum("count"))["n"]
        or 0
    ) + (
        CrimeCount.objects.filter(
            source__family="mps-borough",
            area__code="E09000002",
            month=month,
            category__slug="burglary",
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )


def test_an_earlier_download_of_the_same_months_is_replaced_not_added():
    """The City of London 2023-01..06 files were downloaded twice (SOURCES.md): the same
    crimes, with outcomes revised, and one crime of March moved to another LSOA. The later
    download replaces the earlier: force figures stay, March's LSOA figures change."""
    early = police_file("data.police.uk", "street", "city-of-london-vintage-2023-09")
    services.police_import(actor=ACTOR, paths=[early])
    figures = _figures()
    later = [street_month("city-of-london", f"2023-0{m}") for m in range(1, 7)]
    result = services.police_import(actor=ACTOR, paths=later, vintage="2025-01")
    assert (result.months_replaced, result.months_changed) == (6, 1)
    after = _figures()
    force = [row for row in after if row[2] == "city-of-london"]
    assert force == [row for row in figures if row[2] == "city-of-london"]
    changed = sorted(set(after) ^ set(figures))
    assert {row[0] for row in changed} == {dt.date(2023, 3, 1)}
    assert {(row[1], row[2]) for row in changed} == {
        ("drugs", "E01032767"),  # an LSOA in Tower Hamlets
        ("drugs", "E09000030"),
        ("drugs", "E01000005"),  # and one in the City
        ("drugs", "E09000001"),
    }
    march = SourceMonth.objects.get(month=dt.date(2023, 3, 1), revision=2)
    assert march.changed and march.total == march.previous_total
    assert not SourceMonth.objects.get(month=dt.date(2023, 4, 1), revision=2).changed
    first_run = ImportRun.objects.order_by("started_at").first()
    assert first_run.import_files.first().vintage == "2023-09"


def test_within_one_import_the_last_copy_of_a_month_given_wins():
    early = police_file(
        "data.police.uk",
        "street",
        "city-of-london-vintage-2023-09",
        "2023-02",
        "2023-02-city-of-london-street.csv",
    )
    later = street_month("city-of-london", "2023-02")
    result = services.police_import(actor=ACTOR, paths=[early, later])
    assert result.months_new == 1
    revision = SourceMonth.objects.get()
    assert revision.import_file.name == str(later)
    notes = [f.notes for f in result.draft.files]
    assert notes[0] == [f"2023-02 superseded by {later}"]

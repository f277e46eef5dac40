"""A month window on an import (`csphub import-police PATH --from YYYY-MM --to YYYY-MM`):
only the months inside it are kept, the file reports say how many were left out, and a file
with no month inside it is reported, not refused."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from csphub.police import services
from csphub.police.importer import MonthWindow
from csphub.police.importer.window import spans
from csphub.police.models import CrimeCount, ImportFile, SourceMonth

from .factories import ACTOR, count_rows, police_file, snapshot, street_month

pytestmark = pytest.mark.django_db

BOROUGH = ("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
RECENT = "MPS Borough Level Crime (most recent 24 months).csv"  # 2017-01..2018-12
HISTORIC = "MPS_Borough_Level_Crime_Historic.csv"  # 2008-01..2016-12


def _months(**filters) -> list[dt.date]:
    return sorted(SourceMonth.objects.filter(**filters).values_list("month", flat=True))


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def test_only_the_months_of_the_window_are_imported():
    recent, historic = police_file(*BOROUGH, RECENT), police_file(*BOROUGH, HISTORIC)
    window = MonthWindow.of("2017-04", "2017-09")
    result = services.police_import(actor=ACTOR, paths=[historic, recent], months=window)

    wanted = _month_range(dt.date(2017, 4, 1), dt.date(2017, 9, 1))
    assert _months() == wanted
    assert sorted({row["month"] for row in count_rows()}) == wanted
    # the figures of the months kept are the file's: Barking and Dagenham burglary, by recount
    with recent.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["Borough"] == "Barking and Dagenham" and r["Major Category"] == "Burglary"
        ]
    for month in wanted:
        expected = sum(int(r[f"{month:%Y%m}"]) for r in rows)
        assert expected > 0
        assert (
            CrimeCount.objects.filter(
                area__code="E09000002", month=month, category__parent__slug="burglary"
            ).aggregate(n=Sum("count"))["n"]
            == expected
        )
    assert (
        sum(
            CrimeCount.objects.filter(
                area__code="E09000002", month=m, category__parent__slug="burglary"
            ).aggregate(n=Sum("count"))["n"]
            for m in wanted[:4]
        )
        == 518
    )  # April to July 2017, as SOURCES.md checks it

    files = {f.name: f for f in ImportFile.objects.all()}
    kept = files[str(recent)]
    assert (kept.first_month, kept.last_month) == (wanted[0], wanted[-1])
    assert kept.note == (
        "18 month(s) outside the month window 2017-04..2017-09 left out "
        "(2017-01..2017-03, 2017-10..2018-12)"
    )
    # the historic file has no month in the window: reported, not an error
    nothing = files[str(historic)]
    assert nothing.format == "mps" and nothing.first_month is None
    assert "no month inside the window: nothing was taken from this file" in nothing.note
    assert any(str(historic) in w and "108 month(s)" in w for w in result.warnings)
    assert result.months_new == 6


def test_an_open_ended_window_on_street_files():
    paths = [street_month("city-of-london", m) for m in ("2023-03", "2023-04", "2023-05")]
    services.police_import(actor=ACTOR, paths=paths, months=MonthWindow.of(first="2023-04"))
    assert _months() == [dt.date(2023, 4, 1), dt.date(2023, 5, 1)]
    assert not count_rows(month=dt.date(2023, 3, 1))
    march = ImportFile.objects.get(name=str(paths[0]))
    assert march.first_month is None
    assert march.note.endswith("no month inside the window: nothing was taken from this file")
    assert "outside the month window from 2023-04" in march.note


def test_the_command_takes_from_and_to(tmp_path):
    paths = [str(street_month("city-of-london", m)) for m in ("2023-03", "2023-04")]
    out = io.StringIO()
    call_command(
        "import_police", *paths, "--from", "2023-03", "--to", "2023-03", "--no-progress", stdout=out
    )
    text = out.getvalue()
    assert _months() == [dt.date(2023, 3, 1)]
    assert "Month window 2023-03: 1 of 2 file(s) had months outside it, left out." in text
    assert f"{paths[1]}: 1 month(s) outside the month window 2023-03 left out (2023-04)" in text
    assert "Months written: 1 new, 0 replaced" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2023-13"], "from must be a month written YYYY-MM"),
        (["--to", "March 2023"], "to must be a month written YYYY-MM"),
        (["--from", "2023-05", "--to", "2023-03"], "the month window is empty"),
    ],
)
def test_the_command_refuses_a_bad_window(args, message):
    before = snapshot()
    path = str(street_month("city-of-london", "2023-03"))
    with pytest.raises(CommandError, match=message):
        call_command("import_police", path, *args, "--no-progress", stdout=io.StringIO())
    assert snapshot() == before


def test_window_text_and_spans():
    assert str(MonthWindow.of("2015-04", "2018-03")) == "2015-04..2018-03"
    assert str(MonthWindow.of(None, "2018-03")) == "to 2018-03"
    assert MonthWindow.of("", "") is None
    assert dt.date(2015, 4, 1) in MonthWindow.of("2015-04")
    assert dt.date(2015, 3, 1) not in MonthWindow.of("2015-04")
    months = [dt.date(2016, m, 1) for m in (1, 2, 3, 5, 11, 12)] + [dt.date(2017, 1, 1)]
    assert spans(months) == "2016-01..2016-03, 2016-05, 2016-11..2017-01"

"""Indicators: services (permission, audit), figures (FYTD, RAG, monitor) and pages."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance import figures as ind
from csphub.performance import services
from csphub.performance.models import Indicator, Observation
from csphub.police.models import CrimeCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="safer-borough", name="Safer Borough")


def make(actor, partnership, body, name="Burglary", **extra):
    fields = {"polarity": "lower_is_better", **extra}
    return services.indicator_create(
        actor=actor, partnership=partnership, name=name, owner=body, **fields
    )


def months(indicator, actor, values: dict[str, float]):
    for month, value in values.items():
        services.observation_record(
            actor=actor,
            indicator=indicator,
            period=dt.date.fromisoformat(month + "-01"),
            value=value,
        )


def test_create_needs_secretariat_and_is_audited(partnership, users, body):
    for role in ("member", "outsider", "other_secretariat"):
        with pytest.raises(PermissionDenied):
            make(users[role], partnership, body)
    indicator = make(users["secretariat"], partnership, body, annual_target=1200)
    event = AuditEvent.objects.get(verb="indicator.create")
    assert event.object_id == str(indicator.pk) and event.after["name"] == "Burglary"
    assert indicator.quarterly_targets == [300, 300, 300, 300]
    services.indicator_update(
        actor=users["secretariat"], indicator=indicator, data={"unit": "crimes"}
    )
    assert AuditEvent.objects.get(verb="indicator.update").after == {"unit": "crimes"}
    with pytest.raises(PermissionDenied):
        services.indicator_update(actor=users["member"], indicator=indicator, data={"unit": "x"})


def test_rules_checked(partnership, users, body, other_partnership):
    with pytest.raises(ValidationError, match="crime category"):
        make(users["secretariat"], partnership, body, source="police")
    with pytest.raises(ValidationError, match="age band"):
        make(users["secretariat"], partnership, body, denominator="age_band")
    elsewhere = BodyFactory(partnership=other_partnership, slug="x")
    with pytest.raises(ValidationError, match="body of this partnership"):
        make(users["secretariat"], partnership, elsewhere)
    category = CrimeCategory.objects.get(slug="burglary")
    assert make(users["secretariat"], partnership, body, source="police", crime_category=category)


def test_observation_record_replaces_and_audits(partnership, users, body):
    indicator = make(users["secretariat"], partnership, body)
    with pytest.raises(PermissionDenied):
        months(indicator, users["member"], {"2017-04": 1})
    months(indicator, users["secretariat"], {"2017-04": 100})
    months(indicator, users["secretariat"], {"2017-04": 120})
    obs = Observation.objects.get()
    assert obs.value == 120 and obs.entered_by == users["secretariat"]
    assert AuditEvent.objects.filter(verb="observation.create").count() == 1
    update = AuditEvent.objects.get(verb="observation.update")
    assert update.before["value"] != update.after["value"]


def test_figures_fytd_rag_and_monitor(partnership, users, body):
    actor = users["secretariat"]
    burglary = make(actor, partnership, body)  # no target: rated against last year
    months(burglary, actor, {"2016-04": 100, "2016-05": 105, "2017-04": 130, "2017-05": 130})
    violence = make(actor, partnership, body, name="Violence with injury", annual_target=2400)
    months(violence, actor, {"2017-04": 190, "2017-05": 190})  # pro rata 400: green
    abuse = make(actor, partnership, body, name="Domestic abuse", polarity="monitor")
    months(abuse, actor, {"2016-04": 100, "2017-04": 300})
    marac = make(
        actor,
        partnership,
        body,
        name="MARAC repeat referrals",
        unit="%",
        accumulates=False,
        polarity="higher_is_better",
        annual_target=28,
    )
    months(marac, actor, {"2017-04": 20, "2017-05": 17.1})
    figures = {f.indicator.name: f for f in ind.indicator_figures(partnership)}
    b = figures["Burglary"]
    assert b.to == dt.date(2017, 5, 1)
    assert (b.comparison.current, b.comparison.previous, b.comparison.change_pct) == (
        260,
        205,
        26.8,
    )
    assert b.rag == "red" and b.rag_text == "Red"
    assert figures["Violence with injury"].rag == "green"
    assert figures["Violence with injury"].target == 400
    assert figures["Domestic abuse"].rag == "none"
    assert figures["Domestic abuse"].rag_text == "For monitoring"
    assert figures["MARAC repeat referrals"].comparison.current == 17.1
    assert figures["MARAC repeat referrals"].rag == "red"


ROLE_STATUS = [
    (None, 302),
    ("member", 403),
    ("other_secretariat", 403),
    ("secretariat", 200),
    ("administrator", 200),
]


@pytest.mark.parametrize(("role", "status"), ROLE_STATUS)
def test_manage_pages_by_role(client, partnership, users, body, role, status):
    indicator = make(users["secretariat"], partnership, body)
    if role:
        client.force_login(users[role])
    slug = partnership.slug
    for url in [
        reverse("performance:indicator_new", args=[slug]),
        reverse("performance:indicator_edit", args=[slug, indicator.pk]),
        reverse("performance:observation_new", args=[slug, indicator.pk]),
        reverse("performance:observation_upload", args=[slug]),
    ]:
        assert client.get(url).status_code == status, url
    for url in [
        reverse("performance:indicators", args=[slug]),
        reverse("performance:indicator", args=[slug, indicator.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_pages_show_rag_as_word_and_symbol_class(client, partnership, users, body):
    actor = users["secretariat"]
    burglary = make(actor, partnership, body)
    months(burglary, actor, {"2016-04": 100, "2017-04": 150})
    abuse = make(actor, partnership, body, name="Domestic abuse", polarity="monitor")
    months(abuse, actor, {"2017-04": 3})
    html = client.get(reverse("performance:indicators", args=[partnership.slug])).content.decode()
    assert "csp-rag--red" in html and "Red" in html
    assert "For monitoring" in html and "Safer Borough" in html
    assert "(small numbers)" in html
    detail = client.get(reverse("performance:indicator", args=[partnership.slug, burglary.pk]))
    assert "April 2017" in detail.content.decode()


def test_create_and_record_through_the_forms(client, partnership, users, body):
    client.force_login(users["secretariat"])
    slug = partnership.slug
    response = client.post(
        reverse("performance:indicator_new", args=[slug]),
        {
            "name": "First time entrants",
            "owner": body.pk,
            "unit": "young people",
            "accumulates": "on",
            "polarity": "lower_is_better",
            "tolerance_pct": "5",
            "source": "manual",
            "denominator": "age_band",
            "age_band": "10-17",
            "rate_per": "100000",
            "small_number_threshold": "10",
        },
    )
    indicator = Indicator.objects.get(name="First time entrants")
    assert response.status_code == 302
    assert indicator.rate_per == 100000 and indicator.age_band == "10-17"
    url = reverse("performance:observation_new", args=[slug, indicator.pk])
    bad = client.post(url, {"period": "2017-13", "value": "5"})
    assert "Enter the month as YYYY-MM" in bad.content.decode()
    assert client.post(url, {"period": "2017-07", "value": "34"}).status_code == 302
    assert Observation.objects.get().period == dt.date(2017, 7, 1)


def test_upload_page_shows_errors_in_summary(client, partnership, users, body):
    make(users["secretariat"], partnership, body)
    client.force_login(users["secretariat"])
    url = reverse("performance:observation_upload", args=[partnership.slug])
    data = b"indicator,period,value\nBurglary,2017-04,10\nBurglary,2017-13,5\n"
    response = client.post(url, {"file": SimpleUploadedFile("v.csv", data)})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Row 3, column &#x27;period&#x27;: &#x27;2017-13&#x27; is not a month" in html
    assert not Observation.objects.exists()
    good = b"indicator,period,value\nBurglary,2017-04,10\n"
    assert client.post(url, {"file": SimpleUploadedFile("v.csv", good)}).status_code == 302
    assert Observation.objects.count() == 1
    wrong = client.post(url, {"file": SimpleUploadedFile("v.pdf", good)})
    assert "must be a CSV or an Excel" in wrong.content.decode()


def test_upload_page_takes_600_areas_and_refuses_a_workbook_bomb(client, partnership, users, body):
    """Issue 10 part 2: 600 distinct areas were a 500 ("Expression tree is too large"), and
    a small workbook unpacking to 38 MB was parsed before it was refused."""
    from csphub.police.models import Area

    make(users["secretariat"], partnership, body)
    Area.objects.bulk_create(
        Area(level="lsoa", code=f"E01{n:06d}", name=f"Place {n:03d}") for n in range(600)
    )
    client.force_login(users["secretariat"])
    url = reverse("performance:observation_upload", args=[partnership.slug])
    rows = "".join(f"Burglary,2017-04,E01{n:06d},{n}\n" for n in range(600))
    data = ("indicator,period,area,value\n" + rows).encode()
    assert client.post(url, {"file": SimpleUploadedFile("v.csv", data)}).status_code == 302
    assert Observation.objects.count() == 600
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (38 * 1024 * 1024))
    response = client.post(url, {"file": SimpleUploadedFile("v.xlsx", bomb.getvalue())})
    assert response.status_code == 200
    assert "unpacks to 38.0 MB, more than the 20 MB" in response.content.decode()
    assert Observation.objects.count() == 600


def _list_queries(client, partnership, users, body, n):
    actor = users["secretariat"]
    from csphub.partnerships.models import Body

    cyp = Body.objects.filter(partnership=partnership, slug="cyp").first()
    bodies = [body, cyp or BodyFactory(partnership=partnership, slug="cyp", name="CYP")]
    for i in range(n):
        indicator = make(actor, partnership, bodies[i % 2], name=f"Indicator {i}")
        months(indicator, actor, {"2016-04": 10 + i, "2017-04": 12 + i})
    client.force_login(users["member"])
    url = reverse("performance:indicators", args=[partnership.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_constant(client, partnership, users, body):
    few = _list_queries(client, partnership, users, body, 3)
    Indicator.objects.all().delete()
    many = _list_queries(client, partnership, users, body, 30)
    assert few == many


def _police_queries(partnership, users, body, n: int) -> tuple[int, list]:
    """Queries to build the figures of ``n`` police-sourced indicators sharing one area and
    one comparator area (each with its own category and counts)."""
    from csphub.police.models import AreaPopulation
    from csphub.police.tests.factories import AreaFactory, CrimeCountFactory

    area = AreaFactory(code="E09000002", name="Testborough")
    london = AreaFactory(level="force", code="testforce", name="Testforce")
    AreaPopulation.objects.get_or_create(area=area, year=2017, defaults={"count": 200_000})
    slugs = list(
        CrimeCategory.objects.filter(parent__isnull=False).values_list("slug", flat=True)[:n]
    )
    assert len(slugs) == n
    for i, slug in enumerate(slugs):
        for month, count in ((dt.date(2017, 4, 1), 10 + i), (dt.date(2016, 4, 1), 5)):
            for where in (area, london):
                CrimeCountFactory(
                    area=where, month=month, category=CrimeCategory.objects.get(slug=slug),
                    count=count,
                )  # fmt: skip
        make(
            users["secretariat"], partnership, body, name=f"Police {slug}", source="police",
            crime_category=CrimeCategory.objects.get(slug=slug), area=area,
            comparator_area=london, denominator="population",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        figures = ind.indicator_figures(partnership, dt.date(2017, 4, 1))
    return len(ctx.captured_queries), figures


def test_police_indicators_read_counts_with_a_fixed_number_of_queries(partnership, users, body):
    few, figures = _police_queries(partnership, users, body, 2)
    first = min(figures, key=lambda f: f.comparison.current)
    assert (first.comparison.current, first.comparison.previous) == (10, 5)
    assert first.comparator_change_pct == 100.0 and first.rate == 0.05
    # issue 11: 10 against 5 are small numbers, so not RAG rated (it was "red")
    assert first.small and first.rag == "none" and first.population == 200_000
    Indicator.objects.all().delete()
    from csphub.police.models import CrimeCount

    CrimeCount.objects.all().delete()
    many, figures = _police_queries(partnership, users, body, 8)
    assert len(figures) == 8
    assert few == many


# --- issue 11: the period chooser, latest values, blanks not zeros -----------------------------


def test_the_list_has_the_period_chooser_and_latest_values(client, partnership, users, body):
    actor = users["secretariat"]
    knife = make(actor, partnership, body, name="Knife crime")
    months(knife, actor, {"2016-07": 108, "2017-07": 163})
    other = make(actor, partnership, body, name="Arson")
    months(other, actor, {"2018-04": 40, "2018-05": 30})
    url = reverse("performance:indicators", args=[partnership.slug])

    html = client.get(url).content.decode()
    assert '<option value="2018-05" selected>May 2018</option>' in html
    assert '<option value="2017-07">July 2017</option>' in html
    assert "Latest: 163 in July 2017" in html  # not a bare "No data"

    response = client.get(url, {"to": "2017-07"})
    figures = {
        row["figure"].indicator.name: row["figure"]
        for group in response.context["groups"]
        for row in group["rows"]
    }
    assert figures["Knife crime"].current == "163" and figures["Knife crime"].previous == "108"
    assert figures["Arson"].current == "No data" and figures["Arson"].latest_text == ""

    bad = client.get(url, {"to": "soon"}).content.decode()
    assert "Choose a month from the list" in bad and "Knife crime" in bad


def test_a_missing_previous_value_is_blank_not_zero(partnership, users, body):
    actor = users["secretariat"]
    reoffending = make(actor, partnership, body, name="Reoffending", unit="%", accumulates=False)
    months(reoffending, actor, {"2017-07": 25.3})
    fig = ind.indicator_figures(partnership, dt.date(2017, 7, 1))[0]
    assert fig.current == "25.3"
    assert (fig.previous, fig.change, fig.rag) == ("No data", "–", "none")
    assert "a year before" not in fig.performance and "+25.3" not in fig.change


def test_small_numbers_are_not_rated(partnership, users, body):
    actor = users["secretariat"]
    fraud = make(actor, partnership, body, name="Fraud and forgery")
    months(fraud, actor, {"2016-04": 4, "2017-04": 6})
    fig = ind.indicator_figures(partnership, dt.date(2017, 4, 1))[0]
    assert fig.small and fig.rag == "none" and fig.rag_text == "Not rated"


def test_an_indicator_page_with_a_rating_never_says_no_values(client, partnership, users, body):
    from csphub.police.tests.factories import AreaFactory, CrimeCountFactory

    area = AreaFactory(code="E09000002", name="Testborough")
    category = CrimeCategory.objects.get(slug="burglary")
    for month, count in ((dt.date(2016, 4, 1), 400), (dt.date(2017, 4, 1), 518)):
        CrimeCountFactory(area=area, month=month, category=category, count=count)
    police = make(
        users["secretariat"], partnership, body, source="police", crime_category=category,
        area=area,
    )  # fmt: skip
    manual = make(users["secretariat"], partnership, body, name="Knife crime")
    months(manual, users["secretariat"], {"2017-03": 12})
    url = reverse("performance:indicator", args=[partnership.slug, police.pk])
    html = client.get(url, {"to": "2017-04"}).content.decode()
    assert "Red" in html and "No values have been recorded" not in html
    assert "counted from the police recorded crime imported for Testborough" in html
    assert 'id="id_to" name="to"' in html

    manual_url = reverse("performance:indicator", args=[partnership.slug, manual.pk])
    html = client.get(manual_url, {"to": "2017-04"}).content.decode()
    assert "Latest value: 12 in March 2017" in html

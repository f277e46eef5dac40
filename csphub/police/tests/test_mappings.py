"""The category mapping table: site administrators change it (audited), everyone can read
it, and the next import counts a publisher's new label where the table says."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from csphub.accounts.tests.factories import UserFactory
from csphub.audit.models import AuditEvent
from csphub.police.models import CategoryMapping, CrimeCount
from csphub.police.services import mappings

from .factories import category, count_rows, head_of, police_file

pytestmark = pytest.mark.django_db

NEW_LABEL = "Crimes Against Testing"


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_only_a_site_administrator_changes_the_table_and_each_change_is_audited(admin, users):
    for actor in (users["secretariat"], users["administrator"], None):
        with pytest.raises(PermissionDenied):
            mappings.mapping_create(
                actor=actor, source="mps", source_label=NEW_LABEL, category=category("other-crime")
            )
    made = mappings.mapping_create(
        actor=admin, source="mps", source_label=NEW_LABEL, category=category("other-crime"),
        valid_from=dt.date(2017, 4, 1),
    )  # fmt: skip
    mappings.mapping_update(actor=admin, mapping=made, data={"note": "Checked"})
    mappings.mapping_delete(actor=admin, mapping=made)
    events = AuditEvent.objects.filter(object_type="police.categorymapping")
    assert [e.verb for e in events.order_by("id")] == [
        "category_mapping.create",
        "category_mapping.update",
        "category_mapping.delete",
    ]
    assert all(e.partnership_id is None for e in events)


def test_months_are_checked(admin):
    with pytest.raises(ValidationError, match="not be before"):
        mappings.mapping_create(
            actor=admin, source="mps", source_label=NEW_LABEL, category=category("other-crime"),
            valid_from=dt.date(2017, 4, 1), valid_to=dt.date(2016, 4, 1),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="1st"):
        mappings.mapping_create(
            actor=admin, source="mps", source_label=NEW_LABEL, category=category("other-crime"),
            valid_from=dt.date(2017, 4, 2),
        )  # fmt: skip
    assert not CategoryMapping.objects.filter(source_label=NEW_LABEL).exists()


def test_a_new_label_is_refused_until_mapped_then_counted_where_the_table_says(tmp_path):
    real = police_file(
        "london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01",
        "MPS Borough Level Crime (most recent 24 months).csv",
    )  # fmt: skip
    path = head_of(real, tmp_path / "mps-borough.csv", 3)
    ending = b"\r\n" if path.read_bytes().endswith(b"\r\n") else b"\n"
    row = "Barking and Dagenham," + NEW_LABEL + ",Tests," + ",".join(["2"] * 24)
    with path.open("ab") as out:
        out.write(row.encode() + ending)
    with pytest.raises(CommandError, match="has no category mapping"):
        call_command("import_police", str(path), stdout=io.StringIO())
    assert not count_rows()

    out = io.StringIO()
    call_command(
        "category_mappings", "add", "--source", "mps", "--label", NEW_LABEL,
        "--category", "Other crime", "--from", "2017-01", stdout=out,
    )  # fmt: skip
    assert "Added mapping" in out.getvalue()
    call_command("import_police", str(path), stdout=io.StringIO())
    counted = CrimeCount.objects.filter(
        category__slug="other-crime", area__code="E09000002", month=dt.date(2017, 7, 1)
    )
    assert counted.get().count == 2

    listing = io.StringIO()
    call_command("category_mappings", "list", "--source", "mps", stdout=listing)
    line = next(x for x in listing.getvalue().splitlines() if NEW_LABEL in x)
    assert "-> other-crime" in line and "From January 2017" in line
    with pytest.raises(CommandError, match="No category"):
        call_command(
            "category_mappings", "add", "--source", "mps", "--label", "X",
            "--category", "nonsense", stdout=io.StringIO(),
        )  # fmt: skip
    pk = line.split("\t")[0]
    call_command("category_mappings", "remove", pk, stdout=io.StringIO())
    assert not CategoryMapping.objects.filter(source_label=NEW_LABEL).exists()


def test_pages(client, admin, users):
    listing = reverse("categories:list")
    page = client.get(listing, {"source": "police.uk"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anti-social behaviour" in html and "Change<" not in html

    client.force_login(users["secretariat"])
    assert client.get(reverse("categories:mapping_new")).status_code == 403

    client.force_login(admin)
    new = reverse("categories:mapping_new")
    bad = client.post(new, {"source": "mps", "source_label": NEW_LABEL, "valid_from": "April"})
    assert bad.status_code == 200 and "Enter the month as YYYY-MM" in bad.content.decode()
    other = category("other-crime")
    response = client.post(
        new,
        {"source": "mps", "source_label": NEW_LABEL, "category": other.pk, "valid_from": "2017-04"},
    )
    assert response.status_code == 302
    made = CategoryMapping.objects.get(source_label=NEW_LABEL)
    assert made.valid_from == dt.date(2017, 4, 1)
    edit = reverse("categories:mapping_edit", args=[made.pk])
    form = client.get(edit).content.decode()
    assert 'value="2017-04"' in form and "Remove this mapping" in form
    client.post(
        edit,
        {"source": "mps", "source_label": NEW_LABEL, "category": other.pk, "valid_to": "2018-03"},
    )
    made.refresh_from_db()
    assert (made.valid_from, made.valid_to) == (None, dt.date(2018, 3, 1))
    assert "Change<" in client.get(listing).content.decode()
    client.post(reverse("categories:mapping_delete", args=[made.pk]))
    assert not CategoryMapping.objects.filter(pk=made.pk).exists()

"""Every imported file is recorded with the SHA-256 of its bytes, however it was read: files
given where they are are hashed while the counts are written (decision 0034), members of
an archive as they are extracted. A file that cannot be read again for its digest stops
the import, naming it, with nothing written."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from csphub.police import importer, selectors, services
from csphub.police.importer import PoliceDataError
from csphub.police.models import ImportFile

from .factories import ACTOR, copy_to, snapshot, street_month

pytestmark = pytest.mark.django_db

FORCE = "city-of-london"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_to_hash_later(tmp_path):
    path = copy_to(tmp_path, street_month(FORCE, "2023-01"))
    resolver, gazetteer = selectors.category_resolver(), selectors.gazetteer()
    return path, importer.parse([path], resolver=resolver, gazetteer=gazetteer, hash_later=True)


def test_files_and_archive_members_are_recorded_with_the_sha256_of_their_bytes(tmp_path):
    plain = copy_to(tmp_path / "folder", street_month(FORCE, "2023-01"))
    member = street_month(FORCE, "2023-02")
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(member, f"2023-02/{member.name}")

    services.police_import(actor=ACTOR, paths=[plain.parent, archive])

    recorded = dict(ImportFile.objects.values_list("name", "sha256"))
    assert recorded == {
        str(plain): _sha256(plain.read_bytes()),
        f"{archive}!2023-02/{member.name}": _sha256(member.read_bytes()),
    }


def test_a_draft_read_to_be_hashed_later_is_hashed_while_written(tmp_path):
    path, draft = _read_to_hash_later(tmp_path)
    assert [report.sha256 for report in draft.files] == [""]

    with importer.hashing(draft):
        services.police_import_write(actor=ACTOR, draft=draft, paths=[str(path)])

    assert draft.files[0].sha256 == _sha256(path.read_bytes())
    assert ImportFile.objects.get().sha256 == draft.files[0].sha256


def test_a_draft_read_at_once_has_its_digests(tmp_path):
    path = copy_to(tmp_path, street_month(FORCE, "2023-01"))
    draft = importer.parse([path], resolver=selectors.category_resolver())
    assert draft.files[0].sha256 == _sha256(path.read_bytes())


def test_a_file_gone_before_it_is_hashed_stops_the_import_and_writes_nothing(tmp_path):
    path, draft = _read_to_hash_later(tmp_path)
    before = snapshot()
    path.unlink()

    with pytest.raises(PoliceDataError) as caught, importer.hashing(draft):
        services.police_import_write(actor=ACTOR, draft=draft, paths=[str(path)])

    assert caught.value.file == str(path)
    assert "could not be read again to record its SHA-256" in caught.value.message
    assert snapshot() == before

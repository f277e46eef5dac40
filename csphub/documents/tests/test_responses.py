"""One response for every document: content type, disposition, caching, CSP, 404s; and the
registry that views and the render command look documents up in."""

from __future__ import annotations

import pytest
from django.http import Http404

from csphub.documents import registry
from csphub.documents.responses import (
    document_response,
    download_response,
    registered_response,
    style_hashes,
)

from . import sample


@pytest.mark.parametrize(
    ("fmt", "content_type", "disposition"),
    [
        ("html", "text/html; charset=utf-8", "inline"),
        ("pdf", "application/pdf", "inline"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
    ],
)
def test_document_response_headers(agenda_doc, fmt, content_type, disposition):
    response = document_response(agenda_doc, fmt, "board-2017-12-19-agenda")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'{disposition}; filename="board-2017-12-19-agenda.{fmt}"'
    )
    assert int(response["Content-Length"]) == len(response.content)
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache", "max-age=0"} <= cache  # built for this viewer
    assert "Cookie" in response["Vary"]
    if fmt == "html":
        assert response._csp_update == {"style-src": style_hashes(response.content)}
        assert response._csp_update["style-src"]
    else:
        assert not hasattr(response, "_csp_update")


def test_a3_paper_and_unknown_format(agenda_doc):
    assert document_response(agenda_doc, "pdf", "x", paper="a3-landscape").status_code == 200
    with pytest.raises(ValueError, match="format"):
        document_response(agenda_doc, "exe", "x")


def test_download_names_cannot_break_the_header():
    response = download_response(b"a,b\n", "text/csv", 'x"; evil=1\r\n.csv')
    assert response["Content-Disposition"] == 'attachment; filename="x---evil-1--.csv"'


# --- the registry ----------------------------------------------------------------------------

SOURCE = registry.Source(name="test-thing", key_help="a word", load=lambda key, user, o: key)


def _published(subject: str):
    return sample.agenda() if subject == "public" else None


def _json(subject: str) -> bytes | None:
    return b'{"ok": true}' if subject == "public" else None


@pytest.fixture
def entry():
    yield registry.register(
        "test-document",
        _published,
        source=SOURCE,
        filename=lambda s: f"thing-{s}",
        extras={"json": registry.Extra("application/json", _json)},
    )
    registry._DOCUMENTS.pop("test-document")


def test_registry_lookup(entry):
    assert registry.get("test-document") is entry
    assert registry.get("test-document", source="test-thing") is entry
    with pytest.raises(LookupError):
        registry.get("test-document", source="meeting")
    with pytest.raises(LookupError):
        registry.get("no-such-document")
    assert "test-document" in registry.names(source="test-thing")
    assert entry.formats == ("html", "pdf", "docx", "json")


def test_a_name_belongs_to_one_builder(entry):
    assert registry.register("test-document", _published, source=SOURCE, filename=str) is not None
    with pytest.raises(ValueError, match="already registered"):
        registry.register("test-document", _json, source=SOURCE, filename=str)


def test_registered_response(entry):
    response = registered_response(entry, "public", "pdf", suffix="-a3")
    assert response["Content-Disposition"] == 'inline; filename="thing-public-a3.pdf"'
    response = registered_response(entry, "public", "json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="thing-public.json"'
    for subject, fmt, extras in [
        ("hidden", "pdf", True),  # not published for this viewer: as if it did not exist
        ("hidden", "json", True),
        ("public", "json", False),  # extras not offered by this view
        ("public", "exe", True),
    ]:
        with pytest.raises(Http404):
            registered_response(entry, subject, fmt, extras=extras)

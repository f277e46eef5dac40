"""The single entry point: content, content type and extension for each format."""

import pytest

from csphub.documents.render import render

from . import sample


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension", "magic"),
    [
        ("html", "text/html; charset=utf-8", "html", b"<!DOCTYPE html>"),
        ("pdf", "application/pdf", "pdf", b"%PDF-"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            b"PK",
        ),
    ],
)
def test_render_each_format(fmt, content_type, extension, magic):
    content, got_type, got_extension = render(sample.agenda(), fmt)
    assert content.startswith(magic)
    assert got_type == content_type
    assert got_extension == extension


def test_unknown_format_or_paper_is_refused():
    with pytest.raises(ValueError, match="format"):
        render(sample.agenda(), "odt")
    with pytest.raises(ValueError, match="paper"):
        render(sample.agenda(), "pdf", paper="letter")

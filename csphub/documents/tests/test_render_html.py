"""HTML output: one accessible page to download, or a GOV.UK fragment to embed."""

import re
from html.parser import HTMLParser

from csphub.documents.render_html import render_html

from . import sample


class _Tags(HTMLParser):
    """Collects start tags with their attributes, to query the output structurally."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_user_text_is_escaped_everywhere():
    doc = sample.hostile()
    for html in (render_html(doc), render_html(doc, standalone=False)):
        assert "<script" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
        assert not [t for t, _ in tags(html) if t == "script"]


def test_standalone_page_is_a_whole_accessible_document(agenda_doc):
    html = render_html(agenda_doc)
    found = tags(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "en-GB"}) in found
    assert f"<title>{agenda_doc.title}</title>" in html
    assert [t for t, _ in found].count("h1") == 1
    assert [t for t, _ in found].count("main") == 1
    assert "GDS Transport" not in html


def test_standalone_marking_at_top_and_bottom(agenda_doc):
    html = render_html(agenda_doc)
    assert html.count('class="doc-marking doc-marking--top"') == 1
    assert html.count('class="doc-marking doc-marking--bottom"') == 1
    assert html.count("OFFICIAL-SENSITIVE") >= 2


def test_agenda_items_numbers_pages_and_restricted_notice(agenda_doc):
    html = render_html(agenda_doc)
    assert '<span class="doc-number">12a</span> Domestic abuse sub group update' in html
    assert "(Pages 31 - 34)" in html
    assert "Exempt – paragraph 7 of Schedule 12A" in html
    # Headings nest: "Agenda" h2, items h3, sub-items h4.
    assert re.search(r"<h3[^>]*><span class=\"doc-number\">12</span>", html)
    assert re.search(r"<h4[^>]*><span class=\"doc-number\">12a</span>", html)


def test_minutes_have_a_real_action_column(minutes_doc):
    html = render_html(minutes_doc)
    found = tags(html)
    assert ("th", {"scope": "col", "class": "govuk-table__header doc-action"}) in found
    for initials in ("LG/TG", "LS", "AR", "SW"):
        assert f'<td class="govuk-table__cell doc-action">{initials}</td>' in html
    assert "<strong>RESOLVED that the Chairman&#x27;s update be noted.</strong>" in html
    assert "<strong>RESOLVED that:</strong>" in html


def test_data_tables_have_scoped_headers_and_widths_in_the_style_block(minutes_doc):
    html = render_html(minutes_doc)
    found = tags(html)
    assert any(t == "th" and a.get("scope") == "row" for t, a in found)
    assert "<caption" in html
    assert re.search(r"#doc-table-\d+ col:nth-child\(1\) \{ width: 20\.00%; \}", html)
    assert not any("style" in attrs for _, attrs in found)


def test_fragment_uses_govuk_classes_and_no_page_furniture(minutes_doc, agenda_doc):
    for doc in (minutes_doc, agenda_doc):
        html = render_html(doc, standalone=False)
        found = tags(html)
        names = [t for t, _ in found]
        assert "html" not in names
        assert "h1" not in names
        assert "style" not in names
        assert not any("style" in attrs for _, attrs in found)  # CSP: no inline styles
        headings = [t for t in names if re.fullmatch(r"h\d", t)]
        assert headings
        assert min(headings) == "h2"
    html = render_html(minutes_doc, standalone=False)
    for cls in (
        "govuk-heading-l",
        "govuk-heading-m",
        "govuk-body",
        "govuk-table",
        "govuk-table__header",
    ):
        assert cls in html

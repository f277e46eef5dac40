"""Every RAG state reads without colour: in Chromium, with the compiled site CSS and the page
turned to greyscale, the project's RAG tags still differ in their word, their symbol and
their border, and their pictures differ pixel by pixel.

The tags are rendered through Django's template engine from components/tag.html, exactly as
pages include them, on a minimal page (no base.html) that links csphub/static/csphub/main.css.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator

import numpy as np
import pytest
from django.template import Context, Template
from PIL import Image
from playwright.sync_api import Browser, Page

from csphub.actions.rules import RAG_LABELS

from .conftest import STATIC_CSS, VIEWPORT, assert_accessible

pytestmark = pytest.mark.browser

# rag parameter of components/tag.html -> the word shown, and the key in RAG_LABELS
STATES = {"red": "Red", "amber": "Amber", "green": "Green", "none": "Not rated"}
LABEL_KEYS = {"red": "red", "amber": "amber", "green": "green", "none": ""}
SAME_TEXT = "Rating"  # every tag in the second list says this: only the styling differs
# Mean absolute difference (0-255) between two tags' greyscale pictures: identical renders
# give 0; pairs of RAG states measured 18 to 73 apart when this test was written.
MIN_DIFFERENCE = 8.0

TAG = Template('{% include "components/tag.html" with text=text rag=rag only %}')
PAGE = """<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RAG ratings without colour</title>
<link rel="stylesheet" href="{css}">
</head>
<body class="govuk-template__body">
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">RAG ratings without colour</h1>
<h2 class="govuk-heading-m">Each rating with its word</h2>
<ul class="govuk-list">{words}</ul>
<h2 class="govuk-heading-m">The same word, styled by rating</h2>
<ul class="govuk-list">{same}</ul>
</main>
</div>
</body>
</html>
"""


def tag(text: str, rag: str) -> str:
    return TAG.render(Context({"text": text, "rag": rag}))


@pytest.fixture
def rag_page(browser: Browser, tmp_path) -> Iterator[Page]:
    """The tags on a page of their own, loaded from a file with the compiled CSS linked."""
    words = "".join(f'<li id="word-{rag}">{tag(word, rag)}</li>' for rag, word in STATES.items())
    # "red" twice: the control that identical tags give identical pictures
    same = "".join(
        f'<li id="same-{key}">{tag(SAME_TEXT, rag)}</li>'
        for key, rag in [*((r, r) for r in STATES), ("red-again", "red")]
    )
    html = tmp_path / "rag.html"
    html.write_text(PAGE.format(css=STATIC_CSS.as_uri(), words=words, same=same), encoding="utf-8")
    context = browser.new_context(locale="en-GB", viewport=VIEWPORT)
    page = context.new_page()
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    yield page
    context.close()


def visible_symbol(page: Page, selector: str) -> str:
    """The symbol the CSS draws before the tag's text (content: "✕" / "" -> ✕)."""
    content = page.eval_on_selector(selector, "el => getComputedStyle(el, '::before').content")
    match = re.match(r'"([^"]*)"', content)
    assert match, f"{selector} has no symbol before its text: content is {content!r}"
    return match[1]


def greyscale_crop(page: Page, selector: str) -> np.ndarray:
    shot = page.locator(selector).screenshot()
    rgb = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)
    spread = (rgb.max(axis=2) - rgb.min(axis=2)).max()
    assert spread <= 3, f"{selector} is not greyscale (channels differ by {spread})"
    return rgb.mean(axis=2)


def difference(a: np.ndarray, b: np.ndarray, *, ignore_brightness: bool = False) -> float:
    """Mean absolute pixel difference, the smaller picture padded with white."""
    height, width = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    pads = []
    for image in (a, b):
        canvas = np.full((height, width), 255.0)
        canvas[: image.shape[0], : image.shape[1]] = image
        pads.append(canvas - canvas.mean() if ignore_brightness else canvas)
    return float(np.abs(pads[0] - pads[1]).mean())


def test_rag_tags_page_is_accessible(rag_page):
    assert_accessible(rag_page)


def test_every_rag_state_has_its_own_word_and_symbol(rag_page):
    shown = {}
    for rag, word in STATES.items():
        selector = f"#word-{rag} .govuk-tag"
        symbol = visible_symbol(rag_page, selector)
        text = rag_page.inner_text(selector).strip()
        assert text == word
        expected_symbol, expected_word, _ = RAG_LABELS[LABEL_KEYS[rag]]
        assert (symbol, text) == (expected_symbol, expected_word)  # CSS and Python agree
        shown[rag] = f"{symbol} {text}"
    assert shown == {"red": "✕ Red", "amber": "! Amber", "green": "✓ Green", "none": "– Not rated"}
    assert len(set(shown.values())) == len(STATES)
    assert len({s.split(" ", 1)[0] for s in shown.values()}) == len(STATES)  # symbols alone


def test_every_rag_state_has_its_own_border_style(rag_page):
    styles = {
        rag: rag_page.eval_on_selector(
            f"#same-{rag} .govuk-tag", "el => getComputedStyle(el).borderTopStyle"
        )
        for rag in STATES
    }
    assert styles == {"red": "solid", "amber": "dashed", "green": "dotted", "none": "double"}


def test_every_pair_of_rag_states_differs_in_greyscale(rag_page):
    """Turned to greyscale, each pair of tags still looks different, even when they say the
    same word and even ignoring how light or dark they are overall."""
    rag_page.add_style_tag(content="html { filter: grayscale(100%); }")
    crops = {key: greyscale_crop(rag_page, f"#word-{key} .govuk-tag") for key in STATES}
    same = {
        key: greyscale_crop(rag_page, f"#same-{key} .govuk-tag") for key in [*STATES, "red-again"]
    }
    assert difference(same["red"], same["red-again"]) == 0  # the measure is not noise

    measured = {}
    for a, b in itertools.combinations(STATES, 2):
        measured[a, b] = (
            difference(crops[a], crops[b]),
            difference(same[a], same[b]),
            difference(same[a], same[b], ignore_brightness=True),
        )
    for (a, b), values in measured.items():
        for value in values:
            assert value > MIN_DIFFERENCE, f"{a} and {b} look alike in greyscale: {values}"

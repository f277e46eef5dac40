"""Tables at 320 CSS pixels (issue 11): the action log, the crime pack and the indicators
list of the Barking and Dagenham demo, on a 320px-wide screen, break no word or number in
the middle ("Minut/e 137", "Decem/ber", "1,14/2"), clip no tag, and leave no control off
the screen except inside a table's own scrolling box, which says it scrolls. Each page is
also screenshotted (kept under $TMPDIR/csphub-narrow-screens/ to look at) and checked by axe.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from csphub.demo.loader import FIXTURES, load_fixture
from csphub.police.tests.factories import police_file

from .conftest import NARROW, assert_accessible, visit

pytestmark = pytest.mark.browser

SLUG = "barking-dagenham"
SHOTS = Path(tempfile.gettempdir()) / "csphub-narrow-screens"

# Every word of every table cell, header and tag, measured with a DOM Range: a word laid out
# on more than one line was broken inside (a break after a hyphen or slash is a proper
# break, so those end a word); a word wider than its cell or tag sticks out or is clipped.
BROKEN_WORDS_JS = r"""() => {
    const problems = [];
    const label = el => `<${el.tagName.toLowerCase()} class="${el.className}"> `
        + `"${el.innerText.trim().slice(0, 60)}"`;
    const lineTops = rects => new Set(Array.from(rects)
        .filter(r => r.width > 0 && r.height > 0).map(r => Math.round(r.top)));
    const elements = document.querySelectorAll(
        'main td, main th, main .govuk-tag');
    for (const el of elements) {
        const box = el.getBoundingClientRect();
        if (box.width === 0) continue;
        const style = getComputedStyle(el);
        const inner = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
            - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
        let longest = 0;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (parent.closest('.govuk-visually-hidden')) continue;
            if (parent !== el && parent.closest('.govuk-tag') && !el.matches('.govuk-tag'))
                continue;  // a tag's words are checked against the tag itself
            const pattern = /[^\s\-\/\u2013]+[\-\/\u2013]?/g;
            let match;
            while ((match = pattern.exec(node.data)) !== null) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const rects = range.getClientRects();
                if (lineTops(rects).size > 1) {
                    problems.push(`"${match[0]}" is broken over lines in ${label(el)}`);
                }
                const width = range.getBoundingClientRect().width;
                longest = Math.max(longest, width);
            }
        }
        if (longest > inner + 1) {
            problems.push(`${label(el)} is ${Math.round(inner)}px wide inside, `
                + `its longest word ${Math.round(longest)}px`);
        }
        if (el.matches('.govuk-tag') && el.scrollWidth > el.clientWidth + 1) {
            problems.push(`tag "${el.innerText.trim()}" is clipped`);
        }
    }
    return problems;
}"""

# Every control (link, button, field, focusable region) lies within the screen's width,
# unless it sits in a table's scrolling box, which is itself on screen and focusable.
OFF_SCREEN_JS = r"""(width) => {
    const problems = [];
    const controls = document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
    for (const el of controls) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height <= 1) continue;  // not rendered, or visually hidden
        const hidden = '.govuk-visually-hidden, .govuk-visually-hidden-focusable, .govuk-skip-link';
        if (el.closest(hidden)) continue;
        const text = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 50);
        const scroller = el.parentElement && el.parentElement.closest('.csp-table-wrapper');
        const box = scroller ? scroller.getBoundingClientRect() : r;
        if (box.left < -1 || box.right > width + 1) {
            const span = `${Math.round(box.left)}..${Math.round(box.right)}px`;
            problems.push(`${el.tagName.toLowerCase()} "${text}" spans ${span}`);
        }
        if (scroller && (scroller.getAttribute('tabindex') !== '0'
                || scroller.getAttribute('role') !== 'region'
                || !scroller.getAttribute('aria-label'))) {
            problems.push(`the scrolling box around "${text}" is unreachable or unnamed`);
        }
    }
    return problems;
}"""

# Each scrolling box that is narrower than its table says so, visibly, above it.
HINTS_JS = r"""() => Array.from(document.querySelectorAll('.csp-table-wrapper'))
    .filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => {
        const hint = w.previousElementSibling;
        return hint && hint.matches('.csp-table-hint') && !hint.hidden
            && hint.getBoundingClientRect().height > 0;
    })"""


@pytest.fixture
def demo(transactional_db):
    vintage = police_file("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
    population = police_file("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv")
    call_command("import_police", str(vintage), str(population), stdout=io.StringIO())
    partnership = load_fixture(FIXTURES / "barking-dagenham.yaml")
    assert partnership is not None
    return partnership


def _check(page, name: str) -> int:
    """The three checks on the page as it is; returns how many tables scroll."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{name}-{NARROW}px.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    assert page.evaluate("() => document.documentElement.clientWidth") == NARROW
    broken = page.evaluate(BROKEN_WORDS_JS)
    assert not broken, f"{name} at {NARROW}px breaks words ({len(broken)}):\n" + "\n".join(
        broken[:15]
    )
    off = page.evaluate(OFF_SCREEN_JS, NARROW)
    assert not off, f"{name} at {NARROW}px has controls off screen:\n" + "\n".join(off[:15])
    hints = page.evaluate(HINTS_JS)
    assert all(hints), f"{name}: a table scrolls with no visible hint"
    return len(hints)


def test_tables_at_320px_keep_words_whole_and_controls_on_screen(page, live_server, demo):
    page.set_default_navigation_timeout(90_000)  # the pack draws its charts on first request
    page.set_viewport_size({"width": NARROW, "height": 800})
    pages = {
        "action-log": reverse("actions:log", args=[SLUG]),
        "crime-pack": reverse("crime_pack:pack", args=[SLUG]) + "?to=2017-07",
        "indicators": reverse("performance:indicators", args=[SLUG]) + "?to=2017-07",
    }
    scrolling = {}
    for name, url in pages.items():
        visit(page, live_server.url + url)
        page.wait_for_load_state("load")
        assert page.locator("main table").count() >= 1, f"{name} shows no table"
        scrolling[name] = _check(page, name)
        assert_accessible(page)  # axe; and the page itself never scrolls sideways
        page.set_viewport_size({"width": NARROW, "height": 800})
    # The action log's eight columns cannot fit 320px: it scrolls, and says so.
    assert scrolling["action-log"] >= 1
    visit(page, live_server.url + pages["action-log"])
    assert re.search(
        "Scroll the table sideways", page.locator(".csp-table-hint").first.inner_text()
    )
    # The scrolling box takes the keyboard: Tab reaches it and arrow keys scroll it.
    wrapper = page.locator(".csp-table-wrapper").first
    wrapper.focus()
    before = wrapper.evaluate("w => w.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("w => w.scrollLeft > 0", arg=wrapper.element_handle())
    assert wrapper.evaluate("w => w.scrollLeft") > before

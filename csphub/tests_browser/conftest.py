"""Chromium through Playwright, a signed-in session without the sign-in form, and one
accessibility check (axe, WCAG 2.2 AA) that every page visited must pass.

Run with `pytest -m browser csphub/tests_browser` (not under xdist: one live server, one
browser). Playwright's sync API runs an event loop in this thread, so Django's guard against
ORM calls from async code is switched off while the browser is open.

When a test fails, the page it was on is saved (HTML and a full-page screenshot) under
$TMPDIR/csphub-browser-failures/.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from csphub.accounts.tests.login import verified_login

CHROMIUM = os.environ.get("CSPHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
NARROW = 320
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
BLOCKING_IMPACTS = {"serious", "critical"}
FAILURES = Path(tempfile.gettempdir()) / "csphub-browser-failures"
STATIC_CSS = Path(settings.BASE_DIR) / "static" / "csphub" / "main.css"

# Ids used more than once
DUPLICATE_IDS_JS = """() => {
    const seen = {};
    document.querySelectorAll('[id]').forEach(el => {
        seen[el.id] = (seen[el.id] || 0) + 1;
    });
    return Object.keys(seen).filter(id => seen[id] > 1);
}"""
# What sticks out past the right edge: the outermost such elements (their parent does not)
# and anything absolutely positioned (it can escape a scrolling box, e.g. visually hidden
# text in a wide table)
TOO_WIDE_JS = """(limit) => {
    const right = el => el.getBoundingClientRect().right;
    const name = el => el.tagName.toLowerCase()
        + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className.trim()
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    return Array.from(document.querySelectorAll('body *'))
        .filter(el => right(el) > limit + 1)
        .filter(el => !el.parentElement || right(el.parentElement) <= limit + 1
            || ['absolute', 'fixed'].includes(getComputedStyle(el).position))
        .slice(0, 5)
        .map(el => name(el) + ' (right edge ' + Math.round(right(el)) + 'px)');
}"""

_axe = Axe()
_ERRORS: dict[int, list[str]] = {}  # script errors and CSP violations, per open page


# --- The browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        # Failing, not skipping: a suite that passes without its browser tests proves nothing
        # about the pages. `make test BROWSER=0` leaves them out and says so.
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install it (apt-get install chromium) or set "
            "CSPHUB_CHROMIUM; `bash scripts/ensure-browser.sh` does it where it can."
        )
    if not STATIC_CSS.exists():
        pytest.fail(f"{STATIC_CSS} is missing: run `bash scripts/build-static.sh` first.")
    # Set here, not at import, so the rest of the suite keeps Django's async-safety check
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Recreate the reference data a migration seeds (crime categories): transactional
    tests flush the database after each test, taking migration-seeded rows with them
    (EveryElection's conftest does the same for its reference data)."""
    if "transactional_db" not in request.fixturenames and "page" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    from csphub.police.models import CrimeCategory

    if not CrimeCategory.objects.exists():
        seed = importlib.import_module("csphub.performance.migrations.0002_crime_categories")
        seed.seed(apps, None)


@pytest.fixture
def page(browser: Browser, live_server, transactional_db, request) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test, British English, desktop size."""
    context = browser.new_context(locale="en-GB", viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"{page.url}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    _ERRORS[id(page)] = errors
    yield page
    _ERRORS.pop(id(page), None)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # Keep what the browser last showed, to see why without re-running
        FAILURES.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.nodeid)
        with contextlib.suppress(Exception):  # the page may be gone: the failure matters more
            (FAILURES / f"{stem}.html").write_text(page.content(), encoding="utf-8")
            page.screenshot(path=str(FAILURES / f"{stem}.png"), full_page=True)
    context.close()


# --- Signing in ---------------------------------------------------------------------------


def login_as(context: BrowserContext, live_server, user) -> None:
    """Sign `user` in without the sign-in form: make a session with the test client and
    hand its cookie to the browser (the Democracy Club EveryElection pattern)."""
    client = verified_login(Client(), user)  # both sign-in steps (decision 0018)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    host = urlsplit(live_server.url).hostname
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "domain": host,
                "path": "/",
                "httpOnly": True,
                "secure": False,
                "sameSite": "Lax",
            }
        ]
    )


# --- Navigation helpers ---------------------------------------------------------------


def visit(page: Page, url: str, *, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"GET {url} gave {response.status}, expected {status}"


def click_and_wait(page: Page, locator, *, status: int | None = 200) -> None:
    """Click something that loads a new page (a link or a submit button) and wait for it."""
    with page.expect_navigation() as nav:
        locator.click()
    response = nav.value
    if status is not None and response is not None:
        assert response.status == status, (
            f"{page.url} gave {response.status}, expected {status}:\n{page.inner_text('main')}"
            if response.status != 500
            else f"{page.url} gave a server error (500)"
        )


# --- The accessibility check ------------------------------------------------------------


def _describe(violation: dict) -> str:
    targets = []
    for node in violation.get("nodes", [])[:3]:
        target = node.get("target", [])
        targets.append(" ".join(str(t) for t in target) if isinstance(target, list) else target)
    return (
        f"- {violation['id']} ({violation.get('impact')}): {violation.get('help')}\n"
        f"    {violation.get('helpUrl', '')}\n"
        f"    on: {' | '.join(targets)}"
        + (f" (+{len(violation['nodes']) - 3} more)" if len(violation.get("nodes", [])) > 3 else "")
    )


def assert_accessible(page: Page) -> None:
    """The page passes axe (WCAG 2.2 AA; serious and critical failures), has exactly one
    <h1>, says it is British English, and does not scroll sideways at 320px (WCAG 1.4.10)."""
    where = page.url
    page.wait_for_load_state("load")

    results = _axe.run(page, options=AXE_OPTIONS).response
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, f"Accessibility failures on {where}:\n" + "\n".join(
        _describe(v) for v in blocking
    )

    h1s = page.locator("h1")
    assert h1s.count() == 1, f"{where} has {h1s.count()} <h1> elements: {h1s.all_inner_texts()}"
    # axe no longer checks this, but a repeated id ties a label to the wrong control
    duplicates = page.evaluate(DUPLICATE_IDS_JS)
    assert not duplicates, f"{where} repeats these ids: {duplicates}"
    lang = page.locator("html").get_attribute("lang")
    assert lang == "en-GB", f"{where}: <html lang={lang!r}>, expected 'en-GB'"

    size = page.viewport_size or VIEWPORT
    page.set_viewport_size({"width": NARROW, "height": size["height"]})
    try:
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width > client_width + 1:
            wide = page.evaluate(TOO_WIDE_JS, client_width)
            pytest.fail(
                f"{where} scrolls sideways at {NARROW}px: scrollWidth {scroll_width} > "
                f"clientWidth {client_width}. Too wide: {wide}"
            )
    finally:
        page.set_viewport_size(size)

    errors = _ERRORS.get(id(page), [])
    found, errors[:] = list(errors), []
    assert not found, f"Script errors or Content Security Policy violations: {found}"

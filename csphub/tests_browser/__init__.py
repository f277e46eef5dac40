"""End-to-end tests in a real Chromium, with an accessibility check on every page."""

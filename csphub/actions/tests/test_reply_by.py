"""The reply-by date in an update request never falls after the e-mail's links expire
(issue 11: "Please reply by Tuesday 6 April 2027" with links working until 17 December)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.actions import rules

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def test_the_agenda_deadline_when_the_links_outlive_it():
    today = date(2030, 2, 20)
    assert rules.reply_by_date(date(2030, 3, 1), date(2030, 3, 6), today) == date(2030, 3, 1)


def test_the_link_expiry_when_the_deadline_is_later():
    today = date(2026, 12, 3)
    expires = rules.links_expire_on(today, 14)
    assert expires == date(2026, 12, 17)
    assert rules.reply_by_date(date(2027, 4, 6), expires, today) == date(2026, 12, 17)


def test_no_reply_by_date_for_a_deadline_already_past_or_unknown():
    today = date(2030, 3, 2)
    assert rules.reply_by_date(date(2030, 3, 1), date(2030, 3, 16), today) is None
    assert rules.reply_by_date(None, date(2030, 3, 16), today) is None


def test_a_deadline_of_today_stands():
    today = date(2030, 3, 2)
    assert rules.reply_by_date(today, today + timedelta(days=14), today) == today


@settings(max_examples=500, deadline=None)
@given(preferred=days, today=days, link_days=st.integers(min_value=0, max_value=60))
def test_never_after_the_links_expire_nor_before_today(preferred, today, link_days):
    expires = rules.links_expire_on(today, link_days)
    reply_by = rules.reply_by_date(preferred, expires, today)
    if reply_by is not None:
        assert today <= reply_by <= expires
        assert reply_by <= preferred
    else:
        assert preferred < today

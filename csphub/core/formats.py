"""Dates and times as people in UK local government write them. Pure functions."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """ "Thursday 21 June 2018" """
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """ "21 June 2018" """
    return f"{day.day} {day:%B %Y}"


def clock(t: dt.time) -> str:
    """ "10.00 am", "2.30 pm", "12.00 pm" (noon)"""
    hour = t.hour % 12 or 12
    return f"{hour}.{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


def financial_year(day: dt.date) -> str:
    """ "2017/18" for any day from 1 April 2017 to 31 March 2018."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def post_with_organisation(post: str, organisation: str) -> str:
    """ "LBB Director of Environment": the organisation once, however the post was typed."""
    post, organisation = post.strip(), organisation.strip()
    if not organisation or post.lower().startswith(organisation.lower()):
        return post
    return f"{organisation} {post}".strip()

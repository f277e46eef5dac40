"""Dates and times as people in UK local government write them. Pure functions."""

from __future__ import annotations

import datetime as dt
import re


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


def post_with_organisation(post: str, organisation: str, *also_named: str) -> str:
    """ "LBB Director of Environment": the organisation once, however the post was typed.

    A post that already names the organisation, by ``organisation`` or any of
    ``also_named`` (its full name, or a word such as "Police" that says which service it
    is), anywhere in it, is printed as typed: "Safer Neighbourhood Board-Vice Chairman",
    "Head of Safeguarding SEL ICB (Bromley)" and "Bromley Police" gain no prefix.
    """
    post, organisation = post.strip(), organisation.strip()
    if not organisation:
        return post
    names = [n.strip() for n in (organisation, *also_named) if n and n.strip()]
    if any(_names(post, name) for name in names):
        return post
    return f"{organisation} {post}".strip()


def _names(post: str, name: str) -> bool:
    """Whether ``name`` appears in ``post`` as whole words, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", post, re.IGNORECASE) is not None

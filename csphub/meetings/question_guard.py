"""The rules that keep the public question form from being flooded (issue 10 part 2).

Anyone may ask a question without signing in, so the form is limited three ways: a question
has at most :data:`MAX_QUESTION_CHARS` characters (a 2,000,000-character question once made
its meeting page 2 MB); one address may send at most :data:`RATE_LIMIT` questions in
:data:`RATE_WINDOW`; and a field people never see (a honeypot) refuses, silently, whatever
fills it in. No third-party CAPTCHA: nothing leaves the site.

Addresses are kept only as a keyed hash (:func:`sender_key`) in ``QuestionSender`` and only
for :data:`RATE_WINDOW`: the rate limit needs to know "the same address", never which. The
count is in the database, so every worker process sees the same figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings

MAX_QUESTION_CHARS = 5000
TOO_LONG = "Your question must be 5,000 characters or fewer"
RATE_LIMIT = 5
RATE_WINDOW = dt.timedelta(minutes=10)
TOO_MANY = (
    "You have sent 5 questions in the last 10 minutes, the most we accept from one "
    "connection. Try again in 10 minutes."
)
HONEYPOT = "website"
"""The form field hidden from people; a robot that fills every field fills this one."""


def sender_key(address: str) -> str:
    """A keyed hash of the client's address ("" for none): equal for the same address,
    revealing nothing of it without the site's secret key."""
    if not address:
        return ""
    key = f"csphub.question-rate:{settings.SECRET_KEY}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def window_start(now: dt.datetime) -> dt.datetime:
    """The earliest moment whose questions count towards the limit at ``now``."""
    return now - RATE_WINDOW


def over_limit(recent: int) -> bool:
    """Whether another question is refused after ``recent`` in the window from one address."""
    return recent >= RATE_LIMIT

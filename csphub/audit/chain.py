"""The audit chain's cryptography: keys, the digest of an event, the signed head, and the
check of the whole chain (decision 0016).

Pure functions over event-like objects (anything with the AuditEvent attributes), so the
data migration that re-signed the pre-0016 chain uses exactly the same digest as the app.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

# A fixed development key: dev and test databases verify across restarts; production
# settings refuse to start without CSPHUB_AUDIT_KEY, and `manage.py check` warns.
DEVELOPMENT_KEY = "csphub-development-audit-key-not-secret"
HEAD_PREFIX = "csphub-audit-head-v1"


class EventLike(Protocol):
    pk: Any
    seq: Any  # int (None only mid-migration)
    partnership_id: Any
    actor_id: Any
    actor_label: str
    verb: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    note: str
    created_at: Any
    previous_hash: str
    key_id: str
    hash: str


def fingerprint(key: str) -> str:
    """A short public name for a key, stored with each event (never the key itself)."""
    return hashlib.sha256(b"csphub-audit-key-id:" + key.encode()).hexdigest()[:16]


def current_key() -> str:
    key = getattr(settings, "CSPHUB_AUDIT_KEY", "") or ""
    return key or DEVELOPMENT_KEY


def keys() -> dict[str, str]:
    """Every key an event may have been signed with, by fingerprint: current, old, and the
    development key (only when no key is configured, so a production chain cannot verify
    with a well-known key)."""
    found = {fingerprint(k): k for k in getattr(settings, "CSPHUB_AUDIT_OLD_KEYS", []) if k}
    key = current_key()
    found[fingerprint(key)] = key
    return found


def _mac(key: str, text: str) -> str:
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def canonical(event: EventLike) -> str:
    """Every stored field but the hash itself, in a fixed order: nothing can change unseen."""
    return json.dumps(
        {
            "v": 2,
            "seq": event.seq,
            "partnership": event.partnership_id,
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "verb": event.verb,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "before": event.before,
            "after": event.after,
            "note": event.note,
            "created_at": event.created_at.isoformat(),
            "previous": event.previous_hash,
            "key_id": event.key_id,
        },
        sort_keys=True,
        cls=DjangoJSONEncoder,
    )


def digest(event: EventLike, key: str) -> str:
    return _mac(key, canonical(event))


def legacy_digest(event: EventLike) -> str:
    """The pre-0016 unkeyed digest, used once by the migration that re-signed the chain."""
    payload = json.dumps(
        {
            "partnership": event.partnership_id,
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "verb": event.verb,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "before": event.before,
            "after": event.after,
            "note": event.note,
            "created_at": event.created_at.isoformat(),
            "previous": event.previous_hash,
        },
        sort_keys=True,
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def head_signature(count: int, last_id: int | None, last_hash: str, key: str) -> str:
    return _mac(key, f"{HEAD_PREFIX}:{count}:{last_id or 0}:{last_hash}")


@dataclass(frozen=True)
class HeadValue:
    """What an operator keeps outside the database: `--export-head` prints it."""

    count: int
    last_id: int
    last_hash: str
    signature: str

    def __str__(self) -> str:
        return f"{HEAD_PREFIX}:{self.count}:{self.last_id}:{self.last_hash}:{self.signature}"

    @classmethod
    def parse(cls, text: str) -> HeadValue:
        parts = text.strip().split(":")
        if len(parts) != 5 or ":".join(parts[:1]) != HEAD_PREFIX:
            raise ValueError(f"Not an exported audit head (expected {HEAD_PREFIX}:...).")
        try:
            return cls(int(parts[1]), int(parts[2]), parts[3], parts[4])
        except ValueError as exc:
            raise ValueError("Not an exported audit head (count and id must be numbers).") from exc

    def signed_by(self) -> str | None:
        """Fingerprint of the key that signed this value, or None if no known key did."""
        for kid, key in keys().items():
            expected = head_signature(self.count, self.last_id, self.last_hash, key)
            if hmac.compare_digest(expected, self.signature):
                return kid
        return None


@dataclass(frozen=True)
class Finding:
    """One problem, naming the event it concerns (`event_id`, or None for the whole chain)."""

    event_id: int | None
    message: str

    def __str__(self) -> str:
        return self.message


def check_events(events: Iterable[EventLike]) -> tuple[list[Finding], int, EventLike | None]:
    """Walk the events in chain order; return findings, how many were seen, and the last."""
    findings: list[Finding] = []
    known = keys()
    previous_hash = ""
    previous: EventLike | None = None
    expected_seq = 1
    seen = 0
    for event in events:
        seen += 1
        name = f"event #{event.pk}"
        if event.seq is not None and event.seq > expected_seq:
            missing = event.seq - expected_seq
            after = f"after event #{previous.pk}" if previous is not None else "at the start"
            findings.append(
                Finding(
                    event.pk,
                    f"{missing} event(s) deleted {after}, before {name} "
                    f"(positions {expected_seq}-{event.seq - 1} are missing).",
                )
            )
        elif event.previous_hash != previous_hash:
            findings.append(
                Finding(event.pk, f"{name} does not follow the event before it in the chain.")
            )
        key = known.get(event.key_id)
        if key is None:
            findings.append(
                Finding(event.pk, f"{name} was signed with an unknown key ({event.key_id!r}).")
            )
        elif not hmac.compare_digest(digest(event, key), event.hash):
            findings.append(
                Finding(event.pk, f"{name} has been altered: its content does not match its HMAC.")
            )
        previous_hash = event.hash
        previous = event
        expected_seq = (event.seq or expected_seq) + 1
    return findings, seen, previous


def check_head(
    head: Any, seen: int, last: EventLike | None, exported: HeadValue | None
) -> list[Finding]:
    """Compare what the events say with the signed head row and an exported head value."""
    findings: list[Finding] = []
    last_seq = (last.seq or 0) if last is not None else 0
    if head is None:
        if last is not None:
            findings.append(Finding(None, "The chain's head row has been deleted."))
    else:
        key = keys().get(head.key_id)
        good = key is not None and hmac.compare_digest(
            head_signature(head.count, head.last_id, head.last_hash, key), head.signature
        )
        if head.count and not good:
            findings.append(Finding(None, "The chain's head row has been altered (bad signature)."))
        elif head.count > last_seq:
            findings.append(_tail_missing(head.count, head.last_id, last_seq, last, seen))
        elif head.count < last_seq or (last is not None and head.last_hash != last.hash):
            findings.append(
                Finding(
                    last.pk if last is not None else None,
                    "The chain's head does not match its last event "
                    f"(head: {head.count} events ending at event #{head.last_id}).",
                )
            )
    if exported is not None:
        if exported.signed_by() is None:
            findings.append(Finding(None, "The exported head given is not signed by a known key."))
        elif exported.count > last_seq:
            findings.append(_tail_missing(exported.count, exported.last_id, last_seq, last, seen))
    return findings


def _tail_missing(
    count: int, last_id: int | None, last_seq: int, last: EventLike | None, seen: int
) -> Finding:
    missing = count - last_seq
    if seen == 0:
        return Finding(
            last_id,
            f"All {count} events have been deleted (the chain ended at event #{last_id}).",
        )
    return Finding(
        last_id,
        f"The last {missing} event(s) have been deleted: the chain ended at event #{last_id} "
        f"(position {count}) but now ends at event #{last.pk if last else '-'} "
        f"(position {last_seq}).",
    )


def check_exported_in_chain(exported: HeadValue, event: EventLike | None) -> list[Finding]:
    """The exported head's event must still be in the chain, unchanged."""
    if exported.count == 0 or event is None:
        return []
    if event.pk != exported.last_id or event.hash != exported.last_hash:
        return [
            Finding(
                exported.last_id,
                f"Event #{exported.last_id} (position {exported.count}) from the exported head "
                "has been replaced or rewritten.",
            )
        ]
    return []

"""Decision 0016: re-sign the existing chain with the keyed digest (all fields, HMAC).

The old chain's unkeyed SHA-256 proved nothing against someone who could write to the table,
so events are re-chained in id order under the new digest, using CSPHUB_AUDIT_KEY as set when
the migration runs. Events the old check already found broken (e.g. the forks the concurrency
bug made) are named in one final `audit.rechain` event, so the re-signing is itself on record.
"""

from django.db import migrations
from django.utils import timezone

from csphub.audit import chain


def resign(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    key = chain.current_key()
    kid = chain.fingerprint(key)
    legacy_broken = []
    legacy_previous = ""
    previous = ""
    seq = 0
    last = None
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.previous_hash != legacy_previous or chain.legacy_digest(event) != event.hash:
            legacy_broken.append(event.pk)
        legacy_previous = event.hash
        seq += 1
        event.seq, event.key_id, event.previous_hash = seq, kid, previous
        event.hash = chain.digest(event, key)
        AuditEvent.objects.filter(pk=event.pk).update(
            seq=event.seq, key_id=kid, previous_hash=event.previous_hash, hash=event.hash
        )
        previous, last = event.hash, event
    if last is not None:
        seq += 1
        note = "Chain re-signed with the keyed digest (decision 0016)."
        if legacy_broken:
            note += " The old check failed for events: " + ", ".join(map(str, legacy_broken))
        last = AuditEvent(
            actor_label="System",
            verb="audit.rechain",
            object_type="audit.auditevent",
            note=note,
            created_at=timezone.now(),
            previous_hash=previous,
            seq=seq,
            key_id=kid,
        )
        last.hash = chain.digest(last, key)
        last.save()
    AuditHead.objects.update_or_create(
        pk=1,
        defaults={
            "count": seq,
            "last_id": last.pk if last else None,
            "last_hash": last.hash if last else "",
            "key_id": kid,
            "signature": chain.head_signature(
                seq, last.pk if last else None, last.hash if last else "", key
            ),
        },
    )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_chain_head"),
    ]

    operations = [
        migrations.RunPython(resign, migrations.RunPython.noop, elidable=False),
    ]

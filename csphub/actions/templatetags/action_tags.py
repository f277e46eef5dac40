"""Template filters for action pages: RAG as word and symbol, statuses, history entries."""

from __future__ import annotations

from django import template

from .. import rules
from ..models import Action, ActionUpdate

register = template.Library()

STATUS_LABELS = dict(Action.Status.choices)
# GOV.UK tag colours for statuses; the word is always shown, so colour is never the only cue.
STATUS_CLASSES = {
    "open": "govuk-tag--blue",
    "in_progress": "govuk-tag--light-blue",
    "carried_forward": "govuk-tag--purple",
    "done": "govuk-tag--green",
    "dropped": "govuk-tag--grey",
}


@register.filter
def rag_key(rag: str) -> str:
    """The `rag` parameter of components/tag.html: "red", "amber", "green" or "none"."""
    return rag if rag in {"red", "amber", "green"} else "none"


@register.filter
def rag_word(rag: str) -> str:
    """ "Red (off track)"; the tag component adds the symbol (✕, !, ✓) and the colour."""
    _symbol, word, meaning = rules.RAG_LABELS.get(rag, rules.RAG_LABELS[""])
    return f"{word} ({meaning})" if meaning else word


@register.filter
def rag_letter(rag: str) -> str:
    """The action plan's Status column: "R – Red", "A – Amber", "G – Green"."""
    _symbol, word, _meaning = rules.RAG_LABELS.get(rag, rules.RAG_LABELS[""])
    return f"{word[0]} – {word}" if rag in {"red", "amber", "green"} else word


@register.filter
def rag_text(rag: str) -> str:
    """Symbol and word as plain text, for places without the tag: "✕ Red (off track)"."""
    return rules.rag_label(rag)


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def owners_list(names) -> str:
    """["A", "B", "C"] -> "A, B and C"."""
    names = [n for n in (names or []) if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@register.filter
def history_changes(update: ActionUpdate) -> list[dict]:
    """What a history entry changed, as {field, before, after} rows to print."""
    before, after = update.before or {}, update.after or {}
    if update.kind == ActionUpdate.Kind.CREATED:  # its owners are recorded for Matters Arising
        return []
    if update.kind in {ActionUpdate.Kind.OWNERS, ActionUpdate.Kind.REASSIGNED}:
        return [
            {
                "field": "Owners",
                "before": owners_list(before.get("owners", [])),
                "after": owners_list(after.get("owners", [])),
            }
        ]
    labels = {
        "description": "Action",
        "reference": "Number",
        "others": "Others involved",
        "rag": "RAG rating",
        "start_date": "Start date",
        "due_date": "Due date",
        "due_next_meeting": "Due by the next meeting",
    }
    rows = []
    for key in sorted(
        set(before) | set(after), key=lambda k: list(labels).index(k) if k in labels else 99
    ):
        rows.append(
            {
                "field": labels.get(key, key),
                "before": _shown(key, before.get(key)),
                "after": _shown(key, after.get(key)),
            }
        )
    return rows


def _shown(key: str, value) -> str:
    if value in (None, "", "None"):
        return "–"
    if key == "rag":
        return rules.rag_label(value)
    if key == "due_next_meeting":
        return "Yes" if value in (True, "True") else "No"
    if key in {"due_date", "start_date"}:
        import datetime as dt

        from csphub.core.formats import short_date

        try:
            return short_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


@register.filter
def short_date(value) -> str:
    """ "21 June 2018" (a datetime is shown as its local date)."""
    import datetime as dt

    from django.utils import timezone

    from csphub.core.formats import short_date as fmt

    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return fmt(value)


@register.filter
def get_item(mapping: dict, key):
    """`errors|get_item:row.pk`: a value of a dict keyed by something other than a string."""
    return mapping.get(key) if mapping else None

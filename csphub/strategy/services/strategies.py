"""Writing a strategy: its versions, priorities, commitments, linked indicators, supporting
documents and resident-survey results.

Only the partnership's secretariat may write (``ensure_can_manage``) and every write records
an audit event. A superseded version is never changed: a refresh makes a new version (a copy)
and the old one stays readable exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, model_create, model_delete, model_update, snapshot
from csphub.partnerships.models import Body, Partnership
from csphub.performance.models import Indicator

from ..models import Commitment, Priority, Strategy, SupportingDocument, SurveyResult
from ..wording import QUARTER_MONTHS, period_years

STRATEGY_FIELDS = ("title", "starts_on", "ends_on", "introduction", "approved_on")
PRIORITY_FIELDS = ("title", "aim", "lead_body", "discussion_quarter", "how_we_know")


def _editable(actor: Actor | None, strategy: Strategy) -> None:
    ensure_can_manage(actor, strategy.partnership)
    if strategy.status == Strategy.Status.SUPERSEDED:
        raise ValidationError(
            f"{strategy} is superseded and kept as it was; refresh the current version instead."
        )


def _check_period(period: str, starts_on: dt.date, ends_on: dt.date) -> None:
    try:
        period_years(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "The last day must be after the first day."})


def _check_lead_body(partnership: Partnership, body: Body | None) -> None:
    if body is not None and body.partnership_id != partnership.pk:
        raise ValidationError({"lead_body": f"{body} is not a body of {partnership.name}."})


def _check_quarter(quarter: int | None) -> None:
    if quarter is not None and quarter not in QUARTER_MONTHS:
        raise ValidationError({"discussion_quarter": "Choose a quarter from 1 to 4."})


@transaction.atomic
def strategy_create(
    *,
    actor: Actor | None,
    partnership: Partnership,
    period: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    introduction: str = "",
    approved_on: dt.date | None = None,
) -> Strategy:
    """A new strategy for a period, as a draft (version 1)."""
    ensure_can_manage(actor, partnership)
    period = period.strip()
    _check_period(period, starts_on, ends_on)
    if Strategy.objects.filter(partnership=partnership, period=period).exists():
        raise ValidationError(
            {"period": f"There is already a strategy for {period}: refresh it for a new version."}
        )
    return model_create(
        actor=actor,
        model=Strategy,
        partnership=partnership,
        verb="strategy.create",
        partnership_id=partnership.pk,
        period=period,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        introduction=introduction.strip(),
        approved_on=approved_on,
        version=1,
        status=Strategy.Status.DRAFT,
        created_at=timezone.now(),
    )


@transaction.atomic
def strategy_update(*, actor: Actor | None, strategy: Strategy, data: dict[str, Any]) -> Strategy:
    """Change the title, dates, introduction or approval date of a draft or current version."""
    _editable(actor, strategy)
    starts = data.get("starts_on", strategy.starts_on)
    ends = data.get("ends_on", strategy.ends_on)
    _check_period(strategy.period, starts, ends)
    return model_update(
        actor=actor,
        instance=strategy,
        data=data,
        fields=STRATEGY_FIELDS,
        partnership=strategy.partnership,
        verb="strategy.update",
    )


@transaction.atomic
def strategy_make_current(*, actor: Actor | None, strategy: Strategy) -> Strategy:
    """Make this version the partnership's current strategy; the one that was current (an
    earlier version, or an earlier period's strategy) becomes superseded, unchanged."""
    ensure_can_manage(actor, strategy.partnership)
    if strategy.status == Strategy.Status.CURRENT:
        return strategy
    if strategy.status == Strategy.Status.SUPERSEDED:
        raise ValidationError(f"{strategy} has been superseded; it cannot be made current again.")
    if not strategy.priorities.exists():
        raise ValidationError(f"{strategy} has no priorities yet: add them first.")
    for old in Strategy.objects.filter(
        partnership=strategy.partnership, status=Strategy.Status.CURRENT
    ).exclude(pk=strategy.pk):
        model_update(
            actor=actor,
            instance=old,
            data={"status": Strategy.Status.SUPERSEDED},
            fields=["status"],
            partnership=strategy.partnership,
            verb="strategy.supersede",
            note=f"Superseded by {strategy}",
        )
    return model_update(
        actor=actor,
        instance=strategy,
        data={"status": Strategy.Status.CURRENT},
        fields=["status"],
        partnership=strategy.partnership,
        verb="strategy.make_current",
    )


@transaction.atomic
def strategy_refresh(*, actor: Actor | None, strategy: Strategy) -> Strategy:
    """A new draft version of ``strategy`` with its priorities, commitments, indicator links,
    supporting documents and survey results copied. The old version is left untouched until
    the new one is made current, when it becomes superseded (and stays readable)."""
    ensure_can_manage(actor, strategy.partnership)
    if strategy.status == Strategy.Status.DRAFT:
        raise ValidationError(f"{strategy} is still a draft: edit it instead of refreshing it.")
    latest = Strategy.objects.filter(
        partnership=strategy.partnership, period=strategy.period
    ).aggregate(v=Max("version"))["v"]
    if latest != strategy.version:
        raise ValidationError(
            f"{strategy} is not the latest version of the {strategy.period} strategy: "
            f"refresh version {latest}."
        )
    new = Strategy.objects.create(
        partnership=strategy.partnership,
        period=strategy.period,
        title=strategy.title,
        starts_on=strategy.starts_on,
        ends_on=strategy.ends_on,
        version=strategy.version + 1,
        supersedes=strategy,
        status=Strategy.Status.DRAFT,
        introduction=strategy.introduction,
        approved_on=None,
        created_at=timezone.now(),
    )
    for priority in strategy.priorities.prefetch_related("commitments", "indicators"):
        copy = Priority.objects.create(
            strategy=new,
            number=priority.number,
            title=priority.title,
            aim=priority.aim,
            lead_body=priority.lead_body,
            discussion_quarter=priority.discussion_quarter,
            how_we_know=priority.how_we_know,
        )
        copy.indicators.set(priority.indicators.all())
        Commitment.objects.bulk_create(
            Commitment(priority=copy, position=c.position, text=c.text)
            for c in priority.commitments.all()
        )
    SupportingDocument.objects.bulk_create(
        SupportingDocument(
            strategy=new, position=d.position, title=d.title, owner=d.owner, url=d.url
        )
        for d in strategy.supporting_documents.all()
    )
    SurveyResult.objects.bulk_create(
        SurveyResult(
            strategy=new,
            position=r.position,
            question=r.question,
            year=r.year,
            percentage=r.percentage,
            source=r.source,
        )
        for r in strategy.survey_results.all()
    )
    audit_record(
        actor=actor,
        verb="strategy.refresh",
        obj=new,
        partnership=strategy.partnership,
        after=snapshot(new),
        note=f"Version {new.version}, a refresh of version {strategy.version}",
    )
    return new


# --- priorities ------------------------------------------------------------------------------


@transaction.atomic
def priority_add(
    *,
    actor: Actor | None,
    strategy: Strategy,
    title: str,
    aim: str = "",
    lead_body: Body | None = None,
    discussion_quarter: int | None = None,
    how_we_know: str = "",
) -> Priority:
    """A priority, numbered after the last one."""
    _editable(actor, strategy)
    _check_lead_body(strategy.partnership, lead_body)
    _check_quarter(discussion_quarter)
    number = (strategy.priorities.aggregate(n=Max("number"))["n"] or 0) + 1
    return model_create(
        actor=actor,
        model=Priority,
        partnership=strategy.partnership,
        verb="priority.add",
        strategy=strategy,
        number=number,
        title=title.strip(),
        aim=aim.strip(),
        lead_body=lead_body,
        discussion_quarter=discussion_quarter,
        how_we_know=how_we_know.strip(),
    )


@transaction.atomic
def priority_update(*, actor: Actor | None, priority: Priority, data: dict[str, Any]) -> Priority:
    strategy = priority.strategy
    _editable(actor, strategy)
    if "lead_body" in data:
        _check_lead_body(strategy.partnership, data["lead_body"])
    if "discussion_quarter" in data:
        _check_quarter(data["discussion_quarter"])
    return model_update(
        actor=actor,
        instance=priority,
        data=data,
        fields=PRIORITY_FIELDS,
        partnership=strategy.partnership,
        verb="priority.update",
    )


@transaction.atomic
def priority_move(*, actor: Actor | None, priority: Priority, up: bool) -> Priority:
    """Swap the priority's number with the one before (``up``) or after it."""
    strategy = priority.strategy
    _editable(actor, strategy)
    siblings = strategy.priorities.order_by("number")
    other = (
        siblings.filter(number__lt=priority.number).order_by("-number").first()
        if up
        else siblings.filter(number__gt=priority.number).first()
    )
    if other is None:
        return priority
    mine, theirs = priority.number, other.number
    Priority.objects.filter(pk=priority.pk).update(number=0)  # clear the unique number
    Priority.objects.filter(pk=other.pk).update(number=mine)
    Priority.objects.filter(pk=priority.pk).update(number=theirs)
    priority.number = theirs
    audit_record(
        actor=actor,
        verb="priority.move",
        obj=priority,
        partnership=strategy.partnership,
        before={"number": mine},
        after={"number": theirs},
    )
    return priority


@transaction.atomic
def priority_indicators_set(
    *, actor: Actor | None, priority: Priority, indicators: Iterable[Indicator]
) -> Priority:
    """Link the indicators that show the priority's progress (the partnership's own only)."""
    strategy = priority.strategy
    _editable(actor, strategy)
    chosen = list(indicators)
    for indicator in chosen:
        if indicator.partnership_id != strategy.partnership_id:
            raise ValidationError(
                {"indicators": f"{indicator.name} is not an indicator of this partnership."}
            )
    before = sorted(priority.indicators.values_list("pk", flat=True))
    after = sorted(i.pk for i in chosen)
    if before == after:
        return priority
    priority.indicators.set(chosen)
    audit_record(
        actor=actor,
        verb="priority.indicators",
        obj=priority,
        partnership=strategy.partnership,
        before={"indicators": before},
        after={"indicators": after},
    )
    return priority


# --- commitments -----------------------------------------------------------------------------


def _text(text: str, field: str = "text") -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: "Enter the text."})
    return text


@transaction.atomic
def commitment_add(*, actor: Actor | None, priority: Priority, text: str) -> Commitment:
    _editable(actor, priority.strategy)
    position = (priority.commitments.aggregate(p=Max("position"))["p"] or 0) + 1
    return model_create(
        actor=actor,
        model=Commitment,
        partnership=priority.strategy.partnership,
        verb="commitment.add",
        priority=priority,
        position=position,
        text=_text(text),
    )


@transaction.atomic
def commitment_update(*, actor: Actor | None, commitment: Commitment, text: str) -> Commitment:
    strategy = commitment.priority.strategy
    _editable(actor, strategy)
    return model_update(
        actor=actor,
        instance=commitment,
        data={"text": _text(text)},
        fields=["text"],
        partnership=strategy.partnership,
        verb="commitment.update",
    )


@transaction.atomic
def commitment_move(*, actor: Actor | None, commitment: Commitment, up: bool) -> Commitment:
    """Move a commitment one place up or down its priority's list."""
    priority = commitment.priority
    _editable(actor, priority.strategy)
    order = list(priority.commitments.order_by("position", "id"))
    at = next(i for i, c in enumerate(order) if c.pk == commitment.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(order):
        return commitment
    before = [c.pk for c in order]
    order[at], order[to] = order[to], order[at]
    for position, item in enumerate(order, start=1):
        if item.position != position:
            Commitment.objects.filter(pk=item.pk).update(position=position)
    audit_record(
        actor=actor,
        verb="commitment.move",
        obj=commitment,
        partnership=priority.strategy.partnership,
        before={"order": before},
        after={"order": [c.pk for c in order]},
    )
    commitment.refresh_from_db()
    return commitment


@transaction.atomic
def commitment_delete(*, actor: Actor | None, commitment: Commitment) -> None:
    strategy = commitment.priority.strategy
    _editable(actor, strategy)
    model_delete(
        actor=actor, instance=commitment, partnership=strategy.partnership, verb="commitment.delete"
    )


# --- supporting documents and survey results -------------------------------------------------


@transaction.atomic
def supporting_document_add(
    *, actor: Actor | None, strategy: Strategy, title: str, owner: str = "", url: str = ""
) -> SupportingDocument:
    _editable(actor, strategy)
    position = (strategy.supporting_documents.aggregate(p=Max("position"))["p"] or 0) + 1
    return model_create(
        actor=actor,
        model=SupportingDocument,
        partnership=strategy.partnership,
        verb="supporting_document.add",
        strategy=strategy,
        position=position,
        title=_text(title, "title"),
        owner=owner.strip(),
        url=url.strip(),
    )


@transaction.atomic
def supporting_document_delete(*, actor: Actor | None, document: SupportingDocument) -> None:
    _editable(actor, document.strategy)
    model_delete(
        actor=actor,
        instance=document,
        partnership=document.strategy.partnership,
        verb="supporting_document.delete",
    )


@transaction.atomic
def survey_result_add(
    *,
    actor: Actor | None,
    strategy: Strategy,
    question: str,
    year: int,
    percentage: Decimal | float | str,
    source: str = "",
) -> SurveyResult:
    """A resident-survey percentage for a question in a year; the same question and year
    twice is refused (edit the first, or delete it)."""
    _editable(actor, strategy)
    question = _text(question, "question")
    value = Decimal(str(percentage))
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"percentage": "Enter a percentage from 0 to 100."})
    if strategy.survey_results.filter(question=question, year=year).exists():
        raise ValidationError({"year": f"There is already a {year} result for “{question}”."})
    known = strategy.survey_results.filter(question=question).values_list("position", flat=True)
    position = min(known, default=None)
    if position is None:
        position = (strategy.survey_results.aggregate(p=Max("position"))["p"] or 0) + 1
    return model_create(
        actor=actor,
        model=SurveyResult,
        partnership=strategy.partnership,
        verb="survey_result.add",
        strategy=strategy,
        position=position,
        question=question,
        year=year,
        percentage=value,
        source=source.strip(),
    )


@transaction.atomic
def survey_result_delete(*, actor: Actor | None, result: SurveyResult) -> None:
    _editable(actor, result.strategy)
    model_delete(
        actor=actor,
        instance=result,
        partnership=result.strategy.partnership,
        verb="survey_result.delete",
    )

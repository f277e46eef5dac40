"""Reading strategies: which versions a viewer may read, and everything a strategy's page or
a priority's page shows, in a fixed number of queries however many priorities, commitments
and indicators there are.

Who reads what: a strategy is public once it has been made current, and stays readable when
superseded; a draft is the secretariat's only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from csphub.accounts.permissions import Viewer
from csphub.partnerships.models import Partnership
from csphub.performance import calculations as calc
from csphub.performance import figures as ind
from csphub.performance.models import Indicator
from csphub.performance.periods import period_choice

from .models import Commitment, Priority, Strategy, SupportingDocument, SurveyResult
from .wording import quarter_text


def strategies_visible(viewer: Viewer, partnership: Partnership) -> QuerySet[Strategy]:
    """The partnership's strategy versions this viewer may read, newest period first."""
    rows = Strategy.objects.filter(partnership=partnership)
    if not viewer.can_manage or viewer.partnership_id != partnership.pk:
        rows = rows.exclude(status=Strategy.Status.DRAFT)
    return rows.order_by("-starts_on", "period", "-version")


def strategy_find(
    viewer: Viewer, partnership: Partnership, period: str, version: int | None = None
) -> Strategy | None:
    """A version of the ``period`` strategy: the one asked for, else the current one, else
    the newest this viewer may read; None when there is none to read."""
    rows = strategies_visible(viewer, partnership).filter(period=period)
    if version is not None:
        return rows.filter(version=version).first()
    current = rows.filter(status=Strategy.Status.CURRENT).first()
    return current or rows.first()


def current_strategy(partnership: Partnership) -> Strategy | None:
    return Strategy.objects.filter(partnership=partnership, status=Strategy.Status.CURRENT).first()


def _priorities(strategy: Strategy) -> QuerySet[Priority]:
    return (
        strategy.priorities.select_related("lead_body")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("position", "id")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.filter(partnership=strategy.partnership).order_by(
                    "number", "name"
                ),
            ),
        )
        .order_by("number")
    )


@dataclass
class IndicatorFigures:
    """The linked indicators' figures, worked out by the indicators page's own code
    (`performance.figures`) to the same month that page opens on."""

    to: dt.date | None
    by_indicator: dict[int, ind.IndicatorFigure] = field(default_factory=dict)

    @property
    def to_label(self) -> str:
        return calc.fytd_label(self.to) if self.to else ""

    def of(self, indicator: Indicator) -> ind.IndicatorFigure:
        return self.by_indicator.get(indicator.pk) or ind.IndicatorFigure(
            indicator=indicator, to=self.to
        )


def indicator_figures(partnership: Partnership, wanted: set[int]) -> IndicatorFigures:
    """Figures for the ``wanted`` indicators: nothing read when none is linked."""
    if not wanted:
        return IndicatorFigures(to=None)
    to = period_choice(partnership, "").to
    if to is None:
        return IndicatorFigures(to=None)
    figures = ind.indicator_figures(partnership, to)
    return IndicatorFigures(
        to=to, by_indicator={f.indicator.pk: f for f in figures if f.indicator.pk in wanted}
    )


@dataclass
class PriorityView:
    priority: Priority
    commitments: list[Commitment]
    indicators: list[ind.IndicatorFigure]

    @property
    def quarter(self) -> str:
        return quarter_text(self.priority.discussion_quarter)

    @property
    def how_we_know_lines(self) -> list[str]:
        return [line.strip() for line in self.priority.how_we_know.splitlines() if line.strip()]


@dataclass
class SurveyTable:
    years: list[int]
    rows: list[tuple[str, list[Decimal | None]]]


def survey_table(results: list[SurveyResult]) -> SurveyTable:
    """Question x year, questions in the strategy's order."""
    years = sorted({r.year for r in results})
    by_question: dict[str, dict[int, Decimal]] = {}
    for r in sorted(results, key=lambda r: (r.position, r.id)):
        by_question.setdefault(r.question, {})[r.year] = r.percentage
    return SurveyTable(
        years=years,
        rows=[(q, [values.get(y) for y in years]) for q, values in by_question.items()],
    )


@dataclass
class StrategyView:
    strategy: Strategy
    priorities: list[PriorityView]
    supporting: list[SupportingDocument]
    survey: SurveyTable
    survey_results: list[SurveyResult]
    figures: IndicatorFigures
    versions: list[Strategy]


def strategy_view(viewer: Viewer, strategy: Strategy) -> StrategyView:
    """Everything the strategy's page shows."""
    priorities = list(_priorities(strategy))
    wanted = {i.pk for p in priorities for i in p.indicators.all()}
    figures = indicator_figures(strategy.partnership, wanted)
    results = list(strategy.survey_results.all())
    return StrategyView(
        strategy=strategy,
        priorities=[
            PriorityView(
                priority=p,
                commitments=list(p.commitments.all()),
                indicators=[figures.of(i) for i in p.indicators.all()],
            )
            for p in priorities
        ],
        supporting=list(strategy.supporting_documents.order_by("position", "id")),
        survey=survey_table(results),
        survey_results=results,
        figures=figures,
        versions=list(
            strategies_visible(viewer, strategy.partnership).filter(period=strategy.period)
        ),
    )


def priority_view(strategy: Strategy, number: int) -> tuple[PriorityView, IndicatorFigures] | None:
    """One priority of ``strategy`` with its commitments and indicators' figures."""
    priority = _priorities(strategy).filter(number=number).first()
    if priority is None:
        return None
    indicators = list(priority.indicators.all())
    figures = indicator_figures(strategy.partnership, {i.pk for i in indicators})
    view = PriorityView(
        priority=priority,
        commitments=list(priority.commitments.all()),
        indicators=[figures.of(i) for i in indicators],
    )
    return view, figures

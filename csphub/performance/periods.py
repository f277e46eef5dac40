"""The period chooser the crime pack, the indicators list and an indicator's page share.

Every performance page opens on the same month: the latest for which every police source
of the partnership's area has data (the area's own figures and its wards' or LSOAs'), by
the pure rule :func:`calculations.default_period` (decision 0021). So the pack does not
open on a month whose hotspot table would be all zeros, and the list, an indicator's page
and the pack agree. Hand-entered indicators are not a source of the default (they are
entered at their own pace); each shows its latest value when the month has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Min

from csphub.audit.freshness import remembered
from csphub.police.models import Area
from csphub.police.selectors import area_for_partnership, latest_within, month_range

from . import calculations as calc
from .models import Observation

CHOOSE = "Choose a month from the list"


@dataclass
class PeriodChoice:
    """What the chooser shows and the month the page is built for (None: no data, or an
    error to show)."""

    to: dt.date | None
    default: dt.date | None
    options: list[dict] = field(default_factory=list)
    error: str = ""
    sources: dict[str, dt.date | None] = field(default_factory=dict)

    @property
    def default_label(self) -> str:
        return calc.month_label(self.default) if self.default else ""

    @property
    def value(self) -> str:
        return calc.month_key(self.to) if self.to else ""

    @property
    def hint(self) -> str:
        """Says why the page opens on the month it does, naming the source that ends first."""
        if self.default is None:
            return ""
        text = f"The financial year to date, to the end of the month. {self.default_label}"
        ended = [name for name, month in self.sources.items() if month is not None]
        if len(ended) > 1:
            return text + " is the latest month for which every source has data."
        return text + " is the latest month with data."


def sources_for(
    partnership, area: Area | None = None
) -> tuple[dict[str, dt.date | None], dt.date | None]:
    """Each source's latest month, and the first month any has: two queries at most.

    Sources are the area's own police figures and its wards' or LSOAs' (the hotspots);
    without an area, the partnership's hand-entered values."""
    if area is None:
        area = area_for_partnership(partnership)
    # Scans of the police counts that change only when data is imported: remembered while
    # the data is unchanged (decision 0030)
    return remembered(
        "period-sources",
        lambda: _sources_for(partnership, area),
        vary=[partnership.pk, area.pk if area else ""],
    )


def _sources_for(
    partnership, area: Area | None
) -> tuple[dict[str, dt.date | None], dt.date | None]:
    if area is not None:
        first, last = month_range(area)
        sources = {
            f"police figures for {area.name}": last,
            f"ward and LSOA figures for {area.name}": latest_within(area),
        }
        return sources, first
    values = Observation.objects.filter(
        indicator__partnership=partnership, area__isnull=True
    ).aggregate(first=Min("period"), last=Max("period"))
    return {"values entered": values["last"]}, values["first"]


def period_choice(partnership, asked: str, area: Area | None = None) -> PeriodChoice:
    """The month to show for ``asked`` (the ``to`` GET parameter, "YYYY-MM" or empty)."""
    sources, first = sources_for(partnership, area)
    default = calc.default_period(sources)
    last = max((m for m in sources.values() if m is not None), default=None)
    months = calc.period_choices(first, last)
    choice = PeriodChoice(to=default, default=default, sources=sources)
    if asked:
        try:
            choice.to = calc.parse_month(asked)
        except ValueError:
            choice.to, choice.error = None, CHOOSE
    if choice.to is not None and choice.to not in months:
        months = sorted({*months, choice.to}, reverse=True)
    selected = choice.to if choice.to is not None else default
    choice.options = [
        {
            "value": calc.month_key(m),
            "text": _option_text(m, default),
            "selected": m == selected,
        }
        for m in months
    ]
    return choice


def _option_text(month: dt.date, default: dt.date | None) -> str:
    text = calc.month_label(month)
    if default is not None and month > default:
        text += " (not every source has data)"
    return text

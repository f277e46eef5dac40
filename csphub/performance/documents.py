"""The crime data pack as a registered document, made from a partnership and a month.

One way to find the pack's figures for the web download and for ``csphub render``
(``csphub crime-pack``), so both answer the same "no data" cases the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from csphub.documents import model as doc
from csphub.documents import registry
from csphub.partnerships.models import Partnership
from csphub.police import selectors

from . import calculations as calc
from . import pack as packs
from . import pack_document as layout

NAME = "crime-pack"
LATEST = "latest"


@dataclass(frozen=True)
class PackSubject:
    """A partnership's pack to one month: police open data, the same for every viewer."""

    partnership: Partnership
    pack: packs.PackData


def pack_subject(partnership: Partnership, month: str = LATEST, area: str = "") -> PackSubject:
    """The pack to ``month`` (YYYY-MM, or ``latest`` with data) of the partnership's area,
    or of ``area`` (a name or GSS code). ``LookupError`` says what is missing."""
    found = _area(partnership, area)
    to = _month(found, month)
    pack = packs.crime_pack(found, to, partnership=partnership)
    if not pack.has_data:
        raise LookupError(
            f"No crime counts for {found.name} in the months a pack to "
            f"{calc.month_key(to)} needs; import the police data for them first."
        )
    return PackSubject(partnership=partnership, pack=pack)


def _area(partnership: Partnership, name: str):
    if name:
        return selectors.area_find(name)  # AreaNotFound is a LookupError
    found = packs.area_for_partnership(partnership)
    if found is None:
        if not selectors.has_counts():
            raise LookupError(
                "No police data has been imported yet: import it first with "
                "`csphub import-police PATH` (or load the demo with `csphub load_demo`)."
            )
        raise LookupError(f"Cannot tell which area {partnership.name} covers; pass --area NAME.")
    return found


def _month(area, month: str) -> dt.date:
    if month and month != LATEST:
        try:
            return calc.parse_month(month)
        except ValueError as exc:
            raise LookupError(f"--to: {exc}") from None
    latest = packs.latest_month(area)
    if latest is None:
        raise LookupError(f"No crime data for {area.name}; import it first.")
    return latest


def load(key: str, user: Any, options: Mapping[str, Any]) -> PackSubject:
    """For the command line: KEY is the partnership's slug; ``user`` changes nothing (open
    data)."""
    try:
        partnership = Partnership.objects.get(slug=key)
    except Partnership.DoesNotExist:
        raise LookupError(f"No partnership {key!r}") from None
    return pack_subject(partnership, options.get("to") or LATEST, options.get("area") or "")


PARTNERSHIP = registry.Source(
    name="partnership",
    key_help="a partnership's slug, e.g. barking-dagenham",
    load=load,
    options=(
        registry.Option("--to", "the last month, YYYY-MM (default: the latest with data)"),
        registry.Option("--area", "an area's name or GSS code (default: the partnership's)"),
    ),
)


def pack_document(subject: PackSubject) -> doc.Document:
    return layout.pack_document(subject.pack, partnership=subject.partnership)


def pack_filename(subject: PackSubject) -> str:
    return f"{subject.partnership.slug}-crime-pack-{calc.month_key(subject.pack.to)}"


def pack_csv(subject: PackSubject) -> bytes:
    return layout.pack_csv(subject.pack).encode("utf-8")


def register_documents() -> None:
    """Called from ``PerformanceConfig.ready()``."""
    registry.register(
        NAME,
        pack_document,
        source=PARTNERSHIP,
        filename=pack_filename,
        extras={"csv": registry.Extra("text/csv; charset=utf-8", pack_csv)},
    )

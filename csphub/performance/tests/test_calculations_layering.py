"""Indicator arithmetic builds on the police data's pure arithmetic and stays pure itself."""

from __future__ import annotations

import sys
from pathlib import Path

from csphub.police.tests.test_layering import _imports

PERFORMANCE = Path(__file__).resolve().parents[1]


def test_performance_calculations_stay_pure():
    """Indicator arithmetic runs without Django: the standard library and the police
    data's own pure arithmetic only."""
    standard = set(sys.stdlib_module_names) | {"__future__"}
    names = _imports(PERFORMANCE / "calculations.py")
    other = {n for n in names if n.split(".")[0] not in standard}
    assert other == {"csphub.police.calculations"}, other


def test_performance_calculations_export_what_they_name():
    from csphub.performance import calculations

    for name in calculations.__all__:
        assert hasattr(calculations, name), name

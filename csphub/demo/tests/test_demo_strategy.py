"""Demo Bromley's strategy 2020-2023 (seed 003), loaded through the strategy services."""

import pytest

from csphub.audit.models import AuditEvent
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.demo.strategy import PERIOD, load_strategy
from csphub.strategy.models import Strategy


@pytest.fixture
def bromley(db):
    return load_fixture(FIXTURES / "safer-bromley.yaml")


def test_bromley_strategy_has_four_priorities_with_their_quarters(bromley):
    strategy = Strategy.objects.get(partnership=bromley, period=PERIOD)
    assert strategy.status == Strategy.Status.CURRENT
    priorities = list(strategy.priorities.order_by("number"))
    assert [p.title for p in priorities] == [
        "Safer neighbourhoods",
        "Violence Against Women and Girls",
        "Keeping young people safe",
        "Stand together against hate crime and extremism",
    ]
    assert [p.discussion_quarter for p in priorities] == [1, 2, 3, 4]
    assert all(p.commitments.count() >= 7 for p in priorities)
    assert all(p.how_we_know for p in priorities)
    assert strategy.supporting_documents.count() == 11
    burglary = strategy.survey_results.get(question__startswith="Burglary")
    assert (burglary.year, float(burglary.percentage)) == (2019, 82.0)
    assert AuditEvent.objects.filter(verb="strategy.make_current", partnership=bromley).exists()


def test_loading_the_strategy_again_changes_nothing(bromley):
    assert load_strategy(bromley) is None
    assert Strategy.objects.filter(partnership=bromley).count() == 1


@pytest.mark.seeds
def test_demo_facts_are_the_seeds(seeds_dir):
    """The survey percentages, priority titles, quarters and supporting strategies written
    into the demo module are the ones seed 003 prints."""
    import re

    from csphub.demo.strategy import PRIORITIES, SUPPORTING, SURVEY

    text = (seeds_dir / "003_915527fc6bb50043.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    printed = re.findall(r"(\d+)%\s+(\S[^\n]*)", text)
    percentages = [int(p) for p, _ in printed]
    assert percentages == [int(v) for _q, _y, v in SURVEY]
    assert "In 2019 the Council's Community Safety Team surveyed" in flat
    for number, row in enumerate(PRIORITIES, start=1):
        assert f"Priority {number}" in flat and row["title"].split()[0] in flat
        assert (
            f"substantive discussion item at the Safer Bromley Partnership Board in quarter "
            f"{row['quarter']}" in flat
        )
    for title, _owner in SUPPORTING:
        words = title.replace("Violence Against Women and Girls", "VAWG").replace(
            "Children and", "Children's and"
        )
        assert words in flat, title

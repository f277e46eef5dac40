"""The police data is the lower layer: nothing in csphub.police may import csphub.performance
(the pack and indicators build on police data, never the other way round)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

POLICE = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    "path", sorted(POLICE.rglob("*.py")), ids=lambda p: str(p.relative_to(POLICE))
)
def test_police_never_imports_performance(path: Path):
    bad = {name for name in _imports(path) if name.split(".")[:2] == ["csphub", "performance"]}
    assert not bad, f"{path.relative_to(POLICE.parent)} imports {', '.join(sorted(bad))}"

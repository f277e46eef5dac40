"""The architecture contracts in pyproject.toml (`[tool.importlinter]`) hold, and they bite.

`make test` runs `lint-imports` on the real tree. Here each contract is shown to fail when its
subject is broken: a copy of the package gets one forbidden import, and the linter must
refuse it, so a contract cannot silently stop checking anything.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(tree / "pyproject.toml")],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(LINT_IMPORTS.parent), "PYTHONPATH": str(tree)},
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package's Python files and the contracts, which the real tree keeps."""
    tree = tmp_path_factory.mktemp("arch") / "project"
    shutil.copytree(
        PROJECT / "csphub",
        tree / "csphub",
        ignore=lambda _dir, names: [
            n for n in names if not (n.endswith(".py") or "." not in n) or n == "__pycache__"
        ],
    )
    shutil.copy(PROJECT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_tree_keeps_every_contract(pristine: Path) -> None:
    result = _lint(pristine)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("documents/model.py", "from csphub.meetings import views", "renderers import no app"),
        (
            "partnerships/models.py",
            "import csphub.meetings.models",
            "Apps import only the apps below them",
        ),
        ("core/formats.py", "import csphub.audit.services", "Apps import only the apps below"),
        ("meetings/numbering.py", "import django.db", "Pure rule modules import no Django"),
        (
            "actions/selectors.py",
            "from csphub.meetings.views import public",
            "import meetings's views",
        ),
    ],
)
def test_a_broken_contract_fails_the_build(
    pristine: Path, tmp_path: Path, module: str, line: str, contract: str
) -> None:
    tree = tmp_path / "project"
    shutil.copytree(pristine, tree)
    target = tree / "csphub" / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert contract in result.stdout
    assert "BROKEN" in result.stdout

"""Guard: every public write function in a services module leaves an audit event.

Services are found where a newcomer looks for them: each app's `services.py`, or the topic
modules of its `services/` package (the package's `__init__` only re-exports them, and
modules named with a leading underscore hold private helpers).

A static check (Zulip's "use linting to require that all access is mediated"): each public
function must record an audit event itself, through the shared model_* helpers, or by
calling another service that does. A new service that forgets fails here.
"""

import ast
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    p.relative_to(ROOT.parent).with_suffix("").as_posix().replace("/", ".")
    for p in [*ROOT.glob("*/services.py"), *ROOT.glob("*/services/[!_]*.py")]
)
AUDITING = {"audit_record", "model_create", "model_update", "model_delete"}
# Pure helpers that live in services modules but write nothing.
READ_ONLY = {
    "csphub.audit.services": {
        "snapshot",
        "audit_verify",
        "audit_record",
        "model_create",
        "model_update",
        "model_delete",
    },
    "csphub.partnerships.services": {"initials_of"},
    "csphub.meetings.services.papers": {"check_paper_file"},
    "csphub.meetings.services.questions": {"question_deadline_for"},
    "csphub.meetings.services.minutes": {"first_minute_number"},
}


def _calls(fn) -> set[str]:
    tree = ast.parse(inspect.getsource(fn).lstrip())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.id if isinstance(f, ast.Name) else getattr(f, "attr", ""))
    return names


@pytest.mark.parametrize("module_name", MODULES)
def test_every_service_records_an_audit_event(module_name):
    module = importlib.import_module(module_name)
    public = {
        name: fn
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module_name and not name.startswith("_")
    }
    skip = READ_ONLY.get(module_name, set())
    writes = {name for name in public if name not in skip and not name.endswith(("_plan", "_of"))}
    private_auditing = {
        name
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("_") and fn.__module__ == module_name and _calls(fn) & AUDITING
    }
    # Auditing directly, or through a private helper of the same module that audits.
    auditing = {name for name in writes if _calls(public[name]) & (AUDITING | private_auditing)}
    # A service that delegates to an auditing service of the same module counts too.
    changed = True
    while changed:
        changed = False
        for name in writes - auditing:
            if _calls(public[name]) & (auditing | {f"_{n}" for n in auditing}):
                auditing.add(name)
                changed = True
    missing = sorted(writes - auditing)
    assert not missing, f"{module_name}: no audit event recorded by {', '.join(missing)}"

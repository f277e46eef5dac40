"""The parser measured against the five seed documents (issue 13 part 4).

The answer keys in `answer_keys/` were written by hand from the seeds: what a careful reader
finds in each set of minutes (present, apologies, minute numbers, resolutions, actions with
their owners). Each field is scored for precision and recall; the run prints the table and
fails if any score falls below its floor in FLOORS, which are the levels reached so far:
they may only go up.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from csphub.importer.parsing import parse_path
from csphub.importer.parsing.people import HONORIFICS, initials_of

pytestmark = pytest.mark.seeds

KEYS = Path(__file__).parent / "answer_keys"
FIELDS = ("present", "apologies", "minutes", "resolutions", "owners")
# (precision, recall) floors per seed and field: the levels reached, never lowered
FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "000": dict.fromkeys(FIELDS, (1.0, 1.0)),
    "001": dict.fromkeys(FIELDS, (1.0, 1.0)),
    "002": dict.fromkeys(FIELDS, (1.0, 1.0)),
    "003": dict.fromkeys(FIELDS, (1.0, 1.0)),
    "004": {
        "present": (1.0, 1.0),
        "apologies": (1.0, 1.0),
        "minutes": (1.0, 1.0),
        "resolutions": (1.0, 1.0),
        "owners": (0.8, 0.8),
    },
}


def norm_name(name: str) -> str:
    words = [w.strip(".,") for w in name.split()]
    while len(words) > 2 and (
        words[0].lower() in HONORIFICS or re.fullmatch(r"[A-Z]{2,5}", words[0])
    ):
        words = words[1:]
    return " ".join(words).lower()


def owner_key(owner: str) -> str:
    """Initials as written match the name they stand for ("JB" and "Justin Brett")."""
    if re.fullmatch(r"[A-Z]{2,3}", owner):
        return owner
    words = owner.split()
    if len(words) in (2, 3) and all(w[:1].isupper() for w in words):
        return initials_of(owner)
    return owner.lower().replace("-", " ")


def _similar(a: str, b: str) -> bool:
    a, b = " ".join(a.split())[:120].lower(), " ".join(b.split())[:120].lower()
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _match_count(found: list[Any], expected: list[Any], same) -> int:
    left = list(expected)
    hits = 0
    for item in found:
        for i, want in enumerate(left):
            if same(item, want):
                hits += 1
                del left[i]
                break
    return hits


def score(found: list[Any], expected: list[Any], same=lambda a, b: a == b) -> tuple[float, float]:
    hits = _match_count(found, expected, same)
    precision = hits / len(found) if found else (1.0 if not expected else 0.0)
    recall = hits / len(expected) if expected else 1.0
    return round(precision, 3), round(recall, 3)


def scores_for(parsed: dict[str, Any], key: dict[str, Any]) -> dict[str, tuple[float, float]]:
    minutes = [p for p in parsed["parts"] if p["kind"] == "minutes"]
    totals: dict[str, list[list[Any]]] = {f: [[], []] for f in FIELDS}
    same_res = lambda a, b: a[0] == b[0] and _similar(a[1], b[1])  # noqa: E731
    for want in key["minutes"]:
        got = next((p for p in minutes if p["meeting_date"] == want["meeting_date"]), None)
        got = got or {"present": [], "apologies": [], "items": [], "resolutions": [], "actions": []}
        pairs = {
            "present": (
                [norm_name(p["name"]) for p in got["present"]],
                [norm_name(n) for n in want["present"]],
            ),
            "apologies": (
                [norm_name(p["name"]) for p in got["apologies"]],
                [norm_name(n) for n in want["apologies"]],
            ),
            "minutes": ([i["number"] for i in got["items"]], want["minutes"]),
            "resolutions": (
                [(r["item"], r["text"]) for r in got["resolutions"]],
                [tuple(r) for r in want["resolutions"]],
            ),
            "owners": (
                [(a["item"], sorted(owner_key(o) for o in a["owners"])) for a in got["actions"]],
                [(item, sorted(owner_key(o) for o in owners)) for item, owners in want["actions"]],
            ),
        }
        for field, (found, expected) in pairs.items():
            totals[field][0].append((found, expected))
    out = {}
    for field in FIELDS:
        found_all: list[Any] = []
        expected_all: list[Any] = []
        hits = 0
        for found, expected in totals[field][0]:
            same = same_res if field == "resolutions" else (lambda a, b: a == b)
            hits += _match_count(found, expected, same)
            found_all += found
            expected_all += expected
        # minutes the parser found that no key lists count against precision
        extra = [
            p
            for p in minutes
            if p["meeting_date"] not in {m["meeting_date"] for m in key["minutes"]}
        ]
        if field == "minutes":
            found_all += [i for p in extra for i in p["items"]]
        precision = hits / len(found_all) if found_all else (1.0 if not expected_all else 0.0)
        recall = hits / len(expected_all) if expected_all else 1.0
        out[field] = (round(precision, 3), round(recall, 3))
    return out


def _table(results: dict[str, dict[str, tuple[float, float]]]) -> str:
    lines = ["seed  " + "  ".join(f"{f:>17}" for f in FIELDS)]
    for seed, row in sorted(results.items()):
        cells = "  ".join(f"P {row[f][0]:.2f} / R {row[f][1]:.2f}" for f in FIELDS)
        lines.append(f"{seed}   {cells}")
    return "\n".join(lines)


def test_the_parser_meets_its_floors_on_every_seed(seeds_dir, capsys):
    results: dict[str, dict[str, tuple[float, float]]] = {}
    dates_found: dict[str, list[str | None]] = {}
    for key_path in sorted(KEYS.glob("*.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        seed = key["seed"]
        parsed = parse_path(next(seeds_dir.glob(f"{seed}_*.txt")))
        results[seed] = scores_for(parsed, key)
        dates_found[seed] = [p["meeting_date"] for p in parsed["parts"] if p["kind"] == "minutes"]
        # every set of minutes is found, with its date, and none is invented
        assert sorted(d or "" for d in dates_found[seed]) == sorted(
            m["meeting_date"] for m in key["minutes"]
        ), seed
    with capsys.disabled():
        print("\nImporter scores against the hand-written answer keys (precision / recall):")
        print(_table(results))
    for seed, row in results.items():
        for field, (precision, recall) in row.items():
            floor_p, floor_r = FLOORS[seed][field]
            assert precision >= floor_p and recall >= floor_r, (
                f"seed {seed} {field}: precision {precision} recall {recall} "
                f"below the floor {floor_p}/{floor_r}"
            )


def test_scoring_counts_what_is_missing_and_what_is_extra():
    assert score(["a", "b"], ["a", "c"]) == (0.5, 0.5)
    assert score([], []) == (1.0, 1.0)
    assert score(["a"], []) == (0.0, 1.0)
    assert owner_key("Justin Brett") == owner_key("JB")
    assert norm_name("Councillor Kate Lymer") == norm_name("Kate Lymer")


@pytest.mark.parametrize(
    ("seed", "body", "date", "first_items"),
    [
        ("000", "Safer Bromley Partnership Strategic Group", "2018-03-26", ["1", "2", "3"]),
        ("001", "Safer Bromley Partnership Strategic Group", "2017-07-06", ["1", "2", "3"]),
        ("002", "Safer Bromley Partnership Board", "2023-06-02", ["1", "2", "3"]),
    ],
)
def test_the_agenda_front_sheet_is_read(seeds_dir, seed, body, date, first_items):
    parts = parse_path(next(seeds_dir.glob(f"{seed}_*.txt")))["parts"]
    agenda = next(p for p in parts if p["kind"] == "agenda")
    assert (agenda["body"], agenda["meeting_date"]) == (body, date)
    assert [i["number"] for i in agenda["items"]][:3] == first_items
    assert len(agenda["items"]) >= 14


def test_the_matters_arising_appendix_is_an_action_log(seeds_dir):
    parts = parse_path(next(seeds_dir.glob("000_*.txt")))["parts"]
    log = next(p for p in parts if p["kind"] == "action_log")
    assert [a["item"] for a in log["actions"]] == ["180", "181", "183", "186a", "187", "189"]
    assert all(a["status"].startswith("Update: ") for a in log["actions"])

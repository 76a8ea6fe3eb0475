"""Packs the report tests share, made with the real commands and the real member sessions."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from panel_tool.contracts import schema_dir
from panel_tool.review.discussion import record_outcome
from panel_tool.review.session import sign_in
from tests.conftest import run_cli

MEMBERS = ["Amira", "Ben", "Cara", "Dev", "Eve", "Finn"]
# The panel's agreed rating of each of 12 cases: one Red, so 12 - 6 - 5 gives it back unless protected.
AGREED = {1: "red", **{c: "green" for c in range(2, 8)}, **{c: "amber" for c in range(8, 13)}}


def _ok(run):
    assert run.code == 0, run.err
    return run


def tempting_pack(directory: Path, carrying: str = "", in_the_data: bool = False) -> Path:
    """12 released cases six members have rated, with one agreed Red and (from the seed) a group of two. With
    `carrying`, that text is also in the title, members' words on case 1, its agreed feedback and the themes;
    `in_the_data` puts it in what the export and the rating form hold too: every object of search (a category
    the report breaks ratings down by), the overall question and its answers' labels."""
    export, pack, key = directory / "export.csv", directory / "tempting.pack.db", directory / "force.key"
    _ok(run_cli("synth", "--kind", "stop-search", "--rows", "300", "--seed", "1", "--out", export))
    form = ()
    if in_the_data:
        _carry_in_the_export(export, carrying)
        form = ("--form", _form_carrying(directory / "carrying.form.json", carrying))
    _ok(run_cli("pack", "build", export, "--out", pack, "--sample", "12", "--seed", "1", "--key-file", key,
                *(("--title", f"March {carrying}") if carrying else ()), *form))
    added = _ok(run_cli("members", "add", pack, *MEMBERS))
    codes = [re.fullmatch(r"(.*\S)\s{2,}(\S+)", line).group(2) for line in added.out.split("\n\n")[0].splitlines()]
    _ok(run_cli("pack", "approve", pack, "--all"))
    _ok(run_cli("pack", "release", pack, "--key-file", key))
    for i, code in enumerate(codes):
        member = sign_in(pack, code)
        for case, rating in AGREED.items():
            member.save_answer(case, "overall_rating", rating if (case + i) % 4 else "amber")
        if carrying:
            member.save_answer(1, "feedback_for_officer", f"Member words {carrying}")
        member.close()
    for case, rating in AGREED.items():
        record_outcome(pack, case, rating=rating,
                       feedback_for_officer=f"Feedback {carrying}" if carrying and case == 1 else "",
                       themes=([f"Theme {carrying}"] if carrying else ["grounds"]) if case < 4 else [])
    return pack


def _carry_in_the_export(export: Path, carrying: str) -> None:
    with open(export, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["object_of_search"]:
            row["object_of_search"] += f" {carrying}"
    with open(export, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _form_carrying(path: Path, carrying: str) -> Path:
    """The default stop-search form under its own id, `carrying` in its overall question and answers' labels."""
    form = json.loads((schema_dir() / "forms" / "stop-search-default.json").read_text(encoding="utf-8"))
    form["id"] = "carrying"
    overall = next(q for q in form["questions"] if q.get("overall"))
    overall["text"] += f" {carrying}"
    for option in overall["options"]:
        option["label"] += f" {carrying}"
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    return path

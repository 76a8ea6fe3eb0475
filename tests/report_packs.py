"""Packs the report tests share, made with the real commands and the real member sessions."""

from __future__ import annotations

import re
from pathlib import Path

from panel_tool.review.discussion import record_outcome
from panel_tool.review.session import sign_in
from tests.conftest import run_cli

MEMBERS = ["Amira", "Ben", "Cara", "Dev", "Eve", "Finn"]
# The panel's agreed rating of each of 12 cases: one Red, so 12 - 6 - 5 gives it back unless protected.
AGREED = {1: "red", **{c: "green" for c in range(2, 8)}, **{c: "amber" for c in range(8, 13)}}


def _ok(run):
    assert run.code == 0, run.err
    return run


def tempting_pack(directory: Path, carrying: str = "") -> Path:
    """12 released cases six members have rated, with one agreed Red and (from the seed) a group of two. With
    `carrying`, that text is also in the title, members' words on case 1, its agreed feedback and the themes."""
    export, pack, key = directory / "export.csv", directory / "tempting.pack.db", directory / "force.key"
    _ok(run_cli("synth", "--kind", "stop-search", "--rows", "300", "--seed", "1", "--out", export))
    _ok(run_cli("pack", "build", export, "--out", pack, "--sample", "12", "--seed", "1", "--key-file", key,
                *(("--title", f"March {carrying}") if carrying else ())))
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

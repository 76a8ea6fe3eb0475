"""Who rates which case, in what order: every member every case (the default), or N raters a case.

With N raters a case, each case goes to the N members with the fewest cases so far (ties broken at
random), so the load differs by at most one; each member's own order is shuffled, so the panel's
first impressions do not all fall on the same cases.
"""

from __future__ import annotations

import random
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, open_pack
from panel_tool.review.store import audit, immediate


def assign(pack: str | Path, raters_per_case: int | None = None, seed: int | None = None) -> dict[int, list[int]]:
    """Set the assignments; returns each member's cases in their order. None: everyone rates everything."""
    rng = random.Random(seed)
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            members = [r[0] for r in conn.execute("SELECT member_id FROM members WHERE removed_at IS NULL ORDER BY member_id")]
            cases = [r[0] for r in conn.execute("SELECT case_id FROM cases ORDER BY case_id")]
            if not members:
                raise InputError("this pack has no members to assign cases to", file=str(pack),
                                 expected=f"run: panel-tool members add {pack} NAME [NAME ...]",
                                 in_app="Ask the person who prepared the pack to add the panel's members, then try again")
            if raters_per_case is not None and not 1 <= raters_per_case <= len(members):
                raise InputError(f"{raters_per_case} raters a case is not possible with {len(members)} members",
                                 file=str(pack), expected=f"a number from 1 to {len(members)}")
            if raters_per_case is None or raters_per_case == len(members):
                given = {m: list(cases) for m in members}
            else:
                given = {m: [] for m in members}
                for case_id in cases:
                    least = sorted(members, key=lambda m: (len(given[m]), rng.random()))[:raters_per_case]
                    for m in least:
                        given[m].append(case_id)
            for m in given:
                rng.shuffle(given[m])
            conn.execute("DELETE FROM assignments")
            conn.executemany("INSERT INTO assignments (member_id, case_id, position) VALUES (?, ?, ?)",
                             [(m, c, i) for m, order in given.items() for i, c in enumerate(order, start=1)])
            audit(conn, "facilitator", "cases_assigned", raters_per_case=raters_per_case or len(members), seed=seed)
        return given
    finally:
        conn.close()


def progress(pack: str | Path) -> list[dict]:
    """Each member's progress: cases given, cases with every required answer, finished or not."""
    from panel_tool.packs.forms import read_form

    conn = open_pack(pack, SESSION)
    try:
        required = [q["id"] for q in read_form(conn)["questions"] if q["required"]]
        every_case = [r[0] for r in conn.execute("SELECT case_id FROM cases ORDER BY case_id")]
        anyone_assigned = conn.execute("SELECT 1 FROM assignments LIMIT 1").fetchone() is not None
        rows = []
        for m in conn.execute("SELECT member_id, name, finished_at FROM members WHERE removed_at IS NULL "
                              "ORDER BY member_id").fetchall():
            assigned = [r[0] for r in conn.execute("SELECT case_id FROM assignments WHERE member_id = ?", (m["member_id"],))]
            answered: dict[int, set[str]] = {}
            for a in conn.execute("SELECT case_id, question_id FROM answers WHERE member_id = ? AND "
                                  "coalesce(trim(value), '') != ''", (m["member_id"],)):
                answered.setdefault(a["case_id"], set()).add(a["question_id"])
            cases = assigned if anyone_assigned else every_case
            done = sum(1 for c in cases if set(required) <= answered.get(c, set()))
            rows.append({"member_id": m["member_id"], "name": m["name"], "cases": len(cases), "done": done,
                         "started": len(answered), "finished": m["finished_at"] is not None})
        return rows
    finally:
        conn.close()

"""Discussion: once members have rated on their own, the panel sees how it answered and agrees an outcome.

What is shown is counts per answer and the members' written words, never who said what: texts are
sorted alphabetically, so not even their order points to a member. Members see it only after the
facilitator opens discussion, so nobody's view is swayed before they have given their own.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.forms import read_form
from panel_tool.packs.packfile import SESSION, manifest_value, open_pack, set_manifest
from panel_tool.review.store import audit, immediate, now_iso

THEMES = ["grounds", "GOWISELY", "body-worn video", "respect", "handcuffing", "strip search", "young person",
          "use of force", "recording", "outcome", "good practice"]


def is_open(conn) -> bool:
    return bool(manifest_value(conn, "discussion_open"))


def open_discussion(pack: str | Path) -> None:
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            set_manifest(conn, discussion_open=True, discussion_opened_at=now_iso())
            audit(conn, "facilitator", "discussion_opened")
    finally:
        conn.close()


def summaries(conn) -> list[dict]:
    """Per case: how many rated it, the count of each answer per question, how far members agreed,
    and their written words; the cases members agreed on least come first."""
    form = read_form(conn)
    choice = [q for q in form["questions"] if q["type"] == "choice"]
    text = [q for q in form["questions"] if q["type"] == "text"]
    answers: dict[int, dict[str, list[str]]] = {}
    raters: dict[int, set[int]] = {}
    for r in conn.execute("SELECT member_id, case_id, question_id, value FROM answers a WHERE "
                          "coalesce(trim(value), '') != '' AND member_id IN (SELECT member_id FROM members "
                          "WHERE removed_at IS NULL)"):
        answers.setdefault(r[1], {}).setdefault(r[2], []).append(r[3])
        raters.setdefault(r[1], set()).add(r[0])
    out = []
    for (case_id,) in conn.execute("SELECT case_id FROM cases ORDER BY case_id"):
        given = answers.get(case_id, {})
        questions, shares = {}, []
        for q in choice:
            counts = Counter(given.get(q["id"], []))
            n = sum(counts.values())
            share = max(counts.values()) / n if n else None
            if share is not None:
                shares.append(share)
            questions[q["id"]] = {"text": q["text"], "answered": n, "agreement": share,
                                  "counts": [{"value": o["value"], "label": o["label"], "count": counts.get(o["value"], 0)}
                                             for o in q["options"]]}
        out.append({"case_id": case_id, "raters": len(raters.get(case_id, ())), "questions": questions,
                    "agreement": sum(shares) / len(shares) if shares else None,
                    "texts": {q["id"]: {"text": q["text"], "said": sorted(given.get(q["id"], []), key=str.lower)}
                              for q in text}})
    # Least agreement first; cases nobody rated last.
    return sorted(out, key=lambda s: (s["agreement"] is None, s["agreement"] if s["agreement"] is not None else 0,
                                      s["case_id"]))


def agreement_words(question: dict) -> str:
    """How far members agreed on one question, as a chair would say it: "5 of 6 said Amber";
    "3 said Green and 3 said Amber" when the most given answers tie; never a percentage of one."""
    n = question["answered"]
    if not n:
        return "Nobody has answered yet"
    top = max(c["count"] for c in question["counts"])
    most = [c["label"] for c in question["counts"] if c["count"] == top]
    if len(most) == 1:
        return f"{top} of {n} said {most[0]}"
    if len(most) == 2:
        return f"{top} said {most[0]} and {top} said {most[1]}"
    return f"No answer stood out: {', '.join(most[:-1])} and {most[-1]} had {top} each"


def overall_words(summary: dict, overall_id: str) -> str:
    """A case's agreement, in words, on the form's overall question."""
    q = summary["questions"].get(overall_id)
    return agreement_words(q) if q else "Nobody has answered yet"


def case_content(conn) -> dict[int, dict]:
    """Each case's details and texts as members saw them, for discussing it in the room; the force's
    pseudonym for the record (case_ref) stays in the pack."""
    texts: dict[int, list[dict]] = {}
    for r in conn.execute("SELECT case_id, officer_label, field, text, spans FROM texts ORDER BY text_id"):
        texts.setdefault(r["case_id"], []).append({"officer_label": r["officer_label"], "field": r["field"],
                                                   "text": r["text"], "spans": json.loads(r["spans"] or "[]")})
    return {r["case_id"]: {"fields": {k: r[k] for k in r.keys() if k != "case_ref"}, "texts": texts.get(r["case_id"], [])}
            for r in conn.execute("SELECT * FROM cases ORDER BY case_id")}


def case_contents(pack: str | Path) -> tuple[dict[int, dict], dict]:
    """Every case's details and texts, and the form's overall question (for the force's screen)."""
    conn = open_pack(pack, SESSION)
    try:
        return case_content(conn), next(q for q in read_form(conn)["questions"] if q.get("overall"))
    finally:
        conn.close()


def case_summaries(pack: str | Path) -> list[dict]:
    conn = open_pack(pack, SESSION)
    try:
        return summaries(conn)
    finally:
        conn.close()


def record_outcome(pack: str | Path, case_id: int, *, rating: str, feedback_for_officer: str = "",
                   learning_for_force: str = "", refer_onwards: bool = False, themes: list[str] | tuple = ()) -> dict:
    """The panel's agreed view of a case; recording it again replaces it (and the audit log keeps both)."""
    conn = open_pack(pack, SESSION)
    try:
        overall = next(q for q in read_form(conn)["questions"] if q.get("overall"))
        allowed = [o["value"] for o in overall["options"]]
        if rating not in allowed:
            raise InputError(f"'{rating}' is not an answer to the form's overall question", file=str(pack),
                             expected="one of " + ", ".join(allowed))
        if not conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone():
            raise InputError(f"there is no case {case_id} in this pack", file=str(pack), expected="a case number of the pack")
        tags = sorted({" ".join(t.split()) for t in themes if t and t.strip()}, key=str.lower)
        row = {"case_id": case_id, "rating": rating, "feedback_for_officer": feedback_for_officer.strip(),
               "learning_for_force": learning_for_force.strip(), "refer_onwards": int(bool(refer_onwards)),
               "themes": json.dumps(tags, ensure_ascii=False), "agreed_at": now_iso()}
        with immediate(conn):
            conn.execute("INSERT OR REPLACE INTO agreed_outcomes (case_id, rating, feedback_for_officer, "
                         "learning_for_force, refer_onwards, themes, agreed_at) VALUES (:case_id, :rating, "
                         ":feedback_for_officer, :learning_for_force, :refer_onwards, :themes, :agreed_at)", row)
            audit(conn, "facilitator", "outcome_agreed", case_id, rating=rating)
        return {**row, "themes": tags}
    finally:
        conn.close()


def agreed_outcomes(pack: str | Path) -> dict[int, dict]:
    conn = open_pack(pack, SESSION)
    try:
        return {r["case_id"]: {**dict(r), "themes": json.loads(r["themes"])}
                for r in conn.execute("SELECT * FROM agreed_outcomes ORDER BY case_id")}
    finally:
        conn.close()

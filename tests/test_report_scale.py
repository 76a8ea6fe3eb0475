"""The report and the export for a full-size session: 50 cases, 30 members, every case answered."""

from __future__ import annotations

import csv
import json
import re
import sqlite3

from tests.conftest import run_cli


def test_a_report_and_an_export_for_50_cases_and_30_members(tmp_path):
    export, pack = tmp_path / "export.csv", tmp_path / "big.pack.db"
    steps = [("synth", "--kind", "stop-search", "--rows", "2000", "--seed", "11", "--out", export),
             ("pack", "build", export, "--out", pack, "--sample", "50", "--seed", "11", "--key-file", tmp_path / "k.key"),
             ("pack", "approve", pack, "--all"),
             ("pack", "release", pack, "--key-file", tmp_path / "k.key"),
             ("simulate", pack, "--members", "30", "--seed", "3"),
             ("words", "approve", pack, "--all")]  # the facilitator's check of members' words
    for step in steps:
        run = run_cli(*step)
        assert run.code == 0, (step, run.err)
    conn = sqlite3.connect(pack)
    cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    members = conn.execute("SELECT count(*) FROM members").fetchone()[0]
    answers = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
    choice_questions = sum(q["type"] == "choice" for q in json.loads(
        conn.execute("SELECT definition FROM form").fetchone()[0])["questions"])
    rated = conn.execute("SELECT count(DISTINCT member_id || ':' || case_id || ':' || question_id) FROM answers "
                         "WHERE question_id NOT IN ('feedback_for_officer', 'force_learning')").fetchone()[0]
    conn.close()
    assert (cases, members) == (50, 30) and rated == 50 * 30 * choice_questions

    run = run_cli("report", pack, "--out", tmp_path / "report.html")
    assert run.code == 0, run.err
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for heading in ("What the panel thought", "Where members disagreed", "How members took part",
                    "What the force said it will do"):
        assert heading in html, heading
    assert re.search(r"\b30\b", html) and "Simulated member" not in html  # members counted, never named

    run = run_cli("export", pack, "--format", "json", "--out", tmp_path / "json")
    assert run.code == 0, run.err
    feedback = json.loads((tmp_path / "json" / "feedback.json").read_text(encoding="utf-8"))
    assert len(feedback["cases"]) == 50 and len(feedback["answers"]) == answers
    assert {a["member"] for a in feedback["answers"]} == {f"member {n}" for n in range(1, 31)}
    run = run_cli("export", pack, "--format", "csv", "--out", tmp_path / "csv")
    assert run.code == 0, run.err
    with open(tmp_path / "csv" / "answers.csv", newline="", encoding="utf-8") as f:
        assert sum(1 for _ in csv.DictReader(f)) == answers

"""`panel-tool export`: what the panel said, as CSV files or one JSON file, with no name, code or case_ref."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from panel_tool.contracts import schema_dir
from panel_tool.errors import InputError
from panel_tool.report.export import CSV_FILES, case_columns, export_pack
from panel_tool.review.actions import add_action, update_action
from panel_tool.review.discussion import record_outcome
from panel_tool.review.responses import record_response
from panel_tool.review.session import sign_in
from tests.conftest import run_cli
from tests.servers import released_pack

NAMES = ["Amira Khan", "Ben Osei", "Chloe Price"]
SCHEMA = json.loads((schema_dir() / "feedback.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """A released pack answered by three members, with an agreed outcome, an action and a reply."""
    directory = tmp_path_factory.mktemp("export")
    pack, codes = released_pack(directory, members=NAMES)
    overall = {"Amira Khan": "red", "Ben Osei": "amber", "Chloe Price": "amber"}
    for name in NAMES:
        session = sign_in(pack, codes[name])
        for case in session.cases():
            for q in session.form["questions"]:
                if q["type"] == "choice":
                    value = overall[name] if q.get("overall") else q["options"][0]["value"]
                    session.save_answer(case["case_id"], q["id"], value)
            session.save_answer(case["case_id"], "feedback_for_officer", f"Grounds thin, say more ({name[0]})")
        session.close()
    record_outcome(pack, 1, rating="amber", feedback_for_officer="Write the grounds in full.",
                   themes=["grounds", "body-worn video"], refer_onwards=True)
    action = add_action(pack, "Explain why body-worn video was off in case 1", owner="Stop and search lead",
                        due_date="2024-05-31", case_id=1)
    update_action(pack, action["action_id"], status="in progress", note="Asked the video team")
    record_response(pack, "action", action["action_id"], "Cameras on from the start: told at April's briefing.",
                    "2024-04-22")
    # members' words reach an export once the facilitator has checked them (tests/test_words_check.py)
    assert run_cli("words", "approve", pack, "--all").code == 0
    case_ref = sqlite3.connect(pack).execute("SELECT case_ref FROM cases WHERE case_id = 1").fetchone()[0]
    return pack, codes, case_ref


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()))


def _assert_nothing_identifying(folder: Path, codes: dict[str, str], case_ref: str | None) -> None:
    data = _all_bytes(folder)
    for name, code in codes.items():
        for word in [name, *name.split()]:
            assert word.encode() not in data, word
        assert code.encode() not in data and code.replace("-", "").encode() not in data
    if case_ref:
        assert case_ref.encode() not in data
    assert b"case_ref" not in data and b"officer_ref" not in data


def test_csv_export_writes_one_file_per_table(panel, tmp_path):
    pack, codes, case_ref = panel
    run = run_cli("export", pack, "--format", "csv", "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert "member 1, member 2" in run.out
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in CSV_FILES)

    cases = _read_csv(out / "cases.csv")
    assert [c["case_id"] for c in cases] == ["1", "2", "3", "4", "5"]
    assert list(cases[0]) == case_columns("stop-search") + ["officers_words"]
    assert cases[0]["officers_words"].startswith("Officer A: ") and cases[0]["bwv_used"] in ("yes", "no", "")

    answers = _read_csv(out / "answers.csv")
    assert len(answers) == 3 * 5 * 6  # three members, five cases, five choices and one text each
    assert {a["member"] for a in answers} == {"member 1", "member 2", "member 3"}
    red = [a for a in answers if a["question_id"] == "overall_rating" and a["answer"] == "red"]
    assert {a["member"] for a in red} == {"member 1"} and red[0]["answer_label"] == "Red"
    assert "Grounds thin, say more (A)" in {a["answer"] for a in answers}

    (outcome,) = _read_csv(out / "outcomes.csv")
    assert outcome["case_id"] == "1" and outcome["rating"] == "amber" and outcome["rating_label"] == "Amber"
    assert outcome["themes"] == "body-worn video; grounds" and outcome["refer_onwards"] == "yes"
    (action,) = _read_csv(out / "actions.csv")
    assert action["status"] == "in progress" and action["owner"] == "Stop and search lead" and action["case_id"] == "1"
    history = json.loads(action["history"])
    assert [h["status"] for h in history] == ["open", "in progress"] and history[1]["note"] == "Asked the video team"
    (response,) = _read_csv(out / "responses.csv")
    assert response["target"] == "action" and response["responded_on"] == "2024-04-22"
    assert response["response"].startswith("Cameras on")
    assert (out / "cases.csv").read_bytes().decode("utf-8")  # UTF-8 throughout
    _assert_nothing_identifying(out, codes, case_ref)


def test_json_export_matches_its_schema(panel, tmp_path):
    pack, codes, case_ref = panel
    written = export_pack(pack, "json", tmp_path / "json")
    assert written == [tmp_path / "json" / "feedback.json"]
    doc = json.loads(written[0].read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["pack"]["kind"] == "stop-search" and doc["pack"]["members"] == 3 and doc["pack"]["status"] == "released"
    assert len(doc["cases"]) == 5 and "case_ref" not in doc["cases"][0]
    assert isinstance(doc["cases"][0]["generalised"], list) and doc["cases"][0]["officers_words"][0]["field"] == "grounds"
    assert {a["member"] for a in doc["answers"]} == {"member 1", "member 2", "member 3"}
    assert doc["outcomes"][0]["themes"] == ["body-worn video", "grounds"] and doc["outcomes"][0]["refer_onwards"] is True
    assert len(doc["actions"][0]["history"]) == 2 and doc["responses"][0]["target_id"] == doc["actions"][0]["action_id"]
    _assert_nothing_identifying(tmp_path / "json", codes, case_ref)


def test_schema_documents_every_field_and_allows_no_others(panel):
    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)

    for obj in objects(SCHEMA):
        assert obj["additionalProperties"] is False
        for name, spec in obj["properties"].items():
            assert spec.get("description") or "$ref" in spec.get("items", {}) or spec.get("type") == "object", name
    case_fields = set(SCHEMA["$defs"]["case"]["properties"])
    assert set(case_columns("stop-search")) | set(case_columns("use-of-force")) | {"officers_words"} == case_fields
    assert "case_ref" not in case_fields


def test_a_second_export_to_the_same_folder_replaces_the_files_and_leaves_nothing_else(panel, tmp_path):
    pack, _, _ = panel
    out = tmp_path / "again"
    export_pack(pack, "csv", out)
    (out / "notes.txt").write_text("mine")
    export_pack(pack, "csv", out)
    export_pack(pack, "json", out)
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{n}.csv" for n in CSV_FILES), "feedback.json", "notes.txt"])
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_purged_pack_exports_with_its_case_content_cleared(tmp_path):
    pack, codes = released_pack(tmp_path, members=NAMES[:2])
    session = sign_in(pack, codes[NAMES[0]])
    session.save_answer(2, "overall_rating", "green")
    session.close()
    record_outcome(pack, 2, rating="green", themes=["good practice"])
    assert run_cli("pack", "close", pack).code == 0
    assert run_cli("pack", "purge", pack).code == 0
    run = run_cli("export", pack, "--format", "json", "--out", tmp_path / "purged")
    assert run.code == 0, run.err
    doc = json.loads((tmp_path / "purged" / "feedback.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["pack"]["status"] == "purged" and doc["pack"]["purged_at"]
    case = doc["cases"][1]
    assert case["month"] is None and case["area"] is None and case["officers_words"] == []
    assert case["legislation"]  # the categories reports break ratings down by stay
    assert doc["answers"][0]["member"] == "member 1" and doc["outcomes"][0]["rating"] == "green"
    assert run_cli("export", pack, "--format", "csv", "--out", tmp_path / "purged-csv").code == 0
    _assert_nothing_identifying(tmp_path / "purged-csv", codes, None)


def test_a_pack_without_members_exports_its_cases_only(tmp_path):
    pack, _ = released_pack(tmp_path, members=())
    doc = json.loads(export_pack(pack, "json", tmp_path / "cases-only")[0].read_text(encoding="utf-8"))
    assert len(doc["cases"]) == 5 and doc["answers"] == [] and doc["pack"]["members"] == 0


def test_a_draft_pack_gets_no_export_from_the_command_or_the_function(tmp_path):
    """A draft's cases and texts have not had the facilitator's second look: it is refused as the report refuses
    it, in the report's one sentence, from the command and the Python API alike, and nothing is written, not even
    the folders the export would have made."""
    from panel_tool.report.render import report
    from tests.test_bad_input_limits import run

    draft, _ = released_pack(tmp_path, members=["Amira"], release=False)
    with pytest.raises(InputError) as refused_report:
        report([str(draft)])
    sentence = refused_report.value.plain()
    out = tmp_path / "exports"
    out.mkdir()
    for format in ("csv", "json"):
        for target in (out, out / "new", out / "new" / "deeper"):
            with pytest.raises(InputError) as refused:
                export_pack(draft, format, target)
            assert refused.value.plain() == sentence
            ran = run("export", draft, "--format", format, "--out", target)
            assert ran.code == 2 and ran.err == f"panel-tool: {sentence}\n" and "Traceback" not in ran.err, ran
            assert ran.out == ""
    assert list(out.iterdir()) == []  # nothing written, not even an empty folder


def test_the_pack_is_only_read(panel, tmp_path):
    pack, _, _ = panel
    conn = sqlite3.connect(pack)
    before = conn.execute("SELECT count(*), max(event_id) FROM audit").fetchone()
    conn.close()
    export_pack(pack, "csv", tmp_path / "ro")
    conn = sqlite3.connect(pack)
    assert conn.execute("SELECT count(*), max(event_id) FROM audit").fetchone() == before
    conn.close()


def test_bad_input_gets_one_plain_line_and_exit_2(panel, tmp_path):
    pack, _, _ = panel
    not_a_pack = tmp_path / "notes.pack.db"
    not_a_pack.write_text("hello")
    a_file = tmp_path / "taken.txt"
    a_file.write_text("x")
    cases = [
        (["export", tmp_path / "missing.pack.db", "--out", tmp_path / "o1"], "there is no pack here"),
        (["export", not_a_pack, "--out", tmp_path / "o2"], "not a review pack"),
        (["export", pack, "--out", a_file], "this is a file, not a folder"),
        (["export", pack, "--format", "xlsx", "--out", tmp_path / "o3"], "'xlsx' is not a format"),
        (["export", pack, "--out", a_file / "inside"], "cannot be written here"),
        (["export", pack, "--out", "/proc/panel-tool-export"], "cannot be written here"),
    ]
    for args, message in cases:
        run = run_cli(*args)
        assert run.code == 2, (args, run.err)
        assert message in run.err and "Traceback" not in run.err, run.err
        assert len(run.err.strip().splitlines()) == 1, run.err
    assert not (tmp_path / "o1").exists() and not (tmp_path / "o2").exists() and not (tmp_path / "o3").exists()
    with pytest.raises(InputError, match="is a file"):
        export_pack(pack, "csv", a_file)

"""What the panel said, for the force or an analyst: cases as reviewed, answers, agreed outcomes,
actions and the force's replies, as CSV files or one JSON file (`panel-tool export`).

Nothing in an export points to a person. Members' own words (written answers, the panel's agreed
feedback) appear only as the facilitator checked them (review/words.py): words awaiting the check are
null (blank in CSV), and the document says how many (`words_awaiting_check`). Members appear as `member 1`, `member 2`... numbered in
the order they were added to the pack (so the same member has the same number in every export of
that pack), never by name or code. Cases carry the columns members saw, never `case_ref` (the
force's keyed pseudonym of the record) and never an officer's pseudonym. The pack is read, never
changed: it is opened read-only.

Files are written to a temporary folder beside the output folder and moved into place only when
all of them are complete, so a failure leaves no half-written export. The JSON is checked against
schemas/feedback.schema.json before it is written. Every file is readable by its owner only, and no
CSV cell can run as a spreadsheet formula (report/files.py).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from panel_tool import __version__
from panel_tool.contracts import schema_dir
from panel_tool.errors import InputError
from panel_tool.packs.tables import TABLES
from panel_tool.report.files import csv_bytes, write_private
from panel_tool.review.lifecycle import released_only
from panel_tool.review.record import read_record
from panel_tool.review.words import ANSWER, OUTCOME, checked_words

FORMATS = ("csv", "json")
CSV_FILES = ("cases", "answers", "outcomes", "actions", "responses")
JSON_FILE = "feedback.json"
# 0/1/NULL in the pack: true/false/null in JSON, yes/no/blank in CSV.
BOOLEAN_COLUMNS = {"outcome_linked", "more_than_outer_clothing", "bwv_used", "part_of_operation", "physical_disability",
                   "mental_disability", "staff_injured", "subject_injured", "refer_onwards"}
# JSON lists of strings in the pack: arrays in JSON, "; "-joined in CSV.
LIST_COLUMNS = {"location_types", "impact_factors", "reasons", "tactics", "outcomes", "generalised"}
NEVER_EXPORTED = {"case_ref"}  # the force's pseudonym of the record: stays in the pack


@cache
def feedback_schema() -> dict:
    return json.loads((schema_dir() / "feedback.schema.json").read_text(encoding="utf-8"))


def case_columns(kind: str) -> list[str]:
    """The columns of a case members saw, in the order packs/tables.py declares them (and
    schemas/pack.tables.json documents them)."""
    return [n for n in TABLES["cases"].column_names(kind) if n not in NEVER_EXPORTED]


def _value(column: str, value):
    if value is None:
        return None
    if column in BOOLEAN_COLUMNS:  # 0/1, or '1' in a column a round-one pack typed TEXT
        return str(value).strip().lower() in ("1", "true", "yes")
    if column in LIST_COLUMNS:
        return json.loads(value) if isinstance(value, str) else value
    return value


def feedback(pack: str | Path) -> dict:
    """Everything an export holds, as the document schemas/feedback.schema.json describes; a draft is refused
    as the report refuses it (review/lifecycle.py), before anything is written."""
    record = read_record(pack)
    manifest, form = record.manifest, record.form
    released_only({str(pack): manifest.get("status")})
    kind = manifest.get("kind")
    columns = case_columns(kind)
    words: dict[int, list[dict]] = {}
    for t in record.texts:
        words.setdefault(t["case_id"], []).append({"officer": t["officer_label"], "field": t["field"], "text": t["text"]})
    cases = [{**{c: _value(c, row[c]) for c in columns}, "officers_words": words.get(row["case_id"], [])}
             for row in record.cases]

    numbers = {r["member_id"]: n for n, r in enumerate(record.members, start=1)}
    questions = {q["id"]: q for q in form["questions"]}
    labels = {q["id"]: {o["value"]: o["label"] for o in q.get("options", [])} for q in form["questions"]}
    checked = checked_words(record)
    answers = []
    for r in record.answers:
        question = questions.get(r["question_id"], {})
        written = question.get("type") == "text"
        answers.append({"case_id": r["case_id"], "member": f"member {numbers.get(r['member_id'], '?')}",
                        "question_id": r["question_id"], "question": question.get("text"),
                        "answer": checked.of(ANSWER, r["case_id"], f"{r['member_id']}:{r['question_id']}") if written
                        else r["value"], "answer_label": labels.get(r["question_id"], {}).get(r["value"]),
                        "saved_at": r["saved_at"]})

    overall = next((q for q in form["questions"] if q.get("overall")), {"id": None})
    outcomes = [{"case_id": r["case_id"], "rating": r["rating"],
                 "rating_label": labels.get(overall["id"], {}).get(r["rating"]),
                 "feedback_for_officer": checked.of(OUTCOME, r["case_id"], "feedback_for_officer"),
                 "learning_for_force": checked.of(OUTCOME, r["case_id"], "learning_for_force"),
                 "refer_onwards": bool(r["refer_onwards"]), "themes": json.loads(r["themes"] or "[]"),
                 "agreed_at": r["agreed_at"]}
                for r in record.outcomes]
    actions = [{"action_id": r["action_id"], "text": r["text"], "owner": r["owner"], "due_date": r["due_date"],
                "status": r["status"], "case_id": r["case_id"], "created_at": r["created_at"],
                "carried_from": r["carried_from"],
                "history": [{"at": h.get("at"), "status": h.get("status"), "note": h.get("note"), "by": h.get("by")}
                            for h in json.loads(r["history"] or "[]")]}
               for r in record.actions]
    responses = [{"response_id": r["response_id"], "target": r["target"], "target_id": r["target_id"],
                  "response": r["response"], "responded_on": r["responded_on"], "recorded_at": r["recorded_at"],
                  "source": r["source"]}
                 for r in record.responses]
    return {
        "format": "panel-tool feedback", "format_version": 1,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "tool_version": __version__,
        "pack": {"title": manifest.get("title"), "kind": kind, "status": manifest.get("status"),
                 "purged_at": manifest.get("purged_at"), "members": len(numbers)},
        "form": {"id": form["id"], "title": form["title"],
                 "questions": [{"id": q["id"], "text": q["text"], "type": q["type"], "overall": bool(q.get("overall")),
                                "options": [{"value": o["value"], "label": o["label"]} for o in q.get("options", [])]}
                               for q in form["questions"]]},
        "words_awaiting_check": checked.awaiting,
        "cases": cases, "answers": answers, "outcomes": outcomes, "actions": actions, "responses": responses,
    }


def check_feedback(document: dict) -> None:
    """Refuse to write a document that breaks schemas/feedback.schema.json (a bug, not a user's mistake)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(feedback_schema())
    error = next(iter(sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "(top)"
        raise ValueError(f"the export does not match schemas/feedback.schema.json at {where}: {error.message}")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _csv_tables(document: dict) -> dict[str, tuple[list[str], list[dict]]]:
    cases = []
    for case in document["cases"]:
        row = {k: v for k, v in case.items() if k != "officers_words"}
        row["officers_words"] = "\n\n".join(f"{w['officer']}: {w['text']}" for w in case["officers_words"])
        cases.append(row)
    case_header = [k for k in (cases[0] if cases else {})] or ["case_id", "officers_words"]
    actions = [{**a, "history": json.dumps(a["history"], ensure_ascii=False)} for a in document["actions"]]
    props = feedback_schema()["$defs"]
    return {
        "cases": (case_header, cases),
        "answers": (list(props["answer"]["properties"]), document["answers"]),
        "outcomes": (list(props["outcome"]["properties"]), document["outcomes"]),
        "actions": (list(props["action"]["properties"]), actions),
        "responses": (list(props["response"]["properties"]), document["responses"]),
    }


def _target(out_dir: Path, format: str) -> None:
    if format not in FORMATS:
        raise InputError(f"'{format}' is not a format the export can be written in", expected="csv or json")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("this is a file, not a folder", file=str(out_dir),
                         expected="a folder to write the export into (it is made if missing)")


def export_pack(pack: str | Path, format: str, out_dir: str | Path) -> list[Path]:
    """Write a pack's feedback into `out_dir` (made if missing) as CSV files (cases.csv, answers.csv,
    outcomes.csv, actions.csv, responses.csv) or one feedback.json; returns the files written."""
    out_dir = Path(out_dir)
    format = str(format).strip().lower()
    _target(out_dir, format)
    document = feedback(pack)
    if format == "json":
        check_feedback(document)
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".partial", dir=parent))
    except OSError as exc:
        raise InputError(f"the export cannot be written here ({exc.strerror or exc})", file=str(out_dir),
                         expected="a folder you can write to") from None
    try:
        names = []
        if format == "json":
            write_private(staging / JSON_FILE, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
            names.append(JSON_FILE)
        else:
            for name, (header, rows) in _csv_tables(document).items():
                write_private(staging / f"{name}.csv", csv_bytes(header, ([_csv_cell(row.get(c)) for c in header]
                                                                          for row in rows)))
                names.append(f"{name}.csv")
        if out_dir.is_dir():
            for name in names:  # each file replaced whole, only once all are written
                os.replace(staging / name, out_dir / name)
            staging.rmdir()
        else:
            os.rename(staging, out_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(f"the export cannot be written here ({exc.strerror or exc})", file=str(out_dir),
                         expected="a folder you can write to") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / name for name in names]

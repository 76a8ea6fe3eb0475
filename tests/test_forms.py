"""Rating forms: the shipped forms say what DOMAIN.md section 3 asks, pack build stores the chosen one,
and a bad form is refused with a plain error before anything is written."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest

from panel_tool.errors import InputError
from panel_tool.packs.forms import form_problem, load_form, read_form, shipped_forms
from panel_tool.packs.packfile import READ, SESSION, open_pack
from tests.conftest import CITY_OF_LONDON, ROOT, run_cli
from tests.test_bad_input import assert_plain_error
from tests.test_pack_bad_input import nothing_left

FORMS = ROOT / "schemas" / "forms"
NEI = "not_enough_information"


def shipped(name: str) -> dict:
    return json.loads((FORMS / f"{name}.json").read_text(encoding="utf-8"))


def choice_values(form: dict) -> dict[str, list[str]]:
    return {q["id"]: [o["value"] for o in q["options"]] for q in form["questions"] if q["type"] == "choice"}


def overall(form: dict) -> dict:
    (question,) = [q for q in form["questions"] if q.get("overall")]
    return question


# --- the shipped forms ----------------------------------------------------------------------------

def test_the_three_forms_are_shipped_and_each_passes_the_schema_and_the_python_checks():
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "form.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert shipped_forms() == ["reasonable-grounds-only", "stop-search-default", "use-of-force-planter"]
    for name in shipped_forms():
        form = shipped(name)
        assert form["id"] == name
        assert list(validator.iter_errors(form)) == [], name
        assert form_problem(form, check_schema=True) is None, name
        for question, values in choice_values(form).items():
            assert NEI in values, (name, question)
            labels = {o["value"]: o["label"] for o in next(q for q in form["questions"] if q["id"] == question)["options"]}
            assert labels[NEI].startswith("Not enough information"), (name, question)
        assert all(q["help"].strip() for q in form["questions"]), name


def test_stop_search_default_asks_the_recurring_questions_and_rates_green_amber_red():
    form = shipped("stop-search-default")
    assert form["kind"] == "stop-search"
    assert [q["id"] for q in form["questions"]] == [
        "grounds_reasonable", "gowisely_followed", "treated_with_respect", "outcome_proportionate",
        "overall_rating", "feedback_for_officer", "force_learning"]
    assert choice_values(form) == {
        "grounds_reasonable": ["yes", "partly", "no", NEI],
        "gowisely_followed": ["yes", "partly", "no", NEI],
        "treated_with_respect": ["yes", "partly", "no", NEI],
        "outcome_proportionate": ["yes", "no", NEI],
        "overall_rating": ["green", "amber", "red", NEI],
    }
    rating = overall(form)
    assert rating["id"] == "overall_rating" and rating["ordered"] and rating["required"]
    assert [o["colour"] for o in rating["options"]] == ["green", "amber", "red", "none"]
    meanings = {o["value"]: o["meaning"] for o in rating["options"]}
    assert "praised" in meanings["green"] and "advice" in meanings["amber"] and "supervisor" in meanings["red"]
    gowisely = next(q for q in form["questions"] if q["id"] == "gowisely_followed")["help"]
    for word in ("Grounds", "Object", "Warrant card", "Identity", "Station", "Entitled", "Legal power", "You are detained"):
        assert word in gowisely, word
    assert "PACE Code A" in form["questions"][0]["help"]
    assert [q["type"] for q in form["questions"][-2:]] == ["text", "text"]
    assert not any(q["required"] for q in form["questions"][-2:])


def test_use_of_force_planter_asks_the_seven_planter_questions_and_grades_1_to_9():
    form = shipped("use-of-force-planter")
    assert form["kind"] == "use-of-force"
    planter = ["proportionate", "length_of_time_acceptable", "subject_actions_warranted_force", "necessary",
               "type_of_force_minimum", "ethical", "reasonable_overall"]
    assert [q["id"] for q in form["questions"]] == [*planter, "overall_grade", "feedback_for_officers", "force_learning"]
    assert "".join(q["text"][0] for q in form["questions"][:7]) == "PLANTER"
    values = choice_values(form)
    assert all(values[q] == ["yes", "no", NEI] for q in planter)
    grade = overall(form)
    assert grade["id"] == "overall_grade" and grade["ordered"]
    assert values["overall_grade"] == [str(n) for n in range(1, 10)] + [NEI]
    labels = [o["label"] for o in grade["options"]]
    assert labels[0].startswith("1 - Green") and labels[4].startswith("5 - Amber") and labels[8].startswith("9 - Red")
    assert {n: "meaning" in grade["options"][n - 1] for n in (1, 5, 9)} == {1: True, 5: True, 9: True}


def test_reasonable_grounds_only_asks_one_question_and_takes_a_comment():
    form = shipped("reasonable-grounds-only")
    assert form["kind"] == "stop-search"
    assert [(q["id"], q["type"], q["required"]) for q in form["questions"]] == [
        ("reasonable_grounds_met", "choice", True), ("comment", "text", False)]
    assert choice_values(form) == {"reasonable_grounds_met": ["yes", "no", NEI]}
    assert overall(form)["id"] == "reasonable_grounds_met"
    assert form["questions"][0]["text"] == "Were reasonable grounds met?"


def test_load_form_picks_the_default_for_each_kind_and_refuses_a_form_for_the_other_kind():
    assert load_form(None, "stop-search") == shipped("stop-search-default")
    assert load_form(None, "use-of-force") == shipped("use-of-force-planter")
    assert load_form("reasonable-grounds-only", "stop-search") == shipped("reasonable-grounds-only")
    with pytest.raises(InputError, match="for use-of-force reviews, but the pack is stop-search"):
        load_form("use-of-force-planter", "stop-search")


# --- pack build stores the form -------------------------------------------------------------------

@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    made = {}
    for kind in ("stop-search", "use-of-force"):
        made[kind] = folder / f"{kind}.csv"
        run = run_cli("synth", "--kind", kind, "--rows", "300", "--seed", "1", "--out", made[kind])
        assert run.code == 0, run.err
    return made


def stored_form(pack: Path) -> dict:
    conn = sqlite3.connect(pack)
    try:
        assert conn.execute("SELECT count(*) FROM form").fetchone()[0] == 1
        return read_form(conn)
    finally:
        conn.close()


def manifest_form(pack: Path) -> dict:
    conn = sqlite3.connect(pack)
    value = conn.execute("SELECT value FROM manifest WHERE key = 'form'").fetchone()[0]
    conn.close()
    return json.loads(value)


@pytest.mark.parametrize("kind, default", [("stop-search", "stop-search-default"), ("use-of-force", "use-of-force-planter")])
def test_a_pack_holds_the_default_form_for_its_kind(exports, tmp_path, kind, default):
    pack = tmp_path / "p.pack.db"
    run = run_cli("pack", "build", exports[kind], "--out", pack, "--sample", "5", "--seed", "1", "--key-file", tmp_path / "k.key")
    assert run.code == 0, run.err
    form = shipped(default)
    assert stored_form(pack) == form
    assert manifest_form(pack) == {"id": default, "title": form["title"], "questions": len(form["questions"])}
    assert f"Form: {form['title']} ({len(form['questions'])} questions)" in run.out
    conn = sqlite3.connect(pack)
    assert conn.execute("SELECT form_id, title FROM form").fetchone() == (default, form["title"])
    conn.close()
    shown = run_cli("pack", "show", pack)
    assert f"Form: {form['title']}" in shown.out


def test_a_pack_holds_a_named_form(exports, tmp_path):
    pack = tmp_path / "p.pack.db"
    run = run_cli("pack", "build", exports["stop-search"], "--out", pack, "--sample", "5", "--seed", "1",
                  "--key-file", tmp_path / "k.key", "--form", "reasonable-grounds-only")
    assert run.code == 0, run.err
    assert stored_form(pack) == shipped("reasonable-grounds-only")
    assert manifest_form(pack)["id"] == "reasonable-grounds-only"
    assert "Form: Reasonable grounds check (2 questions)" in run.out


def test_a_pack_holds_a_forces_own_form_from_a_file(exports, tmp_path):
    """A force copies a shipped form, edits it, and passes its path; kind 'any' fits either kind of pack."""
    own = shipped("reasonable-grounds-only")
    own.update(id="our-panel", title="Our panel's questions", kind="any")
    own["questions"].insert(1, {"id": "bwv_on", "text": "Was body-worn video on for the whole search?", "type": "choice",
                                "required": False, "options": [{"value": "yes", "label": "Yes"},
                                                               {"value": NEI, "label": "Not enough information to say"}]})
    path = tmp_path / "forms" / "our-panel.json"
    path.parent.mkdir()
    path.write_text(json.dumps(own, indent=2), encoding="utf-8")
    for kind in ("stop-search", "use-of-force"):
        pack = tmp_path / f"{kind}.pack.db"
        run = run_cli("pack", "build", exports[kind], "--out", pack, "--sample", "3", "--seed", "1",
                      "--key-file", tmp_path / "k.key", "--form", path)
        assert run.code == 0, run.err
        assert stored_form(pack) == own
        assert manifest_form(pack) == {"id": "our-panel", "title": "Our panel's questions", "questions": 3}


def test_read_form_of_a_pack_built_before_packs_held_one_is_a_plain_error(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.pack.db")
    conn.execute("CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("""INSERT INTO manifest VALUES ('format_version', '1'), ('kind', '"stop-search"')""")
    conn.execute("CREATE TABLE cases (case_id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    for mode in (READ, SESSION):
        with open_pack(tmp_path / "old.pack.db", mode) as pack, pytest.raises(InputError, match="has no rating form") as caught:
            read_form(pack)
        assert caught.value.file.endswith("old.pack.db")


# --- bad forms: a plain error, exit 2, nothing written -----------------------------------------------

def own_form(tmp_path: Path, change, name: str = "bad.json") -> Path:
    form = copy.deepcopy(shipped("stop-search-default"))
    change(form)
    path = tmp_path / name
    path.write_text(json.dumps(form, indent=2), encoding="utf-8")
    return path


def build_with_form(tmp_path: Path, form) -> tuple:
    out = tmp_path / "out" / "p.pack.db"
    out.parent.mkdir(exist_ok=True)
    run = run_cli("pack", "build", CITY_OF_LONDON, "--out", out, "--seed", "1", "--key-file", tmp_path / "k.key",
                  "--form", form)
    return run, out


def assert_refused(tmp_path: Path, run, out: Path, *fragments: str) -> None:
    assert_plain_error(run, *fragments)
    assert nothing_left(out.parent)
    assert not (tmp_path / "k.key").exists(), "no key file made for a build that failed"


def test_unknown_form_name_lists_the_shipped_ones(tmp_path):
    run, out = build_with_form(tmp_path, "traffic-stops")
    assert_refused(tmp_path, run, out, "there is no rating form called 'traffic-stops'",
                   "reasonable-grounds-only, stop-search-default, use-of-force-planter", "or the path of a form .json file")


def test_form_file_that_does_not_exist(tmp_path):
    run, out = build_with_form(tmp_path, tmp_path / "nowhere.json")
    assert_refused(tmp_path, run, out, str(tmp_path / "nowhere.json"), "this rating form file does not exist")


def test_form_file_that_is_not_json_says_the_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "broken",\n  "title": "Broken"\n  "kind": "any"\n}\n', encoding="utf-8")
    run, out = build_with_form(tmp_path, path)
    assert_refused(tmp_path, run, out, str(path), "not valid JSON", "line 4, column 3")


def test_a_bad_form_fails_before_the_export_is_read(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    out = tmp_path / "p.pack.db"
    run = run_cli("pack", "build", tmp_path / "no-such-export.csv", "--out", out, "--form", path)
    assert_plain_error(run, "broken.json", "not valid JSON")
    assert "no-such-export" not in run.err
    assert not out.exists()


@pytest.mark.parametrize("change, fragments", [
    (lambda f: f["questions"][4]["options"][2].update(colour="blue"),
     ["questions[4].options[2].colour", "'blue' is not one of"]),
    (lambda f: f["questions"][3].update(options=f["questions"][3]["options"][:1]),
     ["questions[3].options", "needs at least 2"]),
    (lambda f: f["questions"][1].pop("options"), ["questions[1]", "'options' is missing"]),
    (lambda f: f["questions"][5].update(options=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]),
     ["questions[5].options", "only a choice question has options"]),
    (lambda f: f["questions"][0].update(id="Grounds OK"), ["questions[0].id", "lowercase letters"]),
    (lambda f: f.update(colour="green"), ["the top level", "'colour' was unexpected"]),
    (lambda f: f.update(kind="traffic"), ["kind", "'traffic' is not one of"]),
    (lambda f: f["questions"][4].update(overall=False), ["no question is the overall rating"]),
    (lambda f: f["questions"][0].update(overall=True), ["questions[0] and questions[4] both say \"overall\": true"]),
    (lambda f: f["questions"][5].update(overall=True), ["questions[5].overall", "only a choice question can be the overall"]),
    (lambda f: f["questions"][3].update(id="grounds_reasonable"),
     ["questions[3].id", "'grounds_reasonable' is already used by questions[0]"]),
    (lambda f: f["questions"][2]["options"][1].update(value="yes"),
     ["questions[2].options[1].value", "the value 'yes' is used twice"]),
], ids=["bad-colour", "one-option", "choice-without-options", "text-with-options", "bad-id", "unknown-field",
        "unknown-kind", "no-overall", "two-overall", "overall-on-text", "duplicate-question-id", "duplicate-option-value"])
def test_a_form_that_breaks_the_rules_names_the_file_and_where(tmp_path, change, fragments):
    path = own_form(tmp_path, change)
    run, out = build_with_form(tmp_path, path)
    assert_refused(tmp_path, run, out, str(path), "this rating form is not valid", *fragments)


def test_a_form_for_the_other_kind_is_refused(tmp_path):
    run, out = build_with_form(tmp_path, "use-of-force-planter")
    assert_refused(tmp_path, run, out, "use-of-force-planter.json", "for use-of-force reviews, but the pack is stop-search",
                   "stop-search-default")
    path = own_form(tmp_path, lambda f: f.update(kind="use-of-force"), name="uof.json")
    run, out = build_with_form(tmp_path, path)
    assert_refused(tmp_path, run, out, str(path), "for use-of-force reviews, but the pack is stop-search")

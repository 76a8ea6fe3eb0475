"""Rating forms: the questions members answer about each case, chosen at pack build and stored in the pack.

A form is data (schemas/forms/*.json, described by schemas/form.schema.json), so a force with its own
questions writes a file rather than code. Plain json here: this module is imported by every member's kernel.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache

from panel_tool.contracts import schema_dir, shipped_or_file
from panel_tool.errors import InputError

DEFAULT_FORMS = {"stop-search": "stop-search-default", "use-of-force": "use-of-force-planter"}
FORM_SCHEMA_HELP = "a rating form as described in schemas/form.schema.json"

# What the schema's patterns ask for, in words a facilitator can act on.
_PATTERNS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "lowercase letters, digits and single hyphens, e.g. my-force-form",
    "^[a-z][a-z0-9]*(_[a-z0-9]+)*$": "lowercase letters, digits and single underscores, starting with a letter, e.g. grounds_reasonable",
    "^[a-z0-9]+(_[a-z0-9]+)*$": "lowercase letters, digits and single underscores, e.g. not_enough_information",
}

_TYPES = {"object": "an object ({...})", "array": "a list ([...])", "string": "text in quotes", "boolean": "true or false",
          "integer": "a whole number"}


def shipped_forms() -> list[str]:
    """The names of the forms that come with the tool, for --form NAME."""
    return sorted(p.stem for p in (schema_dir() / "forms").glob("*.json"))


def load_form(name_or_path: str | None, kind: str | None) -> dict:
    """A shipped form by name, a form file by path, or (None) the default form for `kind`; checked before use.

    `kind` is the pack's kind; a form for another kind is refused. None means the kind is not known yet
    (pack build checks a named form before reading the export), so any kind passes.
    """
    if name_or_path is None:
        if kind not in DEFAULT_FORMS:
            raise InputError("say which rating form to use, or which kind of pack it is for",
                             expected="--form NAME, or --kind stop-search or use-of-force")
        name_or_path = DEFAULT_FORMS[kind]
    path, shipped = shipped_or_file(name_or_path, "forms", "rating form", shipped_forms)
    if not path.is_file():
        raise InputError("this rating form file does not exist", file=str(path),
                         expected="one of " + ", ".join(shipped_forms()) + ", or the path of a form .json file")
    try:
        form = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError("this rating form is not a UTF-8 text file", file=str(path), expected=FORM_SCHEMA_HELP) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"this rating form is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                         file=str(path), expected=FORM_SCHEMA_HELP) from None
    problem = form_problem(form, check_schema=not shipped)
    if problem:
        raise InputError(f"this rating form is not valid: {problem}", file=str(path), expected=FORM_SCHEMA_HELP)
    if kind is not None and form["kind"] not in ("any", kind):
        raise InputError(f"this rating form is for {form['kind']} reviews, but the pack is {kind}", file=str(path),
                         expected=f"a form whose kind is {kind} or any, such as {DEFAULT_FORMS.get(kind, 'stop-search-default')}")
    return form


def form_problem(form, check_schema: bool = True) -> str | None:
    """The first thing wrong with `form`, as 'where: what', or None when it is a usable form.

    check_schema=False skips schemas/form.schema.json, for the shipped forms: the test suite checks
    those, and jsonschema takes over a second to import. The checks JSON Schema cannot express run always.
    """
    errors = sorted(_validator().iter_errors(form), key=lambda e: [(isinstance(p, str), p) for p in e.absolute_path]) \
        if check_schema else []
    if errors:
        return f"{_json_path(errors[0].absolute_path)}: {_plain_message(errors[0])}"
    ids: dict[str, int] = {}
    for number, question in enumerate(form["questions"]):
        if question["id"] in ids:
            return (f"questions[{number}].id: the question id '{question['id']}' is already used by "
                    f"questions[{ids[question['id']]}]; each question needs its own id")
        ids[question["id"]] = number
        values: set[str] = set()
        for option_number, option in enumerate(question.get("options", [])):
            if option["value"] in values:
                return (f"questions[{number}].options[{option_number}].value: the value '{option['value']}' is used "
                        "twice in this question; each option needs its own value")
            values.add(option["value"])
    overall = [f"questions[{n}]" for n, q in enumerate(form["questions"]) if q.get("overall")]
    if not overall:
        return ('questions: no question is the overall rating; mark exactly one choice question with "overall": true')
    if len(overall) > 1:
        return (f'questions: {" and ".join(overall)} both say "overall": true; exactly one question can be the '
                "overall rating")
    return None


def read_form(conn: sqlite3.Connection) -> dict:
    """The rating form stored in a pack by pack build."""
    file = str(getattr(conn, "path", "")) or next(
        (row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), None) or None
    rows = conn.execute("SELECT definition FROM form").fetchall()
    if not rows:
        raise InputError("this pack has no rating form (it was built before packs held one)", file=file,
                         expected="a pack made by this version of panel-tool pack build")
    if len(rows) != 1:
        raise InputError(f"this pack should hold one rating form but holds {len(rows)}", file=file,
                         expected="a pack made by panel-tool pack build")
    return json.loads(rows[0][0])


@cache
def _validator():
    # Imported here: jsonschema takes over a second to import, and only forces' own form files need it.
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads((schema_dir() / "form.schema.json").read_text(encoding="utf-8")))


def _json_path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the top level"


def _plain_message(error) -> str:
    """jsonschema's message, reworded where it would puzzle someone who has never read a JSON Schema."""
    if error.validator in ("not", "const") and "description" in error.schema:  # a field one type of question cannot have
        return error.schema["description"]
    if error.validator == "pattern":
        return f"{error.instance!r} should be {_PATTERNS.get(error.validator_value, 'in the form ' + error.validator_value)}"
    if error.validator == "minItems":
        return f"needs at least {error.validator_value}, but has {len(error.instance)}"
    if error.validator == "minLength":
        return "is empty"
    if error.validator == "type":
        return f"should be {_TYPES.get(error.validator_value, error.validator_value)}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field(s) not allowed in a form")
    return error.message

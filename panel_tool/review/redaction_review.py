"""The facilitator's check of a draft pack before release: no automatically redacted text reaches a
lay panel unchecked.

The recognisers miss things (an unusual name, a nickname, a house number written in words), so a
person reads every case before the panel does. To help, each text comes with a *second look*: every
word the recall-first redactor let through on weak ground (unknown words, names that are also
ordinary words, numbers that could identify someone), in any case, each with its reason.
The facilitator can then redact more, replace an over-eager placeholder with neutral words of
their own, edit any displayed field, exclude a case, and approve it. Release is refused until every
case not excluded is approved (lifecycle.release), and any edit withdraws an approval.

The original of a redacted value is never in the pack, so nothing here can un-redact: replacing a
placeholder means writing new words, and redacting more keeps no trace of what was removed (each
write runs with secure_delete on, so the old text is overwritten, not left in free pages, and is then
folded into the pack file (packs.packfile.fold_in), so the old text leaves the file's bytes at once,
not at SQLite's next checkpoint). Each change says whether that fold was complete ("folded"): another
program in the middle of reading the pack holds it up, and then the old words stay in the file until
the next fold (review.store.WORDS_STILL_IN_FILE says so to the facilitator).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from panel_tool.anonymise.recognisers import detect
from panel_tool.anonymise.redaction import second_look as look_again
from panel_tool.contracts import canonical_fields
from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, fold_in, open_pack, read_manifest
from panel_tool.review.store import audit, immediate, now_iso

FROZEN = "released packs cannot change; their content is frozen"
#: Columns of `cases` a facilitator cannot edit: the force's pseudonym and the anonymisation record.
NOT_EDITABLE = frozenset({"case_id", "case_ref", "k_anonymity", "generalised"})
#: Fields holding a list (use-of-force: the tactics used, the outcomes...): edit_field takes a list for them.
LIST_FIELDS = frozenset(name for name, spec in canonical_fields("use-of-force").items() if spec.kind == "list")
BOOLEAN_FIELDS = frozenset(name for kind in ("stop-search", "use-of-force")
                           for name, spec in canonical_fields(kind).items() if spec.kind == "boolean")
MAX_WORDS = 80
MAX_FIELD = 500
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z ]*(?: \d+)?\]")

_TYPE = re.compile(r"[A-Z][A-Z_]{0,29}")


# --- reading -------------------------------------------------------------------------------------

def draft_cases(pack: str | Path) -> list[dict]:
    """Every case as the facilitator checks it: its fields, its texts with their placeholders and
    what deserves a second look, and whether it is approved or excluded."""
    conn = open_pack(pack, SESSION)
    try:
        review = {r["case_id"]: r for r in conn.execute("SELECT * FROM case_review")}
        texts: dict[int, list[dict]] = {}
        for row in conn.execute("SELECT text_id, case_id, officer_label, field, text, spans FROM texts ORDER BY text_id"):
            spans = json.loads(row["spans"] or "[]")
            texts.setdefault(row["case_id"], []).append(
                {"text_id": row["text_id"], "officer_label": row["officer_label"], "field": row["field"],
                 "text": row["text"], "spans": spans, "second_look": second_look(row["text"])})
        cases = []
        for row in conn.execute("SELECT * FROM cases ORDER BY case_id"):
            state = review.get(row["case_id"])
            cases.append({"case_id": row["case_id"],
                          "fields": {k: row[k] for k in row.keys() if k not in NOT_EDITABLE},
                          "texts": texts.get(row["case_id"], []),
                          "approved": bool(state and state["approved_at"]),
                          "excluded": bool(state and state["excluded_at"])})
        return cases
    finally:
        conn.close()


def second_look(text: str | None) -> list[dict]:
    """What in a redacted text deserves a person's look, with the reason (see
    :func:`panel_tool.anonymise.redaction.second_look`)."""
    return [{"start": m.start, "end": m.end, "word": text[m.start:m.end], "reason": m.reason}
            for m in look_again(text)]


# --- changing a draft ----------------------------------------------------------------------------

def redact_more(pack: str | Path, text_id: int, start: int, end: int, type: str = "OTHER") -> dict:
    """Redact the words selected in one text, ``text[start:end]``, the way :func:`redact_case_words`
    redacts typed words: as whole words in any capitals, in every text of that text's case (each
    officer's account), under one placeholder number for the case, all in one step. The selection
    itself is taken even where it is part of a longer word. Returns what redact_case_words returns.
    """
    conn = _open(pack)
    try:
        with immediate(conn):
            row = _draft_text(conn, pack, text_id)
            start, end = _selection(pack, row["text"], json.loads(row["spans"] or "[]"), start, end)
            done = _redact_in_case(conn, pack, row["case_id"], row["text"][start:end], type, selected=(text_id, start, end))
        return {**done, "folded": fold_in(conn)}
    finally:
        conn.close()


def mark_more(pack, text: str, spans: list[dict], start, end, type: str = "OTHER", *,
              number: int | None = None) -> tuple[str, list[dict], str, int]:
    """``text[start:end]`` and every other whole-word mention of the same words, whatever their capitals
    ("Smith", "SMITH", "smith"), replaced by one new placeholder ``[TYPE n]``, so "[OTHER 1]" stays one
    person and no spelling of it is left behind (a name that is also a word, "Will", takes "will" too:
    over-redaction costs the facilitator a replacement, a missed name costs a child's safety).
    The numbering is settled here, as nothing of the original is kept to settle it later; `number` gives
    it instead when one placeholder must read the same across a case's texts. The one way the facilitator
    redacts more, in a case's texts (redact_case_words, for every text of the case) or in members' words
    (review/words.py). Returns the new text, its spans, the placeholder and how many mentions it replaced."""
    kind = _kind(pack, type)
    label = kind.replace("_", " ")
    start, end = _selection(pack, text, spans, start, end)
    taken = [int(m.group(1)) for m in re.finditer(rf"\[{re.escape(label)} (\d+)\]", text)]
    placeholder = f"[{label} {number if number is not None else max(taken, default=0) + 1}]"
    covered = [(s["start"], s["end"]) for s in spans] + [m.span() for m in _PLACEHOLDER.finditer(text)]
    covered.append((start, end))
    mentions = {(start, end)} | {m.span() for m in re.finditer(_whole_words(text[start:end]), text, re.IGNORECASE)
                                 if not any(m.start() < e and s < m.end() for s, e in covered)}
    text, spans = _splice(text, spans, [(s, e, placeholder, kind) for s, e in sorted(mentions)])
    return text, spans, placeholder, len(mentions)


def replace_redaction(pack: str | Path, text_id: int, span_index: int, words: str) -> dict:
    """Replace an over-eager placeholder (``[NAME 2]`` where the officer wrote a shop's name) with
    neutral words of the facilitator's own. The words are plain text, shown escaped like any other."""
    cleaned = " ".join(str(words or "").split())
    if not 1 <= len(cleaned) <= MAX_WORDS:
        raise InputError(f"the words to put in place of a placeholder must be 1 to {MAX_WORDS} characters, "
                         f"not {len(cleaned)}", file=str(pack), expected="a few neutral words, such as 'a shop'")
    folded = unicodedata.normalize("NFKC", cleaned)  # full-width brackets read as brackets
    if "[" in folded or "]" in folded or any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise InputError("the words to put in place of a placeholder cannot contain square brackets or control "
                         "characters (brackets mark what was removed)", file=str(pack),
                         expected="plain words, such as 'a shop'")
    if detect(cleaned):  # the redactor's own reading: neutral words must not put back what it took out
        raise InputError(f"'{cleaned}' looks like it could identify someone (a name, a place or a number)",
                         file=str(pack), expected="neutral words that name no one, such as 'a shop' or 'a man'")
    conn = _open(pack)
    try:
        with immediate(conn):
            row = _draft_text(conn, pack, text_id)
            text, spans = row["text"], sorted(json.loads(row["spans"] or "[]"), key=lambda s: s["start"])
            if not isinstance(span_index, int) or not 0 <= span_index < len(spans):
                raise InputError(f"text {text_id} has no placeholder number {span_index}", file=str(pack),
                                 expected=f"a number from 0 to {len(spans) - 1}" if spans else "a text with placeholders")
            span = spans.pop(span_index)
            placeholder = text[span["start"]:span["end"]]
            text, spans = _splice(text, spans, [(span["start"], span["end"], cleaned, None)])
            withdrawn = _save_text(conn, row, text, spans)
            audit(conn, "facilitator", "redaction_replaced", row["case_id"], text_id=text_id, placeholder=placeholder,
                  approval_withdrawn=withdrawn)
        return {"text_id": text_id, "case_id": row["case_id"], "text": text, "spans": spans, "placeholder": placeholder,
                "approval_withdrawn": withdrawn, "folded": fold_in(conn)}
    finally:
        conn.close()


def edit_field(pack: str | Path, case_id: int, field: str, value) -> dict:
    """Change a displayed field of a case (a list for the use-of-force list fields; None for blank)."""
    conn = _open(pack)
    try:
        with immediate(conn):
            _refuse_unless_draft(conn, pack)
            _case(conn, pack, case_id)
            columns = {r["name"]: (r["type"] or "").upper() for r in conn.execute("PRAGMA table_info(cases)")}
            editable = sorted(c for c in columns if c not in NOT_EDITABLE)
            if field not in editable:
                raise InputError(f"'{field}' is not a field of a case that can be edited", file=str(pack),
                                 expected="one of: " + ", ".join(editable))
            stored = _field_value(pack, field, columns[field], value)
            conn.execute(f"UPDATE cases SET [{field}] = ? WHERE case_id = ?", (stored, case_id))
            withdrawn = _withdraw_approval(conn, case_id)
            audit(conn, "facilitator", "case_field_edited", case_id, field=field, approval_withdrawn=withdrawn)
        return {"case_id": case_id, "field": field, "value": stored, "approval_withdrawn": withdrawn,
                "folded": fold_in(conn)}
    finally:
        conn.close()


# --- the same, by case number: what the command line takes -----------------------------------------

def case_placeholders(pack: str | Path, case_id: int | None = None) -> list[dict]:
    """Each placeholder of a draft case (or of every case), numbered from 1 through the case's texts in
    order, as `pack show --cases` prints them and replace_case_redaction takes them: case_id, number,
    text_id, span_index (for replace_redaction), officer_label and placeholder ("[NAME 1]")."""
    conn = open_pack(pack)  # read only: pack show calls this
    try:
        if case_id is not None:
            _refuse_unless_draft(conn, pack)
            _case(conn, pack, case_id)
        return _placeholders(conn, case_id)
    finally:
        conn.close()


def redact_case_words(pack: str | Path, case_id: int, words: str, type: str = "OTHER") -> dict:
    """Redact `words` as whole words, whatever their capitals ("Jo Bloggs", "JO BLOGGS", "jo bloggs"),
    in every text of a case (each officer's account), with one placeholder for the case: the next number
    free in all its texts, so "[NAME 3]" is one person in every account. All texts change in one step,
    or none; refused, changing nothing, when no text of the case holds them outside a placeholder.
    The words are kept nowhere, not even as a hash (a name is too easy to guess from one).

    Returns case_id, placeholder, mentions (in all texts), approval_withdrawn, folded (whether the old
    words have left the pack file yet: see the module's docstring), and texts: each changed text's
    text_id, officer_label, text, spans, placeholder and mentions."""
    conn = _open(pack)
    try:
        with immediate(conn):
            _refuse_unless_draft(conn, pack)
            _case(conn, pack, case_id)
            done = _redact_in_case(conn, pack, case_id, words, type)
        return {**done, "folded": fold_in(conn)}
    finally:
        conn.close()


def _redact_in_case(conn, pack, case_id: int, words: str, type: str, selected: tuple[int, int, int] | None = None) -> dict:
    """The rule of redact_case_words, inside the caller's transaction. `selected`: (text_id, start, end)
    of words selected in one text (redact_more), taken there as selected."""
    kind = _kind(pack, type)
    wanted = " ".join(str(words or "").split())
    rows = conn.execute("SELECT text_id, case_id, officer_label, text, spans FROM texts WHERE case_id = ? "
                        "AND text IS NOT NULL ORDER BY text_id", (case_id,)).fetchall()
    found = []
    for row in rows:
        spans = json.loads(row["spans"] or "[]")
        if selected and row["text_id"] == selected[0]:
            found.append((row, spans, selected[1], selected[2]))
        elif (start := find_words(row["text"], spans, wanted)) is not None:
            found.append((row, spans, start, start + len(wanted)))
    if not found:
        raise InputError(f"'{wanted}' is not in the texts of case {case_id}" if wanted else
                         "no words were given to redact", file=str(pack),
                         expected="words as they appear in the case's text (panel-tool pack show PACK --cases), "
                                  "whole words outside its placeholders",
                         in_app="type whole words as they appear in the case (capitals do not matter), then try again")
    label = kind.replace("_", " ")
    number = 1 + max((int(m.group(1)) for row in rows
                      for m in re.finditer(rf"\[{re.escape(label)} (\d+)\]", row["text"])), default=0)
    texts, withdrawn = [], False
    for row, spans, start, end in found:
        text, spans, placeholder, mentions = mark_more(pack, row["text"], spans, start, end, kind, number=number)
        withdrawn = _save_text(conn, row, text, spans) or withdrawn
        audit(conn, "facilitator", "text_redacted", case_id, text_id=row["text_id"], placeholder=placeholder,
              mentions=mentions, approval_withdrawn=withdrawn)
        texts.append({"text_id": row["text_id"], "case_id": case_id, "text": text, "spans": spans,
                      "placeholder": placeholder, "mentions": mentions, "officer_label": row["officer_label"]})
    return {"case_id": case_id, "placeholder": f"[{label} {number}]", "texts": texts,
            "mentions": sum(t["mentions"] for t in texts), "approval_withdrawn": withdrawn}


def replace_case_redaction(pack: str | Path, case_id: int, number: int, words: str) -> dict:
    """Put neutral words in place of placeholder `number` of a case, counted as case_placeholders
    counts them (from 1), through replace_redaction."""
    found = case_placeholders(pack, case_id)
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(found):
        raise InputError(f"case {case_id} has no placeholder number {number}", file=str(pack),
                         expected=("1, its only placeholder" if len(found) == 1 else f"a number from 1 to {len(found)}")
                         + ", as panel-tool pack show PACK --cases numbers them" if found else "a case with placeholders")
    chosen = found[number - 1]
    return {**replace_redaction(pack, chosen["text_id"], chosen["span_index"], words), "number": number}


def approve_case(pack: str | Path, case_id: int, approved: bool = True) -> list[int]:
    """Mark one case as read and safe to show the panel (approved=False takes that back)."""
    return approve_cases(pack, [case_id], approved)


def approve_cases(pack: str | Path, case_ids: list[int] | None = None, approved: bool = True) -> list[int]:
    """Approve the given cases, or with None every case not excluded; in one step, all or none."""
    return _mark(pack, case_ids, "approved_at", approved, "case_approved" if approved else "case_approval_withdrawn")


def exclude_case(pack: str | Path, case_id: int, excluded: bool = True) -> list[int]:
    """Leave a case out of the panel's review: its content is deleted at release (excluded=False restores it)."""
    return exclude_cases(pack, [case_id], excluded)


def exclude_cases(pack: str | Path, case_ids: list[int], excluded: bool = True) -> list[int]:
    return _mark(pack, case_ids, "excluded_at", excluded, "case_excluded" if excluded else "case_included")


# --- the pieces ----------------------------------------------------------------------------------

def _open(pack):
    conn = open_pack(pack, SESSION)
    conn.execute("PRAGMA secure_delete=ON")  # what an edit replaces is overwritten, not left in free pages
    return conn


def _kind(pack, type: str) -> str:
    """The kind of detail a placeholder names ("place" -> "PLACE", "officer number" -> "OFFICER_NUMBER")."""
    kind = str(type or "").strip().upper().replace(" ", "_")
    if not _TYPE.fullmatch(kind):
        raise InputError(f"'{type}' is not a kind of detail this can mark", file=str(pack),
                         expected="a word in capital letters, such as NAME, PLACE or OTHER")
    return kind


def _refuse_unless_draft(conn, pack) -> None:
    status = read_manifest(conn).get("status")
    if status != "draft":
        raise InputError(f"this pack is {status}: {FROZEN}", file=str(pack),
                         expected="a draft pack (build a new pack if these cases must change)")


def _case(conn, pack, case_id) -> None:
    if not isinstance(case_id, int) or isinstance(case_id, bool) or \
            conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
        last = conn.execute("SELECT max(case_id) FROM cases").fetchone()[0]
        raise InputError(f"there is no case {case_id} in this pack", file=str(pack),
                         expected=f"a case number from 1 to {last}" if last else "a pack with cases")


def _placeholders(conn, case_id: int | None) -> list[dict]:
    rows = conn.execute("SELECT text_id, case_id, officer_label, text, spans FROM texts WHERE text IS NOT NULL"
                        + (" AND case_id = ?" if case_id is not None else "") + " ORDER BY case_id, text_id",
                        () if case_id is None else (case_id,))
    found, numbers = [], {}
    for row in rows:
        for index, span in enumerate(sorted(json.loads(row["spans"] or "[]"), key=lambda s: s["start"])):
            numbers[row["case_id"]] = numbers.get(row["case_id"], 0) + 1
            found.append({"case_id": row["case_id"], "number": numbers[row["case_id"]], "text_id": row["text_id"],
                          "span_index": index, "officer_label": row["officer_label"],
                          "placeholder": row["text"][span["start"]:span["end"]]})
    return found


def find_words(text: str, spans: list[dict], wanted: str) -> int | None:
    """Where `wanted` first appears in `text` as whole words, in any capitals, outside every
    placeholder; or None ("mith" is not in "Smith", nor "ale" in "male")."""
    if not wanted:
        return None
    covered = [(s["start"], s["end"]) for s in spans] + [m.span() for m in _PLACEHOLDER.finditer(text)]
    for m in re.finditer(_whole_words(wanted), text, re.IGNORECASE):
        if not any(m.start() < e and s < m.end() for s, e in covered):
            return m.start()
    return None


def _whole_words(words: str) -> str:
    """A pattern for `words` as whole words: not inside a longer word at either end."""
    return (r"(?<!\w)" if words[0].isalnum() else "") + re.escape(words) + (r"(?!\w)" if words[-1].isalnum() else "")


def _draft_text(conn, pack, text_id):
    _refuse_unless_draft(conn, pack)
    row = None
    if isinstance(text_id, int) and not isinstance(text_id, bool):
        row = conn.execute("SELECT text_id, case_id, text, spans FROM texts WHERE text_id = ?", (text_id,)).fetchone()
    if row is None or row["text"] is None:
        raise InputError(f"there is no text {text_id} in this pack", file=str(pack),
                         expected="a text_id listed by draft_cases")
    return row


def _selection(pack, text: str, spans: list[dict], start, end) -> tuple[int, int]:
    """The range to redact, without the spaces around it; refused when empty, outside the text,
    or overlapping a placeholder."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not 0 <= start < end <= len(text):
        raise InputError(f"characters {start} to {end} are not a range in this text", file=str(pack),
                         expected=f"0 <= start < end <= {len(text)}")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InputError("there is nothing but spaces there to redact", file=str(pack), expected="a word or more")
    covered = [(s["start"], s["end"]) for s in spans] + [m.span() for m in _PLACEHOLDER.finditer(text)]
    for s, e in covered:
        if start < e and s < end:
            raise InputError(f"this overlaps {text[s:e]}, which is already redacted", file=str(pack),
                             expected="a range outside the placeholders")
    return start, end


def _splice(text: str, spans: list[dict], changes: list[tuple[int, int, str, str | None]]) -> tuple[str, list[dict]]:
    """Apply non-overlapping (start, end, new text, span type or None) changes; spans after each
    change move by its change in length, and each change with a type becomes a span."""
    pieces, moved, at, shift = [], [], 0, 0
    kept = sorted(spans, key=lambda s: s["start"])
    added = []
    for start, end, new, kind in sorted(changes):
        pieces += [text[at:start], new]
        at = end
        if kind:
            added.append({"type": kind, "start": start + shift, "end": start + shift + len(new)})
        shift += len(new) - (end - start)
        moved.append((end, shift))
    pieces.append(text[at:])

    def offset(position: int) -> int:
        return next((s for e, s in reversed(moved) if e <= position), 0)

    result = [{**s, "start": s["start"] + offset(s["start"]), "end": s["end"] + offset(s["start"])} for s in kept]
    return "".join(pieces), sorted(result + added, key=lambda s: s["start"])


def _save_text(conn, row, text: str, spans: list[dict]) -> bool:
    conn.execute("UPDATE texts SET text = ?, spans = ? WHERE text_id = ?", (text, json.dumps(spans), row["text_id"]))
    return _withdraw_approval(conn, row["case_id"])


def _withdraw_approval(conn, case_id: int) -> bool:
    """An edited case must be read again before release."""
    return conn.execute("UPDATE case_review SET approved_at = NULL WHERE case_id = ? AND approved_at IS NOT NULL",
                        (case_id,)).rowcount > 0


def _field_value(pack, field: str, column_type: str, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column_type == "INTEGER":  # yes/no flags, and the number of officers
        yes_no = field in BOOLEAN_FIELDS
        if isinstance(value, str):
            value = {"yes": 1, "true": 1, "no": 0, "false": 0}.get(value.strip().lower(), value.strip())
            # ASCII digits, few of them: "²" passes isdigit and int() refuses it; SQLite's integers end
            value = int(value) if isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value) else value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= (1 if yes_no else 999_999):
            return int(value)
        raise InputError(f"'{value}' is not a value for {field}", file=str(pack),
                         expected="yes or no" if yes_no else "a whole number")
    if field in LIST_FIELDS and isinstance(value, str):
        # typed into one box (the apps' "New value"): items separated by commas, never letter by letter
        value = [item for item in value.split(",") if item.strip()]
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, str) and any(unicodedata.category(ch).startswith("C") for ch in item):
            # control, direction and invisible characters: terminal escapes, a right-to-left override
            # that reorders what members read, a zero-width space before a spreadsheet formula
            raise InputError(f"a value for {field} cannot hold control or invisible characters", file=str(pack),
                             expected="plain text")
    if isinstance(value, (list, tuple)):
        items = [" ".join(str(v).split()) for v in value]
        if any(not item or len(item) > MAX_FIELD for item in items):
            raise InputError(f"each item of {field} must be 1 to {MAX_FIELD} characters", file=str(pack),
                             expected="a list of short texts")
        return json.dumps(items, ensure_ascii=False)
    if not isinstance(value, str):
        raise InputError(f"{field} takes text, not {value!r}", file=str(pack), expected="text")
    cleaned = " ".join(value.split())
    if len(cleaned) > MAX_FIELD:
        raise InputError(f"{field} can be at most {MAX_FIELD} characters, not {len(cleaned)}", file=str(pack),
                         expected="a shorter value")
    return cleaned


def _mark(pack, case_ids: list[int] | None, column: str, on: bool, event: str) -> list[int]:
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            _refuse_unless_draft(conn, pack)
            if case_ids is None:
                case_ids = [r[0] for r in conn.execute(
                    "SELECT case_id FROM cases WHERE case_id NOT IN "
                    "(SELECT case_id FROM case_review WHERE excluded_at IS NOT NULL) ORDER BY case_id")]
            for case_id in case_ids:
                _case(conn, pack, case_id)
            at = now_iso() if on else None
            for case_id in dict.fromkeys(case_ids):
                conn.execute(f"INSERT INTO case_review (case_id, {column}) VALUES (?, ?) "
                             f"ON CONFLICT (case_id) DO UPDATE SET {column} = excluded.{column}", (case_id, at))
                audit(conn, "facilitator", event, case_id)
        return list(dict.fromkeys(case_ids))
    finally:
        conn.close()

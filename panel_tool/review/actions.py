"""The panel's actions for the force: agreed at a meeting, followed up until done or dropped.

An action keeps every change in its `history` (JSON: a list of {at, status, note, by}), so when it
is carried into the next session's pack (`pack build --carry-from`) the panel sees how it got where
it is. Each write is one BEGIN IMMEDIATE transaction with its audit event; the audit says which
action and which fields changed, never the words.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, open_pack
from panel_tool.review.store import audit, immediate, now_iso

STATUSES = ("open", "in progress", "done", "dropped")
TEXT_LIMIT = 2000
OWNER_LIMIT = 200
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_date(value, *, what: str, file: str, row: int | None = None, column: str | None = None,
              not_future: bool = False) -> str:
    """A date written YYYY-MM-DD (as ISO 8601 and spreadsheets' "yyyy-mm-dd" write it), checked to exist."""
    text = str(value).strip()
    expected = "a date such as 2025-06-30 (year, month, day)"
    if not _DATE.fullmatch(text):
        raise InputError(f"the {what} '{text}' is not written as YYYY-MM-DD" if text else f"the {what} is blank",
                         file=file, row=row, column=column, expected=expected)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(f"the {what} '{text}' is not a day of the calendar", file=file, row=row, column=column,
                         expected=expected) from None
    if not_future and day > date.today():
        raise InputError(f"the {what} {text} is in the future", file=file, row=row, column=column,
                         expected=f"a date on or before today ({date.today().isoformat()})")
    return text


def _words(value, *, what: str, limit: int, file: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise InputError(f"{what} is blank", file=file, expected=f"{what} in words")
    if len(text) > limit:
        raise InputError(f"{what} is {len(text):,} characters long", file=file,
                         expected=f"at most {limit:,} characters")
    return text


def _case_id(conn, pack: str, case_id) -> int:
    text = str(case_id).strip()
    if not text.isdigit() or not conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (int(text),)).fetchone():
        last = conn.execute("SELECT max(case_id) FROM cases").fetchone()[0] or 0
        raise InputError(f"there is no case {text} in this pack", file=pack,
                         expected=f"a case number from 1 to {last}" if last else "a pack with cases")
    return int(text)


def _action(conn, pack: str, action_id) -> sqlite3.Row:
    text = str(action_id).strip()
    row = conn.execute("SELECT * FROM actions WHERE action_id = ?", (int(text),)).fetchone() if text.isdigit() else None
    if row is None:
        numbers = [str(r[0]) for r in conn.execute("SELECT action_id FROM actions ORDER BY action_id")]
        raise InputError(f"there is no action {text} in this pack", file=pack,
                         expected=f"one of the action numbers {', '.join(numbers)}" if numbers
                         else f"add one first with: panel-tool action add {pack} \"TEXT\"")
    return row


def _status(value, pack: str) -> str:
    status = " ".join(str(value).lower().replace("-", " ").replace("_", " ").split())
    if status not in STATUSES:
        raise InputError(f"'{value}' is not a status an action can have", file=pack,
                         expected=", ".join(f"'{s}'" for s in STATUSES))
    return status


def _as_dict(row: sqlite3.Row, responses: list[dict] | None = None) -> dict:
    action = dict(row)
    action["history"] = json.loads(action["history"] or "[]")
    if responses is not None:
        action["responses"] = responses
    return action


def add_action(pack: str | Path, text: str, *, owner: str | None = None, due_date: str | None = None,
               case_id: int | str | None = None, by: str = "facilitator") -> dict:
    """A new open action, optionally with who at the force owns it, when it is due and the case it arose from."""
    where = str(pack)
    text = _words(text, what="the action", limit=TEXT_LIMIT, file=where)
    owner = _words(owner, what="the owner", limit=OWNER_LIMIT, file=where) if owner and owner.strip() else None
    due = read_date(due_date, what="due date", file=where) if due_date and str(due_date).strip() else None
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            case = _case_id(conn, where, case_id) if case_id is not None and str(case_id).strip() else None
            at = now_iso()
            history = [{"at": at, "status": "open", "note": "added", "by": by}]
            cur = conn.execute("INSERT INTO actions (text, owner, due_date, status, case_id, created_at, history) "
                               "VALUES (?, ?, ?, 'open', ?, ?, ?)",
                               (text, owner, due, case, at, json.dumps(history, ensure_ascii=False)))
            audit(conn, by, "action_added", case_id=case, action_id=cur.lastrowid)
            return _as_dict(_action(conn, where, cur.lastrowid))
    finally:
        conn.close()


def update_action(pack: str | Path, action_id: int | str, *, status: str | None = None, owner: str | None = None,
                  due_date: str | None = None, note: str | None = None, by: str = "facilitator") -> dict:
    """Change an action's status, owner or due date, or add a note; each change goes into its history.

    An empty owner or due date ("") removes it.
    """
    where = str(pack)
    if status is None and owner is None and due_date is None and not (note and note.strip()):
        raise InputError("nothing to change was given", file=where,
                         expected="a new status, owner or due date, or a note")
    new_status = _status(status, where) if status is not None else None
    note = _words(note, what="the note", limit=TEXT_LIMIT, file=where) if note and note.strip() else None
    new_owner = (_words(owner, what="the owner", limit=OWNER_LIMIT, file=where) if owner.strip() else None) \
        if owner is not None else None
    new_due = (read_date(due_date, what="due date", file=where) if str(due_date).strip() else None) \
        if due_date is not None else None
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            row = _action(conn, where, action_id)
            changes, said = {}, [note] if note else []
            if new_status is not None and new_status != row["status"]:
                changes["status"] = new_status
            if owner is not None and new_owner != row["owner"]:
                changes["owner"] = new_owner
                said.append(f"owner: {new_owner}" if new_owner else "owner removed")
            if due_date is not None and new_due != row["due_date"]:
                changes["due_date"] = new_due
                said.append(f"due date: {new_due}" if new_due else "due date removed")
            if not changes and not note:
                raise InputError(f"action {row['action_id']} is already like that ({row['status']})", file=where,
                                 expected="a status, owner or due date different from the current one, or a note")
            history = json.loads(row["history"] or "[]")
            history.append({"at": now_iso(), "status": changes.get("status", row["status"]),
                            "note": "; ".join(said) or None, "by": by})
            changes["history"] = json.dumps(history, ensure_ascii=False)
            conn.execute(f"UPDATE actions SET {', '.join(f'{k} = ?' for k in changes)} WHERE action_id = ?",
                         (*changes.values(), row["action_id"]))
            audit(conn, by, "action_updated", case_id=row["case_id"], action_id=row["action_id"],
                  changed=[k for k in changes if k != "history"] + (["note"] if note else []))
            return _as_dict(_action(conn, where, row["action_id"]))
    finally:
        conn.close()


def list_actions(pack: str | Path) -> list[dict]:
    """Every action in number order, each with its history and the force's replies to it (oldest first)."""
    conn = open_pack(pack, SESSION)
    try:
        replies: dict[int, list[dict]] = {}
        for r in conn.execute("SELECT * FROM responses WHERE target = 'action' ORDER BY responded_on, response_id"):
            replies.setdefault(r["target_id"], []).append(dict(r))
        return [_as_dict(row, replies.get(row["action_id"], []))
                for row in conn.execute("SELECT * FROM actions ORDER BY action_id")]
    finally:
        conn.close()

"""What a session put on record, read back in one go for the force's report and the exports.

The pack is opened read-only (packs.packfile.open_pack), so a report can be made while serve still
has the pack open: WAL lets a reader see the last committed answers without blocking anyone. Rows
come back as plain dicts, in a fixed order; members by number only, never their names or codes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.forms import read_form
from panel_tool.packs.packfile import A_PACK, open_pack, read_manifest


@dataclass
class SessionRecord:
    manifest: dict
    form: dict
    cases: list[dict]  # every column members saw and case_ref, by case_id
    texts: list[dict]  # case_id, officer_label, field, text, by text_id
    officer_refs: list[dict]  # case_id, officer_ref: each officer's pseudonym once per case
    members: list[dict]  # member_id, removed_at, finished_at, in the order they were added
    answers: list[dict]  # member_id, case_id, question_id, value, saved_at: every answer not left blank
    seconds_on_cases: list[dict]  # member_id, seconds: time spent with a case open, where there was any
    outcomes: list[dict]  # the agreed outcomes, by case_id
    actions: list[dict]  # by action_id
    responses: list[dict]  # the force's replies, by response_id
    word_checks: list[dict] = field(default_factory=list)  # the facilitator's check of members' words (review/words.py)


def read_record(pack: str | Path) -> SessionRecord:
    """Everything a report or an export reads from one pack, or one plain error naming the file."""
    with open_pack(pack) as conn:
        try:
            return SessionRecord(
                manifest=read_manifest(conn), form=read_form(conn),
                cases=_rows(conn, "SELECT * FROM cases ORDER BY case_id"),
                texts=_rows(conn, "SELECT case_id, officer_label, field, text FROM texts ORDER BY text_id"),
                officer_refs=_rows(conn, "SELECT DISTINCT case_id, officer_ref FROM case_officers "
                                         "WHERE officer_ref IS NOT NULL ORDER BY case_id, officer_ref"),
                members=_rows(conn, "SELECT member_id, removed_at, finished_at FROM members ORDER BY member_id"),
                answers=_rows(conn, "SELECT member_id, case_id, question_id, value, saved_at FROM answers "
                                    "WHERE coalesce(trim(value), '') != '' ORDER BY case_id, member_id, question_id"),
                seconds_on_cases=_rows(conn, "SELECT member_id, seconds FROM case_time WHERE seconds > 0"),
                outcomes=_rows(conn, "SELECT * FROM agreed_outcomes ORDER BY case_id"),
                actions=_rows(conn, "SELECT * FROM actions ORDER BY action_id"),
                responses=_rows(conn, "SELECT * FROM responses ORDER BY response_id"),
                word_checks=_rows(conn, "SELECT * FROM word_checks ORDER BY word_id"))
        except sqlite3.DatabaseError as exc:
            raise InputError(f"this pack cannot be read ({exc})", file=str(pack), expected=A_PACK) from None


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict]:
    return [dict(r) for r in conn.execute(sql)]

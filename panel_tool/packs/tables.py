"""Opening a pack file, and its session tables: members, answers and the panel's work, documented
in schemas/pack.tables.json.

Kept apart from store.py, on the standard library alone, because every member's kernel needs them
and sqlite-utils (which store.py uses) imports pandas: 45 MiB and half a second per kernel.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from panel_tool.errors import InputError

A_PACK = "a .pack.db file made by panel-tool pack build"


def open_pack_file(path: str | Path, *, read_only: bool = False, needs: tuple[str, ...] = ("manifest", "cases"),
                   **connect_args) -> sqlite3.Connection:
    """A connection to an existing pack, or one plain error naming the file: missing, a folder, not
    SQLite, or without the tables `needs`."""
    path = Path(path)
    if not path.is_file():
        raise InputError("this is a folder, not a pack" if path.is_dir() else "there is no pack here", file=str(path),
                         expected="the path of a .pack.db file")
    try:
        if read_only:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, **connect_args)
        else:
            conn = sqlite3.connect(path, **connect_args)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        raise InputError("this is not a review pack (not an SQLite file)", file=str(path), expected=A_PACK) from None
    missing = [table for table in needs if table not in names]
    if missing:
        conn.close()
        what = "manifest" if "manifest" in missing else f"{missing[0]} table"
        raise InputError(f"this is not a review pack (it has no {what})", file=str(path), expected=A_PACK)
    return conn


SESSION_TABLES = """
CREATE TABLE IF NOT EXISTS members (
    member_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    code_tag TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    added_at TEXT NOT NULL,
    removed_at TEXT,
    finished_at TEXT,
    last_case_id INTEGER
);
CREATE TABLE IF NOT EXISTS agreements (
    member_id INTEGER NOT NULL,
    text_sha256 TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    PRIMARY KEY (member_id, text_sha256)
);
CREATE TABLE IF NOT EXISTS answers (
    member_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    value TEXT,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (member_id, case_id, question_id)
);
CREATE TABLE IF NOT EXISTS case_time (
    member_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    seconds REAL NOT NULL DEFAULT 0,
    first_opened_at TEXT NOT NULL,
    PRIMARY KEY (member_id, case_id)
);
CREATE TABLE IF NOT EXISTS sign_in_throttle (
    scope TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    wait_until REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS roles (
    role TEXT PRIMARY KEY,
    passphrase_hash TEXT NOT NULL,
    set_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_review (
    case_id INTEGER PRIMARY KEY,
    approved_at TEXT,
    excluded_at TEXT
);
CREATE TABLE IF NOT EXISTS assignments (
    member_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (member_id, case_id)
);
CREATE TABLE IF NOT EXISTS agreed_outcomes (
    case_id INTEGER PRIMARY KEY,
    rating TEXT,
    feedback_for_officer TEXT,
    learning_for_force TEXT,
    refer_onwards INTEGER NOT NULL DEFAULT 0,
    themes TEXT NOT NULL DEFAULT '[]',
    agreed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actions (
    action_id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    owner TEXT,
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    case_id INTEGER,
    created_at TEXT NOT NULL,
    carried_from TEXT,
    history TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS responses (
    response_id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    response TEXT NOT NULL,
    responded_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    event_id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    case_id INTEGER,
    detail TEXT
);
"""

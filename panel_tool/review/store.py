"""The session tables of a pack, and the one way kernels write to it.

The tables are created, and WAL switched on, once, by the command line (members add, pack release,
serve) before any kernel opens the pack: several kernels creating tables on first use, or reading
then writing, meet "database is locked" despite a busy timeout (DESIGN.md section 6). Every write
is one short BEGIN IMMEDIATE transaction.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from panel_tool.errors import InputError

BUSY_TIMEOUT_S = 10

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


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection to an existing pack, in autocommit mode so that transactions are explicit."""
    path = Path(path)
    if not path.is_file():
        raise InputError("there is no pack here", file=str(path), expected="the path of a .pack.db file")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        raise InputError("this is not a review pack (not an SQLite file)", file=str(path),
                         expected="a .pack.db file made by panel-tool pack build") from None
    if not {"manifest", "cases"} <= names:
        conn.close()
        raise InputError("this is not a review pack (it has no manifest)", file=str(path),
                         expected="a .pack.db file made by panel-tool pack build")
    # FULL: an answer the member saw as saved survives a power cut, not only a crashed server.
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def prepare(path: str | Path) -> sqlite3.Connection:
    """Create the session tables and switch WAL on: done by the command line, never by a kernel."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SESSION_TABLES)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise InputError(f"the pack cannot be changed ({exc})", file=str(path),
                         expected="a pack file you can write to") from None
    return conn


@contextmanager
def immediate(conn: sqlite3.Connection):
    """One short write transaction that takes the write lock at once, so it never fails half-way."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def read_manifest(conn: sqlite3.Connection) -> dict:
    return {row["key"]: json.loads(row["value"]) for row in conn.execute("SELECT key, value FROM manifest")}


def set_manifest(conn: sqlite3.Connection, **values) -> None:
    conn.executemany("INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)",
                     [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()])


def audit(conn: sqlite3.Connection, actor: str, event: str, case_id: int | None = None, **detail) -> None:
    conn.execute("INSERT INTO audit (at, actor, event, case_id, detail) VALUES (?, ?, ?, ?, ?)",
                 (now_iso(), actor, event, case_id, json.dumps(detail, ensure_ascii=False) if detail else None))

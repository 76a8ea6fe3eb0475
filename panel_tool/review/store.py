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
from panel_tool.packs.tables import SESSION_TABLES, open_pack_file

BUSY_TIMEOUT_S = 10



def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection to an existing pack, in autocommit mode so that transactions are explicit."""
    conn = open_pack_file(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
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


def manifest_value(conn: sqlite3.Connection, key: str, default=None):
    """One manifest value: what the per-save checks need, without decoding the whole manifest."""
    row = conn.execute("SELECT value FROM manifest WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_manifest(conn: sqlite3.Connection, **values) -> None:
    conn.executemany("INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)",
                     [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()])


def audit(conn: sqlite3.Connection, actor: str, event: str, case_id: int | None = None, **detail) -> None:
    conn.execute("INSERT INTO audit (at, actor, event, case_id, detail) VALUES (?, ?, ?, ?, ?)",
                 (now_iso(), actor, event, case_id, json.dumps(detail, ensure_ascii=False) if detail else None))

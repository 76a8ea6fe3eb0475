"""How a session writes to its pack: each change one short BEGIN IMMEDIATE transaction, with its audit event.

Packs are opened with packs.packfile.open_pack(pack, SESSION). Their tables exist from pack build
on, and WAL is switched on by the command line or serve before any kernel opens the pack: several
kernels creating tables on first use, or reading then writing, meet "database is locked" despite a
busy timeout (DESIGN.md section 6).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone

from panel_tool.errors import InputError

#: Said after a change that took words out (a redaction, a replacement, an edit) when another program's
#: read held up the fold (packs.packfile.fold_in): the change stands and every reader sees it, but the
#: old words are still in the pack file's bytes, and so in any copy of it, until the next fold.
WORDS_STILL_IN_FILE = ("The change is made, and everyone using the pack sees it. But another program (an app or a "
                       "command) was in the middle of reading the pack, so the old words are still in the pack file "
                       "itself: do not copy the file yet. They leave it when that program closes the pack, or at "
                       "your next change, at release or when serve stops, once it has finished reading.")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@contextmanager
def immediate(conn: sqlite3.Connection):
    """One short write transaction that takes the write lock at once, so it never fails half-way. A
    pack another program held for longer than the busy timeout is a plain sentence, nothing changed."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        path = conn.execute("PRAGMA database_list").fetchone()[2]
        raise InputError("the pack is busy: another program (an app or a command) is changing it, and nothing was "
                         "changed", file=path, expected="try again when it has finished") from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def audit(conn: sqlite3.Connection, actor: str, event: str, case_id: int | None = None, **detail) -> None:
    conn.execute("INSERT INTO audit (at, actor, event, case_id, detail) VALUES (?, ?, ?, ?, ?)",
                 (now_iso(), actor, event, case_id, json.dumps(detail, ensure_ascii=False) if detail else None))

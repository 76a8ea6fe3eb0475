"""Opening a pack file: the one way in, for reading, for a session or for building; its format version.

    with open_pack("march.pack.db") as conn:             # read-only: report, export, show, lookup
        manifest = read_manifest(conn)
    with open_pack("march.pack.db", SESSION) as conn:    # members, release, serve, the apps
        ...

The connection closes when the `with` block ends; one held longer (a member's session) is closed
with `conn.close()`. Every table is declared in tables.py and exists in every pack of this format.

Each pack records the format it was written in (manifest `format_version`). A pack of an earlier
format is brought up to this one by migrations.py: in place, inside one write transaction, when it
is opened for a session (so the change is made once, by the command line or serve, before any
member's kernel sees the pack); in a private copy in memory when it is only read, so reading never
changes a file (a report on last year's pack leaves it as it was). A pack of a newer format than
this tool knows is refused in plain words, never half-read.

A session's pack is in WAL mode: a change goes to the -wal file beside it, and the page it replaced,
old words and all, stays in the pack file until a checkpoint writes the log in. So every change that
takes words out (a redaction, release, purge) calls fold_in, which does that at once and says
whether it could.

Standard library only: every member's kernel opens packs through here (sqlite-utils would bring
pandas, 45 MiB and half a second per kernel).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from panel_tool import __version__
from panel_tool.errors import InputError
from panel_tool.packs.tables import KINDS, TABLES

FORMAT = "panel-tool review pack"
#: 1: round one (content tables typed by sqlite-utils from the data, release hash plain SHA-256);
#: 2: every table declared in tables.py and present in every pack, release seal keyed (packs/seal.py);
#: 3: the agreements table (each member's acceptance of the panel's confidentiality agreement, review/agreement.py);
#: 4: the word_checks table (the facilitator's check of members' own words before a report, review/words.py).
FORMAT_VERSION = 4
READ, SESSION, BUILD = "read", "session", "build"
BUSY_TIMEOUT_S = 10
A_PACK = "a .pack.db file made by panel-tool pack build"
#: Waits between tries of a fold that another program's read holds up (fold_in): 0.36 s in all, as
#: members' reads are short and a facilitator's click should not hang on a program that is not.
FOLD_WAITS_S = (0.01, 0.03, 0.07, 0.1, 0.15)


class PackConnection(sqlite3.Connection):
    """A connection to a pack that closes when its `with` block ends (sqlite3's own only ends a transaction)."""

    path: Path | None = None  # the pack file, for errors: a copy in memory has no file of its own

    def __exit__(self, *exc):
        try:
            return super().__exit__(*exc)
        finally:
            self.close()


def open_pack(path: str | Path, mode: str = READ, *, kind: str | None = None) -> PackConnection:
    """An open pack, or one plain error naming the file.

    READ: read-only; a pack of an earlier format is read through an up-to-date copy in memory.
    SESSION: for writing (autocommit: transactions are explicit, BEGIN IMMEDIATE); an earlier format
    is migrated in place; WAL is switched on once, by the first opener (the command line or serve).
    BUILD: `path` is a new, empty file (pack build's temporary file): every table is created for a
    pack of `kind`, without a write-ahead log, so the finished file is the whole pack.
    """
    path = Path(path)
    if mode == BUILD:
        conn = _new_pack(path, kind)
        conn.path = path
        return conn
    if mode not in (READ, SESSION):
        raise ValueError(f"no way to open a pack called {mode!r}")
    if not path.is_file():
        raise InputError("this is a folder, not a pack" if path.is_dir() else "there is no pack here", file=str(path),
                         expected="the path of a .pack.db file")
    conn = _connect(path, mode)
    try:
        found = _format_version(conn, path)
        if found < FORMAT_VERSION:
            conn = _brought_up_to_date(conn, path, found, mode)
        if mode == SESSION:
            # FULL: an answer the member saw as saved survives a power cut, not only a crashed server.
            conn.execute("PRAGMA synchronous=FULL")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                _switch_to_wal(conn, path)
    except BaseException:
        conn.close()
        raise
    conn.path = path
    return conn


def table_names(conn: sqlite3.Connection) -> set[str]:
    """The tables a file holds: the one look at sqlite_master (whether it is a pack, what a migration finds)."""
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def read_manifest(conn: sqlite3.Connection) -> dict:
    return {r[0]: json.loads(r[1]) for r in conn.execute("SELECT key, value FROM manifest")}


def manifest_value(conn: sqlite3.Connection, key: str, default=None):
    """One manifest value: what the per-save checks need, without decoding the whole manifest."""
    row = conn.execute("SELECT value FROM manifest WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_manifest(conn: sqlite3.Connection, **values) -> None:
    conn.executemany("INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)",
                     [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()])


def insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict], *, kind: str | None = None) -> None:
    """Write rows (dicts by column name) into a declared table (`kind`: the pack's, for cases). A name the
    table does not declare is a bug to fix in tables.py, never data to drop quietly."""
    if not rows:
        return
    names = list(dict.fromkeys(name for row in rows for name in row))
    declared = set(TABLES[table].column_names(kind))
    unknown = [n for n in names if n not in declared]
    if unknown:
        raise ValueError(f"{table} declares no column {', '.join(unknown)} (packs/tables.py)")
    conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                     [[row.get(n) for n in names] for row in rows])


def fold_in(conn: sqlite3.Connection) -> bool:
    """Write the pack's write-ahead log into the file itself and empty it (a TRUNCATE checkpoint), so
    that what a change replaced (a redacted name, an excluded case) is gone from the file's bytes, not
    only from what readers see: until then the old page, name and all, stays in the file, and a copy
    of the file carries it. True when complete. Call it outside a transaction.

    An open connection that is not reading does not hold a fold up (a served member's kernel keeps
    one); another program in the middle of a read does, as it may still need the old page. Members'
    reads take milliseconds, so a held-up fold is tried again a few times, briefly, and otherwise
    left to the next fold (False)."""
    timeout_ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")  # the waits are FOLD_WAITS_S, not the busy timeout's seconds
    try:
        for wait in (*FOLD_WAITS_S, None):
            busy, log, folded = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy and log == folded:
                return True
            if wait is not None:
                time.sleep(wait)
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")


def fold_write_ahead_log_in(path: str | Path) -> bool:
    """fold_in for a pack this process does not have open (before hashing an earlier pack, when serve
    stops). A file that cannot be written is left as it is (False)."""
    try:
        with sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, factory=PackConnection,
                             timeout=0) as conn:
            return fold_in(conn)
    except sqlite3.DatabaseError:
        return False  # read-only, or not a pack at all: open_pack says which


def _connect(path: Path, mode: str) -> PackConnection:
    args = {"factory": PackConnection, "timeout": BUSY_TIMEOUT_S}
    if mode == READ:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, **args)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, **args)
    conn.row_factory = sqlite3.Row
    return conn


def _format_version(conn: sqlite3.Connection, path: Path) -> int:
    """The pack's format version, after checking the file is a pack; a newer format than this tool's is refused."""
    try:
        names = table_names(conn)
    except sqlite3.DatabaseError:
        raise InputError("this is not a review pack (not an SQLite file)", file=str(path), expected=A_PACK) from None
    for table, what in (("manifest", "manifest"), ("cases", "cases table")):
        if table not in names:
            raise InputError(f"this is not a review pack (it has no {what})", file=str(path), expected=A_PACK)
    made_as = manifest_value(conn, "format", FORMAT)
    version = manifest_value(conn, "format_version", 1)
    if made_as != FORMAT or not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(f"this is not a review pack of a format panel-tool knows (format {made_as!r}, version "
                         f"{version!r})", file=str(path), expected=A_PACK)
    if version > FORMAT_VERSION:
        made_by = manifest_value(conn, "tool_version", "a newer version")
        raise InputError(f"this pack was made by panel-tool {made_by} in pack format {version}, which is newer than "
                         f"this panel-tool ({__version__}) can read: it knows pack formats up to {FORMAT_VERSION}",
                         file=str(path), expected=f"panel-tool {made_by} or later to open it (pip install --upgrade "
                                                  "panel-tool), or a pack made by this version")
    return version


def _brought_up_to_date(conn: PackConnection, path: Path, found: int, mode: str) -> PackConnection:
    """A connection to the pack in this format: the file itself migrated (SESSION), or a copy in memory (READ)."""
    from panel_tool.packs.migrations import migrate

    if mode == READ:
        memory = sqlite3.connect(":memory:", factory=PackConnection)
        memory.row_factory = sqlite3.Row
        try:
            conn.backup(memory)
            migrate(memory, found, file=str(path), in_place=False)
            memory.commit()
        except BaseException:
            memory.close()
            raise
        conn.close()
        return memory
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = _format_version(conn, path)  # another process may have migrated it while this one waited
        if found < FORMAT_VERSION:
            migrate(conn, found, file=str(path), in_place=True)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return conn


def _switch_to_wal(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:
        raise InputError(f"the pack cannot be changed ({exc})", file=str(path),
                         expected="a pack file you can write to") from None


def _new_pack(path: Path, kind: str | None) -> PackConnection:
    if kind not in KINDS:
        raise ValueError(f"a pack is built for one kind of case: {', '.join(KINDS)}, not {kind!r}")
    conn = sqlite3.connect(path, factory=PackConnection, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA secure_delete=ON")  # deleted content is overwritten, not left in free pages
    conn.execute("BEGIN")
    for table in TABLES.values():
        conn.execute(table.create_statement(kind))
    conn.execute("COMMIT")
    return conn

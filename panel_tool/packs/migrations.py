"""Bringing a pack of an earlier format up to this one, a step per format, in one transaction.

Trends read packs made months apart, so a pack made by one release must stay readable by the next.
packfile.open_pack runs these steps: in place when the pack is opened for a session, on a copy in
memory when it is only read. Each step records itself in the manifest (`migrations`: from, to, at,
tool_version), so a pack says what was done to it.

Format 1 -> 2:
- every table is made again from its declaration in tables.py, rows copied across: the content tables'
  column types were guessed by sqlite-utils from the data (a yes/no column whose first case was blank
  became TEXT, holding 1 as '1'); now they are the declared ones, and the copy gives each value the
  declared type. Session tables missing from a pack nobody joined (or one built before a table
  existed) are created, so every table is in every pack;
- the release hash was a plain SHA-256 that anyone editing the file could recompute. A released or
  closed pack opened for a session has it checked once more before the tables change (after that it
  could not be recomputed), and an edited pack is refused; the old hash is kept as
  `unkeyed_content_hash`, and `content_hash` (now the keyed seal, packs/seal.py) is left out: serve
  then refuses the pack until the facilitator seals it with the force's key (panel-tool pack seal).
  Sealing it automatically would let anyone re-seal an edited pack by writing it out as format 1.

Format 2 -> 3:
- the agreements table (sign-in at the door records each member's acceptance of the panel's
  confidentiality agreement) is created, empty: a member of a format-2 pack is asked to agree at
  their next sign-in. Nothing else changes; the seal covers only what members read, so it still holds.

Format 3 -> 4:
- the word_checks table (the facilitator's check of members' own words, review/words.py) is created,
  empty: the words members wrote in a format-3 pack await the facilitator's check before any report
  or export carries them. Nothing else changes, and the seal still holds.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone

from panel_tool import __version__
from panel_tool.errors import InputError
from panel_tool.packs.packfile import FORMAT_VERSION, manifest_value, read_manifest, set_manifest, table_names
from panel_tool.packs.tables import KINDS, TABLES

FORMAT_1_HASHED = ("cases", "case_officers", "texts", "context_stats", "form")


def migrate(conn: sqlite3.Connection, found: int, *, file: str, in_place: bool) -> None:
    """Bring the pack on `conn` from format `found` to FORMAT_VERSION, inside the caller's transaction."""
    for version in range(found, FORMAT_VERSION):
        try:
            STEPS[version](conn, file=file, in_place=in_place)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"this pack, made in pack format {version}, could not be brought up to format "
                             f"{version + 1} ({exc})", file=file,
                             expected="a pack made by panel-tool pack build and changed only by panel-tool") from None
        done = manifest_value(conn, "migrations", [])
        set_manifest(conn, format_version=version + 1, migrations=[*done, {
            "from": version, "to": version + 1, "tool_version": __version__,
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}])


def format_1_to_2(conn: sqlite3.Connection, *, file: str, in_place: bool) -> None:
    manifest = read_manifest(conn)
    kind = manifest.get("kind")
    if kind not in KINDS:
        raise InputError(f"this pack does not say which kind of cases it holds (kind {kind!r})", file=file,
                         expected="a pack made by panel-tool pack build, whose manifest says stop-search or use-of-force")
    unkeyed = manifest.get("content_hash")
    if in_place and unkeyed and manifest.get("status") in ("released", "closed") and format_1_content_hash(conn) != unkeyed:
        raise InputError("the cases in this pack were changed after it was released, so it is not the pack the "
                         "facilitator released", file=file,
                         expected="the released pack file as it was (rebuild and release it again if it must change)")
    existing = table_names(conn)
    for table in TABLES.values():
        if table.name in existing:
            _make_again(conn, table, kind, file)
        else:
            conn.execute(table.create_statement(kind))
    if unkeyed:
        conn.execute("DELETE FROM manifest WHERE key = 'content_hash'")
        set_manifest(conn, unkeyed_content_hash=unkeyed)


def format_2_to_3(conn: sqlite3.Connection, *, file: str, in_place: bool) -> None:
    """Create the declared tables a pack of the format before lacks (agreements for format 2, word_checks for
    format 3), empty; every other table is kept as it is."""
    kind = manifest_value(conn, "kind")
    existing = table_names(conn)
    for table in TABLES.values():
        if table.name not in existing:
            conn.execute(table.create_statement(kind))


def _make_again(conn: sqlite3.Connection, table, kind: str, file: str) -> None:
    """The table as declared, with the rows it held (each value given the declared column's type)."""
    old = f"{table.name}_format_1"
    conn.execute(f'ALTER TABLE "{table.name}" RENAME TO "{old}"')
    conn.execute(table.create_statement(kind))
    held = [r[1] for r in conn.execute(f'PRAGMA table_info("{old}")')]
    declared = table.column_names(kind)
    unknown = [c for c in held if c not in declared]
    if unknown:
        raise InputError(f"this pack's {table.name} table has columns panel-tool does not know ({', '.join(unknown)})",
                         file=file, expected="a pack made by panel-tool pack build and changed only by panel-tool")
    columns = ", ".join(f'"{c}"' for c in declared if c in held)
    conn.execute(f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM "{old}"')
    conn.execute(f'DROP TABLE "{old}"')


def format_1_content_hash(conn: sqlite3.Connection) -> str:
    """The release hash as format 1 worked it out (review/lifecycle.py then): SHA-256 of the content
    tables, row by row in a fixed order. Only for checking a format-1 pack before its tables change."""
    digest = hashlib.sha256()
    tables = table_names(conn)
    for table in FORMAT_1_HASHED:
        if table not in tables:
            continue
        cursor = conn.execute(f"SELECT * FROM [{table}]")
        columns = [d[0] for d in cursor.description]
        order = ", ".join(str(i + 1) for i in range(len(columns)))
        digest.update(json.dumps([table, columns]).encode())
        for row in conn.execute(f"SELECT * FROM [{table}] ORDER BY {order}"):
            digest.update(json.dumps(list(row), ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


#: The step from each earlier format to the next.
STEPS = {1: format_1_to_2, 2: format_2_to_3, 3: format_2_to_3}

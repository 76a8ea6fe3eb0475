"""The pack file: one SQLite file per panel session, written atomically.

A pack is built in a private folder beside its destination (packs/scratch.py) and renamed into
place only when complete, so a failed or killed build never leaves half a pack. It is written
without a WAL and vacuumed, so no stale page or journal holds anything but what the tables say. Tables are documented in
schemas/pack.tables.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from panel_tool.errors import InputError
from panel_tool.packs.scratch import make_build_folder, remove_build_folder
from panel_tool.packs.tables import SESSION_TABLES, open_pack_file

PACK_SUFFIX = ".pack.db"
# Actions still to be followed up, carried into the next pack (review/actions.py lists every status).
OPEN_ACTION_STATUSES = ("open", "in progress")
ACTION_COLUMNS = ("action_id", "text", "owner", "due_date", "status", "case_id", "created_at", "carried_from", "history")
RESPONSE_COLUMNS = ("target", "target_id", "response", "responded_on", "recorded_at", "source")


def check_destination(out: Path, force: bool) -> None:
    """Refuse before any work is done: an existing pack without --force, or a folder we cannot write."""
    if out.exists() and not force:
        raise InputError("a file is already there", file=str(out), expected="another --out path, or --force to replace it")
    if out.exists() and out.is_dir():
        raise InputError("this is a folder", file=str(out), expected="a file path ending in .pack.db")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError("the folder for the pack does not exist", file=str(out), expected="an existing folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError("the pack cannot be written in this folder (permission denied)", file=str(out),
                         expected="a folder you can write to")


def write_pack(out: Path, manifest: dict, cases: list[dict], officers: list[dict], texts: list[dict],
               stats: list[dict], *, form: dict, force: bool = False, actions: list[dict] | None = None) -> None:
    """Write a complete pack, or nothing.

    `actions` (carried from an earlier pack) are written, each with the force's replies to it under
    "responses", into the session tables, which are then created here; with None they are left to
    members add / pack release.
    """
    check_destination(out, force)
    private = make_build_folder(out)
    tmp = private / out.name
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA secure_delete=ON")  # deleted content is overwritten, not left in free pages
        db = sqlite_utils.Database(conn)
        db["manifest"].insert_all(({"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in manifest.items()),
                                  pk="key")
        db["cases"].insert_all(cases, pk="case_id")
        db["case_officers"].insert_all(officers, pk=("case_id", "label"),
                                       columns={"case_id": int, "label": str, "officer_ref": str})
        db["texts"].insert_all(texts, pk="text_id",
                               columns={"text_id": int, "case_id": int, "field": str, "officer_label": str, "text": str, "spans": str})
        db["context_stats"].insert_all(stats, columns={"section": str, "dimension": str, "category": str, "measure": str,
                                                       "value": float, "ci_low": float, "ci_high": float, "display": str,
                                                       "suppressed": int})
        db["form"].insert({"form_id": form["id"], "title": form["title"],
                           "definition": json.dumps(form, ensure_ascii=False)}, pk="form_id")
        conn.commit()
        if actions is not None:
            _write_actions(conn, actions)
        conn.execute("VACUUM")
        conn.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
    except (OSError, sqlite3.OperationalError) as exc:
        raise InputError(f"the pack could not be written ({exc})", file=str(out),
                         expected="a folder with room and permission to write") from None
    finally:
        remove_build_folder(private)  # the unfinished pack and its journal, if the build failed


def _write_actions(conn: sqlite3.Connection, actions: list[dict]) -> None:
    conn.executescript(SESSION_TABLES)
    with conn:
        conn.executemany(f"INSERT INTO actions ({', '.join(ACTION_COLUMNS)}) VALUES "
                         f"({', '.join('?' for _ in ACTION_COLUMNS)})", [[a[c] for c in ACTION_COLUMNS] for a in actions])
        replies = [{**r, "target": "action", "target_id": a["action_id"]} for a in actions for r in a.get("responses", [])]
        conn.executemany(f"INSERT INTO responses ({', '.join(RESPONSE_COLUMNS)}) VALUES "
                         f"({', '.join('?' for _ in RESPONSE_COLUMNS)})", [[r[c] for c in RESPONSE_COLUMNS] for r in replies])
        conn.execute("INSERT INTO audit (at, actor, event, detail) VALUES (?, 'facilitator', 'actions_carried', ?)",
                     (datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                      json.dumps({"actions": len(actions), "responses": len(replies)})))


@dataclass
class EarlierActions:
    """What `pack build --carry-from` takes from the pack of an earlier session."""
    title: str
    file: str
    sha256: str  # of the earlier pack file, after its write-ahead log was written into it
    actions: list[dict]  # its open and in-progress actions, in number order, each with its "responses"
    has_actions_table: bool


def read_open_actions(path: str | Path) -> EarlierActions:
    """The actions of an earlier pack still to be followed up, with the force's replies to them."""
    path = Path(path)
    if not path.is_file():
        raise InputError("there is no pack here", file=str(path), expected="the path of the earlier session's .pack.db file")
    conn = sqlite3.connect(path, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError:
            raise InputError("this is not a review pack (not an SQLite file)", file=str(path),
                             expected="the earlier session's .pack.db file") from None
        if not {"manifest", "cases"} <= names:
            raise InputError("this is not a review pack (it has no manifest)", file=str(path),
                             expected="the earlier session's .pack.db file")
        try:  # so the file alone holds everything, and its hash says which pack it was; never waits
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.OperationalError:
            pass  # a read-only file: its hash is of what is on disk
        manifest = {r["key"]: json.loads(r["value"]) for r in conn.execute("SELECT key, value FROM manifest")}
        actions = []
        if "actions" in names:
            statuses = ", ".join("?" for _ in OPEN_ACTION_STATUSES)
            actions = [dict(r) for r in conn.execute(f"SELECT * FROM actions WHERE status IN ({statuses}) "
                                                     "ORDER BY action_id", OPEN_ACTION_STATUSES)]
            replies: dict[int, list[dict]] = {}
            if "responses" in names:
                for r in conn.execute("SELECT * FROM responses WHERE target = 'action' ORDER BY response_id"):
                    replies.setdefault(r["target_id"], []).append(dict(r))
            for action in actions:
                action["responses"] = replies.get(action["action_id"], [])
    except sqlite3.DatabaseError as exc:
        raise InputError(f"the earlier pack cannot be read ({exc})", file=str(path),
                         expected="the earlier session's .pack.db file") from None
    finally:
        conn.close()
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return EarlierActions(title=str(manifest.get("title") or path.name), file=path.name, sha256=digest.hexdigest(),
                          actions=actions, has_actions_table="actions" in names)


def open_pack(path: str | Path) -> sqlite_utils.Database:
    """An existing pack, read-only, or a plain error when the file is missing or is not a pack."""
    return sqlite_utils.Database(open_pack_file(path, read_only=True))


def read_manifest(db: sqlite_utils.Database) -> dict:
    return {row["key"]: json.loads(row["value"]) for row in db["manifest"].rows}

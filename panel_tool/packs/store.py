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

from panel_tool.errors import InputError
from panel_tool.packs.packfile import BUILD, fold_write_ahead_log_in, insert_rows, open_pack, read_manifest, set_manifest
from panel_tool.packs.scratch import make_build_folder, remove_build_folder

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
    "responses", into the session tables, with an audit event saying how many came across.
    """
    check_destination(out, force)
    private = make_build_folder(out)
    tmp = private / out.name
    try:
        conn = open_pack(tmp, BUILD, kind=manifest["kind"])
        _write_content(conn, manifest, cases, officers, texts, stats, form, actions)
        conn.execute("VACUUM")
        conn.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
    except (OSError, sqlite3.OperationalError) as exc:
        raise InputError(f"the pack could not be written ({exc})", file=str(out),
                         expected="a folder with room and permission to write") from None
    finally:
        remove_build_folder(private)  # the unfinished pack and its journal, if the build failed


def _write_content(conn, manifest: dict, cases: list[dict], officers: list[dict], texts: list[dict],
                   stats: list[dict], form: dict, actions: list[dict] | None) -> None:
    """Every row of a new pack, in one transaction, into the tables open_pack created from their declarations."""
    kind = manifest["kind"]
    conn.execute("BEGIN")
    set_manifest(conn, **manifest)
    insert_rows(conn, "cases", cases, kind=kind)
    insert_rows(conn, "case_officers", officers)
    insert_rows(conn, "texts", texts)
    insert_rows(conn, "context_stats", stats)
    insert_rows(conn, "form", [{"form_id": form["id"], "title": form["title"],
                                "definition": json.dumps(form, ensure_ascii=False)}])
    if actions is not None:
        insert_rows(conn, "actions", [{c: a[c] for c in ACTION_COLUMNS} for a in actions])
        replies = [{**{c: r[c] for c in RESPONSE_COLUMNS}, "target": "action", "target_id": a["action_id"]}
                   for a in actions for r in a.get("responses", [])]
        insert_rows(conn, "responses", replies)
        insert_rows(conn, "audit", [{"at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                                     "actor": "facilitator", "event": "actions_carried",
                                     "detail": json.dumps({"actions": len(actions), "responses": len(replies)})}])
    conn.execute("COMMIT")


@dataclass
class EarlierActions:
    """What `pack build --carry-from` takes from the pack of an earlier session."""
    title: str
    file: str
    sha256: str  # of the earlier pack file, after its write-ahead log was written into it
    actions: list[dict]  # its open and in-progress actions, in number order, each with its "responses"
    has_actions: bool  # any at all, open or not


def read_open_actions(path: str | Path) -> EarlierActions:
    """The actions of an earlier pack still to be followed up, with the force's replies to them."""
    path = Path(path)
    if not path.is_file():
        raise InputError("there is no pack here", file=str(path), expected="the path of the earlier session's .pack.db file")
    fold_write_ahead_log_in(path)  # so the file alone holds everything, and its hash says which pack it was
    with open_pack(path) as conn:
        try:
            manifest = read_manifest(conn)
            actions = [dict(r) for r in conn.execute(
                f"SELECT * FROM actions WHERE status IN ({', '.join('?' for _ in OPEN_ACTION_STATUSES)}) "
                "ORDER BY action_id", OPEN_ACTION_STATUSES)]
            replies: dict[int, list[dict]] = {}
            for r in conn.execute("SELECT * FROM responses WHERE target = 'action' ORDER BY response_id"):
                replies.setdefault(r["target_id"], []).append(dict(r))
            anything_recorded = conn.execute("SELECT 1 FROM actions LIMIT 1").fetchone() is not None
        except sqlite3.DatabaseError as exc:
            raise InputError(f"the earlier pack cannot be read ({exc})", file=str(path),
                             expected="the earlier session's .pack.db file") from None
    for action in actions:
        action["responses"] = replies.get(action["action_id"], [])
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return EarlierActions(title=str(manifest.get("title") or path.name), file=path.name, sha256=digest.hexdigest(),
                          actions=actions, has_actions=anything_recorded)

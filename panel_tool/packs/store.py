"""The pack file: one SQLite file per panel session, written atomically.

A pack is built in a temporary file beside its destination and renamed into place only when
complete, so a failed build never leaves half a pack. It is written without a WAL and vacuumed,
so no stale page or journal holds anything but what the tables say. Tables are documented in
schemas/pack.tables.json.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils

from panel_tool.errors import InputError

PACK_SUFFIX = ".pack.db"


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
               stats: list[dict], *, form: dict, force: bool = False) -> None:
    check_destination(out, force)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent if str(out.parent) else ".")
    except OSError as exc:
        raise InputError(f"the pack cannot be written in this folder ({exc.strerror})", file=str(out),
                         expected="a folder you can write to") from None
    os.close(fd)
    tmp = Path(tmp_name)
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
        conn.execute("VACUUM")
        conn.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + "-journal").unlink(missing_ok=True)
        if isinstance(exc, (OSError, sqlite3.OperationalError)):
            raise InputError(f"the pack could not be written ({exc})", file=str(out),
                             expected="a folder with room and permission to write") from None
        raise


def open_pack(path: str | Path) -> sqlite_utils.Database:
    """An existing pack, or a plain error when the file is missing or is not a pack."""
    path = Path(path)
    if not path.is_file():
        raise InputError("there is no pack here", file=str(path), expected="the path of a .pack.db file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        raise InputError("this is not a review pack (not an SQLite file)", file=str(path),
                         expected="a .pack.db file made by panel-tool pack build") from None
    if not {"manifest", "cases"} <= names:
        conn.close()
        raise InputError("this is not a review pack (it has no manifest)", file=str(path),
                         expected="a .pack.db file made by panel-tool pack build")
    return sqlite_utils.Database(conn)


def read_manifest(db: sqlite_utils.Database) -> dict:
    return {row["key"]: json.loads(row["value"]) for row in db["manifest"].rows}

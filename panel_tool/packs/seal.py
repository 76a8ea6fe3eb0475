"""The release seal: a keyed hash of everything members read, so an edited pack cannot be passed off
as the one the facilitator released.

Release records HMAC-SHA256 of the sealed tables (tables.SEALED_TABLES) in the manifest as
`content_hash`; serve works it out again and refuses a pack whose cases changed. A plain hash would
not do: whoever edits the file can recompute it and write it in. The seal's key is kept outside the
pack, beside the pseudonym key.

The seal key is derived from the force's pseudonym key, HMAC(key, "panel-tool release seal"),
rather than kept in a file of its own, because:
- it is found exactly as the pseudonym key is (--key-file, PANEL_TOOL_KEY, then
  ~/.config/panel-tool/pseudonym.key), and the manifest's key_check already says whether the key
  given is the one the pack was built with: no second file to keep safe, back up or mix up;
- it is a different key: serve hands the seal key, never the pseudonym key, to the apps it starts
  (PANEL_TOOL_SEAL_KEY), so the facilitator's app can release a pack without holding what turns
  pseudonyms back into officers; and a seal says nothing about the pseudonyms.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
from pathlib import Path

from panel_tool.anonymise.pseudonyms import load_key
from panel_tool.errors import InputError
from panel_tool.packs.packfile import manifest_value
from panel_tool.packs.tables import SEALED_TABLES, TABLES

SEAL_LABEL = b"panel-tool release seal"
#: Set by serve for the apps it starts (they cannot be given --key-file): the seal key, in hexadecimal.
SEAL_KEY_VARIABLE = "PANEL_TOOL_SEAL_KEY"


def find_seal_key(conn: sqlite3.Connection, key_file: str | Path | None, *, pack: str | Path, needed_for: str) -> bytes:
    """The seal key for the pack on `conn`, from the force's key, found as pack lookup finds it;
    one plain error when there is none, or it is not the key the pack was built with.

    `needed_for` says what wants it ("release seals the cases"), for the error.
    """
    if key_file is None and os.environ.get(SEAL_KEY_VARIABLE):
        return bytes.fromhex(os.environ[SEAL_KEY_VARIABLE])  # from serve, which checked the key it came from
    try:
        key = load_key(key_file, create=False)
    except InputError as exc:
        raise InputError(f"{needed_for} with the force's key (the one the pack was built with), and {exc.message}",
                         file=exc.file or str(pack), expected=exc.expected) from None
    if key.check != manifest_value(conn, "key_check"):
        raise InputError(f"this key is not the one the pack was built with, and {needed_for} with that one",
                         file=str(key_file or key.source), expected=f"the key file (or PANEL_TOOL_KEY) used to build {pack}")
    return hmac.new(key.secret, SEAL_LABEL, hashlib.sha256).digest()


def content_seal(conn: sqlite3.Connection, seal_key: bytes) -> str:
    """HMAC-SHA256 of the sealed tables, row by row in a fixed order, so the same content seals the same."""
    mac = hmac.new(seal_key, digestmod=hashlib.sha256)
    kind = manifest_value(conn, "kind")
    for name in SEALED_TABLES:
        columns = TABLES[name].column_names(kind)
        listed = ", ".join(columns)
        mac.update(json.dumps([name, columns]).encode())
        for row in conn.execute(f"SELECT {listed} FROM {name} ORDER BY {listed}"):
            mac.update(json.dumps(list(row), ensure_ascii=False, default=str).encode())
    return mac.hexdigest()


def seal_holds(conn: sqlite3.Connection, seal_key: bytes) -> bool:
    """Whether the pack's content is what was sealed at release."""
    recorded = manifest_value(conn, "content_hash")
    return isinstance(recorded, str) and hmac.compare_digest(recorded, content_seal(conn, seal_key))

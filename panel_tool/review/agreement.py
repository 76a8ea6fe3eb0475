"""The panel's confidentiality agreement: its text, kept in the pack, and each member's acceptance.

A member accepts it at their first sign-in: the server shows it just after the code is checked and
opens the review only once the member has said yes. The facilitator may write the panel's own text
(`panel-tool pack agreement PACK --file TEXT`); a pack without one uses DEFAULT_TEXT. Acceptance is
recorded against the text's SHA-256, so a member who accepted one text is asked again if it changes.

Only the standard library and packfile's connection: the server reads this at every sign-in.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, manifest_value, open_pack, set_manifest
from panel_tool.review.store import audit, immediate, now_iso

DEFAULT_TEXT = """The cases you will read are about real people. Keep them private.
Do not tell anyone outside the panel about a case, or show it to them.
Do not take photos or screenshots of the cases, or copy them down.
Do not try to find out who anyone in a case is. If you think you know someone in a case, stop and tell your facilitator.
You can talk about what the panel does and what it found, but never about one person's case."""
MAX_CHARACTERS = 4000


def agreement_text(pack: str | Path) -> str:
    """The text members agree to: the facilitator's, or DEFAULT_TEXT when none was set."""
    with open_pack(pack) as conn:
        return manifest_value(conn, "agreement") or DEFAULT_TEXT


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def set_agreement(pack: str | Path, text: str) -> str:
    """Set the panel's own agreement text (blank lines and trailing spaces dropped); the text kept."""
    kept = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not kept:
        raise InputError("the agreement text is empty", file=str(pack), expected="a few plain sentences members agree to")
    if len(kept) > MAX_CHARACTERS:
        raise InputError(f"the agreement text is {len(kept):,} characters long", file=str(pack),
                         expected=f"at most {MAX_CHARACTERS:,} characters: members read it on a phone")
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            set_manifest(conn, agreement=kept)
            audit(conn, "facilitator", "agreement_set", sha256=text_hash(kept))
    finally:
        conn.close()
    return kept


def has_accepted(pack: str | Path, member_id: int) -> bool:
    """Whether this member has accepted the agreement as it reads now."""
    conn = open_pack(pack, SESSION)
    try:
        text = manifest_value(conn, "agreement") or DEFAULT_TEXT
        return conn.execute("SELECT 1 FROM agreements WHERE member_id = ? AND text_sha256 = ?",
                            (member_id, text_hash(text))).fetchone() is not None
    finally:
        conn.close()


def accept(pack: str | Path, member_id: int) -> str:
    """Record that this member accepts the agreement as it reads now; when (ISO 8601 UTC)."""
    at = now_iso()
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            digest = text_hash(manifest_value(conn, "agreement") or DEFAULT_TEXT)
            conn.execute("INSERT OR IGNORE INTO agreements (member_id, text_sha256, accepted_at) VALUES (?, ?, ?)",
                         (member_id, digest, at))
            audit(conn, f"member:{member_id}", "agreement_accepted", sha256=digest)
    finally:
        conn.close()
    return at

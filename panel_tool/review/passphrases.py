"""Passphrases of the facilitator and the force's liaison, who see more than a member does.

Set with `panel-tool pack facilitator PACK` / `pack liaison PACK`; only a slow salted hash (scrypt,
as for members' codes) is kept, in the pack's `roles` table. Wrong passphrases meet the same
growing wait as wrong codes, kept in the pack (scope role:<role>) so a reload does not reset it.
"""

from __future__ import annotations

import time
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.review import codes
from panel_tool.packs.packfile import SESSION, open_pack
from panel_tool.review.store import audit, immediate, now_iso
from panel_tool.review.throttle import forget, held_for, record_failure, wait_message

ROLES = ("facilitator", "liaison")
MIN_LENGTH = 12


class PassphraseRefused(Exception):
    """A passphrase that did not let someone in, with the plain-English reason and how long to wait (0: now)."""

    def __init__(self, message: str, wait_seconds: float = 0):
        super().__init__(message)
        self.message = message
        self.wait_seconds = wait_seconds


def set_passphrase(pack: str | Path, role: str, passphrase: str) -> None:
    """Set (or replace) a role's passphrase; a new one also lifts any wait after wrong tries."""
    _check_role(role)
    if not isinstance(passphrase, str) or len(passphrase.strip()) < MIN_LENGTH:
        raise InputError(f"a passphrase needs at least {MIN_LENGTH} characters", file=str(pack),
                         expected="a few words only you know, such as 'purple kettle seven lanterns'")
    if codes.normalise(passphrase) is not None:
        raise InputError("this passphrase looks like a member's access code", file=str(pack),
                         expected="something different from the members' codes, such as a few words")
    hashed = codes.hash_code(passphrase)  # slow: before the write lock is taken
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            conn.execute("INSERT OR REPLACE INTO roles (role, passphrase_hash, set_at) VALUES (?, ?, ?)",
                         (role, hashed, now_iso()))
            forget(conn, f"role:{role}")
            audit(conn, "facilitator", "passphrase_set", role=role)
    finally:
        conn.close()


def check_passphrase(pack: str | Path, role: str, typed: str, clock=time.time) -> None:
    """Return when `typed` is the role's passphrase; otherwise raise PassphraseRefused."""
    _check_role(role)
    conn = open_pack(pack, SESSION)
    try:
        row = conn.execute("SELECT passphrase_hash FROM roles WHERE role = ?", (role,)).fetchone()
        if row is None:
            raise PassphraseRefused(f"Nobody can sign in as {role} yet, because no {role} passphrase has been set: "
                                    f"run panel-tool pack {role} {pack}")
        if not typed:
            raise PassphraseRefused("Type your passphrase.")
        scope = f"role:{role}"
        held = held_for(conn, scope, clock())
        if held:
            raise PassphraseRefused(wait_message(held, "passphrases"), held)
        right = codes.matches(typed, row["passphrase_hash"])  # slow: outside the write lock
        with immediate(conn):
            if right:
                forget(conn, scope)
                audit(conn, role, "passphrase_accepted")
            else:
                wait = record_failure(conn, scope, clock())
                audit(conn, "visitor", "passphrase_refused", scope=scope)
        if not right:
            raise PassphraseRefused("That passphrase is not right." + (" " + wait_message(wait, "passphrases") if wait else ""), wait)
    finally:
        conn.close()


def passphrase_matches(pack: str | Path, role: str, typed: str) -> bool:
    """Whether `typed` is the role's passphrase, for the server's sign-in at the door: one hash check
    every time (against a dummy when no passphrase is set). The door keeps the waits, by browser
    and client address. Raises PassphraseRefused when no passphrase is set at all."""
    _check_role(role)
    conn = open_pack(pack, SESSION)
    try:
        row = conn.execute("SELECT passphrase_hash FROM roles WHERE role = ?", (role,)).fetchone()
        right = codes.matches(typed or "", row["passphrase_hash"] if row else codes.dummy_hash())
        with immediate(conn):
            if right and row is not None:
                audit(conn, role, "passphrase_accepted")
            else:
                audit(conn, "visitor", "passphrase_refused", scope=f"role:{role}")
        if row is None:
            raise PassphraseRefused(f"Nobody can sign in as {role} yet, because no {role} passphrase has been set.")
        return right and bool(typed)
    finally:
        conn.close()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InputError(f"'{role}' is not a role with a passphrase", expected=" or ".join(ROLES))

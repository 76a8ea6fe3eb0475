"""Growing waits after wrong codes or passphrases, kept in the pack so a page reload does not reset them.

A scope is what the wait protects: one member (member:N), a role (role:facilitator), or every code
that matches no member (unknown), so a stranger guessing codes cannot lock a member out.
"""

from __future__ import annotations

FREE_TRIES = 5
FIRST_WAIT_S = 5
MAX_WAIT_S = 15 * 60
FORGET_FAILURES_AFTER_S = 15 * 60


def wait_after(failures: int) -> float:
    """Free tries, then a wait that doubles with each further wrong code."""
    if failures < FREE_TRIES:
        return 0
    return min(FIRST_WAIT_S * 2 ** (failures - FREE_TRIES), MAX_WAIT_S)


def wait_message(seconds: float, what: str = "codes") -> str:
    seconds = max(1, round(seconds))
    if seconds < 120:
        return f"Too many wrong {what}: please wait {seconds} seconds before you try again."
    return f"Too many wrong {what}: please wait {round(seconds / 60)} minutes before you try again."


def record_failure(conn, scope: str, now: float) -> float:
    row = conn.execute("SELECT failures, last_failure FROM sign_in_throttle WHERE scope = ?", (scope,)).fetchone()
    failures = 1 if row is None or now - row["last_failure"] > FORGET_FAILURES_AFTER_S else row["failures"] + 1
    wait = wait_after(failures)
    conn.execute("INSERT OR REPLACE INTO sign_in_throttle (scope, failures, last_failure, wait_until) VALUES (?, ?, ?, ?)",
                 (scope, failures, now, now + wait))
    return wait


def held_for(conn, scope: str, now: float) -> float:
    """Seconds this scope must still wait before a code is even checked (0: check it now)."""
    row = conn.execute("SELECT wait_until FROM sign_in_throttle WHERE scope = ?", (scope,)).fetchone()
    return max(0.0, row[0] - now) if row else 0.0


def forget(conn, scope: str) -> None:
    conn.execute("DELETE FROM sign_in_throttle WHERE scope = ?", (scope,))

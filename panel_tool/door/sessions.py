"""Server-side sessions, and which kernel belongs to which session.

The browser holds only an opaque random id in one cookie (HttpOnly, SameSite=Strict, Secure under
TLS). Everything else (who, which role, which kernels) stays here in the server's memory, so a
restart signs everyone out and nothing a browser sends can name a member.

A member has at most one live kernel: a reload or a second device opens the same app again on it
(handlers.py re-serves its page), and only if it has gone does the member take a new one. Each
staff role may hold up to STAFF_KERNELS (the facilitator may project meeting mode and work on a
laptop at once), each page its own.

A session that has held no kernel and sent no request for IDLE_ENDS_AFTER_S ends on its own: on a
shared tablet whose member closed the tab without signing out, the next person to open the link
finds the sign-in page, not the last member's cases (their kernel is culled after 15 idle minutes).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

COOKIE = "panel_session"
MEMBER_KERNELS = 1
STAFF_KERNELS = 2
SESSION_PREFIX = "s."
BROWSER_PREFIX = "b."
IDLE_ENDS_AFTER_S = 20 * 60.0


@dataclass
class Session:
    id: str
    role: str                     # member, facilitator or liaison
    member_id: int | None = None
    code_hash: str | None = None  # the code it signed in with: a reset code ends the session
    agreed: bool = True           # a member who has not yet accepted the panel's agreement gets no app
    kernels: list[str] = field(default_factory=list)  # oldest first
    started: float = field(default_factory=time.time)
    last_seen: float = field(default_factory=time.monotonic)  # its last request, or when it last let a kernel go

    @property
    def holder(self) -> tuple[str, int | None]:
        """Who the kernel limit is counted for: one member, or one staff role."""
        return (self.role, self.member_id)

    @property
    def kernel_limit(self) -> int:
        return MEMBER_KERNELS if self.role == "member" else STAFF_KERNELS


class Browsers:
    """The pre-sign-in cookie that gives each browser its own count of wrong guesses, signed with a
    key only this server holds: a cookie a stranger makes up is no browser's, and its guesses count
    against its address (throttle.py)."""

    def __init__(self, key: bytes | None = None):
        self.key = key or secrets.token_bytes(32)  # shared with the door's own process (door/front.py)

    def _signature(self, token: str) -> str:
        return hmac.new(self.key, token.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        token = secrets.token_urlsafe(24)
        return f"{BROWSER_PREFIX}{token}.{self._signature(token)}"

    def genuine(self, value: str | None) -> bool:
        if not value or not value.startswith(BROWSER_PREFIX) or len(value) > 100:
            return False
        token, _, signature = value[len(BROWSER_PREFIX):].rpartition(".")
        return bool(token) and hmac.compare_digest(signature, self._signature(token))


class Sessions:
    def __init__(self):
        self._by_id: dict[str, Session] = {}
        self._owner: dict[str, str] = {}  # kernel id -> session id

    def start(self, role: str, member_id: int | None = None, code_hash: str | None = None) -> Session:
        session = Session(SESSION_PREFIX + secrets.token_urlsafe(32), role, member_id, code_hash)
        self._by_id[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id or not session_id.startswith(SESSION_PREFIX):
            return None
        session = self._by_id.get(session_id)
        if session is not None:
            now = time.monotonic()
            if not session.kernels and now - session.last_seen > IDLE_ENDS_AFTER_S:
                return None  # ended by the door's next watch (idle), whatever happens to come first
            session.last_seen = now
        return session

    def end(self, session_id: str) -> list[str]:
        """End a session; the kernels to shut down."""
        session = self._by_id.pop(session_id, None)
        if session is None:
            return []
        for kernel_id in session.kernels:
            self._owner.pop(kernel_id, None)
        return list(session.kernels)

    def all(self) -> list[Session]:
        return list(self._by_id.values())

    # kernels
    def claim(self, kernel_id: str, session: Session) -> None:
        session.kernels.append(kernel_id)
        self._owner[kernel_id] = session.id

    def take_over(self, kernel_id: str, session: Session) -> None:
        """The member's kernel moves to this session (their second device): the other lets go of it."""
        previous = self._by_id.get(self._owner.get(kernel_id, ""))
        if previous is not None and kernel_id in previous.kernels:
            previous.kernels.remove(kernel_id)
        self._owner.pop(kernel_id, None)
        self.claim(kernel_id, session)

    def members_kernel(self, session: Session) -> str | None:
        """The live kernel this session's member holds, on this or another of their devices."""
        if session.role != "member":
            return None
        held = [k for s in self._by_id.values() if s.holder == session.holder for k in s.kernels]
        return max(held, key=self._claimed_order, default=None)

    def owns(self, session: Session | None, kernel_id: str | None) -> bool:
        return session is not None and bool(kernel_id) and self._owner.get(kernel_id) == session.id

    def owner_of(self, kernel_id: str) -> Session | None:
        return self._by_id.get(self._owner.get(kernel_id, ""))

    def forget_kernel(self, kernel_id: str) -> None:
        """A kernel has gone (shut down, culled, or died)."""
        session = self._by_id.get(self._owner.pop(kernel_id, ""))
        if session is not None and kernel_id in session.kernels:
            session.kernels.remove(kernel_id)
            session.last_seen = time.monotonic()

    def to_replace(self, session: Session) -> list[str]:
        """The kernels of this member (or staff role) to shut down before it takes a new one, oldest first."""
        held = [k for s in self._by_id.values() if s.holder == session.holder for k in s.kernels]
        held.sort(key=lambda k: self._claimed_order(k))
        keep = session.kernel_limit - 1
        return held[:max(0, len(held) - keep)]

    def _claimed_order(self, kernel_id: str) -> int:
        return list(self._owner).index(kernel_id)

    def claimed(self) -> int:
        return len(self._owner)

    def ended_by(self, state: dict) -> list[Session]:
        """Sessions the pack no longer allows: every one once it is closed or purged; a member's once
        they are removed or given a new code; and any left idle (IDLE_ENDS_AFTER_S)."""
        if state["status"] in ("closed", "purged"):
            return self.all()
        members, now = state["members"], time.monotonic()
        return [s for s in self._by_id.values()
                if (s.role == "member" and members.get(s.member_id) != s.code_hash)
                or (not s.kernels and now - s.last_seen > IDLE_ENDS_AFTER_S)]

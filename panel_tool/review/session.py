"""One member's session on a released pack: signing in, reading cases, saving each answer as it changes.

A member only ever reads their own answers (every query here is by member_id). Each answer is one
BEGIN IMMEDIATE transaction, with its audit event and the time spent on the case, so what the app
shows as saved is on disk.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from panel_tool.review import codes, discussion
from panel_tool.packs.forms import read_form
from panel_tool.packs.packfile import SESSION, manifest_value, open_pack, read_manifest
from panel_tool.review.store import audit, immediate, now_iso
from panel_tool.review.throttle import forget, held_for, record_failure, wait_message


class SignInRefused(Exception):
    """A sign-in that did not work, with the plain-English reason and how long to wait (0: try again now)."""

    def __init__(self, message: str, wait_seconds: float = 0):
        super().__init__(message)
        self.message = message
        self.wait_seconds = wait_seconds


class NotSavedYet(Exception):
    """The pack could not take an answer just now (another writer held it too long, or the disk failed):
    nothing was written, and trying again may work."""


class AnswerRefused(Exception):
    """An answer that cannot be saved (the pack was closed, or the value is not one the form allows)."""


def _status_refusal(status: str | None) -> str | None:
    if status == "draft":
        return "This pack is not open for answers yet. Your facilitator will tell you when it is."
    if status in ("closed", "purged"):
        return "Answering has ended for this pack. Thank you for taking part."
    return None


def _typed_code(typed: str | None) -> str:
    """The code as typed, normalised; refused with what is wrong with it when it cannot be a code."""
    code = codes.normalise(typed or "")
    if code is None:
        raise SignInRefused(codes.problem(typed or ""))
    return code


def _open_for_answers(pack: str | Path):
    """The pack open for a member's writes; refused (and closed again) unless it is open for answers."""
    conn = open_pack(pack, SESSION)
    try:
        refusal = _status_refusal(manifest_value(conn, "status"))
        if refusal:
            raise SignInRefused(refusal)
    except BaseException:
        conn.close()
        raise
    return conn


def sign_in(pack: str | Path, typed: str, clock=time.time) -> "Session":
    code = _typed_code(typed)
    conn = _open_for_answers(pack)
    try:
        candidates = conn.execute("SELECT member_id, name, code_hash FROM members WHERE removed_at IS NULL AND "
                                  "code_tag = ?", (codes.tag(code),)).fetchall()
        scope = f"member:{candidates[0]['member_id']}" if candidates else "unknown"
        held = held_for(conn, scope, clock())
        if held:
            raise SignInRefused(wait_message(held), held)
        member = next((m for m in candidates if codes.matches(code, m["code_hash"])), None)  # slow: outside the lock
        with immediate(conn):
            if member is None:
                wait = record_failure(conn, scope, clock())
                audit(conn, "visitor", "sign_in_refused", scope=scope)
            else:
                forget(conn, scope)
                audit(conn, f"member:{member['member_id']}", "signed_in")
        if member is None:
            raise SignInRefused("That code is not right. Check it with your facilitator and try again."
                                + (" " + wait_message(wait) if wait else ""), wait)
        return Session(conn, Path(pack), member["member_id"], member["name"])
    except BaseException:
        conn.close()
        raise


def member_for_code(pack: str | Path, typed: str) -> tuple[int, str]:
    """The (member_id, name) whose code was typed, for the server's sign-in at the door.

    Every well-formed code costs exactly one hash check, whether or not its tag belongs to a member,
    so tags cannot be found by timing. No wait is kept here: the door throttles by browser and
    client address, so that nobody's wrong codes can delay a member's right one.
    """
    code = _typed_code(typed)
    conn = _open_for_answers(pack)
    try:
        row = conn.execute("SELECT member_id, name, code_hash FROM members WHERE removed_at IS NULL AND code_tag = ?",
                           (codes.tag(code),)).fetchone()
        right = codes.matches(code, row["code_hash"] if row else codes.dummy_hash())  # slow: outside the lock
        with immediate(conn):
            if right and row is not None:
                audit(conn, f"member:{row['member_id']}", "signed_in")
            else:
                audit(conn, "visitor", "sign_in_refused")
        if not right or row is None:
            raise SignInRefused("That code is not right. Check it with your facilitator and try again.")
        return row["member_id"], row["name"]
    finally:
        conn.close()


def open_session(pack: str | Path, member_id: int) -> "Session":
    """The session of a member the server has already signed in (the kernel is told who by the server)."""
    conn = _open_for_answers(pack)
    try:
        row = conn.execute("SELECT name FROM members WHERE member_id = ? AND removed_at IS NULL", (member_id,)).fetchone()
        if row is None:
            raise SignInRefused("You are no longer a member of this panel. Please talk to your facilitator.")
        return Session(conn, Path(pack), member_id, row["name"])
    except BaseException:
        conn.close()
        raise


def door_state(pack: str | Path) -> dict:
    """What the server checks every second to end sessions at once: the pack's status, and each
    current member's code hash (a removed member is missing; a reset code has a new hash)."""
    conn = open_pack(pack, SESSION)
    try:
        members = {r["member_id"]: r["code_hash"] for r in
                   conn.execute("SELECT member_id, code_hash FROM members WHERE removed_at IS NULL")}
        return {"status": manifest_value(conn, "status"), "members": members}
    finally:
        conn.close()


@dataclass
class Saved:
    case_id: int
    question_id: str
    saved_at: str  # ISO 8601, UTC


class Session:
    def __init__(self, conn, pack: Path, member_id: int, name: str):
        self.conn, self.pack, self.member_id, self.name = conn, pack, member_id, name
        self.actor = f"member:{member_id}"
        manifest = read_manifest(conn)
        self.kind, self.title = manifest["kind"], manifest.get("title", "")
        self.form = read_form(conn)
        self.questions = {q["id"]: q for q in self.form["questions"]}

    # reading
    def cases(self) -> list[dict]:
        """The member's cases in their order: those assigned to them, or every case when nobody has assignments."""
        if self._assigned_only():
            rows = self.conn.execute("SELECT c.* FROM cases c JOIN assignments a ON a.case_id = c.case_id "
                                     "WHERE a.member_id = ? ORDER BY a.position", (self.member_id,))
        else:
            rows = self.conn.execute("SELECT * FROM cases ORDER BY case_id")
        # case_ref is the force's pseudonym for the record: it stays in the pack, never on a member's screen.
        return [{k: r[k] for k in r.keys() if k != "case_ref"} for r in rows]

    def _assigned_only(self) -> bool:
        return self.conn.execute("SELECT 1 FROM assignments LIMIT 1").fetchone() is not None

    def texts(self, case_id: int) -> list[dict]:
        return [{**dict(r), "spans": json.loads(r["spans"] or "[]")} for r in self.conn.execute(
            "SELECT officer_label, field, text, spans FROM texts WHERE case_id = ? ORDER BY text_id", (case_id,))]

    def answers(self) -> dict[int, dict[str, str]]:
        """This member's own answers, by case and question."""
        found: dict[int, dict[str, str]] = {}
        for r in self.conn.execute("SELECT case_id, question_id, value FROM answers WHERE member_id = ?", (self.member_id,)):
            found.setdefault(r["case_id"], {})[r["question_id"]] = r["value"]
        return found

    def is_done(self, case_answers: dict[str, str]) -> bool:
        return all((case_answers.get(q["id"]) or "").strip() for q in self.form["questions"] if q["required"])

    def state(self) -> dict:
        """Where the member was: the case they last had open, and whether they pressed Finish."""
        row = self.conn.execute("SELECT last_case_id, finished_at FROM members WHERE member_id = ?",
                                (self.member_id,)).fetchone()
        return dict(row)

    def discussion_open(self) -> bool:
        return discussion.is_open(self.conn)

    def discussion(self) -> list[dict] | None:
        """How the panel answered this member's cases, as counts and words without names; None until
        the facilitator opens discussion."""
        if not discussion.is_open(self.conn):
            return None
        mine = {c["case_id"] for c in self.cases()}
        return [summary for summary in discussion.summaries(self.conn) if summary["case_id"] in mine]

    # writing: each call is one short transaction
    def save_answer(self, case_id: int, question_id: str, value: str | None, seconds: float = 0) -> Saved:
        question = self.questions.get(question_id)
        if question is None:
            raise AnswerRefused(f"there is no question '{question_id}' on this form")
        if question["type"] == "choice" and value is not None and value not in {o["value"] for o in question["options"]}:
            raise AnswerRefused(f"'{value}' is not one of the answers to this question")
        if question["type"] == "text" and value is not None and len(value) > question.get("max_length", 2000):
            raise AnswerRefused(f"this answer is longer than {question.get('max_length', 2000)} characters")
        saved_at = now_iso()
        try:
            with immediate(self.conn):
                self._refuse_unless_open()
                if self._assigned_only() and not self.conn.execute(
                        "SELECT 1 FROM assignments WHERE member_id = ? AND case_id = ?", (self.member_id, case_id)).fetchone():
                    raise AnswerRefused("this case is not one of yours to rate")
                self.conn.execute(
                    "INSERT INTO answers (member_id, case_id, question_id, value, saved_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (member_id, case_id, question_id) DO UPDATE SET value = excluded.value, "
                    "saved_at = excluded.saved_at", (self.member_id, case_id, question_id, value, saved_at))
                self._add_time(case_id, seconds)
                audit(self.conn, self.actor, "answer_saved", case_id, question=question_id)
        except sqlite3.Error as exc:  # busy past the timeout, or the disk: the member is told, and it is tried again
            raise NotSavedYet(str(exc)) from exc
        return Saved(case_id, question_id, saved_at)

    def open_case(self, case_id: int, seconds_on_previous: float = 0, previous: int | None = None) -> None:
        with immediate(self.conn):
            if previous is not None:
                self._add_time(previous, seconds_on_previous)
            self.conn.execute("UPDATE members SET last_case_id = ? WHERE member_id = ?", (case_id, self.member_id))
            self.conn.execute("INSERT OR IGNORE INTO case_time (member_id, case_id, first_opened_at) VALUES (?, ?, ?)",
                              (self.member_id, case_id, now_iso()))
            audit(self.conn, self.actor, "case_opened", case_id)

    def leave_case(self, case_id: int, seconds: float) -> None:
        with immediate(self.conn):
            self._add_time(case_id, seconds)
            audit(self.conn, self.actor, "case_left", case_id)

    def finish(self) -> str:
        at = now_iso()
        with immediate(self.conn):
            self._refuse_unless_open()
            self.conn.execute("UPDATE members SET finished_at = ? WHERE member_id = ?", (at, self.member_id))
            audit(self.conn, self.actor, "finished")
        return at

    def close(self) -> None:
        self.conn.close()

    def _refuse_unless_open(self) -> None:
        refusal = _status_refusal(manifest_value(self.conn, "status"))
        if refusal:
            raise AnswerRefused(refusal)

    def _add_time(self, case_id: int, seconds: float) -> None:
        if seconds > 0:
            self.conn.execute("INSERT INTO case_time (member_id, case_id, seconds, first_opened_at) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (member_id, case_id) DO UPDATE SET seconds = seconds + excluded.seconds",
                              (self.member_id, case_id, seconds, now_iso()))

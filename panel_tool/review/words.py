"""The facilitator's check of members' own words before any report or export carries them.

Members write names too: the officer's, the person searched, a friend's, a street. Their written
answers and the panel's agreed feedback for a case are therefore redacted like an officer's grounds,
and then read by the facilitator with the same second look as a case (redaction_review.second_look:
every word the recall-first redactor let through on weak ground, with its reason). The facilitator
approves the words, redacts more (redaction_review.mark_more, the one way to redact more) or writes
them afresh. A report, its PDF and the CSV/JSON exports carry only approved words, and say how many
pieces of writing await the check and are left out.

    list_words("march.pack.db")                      # what awaits the check, with its second look
    redact_words("march.pack.db", 3, "Dazza", "NAME")
    approve_words("march.pack.db", [3])              # or None: everything awaiting the check

Each piece is one row of the pack's word_checks table, made when it is first listed, holding the words
as reports may carry them and a SHA-256 of the words as written: when their writer changes them, the
check is stale, the words go back to the redactor and await the check again. (The hash adds nothing
to what the pack holds: the words as written are in answers and agreed_outcomes.) Each write runs
with secure_delete on, so the words a redaction replaces are overwritten, not left in free pages, and
a redaction or rewording is then folded into the file, saying whether that was complete ("folded"), as
redaction_review's changes are.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from panel_tool.anonymise.redaction import redact
from panel_tool.errors import InputError
from panel_tool.packs.forms import read_form
from panel_tool.packs.packfile import SESSION, fold_in, open_pack
from panel_tool.review.redaction_review import find_words, mark_more, second_look
from panel_tool.review.store import audit, immediate, now_iso

ANSWER, OUTCOME = "answer", "outcome"
#: The panel's agreed words about a case, as the report heads them.
OUTCOME_WORDS = {"feedback_for_officer": "Feedback for the officer", "learning_for_force": "Learning for the force"}
WORDS_LIMIT = 10_000
_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z ]*?)(?: \d+)?\]")


@dataclass(frozen=True)
class Written:
    """One piece of writing that could reach a report: a member's written answer, or the panel's agreed words."""
    source: str  # ANSWER or OUTCOME
    case_id: int
    ref: str  # "member_id:question_id" for an answer; the agreed_outcomes column for an outcome
    about: str  # the question, or what the panel's words are for
    words: str  # as written
    member_id: int | None = None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.source, self.case_id, self.ref)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.words.encode("utf-8")).hexdigest()


@dataclass
class CheckedWords:
    """What a report or export may carry of members' words: the approved words of each piece still as it was
    checked, and how many pieces await the facilitator's check (left out)."""
    words: dict[tuple[str, int, str], str] = field(default_factory=dict)
    awaiting: int = 0

    def of(self, source: str, case_id: int, ref: str) -> str | None:
        return self.words.get((source, int(case_id), ref))


def written_pieces(form: dict, answers: list[dict], outcomes: list[dict]) -> list[Written]:
    """Every piece of writing in a session, in case order: written answers (to the form's text questions)
    and the panel's agreed feedback. `answers` and `outcomes` are rows of the pack's tables."""
    text_questions = {q["id"]: q["text"] for q in form["questions"] if q["type"] == "text"}
    pieces = [Written(ANSWER, int(a["case_id"]), f"{a['member_id']}:{a['question_id']}", text_questions[a["question_id"]],
                      a["value"].strip(), int(a["member_id"]))
              for a in answers if a["question_id"] in text_questions and (a["value"] or "").strip()]
    pieces += [Written(OUTCOME, int(o["case_id"]), column, about, o[column].strip())
               for o in outcomes for column, about in OUTCOME_WORDS.items() if (o.get(column) or "").strip()]
    return sorted(pieces, key=lambda p: (p.case_id, p.source != ANSWER, p.about, p.ref))


def checked_words(record, members: set[int] | None = None) -> CheckedWords:
    """From a SessionRecord (review/record.py): the words reports may carry. With `members`, only those
    members' answers count (a report leaves removed members out; an export keeps every answer)."""
    checks = {(c["source"], int(c["case_id"]), c["ref"]): c for c in record.word_checks}
    found = CheckedWords()
    for piece in written_pieces(record.form, record.answers, record.outcomes):
        if members is not None and piece.member_id is not None and piece.member_id not in members:
            continue
        check = checks.get(piece.key)
        if check and check["approved_at"] and check["written_sha256"] == piece.sha256:
            found.words[piece.key] = check["text"]
        else:
            found.awaiting += 1
    return found


# --- the facilitator's side ----------------------------------------------------------------------

def list_words(pack: str | Path, all: bool = False) -> list[dict]:
    """Members' words awaiting the facilitator's check (with `all`, those approved too), each redacted,
    with what deserves a second look. Pieces new or changed by their writer since the last call are
    redacted now and await the check. Members are not named."""
    conn = _open(pack)
    try:
        with immediate(conn):
            rows = _synced(conn)
        return [_item(piece, row) for piece, row in rows if all or not row["approved_at"]]
    finally:
        conn.close()


def approve_words(pack: str | Path, word_ids: list[int] | None = None, approved: bool = True) -> list[int]:
    """Approve the given pieces (their numbers from list_words) as fit for the force's report, or with None
    every piece awaiting the check; in one step, all or none. approved=False takes an approval back."""
    conn = _open(pack)
    try:
        with immediate(conn):
            rows = {row["word_id"]: row for _, row in _synced(conn)}
            if word_ids is None:
                word_ids = [i for i, row in rows.items() if bool(row["approved_at"]) != approved]
            for word_id in word_ids:
                _known(pack, rows, word_id)
            at = now_iso() if approved else None
            for word_id in dict.fromkeys(word_ids):
                conn.execute("UPDATE word_checks SET approved_at = ? WHERE word_id = ?", (at, word_id))
                audit(conn, "facilitator", "words_approved" if approved else "words_approval_withdrawn",
                      rows[word_id]["case_id"], word_id=word_id)
        return list(dict.fromkeys(word_ids))
    finally:
        conn.close()


def redact_words(pack: str | Path, word_id: int, words: str, type: str = "OTHER") -> dict:
    """Replace `words` (whole words, in any capitals) and every other mention of them with a new
    placeholder [TYPE n]; any approval of the piece is withdrawn, to be read again."""
    conn = _open(pack)
    try:
        with immediate(conn):
            row = _known(pack, {r["word_id"]: r for _, r in _synced(conn)}, word_id)
            text = row["text"]
            wanted = " ".join(str(words or "").split())
            start = find_words(text, json.loads(row["spans"]), wanted)
            if start is None:
                raise InputError(f"'{wanted}' is not in words {word_id}" if wanted else "no words were given to redact",
                                 file=str(pack), expected="whole words as they appear in the piece",
                                 in_app="type the words as they appear in the piece, then try again")
            # every mention whatever its capitals ("Smith", "SMITH", "smith")
            text, spans, placeholder, mentions = mark_more(pack, text, json.loads(row["spans"]), start,
                                                           start + len(wanted), type)
            _save(conn, word_id, text, spans)
            audit(conn, "facilitator", "words_redacted", row["case_id"], word_id=word_id, placeholder=placeholder,
                  mentions=mentions)
        return {"word_id": word_id, "case_id": row["case_id"], "text": text, "spans": spans,
                "placeholder": placeholder, "mentions": mentions, "folded": fold_in(conn)}
    finally:
        conn.close()


def edit_words(pack: str | Path, word_id: int, text: str) -> dict:
    """Put the facilitator's own wording in place of a piece (a summary, or the piece with a detail taken
    out); placeholders in it ([NAME 1]) stay marked. Any approval is withdrawn, to be read again."""
    cleaned = " ".join(str(text or "").split())
    if not 1 <= len(cleaned) <= WORDS_LIMIT:
        raise InputError(f"the new words must be 1 to {WORDS_LIMIT:,} characters, not {len(cleaned):,}", file=str(pack),
                         expected="the words as the report should carry them")
    conn = _open(pack)
    try:
        with immediate(conn):
            row = _known(pack, {r["word_id"]: r for _, r in _synced(conn)}, word_id)
            spans = [{"type": m.group(1).replace(" ", "_"), "start": m.start(), "end": m.end()}
                     for m in _PLACEHOLDER.finditer(cleaned)]
            _save(conn, word_id, cleaned, spans)
            audit(conn, "facilitator", "words_edited", row["case_id"], word_id=word_id)
        return {"word_id": word_id, "case_id": row["case_id"], "text": cleaned, "spans": spans, "folded": fold_in(conn)}
    finally:
        conn.close()


# --- the pieces ----------------------------------------------------------------------------------

def _open(pack):
    conn = open_pack(pack, SESSION)
    conn.execute("PRAGMA secure_delete=ON")  # words a redaction replaces are overwritten, not left in free pages
    return conn


def _synced(conn) -> list[tuple[Written, dict]]:
    """Every piece of writing of current and removed members (an export carries both) with its check row,
    made for a new piece, and made again from the redactor for a piece changed since it was checked."""
    form = read_form(conn)
    answers = [dict(r) for r in conn.execute("SELECT member_id, case_id, question_id, value FROM answers "
                                             "WHERE coalesce(trim(value), '') != ''")]
    outcomes = [dict(r) for r in conn.execute("SELECT * FROM agreed_outcomes")]
    checks = {(r["source"], r["case_id"], r["ref"]): dict(r) for r in conn.execute("SELECT * FROM word_checks")}
    out = []
    for piece in written_pieces(form, answers, outcomes):
        row = checks.get(piece.key)
        if row is None or row["written_sha256"] != piece.sha256:
            redacted = redact(piece.words)
            spans = [s._asdict() for s in redacted.spans]
            if row is None:
                cur = conn.execute("INSERT INTO word_checks (source, case_id, ref, written_sha256, text, spans) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", (*piece.key, piece.sha256, redacted.text, json.dumps(spans)))
                row = {"word_id": cur.lastrowid}
            else:
                conn.execute("UPDATE word_checks SET written_sha256 = ?, text = ?, spans = ?, approved_at = NULL "
                             "WHERE word_id = ?", (piece.sha256, redacted.text, json.dumps(spans), row["word_id"]))
                if row["approved_at"]:
                    audit(conn, "facilitator", "words_approval_withdrawn", piece.case_id, word_id=row["word_id"],
                          because="changed by their writer")
            row = {**row, "source": piece.source, "case_id": piece.case_id, "ref": piece.ref,
                   "written_sha256": piece.sha256, "text": redacted.text, "spans": json.dumps(spans), "approved_at": None}
        out.append((piece, row))
    return out


def _item(piece: Written, row: dict) -> dict:
    spans = json.loads(row["spans"])
    return {"word_id": row["word_id"], "case_id": piece.case_id, "source": piece.source, "about": piece.about,
            "text": row["text"], "spans": spans, "second_look": second_look(row["text"]),
            "approved": bool(row["approved_at"])}


def _known(pack, rows: dict, word_id) -> dict:
    if not isinstance(word_id, int) or isinstance(word_id, bool) or word_id not in rows:
        numbers = sorted(rows)
        raise InputError(f"there are no words numbered {word_id} in this pack", file=str(pack),
                         expected=f"a number list_words gives ({_numbers(numbers)})" if numbers
                         else "a pack in which members have written something")
    return rows[word_id]


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (" ..." if len(numbers) > 10 else "")


def _save(conn, word_id: int, text: str, spans: list[dict]) -> None:
    conn.execute("UPDATE word_checks SET text = ?, spans = ?, approved_at = NULL WHERE word_id = ?",
                 (text, json.dumps(spans), word_id))

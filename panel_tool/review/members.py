"""Panel members of a pack: added with a one-time access code, listed, removed, given a new code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.review import codes
from panel_tool.packs.packfile import SESSION, open_pack
from panel_tool.review.store import audit, immediate, now_iso
from panel_tool.review.throttle import forget


@dataclass
class NewCode:
    member_id: int
    name: str
    code: str  # shown once, as ABCD-EFGH; only its hash is kept


def _active_tags(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT code_tag FROM members WHERE removed_at IS NULL")}


def _find(conn, pack, who: str):
    rows = conn.execute("SELECT * FROM members WHERE removed_at IS NULL AND (lower(name) = lower(?) OR "
                        "CAST(member_id AS TEXT) = ?)", (who.strip(), who.strip())).fetchall()
    if not rows:
        names = ", ".join(r["name"] for r in conn.execute("SELECT name FROM members WHERE removed_at IS NULL")) or "none yet"
        raise InputError(f"no member called '{who}'", file=str(pack), expected=f"one of: {names} (or a member number)")
    return rows[0]


def add_members(pack: str | Path, names: list[str]) -> list[NewCode]:
    cleaned = [" ".join(n.split()) for n in names]
    if any(not n for n in cleaned):
        raise InputError("a member's name is blank", file=str(pack), expected="a name or nickname for each member")
    if len({n.lower() for n in cleaned}) != len(cleaned):
        raise InputError("the same name is given twice", file=str(pack), expected="a different name for each member")
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            existing = {r[0].lower() for r in conn.execute("SELECT name FROM members WHERE removed_at IS NULL")}
            clash = [n for n in cleaned if n.lower() in existing]
            if clash:
                raise InputError(f"already a member: {', '.join(clash)}", file=str(pack),
                                 expected="new names (use members reset-code to give someone a new code)")
            taken, added = _active_tags(conn), []
            for name in cleaned:
                code = codes.new_code(taken)
                taken.add(codes.tag(code))
                cur = conn.execute("INSERT INTO members (name, code_tag, code_hash, added_at) VALUES (?, ?, ?, ?)",
                                   (name, codes.tag(code), codes.hash_code(code), now_iso()))
                audit(conn, "facilitator", "member_added", member_id=cur.lastrowid)
                added.append(NewCode(cur.lastrowid, name, codes.display(code)))
        return added
    finally:
        conn.close()


def list_members(pack: str | Path) -> list[dict]:
    conn = open_pack(pack, SESSION)
    try:
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        rows = conn.execute(
            "SELECT m.member_id, m.name, m.added_at, m.removed_at, m.finished_at, "
            "(SELECT count(DISTINCT case_id) FROM answers a WHERE a.member_id = m.member_id) AS cases_answered, "
            "(SELECT max(at) FROM audit WHERE actor = 'member:' || m.member_id) AS last_seen "
            "FROM members m ORDER BY m.member_id").fetchall()
        return [{**dict(r), "cases": cases} for r in rows]
    finally:
        conn.close()


def remove_member(pack: str | Path, who: str) -> dict:
    """The member can no longer sign in; what they answered is kept."""
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            row = _find(conn, pack, who)
            conn.execute("UPDATE members SET removed_at = ? WHERE member_id = ?", (now_iso(), row["member_id"]))
            audit(conn, "facilitator", "member_removed", member_id=row["member_id"])
        return dict(row)
    finally:
        conn.close()


def reset_code(pack: str | Path, who: str) -> NewCode:
    """A new code for a member who lost theirs; the old one stops working and any wait is lifted."""
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            row = _find(conn, pack, who)
            code = codes.new_code(_active_tags(conn) - {row["code_tag"]})
            conn.execute("UPDATE members SET code_tag = ?, code_hash = ? WHERE member_id = ?",
                         (codes.tag(code), codes.hash_code(code), row["member_id"]))
            forget(conn, f"member:{row['member_id']}")
            audit(conn, "facilitator", "code_reset", member_id=row["member_id"])
        return NewCode(row["member_id"], row["name"], codes.display(code))
    finally:
        conn.close()

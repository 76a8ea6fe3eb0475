"""The rules of a panel session without a browser: codes, members, release, sign-in throttling, answers."""

from __future__ import annotations

import re
import sqlite3
from multiprocessing import get_context
from pathlib import Path

import pytest

from panel_tool.review import codes
from panel_tool.packs.seal import content_seal
from panel_tool.review.lifecycle import close, release
from panel_tool.review.members import add_members, reset_code
from panel_tool.review.redaction_review import approve_cases
from panel_tool.review.session import AnswerRefused, SignInRefused, sign_in
from panel_tool.review.throttle import FIRST_WAIT_S, FREE_TRIES
from tests.conftest import run_cli
from tests.servers import pack_key, released_pack, seal_key


class Clock:
    def __init__(self, t: float = 1_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


def pack_bytes(pack: Path) -> bytes:
    return b"".join(p.read_bytes() for p in pack.parent.glob(pack.name + "*"))


# --- codes -------------------------------------------------------------------------------------

def test_codes_are_short_unambiguous_and_have_unique_tags():
    taken: set[str] = set()
    for _ in range(300):
        code = codes.new_code(taken)
        assert len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET)
        assert codes.tag(code) not in taken
        taken.add(codes.tag(code))
    assert not set("0O1IL2Z5S8B") & set(codes.ALPHABET)


def test_typed_codes_are_forgiving_about_case_spaces_and_dashes():
    assert codes.normalise(" acde-3479 ") == "ACDE3479"
    assert codes.normalise("AC DE 34 79") == "ACDE3479"
    assert codes.normalise("ACDE-347O") is None  # a letter O is never in a code
    assert codes.normalise("ACDE") is None


def test_a_code_is_kept_only_as_a_slow_salted_hash():
    stored = codes.hash_code("ACDE3479")
    scheme, n, *_ = stored.split("$")
    assert scheme == "scrypt" and int(n) >= 2**14
    assert "ACDE3479" not in stored and codes.hash_code("ACDE3479") != stored  # salted
    assert codes.matches("ACDE3479", stored) and not codes.matches("ACDE3477", stored)


# --- members -----------------------------------------------------------------------------------

def test_members_add_prints_codes_that_never_reach_the_pack_file(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira", "Ben K", "Chloe"])
    assert set(member_codes) == {"Amira", "Ben K", "Chloe"}
    data = pack_bytes(pack)
    for code in member_codes.values():
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
        assert code.encode() not in data and code.replace("-", "").encode() not in data
    listed = run_cli("members", "list", pack)
    assert listed.code == 0 and "Ben K" in listed.out and "0 of" in listed.out
    assert not any(code in listed.out for code in member_codes.values())


def test_members_bad_input(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"])
    for args, words in [(("members", "add", pack, "amira"), "already a member"),
                        (("members", "add", pack, "Dev", "dev"), "the same name is given twice"),
                        (("members", "remove", pack, "Zed"), "no member called 'Zed'"),
                        (("members", "add", tmp_path / "nope.pack.db", "Dev"), "there is no pack here"),
                        (("pack", "release", pack), "already released"),
                        (("pack", "close", tmp_path / "nope.pack.db"), "there is no pack here")]:
        run = run_cli(*args)
        assert run.code == 2 and words in run.err and "Traceback" not in run.err, (args, run.err)


def test_removed_members_and_old_codes_cannot_sign_in(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira", "Ben"])
    assert run_cli("members", "remove", pack, "Amira").code == 0
    with pytest.raises(SignInRefused, match="not right"):
        sign_in(pack, member_codes["Amira"])
    new = reset_code(pack, "Ben")
    with pytest.raises(SignInRefused, match="not right"):
        sign_in(pack, member_codes["Ben"])
    assert sign_in(pack, new.code).name == "Ben"


# --- release and close -------------------------------------------------------------------------

def test_release_records_a_seal_of_the_content_and_close_ends_answering(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira"], release=False)
    with pytest.raises(SignInRefused, match="not open for answers yet"):
        sign_in(pack, member_codes["Amira"])
    approve_cases(pack)  # every case read and found safe: release needs it
    manifest = release(pack, pack_key(pack))
    conn = sqlite3.connect(pack)
    assert manifest["status"] == "released" and manifest["content_hash"] == content_seal(conn, seal_key(pack))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute("UPDATE cases SET area = 'somewhere else' WHERE case_id = 1")
    conn.commit()
    assert content_seal(conn, seal_key(pack)) != manifest["content_hash"]
    conn.close()
    session = sign_in(pack, member_codes["Amira"])
    close(pack)
    with pytest.raises(AnswerRefused, match="Answering has ended"):
        session.save_answer(1, session.form["questions"][0]["id"], session.form["questions"][0]["options"][0]["value"])
    with pytest.raises(SignInRefused, match="Answering has ended"):
        sign_in(pack, member_codes["Amira"])


# --- sign-in throttling ------------------------------------------------------------------------

def test_after_five_wrong_codes_each_try_waits_longer_even_with_the_right_code(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira"])
    right = member_codes["Amira"].replace("-", "")
    wrong = right[:2] + ("C" if right[2] != "C" else "D") + right[3:]  # same member tag, wrong secret
    clock = Clock()
    waits = []
    for _ in range(FREE_TRIES + 2):
        with pytest.raises(SignInRefused) as refused:
            sign_in(pack, wrong, clock=clock)
        waits.append(refused.value.wait_seconds)
        if len(waits) < FREE_TRIES + 2:
            clock.t += refused.value.wait_seconds
    assert waits[:FREE_TRIES - 1] == [0] * (FREE_TRIES - 1)
    assert waits[FREE_TRIES - 1:] == [FIRST_WAIT_S, FIRST_WAIT_S * 2, FIRST_WAIT_S * 4]
    with pytest.raises(SignInRefused, match="please wait 20 seconds"):
        sign_in(pack, right, clock=clock)  # the right code must wait too, or the wait would be no defence
    clock.t += 20
    assert sign_in(pack, right, clock=clock).name == "Amira"
    with pytest.raises(SignInRefused) as again:
        sign_in(pack, wrong, clock=clock)
    assert again.value.wait_seconds == 0  # success starts the count again


def test_mistyped_codes_are_not_counted_and_unknown_codes_share_one_count(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira"])
    clock = Clock()
    for _ in range(10):
        with pytest.raises(SignInRefused, match="3 letters and numbers, but a code has 8"):
            sign_in(pack, "ACD", clock=clock)
    taken = {codes.tag(member_codes["Amira"].replace("-", ""))}
    strangers = [codes.new_code(taken) for _ in range(FREE_TRIES)]
    for code in strangers:
        with pytest.raises(SignInRefused) as refused:
            sign_in(pack, code, clock=clock)
    assert refused.value.wait_seconds == FIRST_WAIT_S
    assert sign_in(pack, member_codes["Amira"], clock=clock).name == "Amira"  # a stranger cannot lock a member out
    audit = sqlite3.connect(pack).execute("SELECT event, count(*) FROM audit GROUP BY event").fetchall()
    assert dict(audit)["sign_in_refused"] == FREE_TRIES and dict(audit)["signed_in"] == 1


# --- answers -----------------------------------------------------------------------------------

def _first_choice(session):
    q = next(q for q in session.form["questions"] if q["type"] == "choice")
    return q["id"], [o["value"] for o in q["options"]]


def test_answers_are_saved_at_once_and_each_member_reads_only_their_own(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira", "Ben"])
    amira, ben = sign_in(pack, member_codes["Amira"]), sign_in(pack, member_codes["Ben"])
    qid, values = _first_choice(amira)
    amira.open_case(1)
    amira.save_answer(1, qid, values[0], seconds=12.5)
    ben.save_answer(1, qid, values[1])
    ben.save_answer(2, qid, values[2])
    text_q = next(q["id"] for q in amira.form["questions"] if q["type"] == "text")
    amira.save_answer(1, text_q, "Grounds were vague <b>really</b>")
    # a fresh connection, as after a restart, finds exactly what was saved
    again = sign_in(pack, member_codes["Amira"])
    assert again.answers() == {1: {qid: values[0], text_q: "Grounds were vague <b>really</b>"}}
    assert again.state()["last_case_id"] == 1
    assert sign_in(pack, member_codes["Ben"]).answers() == {1: {qid: values[1]}, 2: {qid: values[2]}}
    conn = sqlite3.connect(pack)
    assert conn.execute("SELECT seconds FROM case_time WHERE member_id = ? AND case_id = 1", (amira.member_id,)).fetchone()[0] == 12.5
    events = [r[0] for r in conn.execute("SELECT event FROM audit WHERE actor = ? ORDER BY event_id", (amira.actor,))]
    assert events == ["signed_in", "case_opened", "answer_saved", "answer_saved", "signed_in"]


def test_answers_the_form_does_not_allow_are_refused(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira"])
    s = sign_in(pack, member_codes["Amira"])
    qid, _ = _first_choice(s)
    with pytest.raises(AnswerRefused, match="not one of the answers"):
        s.save_answer(1, qid, "purple")
    with pytest.raises(AnswerRefused, match="no question"):
        s.save_answer(1, "favourite_colour", "x")
    text_q = next(q for q in s.form["questions"] if q["type"] == "text")
    with pytest.raises(AnswerRefused, match="longer than"):
        s.save_answer(1, text_q["id"], "x" * (text_q.get("max_length", 2000) + 1))
    assert s.answers() == {}


def _write_answers(args):
    pack, code, worker, n = args
    s = sign_in(pack, code)
    text_q = next(q["id"] for q in s.form["questions"] if q["type"] == "text")
    for i in range(n):
        s.save_answer(1 + i % 5, text_q, f"worker {worker} answer {i}")
    return len(s.answers())


def test_ten_processes_saving_at_once_lose_nothing(tmp_path):
    names = [f"Member {i}" for i in range(10)]
    pack, member_codes = released_pack(tmp_path, members=names)
    with get_context("spawn").Pool(10) as pool:
        pool.map(_write_answers, [(pack, member_codes[n], i, 50) for i, n in enumerate(names)])
    conn = sqlite3.connect(pack)
    assert conn.execute("SELECT count(*) FROM audit WHERE event = 'answer_saved'").fetchone()[0] == 500
    last = conn.execute("SELECT value FROM answers ORDER BY value").fetchall()
    assert len(last) == 50  # 10 members x 5 cases, each holding its latest text
    assert all(v[0].endswith(("45", "46", "47", "48", "49")) for v in last)

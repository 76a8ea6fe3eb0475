"""Passphrases of the facilitator and the force's liaison: set, checked, hashed, throttled, and never
taken from the command line."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import sqlite3
import subprocess
import termios
import time

import pytest

from panel_tool.errors import InputError
from panel_tool.review.passphrases import PassphraseRefused, check_passphrase, set_passphrase
from panel_tool.review.throttle import FIRST_WAIT_S, FREE_TRIES
from tests.conftest import PANEL_TOOL
from tests.servers import released_pack

RIGHT = "purple kettle seven lanterns"


class Clock:
    def __init__(self, t: float = 1_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pack, _ = released_pack(tmp_path_factory.mktemp("built"), members=["Amira"])
    return pack


@pytest.fixture
def pack(built, tmp_path):
    target = tmp_path / built.name
    target.write_bytes(built.read_bytes())
    return target


def pack_bytes(pack) -> bytes:
    return b"".join(p.read_bytes() for p in pack.parent.glob(pack.name + "*"))


def piped(*args, text: str):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([*PANEL_TOOL, *map(str, args)], input=text, capture_output=True, text=True, env=env, timeout=120)


def test_each_role_has_its_own_passphrase_kept_only_as_a_hash(pack):
    set_passphrase(pack, "facilitator", RIGHT)
    set_passphrase(pack, "liaison", "a different passphrase for the force")
    check_passphrase(pack, "facilitator", RIGHT)
    check_passphrase(pack, "liaison", "a different passphrase for the force")
    with pytest.raises(PassphraseRefused, match="not right"):
        check_passphrase(pack, "liaison", RIGHT)
    conn = sqlite3.connect(pack)
    stored = dict(conn.execute("SELECT role, passphrase_hash FROM roles"))
    events = [r[0] for r in conn.execute("SELECT event FROM audit WHERE event LIKE 'passphrase%' ORDER BY event_id")]
    conn.close()
    assert set(stored) == {"facilitator", "liaison"} and all(h.startswith("scrypt$") for h in stored.values())
    assert events == ["passphrase_set", "passphrase_set", "passphrase_accepted", "passphrase_accepted",
                      "passphrase_refused"]
    assert RIGHT.encode() not in pack_bytes(pack) and b"purple kettle" not in pack_bytes(pack)


def test_a_role_without_a_passphrase_says_how_to_set_one(pack):
    with pytest.raises(PassphraseRefused, match=f"no facilitator passphrase has been set: run panel-tool pack "
                                                f"facilitator {pack}"):
        check_passphrase(pack, "facilitator", RIGHT)


def test_weak_or_code_like_passphrases_and_unknown_roles_are_refused(pack):
    for role, passphrase, message in [("facilitator", "short one", "at least 12 characters"),
                                      ("facilitator", " " * 14, "at least 12 characters"),
                                      ("facilitator", "ACDE----3479", "looks like a member's access code"),
                                      ("chair", RIGHT, "'chair' is not a role")]:
        with pytest.raises(InputError, match=message):
            set_passphrase(pack, role, passphrase)
    conn = sqlite3.connect(pack)
    assert conn.execute("SELECT count(*) FROM roles").fetchone()[0] == 0
    conn.close()


def test_wrong_passphrases_wait_longer_each_time_even_after_a_reload(pack):
    set_passphrase(pack, "facilitator", RIGHT)
    clock, waits = Clock(), []
    for _ in range(FREE_TRIES + 2):
        with pytest.raises(PassphraseRefused) as refused:
            check_passphrase(pack, "facilitator", "not the passphrase", clock=clock)  # each call opens the pack afresh
        waits.append(refused.value.wait_seconds)
        if len(waits) < FREE_TRIES + 2:
            clock.t += refused.value.wait_seconds
    assert waits == [0] * (FREE_TRIES - 1) + [FIRST_WAIT_S, FIRST_WAIT_S * 2, FIRST_WAIT_S * 4]
    with pytest.raises(PassphraseRefused, match="please wait 20 seconds") as held:
        check_passphrase(pack, "facilitator", RIGHT, clock=clock)  # the right one waits too
    assert held.value.wait_seconds == 20
    check_passphrase(pack, "facilitator", RIGHT, clock=Clock(clock.t + 20))
    with pytest.raises(PassphraseRefused) as again:
        check_passphrase(pack, "facilitator", "not the passphrase", clock=Clock(clock.t + 20))
    assert again.value.wait_seconds == 0  # success starts the count again


def test_a_new_passphrase_lifts_the_wait(pack):
    set_passphrase(pack, "liaison", RIGHT)
    clock = Clock()
    for _ in range(FREE_TRIES + 1):
        with pytest.raises(PassphraseRefused):
            check_passphrase(pack, "liaison", "not the passphrase", clock=clock)
    set_passphrase(pack, "liaison", "another long passphrase")
    check_passphrase(pack, "liaison", "another long passphrase", clock=clock)
    with pytest.raises(PassphraseRefused, match="not right"):
        check_passphrase(pack, "liaison", RIGHT, clock=clock)


def test_the_command_reads_the_passphrase_from_standard_input_and_never_prints_it(pack):
    run = piped("pack", "facilitator", pack, text=RIGHT + "\n")
    assert run.returncode == 0, run.stderr
    assert "facilitator passphrase" in run.stdout and RIGHT not in run.stdout + run.stderr
    check_passphrase(pack, "facilitator", RIGHT)
    run = piped("pack", "liaison", pack, text="the force liaison's words\r\n")
    assert run.returncode == 0, run.stderr
    check_passphrase(pack, "liaison", "the force liaison's words")
    for args, text, words in [(("pack", "liaison", pack), "", "no liaison passphrase was given on standard input"),
                              (("pack", "liaison", pack), "too short\n", "at least 12 characters"),
                              (("pack", "liaison", pack, RIGHT), "", "unrecognized arguments")]:
        run = piped(*args, text=text)
        assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr, run.stderr
    check_passphrase(pack, "liaison", "the force liaison's words")  # unchanged by the refusals


def at_a_terminal(args, lines: list[str]) -> tuple[int, str]:
    """Run the command with a terminal as its input and output, typing each line after a prompt."""
    main, other = pty.openpty()

    def own_terminal():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen([*PANEL_TOOL, *map(str, args)], stdin=other, stdout=other, stderr=other,
                               preexec_fn=own_terminal, env=env)
    os.close(other)
    shown, deadline = b"", time.monotonic() + 60
    for prompts, line in enumerate(lines, start=1):
        while shown.count(b": ") < prompts and time.monotonic() < deadline:  # each prompt ends with ": "
            if select.select([main], [], [], 0.2)[0]:
                shown += os.read(main, 1024)
        os.write(main, line.encode() + b"\n")
    process.wait(60)
    while select.select([main], [], [], 0.2)[0]:
        try:
            chunk = os.read(main, 1024)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return process.returncode, shown.decode(errors="replace")


def test_at_a_terminal_the_passphrase_is_typed_twice_and_never_shown(pack):
    code, shown = at_a_terminal(("pack", "facilitator", pack), [RIGHT, RIGHT])
    assert code == 0 and "not shown" in shown and "Type it again" in shown and "passphrase of" in shown, shown
    assert RIGHT not in shown
    check_passphrase(pack, "facilitator", RIGHT)
    code, shown = at_a_terminal(("pack", "facilitator", pack), ["another long passphrase", "another long passfrase"])
    assert code == 2 and "do not match" in shown and "another long" not in shown, shown
    check_passphrase(pack, "facilitator", RIGHT)  # unchanged

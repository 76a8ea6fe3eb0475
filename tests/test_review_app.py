"""The review app's behaviour without a browser: saving is never silent, and a closed pack is said plainly."""

from __future__ import annotations

import sqlite3

import pytest

from panel_tool.apps import review
from panel_tool.apps.review import ReviewApp, review_app
from panel_tool.review.lifecycle import close
from panel_tool.review.session import NotSavedYet
from tests.servers import released_pack


@pytest.fixture
def signed_in(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira"])
    app = ReviewApp(str(pack))
    app.code.value = member_codes["Amira"]
    assert app.session is not None, app.sign_in_message.value
    app.show_case(1)
    return pack, app


def stored(pack) -> dict:
    return dict(sqlite3.connect(pack).execute("SELECT question_id, value FROM answers WHERE case_id = 1").fetchall())


def test_a_save_that_fails_for_a_moment_is_retried_and_then_shown_as_saved(signed_in, monkeypatch):
    pack, app = signed_in
    real, failures = app.session.save_answer, []

    def flaky(*args, **kwargs):
        if len(failures) < 2:
            failures.append(1)
            raise NotSavedYet("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(app.session, "save_answer", flaky)
    monkeypatch.setattr(review, "RETRY_DELAYS_S", (0.01, 0.01, 0.01))
    app.controls["grounds_reasonable"].value = "partly"
    assert len(failures) == 2
    assert "Saved at" in app.question_status["grounds_reasonable"].value
    assert stored(pack) == {"grounds_reasonable": "partly"}


def test_a_save_that_keeps_failing_is_shown_kept_and_saved_later(signed_in, monkeypatch):
    pack, app = signed_in
    real = app.session.save_answer
    broken = {"on": True}
    timers = []

    def failing(*args, **kwargs):
        if broken["on"]:
            raise NotSavedYet("disk I/O error")
        return real(*args, **kwargs)

    class FakeTimer:  # the background retry, run by hand below instead of after 5 seconds
        def __init__(self, delay, fn):
            timers.append(fn)

        def start(self):
            pass

    monkeypatch.setattr(app.session, "save_answer", failing)
    monkeypatch.setattr(review, "RETRY_DELAYS_S", (0.01,))
    monkeypatch.setattr(review.threading, "Timer", FakeTimer)
    app.controls["feedback_for_officer"].value = "Good explanation to the young person."
    assert "Not saved yet" in app.question_status["feedback_for_officer"].value
    assert 'role="alert"' in app.question_status["feedback_for_officer"].value
    assert stored(pack) == {} and timers
    broken["on"] = False
    timers[-1]()
    assert "Saved at" in app.question_status["feedback_for_officer"].value
    assert stored(pack) == {"feedback_for_officer": "Good explanation to the young person."}


def test_closing_the_pack_mid_session_is_said_plainly_and_nothing_changes(signed_in):
    pack, app = signed_in
    app.controls["grounds_reasonable"].value = "yes"
    close(pack)
    app.controls["grounds_reasonable"].value = "no"
    assert "Answering has ended" in app.question_status["grounds_reasonable"].value
    assert stored(pack) == {"grounds_reasonable": "yes"}


def test_time_on_each_case_is_recorded(signed_in, monkeypatch):
    pack, app = signed_in
    clock = iter([100.0, 130.0, 175.0, 200.0])
    monkeypatch.setattr(review.time, "monotonic", lambda: next(clock))
    app.checkpoint = 90.0
    app.controls["grounds_reasonable"].value = "yes"  # 10 s on case 1 so far
    app.show_case(2)  # +30 s on case 1
    app.show_list()  # 45 s on case 2
    seconds = dict(sqlite3.connect(pack).execute("SELECT case_id, seconds FROM case_time").fetchall())
    assert seconds[1] == pytest.approx(40, abs=0.01) and seconds[2] == pytest.approx(45, abs=0.01)


def test_a_page_not_started_by_serve_says_so(monkeypatch):
    monkeypatch.delenv("PANEL_TOOL_PACK", raising=False)
    assert "not opened through the panel's own link" in review_app().value

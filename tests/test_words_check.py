"""Members' own words reach a report only as the facilitator checked them (issue 14, Build 2a).

Members write names too, and some the redactor cannot know: a nickname that is also an ordinary word.
A member plants one; every file the report and the exports write (HTML, the PDF's text, CSV, JSON,
force's copy and public version) is searched as bytes for it, before the facilitator's check and after
it, with the real `panel-tool` command on a real pack."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from panel_tool.anonymise.redaction import redact
from panel_tool.review.discussion import record_outcome
from panel_tool.review.redaction_review import second_look
from panel_tool.review.session import sign_in
from panel_tool.review.words import approve_words, edit_words, list_words, redact_words
from tests.conftest import run_cli
from tests.servers import released_pack

NICKNAME = "Biscuit"  # a member's words name the young man by his nickname, an ordinary English word
ESTATE = "Haverstock"  # where he lives: a word the rules are unsure of, so marked for a second look
PLANTED = f"The officer kept calling the lad {NICKNAME} on the {ESTATE} estate and laughed"
OUTCOME_WORDS = f"Stop calling young people names like {NICKNAME}"
SAFE = "Grounds were thin and the camera was off"


def written_files(directory: Path, pack: Path, name: str) -> tuple[dict[str, bytes], list]:
    """Every file the report (force's copy with its PDF, public version with its PDF) and both exports
    write, as bytes; a PDF as the text pdftotext reads from it."""
    out = directory / name
    out.mkdir()
    runs = [run_cli("report", pack, "--out", out / "force.html", "--pdf"),
            run_cli("report", pack, "--out", out / "public.html", "--pdf", "--public"),
            run_cli("export", pack, "--format", "csv", "--out", out / "csv"),
            run_cli("export", pack, "--format", "json", "--out", out / "json")]
    for run in runs:
        assert run.code == 0, run.err
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout
            files[path.name] = b" ".join(text.split())  # words a PDF breaks across lines, joined again
        else:
            files[str(path.relative_to(out))] = path.read_bytes()
    assert set(files) == {"force.html", "force.pdf", "public.html", "public.pdf", "csv/actions.csv", "csv/answers.csv",
                          "csv/cases.csv", "csv/outcomes.csv", "csv/responses.csv", "json/feedback.json"}
    return files, runs


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    directory = tmp_path_factory.mktemp("words")
    pack, codes = released_pack(directory, members=["Amira", "Ben", "Cara"])
    for i, code in enumerate(codes.values()):
        s = sign_in(pack, code)
        s.save_answer(1, "overall_rating", "red")
        s.save_answer(1, "feedback_for_officer", PLANTED if i == 0 else SAFE)
        s.close()
    record_outcome(pack, 1, rating="red", feedback_for_officer=OUTCOME_WORDS, learning_for_force=SAFE)
    return directory, pack


def test_the_redactor_alone_lets_the_nickname_through(pack):
    """What makes the facilitator's check needed: a nickname that is a word is no name to the rules."""
    assert NICKNAME in redact(PLANTED).text and NICKNAME in redact(OUTCOME_WORDS).text
    assert ESTATE in redact(PLANTED).text


def test_no_file_a_report_or_export_writes_carries_unchecked_words(pack):
    directory, pack = pack
    files, runs = written_files(directory, pack, "before")
    carrying = [name for name, data in files.items() if NICKNAME.encode() in data or ESTATE.encode() in data
                or b"laughed" in data or b"Grounds were thin" in data]
    assert carrying == []
    # ... and the report says plainly how many pieces are left out: three answers and two agreed texts.
    force = files["force.html"].decode()
    assert "5 pieces of writing by members or the panel" in force and "left out of this report" in force
    assert "5 pieces of writing by members or the panel" in files["force.pdf"].decode()
    assert "Left out: 5 pieces" in runs[0].out
    document = json.loads(files["json/feedback.json"])
    assert document["words_awaiting_check"] == 5
    assert [a["answer"] for a in document["answers"] if a["question_id"] == "feedback_for_officer"] == [None] * 3
    assert "5 pieces of members' writing await your check" in runs[2].out


def test_the_facilitator_sees_the_nickname_marked_redacts_it_and_only_then_the_words_reach_the_report(pack):
    directory, pack = pack
    listed = run_cli("words", "list", pack, "--json")
    assert listed.code == 0, listed.err
    pieces = json.loads(listed.out)
    assert len(pieces) == 5 and not any(p["approved"] for p in pieces)
    planted = next(p for p in pieces if "laughed" in p["text"])
    # the case checker's second look (one implementation) marks the estate for the facilitator; the nickname,
    # an ordinary word, is left to the facilitator's reading
    assert planted["second_look"] == second_look(planted["text"])
    assert [(m["word"], m["reason"]) for m in planted["second_look"]] == [(ESTATE, "could be a place or a street")]
    outcome = next(p for p in pieces if p["source"] == "outcome" and NICKNAME in p["text"])

    run = run_cli("words", "redact", pack, planted["word_id"], NICKNAME, "--as", "NAME")
    assert run.code == 0 and "[NAME 1]" in run.out, run.err
    redact_words(pack, outcome["word_id"], NICKNAME, "NAME")
    redact_words(pack, planted["word_id"], ESTATE, "PLACE")
    assert run_cli("words", "approve", pack, "--all").code == 0
    assert list_words(pack) == []

    files, runs = written_files(directory, pack, "after")
    assert [name for name, data in files.items() if NICKNAME.encode() in data or ESTATE.encode() in data] == []
    force, feedback = files["force.html"].decode(), json.loads(files["json/feedback.json"])
    checked = "The officer kept calling the lad [NAME 1] on the [PLACE 1] estate and laughed"
    assert checked in force and checked.encode() in files["force.pdf"]
    assert "Stop calling young people names like [NAME 1]" in force and "Grounds were thin" in force
    assert "await the facilitator" not in force and "Left out" not in runs[0].out
    assert feedback["words_awaiting_check"] == 0
    assert checked in [a["answer"] for a in feedback["answers"]]
    assert checked.encode() in files["csv/answers.csv"] and b"like [NAME 1]" in files["csv/outcomes.csv"]
    assert b"laughed" not in files["public.html"] and b"laughed" not in files["public.pdf"]


def test_words_changed_by_their_writer_go_back_to_the_check(tmp_path):
    pack, codes = released_pack(tmp_path, members=["Amira"])
    member = sign_in(pack, codes["Amira"])
    member.save_answer(2, "feedback_for_officer", SAFE)
    [piece] = list_words(pack)
    assert approve_words(pack) == [piece["word_id"]] and list_words(pack) == []
    member.save_answer(2, "feedback_for_officer", PLANTED)
    member.close()
    [again] = list_words(pack)
    assert again["word_id"] == piece["word_id"] and again["text"] == redact(PLANTED).text and not again["approved"]
    page = tmp_path / "report.html"
    assert run_cli("report", pack, "--out", page).code == 0
    assert b"laughed" not in page.read_bytes() and b"Grounds were thin" not in page.read_bytes()
    # the facilitator's own wording, approved, is what the report carries
    edit_words(pack, again["word_id"], "The officer used a nickname for the young man")
    approve_words(pack, [again["word_id"]])
    assert run_cli("report", pack, "--out", page).code == 0
    assert b"The officer used a nickname for the young man" in page.read_bytes()
    assert b"laughed" not in page.read_bytes()
    # nothing of the pack's audit log carries the words
    with sqlite3.connect(pack) as db:
        events = db.execute("SELECT event, coalesce(detail, '') FROM audit WHERE event LIKE 'words%' ORDER BY event_id").fetchall()
    assert [e for e, _ in events] == ["words_approved", "words_approval_withdrawn", "words_edited", "words_approved"]
    assert not any("nickname" in d or "laughed" in d or "Grounds" in d for _, d in events)


def test_bad_input_gets_a_plain_error_naming_what_was_expected(tmp_path):
    pack, codes = released_pack(tmp_path, members=["Amira"])
    member = sign_in(pack, codes["Amira"])
    member.save_answer(1, "feedback_for_officer", PLANTED)
    member.close()
    [piece] = list_words(pack)
    for args, expected in [(("approve", pack), "--all, or their numbers"),
                           (("approve", pack, "7", "--all"), "--all, or their numbers"),
                           (("approve", pack, "seven"), "numbers as panel-tool words list prints them"),
                           (("approve", pack, "99"), f"a number list_words gives ({piece['word_id']})"),
                           (("redact", pack, str(piece["word_id"]), "Marmalade"), "whole words as they appear"),
                           (("redact", pack, str(piece["word_id"]), NICKNAME, "--as", "a name!"), "capital letters"),
                           (("edit", pack, str(piece["word_id"]), "   "), "the words as the report should carry them"),
                           (("list", tmp_path / "missing.pack.db"), "the path of a .pack.db file")]:
        run = run_cli("words", *args)
        assert run.code == 2 and "Traceback" not in run.err and expected in run.err, (args, run.err)
    assert list_words(pack)[0]["text"] == redact(PLANTED).text  # nothing was changed by the refusals


def test_the_facilitators_check_words_screen_in_plain_english(tmp_path):
    """The app's screen, without a browser (the whole session in Chromium is tests/test_facilitator_browser.py):
    the piece shown with the case checker's marks, a refusal that says what to do on the screen (never a
    command or a path), then a redaction and an approval."""
    import ipywidgets as widgets

    from panel_tool.apps.facilitator import FacilitatorApp
    from tests.app_widgets import widgets_in
    from tests.test_staff_words import COMMAND_OR_PATH, click, texts_of

    pack, codes = released_pack(tmp_path, members=["Amira"])
    member = sign_in(pack, codes["Amira"])
    member.save_answer(1, "feedback_for_officer", PLANTED)
    member.close()
    app = FacilitatorApp(str(pack))
    app._start()
    click(app, "Check words")
    said = texts_of(app)
    assert "1 to check" in said and "0 approved" in said and "The officer kept calling the lad Biscuit" in said
    shown = next(w.value for w in widgets_in(app.root, widgets.HTML) if "pt-grounds" in w.value)
    assert f'<mark class="pt-second-look" title="check this: could be a place or a street">{ESTATE}' in shown

    def words_box() -> widgets.Text:
        return next(w for w in widgets_in(app.root, widgets.Text)
                    if w.description == "Words to redact (whole words; capitals don't matter)")

    words_box().value = "Marmalade"
    click(app, "Redact these words")
    said = texts_of(app)
    assert "Type the words as they appear in the piece, then try again." in said and not COMMAND_OR_PATH.search(said)
    words_box().value = NICKNAME
    click(app, "Redact these words")
    assert "redacted. Read it again, then approve it." in texts_of(app)
    click(app, "Approve these words")
    said = texts_of(app)
    assert "0 to check" in said and "approved for the force's report" in said
    assert [p["text"] for p in list_words(pack, all=True)] == [redact(PLANTED).text.replace(NICKNAME, "[NAME 1]")]

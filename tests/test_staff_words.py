"""The facilitator's screens in plain English, without a browser: refusals say what to do in the
app (never a command or a path), details are edited by their labels from pick-lists, and dates
read as a person writes them."""

from __future__ import annotations

import re
from html import unescape

import ipywidgets as widgets

from panel_tool.apps.facilitator import FacilitatorApp
from panel_tool.apps.staff import date_words, passphrase_box, text_box
from panel_tool.review import redaction_review
from tests.app_widgets import widgets_in
from tests.servers import released_pack

COMMAND_OR_PATH = re.compile(r"panel-tool|--\w|/\w+/|\.pack\.db|\.key\b")


def texts_of(app) -> str:
    return unescape("\n".join(w.value for w in widgets_in(app.root) if isinstance(w, widgets.HTML)))


def click(app, label: str) -> None:
    next(w for w in widgets_in(app.root) if isinstance(w, widgets.Button) and w.description == label).click()


def test_an_early_release_says_what_to_do_on_this_screen(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"], release=False)
    app = FacilitatorApp(str(pack))
    app._start()  # the gate is the door's job under serve
    click(app, "Release to members")
    said = texts_of(app)
    assert "have not been approved" in said and 'under "Case to check"' in said
    assert not COMMAND_OR_PATH.search(said), said


def test_words_not_in_the_text_read_as_two_sentences(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"], release=False)
    app = FacilitatorApp(str(pack))
    app._start()
    box = next(w for w in widgets_in(app.root) if isinstance(w, widgets.Text) and w.description.startswith("Words to redact"))
    box.value = "words that are surely not there"
    click(app, "Redact these words")
    # the refusal is now redact_case_words' own (the box looks in every account of the case, in any capitals)
    said = texts_of(app)
    assert ("'words that are surely not there' is not in the texts of case 1. Type whole words as they appear in "
            "the case (capitals do not matter), then try again.") in said and not COMMAND_OR_PATH.search(said)


def test_a_detail_is_chosen_by_its_label_and_set_from_its_allowed_values(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"], release=False)
    app = FacilitatorApp(str(pack))
    app._start()
    field = next(w for w in widgets_in(app.root) if isinstance(w, widgets.Dropdown) and w.description == "Detail to edit")
    labels = [label for label, _ in field.options]
    assert "Body-worn video recorded it" in labels and not [l for l in labels if "_" in l]
    field.value = "bwv_used"
    value = next(w for w in widgets_in(app.root) if isinstance(w, widgets.Dropdown) and w.description == "New value")
    assert [label for label, _ in value.options] == ["Yes", "No", "Not recorded"]
    value.value = "no"
    click(app, "Change this detail")
    assert "Case 1: body-worn video recorded it changed." in texts_of(app)
    assert next(c for c in redaction_review.draft_cases(pack) if c["case_id"] == 1)["fields"]["bwv_used"] == 0
    field = next(w for w in widgets_in(app.root) if isinstance(w, widgets.Dropdown) and w.description == "Detail to edit")
    field.value = "legislation"
    value = next(w for w in widgets_in(app.root) if isinstance(w, widgets.Dropdown) and w.description == "New value")
    assert "Misuse of Drugs Act 1971 (section 23)" in value.options


def test_the_check_screen_shows_the_grounds_where_they_belong(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"], release=False)
    app = FacilitatorApp(str(pack))
    app._start()
    assert "Nothing was written" not in texts_of(app)
    assert 'class="pt-grounds"' in texts_of(app)


def test_dates_read_as_a_person_writes_them():
    assert re.fullmatch(r"27 Nov 2026, \d\d:\d\d", date_words("2026-11-27T11:00:36.737+00:00"))
    assert date_words("2026-11-27") == "27 Nov 2026"


def test_staff_text_boxes_send_their_words_before_a_button_reads_them(tmp_path):
    """Synced key by key, the browser holds each new value back while the kernel is busy with the
    last one but sends a click at once, so a button could read half a title ("March youth pa"). Every
    box of the staff apps syncs when it loses focus, which happens before the button is pressed."""
    pack, _ = released_pack(tmp_path, members=["Amira"], release=False)
    app = FacilitatorApp(str(pack))
    boxes = [w for w in widgets_in(app.root) if isinstance(w, (widgets.Text, widgets.Textarea))]
    boxes += [text_box("Title"), text_box("Names", area=True), passphrase_box("Passphrase")]
    assert boxes and all(w.continuous_update is False for w in boxes)

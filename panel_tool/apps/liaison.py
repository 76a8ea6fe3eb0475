"""The force liaison's app: read what the panel agreed and asked, and record the force's reply to each."""

from __future__ import annotations

import os
from datetime import date

import ipywidgets as widgets

from panel_tool.apps.cards import action_card, case_card
from panel_tool.apps.facilitator import plain
from panel_tool.apps.staff import PassphraseGate, button, date_words, html, said, text_box
from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, open_pack, read_manifest
from panel_tool.review import actions, discussion, responses
from panel_tool.review.record import read_record
from panel_tool.review.words import OUTCOME, OUTCOME_WORDS, checked_words

AWAITING = "Awaiting the facilitator's check"


def liaison_app(pack: str | None = None) -> widgets.Widget:
    pack = pack or os.environ.get("PANEL_TOOL_PACK")
    if not pack:
        return widgets.HTML("<h1>Force replies</h1><p>This page was not opened through the panel's own link, so it "
                            "does not know which pack to show. Ask the panel's facilitator for the right link.</p>")
    return LiaisonApp(pack).root


class LiaisonApp:
    def __init__(self, pack: str):
        self.pack = pack
        gate = PassphraseGate(pack, "liaison", "The force's replies", self.show)
        self.screen = widgets.VBox([gate.widget], layout=widgets.Layout(width="100%"))
        self.root = widgets.VBox([gate.trouble, self.screen], layout=widgets.Layout(width="100%"))
        self.root.add_class("pt-app")
        self.root.add_class("pt-wide")
        gate.enter_if_signed_in()

    def show(self, message: str = "") -> None:
        outcomes = discussion.agreed_outcomes(self.pack)
        # the panel's words reach the force as the facilitator checked them, as in the report (review/words.py)
        checked = checked_words(read_record(self.pack))
        for case_id, o in outcomes.items():
            for column in OUTCOME_WORDS:
                o[column] = checked.of(OUTCOME, case_id, column) or (AWAITING if (o.get(column) or "").strip() else "")
        listed = actions.list_actions(self.pack)
        replies = responses.list_responses(self.pack)
        contents, overall = discussion.case_contents(self.pack)
        kind = read_kind(self.pack)
        said_for: dict[tuple, list[str]] = {}
        for r in replies:
            said_for.setdefault((r["target"], r["target_id"]), []).append(
                f"{date_words(r['responded_on'])}: {r['response']}")
        cards = [case_card(cid, o, contents[cid]["fields"], kind, overall, said_for.get(("case", cid), []))
                 for cid, o in outcomes.items() if cid in contents]
        action_cards = [action_card(a, said_for.get(("action", a["action_id"]), [])) for a in listed]
        targets = [(f"Case {cid}", ("case", cid)) for cid in outcomes] + \
                  [(f"Action {a['action_id']}", ("action", a["action_id"])) for a in listed]
        status = html(said(message) if message else "")
        parts = [html("<h1>The force's replies</h1><p>What the panel agreed about each case, and the questions and "
                      "actions it set. Record the force's reply to each: it goes back to the panel's next meeting.</p>"
                      "<h2>What the panel agreed</h2>" + ("".join(cards) or "<p>No case has an agreed view yet.</p>")
                      + "<h2>Questions and actions for the force</h2>"
                      + ("".join(action_cards) or "<p>No questions or actions yet.</p>")), status]
        if not targets:
            self.screen.children = parts + [html("<p>Nothing to reply to yet.</p>")]
            return
        target = widgets.Dropdown(options=targets, description="Reply to", style={"description_width": "initial"})
        words = text_box("The force's reply", area=True)
        on = text_box("Date of the reply", date.today().isoformat(), placeholder="YYYY-MM-DD")
        record = button("Record the reply", "primary", "pt-record-reply")

        def record_it(_):
            try:
                responses.record_response(self.pack, target.value[0], target.value[1], words.value, on.value,
                                          source="liaison")
            except InputError as problem:
                status.value = said(plain(problem), error=True)
                return
            self.show(f"Reply to {target.label} recorded.")

        record.on_click(record_it)
        self.screen.children = parts + [html("<h2>Record a reply</h2>"), target, words, on, record]


def read_kind(pack: str) -> str:
    conn = open_pack(pack, SESSION)
    try:
        return read_manifest(conn)["kind"]
    finally:
        conn.close()

"""The facilitator's app: check the redaction and release, follow members' progress, run the
discussion, check members' own words before the report, and keep the panel's actions for the force.

Every change goes through panel_tool.review, which writes the audit log; this module only shows.
"""

from __future__ import annotations

import os
from html import escape

import ipywidgets as widgets

from panel_tool.apps.cards import action_card
from panel_tool.apps.case_view import FIELD_LABELS, case_html, text_html
from panel_tool.contracts import canonical_fields
from panel_tool.apps.meeting import Meeting
from panel_tool.apps.staff import PassphraseGate, button, date_words, html, said, table, text_box
from panel_tool.errors import InputError
from panel_tool.review import actions, assignments, lifecycle, redaction_review, words
from panel_tool.review.store import WORDS_STILL_IN_FILE
from panel_tool.packs.packfile import SESSION, open_pack, read_manifest

ACTION_STATUSES = ["open", "in progress", "done", "dropped"]
#: The case check's box: what it redacts (redaction_review.redact_case_words), in plain words.
REDACT_LABEL = "Words to redact everywhere in this case (capitals don't matter)"


def facilitator_app(pack: str | None = None) -> widgets.Widget:
    pack = pack or os.environ.get("PANEL_TOOL_PACK")
    if not pack:
        return widgets.HTML("<h1>Facilitator</h1><p>This page was not opened through the panel's own link, so it does "
                            "not know which pack to show. Ask for the right link.</p>")
    return FacilitatorApp(pack).root


YES_NO = [("Yes", "yes"), ("No", "no"), ("Not recorded", "")]


def _sentence(words: str) -> str:
    words = words.strip().rstrip(".")
    return words[:1].upper() + words[1:] + "."


def plain(problem: InputError) -> str:
    """A refusal as it reads on a screen: what is wrong, then what to do here (never a command)."""
    advice = problem.in_app or problem.expected
    return _sentence(problem.message) + (f" {_sentence(advice)}" if advice else "")


def after_change(done: str, result) -> str:
    """What a screen says after a change: `done`, and, when the change took words out (a redaction, a
    replacement, an edit) but another program's read kept the old words in the pack file, that too."""
    if isinstance(result, dict) and result.get("folded") is False:
        return f"{done} {WORDS_STILL_IN_FILE}"
    return done


def detail_control(field: str, current, kind: str) -> widgets.Widget:
    """The new value of a case detail: a pick-list of the values it may take where the record
    defines them (yes/no, the data.police.uk lists), else a text box."""
    label = "New value"
    spec = canonical_fields(kind).get(field)
    if spec is not None and spec.kind == "boolean":
        control = widgets.Dropdown(options=YES_NO, value={1: "yes", 0: "no"}.get(current, ""), description=label)
    elif spec is not None and spec.kind == "enum":
        choices = list(spec.allowed) + [v for v in (current, "Not shown") if v and v not in spec.allowed]
        control = widgets.Dropdown(options=choices, value=current or choices[0], description=label)
    elif isinstance(current, list):  # a list field (use of force's tactics...): its items, comma separated
        return text_box(label + " (separate items with commas)", ", ".join(map(str, current)))
    else:
        return text_box(label, "" if current is None else str(current))
    control.style = {"description_width": "initial"}
    control.add_class("pt-question")
    return control


class CaseChecker:
    """Check the redaction case by case, then release: the one implementation, shown in the
    facilitator's app and in the facilitator's workbench (apps/prepare.py)."""

    def __init__(self, pack: str, with_release: bool = True):
        """`with_release`: show the release button here (the workbench releases in a later step of its own)."""
        self.pack, self.with_release = pack, with_release
        self.widget = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.refresh()

    def refresh(self, message: str = "") -> None:
        self.widget.children = self._cases_screen(message)

    def _cases_screen(self, message: str = "") -> list:
        m = manifest_of(self.pack)
        if m.get("status") != "draft":
            return [html(said(message) if message else ""), html(f"<p>This pack was released on {escape(date_words(m.get('released_at')))}: "
                         "its cases are frozen. Members can sign in.</p>")]
        cases = redaction_review.draft_cases(self.pack)
        rows = [[c["case_id"], "excluded" if c.get("excluded") else "approved" if c.get("approved") else "to check"]
                for c in cases]
        picker = widgets.Dropdown(options=[(f"Case {c['case_id']}", c["case_id"]) for c in cases],
                                  description="Case to check", style={"description_width": "initial"})
        release_button = button("Release to members", "success", "pt-release")
        status = html(said(message) if message else "")
        detail = widgets.VBox()

        def show_case(case_id):
            self.selected_case = case_id  # an action redraws the screen: stay on this case
            detail.children = self._case_checker(next(c for c in cases if c["case_id"] == case_id))

        def release(_):
            try:
                lifecycle.release(self.pack)
            except InputError as problem:
                status.value = said(plain(problem), error=True)
                return
            self.widget.children = self._cases_screen("Released: members can now sign in.")

        picker.observe(lambda change: show_case(change["new"]), names="value")
        release_button.on_click(release)
        if cases:
            ids = [c["case_id"] for c in cases]
            picker.value = getattr(self, "selected_case", None) if getattr(self, "selected_case", None) in ids else ids[0]
            show_case(picker.value)
        intro = html("<p>Read each case as members will see it. Redactions are marked in black; words the tool "
                     "left that may identify someone are marked in yellow for a second look. Redact more, "
                     "replace an over-eager redaction with neutral words, edit a detail, or exclude the case; "
                     "then approve it. Release is possible once every case is approved or excluded.</p>"
                     + table(["Case", "State"], rows, "Cases and their checks"))
        return [intro, release_button if self.with_release else html(), status, picker, detail]

    def _case_checker(self, case: dict) -> list:
        case_id = case["case_id"]
        texts = case.get("texts", [])
        record_kind = manifest_of(self.pack)["kind"]
        view = html(case_html(case["fields"], texts, record_kind, second_look=True), "pt-case")
        message = html()

        def act(do, done: str):
            try:
                result = do()
            except InputError as problem:
                message.value = said(plain(problem), error=True)
                return
            self.widget.children = self._cases_screen(after_change(done, result))

        words = text_box(REDACT_LABEL)
        kind = widgets.Dropdown(options=["NAME", "ADDRESS", "PLACE", "NUMBER", "OTHER"], value="OTHER",
                                description="Replace with", style={"description_width": "initial"})
        redact = button("Redact these words", "", "pt-redact")
        redact.on_click(lambda _: act(lambda: redaction_review.redact_case_words(self.pack, case_id, words.value,
                                                                                 kind.value),
                                      f"Case {case_id}: redacted."))
        placeholders = [(f"{t.get('officer_label') or 'Text'}: {t['text'][s['start']:s['end']]}", (t["text_id"], i))
                        for t in texts for i, s in enumerate(t["spans"])]
        placeholder = widgets.Dropdown(options=placeholders, description="Redaction to replace",
                                       style={"description_width": "initial"})
        neutral = text_box("Neutral words instead", placeholder="e.g. a shop")
        replace = button("Replace the redaction", "", "pt-replace")
        replace.on_click(lambda _: act(lambda: redaction_review.replace_redaction(
            self.pack, placeholder.value[0], placeholder.value[1], neutral.value), f"Case {case_id}: replaced."))
        editable = [(FIELD_LABELS.get(f, f.replace("_", " ").capitalize()), f) for f in case["fields"]
                    if f in FIELD_LABELS]
        field = widgets.Dropdown(options=editable, description="Detail to edit", style={"description_width": "initial"})
        value_box = widgets.VBox()

        def choose_field(name):
            value_box.children = [detail_control(name, case["fields"].get(name), record_kind)]

        field.observe(lambda change: choose_field(change["new"]), names="value")
        choose_field(field.value)
        edit = button("Change this detail", "", "pt-edit")
        edit.on_click(lambda _: act(lambda: redaction_review.edit_field(self.pack, case_id, field.value,
                                                                         value_box.children[0].value),
                                    f"Case {case_id}: {field.label.lower()} changed."))
        approve = button("Approve this case", "success", "pt-approve")
        approve.on_click(lambda _: act(lambda: redaction_review.approve_case(self.pack, case_id),
                                       f"Case {case_id} approved."))
        if case.get("excluded"):
            exclude = button("Include this case again", "", "pt-include")
            exclude.on_click(lambda _: act(lambda: redaction_review.exclude_case(self.pack, case_id, excluded=False),
                                           f"Case {case_id} is included again: read it and approve it."))
        else:
            exclude = button("Exclude this case", "danger", "pt-exclude")
            exclude.on_click(lambda _: act(lambda: redaction_review.exclude_case(self.pack, case_id),
                                           f"Case {case_id} excluded: it will not reach members."))
        parts = [html(f"<h2>Case {case_id}</h2>"), view]
        if texts:
            parts += [html("<h3>Redact more</h3><p>Type whole words. They are taken out wherever they appear in "
                           "this case, in every officer's account, whatever their capitals, and every mention "
                           "reads the same, such as [NAME 2].</p>"), words, kind, redact]
        if placeholders:
            parts += [html("<h3>Undo an over-eager redaction</h3><p>The original words are not in the pack; "
                           "write neutral words of your own.</p>"), placeholder, neutral, replace]
        parts += [html("<h3>Edit a detail</h3>"), field, value_box, edit]
        return parts + [widgets.HBox([approve, exclude]).add_class("pt-row"), message]



def manifest_of(pack: str) -> dict:
    conn = open_pack(pack, SESSION)
    try:
        return read_manifest(conn)
    finally:
        conn.close()


class FacilitatorApp:
    def __init__(self, pack: str):
        self.pack = pack
        self.gate = PassphraseGate(pack, "facilitator", "Facilitator", self._start)
        self.screen = widgets.VBox([self.gate.widget], layout=widgets.Layout(width="100%"))
        self.root = widgets.VBox([self.gate.trouble, self.screen], layout=widgets.Layout(width="100%"))
        self.root.add_class("pt-app")
        self.root.add_class("pt-wide")  # projected in a room and read on a laptop: use the width
        self.gate.enter_if_signed_in()

    def _manifest(self) -> dict:
        return manifest_of(self.pack)

    def _start(self) -> None:
        self.meeting = None  # built when first shown, then kept so the room's place is kept too
        self.nav = {name: button(name, "", "pt-nav") for name in ("Check cases", "Members", "Meeting", "Check words",
                                                                 "Actions")}
        for name, b in self.nav.items():
            b.on_click(lambda _, n=name: self.show(n))
        self.heading = html()
        self.body = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.screen.children = [widgets.HBox(list(self.nav.values())).add_class("pt-row"), self.heading, self.body]
        self.checker = None  # built when first shown
        self.show("Check cases" if self._manifest().get("status") == "draft" else "Members")

    def show(self, screen: str) -> None:
        m = self._manifest()
        self.heading.value = (f"<h1>{escape(screen)}</h1><p>{escape(m.get('title', ''))}. Status: "
                              f"<strong>{escape(m.get('status', ''))}</strong>.</p>")
        for name, b in self.nav.items():
            b.button_style = "primary" if name == screen else ""
        self.body.children = {"Check cases": self._check_screen, "Members": self._members_screen,
                              "Meeting": self._meeting_screen, "Check words": self._words_screen,
                              "Actions": self._actions_screen}[screen]()

    def _check_screen(self) -> list:
        if self.checker is None:
            self.checker = CaseChecker(self.pack)
        else:
            self.checker.refresh()
        return [self.checker.widget]

    # --- members and their progress -----------------------------------------------------------
    def _members_screen(self, message: str = "") -> list:
        # "Finished" is the member's word; say too when they finished with cases left.
        rows = [[r["name"], f"{r['done']} of {r['cases']}",
                 ("Yes" if r["done"] >= r["cases"] else f"Yes, with {r['cases'] - r['done']} not done") if r["finished"]
                 else "No"]
                for r in assignments.progress(self.pack)]
        raters = widgets.BoundedIntText(value=3, min=1, max=max(1, len(rows)), description="Raters for each case",
                                        style={"description_width": "initial"})
        status = html(said(message) if message else "")
        share = button("Give each case this many raters", "", "pt-assign")
        everyone = button("Every member rates every case", "", "pt-assign-all")
        refresh = button("Refresh", "", "pt-refresh")

        def assign(n):
            try:
                assignments.assign(self.pack, raters_per_case=n)
            except InputError as problem:
                status.value = said(plain(problem), error=True)
                return
            self.body.children = self._members_screen("Cases assigned.")

        share.on_click(lambda _: assign(raters.value))
        everyone.on_click(lambda _: assign(None))
        refresh.on_click(lambda _: setattr(self.body, "children", self._members_screen()))
        return [html(table(["Member", "Cases done", "Finished"], rows, "Members' progress")), refresh,
                html("<h2>Who rates what</h2>"), raters, widgets.HBox([share, everyone]).add_class("pt-row"), status]

    # --- the meeting ------------------------------------------------------------------------
    def _meeting_screen(self) -> list:
        if self.meeting is None:
            self.meeting = Meeting(self.pack, plain)
        else:
            self.meeting.refresh()
        return [self.meeting.widget]

    # --- actions for the force ----------------------------------------------------------------
    # --- members' own words, checked before the force's report --------------------------------
    def _words_screen(self, message: str = "") -> list:
        pieces = words.list_words(self.pack, all=True)
        waiting = [p for p in pieces if not p["approved"]]
        status = html(said(message) if message else "")
        intro = html("<p>Members write names too. Read what members and the panel wrote before it goes in the "
                     "force's report. Redactions are marked in black; words the tool left that may identify someone "
                     "are marked in yellow for a second look. Redact more or rewrite the words, then approve them. "
                     "Until then the report and the exports leave them out, and say how many are left out.</p>"
                     f"<p><strong>{len(waiting)} to check</strong>, {len(pieces) - len(waiting)} approved.</p>")
        if not pieces:
            return [intro, html("<p>Members have not written anything yet.</p>"), status]
        ordered = waiting + [p for p in pieces if p["approved"]]
        picker = widgets.Dropdown(options=[(f"Case {p['case_id']}: {p['about']} ({'approved' if p['approved'] else 'to check'})",
                                            p["word_id"]) for p in ordered],
                                  description="Words to check", style={"description_width": "initial"})
        detail = widgets.VBox()

        def show_piece(word_id):
            self.selected_words = word_id  # an action redraws the screen: stay on these words
            detail.children = self._words_checker(next(p for p in pieces if p["word_id"] == word_id))

        picker.observe(lambda change: show_piece(change["new"]), names="value")
        ids = [p["word_id"] for p in ordered]
        chosen = getattr(self, "selected_words", None)
        # stay on words still to check (after a redaction); after an approval, go on to the next to check
        picker.value = chosen if chosen in [p["word_id"] for p in waiting] else ids[0]
        show_piece(picker.value)
        return [intro, status, picker, detail]

    def _words_checker(self, piece: dict) -> list:
        word_id = piece["word_id"]
        message = html()

        def act(do, done: str):
            try:
                result = do()
            except InputError as problem:
                message.value = said(plain(problem), error=True)
                return
            self.body.children = self._words_screen(after_change(done, result))

        where = f"Case {piece['case_id']}: {piece['about']}"
        view = html(f"<h2>{escape(where)}</h2><p class=\"pt-grounds\">"
                    f"{text_html(piece['text'], piece['spans'], piece['second_look'])}</p>"
                    + ("<p>Approved: the force's report carries these words.</p>" if piece["approved"] else ""),
                    "pt-case")
        chosen = text_box("Words to redact (whole words; capitals don't matter)")
        kind = widgets.Dropdown(options=["NAME", "ADDRESS", "PLACE", "NUMBER", "OTHER"], value="NAME",
                                description="Replace with", style={"description_width": "initial"})
        redact = button("Redact these words", "", "pt-redact-words")
        redact.on_click(lambda _: act(lambda: words.redact_words(self.pack, word_id, chosen.value, kind.value),
                                      f"{where}: redacted. Read it again, then approve it."))
        rewrite = text_box("Your own wording", piece["text"], area=True)
        edit = button("Use this wording", "", "pt-edit-words")
        edit.on_click(lambda _: act(lambda: words.edit_words(self.pack, word_id, rewrite.value),
                                    f"{where}: rewritten. Read it again, then approve it."))
        if piece["approved"]:
            approve = button("Withdraw the approval", "", "pt-unapprove-words")
            approve.on_click(lambda _: act(lambda: words.approve_words(self.pack, [word_id], approved=False),
                                           f"{where}: approval withdrawn; the report leaves these words out."))
        else:
            approve = button("Approve these words", "success", "pt-approve-words")
            approve.on_click(lambda _: act(lambda: words.approve_words(self.pack, [word_id]),
                                           f"{where}: approved for the force's report."))
        return [view, approve, html("<h3>Redact more</h3>"), chosen, kind, redact,
                html("<h3>Rewrite</h3><p>Write the words as the report should carry them.</p>"), rewrite, edit, message]

    # --- actions for the force ----------------------------------------------------------------
    def _actions_screen(self, message: str = "") -> list:
        status = html(said(message) if message else "")
        listed = actions.list_actions(self.pack)
        cards = [action_card(a, [f"{date_words(r.get('responded_on'))}: {r['response']}" for r in a.get("responses", [])])
                 for a in listed]
        text = text_box("Question or action for the force", area=True)
        owner = text_box("Who at the force owns it")
        due = text_box("Due date", placeholder="YYYY-MM-DD")
        add = button("Add the action", "primary", "pt-add-action")

        def add_it(_):
            try:
                actions.add_action(self.pack, text.value, owner=owner.value or None, due_date=due.value or None)
            except InputError as problem:
                status.value = said(plain(problem), error=True)
                return
            self.body.children = self._actions_screen("Action added.")

        add.on_click(add_it)
        parts = [html("<h2>Questions and actions for the force</h2>"
                      + ("".join(cards) or "<p>No questions or actions yet.</p>")), status,
                 html("<h2>Add a question or action</h2>"), text, owner, due, add]
        if listed:
            which = widgets.Dropdown(options=[(f"Action {a['action_id']}", a["action_id"]) for a in listed],
                                     description="Action", style={"description_width": "initial"})
            new_status = widgets.Dropdown(options=ACTION_STATUSES, description="New status",
                                          style={"description_width": "initial"})
            note = text_box("Note")
            update = button("Update the action", "", "pt-update-action")

            def update_it(_):
                try:
                    actions.update_action(self.pack, which.value, status=new_status.value, note=note.value or None)
                except InputError as problem:
                    status.value = said(plain(problem), error=True)
                    return
                self.body.children = self._actions_screen("Action updated.")

            update.on_click(update_it)
            parts += [html("<h2>Update an action</h2>"), which, new_status, note, update]
        return parts

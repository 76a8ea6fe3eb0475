"""Meeting mode: the facilitator's screen to project in the room while the panel discusses.

One case at a time, least agreement first: its details and grounds on one side; on the other how
members answered (bars and counts, never names) and the form for what the panel agrees. The
widgets are built once and refilled from case to case, so the keyboard focus stays on "Next case"
and a chair can walk the whole meeting with Enter.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from panel_tool.apps.answers_view import answers_html
from panel_tool.apps.case_view import case_html
from panel_tool.apps.staff import button, date_words, html, said, text_box
from panel_tool.errors import InputError
from panel_tool.packs.forms import read_form
from panel_tool.packs.packfile import SESSION, open_pack, read_manifest
from panel_tool.review import discussion


class Meeting:
    def __init__(self, pack: str, plain):
        self.pack, self.plain = pack, plain
        self.position = 0
        self._filling = False
        self.opening = html()
        self.open_button = button("Open discussion to members", "primary", "pt-open-discussion")
        self.open_button.on_click(lambda _: self._open())
        self.heading = html()
        self.previous_button = button("Previous case", "", "pt-previous")
        self.next_button = button("Next case", "primary", "pt-next")
        self.previous_button.on_click(lambda _: self.show(self.position - 1))
        self.next_button.on_click(lambda _: self.show(self.position + 1))
        self.picker = widgets.Dropdown(description="Go to case", style={"description_width": "initial"})
        self.picker.observe(self._picked, names="value")
        self.case_view = html("", "pt-case", "pt-meeting-case")
        self.answers = html("", "pt-case", "pt-meeting-answers")
        self.rating = widgets.RadioButtons(description="The panel's rating", style={"description_width": "initial"})
        self.rating.add_class("pt-question")
        self.feedback = text_box("Agreed feedback for the officer", area=True)
        self.learning = text_box("Learning for the force", area=True)
        self.refer = widgets.Checkbox(description="Refer this case onwards", indent=False)
        self.themes = [widgets.Checkbox(description=t, indent=False) for t in discussion.THEMES]
        self.record = button("Record the panel's view", "success", "pt-record-outcome")
        self.record.on_click(lambda _: self._record())
        self.status = html()
        agreeing = widgets.VBox([self.answers, html("<h2>What the panel agrees</h2>"), self.rating, self.feedback,
                                 self.learning, self.refer, html("<h3>Themes</h3>"),
                                 widgets.Box(self.themes).add_class("pt-row"), self.record, self.status])
        agreeing.add_class("pt-meeting-side")
        self.case_side = widgets.VBox([self.case_view])
        self.case_side.add_class("pt-meeting-side")
        self.widget = widgets.VBox([self.opening, self.open_button, self.heading,
                                    widgets.HBox([self.previous_button, self.next_button, self.picker]).add_class("pt-row"),
                                    widgets.HBox([self.case_side, agreeing]).add_class("pt-meeting")])
        self.refresh()

    def refresh(self) -> None:
        """Read the answers again (members may still be rating) and show the same case."""
        conn = open_pack(self.pack, SESSION)
        try:
            opened = discussion.is_open(conn)
            self.summaries = discussion.summaries(conn)
            self.content = discussion.case_content(conn)
            self.overall = next(q for q in read_form(conn)["questions"] if q.get("overall"))
            self.kind = read_manifest(conn)["kind"]
        finally:
            conn.close()
        self.opening.value = ("" if opened else "<p>Members cannot see each other's answers until you open "
                              "discussion. You can look at them here first.</p>")
        self.open_button.layout.display = "none" if opened else None
        self.rating.options = [(o["label"], o["value"]) for o in self.overall["options"]]
        self._filling = True
        try:
            self.picker.options = [(f"Case {s['case_id']}: {discussion.overall_words(s, self.overall['id'])}", i)
                                   for i, s in enumerate(self.summaries)]
        finally:
            self._filling = False
        self.show(min(self.position, len(self.summaries) - 1))

    def _picked(self, change) -> None:
        if not self._filling and change["new"] is not None:
            self.show(change["new"])

    def show(self, position: int) -> None:
        if not self.summaries or not 0 <= position < len(self.summaries):
            return
        self.position = position
        s = self.summaries[position]
        case_id = s["case_id"]
        agreed = discussion.agreed_outcomes(self.pack).get(case_id) or {}
        self._filling = True
        try:
            self.picker.value = position
            self.rating.value = agreed.get("rating")
            self.feedback.value = agreed.get("feedback_for_officer", "")
            self.learning.value = agreed.get("learning_for_force", "")
            self.refer.value = bool(agreed.get("refer_onwards"))
            for box in self.themes:
                box.value = box.description in agreed.get("themes", [])
        finally:
            self._filling = False
        self.status.value = said(f"Agreed on {date_words(agreed['agreed_at'])}.") if agreed else ""
        self.previous_button.disabled = position == 0
        self.next_button.disabled = position == len(self.summaries) - 1
        content = self.content[case_id]
        self.case_view.value = case_html(content["fields"], content["texts"], self.kind)
        self.answers.value = f"<h2>How members answered</h2>{answers_html(s)}"
        # The heading changes last, so once it names a case everything beneath it is that case's.
        self.heading.value = (f'<h2 class="pt-meeting-case-heading">Case {case_id}</h2>'
                              f"<p>{position + 1} of {len(self.summaries)}, least agreement first. "
                              f"{escape(discussion.overall_words(s, self.overall['id']))}.</p>")

    def _open(self) -> None:
        discussion.open_discussion(self.pack)
        self.refresh()
        self.status.value = said("Discussion is open: members can see the panel's answers.")

    def _record(self) -> None:
        case_id = self.summaries[self.position]["case_id"]
        if self.rating.value is None:
            self.status.value = said("Choose the panel's rating first.", error=True)
            return
        try:
            discussion.record_outcome(self.pack, case_id, rating=self.rating.value,
                                      feedback_for_officer=self.feedback.value, learning_for_force=self.learning.value,
                                      refer_onwards=self.refer.value,
                                      themes=[t.description for t in self.themes if t.value])
        except InputError as problem:
            self.status.value = said(self.plain(problem), error=True)
            return
        self.status.value = said(f"Case {case_id}: the panel's view is recorded.")

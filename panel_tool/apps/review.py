"""The members' review app: see the cases, rate each one on your own.

Under `panel-tool serve` the member signed in at the door, and the server tells this kernel who
they are (panel_tool.door.claim); signing out is a plain form the server answers by ending the
session and this kernel. Outside serve (a test, JupyterLab) the app asks for the code itself.

One set of widgets is built per screen and reused from case to case (each widget is a comm the
browser must sync). Every answer is saved the moment it changes, and the member sees "Saved"
with the time only after the transaction has committed.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from datetime import datetime
from html import escape

import ipywidgets as widgets

from panel_tool.apps.answers_view import answers_html
from panel_tool.apps.case_view import case_html, case_line
from panel_tool.apps.staff import button, html
from panel_tool.errors import InputError
from panel_tool.apps.trouble import tracebacks_to_server_log
from panel_tool.door.claim import wait_for_claim
from panel_tool.review import codes
from panel_tool.review.session import AnswerRefused, NotSavedYet, Session, SignInRefused, open_session, sign_in

RETRY_DELAYS_S = (0.2, 0.5, 1.0)
BACKGROUND_RETRY_S = 5.0
# How soon a member looking at the list sees "See what the panel said" after the facilitator opens
# discussion, without touching anything (in the meeting everyone is told to look at once). One read of
# the manifest per member every few seconds, only while the list shows and discussion is shut.
DISCUSSION_CHECK_S = 5.0


def review_app(pack: str | None = None) -> widgets.Widget:
    """The app for the pack `panel-tool serve` names in PANEL_TOOL_PACK."""
    pack = pack or os.environ.get("PANEL_TOOL_PACK")
    if not pack:
        return widgets.HTML("<h1>Panel review</h1><p>This page was not opened through the panel's own link, so it does not "
                            "know which pack to show. Ask your facilitator for the right link.</p>")
    claim = wait_for_claim()  # blocks a pre-started kernel until the server hands it to a member
    if claim is None:
        return ReviewApp(pack).root
    if claim.get("role") != "member" or not claim.get("member_id"):
        return widgets.HTML("<h1>Panel review</h1><p>This page is for panel members. Sign in again.</p>")
    base = os.environ.get("VOILA_BASE_URL") or "/"
    return ReviewApp(pack, member_id=int(claim["member_id"]), sign_out_url=base + "signout").root


def _clock(iso: str) -> str:
    """The local time of a saved answer, as the member's wall clock shows it."""
    return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S")


def _cases_words(positions: list[int]) -> str:
    """[3] -> 'case 3'; [3, 4, 7] -> 'cases 3, 4 and 7'."""
    if len(positions) == 1:
        return f"case {positions[0]}"
    return "cases " + ", ".join(map(str, positions[:-1])) + f" and {positions[-1]}"


def sign_out_form(url: str) -> widgets.HTML:
    """Signing out is a plain form posted to the server, which ends the session and this kernel."""
    return html(f'<form method="post" action="{escape(url)}" class="pt-sign-out-form">'
                '<button type="submit" class="jupyter-button pt-sign-out">Sign out</button></form>')


def _guide(question: dict) -> str:
    """A question's help and what each answer means, before the options and folded away, so the
    case stays short on a phone and the member opens it only when they want it."""
    meanings = [o for o in question.get("options", []) if o.get("meaning")]
    if not question.get("help") and not meanings:
        return ""
    inside = f"<p>{escape(question['help'])}</p>" if question.get("help") else ""
    if meanings:
        inside += "<ul class=\"pt-meanings\">" + "".join(
            f"<li><strong>{escape(o['label'])}</strong>: {escape(o['meaning'])}</li>" for o in meanings) + "</ul>"
    summary = "What the answers mean" if meanings else "Help with this question"
    return f'<details class="pt-guide"><summary>{summary}</summary>{inside}</details>'


class ReviewApp:
    def __init__(self, pack: str, member_id: int | None = None, sign_out_url: str | None = None):
        self.pack = pack
        self.session: Session | None = None
        self.sign_out_url = sign_out_url
        self.trouble = html("", "pt-trouble")
        self.screen = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.root = widgets.VBox([self.trouble, self.screen], layout=widgets.Layout(width="100%"))
        self.root.add_class("pt-app")
        if member_id is None:
            self._sign_in_screen()
            return
        tracebacks_to_server_log(self._say_trouble)
        try:
            self.session = open_session(pack, member_id)
        except (SignInRefused, InputError) as refused:
            message = refused.message if isinstance(refused, SignInRefused) else (
                "The review cannot be opened just now. Please tell your facilitator.")
            self.screen.children = [html(f'<h1>Panel review</h1><p role="alert" class="pt-error">{escape(message)}</p>')]
            return
        self._start()

    def _say_trouble(self, message: str) -> None:
        self.trouble.value = f'<p role="alert" class="pt-error">{escape(message)}</p>'

    # --- signing in -------------------------------------------------------------------------
    def _sign_in_screen(self) -> None:
        intro = html(f"<h1>Panel review: sign in</h1><p>Type the code your facilitator gave you. {escape(codes.HINT)}</p>")
        self.code = widgets.Text(description="Your code", placeholder=codes.EXAMPLE, continuous_update=False,
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="100%"))
        self.code.add_class("pt-code")
        self.sign_in_button = button("Sign in", "primary", "pt-sign-in")
        self.sign_in_message = html("", "pt-message")
        self._tried = ("", 0.0)
        self.sign_in_button.on_click(lambda _: self._try_sign_in())
        self.code.observe(self._code_entered, names="value")
        self.screen.children = [intro, self.code, self.sign_in_button, self.sign_in_message]

    def _code_entered(self, change) -> None:
        # Enter (or leaving the box) sends the value: sign in then, as the button would.
        if change["new"].strip():
            self._try_sign_in()

    def _try_sign_in(self) -> None:
        typed = self.code.value
        # Leaving the box and then pressing the button sends the same code twice: count it once.
        if self.session is not None or (typed == self._tried[0] and time.monotonic() - self._tried[1] < 2):
            return
        self._tried = (typed, time.monotonic())
        self.sign_in_button.disabled = True
        self.sign_in_message.value = '<p role="status">Checking your code...</p>'
        try:
            self.session = sign_in(self.pack, typed)
        except (SignInRefused, InputError) as refused:
            message = refused.message if isinstance(refused, SignInRefused) else (
                "The review cannot be opened just now. Please tell your facilitator.")
            self.sign_in_message.value = f'<p role="alert" class="pt-error">{escape(message)}</p>'
            self.sign_in_button.disabled = False
            return
        self.code.value = ""
        self._start()

    # --- after sign-in ----------------------------------------------------------------------
    def _start(self) -> None:
        s = self.session
        self.cases = s.cases()
        self.answers = s.answers()
        self.pending: dict[tuple[int, str], str | None] = {}
        self.current: int | None = None
        self.checkpoint = time.monotonic()
        self.case_box = None  # built when first opened: fewer widgets to send at sign-in
        self._build_list()
        state = s.state()
        last = state["last_case_id"]
        if last and not state["finished_at"] and any(c["case_id"] == last for c in self.cases):
            self.show_case(last)  # carry on where they were
        else:
            self.show_list()

    def _done(self, case_id: int) -> bool:
        return self.session.is_done(self.answers.get(case_id, {}))

    def _build_list(self) -> None:
        self.list_heading = html()
        self.case_buttons = {}
        for position, case in enumerate(self.cases, start=1):
            b = button("", "", "pt-case-button")
            b.layout.width = "100%"
            b.on_click(lambda _, cid=case["case_id"]: self.show_case(cid))
            self.case_buttons[case["case_id"]] = b
        self.discussion_button = button("See what the panel said", "", "pt-see-discussion")
        self.discussion_button.on_click(lambda _: self.show_discussion())
        self.discussion_button.layout.display = "none"
        self.finish_text = html()
        self.finish_button = button("I have finished", "success", "pt-finish")
        self.finish_button.on_click(lambda _: self._finish())
        # Finishing with cases left asks first, right under the button, so Tab reaches it next.
        self.confirm_text = html()
        finish_anyway = button("Yes, I have finished", "", "pt-finish-anyway")
        finish_anyway.on_click(lambda _: self._finish(confirmed=True))
        keep_going = button("No, keep going", "primary", "pt-keep-going")
        keep_going.on_click(lambda _: self._hide_confirm())
        self.confirm_box = widgets.VBox([self.confirm_text, widgets.HBox([keep_going, finish_anyway]).add_class("pt-row")])
        self.confirm_box.add_class("pt-confirm-finish")
        self.confirm_box.layout.display = "none"
        if self.sign_out_url:
            self.sign_out_button = sign_out_form(self.sign_out_url)
        else:
            self.sign_out_button = button("Sign out", "", "pt-sign-out")
            self.sign_out_button.on_click(lambda _: self._sign_out())
        self.list_box = widgets.VBox([self.list_heading, *self.case_buttons.values(), self.discussion_button,
                                      self.finish_text, self.finish_button, self.confirm_box,
                                      self.sign_out_button])

    def _refresh_list(self) -> None:
        done = sum(self._done(c["case_id"]) for c in self.cases)
        self.list_heading.value = (
            f"<h1>Your cases</h1><p>Signed in as {escape(self.session.name)}. {escape(self.session.title)}</p>"
            f'<p class="pt-progress" role="status"><strong>{done} of {len(self.cases)} done</strong></p>'
            "<p>Choose a case to read it and give your answers. Every answer is saved as soon as you give it. "
            "Other members cannot see your answers.</p>")
        for position, case in enumerate(self.cases, start=1):
            cid = case["case_id"]
            b = self.case_buttons[cid]
            done = self._done(cid)
            state = "done \u2713" if done else "started" if self.answers.get(cid) else "not started"
            # A tick and a border mark a case done: a green button would read as a Green rating.
            b.description = f"Case {position}: {state}\n{case_line(case, self.session.kind)}"
            (b.add_class if done else b.remove_class)("pt-done")
        self.discussion_button.layout.display = None if self.session.discussion_open() else "none"
        finished = self.session.state()["finished_at"]
        if finished:
            self.finish_text.value = (f"<p>You said you had finished at {_clock(finished)}. You can still change your "
                                      "answers until the facilitator closes the review.</p>")
        else:
            left = len(self.cases) - done
            self.finish_text.value = ("<p>When you have answered every case, say you have finished.</p>" if left else
                                      "<p>You have answered every case. Say you have finished so the facilitator "
                                      "knows.</p>")

    def show_list(self) -> None:
        self._leave_current()
        self._refresh_list()
        self.screen.children = [self.list_box]
        self._watch_for_discussion()

    def _watch_for_discussion(self) -> None:
        """Check again shortly, on the kernel's own event loop (no thread shares the pack's
        connection), while the member stays on the list and discussion is still shut."""
        if self.discussion_button.layout.display != "none" or getattr(self, "_watching", False):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in a kernel (a plain test): nothing keeps running, nothing to watch
            return
        self._watching = True

        def check() -> None:
            self._watching = False
            if self.session is None or tuple(self.screen.children) != (self.list_box,):
                return  # signed out, or reading a case: show_list starts watching again on the way back
            if self.session.discussion_open():
                self.discussion_button.layout.display = None
            else:
                self._watch_for_discussion()

        loop.call_later(DISCUSSION_CHECK_S, check)

    def show_discussion(self, position: int = 1) -> None:
        """How the panel answered one of this member's cases, one case a page (all of them at once
        ran past 16,000 px on a phone): counts and words, never who gave them."""
        summaries = self.session.discussion()
        if summaries is None:
            return self.show_list()
        self._leave_current()
        by_case = {s["case_id"]: s for s in summaries}
        shown = [(n, c) for n, c in enumerate(self.cases, start=1) if c["case_id"] in by_case]
        if not shown:
            return self.show_list()
        position = max(1, min(position, len(shown)))
        number, case = shown[position - 1]
        if getattr(self, "said_box", None) is None:
            self.said_heading, self.said_body = html(), html("", "pt-case")
            self.said_previous = button("Previous case", "", "pt-previous")
            self.said_next = button("Next case", "", "pt-next")
            self.said_previous.on_click(lambda _: self.show_discussion(self.said_position - 1))
            self.said_next.on_click(lambda _: self.show_discussion(self.said_position + 1))
            back = button("All cases", "", "pt-back")
            back.on_click(lambda _: self.show_list())
            self.said_box = widgets.VBox([self.said_heading, widgets.HBox([self.said_previous, self.said_next, back])
                                          .add_class("pt-row"), self.said_body])
        self.said_position = position
        self.said_previous.disabled = position == 1
        self.said_next.disabled = position == len(shown)
        self.said_body.value = (f"<p>{escape(case_line(case, self.session.kind))}</p>"
                                + answers_html(by_case[case["case_id"]]))
        self.said_heading.value = (f"<h1>What the panel said: case {number}</h1><p>{position} of {len(shown)}. "
                                   "How many members gave each answer, and what they wrote. Nobody's name is shown.</p>")
        self.screen.children = [self.said_box]

    # --- one case ---------------------------------------------------------------------------
    def _build_case(self) -> None:
        self.case_heading = html()
        self.case_body = html("", "pt-case")
        self.save_status = html("", "pt-saved")
        back = button("All cases", "", "pt-back")
        back.on_click(lambda _: self.show_list())
        self.previous_button = button("Previous case", "", "pt-previous")
        self.next_button = button("Next case", "", "pt-next")
        self.previous_button.on_click(lambda _: self._step(-1))
        self.next_button.on_click(lambda _: self._step(+1))
        form = self.session.form
        self.controls: dict[str, widgets.Widget] = {}
        self.question_status: dict[str, widgets.HTML] = {}
        parts = [html(f"<h2>Your answers</h2><p>{escape(form.get('intro', ''))}</p>")]
        for number, q in enumerate(form["questions"], start=1):
            label = f"{number}. {q['text']}" + ("" if q["required"] else " (optional)")
            parts.append(html(f'<h3 class="pt-question-text">{escape(label)}</h3>{_guide(q)}'))
            if q["type"] == "choice":
                control = widgets.RadioButtons(options=[(o["label"], o["value"]) for o in q["options"]], index=None,
                                               description=label, style={"description_width": "initial"},
                                               layout=widgets.Layout(width="100%"))
            else:
                control = widgets.Textarea(description=label, placeholder="Write here", continuous_update=True,
                                           rows=4, style={"description_width": "initial"},
                                           layout=widgets.Layout(width="100%"))
            # The control keeps the question as its label for screen readers; the heading above shows it.
            control.add_class("pt-question")
            control.add_class("pt-answer")
            control.observe(lambda change, qid=q["id"]: self._answer_changed(qid, change["new"]), names="value")
            self.controls[q["id"]] = control
            # Right under the control, so "Saved" shows where the member tapped.
            self.question_status[q["id"]] = html("", "pt-question-saved")
            parts += [control, self.question_status[q["id"]]]
        nav = widgets.HBox([back, self.previous_button, self.next_button]).add_class("pt-row")
        bottom = button("All cases", "", "pt-back")
        bottom.on_click(lambda _: self.show_list())
        self.case_box = widgets.VBox([nav, self.case_heading, self.save_status, self.case_body, *parts,
                                      widgets.HBox([self.previous_button, self.next_button, bottom]).add_class("pt-row")])
        self._loading = False

    def show_case(self, case_id: int) -> None:
        if self.case_box is None:
            self._build_case()
        previous, spent = self._time_on_current()
        self.session.open_case(case_id, spent, previous)
        self.current = case_id
        position = next(i for i, c in enumerate(self.cases, start=1) if c["case_id"] == case_id)
        case = self.cases[position - 1]
        given = self.answers.get(case_id, {})
        self._loading = True  # filling in saved answers is not a change to save
        try:
            for qid, control in self.controls.items():
                value = given.get(qid)
                if isinstance(control, widgets.RadioButtons):
                    control.value = value if value is not None else None
                else:
                    control.value = value or ""
                self.question_status[qid].value = ""
        finally:
            self._loading = False
        # The heading changes last: the browser applies updates in order, so once "Case N" shows,
        # the answers beneath it are this case's, never the previous case's.
        self.save_status.value = self._saved_summary(case_id)
        self.previous_button.disabled = position == 1
        self.next_button.disabled = position == len(self.cases)
        self.case_body.value = case_html(case, self.session.texts(case_id), self.session.kind)
        self.case_heading.value = f"<h1>Case {position} of {len(self.cases)}</h1>"
        self.screen.children = [self.case_box]

    def _saved_summary(self, case_id: int) -> str:
        """Said when a case opens; each question then shows its own "Saved at" as it is answered."""
        n = len(self.answers.get(case_id, {}))
        said = ("Each answer is saved as soon as you give it." if not n else
                "Your saved answer to this case is shown below." if n == 1 else
                f"Your {n} saved answers to this case are shown below.")
        return f'<p class="pt-status" role="status">{said}</p>'

    def _step(self, delta: int) -> None:
        ids = [c["case_id"] for c in self.cases]
        if self.current not in ids or not 0 <= ids.index(self.current) + delta < len(ids):
            return  # there is no case before the first or after the last
        self.show_case(ids[ids.index(self.current) + delta])

    def _time_on_current(self) -> tuple[int | None, float]:
        now = time.monotonic()
        spent, self.checkpoint = now - self.checkpoint, now
        return self.current, spent

    def _leave_current(self) -> None:
        if self.current is not None:
            previous, spent = self._time_on_current()
            self.session.leave_case(previous, spent)
            self.current = None

    # --- saving -----------------------------------------------------------------------------
    def _answer_changed(self, question_id: str, value) -> None:
        if self._loading or self.current is None:
            return
        self.pending[(self.current, question_id)] = value
        self._save_pending()

    def _save_pending(self) -> None:
        """Save every answer not yet on disk; on failure say so, and try again shortly."""
        for (case_id, question_id), value in list(self.pending.items()):
            try:
                saved = self._save_with_retries(case_id, question_id, value)
            except AnswerRefused as refused:
                self.pending.pop((case_id, question_id), None)
                self._show(case_id, question_id, f'<p role="alert" class="pt-error">Not saved: {escape(str(refused))}</p>')
                continue
            except NotSavedYet:
                self._show(case_id, question_id, '<p role="alert" class="pt-error">Not saved yet: trying again. '
                           'Please keep this page open.</p>')
                threading.Timer(BACKGROUND_RETRY_S, self._save_pending).start()
                return
            if self.pending.get((case_id, question_id)) == value:
                del self.pending[(case_id, question_id)]
            self.answers.setdefault(case_id, {})[question_id] = value
            number = list(self.controls).index(question_id) + 1
            self._show(case_id, question_id, f'<p role="status">Saved at {_clock(saved.saved_at)}'
                                             f'<span class="pt-which"> (question {number})</span></p>')

    def _save_with_retries(self, case_id: int, question_id: str, value):
        _, spent = self._time_on_current() if case_id == self.current else (None, 0)
        for delay in (*RETRY_DELAYS_S, None):
            try:
                return self.session.save_answer(case_id, question_id, value, seconds=spent)
            except NotSavedYet:
                if delay is None:
                    raise
                time.sleep(delay)

    def _show(self, case_id: int, question_id: str, message: str) -> None:
        if case_id != self.current:
            return
        # The latest status keeps to the bottom of the screen while its place is below it, so a member
        # who tapped the last option on a phone still sees it saved.
        for qid, status in self.question_status.items():
            if qid != question_id and "pt-latest" in status._dom_classes:
                status.remove_class("pt-latest")
        self.question_status[question_id].add_class("pt-latest")
        self.question_status[question_id].value = message

    # --- finishing --------------------------------------------------------------------------
    def _unfinished(self) -> list[int]:
        return [position for position, c in enumerate(self.cases, start=1) if not self._done(c["case_id"])]

    def _finish(self, confirmed: bool = False) -> None:
        left = self._unfinished()
        if left and not confirmed:
            self.confirm_text.value = (
                f'<p role="alert"><strong>You have not answered every question in {_cases_words(left)}.</strong> '
                "Have you finished anyway? You can still change your answers afterwards.</p>")
            self.confirm_box.layout.display = None
            return
        self._hide_confirm()
        try:
            self.session.finish()
        except AnswerRefused as refused:
            self.finish_text.value = f'<p role="alert" class="pt-error">{escape(str(refused))}</p>'
            return
        self._refresh_list()

    def _hide_confirm(self) -> None:
        self.confirm_box.layout.display = "none"
        self.confirm_text.value = ""

    def _sign_out(self) -> None:
        self._leave_current()
        self.session.close()
        self.session = None
        self._sign_in_screen()

"""Pieces shared by the facilitator's and the force liaison's apps: the passphrase gate and small widgets."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Callable

import ipywidgets as widgets

from panel_tool.errors import InputError


def html(value: str = "", *classes: str) -> widgets.HTML:
    w = widgets.HTML(value, layout=widgets.Layout(width="100%"))
    for c in classes:
        w.add_class(c)
    return w


class Button(widgets.Button):
    """A button whose clicks do nothing while it is disabled, even a click forged by a message to the
    kernel (the browser greys it out, but the kernel would still run its handlers)."""

    def _handle_button_msg(self, _, content, buffers):
        if not self.disabled:
            super()._handle_button_msg(_, content, buffers)


def button(label: str, style: str = "", *classes: str) -> widgets.Button:
    b = Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))
    for c in classes:
        b.add_class(c)
    return b


def text_box(label: str, value: str = "", area: bool = False, placeholder: str = "") -> widgets.Widget:
    """A text box whose words reach the kernel when it loses focus, before the button that reads them
    is pressed. Synced key by key, the browser holds back each new value while the kernel has not
    answered the last one, but sends a click at once: a title typed quickly then Tab and Enter was
    built as "March youth pa"."""
    kind = widgets.Textarea if area else widgets.Text
    w = kind(value=value, description=label, placeholder=placeholder, style={"description_width": "initial"},
             layout=widgets.Layout(width="100%"), continuous_update=False)
    w.add_class("pt-question")
    return w


def passphrase_box(label: str) -> widgets.Password:
    """A passphrase box that, like :func:`text_box`, sends what was typed once, when it loses focus."""
    return widgets.Password(description=label, style={"description_width": "initial"},
                            layout=widgets.Layout(width="100%"), continuous_update=False)


def date_words(iso: str | None) -> str:
    """'2026-11-27T11:00:36.737+00:00' -> '27 Nov 2026, 11:00', in the server's local time."""
    if not iso:
        return "not recorded"
    when = datetime.fromisoformat(iso)
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{when.day} {when:%b %Y}" + (f", {when:%H:%M}" if "T" in iso else "")


def said(message: str, error: bool = False) -> str:
    """A status line a screen reader announces: an alert for a problem, a polite status otherwise."""
    if error:
        return f'<p role="alert" class="pt-error">{escape(message)}</p>'
    return f'<p role="status" class="pt-status">{escape(message)}</p>'


def table(headings: list[str], rows: list[list], caption: str) -> str:
    """An HTML table of escaped values."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="pt-table"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


class PassphraseGate:
    """The sign-in screen of a staff app: a passphrase, checked with a growing wait after wrong ones.

    Under `panel-tool serve` the passphrase is checked at the door, by the server, before this
    kernel is handed over; the gate then only reads the server's claim (`enter_if_signed_in`), and
    a kernel-side error reaches staff as one plain sentence on the `trouble` line, never a traceback.
    """

    def __init__(self, pack: str, role: str, title: str, on_success: Callable[[], None]):
        from panel_tool.apps.trouble import STAFF_PLAIN, tracebacks_to_server_log
        from panel_tool.door.claim import wait_for_claim
        from panel_tool.review.passphrases import PassphraseRefused, check_passphrase

        self._check, self._refused = check_passphrase, PassphraseRefused
        self.pack, self.role, self.on_success = pack, role, on_success
        self.claim = wait_for_claim()
        self.trouble = html("", "pt-trouble")  # the app keeps it above whatever screen it shows
        if self.claim is not None:
            tracebacks_to_server_log(lambda _: setattr(self.trouble, "value", said(STAFF_PLAIN, error=True)))
        self.box = passphrase_box("Passphrase")
        self.box.add_class("pt-code")
        self.go = button("Sign in", "primary", "pt-sign-in")
        self.message = html("", "pt-message")
        self.go.on_click(lambda _: self.try_sign_in())
        self.widget = widgets.VBox([html(f"<h1>{escape(title)}: sign in</h1><p>Type your passphrase for this panel. "
                                         "If you do not know it, ask the person who prepared the pack.</p>"),
                                    self.box, self.go, self.message])

    def enter_if_signed_in(self) -> None:
        """Open the app when the server signed this role in at the door; when served for another
        role, say so (the door never hands one role's kernel to another)."""
        if self.claim is None:
            return
        if self.claim.get("role") == self.role:
            self.on_success()
        else:
            self.widget.children = [html("<h1>Not signed in</h1><p>This page is for another role. Sign in again.</p>")]

    def try_sign_in(self) -> None:
        if self.claim is not None:
            return  # under serve, only the door signs anyone in
        self.go.disabled = True
        try:
            self._check(self.pack, self.role, self.box.value)
        except self._refused as refused:
            self.message.value = said(refused.message, error=True)
            return
        except InputError as problem:
            self.message.value = said(problem.message, error=True)
            return
        finally:
            self.go.disabled = False
            self.box.value = ""
        self.on_success()

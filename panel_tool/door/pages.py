"""The pages the server writes itself, before any kernel: sign in, "the panel is full", signed out.

Plain HTML with no script at all, so they work with JavaScript off and cost the server almost
nothing; the same stylesheet as the apps (panel.css), so the door looks like the room. Every value
that is not ours is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from panel_tool.review.codes import EXAMPLE, HINT

STYLESHEET = "voila/templates/panel_tool/static/panel.css"


@dataclass(frozen=True)
class Door:
    """One way in: the members' link, or a staff role's."""
    link: str        # the path after the base URL: "" for members, "facilitator", "force"
    role: str        # member, facilitator or liaison
    notebook: str    # the app the role gets once signed in
    title: str
    field: str       # what is typed: a code or a passphrase
    hint: str


MEMBERS = Door("", "member", "review.ipynb", "Panel review", "Your code",
               f"Type the code your facilitator gave you. {HINT}")
FACILITATOR = Door("facilitator", "facilitator", "facilitator.ipynb", "Facilitator", "Passphrase",
                   "Type the facilitator's passphrase. If you do not know it, ask the person who prepared this pack.")
FORCE = Door("force", "liaison", "liaison.ipynb", "The force's replies", "Passphrase",
             "Type the force's passphrase for this panel. If you do not know it, ask the panel's facilitator.")
DOORS = (MEMBERS, FACILITATOR, FORCE)


def page(base_url: str, title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>"
            f'<link rel="icon" href="data:,">'
            f'<link rel="stylesheet" href="{escape(base_url + STYLESHEET)}"></head>'
            f'<body class="pt-door-page"><main id="panel-main" class="pt-door">{body}</main></body></html>')


def sign_in_page(base_url: str, door: Door, pack_title: str = "", message: str = "", error: bool = False) -> str:
    field = "code" if door.role == "member" else "passphrase"
    kind = "text" if door.role == "member" else "password"
    extra = (f' autocapitalize="characters" spellcheck="false" autocomplete="off" maxlength="20" placeholder="{EXAMPLE}"'
             if door.role == "member" else ' autocomplete="current-password"')
    said = ""
    if message:
        said = (f'<p role="alert" class="pt-error">{escape(message)}</p>' if error else
                f'<p role="status" class="pt-status">{escape(message)}</p>')
    subtitle = f'<p class="pt-door-pack">{escape(pack_title)}</p>' if pack_title else ""
    body = (f"<h1>{escape(door.title)}: sign in</h1>{subtitle}<p>{escape(door.hint)}</p>"
            f'<form method="post" action="{escape(base_url + door.link)}" class="pt-door-form">'
            f'<label for="pt-{field}">{escape(door.field)}</label>'
            f'<input id="pt-{field}" name="{field}" type="{kind}" required{extra}>'
            f'<button type="submit" class="pt-door-button">Sign in</button></form>'
            f'<div class="pt-message">{said}</div>')
    return page(base_url, f"{door.title}: sign in", body)


AGREEMENT_LINK = "agreement"


def agreement_page(base_url: str, text: str, pack_title: str = "") -> str:
    """The panel's confidentiality agreement, shown once, just after a member's first sign-in."""
    subtitle = f'<p class="pt-door-pack">{escape(pack_title)}</p>' if pack_title else ""
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    body = (f"<h1>Before you start: keep it private</h1>{subtitle}"
            f'<div class="pt-agreement">{paragraphs}</div>'
            "<p>Say you agree to start. You are asked only once.</p>"
            f'<form method="post" action="{escape(base_url + AGREEMENT_LINK)}" class="pt-door-form">'
            '<button type="submit" name="agree" value="yes" class="pt-door-button">I agree</button></form>'
            f'<form method="post" action="{escape(base_url)}signout" class="pt-door-form">'
            '<button type="submit" class="pt-door-button pt-door-secondary">I do not agree: sign out</button></form>')
    return page(base_url, "Before you start: keep it private", body)


def full_page(base_url: str, door: Door) -> str:
    body = ("<h1>The panel is full</h1><p>Too many pages are open on this panel just now. "
            "Please try again in a minute.</p>"
            f'<p><a href="{escape(base_url + door.link)}">Try again</a></p>')
    return page(base_url, "The panel is full", body)


def problem_page(base_url: str, status: int) -> str:
    """Any error, as a plain sentence: never a traceback, a path or a kernel id."""
    words = {403: "This page is not yours to open.", 404: "There is nothing at this address.",
             405: "That cannot be done here."}.get(status, "Something went wrong on the server. "
                                                          "Your saved answers are safe; please try again.")
    body = f'<h1>Sorry</h1><p>{escape(words)}</p><p><a href="{escape(base_url)}">Go to the sign-in page</a></p>'
    return page(base_url, "Sorry", body)

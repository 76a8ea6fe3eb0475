"""Cards for staff screens: a case or an action with what was said about it, readable at 360 px
where a wide table was clipped. Every value from an export, a member or the force is escaped."""

from __future__ import annotations

from html import escape

from panel_tool.apps.case_view import case_line, when_label, yes_no
from panel_tool.apps.staff import date_words
from panel_tool.report.colours import PATTERNS, RATING_COLOURS


def rating_badge(value: str, overall: dict) -> str:
    """A rating as the report writes it: its label, its colour, and its pattern in a swatch, so it
    reads in grey print and for people who cannot tell the colours apart."""
    option = next((o for o in overall["options"] if o["value"] == value), {"label": value, "colour": "none"})
    colour = option.get("colour") if option.get("colour") in RATING_COLOURS else "none"
    return (f'<span class="pt-rating pt-rating-{colour}"><span class="pt-swatch pt-pattern-{PATTERNS[colour]}" '
            f'aria-hidden="true"></span>{escape(option["label"])}</span>')


def _pairs(pairs) -> str:
    return "".join(f"<dt>{escape(label)}</dt><dd>{escape(str(value))}</dd>" for label, value in pairs
                   if value not in (None, ""))


def case_card(case_id: int, outcome: dict, case: dict, kind: str, overall: dict, replies: list[str]) -> str:
    """One case on a card: the facts the force needs to find it beside what the panel said."""
    # One line of facts, not a list: twelve cards of lists ran to 12,000 px on a phone.
    facts = f"{when_label(case.get('month'))}; {case_line(case, kind)}"
    if kind == "stop-search":
        facts += f"; body-worn video: {yes_no(case.get('bwv_used')).lower()}"
    panel = [("Feedback for the officer", outcome.get("feedback_for_officer")),
             ("Learning for the force", outcome.get("learning_for_force")),
             ("Themes", ", ".join(outcome.get("themes", []))),
             ("Referred onwards", "Yes" if outcome.get("refer_onwards") else "")]
    reply = "".join(f"<li>{escape(r)}</li>" for r in replies) or "<li>No reply yet</li>"
    return (f'<article class="pt-card"><h3>Case {case_id} {rating_badge(outcome["rating"], overall)}</h3>'
            f'<div class="pt-card-columns"><section><h4>The case</h4><p>{escape(facts)}.</p></section>'
            f'<section><h4>What the panel said</h4><dl class="pt-facts">{_pairs(panel)}</dl>'
            f'<h4>The force\'s reply</h4><ul class="pt-replies">{reply}</ul></section></div></article>')


def action_card(action: dict, replies: list[str]) -> str:
    facts = [("Who at the force owns it", action.get("owner")),
             ("Due", date_words(action["due_date"]) if action.get("due_date") else ""),
             ("Status", action["status"].capitalize())]
    reply = "".join(f"<li>{escape(r)}</li>" for r in replies) or "<li>No reply yet</li>"
    return (f'<article class="pt-card"><h3>Action {action["action_id"]}</h3><p>{escape(action["text"])}</p>'
            f'<dl class="pt-facts">{_pairs(facts)}</dl><h4>The force\'s reply</h4><ul class="pt-replies">{reply}</ul>'
            "</article>")

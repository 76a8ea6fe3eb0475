"""The panel's answers to a case as people read them together: a bar per answer with its count,
agreement in words ("5 of 6 said Amber"), and what members wrote; counts and words, never names.

Shared by the facilitator's meeting screen and the members' "What the panel said". Question texts
come from the form and written answers from members, so every one is escaped.
"""

from __future__ import annotations

from html import escape

from panel_tool.review.discussion import agreement_words


def raters_words(n: int) -> str:
    return "Nobody has rated this case yet." if not n else (
        "1 member rated this case." if n == 1 else f"{n} members rated this case.")


def chart_html(question: dict) -> str:
    """One question's answers as horizontal bars, longest for the most given; the count is written
    beside each bar, so the numbers do not depend on seeing the bars."""
    n = question["answered"]
    rows = "".join(
        f'<li><span class="pt-bar-label">{escape(c["label"])}</span>'
        f'<span class="pt-bar-track" aria-hidden="true"><span class="pt-bar" style="width: '
        f'{round(100 * c["count"] / n) if n else 0}%"></span></span>'
        f'<span class="pt-bar-count">{c["count"]}</span></li>' for c in question["counts"])
    return (f'<figure class="pt-chart"><figcaption><span class="pt-chart-question">{escape(question["text"])}</span> '
            f'<span class="pt-chart-said">{escape(agreement_words(question))}</span></figcaption>'
            f'<ul class="pt-bars">{rows}</ul></figure>')


def said_once(said: list[str]) -> list[tuple[str, int]]:
    """What members wrote, each wording once with how many wrote it, in the order first written:
    on a projector the same line six times reads as six points made."""
    counts: dict[str, int] = {}
    for words in said:
        counts[words] = counts.get(words, 0) + 1
    return list(counts.items())


def answers_html(summary: dict) -> str:
    parts = [f'<p class="pt-raters"><strong>{raters_words(summary["raters"])}</strong></p>']
    parts += [chart_html(q) for q in summary["questions"].values()]
    for t in summary["texts"].values():
        if t["said"]:
            parts.append(f"<h3>{escape(t['text'])}</h3><ul class=\"pt-said\">" + "".join(
                f"<li>{escape(w)}" + (f' <span class="pt-said-count">({n} members)</span>' if n > 1 else "") + "</li>"
                for w, n in said_once(t["said"])) + "</ul>")
    return "".join(parts)

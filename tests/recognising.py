"""What the recogniser tests ask of a detection, by the rule the realistic benchmark scores with
(benchmarks/redaction_realistic.py): a value is hidden when every letter and digit of it is inside
a detection, of any type."""

from __future__ import annotations

from benchmarks.redaction_realistic import covered
from panel_tool.anonymise.recognisers import detect


def hidden_as(text: str, value: str) -> set[str]:
    """The types of the detections touching ``value`` when it is hidden; empty when it is not."""
    start = text.index(value)
    end = start + len(value)
    found = detect(text)
    if not covered(text, start, end, found):
        return set()
    return {d.type for d in found if d.start < end and start < d.end}


def hidden(text: str, value: str) -> bool:
    return bool(hidden_as(text, value))


def touched(text: str, phrase: str) -> list[str]:
    """What of the detections touches ``phrase``: empty when it reaches the panel intact."""
    start = text.index(phrase)
    end = start + len(phrase)
    return [text[d.start:d.end] for d in detect(text) if d.start < end and start < d.end]

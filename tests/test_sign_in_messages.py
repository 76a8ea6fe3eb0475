"""What a member is told when what they typed cannot be a code: the real problem, in plain words,
with an example made only of characters that codes use."""

from __future__ import annotations

import re

from panel_tool.door import pages
from panel_tool.review import codes


def test_the_example_code_is_one_a_member_could_be_given():
    assert codes.normalise(codes.EXAMPLE) is not None
    page = pages.sign_in_page("/", pages.MEMBERS)
    placeholder = re.search(r'placeholder="([^"]+)"', page).group(1)
    assert codes.normalise(placeholder) is not None
    every_example = re.findall(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", page)
    assert every_example and all(codes.normalise(e) for e in every_example)


def test_a_character_codes_never_use_is_named():
    said = codes.problem("ACD0-3479")
    assert '"0"' in said and "never in a code" in said
    assert "8 letters" not in said  # it has eight: the length is not the problem


def test_a_short_or_long_code_says_how_many_were_typed():
    assert "You typed 6 letters and numbers, but a code has 8" in codes.problem("ACDE-34")
    assert "You typed 9 letters" in codes.problem("acde 34797")


def test_nothing_typed_asks_for_the_code():
    assert codes.problem(" - ").startswith("Type the code your facilitator gave you.")


def test_staff_doors_name_no_command():
    for door in (pages.FACILITATOR, pages.FORCE):
        assert "panel-tool" not in pages.sign_in_page("/", door)

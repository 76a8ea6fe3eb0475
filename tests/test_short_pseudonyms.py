"""Officers' short pseudonyms: 8 base32 characters from the keyed hash, checked for collisions at build."""

from __future__ import annotations

import re

import pytest

from panel_tool.anonymise import pseudonyms
from panel_tool.anonymise.pseudonyms import Key, check_short_codes, parse_short_code, short_code
from panel_tool.errors import InputError

KEY = Key(bytes(range(32)), "test")


def test_a_short_code_is_the_start_of_the_keyed_hash_in_base32():
    digest = KEY.pseudonym("officer", "4296")
    code = short_code(digest)
    assert re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}", code)
    assert short_code(KEY.pseudonym("officer", " 4296 ")) == code  # ids are compared stripped, as the hash is
    assert short_code(Key(bytes(32), "other").pseudonym("officer", "4296")) != code  # another key, another code
    assert parse_short_code("officer k7qx 2m4p") == parse_short_code("K7QX2M4P") == "K7QX-2M4P"
    for bad in ("K1QX-2M4P", "K7QX-2M4", "", "K7QX-2M4PP"):
        with pytest.raises(InputError, match="is not a pseudonym"):
            parse_short_code(bad)


def test_a_build_refuses_a_key_under_which_two_officers_share_a_code(monkeypatch):
    ids = [f"PC{n}" for n in range(300)]
    check_short_codes(KEY, "officer", ids + [" PC1 "])  # 40 bits: no collision among 300, the same id twice is one
    monkeypatch.setattr(pseudonyms, "SHORT_CODE_BYTES", 1)  # 256 codes for 300 officers: two must share one
    with pytest.raises(InputError, match="the same short pseudonym") as raised:
        check_short_codes(KEY, "officer", ids, file="export.csv")
    assert "export.csv" in str(raised.value) and "new key file" in str(raised.value)

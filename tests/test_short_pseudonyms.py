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


def test_records_appear_as_short_codes_the_force_can_look_up_and_never_as_the_hex_digest(tmp_path):
    """A record's pseudonym (the keyed hash of its id) is printed as 8 base32 characters like an officer's;
    `pack lookup --pseudonym CODE --records LIST` finds the record behind it; the public version has none."""
    import sqlite3

    from tests.conftest import run_cli
    from tests.servers import released_pack

    pack, _ = released_pack(tmp_path, members=["Amira"])
    export, key = tmp_path / "export.csv", tmp_path / "force.key"
    with sqlite3.connect(pack) as db:
        refs = dict(db.execute("SELECT case_id, case_ref FROM cases"))
    assert len(refs) == 5 and all(re.fullmatch(r"[0-9a-f]{64}", r) for r in refs.values())
    for public in (False, True):
        out = tmp_path / ("public.html" if public else "report.html")
        run = run_cli("report", pack, "--out", out, *(["--public"] if public else []))
        assert run.code == 0, run.err
        page = out.read_text(encoding="utf-8")
        assert not any(ref[:12] in page or ref[-12:] in page for ref in refs.values())  # no part of a hex digest
        printed = dict(re.findall(r'Case (\d+)</th><td><span class="pt-code">Record ([A-Z2-7]{4}-[A-Z2-7]{4})</span>', page))
        if public:
            assert printed == {} and not any(short_code(ref) in page for ref in refs.values())
            continue
        assert printed == {str(case): short_code(ref) for case, ref in refs.items()}
        case, code = next(iter(printed.items()))
    run = run_cli("pack", "lookup", pack, "--key-file", key, "--pseudonym", f"record {code.lower()}", "--records", export)
    assert run.code == 0, run.err
    record = re.fullmatch(rf"Case {case}: record (\S+) \({code}\)\n", run.out).group(1)
    # the record id found is the one whose keyed hash the pack holds, and --record-id finds the same case
    assert run_cli("pack", "lookup", pack, "--key-file", key, "--record-id", record).out == f"Case {case}: record\n"
    (tmp_path / "records.csv").write_text(f"record_id\nnot-a-record\n{record}\n", encoding="utf-8")
    assert run_cli("pack", "lookup", pack, "--key-file", key, "--pseudonym", code, "--records",
                   tmp_path / "records.csv").out == run.out
    for args, said in [(["--pseudonym", code], "list of officers or records"),
                       (["--pseudonym", "AAAA-AAAA", "--records", tmp_path / "records.csv"], "no record in this list"),
                       (["--pseudonym", code, "--records", tmp_path / "missing.csv"], "there is no list of records")]:
        bad = run_cli("pack", "lookup", pack, "--key-file", key, *args)
        assert bad.code == 2 and said in bad.err and "Traceback" not in bad.err, bad.err


def test_a_build_checks_record_codes_for_collisions_too(tmp_path, monkeypatch):
    """Every record id of the export is checked under the key, as officers' ids are."""
    from panel_tool.packs import build
    from tests.conftest import run_cli

    export = tmp_path / "export.csv"
    assert run_cli("synth", "--kind", "stop-search", "--rows", "120", "--seed", "3", "--out", export).code == 0
    checked = {}
    monkeypatch.setattr(build, "check_short_codes", lambda key, kind, ids, file=None: checked.setdefault(kind, list(ids)))
    build.build_pack(export, tmp_path / "p.pack.db", sample="5", seed=1, key_file=tmp_path / "force.key", quiet=True)
    assert set(checked) == {"officer", "record"} and len(set(checked["record"])) == 120

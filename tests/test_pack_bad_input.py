"""Bad input to `pack build` and `pack lookup`: a plain error, exit 2, and no partial pack left behind."""

from __future__ import annotations

import os

import pytest

from tests.conftest import CITY_OF_LONDON, run_cli
from tests.test_bad_input import assert_plain_error


def build(tmp_path, *extra, out=None):
    out = out or tmp_path / "out" / "p.pack.db"
    out.parent.mkdir(exist_ok=True)
    return run_cli("pack", "build", CITY_OF_LONDON, "--out", out, "--seed", "1", *extra), out


def nothing_left(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".pack.db", "-journal", "-wal"))] == []


def private_key(tmp_path, content, mode=0o600):
    key = tmp_path / "k.key"
    key.write_text(content)
    key.chmod(mode)
    return key


def test_key_file_readable_by_others(tmp_path):
    key = private_key(tmp_path, os.urandom(32).hex(), mode=0o644)
    run, out = build(tmp_path, "--key-file", key)
    assert_plain_error(run, "k.key", "can be read by other users", "chmod 600")
    assert nothing_left(out.parent)


@pytest.mark.parametrize("content", ["abc123", os.urandom(16).hex(), "zz" * 32, os.urandom(33).hex()],
                         ids=["short", "16-bytes", "not-hex", "33-bytes"])
def test_key_file_of_the_wrong_length_or_content(tmp_path, content):
    run, out = build(tmp_path, "--key-file", private_key(tmp_path, content))
    assert_plain_error(run, "k.key", "does not hold a valid key", "64 hexadecimal characters")
    assert nothing_left(out.parent)


def test_key_in_the_environment_that_is_not_a_key(tmp_path, monkeypatch):
    out = tmp_path / "p.pack.db"
    monkeypatch.setenv("PANEL_TOOL_KEY", "not-a-key")
    run = run_cli("pack", "build", CITY_OF_LONDON, "--out", out)
    assert_plain_error(run, "PANEL_TOOL_KEY", "does not hold a valid key")
    assert not out.exists()


def test_sample_larger_than_the_export(tmp_path):
    run, out = build(tmp_path, "--sample", "500", "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "--sample 500", "the export holds only 153 records", "--sample all")
    assert nothing_left(out.parent)
    assert not (tmp_path / "k.key").exists(), "no key file made for a build that failed"


def test_filter_that_matches_nothing(tmp_path):
    run, out = build(tmp_path, "--where", "legislation=Firearms Act 1968 (section 47)", "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "no record matches legislation=Firearms Act 1968 (section 47)")
    assert nothing_left(out.parent)


def test_filter_on_a_field_that_does_not_exist(tmp_path):
    run, _ = build(tmp_path, "--where", "shoe_size=9", "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "no field called 'shoe_size'", "under_18")


def test_filter_on_a_direct_identifier_is_refused(tmp_path):
    run, _ = build(tmp_path, "--where", "subject_name=John Smith", "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "no field called 'subject_name'")


def test_strata_field_that_does_not_exist(tmp_path):
    run, out = build(tmp_path, "--strategy", "stratified", "--strata", "star_sign", "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "--strata star_sign", "no field called 'star_sign'")
    assert nothing_left(out.parent)


def test_output_path_that_cannot_be_written(tmp_path):
    # /proc refuses new files even to root, so this holds however the tests are run.
    run = run_cli("pack", "build", CITY_OF_LONDON, "--out", "/proc/panel-tool-test.pack.db", "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "/proc/panel-tool-test.pack.db", "cannot be written")
    assert not os.path.exists("/proc/panel-tool-test.pack.db")


def test_output_folder_that_does_not_exist(tmp_path):
    run = run_cli("pack", "build", CITY_OF_LONDON, "--out", tmp_path / "nowhere" / "p.pack.db")
    assert_plain_error(run, "the folder for the pack does not exist")


def test_existing_output_without_force(tmp_path):
    run, out = build(tmp_path, "--key-file", tmp_path / "k.key")
    assert run.code == 0, run.err
    before = out.read_bytes()
    again, _ = build(tmp_path, "--key-file", tmp_path / "k.key", "--sample", "3")
    assert_plain_error(again, "a file is already there", "--force")
    assert out.read_bytes() == before
    forced, _ = build(tmp_path, "--key-file", tmp_path / "k.key", "--sample", "3", "--force")
    assert forced.code == 0 and out.read_bytes() != before


def test_kind_that_does_not_match_the_export(tmp_path):
    run, _ = build(tmp_path, "--kind", "use-of-force", "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "--kind use-of-force", "this export is stop-search")


def test_population_file_with_a_bad_number(tmp_path):
    population = tmp_path / "census.csv"
    population.write_text("group,population\nWhite,8000\nBlack,lots\n")
    run, out = build(tmp_path, "--population", population, "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "census.csv", "row 3")
    assert nothing_left(out.parent)


def test_lookup_of_something_that_is_not_a_pack(tmp_path):
    fake = tmp_path / "notes.pack.db"
    fake.write_text("hello")
    run = run_cli("pack", "lookup", fake, "--key-file", tmp_path / "k.key", "--record-id", "1")
    assert_plain_error(run, "notes.pack.db", "not a review pack")
    run = run_cli("pack", "show", tmp_path / "missing.pack.db")
    assert_plain_error(run, "missing.pack.db", "there is no pack here")


def test_lookup_without_the_key(tmp_path):
    run, out = build(tmp_path, "--key-file", tmp_path / "k.key")
    missing = run_cli("pack", "lookup", out, "--key-file", tmp_path / "other.key", "--record-id", "1")
    assert_plain_error(missing, "other.key", "does not exist")
    assert not (tmp_path / "other.key").exists(), "lookup never makes a key"

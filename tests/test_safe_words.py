"""A force extends the safe vocabulary in its policy file; a bad file is a plain error."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from panel_tool.anonymise.generalise import load_policy
from panel_tool.packs.build import build_pack
from tests.conftest import run_cli
from tests.test_bad_input import assert_plain_error

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "schemas" / "examples" / "force-export.csv"
GROUNDS = "seen with the Quarnbrook lads near the youth club, strong smell of cannabis, s23 MDA, nothing found"


def export_with_grounds(folder: Path) -> Path:
    """The documented example export with every record's grounds naming a made-up estate."""
    rows = list(csv.DictReader(EXAMPLE.open(encoding="utf-8")))
    for row in rows:
        row["grounds"] = GROUNDS
    path = folder / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def policy_with(folder: Path, words: str) -> Path:
    policy = json.loads((ROOT / "schemas" / "policies" / "default.json").read_text())
    policy.update(name="ours", k=2, safe_words="our-words.txt")
    (folder / "our-words.txt").write_text(words, encoding="utf-8")
    path = folder / "ours.json"
    path.write_text(json.dumps(policy))
    return path


def grounds_in(pack: Path) -> list[str]:
    return [row[0] for row in sqlite3.connect(pack).execute("SELECT text FROM texts")]


def test_an_unknown_word_is_redacted_unless_the_force_lists_it_as_safe(tmp_path):
    export = export_with_grounds(tmp_path)
    plain = build_pack(export, tmp_path / "plain.pack.db", sample="2", seed=1, key_file=tmp_path / "k.key")
    assert all("Quarnbrook" not in text for text in grounds_in(plain.path))
    ours = build_pack(export, tmp_path / "ours.pack.db", sample="2", seed=1, key_file=tmp_path / "k.key",
                      policy=str(policy_with(tmp_path, "# our estates\nquarnbrook\n")))
    assert all("Quarnbrook lads" in text for text in grounds_in(ours.path))
    assert ours.manifest["policy"]["safe_words"] == ["quarnbrook"]


def test_a_malformed_safe_words_file_names_the_file_and_line(tmp_path):
    policy = policy_with(tmp_path, "quarnbrook\n# fine\nstation road\n")
    run = run_cli("pack", "build", export_with_grounds(tmp_path), "--out", tmp_path / "p.pack.db", "--sample", "2",
                  "--key-file", tmp_path / "k.key", "--policy", policy)
    assert_plain_error(run, "our-words.txt", "line 3", "one word a line")
    assert not (tmp_path / "p.pack.db").exists()


def test_a_safe_words_file_that_is_not_text_or_is_missing_is_a_plain_error(tmp_path):
    policy = policy_with(tmp_path, "")
    (tmp_path / "our-words.txt").write_bytes(b"fine\n\xff\xfe broken\n")
    try:
        load_policy(str(policy))
    except Exception as error:  # noqa: BLE001 - the type and words are what is checked
        assert type(error).__name__ == "InputError" and "line 2" in str(error) and "our-words.txt" in str(error)
    else:
        raise AssertionError("a file that is not UTF-8 was accepted")
    (tmp_path / "our-words.txt").unlink()
    try:
        load_policy(str(policy))
    except Exception as error:  # noqa: BLE001
        assert "does not exist" in str(error) and "our-words.txt" in str(error)
    else:
        raise AssertionError("a missing file was accepted")

"""The real data.police.uk files in tests/data/real are the ones their provenance note describes."""

from __future__ import annotations

import hashlib
import re

from tests.conftest import CITY_OF_LONDON, REAL_DATA, WEST_YORKSHIRE

PROVENANCE = (REAL_DATA / "PROVENANCE.md").read_text(encoding="utf-8")


def recorded_sha256() -> dict[str, str]:
    """File name -> SHA-256, from the note's `sha256sum`-format lines."""
    return {name: digest for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", PROVENANCE, flags=re.M)}


def test_every_real_file_matches_the_sha256_in_its_provenance_note():
    recorded = recorded_sha256()
    on_disk = {p.name for p in REAL_DATA.iterdir() if p.name != "PROVENANCE.md"}
    assert set(recorded) == on_disk, "every file in tests/data/real needs a line in PROVENANCE.md, and only those"
    for name, digest in recorded.items():
        assert hashlib.sha256((REAL_DATA / name).read_bytes()).hexdigest() == digest, f"{name} is not the file its note describes"


def test_the_files_the_tests_use_are_the_recorded_ones_with_their_source_and_licence():
    recorded = recorded_sha256()
    for path in (CITY_OF_LONDON, WEST_YORKSHIRE):
        assert path.name in recorded
        assert re.search(rf"^\| {re.escape(path.name)} \| \[[\w.-]+/[\w.-]+\]\(https://github\.com/[^)]+\) \| \S+ \| [0-9a-f]{{40}} \|",
                         PROVENANCE, flags=re.M), f"{path.name} has no row naming its source repository, path and commit"
    assert "Open Government Licence v3.0" in PROVENANCE


def test_the_west_yorkshire_file_keeps_its_crlf_line_endings():
    # The quirk the ingest tests rely on; a checkout that converted line endings would lose it silently.
    assert WEST_YORKSHIRE.read_bytes().count(b"\r\n") > 1000

"""The pack format: its declared tables and their document agree, packs of formats 1 and 2 (committed
in tests/data/packs, made by the code of their day) open as today's format with nothing lost, and a
pack of a newer format is refused in plain words."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from panel_tool.errors import InputError
from panel_tool.packs.packfile import FORMAT_VERSION, READ, SESSION, open_pack, read_manifest
from panel_tool.packs.tables import TABLES
from panel_tool.report.aggregate import summarise
from panel_tool.report.export import feedback
from panel_tool.review.agreement import accept, has_accepted
from panel_tool.review.lifecycle import check_servable, seal
from panel_tool.review.members import reset_code
from panel_tool.review.session import member_for_code, sign_in
from tests.conftest import ROOT, run_cli
from tests.servers import free_port

OLD_PACKS = ROOT / "tests" / "data" / "packs"
SESSION_RECORD = ("members", "answers", "case_time", "agreed_outcomes", "actions", "responses", "audit", "roles",
                  "assignments", "case_review", "sign_in_throttle")


@pytest.fixture
def format_1(tmp_path) -> tuple[Path, Path]:
    """A copy of the committed format-1 pack and its key (0600, as panel-tool insists)."""
    pack, key = tmp_path / "format-1.pack.db", tmp_path / "format-1.key"
    shutil.copy(OLD_PACKS / "format-1.pack.db", pack)
    shutil.copy(OLD_PACKS / "format-1.key", key)
    key.chmod(0o600)
    return pack, key


@pytest.fixture
def format_2(tmp_path) -> tuple[Path, Path]:
    """A copy of the committed format-2 pack (made before the agreements table) and its key."""
    pack, key = tmp_path / "format-2.pack.db", tmp_path / "format-2.key"
    shutil.copy(OLD_PACKS / "format-2.pack.db", pack)
    shutil.copy(OLD_PACKS / "format-2.key", key)
    key.chmod(0o600)
    return pack, key


@contextmanager
def plain_sqlite(pack: Path):
    """The file through sqlite3 alone, as any SQLite tool (or someone editing a pack) would open it."""
    conn = sqlite3.connect(pack)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def rows(pack: Path, table: str) -> list[dict]:
    """Every row, by column name (a migrated table may order its columns differently)."""
    with plain_sqlite(pack) as db:
        db.row_factory = sqlite3.Row
        return sorted((dict(r) for r in db.execute(f"SELECT * FROM {table}")), key=lambda r: repr(sorted(r.items())))


def raw_manifest(pack: Path) -> dict:
    with plain_sqlite(pack) as db:
        return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM manifest")}


def test_the_document_of_the_tables_and_their_declarations_agree():
    """schemas/pack.tables.json is checked against packs/tables.py: names, order, types, keys and
    which tables belong to a session, so neither can change without the other."""
    doc = json.loads((ROOT / "schemas" / "pack.tables.json").read_text(encoding="utf-8"))
    assert doc["format_version"] == FORMAT_VERSION
    session = doc["session_tables"]["tables"]
    documented = {**doc["tables"], **session}
    assert list(documented) == list(TABLES)
    for name, table in TABLES.items():
        spec = documented[name]
        assert (name in session) == table.session, name
        assert spec.get("primary_key", []) == list(table.key), name
        assert [(c, v["type"]) for c, v in spec["columns"].items()] == [(c.name, c.type) for c in table.columns], name
        by_kind = {kind: [(c, v["type"]) for c, v in cols.items()] for kind, cols in spec.get("columns_by_kind", {}).items()}
        assert by_kind == {kind: [(c.name, c.type) for c in cols] for kind, cols in table.by_kind.items()}, name
        for column in [*spec["columns"].values(), *(v for cols in spec.get("columns_by_kind", {}).values()
                                                      for v in cols.values())]:
            assert set(column) == {"type", "description"} and isinstance(column["description"], str), name


def test_a_format_1_pack_is_read_as_this_format_without_changing_its_file(format_1):
    pack, _ = format_1
    before = pack.read_bytes()
    assert raw_manifest(pack)["format_version"] == 1
    with open_pack(pack) as conn:
        manifest = read_manifest(conn)
        assert manifest["format_version"] == FORMAT_VERSION and manifest["migrations"][0]["from"] == 1
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == set(TABLES)
    summary = summarise(pack)
    assert summary.engagement["answers"] == len(rows(pack, "answers")) == 89
    assert len(summary.outcomes) == 5 and len(summary.actions) == 3
    assert len(feedback(pack)["responses"]) == 3
    run = run_cli("pack", "show", pack)
    assert run.code == 0 and "Format 1 fixture" in run.out
    assert pack.read_bytes() == before and not list(pack.parent.glob("*.pack.db-journal"))


def test_a_format_1_pack_opened_for_a_session_is_migrated_in_place_and_loses_nothing(format_1, tmp_path):
    pack, key = format_1
    kept = {table: rows(pack, table) for table in (*SESSION_RECORD, "cases", "case_officers", "texts", "context_stats", "form")}
    old_hash = raw_manifest(pack)["content_hash"]

    with open_pack(pack, SESSION):
        pass
    with plain_sqlite(pack) as db:
        held = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
    assert held == {name: table.create_statement("stop-search") for name, table in TABLES.items()}
    for table, before in kept.items():
        assert rows(pack, table) == before, table
    manifest = raw_manifest(pack)
    assert manifest["format_version"] == FORMAT_VERSION
    assert [(m["from"], m["to"]) for m in manifest["migrations"]] == [(1, 2), (2, 3), (3, 4)]
    assert manifest["unkeyed_content_hash"] == old_hash and "content_hash" not in manifest

    # The panel's work reads back whole, and the session carries on.
    summary = summarise(pack)
    assert summary.engagement["answers"] == 89 and len(summary.outcomes) == 5 and len(summary.actions) == 3
    exported = feedback(pack)
    assert len(exported["answers"]) == 89 and len(exported["responses"]) == 3
    assert run_cli("report", pack, "--out", tmp_path / "report.html").code == 0
    session = sign_in(pack, reset_code(pack, "Amira Test").code)
    question = session.form["questions"][0]
    session.save_answer(1, question["id"], question["options"][0]["value"])
    session.close()


def test_a_format_2_pack_is_read_as_this_format_without_changing_its_file(format_2):
    pack, _ = format_2
    before = pack.read_bytes()
    with plain_sqlite(pack) as db:
        assert "agreements" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert raw_manifest(pack)["format_version"] == 2
    with open_pack(pack) as conn:
        manifest = read_manifest(conn)
        assert manifest["format_version"] == FORMAT_VERSION and [(m["from"], m["to"]) for m in manifest["migrations"]] == [(2, 3), (3, 4)]
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == set(TABLES)
    assert summarise(pack).engagement["answers"] == len(rows(pack, "answers")) == 89
    run = run_cli("pack", "show", pack)
    assert run.code == 0 and "Format 2 fixture" in run.out
    assert pack.read_bytes() == before and not list(pack.parent.glob("*.pack.db-journal"))


def test_a_format_2_pack_opened_for_a_session_gains_the_agreements_table_keeps_its_seal_and_members_sign_in(format_2):
    """Format 3 adds the agreements table of sign-in at the door: a pack made before it is brought up
    to date in place, loses nothing, is still served under its seal (which covers only what members
    read), and its members agree at their first sign-in at the door."""
    pack, key = format_2
    kept = {table: rows(pack, table) for table in (*SESSION_RECORD, "cases", "case_officers", "texts", "context_stats", "form")}
    old_seal = raw_manifest(pack)["content_hash"]

    with open_pack(pack, SESSION):
        pass
    with plain_sqlite(pack) as db:
        held = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
    assert set(held) == set(TABLES) and held["agreements"] == TABLES["agreements"].create_statement("stop-search")
    for table, before in kept.items():
        assert rows(pack, table) == before, table
    assert rows(pack, "agreements") == []
    # format 4's word_checks table too, empty: the words members wrote then await the facilitator's check
    assert held["word_checks"] == TABLES["word_checks"].create_statement("stop-search") and rows(pack, "word_checks") == []
    manifest = raw_manifest(pack)
    assert manifest["format_version"] == FORMAT_VERSION == 4
    assert [(m["from"], m["to"]) for m in manifest["migrations"]] == [(2, 3), (3, 4)]
    assert manifest["content_hash"] == old_seal and "unkeyed_content_hash" not in manifest

    servable = check_servable(pack, key)
    assert servable.manifest["status"] == "released" and servable.members == 5
    member_id, name = member_for_code(pack, reset_code(pack, "Amira Test").code)
    assert name == "Amira Test" and not has_accepted(pack, member_id)
    accept(pack, member_id)
    assert has_accepted(pack, member_id) and [r["member_id"] for r in rows(pack, "agreements")] == [member_id]


def test_serve_says_why_a_migrated_format_1_pack_needs_sealing_and_takes_it_once_sealed(format_1):
    """Format 1's release hash was a plain SHA-256: it is never turned into a keyed seal by itself."""
    pack, key = format_1
    with pytest.raises(InputError, match="released by an earlier version of panel-tool") as refused:
        check_servable(pack, key)
    assert f"panel-tool pack seal {pack}" in refused.value.plain()
    run = run_cli("serve", pack, "--key-file", key, "--port", free_port())
    assert run.code == 2 and "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1
    assert "released by an earlier version of panel-tool" in run.err

    run = run_cli("pack", "seal", pack, "--key-file", key)
    assert run.code == 0 and "Sealed" in run.out, run.err
    servable = check_servable(pack, key)
    assert servable.members == 5 and servable.manifest["status"] == "released"
    with pytest.raises(InputError, match="already sealed"):
        seal(pack, key)


def test_a_format_1_pack_edited_after_release_is_not_migrated(format_1):
    pack, _ = format_1
    with plain_sqlite(pack) as db:
        db.execute("UPDATE cases SET area = 'somewhere else' WHERE case_id = 1")
    before = pack.read_bytes()
    with pytest.raises(InputError, match="changed after it was released"):
        open_pack(pack, SESSION)
    assert raw_manifest(pack)["format_version"] == 1 and pack.read_bytes() == before


@pytest.mark.parametrize("mode", [READ, SESSION])
def test_a_pack_of_a_newer_format_is_refused_plainly_and_left_alone(format_1, mode):
    pack, _ = format_1
    with plain_sqlite(pack) as db:
        db.execute("UPDATE manifest SET value = ? WHERE key = 'format_version'", (json.dumps(FORMAT_VERSION + 1),))
        db.execute("UPDATE manifest SET value = '\"9.0.0\"' WHERE key = 'tool_version'")
    before = pack.read_bytes()
    with pytest.raises(InputError) as refused:
        open_pack(pack, mode)
    message = refused.value.plain()
    assert f"pack format {FORMAT_VERSION + 1}" in message and "panel-tool 9.0.0" in message
    assert f"knows pack formats up to {FORMAT_VERSION}" in message and str(pack) in message
    for args in (("pack", "show", pack), ("members", "add", pack, "Dev"), ("report", pack, "--out", pack.parent / "r.html")):
        run = run_cli(*args)
        assert run.code == 2 and "Traceback" not in run.err and "newer than this panel-tool" in run.err, (args, run.err)
    assert pack.read_bytes() == before


def test_what_a_members_kernel_imports_to_open_a_pack_stays_on_the_standard_library():
    """sqlite-utils would bring pandas: 45 MiB and half a second in every member's kernel (DESIGN.md section 6)."""
    check = ("import sys, panel_tool.apps.review, panel_tool.apps.facilitator, panel_tool.packs.packfile, "
             "panel_tool.packs.migrations, panel_tool.packs.seal; "
             "print(sorted(m for m in ('pandas', 'numpy', 'sqlite_utils') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=ROOT)
    assert run.stdout.strip() == "[]"

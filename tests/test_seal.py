"""The release seal is keyed: whoever edits a released pack cannot make serve take it by working out
a hash again, as a plain SHA-256 would let them."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing

import pytest

from panel_tool.errors import InputError
from panel_tool.packs.migrations import format_1_content_hash
from panel_tool.packs.seal import SEAL_KEY_VARIABLE, content_seal
from panel_tool.packs.tables import SEALED_TABLES
from panel_tool.review.lifecycle import check_servable, release
from panel_tool.review.redaction_review import approve_cases
from tests.conftest import run_cli
from tests.servers import free_port, pack_key, released_pack, seal_key


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    pack, _ = released_pack(tmp_path_factory.mktemp("sealed"), members=["Amira"])
    return pack


@pytest.fixture
def pack(released, tmp_path):
    """A copy of a released pack, its key beside it."""
    target = tmp_path / released.name
    shutil.copy(released, target)
    shutil.copy(pack_key(released), pack_key(target))
    return target


def plain_sha256(conn: sqlite3.Connection) -> str:
    """What someone without the key can work out: the seal's own serialisation, hashed without a key."""
    digest = hashlib.sha256()
    for table in SEALED_TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        digest.update(json.dumps([table, columns]).encode())
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY {', '.join(columns)}"):
            digest.update(json.dumps(list(row), ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def edit_and_rehash(pack, rehash, **manifest) -> None:
    with closing(sqlite3.connect(pack)) as conn, conn:
        conn.execute("UPDATE cases SET area = 'a street everyone on the panel knows' WHERE case_id = 1")
        for key, value in {"content_hash": rehash(conn), **manifest}.items():
            conn.execute("INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)", (key, json.dumps(value)))


def refused_by_serve(pack) -> str:
    run = run_cli("serve", pack, "--key-file", pack_key(pack), "--port", free_port())
    assert run.code == 2 and "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1, run.err
    return run.err


def test_a_released_pack_passes_serves_checks_with_its_key(pack):
    assert check_servable(pack, pack_key(pack)).members == 1


def test_an_edited_pack_with_a_recomputed_plain_sha256_is_refused(pack):
    edit_and_rehash(pack, plain_sha256)
    with pytest.raises(InputError, match="changed after it was released"):
        check_servable(pack, pack_key(pack))
    assert "changed after it was released" in refused_by_serve(pack)


def test_an_edited_pack_passed_off_as_format_1_with_its_hash_is_not_sealed_by_itself(pack):
    """Format 1 is read, and its plain hash checked, but a keyed seal needs the facilitator (pack seal)."""
    edit_and_rehash(pack, format_1_content_hash, format_version=1)
    with pytest.raises(InputError, match="released by an earlier version of panel-tool"):
        check_servable(pack, pack_key(pack))
    assert "pack seal" in refused_by_serve(pack)


def test_the_seal_needs_the_key_the_pack_was_built_with(pack, tmp_path, monkeypatch):
    monkeypatch.delenv("PANEL_TOOL_KEY", raising=False)
    monkeypatch.delenv(SEAL_KEY_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    with pytest.raises(InputError, match="serve checks the seal on the cases with the force's key .* no key was given"):
        check_servable(pack)
    (tmp_path / "other").mkdir()
    other, _ = released_pack(tmp_path / "other", members=["Ben"])
    with pytest.raises(InputError, match="this key is not the one the pack was built with"):
        check_servable(pack, pack_key(other))
    monkeypatch.setenv("PANEL_TOOL_KEY", pack_key(pack).read_text().strip())
    assert check_servable(pack).members == 1  # found as pack lookup finds it


def test_a_release_without_the_key_is_refused_and_leaves_a_draft(tmp_path, monkeypatch):
    monkeypatch.delenv("PANEL_TOOL_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    draft, _ = released_pack(tmp_path, members=["Amira"], release=False)
    approve_cases(draft)
    run = run_cli("pack", "release", draft)
    assert run.code == 2 and "release seals the cases with the force's key" in run.err and "Traceback" not in run.err
    with closing(sqlite3.connect(draft)) as conn:
        assert conn.execute("SELECT value FROM manifest WHERE key = 'status'").fetchone()[0] == '"draft"'


def test_serve_hands_its_apps_the_seal_key_and_an_app_releases_with_it(tmp_path, monkeypatch):
    """The facilitator's app releases from inside serve, with no --key-file: it gets the seal key,
    never the force's key itself."""
    draft, _ = released_pack(tmp_path, members=["Amira"], release=False)
    approve_cases(draft)
    key = seal_key(draft)
    monkeypatch.delenv("PANEL_TOOL_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    monkeypatch.setenv(SEAL_KEY_VARIABLE, key.hex())
    manifest = release(draft)
    with closing(sqlite3.connect(draft)) as conn:
        assert manifest["content_hash"] == content_seal(conn, key)
    assert key.hex() not in pack_key(draft).read_text()

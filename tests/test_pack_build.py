"""`pack build`: nothing identifying reaches the file; the force can still map cases back."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from pathlib import Path

import pandas as pd
import pytest

from panel_tool.anonymise.generalise import FORCE_AREA
from panel_tool.contracts import canonical_fields
from panel_tool.ingest import read_export
from panel_tool.packs.build import build_pack, show_pack
from panel_tool.packs.tables import TABLES
from tests.conftest import CITY_OF_LONDON, WEST_YORKSHIRE, run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A small force export with identifiers planted, built into a pack with every record as a case."""
    folder = tmp_path_factory.mktemp("pack")
    export = folder / "force.csv"
    assert run_cli("synth", "--rows", "400", "--seed", "8", "--out", export).code == 0
    key = folder / "force.key"
    pack = folder / "all.pack.db"
    run = run_cli("pack", "build", export, "--out", pack, "--sample", "all", "--key-file", key, "--seed", "1")
    assert run.code == 0, run.err
    return export, pack, key


def pack_text(pack: Path) -> str:
    """The file's raw bytes as text (latin-1 keeps every byte), for searching."""
    return pack.read_bytes().decode("latin-1")


def case_text(pack: Path) -> str:
    db = sqlite3.connect(pack)
    parts = [r[0] for r in db.execute("SELECT text FROM texts")]
    # Every text a member could read in a case; numbers such as case_id are not text.
    parts += [v for row in db.execute("SELECT * FROM cases") for v in row if isinstance(v, str)]
    db.close()
    return "\n".join(parts)


def contains(haystack: str, value: str) -> bool:
    """`value` stands in `haystack` as a whole token. The plain substring test comes first: it is what
    rules out almost every value, a hundred times faster than the regular expression over a pack's bytes."""
    return value in haystack and re.search(r"(?<![0-9A-Za-z])" + re.escape(value) + r"(?![0-9A-Za-z])", haystack) is not None


def test_no_planted_identifier_or_identifier_value_is_anywhere_in_the_file(synthetic):
    export, pack, _ = synthetic
    assert not Path(str(pack) + "-wal").exists() and not Path(str(pack) + "-journal").exists()
    db = sqlite3.connect(pack)
    assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0, "no free pages that could hold old data"
    form_text = db.execute("SELECT definition FROM form").fetchone()[0]  # the rating form's words, not the export's
    db.close()
    raw, texts = pack_text(pack), case_text(pack)
    truth = pd.read_csv(str(export) + ".truth.csv", dtype=str, keep_default_na=False)
    assert len(truth) > 2000
    leaks = []
    for entry in truth.itertuples():
        value = entry.value
        if entry.column == "location" and not re.search(r"\d", value):
            continue  # a street with no house number: checked against its own case below
        short_number = value.isdigit() and len(value) < 5
        # A short number, or a word the rating form also uses (the nickname "Red"), is looked for in the cases only.
        if (contains(texts, value) if short_number or contains(form_text, value) else contains(raw, value)):
            leaks.append((entry.row, entry.column, entry.type, value))
    assert leaks == []


def test_each_case_never_mentions_its_own_location(synthetic):
    export, pack, _ = synthetic
    frame = read_export(export).frame
    shown = show_pack(pack)
    assert len(shown["cases"]) == len(frame)
    # Cases are in date order; match them back to records through the pseudonymised record id.
    db = sqlite3.connect(pack)
    refs = dict(db.execute("SELECT case_id, case_ref FROM cases"))
    from panel_tool.anonymise.pseudonyms import load_key

    key = load_key(synthetic[2], create=False)
    by_ref = {key.pseudonym("record", r): loc for r, loc in zip(frame["record_id"], frame["location"])}
    checked = 0
    for case in shown["cases"]:
        location = by_ref[refs[case["case_id"]]]
        if isinstance(location, str) and case["grounds"]:
            assert location.casefold() not in case["grounds"].casefold(), case["case_id"]
            checked += 1
    assert checked > 300


def test_direct_identifier_fields_never_become_columns(synthetic):
    _, pack, _ = synthetic
    db = sqlite3.connect(pack)
    columns = {c[1] for table in ("cases", "case_officers", "texts", "context_stats")
               for c in db.execute(f"PRAGMA table_info({table})")}
    direct = {n for n, f in canonical_fields("stop-search").items() if f.protection == "direct_identifier"}
    assert not (columns & (direct | {"officer_id", "grounds_original", "latitude", "longitude", "age"}))


def test_the_key_is_never_in_the_pack_and_its_file_is_private(synthetic):
    _, pack, key = synthetic
    secret = key.read_text().strip()
    assert len(secret) == 64
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    data = pack.read_bytes()
    assert secret.encode() not in data and bytes.fromhex(secret) not in data


def test_lookup_maps_a_record_and_an_officer_back(synthetic):
    export, pack, key = synthetic
    frame = read_export(export).frame
    record = frame.iloc[17]
    run = run_cli("pack", "lookup", pack, "--key-file", key, "--record-id", record["record_id"])
    assert run.code == 0, run.err
    case_id = int(re.search(r"Case (\d+): record", run.out).group(1))
    shown = show_pack(pack)["cases"][case_id - 1]
    assert shown["legislation"] == record["legislation"] and shown["outcome"] == record["outcome"]
    officer = run_cli("pack", "lookup", pack, "--key-file", key, "--officer-id", record["officer_id"])
    expected = int((frame["officer_id"] == record["officer_id"]).sum())
    assert len(re.findall(r"Case \d+: officer", officer.out)) == expected
    assert f"Case {case_id}: officer" in officer.out


def test_lookup_with_another_key_is_refused(synthetic, tmp_path):
    _, pack, _ = synthetic
    other = tmp_path / "other.key"
    other.write_text(os.urandom(32).hex() + "\n")
    other.chmod(0o600)
    run = run_cli("pack", "lookup", pack, "--key-file", other, "--record-id", "X")
    assert run.code == 2 and "not the one the pack was built with" in run.err


def test_key_from_the_environment(tmp_path, monkeypatch):
    secret = os.urandom(32).hex()
    monkeypatch.setenv("PANEL_TOOL_KEY", secret)
    result = build_pack(CITY_OF_LONDON, tmp_path / "env.pack.db", sample="5", seed=2)
    assert result.key.source == "$PANEL_TOOL_KEY"
    assert secret.encode() not in (tmp_path / "env.pack.db").read_bytes()


def test_without_a_key_a_private_key_file_is_made_in_the_config_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PANEL_TOOL_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    run = run_cli("pack", "build", CITY_OF_LONDON, "--out", tmp_path / "p.pack.db", "--sample", "5")
    assert run.code == 0, run.err
    made = tmp_path / "config" / "panel-tool" / "pseudonym.key"
    assert made.exists() and stat.S_IMODE(made.stat().st_mode) == 0o600
    assert str(made) in run.err


def test_a_new_key_is_on_disk_before_the_pack_appears(tmp_path, monkeypatch):
    """A build killed between writing the pack and saving a new key would leave a pack no one could
    ever map back to its records: the key is saved first."""
    import panel_tool.packs.build as build

    key_file, seen = tmp_path / "new.key", []
    write = build.write_pack

    def write_and_look(out, *args, **kwargs):
        seen.append(key_file.exists())
        raise KeyboardInterrupt  # the build stopped while the pack was being written

    monkeypatch.setattr(build, "write_pack", write_and_look)
    with pytest.raises(KeyboardInterrupt):
        build_pack(CITY_OF_LONDON, tmp_path / "p.pack.db", sample="5", seed=2, key_file=key_file)
    assert seen == [True] and not (tmp_path / "p.pack.db").exists()
    monkeypatch.setattr(build, "write_pack", write)
    again = build_pack(CITY_OF_LONDON, tmp_path / "p.pack.db", sample="5", seed=2, key_file=key_file)
    assert not again.key.created and again.key.check == build.load_key(key_file).check  # the build again uses the saved key


@pytest.mark.parametrize("path", [CITY_OF_LONDON, WEST_YORKSHIRE], ids=["city-of-london", "west-yorkshire"])
def test_packs_from_the_real_files(tmp_path, path):
    out = tmp_path / "real.pack.db"
    result = build_pack(path, out, sample="15", seed=4, key_file=tmp_path / "k.key")
    shown = show_pack(out)
    assert len(shown["cases"]) == 15
    risk = shown["manifest"]["risk"]
    assert risk["cases_below_k"] == [] and risk["smallest_group"] >= 5
    frame = read_export(path).frame
    year = str(frame["searched_at"].dt.tz_convert("Europe/London").dt.year.mode()[0])
    months = set(frame["searched_at"].dt.tz_convert("Europe/London").dt.strftime("%B %Y"))
    for case in shown["cases"]:
        # the month itself, or its quarter or year when the case was coarsened further
        assert case["month"] in months or re.fullmatch(rf"(\w+ to \w+ )?{year}", case["month"]), case["month"]
        assert re.fullmatch(r"Near [A-Z][\w' -]+", case["area"]) or case["area"] in (FORCE_AREA, "Not recorded"), case["area"]
        assert case["legislation"] is None or case["legislation"] in set(frame["legislation"].dropna())
        assert case["k_anonymity"] >= 5
    assert result.manifest["source"]["rows"] == len(frame)
    stats = sqlite3.connect(out).execute("SELECT count(*) FROM context_stats").fetchone()[0]
    assert stats > 20


def test_same_seed_same_cases(tmp_path):
    a = build_pack(WEST_YORKSHIRE, tmp_path / "a.pack.db", sample="10", seed=99, key_file=tmp_path / "k.key")
    b = build_pack(WEST_YORKSHIRE, tmp_path / "b.pack.db", sample="10", seed=99, key_file=tmp_path / "k.key")
    c = build_pack(WEST_YORKSHIRE, tmp_path / "c.pack.db", sample="10", seed=100, key_file=tmp_path / "k.key")
    cases = [json.dumps(show_pack(p.path)["cases"]) for p in (a, b, c)]
    assert cases[0] == cases[1] != cases[2]
    assert a.manifest["sampling"]["seed"] == 99


def test_stratified_and_targeted_samples(tmp_path):
    key = tmp_path / "k.key"
    frame = read_export(WEST_YORKSHIRE).frame
    build_pack(WEST_YORKSHIRE, tmp_path / "t.pack.db", sample="8", strategy="targeted",
               where=["under_18=yes", "outcome=Arrest|Community resolution"], seed=1, key_file=key)
    cases = show_pack(tmp_path / "t.pack.db")["cases"]
    assert len(cases) == 8
    assert all(c["outcome"] in ("Arrest", "Community resolution") for c in cases)
    assert all(c["age_range"] in ("10-17", "under 10", "Under 18", "Not shown") for c in cases)
    strip = build_pack(WEST_YORKSHIRE, tmp_path / "m.pack.db", sample="all", where=["more_than_outer_clothing=yes"],
                       seed=1, key_file=key)
    assert strip.manifest["counts"]["cases"] == 62
    assert all(c["more_than_outer_clothing"] == 1 for c in show_pack(strip.path)["cases"])
    build_pack(WEST_YORKSHIRE, tmp_path / "s.pack.db", sample="12", strategy="stratified",
               strata=["self_defined_ethnicity_group"], allocation="equal", seed=1, key_file=key)
    manifest = show_pack(tmp_path / "s.pack.db")["manifest"]
    assert manifest["sampling"]["strata"] == ["self_defined_ethnicity_group"]
    assert manifest["sampling"]["allocation"] == "equal"
    s60 = build_pack(WEST_YORKSHIRE, tmp_path / "x.pack.db", sample="all", where=["legislation=Firearms Act 1968 (section 47)"],
                     key_file=key, seed=1)
    assert s60.manifest["counts"]["cases"] == int((frame["legislation"] == "Firearms Act 1968 (section 47)").sum()) == 19


def test_use_of_force_pack_groups_forms_into_incidents(tmp_path):
    export = tmp_path / "uof.csv"
    assert run_cli("synth", "--kind", "use-of-force", "--rows", "600", "--seed", "3", "--out", export).code == 0
    forms = read_export(export).frame
    incidents = forms["incident_ref"].nunique()
    result = build_pack(export, tmp_path / "uof.pack.db", sample="all", key_file=tmp_path / "k.key", seed=1)
    shown = show_pack(result.path)
    assert len(shown["cases"]) == incidents < len(forms)
    officers = sum(len(c["officers"]) for c in shown["cases"])
    assert officers == len(forms)
    tactic_words = set(canonical_fields("use-of-force")["tactics"].allowed)
    assert all(set(c["tactics"]) <= tactic_words for c in shown["cases"])
    # each incident carries every tactic its forms recorded (every list was once emptied on the way)
    for name in ("tactics", "reasons", "outcomes"):
        recorded = sorted(sorted({str(item) for items in group.dropna() for item in items})
                          for _, group in forms.groupby("incident_ref", observed=True)[name])
        assert sorted(sorted(c[name]) for c in shown["cases"]) == recorded, name
        assert sum(map(len, recorded)) > len(recorded), name
    assert any(len(c["officer_account"]) > 1 for c in shown["cases"])
    raw = pack_text(result.path)
    truth = pd.read_csv(str(export) + ".truth.csv", dtype=str, keep_default_na=False)
    texts = case_text(result.path)
    leaks = [v for v in truth["value"] if (contains(texts, v) if v.isdigit() and len(v) < 5 else contains(raw, v))]
    assert leaks == []


def test_pack_show_json_has_manifest_and_cases_by_canonical_names(synthetic):
    _, pack, _ = synthetic
    run = run_cli("pack", "show", pack, "--cases", "--json")
    assert run.code == 0, run.err
    shown = json.loads(run.out)
    assert set(shown) == {"manifest", "cases"}
    case = shown["cases"][0]
    for name in ("legislation", "object_of_search", "outcome", "grounds", "age_range", "self_defined_ethnicity", "month", "area"):
        assert name in case
    m = shown["manifest"]
    assert m["status"] == "draft" and m["source"]["sha256"] and m["sampling"]["strategy"] == "random"
    assert m["redacted"]["NAME"] > 100 and m["dropped"]["identifier_fields"]["subject_name"] > 100
    text = run_cli("pack", "show", pack, "--cases").out
    assert "Case 1" in text and "Grounds:" in text


def declared_tables(pack: Path) -> dict[str, str]:
    """Each table of a pack file as SQLite holds its definition."""
    with sqlite3.connect(pack) as db:
        return dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())


def test_built_packs_hold_every_declared_table_as_declared(synthetic, tmp_path):
    """Made from packs/tables.py, not guessed from the data: every table (session tables too), in every pack."""
    export = tmp_path / "uof.csv"
    assert run_cli("synth", "--kind", "use-of-force", "--rows", "100", "--out", export).code == 0
    uof = build_pack(export, tmp_path / "u.pack.db", sample="5", key_file=tmp_path / "k.key", seed=1).path
    for pack, kind in ((synthetic[1], "stop-search"), (uof, "use-of-force")):
        assert declared_tables(pack) == {name: table.create_statement(kind) for name, table in TABLES.items()}, kind
        with sqlite3.connect(pack) as db:  # yes/no columns hold 0 and 1, not '0' and '1', even where the first case had none
            kinds = {r[0] for r in db.execute("SELECT DISTINCT typeof(outcome_linked) FROM cases")} if kind == "stop-search" \
                else {r[0] for r in db.execute("SELECT DISTINCT typeof(staff_injured) FROM cases")}
            assert kinds <= {"integer", "null"}, kinds


def test_session_tables_stay_as_declared_once_a_session_starts(tmp_path):
    """members add and release write to the tables pack build made; nothing adds or changes one."""
    from tests.servers import released_pack

    pack, _ = released_pack(tmp_path, members=["Amira"])
    assert declared_tables(pack) == {name: table.create_statement("stop-search") for name, table in TABLES.items()}


def test_unexpected_values_in_listed_fields_are_redacted_too(tmp_path):
    """A force that typed free text into a listed field must not leak a name through it."""
    rows = (ROOT / "schemas" / "examples" / "force-export.csv").read_text().splitlines()
    rows[1] = rows[1].replace(",Controlled drugs,", ",knife belonging to Jordan SMITH of 22 Roundhay Road,")
    (tmp_path / "typed.csv").write_text("\n".join(rows) + "\n")
    policy = json.loads((ROOT / "schemas" / "policies" / "default.json").read_text())
    policy["k"] = 2  # three records: let the cases through so their text can be checked
    (tmp_path / "small.json").write_text(json.dumps(policy))
    result = build_pack(tmp_path / "typed.csv", tmp_path / "t.pack.db", sample="all", seed=1, key_file=tmp_path / "k.key",
                        policy=str(tmp_path / "small.json"))
    data = result.path.read_bytes()
    assert b"SMITH" not in data and b"Roundhay" not in data
    objects = [c["object_of_search"] for c in show_pack(result.path)["cases"]]
    assert any(o and o.startswith("knife belonging to [NAME 1]") for o in objects)

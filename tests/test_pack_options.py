"""pack build options: population, a policy file of one's own, officers rated red before."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd

from panel_tool.anonymise.pseudonyms import load_key
from panel_tool.ingest import read_export
from panel_tool.packs.build import build_pack, show_pack
from tests.conftest import WEST_YORKSHIRE, run_cli
from tests.test_bad_input import assert_plain_error


def test_population_gives_rates_per_1000_and_ratios(tmp_path):
    census = tmp_path / "census.csv"
    census.write_text("group,population\nWhite,1731000\nAsian,435000\nBlack,73000\nMixed,63000\nOther,33000\n")
    result = build_pack(WEST_YORKSHIRE, tmp_path / "p.pack.db", sample="5", seed=1, key_file=tmp_path / "k.key",
                        population=census)
    assert result.manifest["population_supplied"] is True
    stats = pd.read_sql("SELECT * FROM context_stats", sqlite3.connect(result.path))
    per_1000 = stats[stats["measure"] == "per_1000"].set_index("category")
    frame = read_export(WEST_YORKSHIRE).frame
    white = int((frame["self_defined_ethnicity_group"] == "White").sum())
    assert abs(per_1000.loc["White", "value"] - white / 1731000 * 1000) < 1e-9
    ratio = stats[stats["measure"] == "ratio_to_white"].set_index("category")
    black = int((frame["self_defined_ethnicity_group"] == "Black").sum())
    expected = (black / 73000) / (white / 1731000)
    assert abs(ratio.loc["Black", "value"] - expected) < 1e-9
    assert ratio.loc["Black", "ci_low"] < expected < ratio.loc["Black", "ci_high"]


def test_a_policy_file_of_ones_own_with_iso_weeks(tmp_path):
    policy = json.loads(open("schemas/policies/default.json").read())
    policy.update(name="weekly", date="iso_week", k=3)
    (tmp_path / "weekly.json").write_text(json.dumps(policy))
    result = build_pack(WEST_YORKSHIRE, tmp_path / "w.pack.db", sample="10", seed=3, key_file=tmp_path / "k.key",
                        policy=str(tmp_path / "weekly.json"))
    months = [c["month"] for c in show_pack(result.path)["cases"]]
    assert all(m.startswith("Week ") or m.startswith(("July", "August", "2021")) for m in months)
    assert any(m.startswith("Week ") for m in months)
    assert result.manifest["policy"]["name"] == "weekly" and result.manifest["risk"]["k_target"] == 3


def test_an_invalid_policy_file_is_refused(tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"name": "bad", "k": 1}))
    run = run_cli("pack", "build", WEST_YORKSHIRE, "--out", tmp_path / "p.pack.db", "--policy", tmp_path / "bad.json",
                  "--key-file", tmp_path / "k.key")
    assert_plain_error(run, "bad.json", "this policy is not valid")
    assert not (tmp_path / "p.pack.db").exists()


def test_officers_rated_red_in_an_earlier_pack(tmp_path):
    """The facilitator's app records agreed ratings in agreed_outcomes (case_id, rating); a later
    pack can then target every record of the officers the panel rated red."""
    key = tmp_path / "k.key"
    export = tmp_path / "force.csv"
    assert run_cli("synth", "--rows", "600", "--seed", "4", "--out", export).code == 0
    earlier = build_pack(export, tmp_path / "earlier.pack.db", sample="10", seed=2, key_file=key)
    db = sqlite3.connect(earlier.path)
    db.execute("INSERT INTO agreed_outcomes (case_id, rating, agreed_at) VALUES (3, 'Red', '2025-01-01'), "
               "(4, 'Green', '2025-01-01')")
    db.commit()
    red_ref = db.execute("SELECT officer_ref FROM case_officers WHERE case_id = 3").fetchone()[0]
    db.close()
    frame = read_export(export).frame
    secret = load_key(key, create=False)
    red_ids = {o for o in frame["officer_id"].dropna().unique() if secret.pseudonym("officer", o) == red_ref}
    assert len(red_ids) == 1
    expected = int(frame["officer_id"].isin(red_ids).sum())
    later = build_pack(export, tmp_path / "later.pack.db", sample="all", strategy="targeted",
                       where=[f"red_officers={earlier.path}"], seed=1, key_file=key)
    assert later.manifest["counts"]["cases"] == expected
    refs = {r[0] for r in sqlite3.connect(later.path).execute("SELECT officer_ref FROM case_officers")}
    assert refs == {red_ref}


def test_red_officers_from_a_pack_with_no_red_rating(tmp_path):
    earlier = build_pack(WEST_YORKSHIRE, tmp_path / "e.pack.db", sample="5", seed=1, key_file=tmp_path / "k.key")
    run = run_cli("pack", "build", WEST_YORKSHIRE, "--out", tmp_path / "l.pack.db", "--key-file", tmp_path / "k.key",
                  "--where", f"red_officers={earlier.path}")
    assert_plain_error(run, "e.pack.db", "no case the panel rated red")


def test_a_default_title_says_what_and_when_as_a_panel_would():
    import pandas as pd

    from panel_tool.packs.build import default_title

    month = pd.Series(pd.to_datetime(["2024-09-30T23:30:00+00:00"] + ["2024-10-15T12:00:00+00:00"] * 40, utc=True))
    assert default_title("stop-search", month, "Europe/London", 12) == "Stop and search, October 2024: 12 cases"
    quarter = pd.Series(pd.to_datetime(["2024-07-03", "2024-08-09", "2024-09-21"]))
    assert default_title("use-of-force", quarter, "Europe/London", 1) == "Use of force, July to September 2024: 1 case"

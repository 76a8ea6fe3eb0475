"""synth -> validate round trips, for both kinds and every layout, through the real CLI."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from panel_tool.ingest import read_export


@pytest.mark.parametrize("kind, layout, profile", [
    ("stop-search", "force-export", "force-export"),
    ("stop-search", "data-police-uk", "data-police-uk"),
    ("use-of-force", "met-use-of-force", "met-use-of-force"),
])
def test_synth_then_validate(cli, tmp_path, kind, layout, profile):
    out = tmp_path / f"{layout}.csv"
    made = cli("synth", "--kind", kind, "--format", layout, "--rows", "800", "--seed", "11", "--out", out)
    assert made.code == 0, made.err
    assert out.exists() and (tmp_path / f"{layout}.csv.truth.csv").exists()
    run = cli("validate", out, "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["profile"] == profile and report["profile_detected"] is True
    assert report["rows"] == 800
    assert report["columns_unmapped"] == []
    assert report["unknown_values"] == {}, report["unknown_values"]
    assert report["usable"] is True


def test_force_export_round_trip_keeps_identifiers_for_the_next_layer(tmp_path, cli):
    out = tmp_path / "fe.csv"
    assert cli("synth", "--rows", "300", "--seed", "5", "--out", out).code == 0
    frame = read_export(out).frame
    truth = pd.read_csv(tmp_path / "fe.csv.truth.csv", dtype=str, keep_default_na=False)
    names = truth[truth["column"] == "subject_name"]
    assert len(names) > 50
    by_row = frame["subject_name"]
    for _, entry in names.head(50).iterrows():
        assert by_row.loc[int(entry["row"])] == entry["value"]
    grounds = truth[truth["column"] == "grounds"]
    for _, entry in grounds.head(200).iterrows():
        text = frame["grounds"].loc[int(entry["row"])]
        assert text[int(entry["start"]):int(entry["end"])] == entry["value"]


def test_use_of_force_round_trip_lists_tactics_in_plain_english(tmp_path, cli):
    out = tmp_path / "uof.csv"
    assert cli("synth", "--kind", "use-of-force", "--rows", "400", "--seed", "2", "--out", out).code == 0
    export = read_export(out)
    frame = export.frame
    raw = pd.read_csv(out, dtype=str, keep_default_na=False)
    tactics = export.profile.values["tactics"]
    for i in range(20):
        expected = [tactics[raw.loc[i, f"Tactic {k}"]] for k in range(1, 21) if raw.loc[i, f"Tactic {k}"]]
        assert list(frame["tactics"].iloc[i]) == expected
    flags = [c for c in raw.columns if c.startswith("Location Type: ")]
    for i in range(20):
        expected = [export.profile.columns[c]["flag"] for c in flags if raw.loc[i, c] == "Yes"]
        assert list(frame["location_types"].iloc[i]) == expected
    assert frame["subject_age_range"].notna().sum() == frame["subject_age"].notna().sum()

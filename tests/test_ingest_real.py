"""The real data.police.uk files validate with the layout recognised, and the figures are exact."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pandas as pd
import pytest

from panel_tool.ingest import read_export
from tests.conftest import CITY_OF_LONDON, WEST_YORKSHIRE


def csv_counts(path, column):
    with open(path, newline="", encoding="utf-8") as fh:
        return Counter(row[column].strip() for row in csv.DictReader(fh))


def test_city_of_london_report_figures(cli):
    run = cli("validate", CITY_OF_LONDON, "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["profile"] == "data-police-uk" and report["profile_detected"] is True
    assert report["rows"] == 153
    assert report["line_endings"] == "LF"
    assert report["date_range"] == ["2019-01-01T02:48:45+00:00", "2019-01-31T06:57:22+00:00"]
    assert report["month"] == "2019-01" and report["rows_outside_month"] == 0
    assert report["blanks"]["latitude"] == 36
    assert report["blanks"]["age_range"] == 9
    assert report["blanks"]["self_defined_ethnicity"] == 6
    assert report["blanks"]["part_of_operation"] == 153
    assert report["columns_unmapped"] == []
    assert report["unknown_values"] == {}
    assert report["contradictions"]["count"] == 15
    assert report["usable"] is True


def test_west_yorkshire_report_figures(cli):
    run = cli("validate", WEST_YORKSHIRE, "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["rows"] == 1312
    assert report["line_endings"] == "CRLF"
    assert report["blanks"]["gender"] == 91
    assert report["blanks"]["legislation"] == 80
    assert report["blanks"]["outcome_linked"] == 9
    # The file holds one search from the last hour of July, as monthly files do.
    assert report["month"] == "2021-08" and report["rows_outside_month"] == 1
    assert report["date_range"][0] == "2021-07-31T23:40:00+00:00"
    assert report["contradictions"]["count"] == 90
    assert any("13%" in w and "Not stated" in w for w in report["warnings"])


@pytest.mark.parametrize("path", [CITY_OF_LONDON, WEST_YORKSHIRE], ids=["city-of-london", "west-yorkshire"])
def test_value_counts_match_an_independent_count(path):
    """Every category in the canonical frame counts what Python's csv module counts in the file."""
    frame = read_export(path).frame
    pairs = {"Type": "search_type", "Legislation": "legislation", "Outcome": "outcome", "Gender": "gender",
             "Age range": "age_range", "Self-defined ethnicity": "self_defined_ethnicity"}
    for column, field in pairs.items():
        expected = {k: v for k, v in csv_counts(path, column).items() if k}
        got = frame[field].value_counts()
        assert {k: int(v) for k, v in got.items() if v} == expected, field


def test_west_yorkshire_frame_types_and_values():
    frame = read_export(WEST_YORKSHIRE).frame
    assert len(frame) == 1312
    assert str(frame["searched_at"].dtype) == "datetime64[ns, UTC]"
    assert frame["more_than_outer_clothing"].sum() == 62
    assert frame["outcome_linked"].sum() == 733
    # Vehicle searches with removal of more than outer clothing: a real quirk kept as given.
    vehicle = frame[frame["search_type"] == "Vehicle search"]
    assert len(vehicle) == 49
    groups = frame["self_defined_ethnicity_group"].value_counts()
    assert groups["Not stated"] == 177
    assert groups["White"] == 586 + 59 + 4
    assert frame.index[0] == 2, "rows are numbered as a spreadsheet numbers them"
    assert set(frame.columns) >= {"grounds", "officer_id", "subject_name"}
    assert frame["grounds"].isna().all()


def test_city_of_london_psychoactive_legislation_recognised():
    frame = read_export(CITY_OF_LONDON).frame
    assert (frame["legislation"] == "Psychoactive Substances Act 2016 (s36(2))").sum() == 2
    assert pd.isna(frame["part_of_operation"]).all()

"""Context statistics: figures checked against independent counts, hand-worked intervals, suppression."""

from __future__ import annotations

import csv
import json
import math
import re
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from panel_tool.errors import InputError
from panel_tool.ingest import read_export
from panel_tool.packs.context import (COLUMNS, HIDDEN, SMALL_COUNT, context_statistics, rate_ratio_interval,
                                      read_population, wilson_interval)
from panel_tool.synth import synth

from .conftest import ROOT, WEST_YORKSHIRE

HEADER = ["Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude", "Gender",
          "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation", "Object of search", "Outcome",
          "Outcome linked to object of search", "Removal of more than just outer clothing"]
ETHNICITY = {"White": "White - English/Welsh/Scottish/Northern Irish/British",
             "Black": "Black/African/Caribbean/Black British - Caribbean",
             "Asian": "Asian/Asian British - Pakistani",
             "Mixed": "Mixed/Multiple ethnic groups - White and Black Caribbean",
             "Other": "Other ethnic group - Any other ethnic group",
             "Not stated": "Other ethnic group - Not stated"}


def figure(stats: pd.DataFrame, section: str, category: str, measure: str, dimension: str | None = None) -> pd.Series:
    rows = stats[(stats.section == section) & (stats.category == category) & (stats.measure == measure)]
    if dimension is not None:
        rows = rows[rows.dimension == dimension]
    assert len(rows) == 1, f"expected one row for {section} / {category} / {measure}, found {len(rows)}"
    return rows.iloc[0]


def write_police_csv(path: Path, searches: list[dict]) -> Path:
    """A data.police.uk file; each search gives its group, outcome, age and so on, the rest is filled in."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i, s in enumerate(searches):
            out.writerow(["Person search", f"2024-03-{1 + i % 28:02d}T14:{i % 60:02d}:00+00:00", "False", "", "", "", "Male",
                          s.get("age", "18-24"), ETHNICITY.get(s.get("group", "White"), ""), s.get("group", "White"),
                          s.get("legislation", "Misuse of Drugs Act 1971 (section 23)"), "Controlled drugs",
                          s.get("outcome", "A no further action disposal"), s.get("linked", "False"),
                          s.get("strip", "False")])
    return path


def read_frame(path: Path) -> pd.DataFrame:
    return read_export(path).frame


@pytest.fixture(scope="module")
def west_yorkshire():
    frame = read_export(WEST_YORKSHIRE).frame
    return frame, context_statistics(frame, "stop-search")


@pytest.fixture(scope="module")
def raw_west_yorkshire():
    with WEST_YORKSHIRE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the real file, against counts made here with the csv module ---------------------------------


def test_table_shape(west_yorkshire):
    _, stats = west_yorkshire
    assert list(stats.columns) == COLUMNS
    assert stats["suppressed"].dtype == bool
    assert stats["section"].iloc[0] == "Volume"
    for column in ("value", "ci_low", "ci_high"):
        assert all(v is None or isinstance(v, float) for v in stats[column])
        assert not any(isinstance(v, float) and math.isnan(v) for v in stats[column])
    assert {"Volume", "Outcomes", "Find rate", "By self-defined ethnicity", "By age range", "By legislation",
            "By object of search", "Under-18s", "Section 60 searches", "More than outer clothing", "Notes"} <= set(stats.section)


def test_west_yorkshire_volume_and_months(west_yorkshire, raw_west_yorkshire):
    _, stats = west_yorkshire
    searches = figure(stats, "Volume", "Searches", "count")
    assert searches.value == len(raw_west_yorkshire) == 1312 and searches.display == "1,312"
    # The file holds rows from 23:40 UTC on 31 July, which is already August in UK local time.
    months = figure(stats, "Volume", "Months covered", "months")
    assert months.value == 1 and months.display == "August 2021"


def test_west_yorkshire_outcomes_and_find_rate(west_yorkshire, raw_west_yorkshire):
    _, stats = west_yorkshire
    outcomes = Counter(r["Outcome"] for r in raw_west_yorkshire)
    recorded = sum(n for outcome, n in outcomes.items() if outcome)
    assert figure(stats, "Outcomes", "Arrest", "count").value == outcomes["Arrest"] == 213
    assert figure(stats, "Outcomes", "Not recorded", "count").value == outcomes[""] == 9
    arrest_rate = figure(stats, "Outcomes", "Arrest", "arrest_rate")
    assert arrest_rate.value == pytest.approx(213 / recorded) and arrest_rate.display == "16%"
    nfa = figure(stats, "Outcomes", "A no further action disposal", "no_further_action_rate")
    assert nfa.value == pytest.approx(outcomes["A no further action disposal"] / recorded)

    linked = Counter(r["Outcome linked to object of search"] for r in raw_west_yorkshire)
    find = figure(stats, "Find rate", "Outcome linked to object of search", "find_rate")
    assert find.value == pytest.approx(linked["True"] / (linked["True"] + linked["False"]))
    assert find.value == pytest.approx(733 / 1303) and find.display == "56%"
    assert find.ci_low < find.value < find.ci_high


def test_west_yorkshire_by_ethnicity(west_yorkshire, raw_west_yorkshire):
    _, stats = west_yorkshire
    black = [r for r in raw_west_yorkshire if r["Self-defined ethnicity"].startswith("Black/African/Caribbean/Black British")]
    assert len(black) == 72
    assert figure(stats, "By self-defined ethnicity", "Black", "count").value == 72
    share = figure(stats, "By self-defined ethnicity", "Black", "share")
    assert share.value == pytest.approx(72 / 1312) and share.display == "5%"
    black_recorded = [r for r in black if r["Outcome"]]
    arrests = sum(r["Outcome"] == "Arrest" for r in black)
    assert figure(stats, "By self-defined ethnicity", "Black", "arrest_rate").value == pytest.approx(arrests / len(black_recorded))
    known = [r for r in black if r["Outcome linked to object of search"]]
    found = sum(r["Outcome linked to object of search"] == "True" for r in known)
    assert figure(stats, "By self-defined ethnicity", "Black", "find_rate").value == pytest.approx(found / len(known))
    not_stated = sum(r["Self-defined ethnicity"] == "Other ethnic group - Not stated" for r in raw_west_yorkshire)
    assert not_stated / 1312 > 0.10  # 177 of 1,312: the warning must be there
    notes = stats[(stats.section == "Notes") & (stats.category == "Not stated")]
    assert len(notes) == 1 and notes.iloc[0].measure == "note" and "13%" in notes.iloc[0].display


def test_west_yorkshire_under_18s_and_strip_searches(west_yorkshire, raw_west_yorkshire):
    _, stats = west_yorkshire
    under_18 = sum(r["Age range"] in ("under 10", "10-17") for r in raw_west_yorkshire)
    assert figure(stats, "Under-18s", "Under 18", "count").value == under_18 == 253
    strip = [r for r in raw_west_yorkshire if r["Removal of more than just outer clothing"] == "True"]
    assert figure(stats, "More than outer clothing", "More than outer clothing", "count").value == len(strip) == 62
    white_strip = sum(r["Self-defined ethnicity"].startswith("White") for r in strip)
    row = figure(stats, "More than outer clothing", "White", "count", dimension="self_defined_ethnicity_group")
    assert row.value == white_strip
    assert figure(stats, "Section 60 searches", "Section 60", "count").display == "fewer than 5"  # none in this month


# --- intervals, worked by hand -------------------------------------------------------------------


def test_wilson_interval_by_hand():
    # 10 of 50, z = 1.96: p = 0.2, z² = 3.8416, z²/n = 0.076832, so the denominator is 1.076832;
    # centre = (0.2 + 3.8416/100) / 1.076832 = 0.238416 / 1.076832 = 0.221405;
    # half-width = 1.96/1.076832 * sqrt(0.2*0.8/50 + 3.8416/(4*2500)) = 1.820153 * sqrt(0.00358416)
    #            = 1.820153 * 0.059868 = 0.108969, giving 0.1124 to 0.3304 (the textbook answer).
    low, high = wilson_interval(10, 50, z=1.96)
    assert low == pytest.approx(0.221405 - 0.108969, abs=1e-5)
    assert high == pytest.approx(0.221405 + 0.108969, abs=1e-5)
    assert (round(low, 4), round(high, 4)) == (0.1124, 0.3304)
    # None found: the interval still has width, and stays inside 0 to 1.
    low, high = wilson_interval(0, 20)
    assert low == 0 and 0.15 < high < 0.17


def test_katz_rate_ratio_by_hand():
    # West Midlands 2022 style: 242 searches of 10,000 Black residents (24.2 per 1,000) against 510 of
    # 100,000 White residents (5.1 per 1,000). RR = 24.2 / 5.1 = 4.745098.
    # Variance of ln RR = 1/242 - 1/10000 + 1/510 - 1/100000
    #                   = 0.0041322 - 0.0001 + 0.0019608 - 0.00001 = 0.0059830; SE = 0.077350.
    # 1.96 * 0.077350 = 0.151603; exp(0.151603) = 1.163695, so the interval is
    # 4.745098 / 1.163695 = 4.0776 to 4.745098 * 1.163695 = 5.5219.
    ratio, low, high = rate_ratio_interval(242, 10_000, 510, 100_000)
    assert ratio == pytest.approx(24.2 / 5.1)
    assert low == pytest.approx(4.0776, abs=1e-3)
    assert high == pytest.approx(5.5219, abs=1e-3)


# --- population: per 1,000 and the ratio to White --------------------------------------------------


def test_population_rates_and_ratio(tmp_path):
    searches = [{"group": "Black"}] * 242 + [{"group": "White"}] * 510 + [{"group": "Asian"}] * 60 + \
               [{"group": "Not stated"}] * 30
    frame = read_frame(write_police_csv(tmp_path / "2024-03-test.csv", searches))
    people = tmp_path / "population.csv"
    people.write_text(" Group , Population \nwhite,100000\nBLACK,10000\nAsian,20000\n", encoding="utf-8")
    population = read_population(people)
    assert population.to_dict("list") == {"group": ["White", "Black", "Asian"], "population": [100000, 10000, 20000]}

    stats = context_statistics(frame, "stop-search", population)
    black = figure(stats, "Compared with population", "Black", "per_1000")
    white = figure(stats, "Compared with population", "White", "per_1000")
    assert black.value == pytest.approx(24.2) and black.display == "24.2 per 1,000"
    assert white.value == pytest.approx(5.1) and white.display == "5.1 per 1,000"
    # Normal approximation to the Poisson: (242 ± 1.96 * sqrt(242)) / 10,000 * 1,000 = 24.2 ± 3.049.
    assert (black.ci_low, black.ci_high) == (pytest.approx(21.151, abs=1e-3), pytest.approx(27.249, abs=1e-3))
    ratio = figure(stats, "Compared with population", "Black", "ratio_to_white")
    assert ratio.value == pytest.approx(4.745098, abs=1e-6) and ratio.display == "4.7 times"
    assert (ratio.ci_low, ratio.ci_high) == (pytest.approx(4.0776, abs=1e-3), pytest.approx(5.5219, abs=1e-3))
    assert figure(stats, "Compared with population", "Asian", "ratio_to_white").display == "0.6 times"
    assert "Not stated" not in set(stats[stats.section == "Compared with population"].category)
    note = figure(stats, "Notes", "Population", "note")
    assert "March 2024 (one month, not a year)" in note.display


def test_more_searches_than_residents_still_gets_an_interval():
    # The City of London has a few thousand residents and many searches of visitors: Katz's variance
    # would go negative, so the Poisson rate-ratio variance 1/a + 1/b is used.
    ratio, low, high = rate_ratio_interval(50, 40, 100, 8000)
    assert ratio == pytest.approx(100.0)
    spread = 1.959963984540054 * math.sqrt(1 / 50 + 1 / 100)
    assert (low, high) == (pytest.approx(100 * math.exp(-spread)), pytest.approx(100 * math.exp(spread)))


# --- suppression -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_groups(tmp_path_factory):
    searches = ([{"group": "White", "outcome": "Arrest", "linked": "True"}] * 12 + [{"group": "White"}] * 40
                + [{"group": "Black", "outcome": "Arrest"}] * 2 + [{"group": "Black", "linked": "True"}] * 28
                + [{"group": "Mixed", "outcome": "Arrest", "linked": "True"}] + [{"group": "Mixed"}] * 2
                + [{"group": "Asian", "age": "under 10"}] * 2 + [{"group": "Asian", "age": "10-17"}] * 20
                + [{"group": "Not stated"}] * 8)
    path = write_police_csv(tmp_path_factory.mktemp("small") / "2024-03-small.csv", searches)
    return context_statistics(read_frame(path), "stop-search")


def test_three_records_show_fewer_than_5_and_their_rates_too(small_groups):
    stats = small_groups
    mixed = stats[(stats.section == "By self-defined ethnicity") & (stats.category == "Mixed")]
    assert set(mixed.measure) == {"count", "share", "arrest_rate", "no_further_action_rate", "find_rate"}
    assert (mixed.display == "fewer than 5").all()
    assert mixed.suppressed.all() and mixed.value.isna().all() and mixed.ci_low.isna().all()


def test_a_small_numerator_suppresses_the_rate_but_not_the_count(small_groups):
    stats = small_groups
    assert figure(stats, "By self-defined ethnicity", "Black", "count").display == "30"
    arrests = figure(stats, "By self-defined ethnicity", "Black", "arrest_rate")  # 2 arrests of 30
    assert arrests.suppressed and arrests.value is None and arrests.display == "fewer than 5"
    assert figure(stats, "By self-defined ethnicity", "Black", "find_rate").display == "93%"  # 28 of 30


def test_nothing_under_5_is_shown_as_a_number(small_groups, west_yorkshire):
    for stats in (small_groups, west_yorkshire[1]):
        counts = stats[stats.measure == "count"]
        for row in counts.itertuples():
            if row.suppressed:
                assert row.value is None and row.display in ("fewer than 5", HIDDEN)
            else:
                assert row.value >= SMALL_COUNT and int(row.display.replace(",", "")) == row.value
        for text in stats.display:
            bare = re.sub(r"per 1,000|\d[\d,]*\.\d+|\d+%", "", text)  # rates, decimals and percentages aside
            for number in re.findall(r"\d[\d,]*", bare):
                value = int(number.replace(",", ""))
                assert value >= SMALL_COUNT or value in range(2000, 2100), f"{number!r} shown in {text!r}"


def test_a_lone_small_count_is_not_left_to_subtraction(small_groups):
    stats = small_groups
    # 2 Asian children under 10 beside 20 aged 10-17: the under-18s total (22) is shown, so 10-17 is
    # withheld too, or 22 - 20 would give the 2 away.
    assert figure(stats, "By age range", "under 10", "count").display == "fewer than 5"
    ten_to_17 = figure(stats, "By age range", "10-17", "count")
    assert ten_to_17.suppressed and ten_to_17.value is None and ten_to_17.display == HIDDEN
    assert figure(stats, "Under-18s", "Under 18", "count").display == "22"
    # 3 Mixed is the only small count that is not zero (no Other at all protects nothing), so one more
    # group goes with it: 'Not stated', so that the groups a panel compares stay visible.
    shown = stats[(stats.section == "By self-defined ethnicity") & (stats.measure == "count")]
    assert shown.set_index("category").display.to_dict() == {
        "White": "52", "Mixed": "fewer than 5", "Asian": "22", "Black": "30", "Other": "fewer than 5",
        "Not stated": HIDDEN}
    # The arrest rates: Mixed (1 arrest) and Black (2) are both small, so none is withheld beside them.
    rates = stats[(stats.section == "By self-defined ethnicity") & (stats.measure == "arrest_rate")]
    assert rates.set_index("category").display.to_dict()["White"] == "23%"  # 12 of 52


def test_rates_need_a_known_denominator(tmp_path):
    searches = [{"group": "White", "linked": ""}] * 20
    stats = context_statistics(read_frame(write_police_csv(tmp_path / "2024-03-blank.csv", searches)), "stop-search")
    assert stats[stats.measure == "find_rate"].empty
    assert stats[(stats.section == "Notes") & (stats.dimension == "outcome_linked")].display.str.contains("find rate").all()


# --- read_population: every bad input names the row and column ---------------------------------


@pytest.mark.parametrize("text, row, column, words", [
    ("group,people\nWhite,100\n", 1, "population", "no 'population' column"),
    ("ethnicity,population\nWhite,100\n", 1, "group", "no 'group' column"),
    ("group,population\nWhite,100\nBlack,lots\n", 3, "population", "'lots' is not a whole number"),
    ("group,population\nWhite,100\nBlack,-20\n", 3, "population", "negative"),
    ("group,population\nWhite,100\nBlack,12.5\n", 3, "population", "not a whole number"),
    ("group,population\nWhite,100\nBlack,\n", 3, "population", "blank"),
    ("group,population\nWhite,100\nMartian,20\n", 3, "group", "'Martian' is not an ethnic group"),
    ("group,population\nWhite,100\nBlack,20\nblack,30\n", 4, "group", "appears twice"),
    ("group,population\nBlack,20\nAsian,30\n", None, "group", "no row for the White group"),
])
def test_read_population_bad_input(tmp_path, text, row, column, words):
    path = tmp_path / "population.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_population(path)
    error = caught.value
    assert error.file == str(path) and error.row == row and error.column == column and error.expected
    assert words in error.message
    if row:
        assert f"row {row}" in str(error)
    assert f"column '{column}'" in str(error)


def test_read_population_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        read_population(tmp_path / "nowhere.csv")
    assert caught.value.file == str(tmp_path / "nowhere.csv") and "does not exist" in str(caught.value)


def test_read_population_accepts_thousands_and_blank_lines(tmp_path):
    path = tmp_path / "population.csv"
    path.write_text('\ufeffgroup,population\n"White","1,234,567"\n\nOther, 4500 \n', encoding="utf-8")
    assert read_population(path).to_dict("list") == {"group": ["White", "Other"], "population": [1234567, 4500]}


# --- use of force ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def use_of_force(tmp_path_factory):
    result = synth("use-of-force", rows=1500, out=tmp_path_factory.mktemp("uof") / "uof.csv", seed=7)
    with result.path.open(newline="", encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    return raw, read_export(result.path).frame


def test_use_of_force_incidents_and_tactics(use_of_force):
    raw, frame = use_of_force
    stats = context_statistics(frame, "use-of-force")
    assert figure(stats, "Volume", "Forms", "count").value == len(raw) == 1500
    assert figure(stats, "Volume", "Incidents", "count").value == len({r["IncidentRef"] for r in raw})

    names = json.loads((ROOT / "schemas" / "profiles" / "met-use-of-force.json").read_text())["values"]["tactics"]
    forms_with = Counter()
    for r in raw:
        forms_with.update({names[r[f"Tactic {i}"].strip()] for i in range(1, 21) if r[f"Tactic {i}"].strip()})
    tactics = stats[(stats.section == "Tactics") & (stats.measure == "count")]
    for row in tactics.itertuples():
        if row.category == "Not recorded":
            continue
        expected = forms_with[row.category]
        assert row.display == ("fewer than 5" if expected < SMALL_COUNT else f"{expected:,}")
    assert set(tactics.category) - {"Not recorded"} == set(forms_with)
    shown = tactics[~tactics.suppressed]
    assert list(shown.value) == sorted(shown.value, reverse=True)  # by frequency

    white = sum(r["SubjectEthnicity"] == "White" for r in raw)
    assert figure(stats, "By subject ethnicity", "White", "count").value == white
    staff = [r["StaffInjured"] for r in raw]
    injured = figure(stats, "Injuries", "Staff injured", "share")
    assert injured.value == pytest.approx(staff.count("Yes") / sum(v in ("Yes", "No") for v in staff))


def test_use_of_force_incident_fallback_and_repeated_tactics():
    lists = pd.ArrowDtype(pa.list_(pa.string()))
    tactics = pd.Series([["Baton drawn", "Baton drawn", "Shield"]] * 6 + [[]] * 2, dtype=lists)
    frame = pd.DataFrame({
        "incident_ref": pd.Series([None] * 8, dtype="string"),
        "incident_date": pd.to_datetime(["2023-01-05"] * 4 + ["2023-03-09"] * 4),
        "tactics": tactics, "outcomes": pd.Series([None] * 8, dtype=lists),
        "subject_ethnicity": pd.Categorical(["White"] * 8), "subject_age_range": pd.Categorical(["18-24"] * 8),
        "staff_injured": pd.array([False] * 8, dtype="boolean"), "subject_injured": pd.array([None] * 8, dtype="boolean"),
    })
    stats = context_statistics(frame, "use-of-force")
    assert figure(stats, "Volume", "Incidents", "count").value == 8  # no references: each form its own incident
    assert figure(stats, "Volume", "Months covered", "months").display == "January 2023 to March 2023 (3 months)"
    assert figure(stats, "Tactics", "Baton drawn", "count").value == 6  # listed twice on a form, counted once
    assert figure(stats, "Tactics", "Baton drawn", "share").value == pytest.approx(6 / 8)
    frame["incident_ref"] = pd.Series(["A", "A", "B", "B", "B", None, None, ""], dtype="string")
    stats = context_statistics(frame, "use-of-force")
    assert figure(stats, "Volume", "Incidents", "count").value == 5  # A, B and three forms with no reference


def test_wrong_kind_is_a_clear_error(west_yorkshire):
    frame, _ = west_yorkshire
    with pytest.raises(InputError) as caught:
        context_statistics(frame, "use-of-force")
    assert caught.value.column == "incident_ref"
    with pytest.raises(InputError):
        context_statistics(frame, "arrests")


def test_a_million_rows_in_seconds(west_yorkshire):
    frame, _ = west_yorkshire
    big = pd.concat([frame] * 763, ignore_index=True)  # 1,001,056 searches
    started = time.perf_counter()
    stats = context_statistics(big, "stop-search")
    elapsed = time.perf_counter() - started
    assert figure(stats, "Volume", "Searches", "count").value == 1_001_056
    assert figure(stats, "By self-defined ethnicity", "Black", "count").value == 72 * 763
    assert elapsed < 5, f"{elapsed:.1f} s: something is looping over rows"

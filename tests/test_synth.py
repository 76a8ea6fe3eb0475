"""Synthetic exports: deterministic, in the profiles' layouts, with a ground truth that is exactly right."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

import numpy as np
import pytest

from panel_tool.contracts import canonical_fields, load_profile
from panel_tool.errors import InputError
from panel_tool.synth import FORMATS, SynthResult, synth
from panel_tool.synth import stop_search, use_of_force
from panel_tool.synth.grounds import IDENTIFIER_TYPES, KEEP, officer_texts
from panel_tool.synth.templates import SETS, sentence_templates

LAYOUTS = [("stop-search", "force-export"), ("stop-search", "data-police-uk"), ("use-of-force", "met-use-of-force")]
TRUTH_TYPES = set(IDENTIFIER_TYPES) | {"OFFICER_ID"}


def read(path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, row)) for row in reader]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """One small export of each layout, shared by the tests that only read them."""
    folder = tmp_path_factory.mktemp("synth")
    rows = {"force-export": 1500, "data-police-uk": 1500, "met-use-of-force": 1200}
    out = {}
    for kind, layout in LAYOUTS:
        result = synth(kind, rows=rows[layout], out=folder / f"{layout}.csv", seed=7, format=layout)
        header, records = read(result.path)
        truth_header, truth = read(result.truth_path)
        out[layout] = (result, header, records, truth_header, truth)
    return out


# --- the API -----------------------------------------------------------------------------------


def test_result_describes_what_was_written(made):
    result = made["force-export"][0]
    assert isinstance(result, SynthResult)
    assert result.truth_path.name == "force-export.csv.truth.csv" and result.truth_path.parent == result.path.parent
    assert (result.kind, result.format, result.seed, result.rows) == ("stop-search", "force-export", 7, 1500)
    assert result.planted == len(made["force-export"][4]) > 0


def test_defaults_are_force_export_and_met(tmp_path):
    assert synth(rows=5, out=tmp_path / "a.csv").format == "force-export"
    assert synth("use-of-force", rows=5, out=tmp_path / "b.csv").format == "met-use-of-force"


@pytest.mark.parametrize("kind, layout", [("use-of-force", "force-export"), ("use-of-force", "data-police-uk"),
                                          ("stop-search", "met-use-of-force"), ("stop-search", "xlsx")])
def test_a_layout_the_kind_does_not_have_is_a_plain_error(tmp_path, kind, layout):
    with pytest.raises(InputError) as caught:
        synth(kind, rows=10, out=tmp_path / "x.csv", format=layout)
    assert layout in caught.value.message and caught.value.expected
    assert not (tmp_path / "x.csv").exists()


def test_unknown_kind_and_bad_row_counts_are_plain_errors(tmp_path):
    with pytest.raises(InputError):
        synth("arrests", rows=10, out=tmp_path / "x.csv")
    with pytest.raises(InputError):
        synth(rows=-1, out=tmp_path / "x.csv")
    with pytest.raises(InputError):
        synth(rows=10, out=tmp_path / "no-such-folder" / "x.csv")


@pytest.mark.parametrize("kind, layout", LAYOUTS)
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, kind, layout):
    a = synth(kind, rows=300, out=tmp_path / "a.csv", seed=42, format=layout)
    b = synth(kind, rows=300, out=tmp_path / "b.csv", seed=42, format=layout)
    c = synth(kind, rows=300, out=tmp_path / "c.csv", seed=43, format=layout)
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.truth_path.read_bytes() == b.truth_path.read_bytes()
    assert a.path.read_bytes() != c.path.read_bytes()


@pytest.mark.parametrize("kind, layout", LAYOUTS)
def test_zero_rows_writes_just_the_headers(tmp_path, kind, layout):
    result = synth(kind, rows=0, out=tmp_path / "empty.csv", format=layout)
    assert read(result.path) == (list(load_profile(layout).columns), [])
    assert read(result.truth_path) == (["row", "record", "column", "start", "end", "type", "value"], [])


# --- layout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", [layout for _, layout in LAYOUTS])
def test_header_is_exactly_the_profile_and_the_file_is_plain_utf8_csv(made, layout):
    result, header, records, _, _ = made[layout]
    assert header == list(load_profile(layout).columns)
    data = result.path.read_bytes()
    assert b"\r\n" not in data and data.endswith(b"\n")
    data.decode("utf-8")
    assert all(len(r) == len(header) for r in records)
    assert len(records) == result.rows


def test_data_police_uk_uses_only_allowed_or_legacy_values(made):
    _, header, records, truth_header, truth = made["data-police-uk"]
    profile = load_profile("data-police-uk")
    fields = canonical_fields("stop-search")
    legacy_seen = Counter()
    for column, mapping in profile.columns.items():
        spec = fields[mapping["field"]]
        values = Counter(r[column] for r in records)
        if spec.kind == "enum":
            for value in values:
                assert value == "" or value in spec.allowed or value in spec.legacy, (column, value)
                if value in spec.legacy:
                    legacy_seen[column] += values[value]
        elif spec.kind == "boolean":
            assert set(values) <= {"True", "False", ""}, (column, values)
    assert legacy_seen["Self-defined ethnicity"] and legacy_seen["Outcome"]
    assert legacy_seen["Self-defined ethnicity"] < 0.05 * len(records)
    dates = [r["Date"] for r in records]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\+00:00", d) for d in dates)
    months = Counter(d[:7] for d in dates)
    main, _ = months.most_common(1)[0]
    assert months[main] > 0.98 * len(records)
    late = [d for d in dates if d[:7] != main]
    assert late and all(d[11:13] == "23" for d in late)  # the last hour of the previous month
    assert truth == [] and truth_header[0] == "row"
    assert Counter(r["Removal of more than just outer clothing"] for r in records)["True"] < 0.1 * len(records)


def test_force_export_values_are_realistic(made):
    _, _, records, _, _ = made["force-export"]
    fields = canonical_fields("stop-search")
    n = len(records)
    for column in ("search_type", "legislation", "object_of_search", "outcome", "gender", "self_defined_ethnicity",
                   "officer_defined_ethnicity"):
        assert {r[column] for r in records} - {""} <= set(fields[column].allowed), column
    outcomes = Counter(r["outcome"] for r in records)
    assert 0.62 < outcomes["A no further action disposal"] / n < 0.78
    assert 0.02 < sum(r["more_than_outer_clothing"] == "True" for r in records) / n < 0.09
    assert 0.06 < sum(r["self_defined_ethnicity"] == "Other ethnic group - Not stated" for r in records) / n < 0.18
    ages = [int(r["age"]) for r in records if r["age"]]
    assert 0.01 < 1 - len(ages) / n < 0.08 and min(ages) >= 10 and max(ages) <= 70 and np.median(ages) < 27
    # Objects follow the power used.
    drugs = [r["object_of_search"] for r in records if r["legislation"] == "Misuse of Drugs Act 1971 (section 23)"]
    assert Counter(drugs)["Controlled drugs"] > 0.95 * len(drugs)
    # Officer-defined ethnicity mostly agrees with self-defined, sometimes not.
    white = [r["officer_defined_ethnicity"] for r in records if r["self_defined_ethnicity"].startswith("White - English")]
    assert 0.85 < Counter(white)["White"] / len(white) < 1
    assert any(r["officer_defined_ethnicity"] == "White" and r["self_defined_ethnicity"].startswith("Asian") for r in records) \
        or any(r["officer_defined_ethnicity"] == "Asian" and r["self_defined_ethnicity"].startswith("White") for r in records)
    # Officers repeat: about one officer per 40 records.
    officers = {r["officer_id"] for r in records if r["officer_id"]}
    assert n / 80 < len(officers) < n / 20
    assert len({r["record_id"] for r in records}) == n


def test_force_export_identifier_columns_follow_the_record(made):
    _, _, records, _, _ = made["force-export"]
    bwv_yes, bwv_spellings = {"True", "Y", "Yes"}, Counter(r["bwv_used"] for r in records)
    assert {"True", "False", "Y", "N", "Yes", "No"} <= set(bwv_spellings)
    assert 0.78 < sum(bwv_spellings[s] for s in bwv_yes) / len(records) < 0.92
    for r in records:
        if r["bwv_ref"]:
            assert r["bwv_used"] in bwv_yes | {""} and re.fullmatch(r"BWV-\d{4}-\d{7}", r["bwv_ref"])
        if r["vehicle_reg"]:
            assert r["search_type"] in ("Vehicle search", "Person and Vehicle search", "")  # blank: a quirk
        if r["crime_ref"]:
            assert r["outcome"] not in ("", "A no further action disposal")
    arrests = [r for r in records if r["outcome"] == "Arrest"]
    assert sum(bool(r["crime_ref"]) for r in arrests) > 0.8 * len(arrests)


def test_force_export_times_are_in_the_month_and_mostly_in_the_evening(made):
    _, _, records, _, _ = made["force-export"]
    iso = [r["searched_at"] for r in records if "T" in r["searched_at"]]
    uk = [r["searched_at"] for r in records if "/" in r["searched_at"]]
    assert len(iso) + len(uk) == len(records) and 0.05 < len(uk) / len(records) < 0.25
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[01]:00", s) for s in iso)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", s) for s in uk)
    months = {s[:7] for s in iso} | {s[6:10] + "-" + s[3:5] for s in uk}
    assert len(months) == 1
    hours = Counter(int(s[11:13]) for s in iso)
    evening = sum(hours[h] for h in (17, 18, 19, 20, 21, 22, 23, 0))
    assert evening > 0.45 * len(iso) and sum(hours[h] for h in (4, 5, 6)) < 0.05 * len(iso)
    lat = [float(r["latitude"]) for r in records if r["latitude"]]
    assert 0.02 < 1 - len(lat) / len(records) < 0.09 and 53.5 < min(lat) and max(lat) < 54.0


# --- the ground truth --------------------------------------------------------------------------


@pytest.mark.parametrize("layout, id_column, free_text", [("force-export", "record_id", "grounds"),
                                                         ("met-use-of-force", "FormID", "OfficerAccount")])
def test_every_truth_entry_is_exactly_in_the_cell(made, layout, id_column, free_text):
    _, header, records, truth_header, truth = made[layout]
    assert truth_header == ["row", "record", "column", "start", "end", "type", "value"]
    for entry in truth:
        record = records[int(entry["row"]) - 2]
        assert record[id_column] == entry["record"]
        cell = record[entry["column"]]
        assert cell[int(entry["start"]):int(entry["end"])] == entry["value"], entry
        assert entry["type"] in TRUTH_TYPES
    columns = Counter(e["column"] for e in truth)
    assert columns[free_text] > len(records)  # several identifiers per text on average
    assert id_column not in columns and "KEEP" not in {e["type"] for e in truth}


@pytest.mark.parametrize("layout, whole", [
    ("force-export", {"location": "ADDRESS", "officer_name": "NAME", "subject_name": "NAME", "subject_dob": "DOB",
                      "subject_address": "ADDRESS", "vehicle_reg": "VEHICLE", "crime_ref": "REFERENCE",
                      "bwv_ref": "REFERENCE", "officer_id": "OFFICER_ID"}),
    ("met-use-of-force", {"OfficerName": "NAME", "SubjectName": "NAME", "SubjectDOB": "DOB", "CustodyRef": "REFERENCE",
                          "OfficerID": "OFFICER_ID"}),
])
def test_every_direct_identifier_cell_is_in_the_truth(made, layout, whole):
    _, _, records, _, truth = made[layout]
    listed = {(int(e["row"]), e["column"]): e for e in truth if e["column"] in whole}
    for i, record in enumerate(records, start=2):
        for column, kind in whole.items():
            if record[column]:
                entry = listed.pop((i, column))
                assert (entry["start"], entry["end"], entry["type"]) == ("0", str(len(record[column])), kind)
    assert not listed


def test_truth_is_sorted_by_row_then_column(made):
    _, header, _, _, truth = made["force-export"]
    position = {c: i for i, c in enumerate(header)}
    keys = [(int(e["row"]), position[e["column"]], int(e["start"])) for e in truth]
    assert keys == sorted(keys)


def test_planted_rates_in_grounds(made):
    _, _, records, _, truth = made["force-export"]
    texts = [r for r in records if r["grounds"]]
    per_type = defaultdict(set)
    for e in truth:
        if e["column"] == "grounds":
            per_type[e["type"]].add(e["row"])
    share = {t: len(rows) / len(texts) for t, rows in per_type.items()}
    assert 0.5 < share["NAME"] < 0.72
    assert 0.17 < share["POSTCODE"] < 0.33
    assert 0.04 < share["PHONE"] < 0.13
    assert 0.14 < share["DOB"] < 0.27
    assert 0.22 < share["OFFICER_NUMBER"] < 0.38
    assert 0.09 < share["REFERENCE"] < 0.22
    assert 0.13 < share["ADDRESS"] < 0.28
    for rare in ("EMAIL", "NI_NUMBER", "PNC_ID", "IMEI", "CARD_NUMBER"):
        assert 0.003 < share.get(rare, 0) < 0.08, rare
    # Registrations are far more common in vehicle searches.
    vehicle_rows = {str(i) for i, r in enumerate(records, start=2) if r["search_type"] != "Person search" and r["grounds"]}
    on_foot = {str(i) for i, r in enumerate(records, start=2) if r["search_type"] == "Person search" and r["grounds"]}
    assert len(per_type["VEHICLE"] & vehicle_rows) / len(vehicle_rows) > 2 * len(per_type["VEHICLE"] & on_foot) / len(on_foot)


def test_grounds_name_the_person_in_the_record(made):
    _, _, records, _, truth = made["force-export"]
    names = [e for e in truth if e["column"] == "grounds" and e["type"] == "NAME" and " " in e["value"]]
    agree = 0
    for e in names:
        held = records[int(e["row"]) - 2]["subject_name"].replace(",", "").lower().split()
        agree += bool(held) and set(e["value"].replace(",", "").lower().split()) == set(held)
    assert agree > 0.3 * len(names)


def test_grounds_never_contradict_the_record(made):
    """No "nothing found" beside a find linked to the search; no "he" or "she" for a person the
    record gives no gender (the demo showed both)."""
    _, _, records, _, _ = made["force-export"]
    nothing_found = re.compile(r"nothing (was )?found|search negative", re.I)
    linked = [r for r in records if r["outcome_linked"] in ("True", "Y", "Yes")]
    assert linked and not [r["grounds"] for r in linked if nothing_found.search(r["grounds"])]
    assert any(nothing_found.search(r["grounds"]) for r in records)  # the check above can fail
    ungendered = [r for r in records if r["gender"] not in ("Male", "Female")]
    gendered_words = re.compile(r"\b(he|she|him|her|his|hers|himself|herself)\b", re.I)
    assert ungendered and not [r["grounds"] for r in ungendered if gendered_words.search(r["grounds"])]


# --- officer_texts -----------------------------------------------------------------------------


@pytest.mark.parametrize("templates", ["export", "account", "benchmark"])
def test_officer_texts_spans_are_exact_and_typed(templates):
    texts, items = officer_texts(600, np.random.default_rng(5), templates=templates)
    assert len(texts) == len(items) == 600
    kinds = Counter()
    for text, planted in zip(texts, items):
        assert text and text[0].isupper() and text.endswith(".")
        previous_end = 0
        for start, end, kind, value in planted:
            assert text[start:end] == value and start >= previous_end, (text, start, end, value)
            previous_end = end
            assert kind in IDENTIFIER_TYPES or kind == KEEP
            kinds[kind] += 1
            if kind == "OFFICER_NUMBER":
                assert re.search(r"\b(PCSO|PC|PS|DC|DS|Pc) ?$", text[max(0, start - 6):start]), text[start - 6:end]
                assert value[0].isdigit()
            if kind == "NAME":
                assert not value.startswith(("Mr ", "Mr. ", "Ms ", "Mrs ", "Miss "))
    assert set(IDENTIFIER_TYPES) <= set(kinds)
    with_keep = sum(any(k == KEEP for _, _, k, _ in planted) for planted in items)
    assert with_keep > 0.9 * len(texts)


def test_keep_phrases_include_legislation_streets_and_ranks():
    texts, items = officer_texts(800, np.random.default_rng(9))
    keep = Counter(v for planted in items for _, _, k, v in planted if k == KEEP)
    assert keep["Misuse of Drugs Act 1971"] and keep["section 23"]
    assert any(v.endswith(("Lane", "Road", "Street")) and not v[0].isdigit() for v in keep)
    assert any(v in ("the Sergeant", "the Inspector", "the duty Inspector", "the custody Sergeant") for v in keep)
    assert keep["cannabis"]


def test_officer_texts_are_deterministic_for_a_generator():
    a = officer_texts(50, np.random.default_rng(20261121), templates="benchmark")
    b = officer_texts(50, np.random.default_rng(20261121), templates="benchmark")
    c = officer_texts(50, np.random.default_rng(1), templates="benchmark")
    assert a == b and a != c


def test_benchmark_wording_is_not_the_exports():
    assert not sentence_templates("benchmark") & sentence_templates("export")
    assert not sentence_templates("benchmark") & sentence_templates("account")
    # Not just the templates: no whole sentence of benchmark output occurs in export output.
    def sentences(templates):
        texts, items = officer_texts(400, np.random.default_rng(3), templates=templates)
        out = set()
        for text, planted in zip(texts, items):
            for start, end, _, _ in reversed(planted):
                text = text[:start] + "#" + text[end:]
            out |= {s.strip() for s in re.split(r"(?<=[.;])\s", text) if len(s) > 25}
        return out
    assert not sentences("benchmark") & sentences("export")


def test_names_hard_for_a_redactor_are_planted():
    _, items = officer_texts(3000, np.random.default_rng(11))
    names = {v for planted in items for _, _, k, v in planted if k == "NAME"}
    words = {"Rose", "Hope", "Will", "Grace", "Mark", "Brown", "Lane", "Green"}
    assert any(set(n.replace(",", "").split()) & words for n in names)
    assert any("-" in n for n in names) and any("O'" in n or "Mc" in n for n in names)
    assert any(not n.isascii() for n in names)
    assert any(n == n.lower() for n in names)  # "named jane doe"


def test_unknown_template_set_is_refused():
    with pytest.raises(ValueError):
        officer_texts(3, np.random.default_rng(0), templates="novel")
    assert set(SETS) == {"export", "account", "benchmark"}


# --- use of force ------------------------------------------------------------------------------


def test_use_of_force_incidents_share_their_fields(made):
    _, _, records, _, _ = made["met-use-of-force"]
    shared = ["IncidentDate", "IncidentTime", "Borough", "SubjectAge", "SubjectGender", "SubjectEthnicity", "SubjectName",
              "SubjectDOB", "CustodyRef", "Outcome: Arrested"] + [c for c in records[0] if c.startswith("Location Type: ")]
    incidents = defaultdict(list)
    for r in records:
        incidents[r["IncidentRef"]].append(r)
    sizes = Counter(len(v) for v in incidents.values())
    assert set(sizes) <= {1, 2, 3, 4} and sizes[1] and sizes[2] and sizes[3]
    for forms in incidents.values():
        for column in shared:
            assert len({f[column] for f in forms}) == 1, column
        officers = [f["OfficerID"] for f in forms if f["OfficerID"]]
        assert len(officers) == len(set(officers))
    assert len({r["FormID"] for r in records}) == len(records)


def test_use_of_force_flags_and_tactics(made):
    _, header, records, _, _ = made["met-use-of-force"]
    tactics = set(load_profile("met-use-of-force").values["tactics"])
    flag_columns = [c for c in header if c.startswith(("Location Type", "Impact Factor", "Reason for Force", "Outcome:"))]
    flag_columns += ["PhysicalDisability", "MentalDisability", "StaffInjured", "SubjectInjured"]
    for r in records:
        assert all(r[c] in ("Yes", "No") for c in flag_columns)
        row = [r[f"Tactic {i}"] for i in range(1, 21)]
        used = [t for t in row if t]
        assert used and row[:len(used)] == used  # filled left to right, blanks after
        assert set(used) <= tactics and len(used) == len(set(used))
        assert r["SubjectAge"] == "" or 10 <= int(r["SubjectAge"]) <= 90
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", r["IncidentDate"]) and re.fullmatch(r"\d\d:\d\d", r["IncidentTime"])
    assert max(sum(bool(r[f"Tactic {i}"]) for i in range(1, 21)) for r in records) >= 5
    ethnicity = canonical_fields("use-of-force")["subject_ethnicity"]
    assert {r["SubjectEthnicity"] for r in records} - {""} <= set(ethnicity.allowed) | set(ethnicity.legacy)


def test_value_tables_match_the_contracts():
    stop_search.check_values()
    use_of_force.check_values()
    assert set(FORMATS) == {"stop-search", "use-of-force"}


@pytest.mark.parametrize("kind, layout", LAYOUTS)
def test_a_single_row_is_a_whole_export(tmp_path, kind, layout):
    result = synth(kind, rows=1, out=tmp_path / "one.csv", format=layout)
    header, records = read(result.path)
    assert len(records) == 1 and len(records[0]) == len(header)


def test_progress_is_one_line_on_stderr_only_when_asked(tmp_path, capsys):
    synth(rows=300, out=tmp_path / "quiet.csv")
    assert capsys.readouterr().err == ""
    synth(rows=300, out=tmp_path / "loud.csv", progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "300 rows" in captured.err and captured.err.endswith("\n")
    assert captured.err.count("\n") == 1


def test_slices_cover_the_rows_and_incidents_survive_a_cut():
    slices = list(use_of_force.met_export(700, np.random.default_rng(4), chunk_rows=64))
    assert [lo for lo, _, _ in slices] == list(range(0, 700, 64))
    forms = defaultdict(set)
    for _, columns, _ in slices:
        for ref, date, borough, name in zip(columns["IncidentRef"], columns["IncidentDate"], columns["Borough"],
                                            columns["SubjectName"]):
            forms[ref].add((date, borough, name))
    assert all(len(v) == 1 for v in forms.values())
    assert sum(len(c["FormID"]) for _, c, _ in slices) == 700
    rows = list(stop_search.force_export(300, np.random.default_rng(4), chunk_rows=128))
    assert [lo for lo, _, _ in rows] == [0, 128, 256]
    ids = [r for _, c, _ in rows for r in c["record_id"]]
    assert len(set(ids)) == 300 and ids == sorted(ids)

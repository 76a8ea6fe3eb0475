"""Exports in every encoding, delimiter and format a force sends come in the same."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pandas as pd

from panel_tool.ingest import read_export, validate
from tests.conftest import CITY_OF_LONDON, WEST_YORKSHIRE

EXAMPLE = Path(__file__).resolve().parent.parent / "schemas" / "examples" / "force-export.csv"


def real_rows(path=CITY_OF_LONDON):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_csv(path: Path, rows, delimiter=",", encoding="utf-8", newline="\n"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return path


def same_frames(a: pd.DataFrame, b: pd.DataFrame):
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_bom_semicolon_crlf_and_cp1252_all_read_the_same(tmp_path):
    rows = real_rows()
    reference = read_export(CITY_OF_LONDON).frame
    variants = {
        "bom.csv": dict(encoding="utf-8-sig"),
        "semicolon.csv": dict(delimiter=";"),
        "crlf.csv": dict(newline="\r\n"),
        "windows.csv": dict(encoding="cp1252", delimiter=";", newline="\r\n"),
    }
    for name, options in variants.items():
        export = read_export(write_csv(tmp_path / name, rows, **options))
        same_frames(export.frame, reference)
        assert export.report.profile == "data-police-uk", name
    assert read_export(tmp_path / "bom.csv").report.columns_unmapped == []
    assert read_export(tmp_path / "semicolon.csv").report.delimiter == "semicolon"


def test_cp1252_text_is_decoded(tmp_path):
    profile_rows = real_rows(EXAMPLE)
    profile_rows[1][8] = "Male wore a café uniform and said “leave it” — smell of cannabis."
    export = read_export(write_csv(tmp_path / "cp.csv", profile_rows, encoding="cp1252"))
    assert export.report.encoding == "cp1252"
    assert export.frame["grounds"].iloc[0] == profile_rows[1][8]


def test_xlsx_reads_like_the_csv(tmp_path):
    rows = real_rows()
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "export.xlsx")
    export = read_export(tmp_path / "export.xlsx")
    assert export.report.format == "xlsx"
    same_frames(export.frame, read_export(CITY_OF_LONDON).frame)


def api_records(rows):
    """The real rows as the data.police.uk API returns them (snake_case, nested, JSON booleans)."""
    header, *body = rows
    out = []
    for values in body:
        r = dict(zip(header, values))
        as_bool = {"True": True, "False": False, "": None}
        out.append({
            "age_range": r["Age range"] or None, "outcome": r["Outcome"] or False, "involved_person": True,
            "self_defined_ethnicity": r["Self-defined ethnicity"] or None, "gender": r["Gender"] or None,
            "legislation": r["Legislation"] or None, "outcome_linked_to_object_of_search": as_bool[r["Outcome linked to object of search"]],
            "datetime": r["Date"], "removal_of_more_than_outer_clothing": as_bool[r["Removal of more than just outer clothing"]],
            "outcome_object": {"id": "bu-outcome", "name": r["Outcome"]} if r["Outcome"] else None,
            "location": ({"latitude": r["Latitude"], "street": {"id": 1, "name": "On or near Cheapside"}, "longitude": r["Longitude"]}
                         if r["Latitude"] else None),
            "operation": as_bool[r["Part of a policing operation"]], "officer_defined_ethnicity": r["Officer-defined ethnicity"] or None,
            "type": r["Type"], "operation_name": None, "object_of_search": r["Object of search"] or None,
        })
    return out


def test_api_json_reads_like_the_csv(tmp_path):
    path = tmp_path / "stops-force.json"
    path.write_text(json.dumps(api_records(real_rows())))
    export = read_export(path)
    assert export.report.profile == "data-police-uk-api" and export.report.profile_detected
    reference = read_export(CITY_OF_LONDON).frame
    assert len(export.frame) == len(reference) == 153
    for field in ("search_type", "searched_at", "gender", "age_range", "outcome", "outcome_linked", "legislation",
                  "more_than_outer_clothing", "self_defined_ethnicity_group"):
        pd.testing.assert_series_equal(export.frame[field].reset_index(drop=True), reference[field].reset_index(drop=True),
                                       check_names=False)
    assert (export.frame["latitude"].round(6).to_numpy() == reference["latitude"].round(6).to_numpy()).sum() == 117
    assert export.frame["area"].dropna().unique().tolist() == ["On or near Cheapside"]
    assert "outcome" in export.report.columns_unmapped and "involved_person" in export.report.columns_unmapped


def test_force_export_example_reads_both_date_layouts_and_boolean_spellings():
    export = read_export(EXAMPLE)
    frame = export.frame
    assert export.report.profile == "force-export"
    # 05/03/2024 23:40 is UK local time (GMT in March) -> 23:40 UTC; 2024-03-02T21:14:00+00:00 kept.
    assert frame["searched_at"].tolist() == [pd.Timestamp("2024-03-02T21:14:00Z"), pd.Timestamp("2024-03-05T23:40:00Z"),
                                             pd.Timestamp("2024-03-09T01:05:00Z")]
    assert frame["bwv_used"].tolist() == [True, False, True]
    assert frame["outcome_linked"].tolist() == [True, False, True]
    assert frame["age_range"].tolist() == ["18-24", "18-24", "10-17"]
    assert frame["self_defined_ethnicity_group"].tolist() == ["White", "Black", "Asian"]
    assert export.report.unknown_values == {}


def test_summer_local_times_convert_to_utc(tmp_path):
    rows = real_rows(EXAMPLE)
    rows[2][1] = "15/07/2024 23:40"
    frame = read_export(write_csv(tmp_path / "summer.csv", rows)).frame
    assert frame["searched_at"].iloc[1] == pd.Timestamp("2024-07-15T22:40:00Z")


def test_legacy_values_are_mapped_and_reported(tmp_path):
    rows = real_rows()
    rows[1][12] = "Nothing found - no further action"
    rows[2][12] = "Suspect arrested"
    rows[3][8] = "Black or Black British - African (B2)"
    rows[4][10] = "Environmental Protection Act 1990 (section 34B )"
    rows[5][6] = "  Male  "
    report = validate(write_csv(tmp_path / "legacy.csv", rows))
    assert report.legacy_values["outcome"]["Nothing found - no further action"] == {"to": "A no further action disposal", "count": 1}
    assert report.legacy_values["outcome"]["Suspect arrested"]["to"] == "Arrest"
    assert report.legacy_values["self_defined_ethnicity"]["Black or Black British - African (B2)"]["to"] == \
        "Black/African/Caribbean/Black British - African"
    assert report.legacy_values["legislation"]["Environmental Protection Act 1990 (section 34B )"]["to"] == \
        "Environmental Protection Act 1990 (section 34B)"
    assert "gender" not in report.unknown_values and "gender" not in report.legacy_values


def test_unknown_values_and_unmapped_columns_are_reported_not_fatal(tmp_path, cli):
    rows = real_rows()
    rows[0].append("Officer notes")
    for row in rows[1:]:
        row.append("private")
    rows[1][0] = "Horse search"
    rows[2][13] = "Maybe"
    run = cli("validate", write_csv(tmp_path / "odd.csv", rows), "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["unknown_values"] == {"search_type": {"Horse search": 1}, "outcome_linked": {"Maybe": 1}}
    assert report["columns_unmapped"] == ["Officer notes"]
    text = cli("validate", tmp_path / "odd.csv").out
    assert "Columns not used, and dropped (1): Officer notes" in text
    assert "'Horse search' x1" in text


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(tmp_path):
    rows = real_rows()
    rows.insert(3, [""] * 15)
    export = read_export(write_csv(tmp_path / "gaps.csv", rows))
    assert export.report.empty_rows_skipped == 1
    assert len(export.frame) == 153
    assert 4 not in export.frame.index and export.frame.index[2] == 5


def test_a_new_force_layout_is_a_profile_file_not_code(tmp_path, cli):
    """A force whose system calls things differently writes a profile and passes --profile."""
    profile = {
        "name": "niche-export", "title": "A force's Niche export", "kind": "stop-search", "format": "table",
        "columns": {"Search Ref": {"field": "record_id"}, "Date/Time": {"field": "searched_at"},
                    "Power": {"field": "legislation"}, "Grounds Text": {"field": "grounds"}, "Sex": {"field": "gender"},
                    "Officer No": {"field": "officer_id"}},
        "required": ["Search Ref", "Date/Time", "Power"],
        "values": {"legislation": {"S23 MDA": "Misuse of Drugs Act 1971 (section 23)", "S1 PACE": "Police and Criminal Evidence Act 1984 (section 1)"}},
        "booleans": {"true": ["Y"], "false": ["N"]},
        "datetime_formats": ["%d/%m/%Y %H:%M"], "local_timezone": "Europe/London",
    }
    (tmp_path / "niche.json").write_text(json.dumps(profile))
    write_csv(tmp_path / "niche.csv", [["Search Ref", "Date/Time", "Power", "Grounds Text", "Sex", "Officer No", "Warrant Card"],
                                       ["N1", "01/02/2024 10:00", "S23 MDA", "Smell of cannabis", "M", "1234", "W1"],
                                       ["N2", "02/02/2024 18:30", "S1 PACE", "Seen taking bottles", "F", "5678", "W2"]])
    run = cli("validate", tmp_path / "niche.csv", "--profile", tmp_path / "niche.json", "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["profile"] == "niche-export" and report["rows"] == 2
    assert report["columns_unmapped"] == ["Warrant Card"]
    assert report["legacy_values"]["legislation"]["S23 MDA"]["to"] == "Misuse of Drugs Act 1971 (section 23)"
    assert report["legacy_values"]["gender"]["M"]["to"] == "Male"


def test_wrong_format_for_profile(tmp_path, cli):
    run = cli("validate", WEST_YORKSHIRE, "--profile", "data-police-uk-api")
    assert run.code == 2 and "for JSON files" in run.err


def test_the_report_carries_the_files_sha256(tmp_path):
    import hashlib

    for path in (CITY_OF_LONDON, EXAMPLE):
        assert validate(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    rows = real_rows()
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "export.xlsx")
    assert validate(tmp_path / "export.xlsx").sha256 == hashlib.sha256((tmp_path / "export.xlsx").read_bytes()).hexdigest()

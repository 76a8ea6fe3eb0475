"""Every kind of bad input: one plain paragraph naming file, row and column; exit 2; no traceback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CITY_OF_LONDON

HEADER = CITY_OF_LONDON.read_text(encoding="utf-8").splitlines()[0]
FIRST_ROWS = CITY_OF_LONDON.read_text(encoding="utf-8").splitlines()[1:4]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_plain_error(run, *fragments: str):
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err and "Traceback" not in run.out
    message = run.err.strip()
    assert message.startswith("panel-tool: "), message
    assert len(message.splitlines()) == 1, "one paragraph"
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_missing_required_columns(cli, tmp_path):
    header = HEADER.replace(",Outcome,", ",Result,")
    path = write(tmp_path, "renamed.csv", "\n".join([header, *FIRST_ROWS]) + "\n")
    run = cli("validate", path)
    assert_plain_error(run, str(path), "row 1", "column 'Outcome'", "data-police-uk")


def test_missing_required_columns_with_profile_named(cli, tmp_path):
    path = write(tmp_path, "short.csv", "record_id,searched_at\nA1,2024-01-01T10:00:00Z\n")
    run = cli("validate", path, "--profile", "force-export")
    assert_plain_error(run, str(path), "row 1", "column 'search_type'", "force-export")


def test_empty_file(cli, tmp_path):
    run = cli("validate", write(tmp_path, "empty.csv", b""))
    assert_plain_error(run, "empty.csv", "empty (0 bytes)")


def test_header_only(cli, tmp_path):
    run = cli("validate", write(tmp_path, "header.csv", HEADER + "\n"))
    assert_plain_error(run, "header.csv", "row 2", "no records")


def test_wrong_delimiter(cli, tmp_path):
    rows = [line.replace(",", "\t") for line in [HEADER, *FIRST_ROWS]]
    run = cli("validate", write(tmp_path, "tabs.csv", "\n".join(rows) + "\n"))
    assert_plain_error(run, "tabs.csv", "row 1", "tab", "commas (,) or semicolons (;)")


def test_undecodable_bytes(cli, tmp_path):
    # 0x81 is undefined in both UTF-8 (as a lead byte) and Windows-1252.
    data = ("\n".join([HEADER, *FIRST_ROWS]) + "\n").encode() + b"Person search,2019-01-05T10:00:00+00:00,,,,,Male,18-24,\x81\x8d,White,,,,,\n"
    run = cli("validate", write(tmp_path, "bytes.csv", data))
    assert_plain_error(run, "bytes.csv", "row 5", "0x81", "UTF-8 or Windows-1252")


def test_unparseable_dates(cli, tmp_path):
    rows = list(FIRST_ROWS)
    rows[1] = rows[1].replace("2019-01-01T05:04:52+00:00", "yesterday evening")
    run = cli("validate", write(tmp_path, "dates.csv", "\n".join([HEADER, *rows]) + "\n"))
    assert_plain_error(run, "dates.csv", "row 3", "column 'Date'", "'yesterday evening'", "ISO 8601 such as")


def test_unparseable_dates_counts_the_others(cli, tmp_path):
    rows = [r.replace("+00:00", "+00:00x") for r in FIRST_ROWS]
    run = cli("validate", write(tmp_path, "dates.csv", "\n".join([HEADER, *rows]) + "\n"))
    assert_plain_error(run, "row 2", "2 more rows have the same problem")


def test_binary_file(cli, tmp_path):
    run = cli("validate", write(tmp_path, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))
    assert_plain_error(run, "photo.csv", "binary file")


def test_zero_byte_xlsx(cli, tmp_path):
    run = cli("validate", write(tmp_path, "export.xlsx", b""))
    assert_plain_error(run, "export.xlsx", "empty (0 bytes)")


def test_corrupt_xlsx(cli, tmp_path):
    good = tmp_path / "good.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.save(good)
    run = cli("validate", write(tmp_path, "cut.xlsx", good.read_bytes()[:300]))
    assert_plain_error(run, "cut.xlsx", "not a readable XLSX workbook")


def test_xlsx_that_is_not_a_workbook(cli, tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "hello")
    run = cli("validate", path)
    assert_plain_error(run, "notes.xlsx", "not a readable XLSX workbook")


def test_duplicated_column_names(cli, tmp_path):
    header = HEADER + ",Gender"
    rows = [r + ",Male" for r in FIRST_ROWS]
    run = cli("validate", write(tmp_path, "dups.csv", "\n".join([header, *rows]) + "\n"))
    assert_plain_error(run, "dups.csv", "row 1", "column 'Gender'", "more than once")


def test_duplicated_column_names_differing_only_in_case(cli, tmp_path):
    header = HEADER + ",gender "
    rows = [r + ",Male" for r in FIRST_ROWS]
    run = cli("validate", write(tmp_path, "dups.csv", "\n".join([header, *rows]) + "\n"))
    assert_plain_error(run, "more than once")


def test_unknown_profile(cli):
    run = cli("validate", CITY_OF_LONDON, "--profile", "nottinghamshire-niche")
    assert_plain_error(run, "no profile called 'nottinghamshire-niche'", "data-police-uk, data-police-uk-api")


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "not valid JSON"),
    (json.dumps({"name": "x", "title": "X", "kind": "stop-search", "format": "table", "columns": {}, "required": ["a"]}),
     "at columns"),
    (json.dumps({"name": "x", "title": "X", "kind": "stop-search", "format": "table",
                 "columns": {"Name": {"field": "persons_name"}}, "required": ["Name"]}), "'persons_name', which is not a field"),
    (json.dumps({"name": "x", "title": "X", "kind": "traffic", "format": "table",
                 "columns": {"A": {"field": "a"}}, "required": ["A"]}), "at kind"),
], ids=["not-json", "no-columns", "unknown-field", "unknown-kind"])
def test_invalid_profile_file(cli, tmp_path, content, fragment):
    profile = write(tmp_path, "myforce.json", content)
    run = cli("validate", CITY_OF_LONDON, "--profile", profile)
    assert_plain_error(run, "myforce.json", fragment)


def test_ragged_row(cli, tmp_path):
    rows = list(FIRST_ROWS)
    rows[2] = rows[2] + ",extra"
    run = cli("validate", write(tmp_path, "ragged.csv", "\n".join([HEADER, *rows]) + "\n"))
    assert_plain_error(run, "ragged.csv", "row 4", "16 values", "15 columns")


def test_header_matches_no_layout(cli, tmp_path):
    run = cli("validate", write(tmp_path, "other.csv", "when,where,who\n1,2,3\n"))
    assert_plain_error(run, "other.csv", "row 1", "does not match any layout", "--profile")


def test_missing_file(cli, tmp_path):
    run = cli("validate", tmp_path / "nope.csv")
    assert_plain_error(run, "nope.csv", "does not exist")


def test_json_that_is_not_records(cli, tmp_path):
    run = cli("validate", write(tmp_path, "api.json", json.dumps({"a": 1})))
    assert_plain_error(run, "api.json", "list of records")


def test_unparseable_force_export_date_names_the_layouts_in_plain_words(cli, tmp_path):
    example = (Path(__file__).resolve().parent.parent / "schemas" / "examples" / "force-export.csv").read_text()
    path = write(tmp_path, "march.csv", example.replace("05/03/2024 23:40", "31/02/2024 25:99"))
    run = cli("validate", path)
    assert_plain_error(run, "march.csv", "row 3", "column 'searched_at'", "'31/02/2024 25:99'", "dd/mm/yyyy hh:mm")

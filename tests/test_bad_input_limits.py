"""The bad inputs that got through before (issue 11): oversized values, rows and headers, deep JSON, huge
workbooks, implausible dates, shared record ids, impossible coordinates and a build killed part-way.

Each gets one plain paragraph naming the file, row and column, a non-zero exit (or a warning from
validate), no traceback and no file left behind. The big inputs are made here, in tmp_path, in chunks
or as raw XML, so each takes seconds. The CLI runs in this process except where a real kill is needed.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from panel_tool.cli import main
from panel_tool.ingest import limits, read_export
from panel_tool.packs.build import show_pack
from panel_tool.packs.scratch import BUILD_FOLDER_PREFIX, clear_abandoned_builds
from panel_tool.synth import synth
from tests.conftest import CITY_OF_LONDON, PANEL_TOOL, ROOT, Run
from tests.test_bad_input import assert_plain_error

HEADER, *ROWS = CITY_OF_LONDON.read_text(encoding="utf-8").splitlines()[:41]
COLUMNS = HEADER.split(",")


def run(*args) -> Run:
    """`panel-tool ARGS` in this process: an exception escaping main() fails the test as a traceback would."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def build(export: Path, folder: Path, *extra) -> Run:
    folder.mkdir(exist_ok=True)
    return run("pack", "build", export, "--out", folder / "p.pack.db", "--seed", "1", "--key-file", folder.parent / "k.key",
               *extra)


def assert_nothing_written(folder: Path):
    assert sorted(os.listdir(folder)) == [], "a failed build leaves nothing in the target folder"


def data_police_uk(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def with_value(row: str, column: str, value: str) -> str:
    values = row.split(",")
    values[COLUMNS.index(column)] = value
    return ",".join(values)


# -- CSV: values, rows and headers over the limits -------------------------------------------------

def test_a_100_mb_value_is_named_by_row_and_column(tmp_path):
    path = tmp_path / "field.csv"
    values, at = ROWS[1].split(","), COLUMNS.index("Policing operation")
    before, after = ",".join(values[:at]) + ",", "," + ",".join(values[at + 1:])
    with path.open("w", encoding="utf-8") as fh:
        fh.write("\n".join([HEADER, ROWS[0]]) + "\n" + before + '"')
        for _ in range(100):  # written a megabyte at a time
            fh.write("x" * 1_000_000)
        fh.write('"' + after + "\n" + ROWS[2] + "\n")
    assert path.stat().st_size > 100_000_000
    result = run("validate", path)
    assert_plain_error(result, "field.csv", "row 3", "column 'Policing operation'", "longer than 1,000,000 characters")


def test_a_50_mb_line_is_named_by_row(tmp_path):
    path = tmp_path / "line.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("\n".join([HEADER, *ROWS[:3]]) + "\n")
        for _ in range(50):
            fh.write("y" * 1_000_000)
        fh.write("\n" + ROWS[3] + "\n")
    result = run("validate", path)
    assert_plain_error(result, "line.csv", "row 5", "column 'Type'", "longer than 1,000,000 characters")


@pytest.mark.parametrize("values", [3, 20], ids=["read-then-checked", "beyond-two-reader-blocks"])
def test_a_row_over_the_limit_with_no_single_value_over_it(tmp_path, values):
    # 20 values of a million characters: pyarrow gives up, and the row is found by reading it again.
    width = 30
    ordinary = ",".join(["1"] * width)
    long = ",".join(["z" * 999_999] * values + ["1"] * (width - values))
    path = tmp_path / "row.csv"
    path.write_text("\n".join([",".join(f"c{i}" for i in range(width)), ordinary, ordinary, long, ordinary]) + "\n")
    result = run("validate", path)
    assert_plain_error(result, "row.csv", "row 4", "longer than 2,000,000 characters")


def test_a_value_over_the_limit_that_the_reader_could_hold(tmp_path):
    # 1.2 million characters fit one block of the reader: the check after reading names it.
    row = with_value(ROWS[2], "Object of search", "w" * 1_200_000)
    result = run("validate", data_police_uk(tmp_path, "value.csv", [*ROWS[:2], row]))
    assert_plain_error(result, "value.csv", "row 4", "column 'Object of search'", "longer than 1,000,000 characters")


def test_a_header_over_256_kb_says_so(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(",".join(f"c{i}" for i in range(60_000)) + "\n1,2\n", encoding="utf-8")
    assert path.stat().st_size > 256 * 1024
    result = run("validate", path)
    assert_plain_error(result, "header.csv", "row 1", "header row is longer than 256 KB")
    assert "more than once" not in result.err


def test_more_columns_than_the_limit(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_500)) + "\n" + ",".join("1" * 1_500) + "\n", encoding="utf-8")
    result = run("validate", path)
    assert_plain_error(result, "wide.csv", "row 1", "column 'c1000'", "1,500 columns", "at most 1,000")


# -- JSON --------------------------------------------------------------------------------------------

def test_json_nested_50000_deep(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000)
    result = run("validate", path)
    assert_plain_error(result, "deep.json", "row 1", "nested more than 32 levels deep", "line 1, character 33")


def test_json_depth_names_the_record_and_ignores_brackets_in_text(tmp_path):
    record = {"type": "Person search", "location": {"street": {"name": 'On or near "[[[{{{" \\ Street'}}}
    deep: object = "bottom"
    for _ in range(40):
        deep = {"inner": deep}
    path = tmp_path / "api.json"
    path.write_text(json.dumps([record, record, {"type": "Person search", "extra": deep}, record], indent=1))
    result = run("validate", path)
    assert_plain_error(result, "api.json", "row 3", "nested more than 32 levels deep")
    line = int(re.search(r"at line (\d+)", result.err).group(1))
    assert path.read_text().splitlines()[line - 1].strip().startswith('"inner"')


# -- XLSX, written as raw XML: openpyxl would take minutes to write a million rows ----------------

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                 'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def letters(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def sheet_row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c r="{letters(j)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                    for j, v in enumerate(values) if v)
    return f'<row r="{number}">{cells}</row>'


def write_xlsx(path: Path, rows, dimension: str | None, padding_mb: int = 0) -> Path:
    """A workbook written as XML straight into the zip: `rows` yields (row number, XML) in chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main">')
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for chunk in rows:
                sheet.write(chunk.encode())
            for _ in range(padding_mb):  # whitespace between rows: valid, and it compresses to almost nothing
                sheet.write(b" " * (1 << 20))
            sheet.write(b"</sheetData></worksheet>")
    return path


def city_rows(count: int, blank_row: int | None = None):
    """The City of London records as sheet rows (in chunks of 1,000), leaving sheet row `blank_row` out."""
    chunk, number = [sheet_row(1, COLUMNS)], 1
    for i in range(count):
        number += 1
        if number == blank_row:
            number += 1
        chunk.append(sheet_row(number, ROWS[i % len(ROWS)].split(",")))
        if len(chunk) == 1000:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def test_a_million_row_workbook_is_refused_before_it_is_read(tmp_path):
    def million():
        yield sheet_row(1, ["record_id"])
        for first in range(2, 1_000_002, 100_000):
            yield "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(first, first + 100_000))

    path = write_xlsx(tmp_path / "million.xlsx", million(), dimension="A1:A1000001")
    assert path.stat().st_size < 10_000_000
    started = time.perf_counter()
    result = run("validate", path)
    assert_plain_error(result, "million.xlsx", "sheet 'Export'", "1,000,000 rows", "at most 100,000", "CSV UTF-8")
    assert time.perf_counter() - started < 10, "refused from the <dimension>, before reading a row"


def test_a_workbook_that_unpacks_past_the_limit(tmp_path):
    path = write_xlsx(tmp_path / "bomb.xlsx", city_rows(10), dimension="A1:O11", padding_mb=130)
    assert path.stat().st_size < 5_000_000
    result = run("validate", path)
    assert_plain_error(result, "bomb.xlsx", "unpacks to 130 MB", "at most 128 MB unpacked")


def test_a_workbook_that_understates_its_rows_is_counted_as_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_XLSX_ROWS", 30)  # the counting, not the size, is what is tested here
    path = write_xlsx(tmp_path / "understated.xlsx", city_rows(35, blank_row=12), dimension="A1:O2")
    result = run("validate", path)
    assert_plain_error(result, "understated.xlsx", "row 33", "more than 30 rows")


def test_a_workbook_is_read_whole_whatever_its_dimension_says_and_rows_are_named_as_the_sheet_numbers_them(tmp_path):
    path = write_xlsx(tmp_path / "short.xlsx", city_rows(12, blank_row=7), dimension="A1:O2")
    export = read_export(path)
    assert export.report.rows == 12, "rows below the declared last row are read, not lost"
    assert list(export.frame.index[:7]) == [2, 3, 4, 5, 6, 8, 9]  # the blank row 7 is skipped, not renumbered

    dated = list(city_rows(12, blank_row=7))
    dated[0] = dated[0].replace(ROWS[6].split(",")[1], "yesterday evening")  # record 7 sits on sheet row 9
    result = run("validate", write_xlsx(tmp_path / "dated.xlsx", dated, dimension=None))
    assert_plain_error(result, "dated.xlsx", "row 9", "column 'Date'", "'yesterday evening'")


def deep_json(tmp_path: Path) -> Path:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000)
    return path


def long_header(tmp_path: Path) -> Path:
    path = tmp_path / "header.csv"
    path.write_text(",".join(f"c{i}" for i in range(60_000)) + "\n1,2\n", encoding="utf-8")
    return path


def long_value(tmp_path: Path) -> Path:
    return data_police_uk(tmp_path, "value.csv", [ROWS[0], with_value(ROWS[1], "Object of search", "w" * 1_200_000)])


def unpacks_too_far(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "bomb.xlsx", city_rows(10), dimension="A1:O11", padding_mb=130)


@pytest.mark.parametrize("make, fragments", [
    (deep_json, ("deep.json", "row 1", "nested more than 32 levels")),
    (long_header, ("header.csv", "row 1", "longer than 256 KB")),
    (long_value, ("value.csv", "row 3", "column 'Object of search'", "1,000,000 characters")),
    (unpacks_too_far, ("bomb.xlsx", "at most 128 MB unpacked")),
], ids=["json", "header", "value", "xlsx"])
def test_pack_build_refuses_what_validate_refuses_and_writes_nothing(tmp_path, make, fragments):
    result = build(make(tmp_path), tmp_path / "out")
    assert_plain_error(result, *fragments)
    assert_nothing_written(tmp_path / "out")
    assert not (tmp_path / "k.key").exists()


# -- what validate reports and pack build refuses --------------------------------------------------

def force_export(tmp_path: Path, rows: int = 300) -> Path:
    return synth(kind="stop-search", rows=rows, out=tmp_path / "export.csv", seed=4).path


def rewrite(path: Path, change) -> Path:
    """Apply change(record number from 0, values) to each record of a CSV written by synth."""
    import csv

    with path.open(newline="", encoding="utf-8") as fh:
        header, *records = list(csv.reader(fh))
    for i, values in enumerate(records):
        change(i, dict(zip(header, values)), values, header)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *records])
    return path


def set_value(values, header, column, value):
    values[header.index(column)] = value


def test_dates_in_1900_and_2099_are_reported_by_validate_and_refused_by_build(tmp_path):
    def change(i, record, values, header):
        if i in (3, 7):
            set_value(values, header, "searched_at", "1900-01-05T10:00:00+00:00" if i == 3 else "2099-06-01T10:00:00+00:00")

    path = rewrite(force_export(tmp_path), change)
    result = run("validate", path)
    assert result.code == 0 and "Traceback" not in result.err
    assert ("2 records have dates that cannot be right, 1 before 1 January 2000 and 1 in the future "
            "(rows 5 and 9, column 'searched_at')") in result.out
    assert "--allow-dates" in result.out

    refused = build(path, tmp_path / "out")
    assert_plain_error(refused, "export.csv", "row 5", "column 'searched_at'", "rows 5 and 9", "--allow-dates")
    assert_nothing_written(tmp_path / "out")

    allowed = build(path, tmp_path / "out", "--allow-dates")
    assert allowed.code == 0, allowed.err
    assert "Accepted 2 records dated before 2000 or in the future" in allowed.err
    assert sorted(os.listdir(tmp_path / "out")) == ["p.pack.db"]
    # the pack says what the facilitator vouched for
    assert show_pack(tmp_path / "out" / "p.pack.db")["manifest"]["source"]["implausible_dates_accepted"] == 2


def test_a_date_only_export_dated_tomorrow_is_in_the_future(tmp_path):
    tomorrow = time.strftime("%d/%m/%Y", time.localtime(time.time() + 2 * 86_400))
    path = synth(kind="use-of-force", rows=60, out=tmp_path / "uof.csv", seed=2).path
    text = path.read_text(encoding="utf-8").splitlines()
    date = re.search(r"\d\d/\d\d/\d{4}", text[1]).group(0)
    path.write_text("\n".join([text[0], text[1].replace(date, tomorrow, 1), *text[2:]]) + "\n", encoding="utf-8")
    report = read_export(path).report
    assert report.implausible_dates["future"] >= 1 and report.implausible_dates["rows"][0] == 2


def test_200_records_with_one_record_id(tmp_path):
    def change(i, record, values, header):
        if 10 <= i < 210:
            set_value(values, header, "record_id", "SS24-0000001")

    path = rewrite(force_export(tmp_path), change)
    result = run("validate", path)
    assert result.code == 1 and "Traceback" not in result.err
    assert "200 records share one id (rows 12, 13, 14, 15, 16 and 195 more, column 'record_id')" in result.out
    assert "Usable: no" in result.out
    assert json.loads(run("validate", path, "--json").out)["duplicate_ids"] == {
        "column": "record_id", "records": 200, "ids": 1, "rows": [12, 13, 14, 15, 16]}

    refused = build(path, tmp_path / "out")
    assert_plain_error(refused, "export.csv", "row 12", "column 'record_id'", "200 records share one id",
                       "rows 12, 13, 14, 15, 16 and 195 more")
    assert_nothing_written(tmp_path / "out")


def test_impossible_latitudes_are_counted_and_left_blank(tmp_path):
    bad = {4: "NaN", 5: "inf", 6: "-91", 7: "1e308"}

    def change(i, record, values, header):
        if i in bad:
            set_value(values, header, "latitude", bad[i])

    path = rewrite(force_export(tmp_path), change)
    result = run("validate", path, "--json")
    assert result.code == 0 and "Traceback" not in result.err
    report = json.loads(result.out)
    assert report["invalid_numbers"]["latitude"] == {
        "column": "latitude", "count": 4, "rows": [6, 7, 8, 9], "values": {"NaN": 1, "inf": 1, "-91": 1, "1e308": 1},
        "expected": "a number from -90 to 90"}
    assert "latitude" not in report["unknown_values"], "not listed as values 'kept as written'"
    assert any("4 values of latitude cannot be right and were left blank (rows 6, 7, 8 and 9, column 'latitude')" in w
               for w in report["warnings"])
    frame = read_export(path).frame
    assert frame.loc[[6, 7, 8, 9], "latitude"].isna().all()
    assert frame["latitude"].dropna().between(-90, 90).all()


# -- a build killed part-way ---------------------------------------------------------------------

def test_a_killed_build_leaves_only_its_private_folder_and_the_next_build_clears_it(tmp_path):
    export = synth(kind="stop-search", rows=3000, out=tmp_path / "big.csv", seed=3).path
    target = tmp_path / "target"
    target.mkdir()
    (target / "earlier.pack.db").write_bytes(b"an earlier pack")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([*PANEL_TOOL, "pack", "build", str(export), "--out", str(target / "p.pack.db"), "--sample", "300",
                             "--seed", "1", "--key-file", str(tmp_path / "k.key")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    private = target / f"{BUILD_FOLDER_PREFIX}{proc.pid}"
    deadline = time.monotonic() + 240
    try:
        while not (private / "p.pack.db").exists():  # the pack is being written: kill it now
            assert proc.poll() is None, "the build ended before it could be killed while writing"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert sorted(os.listdir(target)) == sorted(["earlier.pack.db", private.name]), "nothing but its private folder"
    assert oct(private.stat().st_mode & 0o777) == oct(0o700)

    result = run("pack", "build", CITY_OF_LONDON, "--out", target / "next.pack.db", "--seed", "1", "--key-file",
                 tmp_path / "k2.key")
    assert result.code == 0, result.err
    assert sorted(os.listdir(target)) == ["earlier.pack.db", "next.pack.db"]
    assert (target / "earlier.pack.db").read_bytes() == b"an earlier pack"


def test_a_failed_build_clears_a_killed_builds_folder_too(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = target / f"{BUILD_FOLDER_PREFIX}{ended.stdout.strip()}"
    abandoned.mkdir()
    (abandoned / "p.pack.db-journal").write_bytes(b"x")
    result = build(CITY_OF_LONDON, target, "--sample", "500")
    assert result.code == 2
    assert_nothing_written(target)


def test_the_folder_of_a_build_still_running_is_left_alone(tmp_path):
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        try:
            running = tmp_path / f"{BUILD_FOLDER_PREFIX}{other.pid}"
            running.mkdir()
            clear_abandoned_builds(tmp_path)
            assert running.is_dir()
        finally:
            other.kill()
    clear_abandoned_builds(tmp_path)
    assert not running.exists()


# -- the limits, stated once -----------------------------------------------------------------------

def test_the_readme_states_the_limits_the_code_applies():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Facilitators: check a force's export"):readme.index("## Facilitators: build a review pack")]
    for stated in (f"{limits.MAX_VALUE_CHARS:,} characters", f"{limits.MAX_ROW_CHARS:,} characters",
                   limits.plain_size(limits.MAX_HEADER_BYTES), f"{limits.MAX_COLUMNS:,} columns",
                   f"{limits.plain_size(limits.MAX_XLSX_UNPACKED_BYTES)} unpacked", f"{limits.MAX_XLSX_ROWS:,} rows",
                   f"{limits.MAX_JSON_DEPTH} levels", f"{limits.EARLIEST_PLAUSIBLE_DATE.year}", "--allow-dates"):
        assert stated in section, stated

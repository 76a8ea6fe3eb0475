"""What the workbench shows of an export's check: tables and bar charts, every value escaped.

A validation report's values come from a force's file (column names, values as typed), and
widgets.HTML renders raw HTML, so everything passes through html.escape (via staff.table).
"""

from __future__ import annotations

from html import escape

from panel_tool.apps.case_view import when_label
from panel_tool.apps.staff import table
from panel_tool.ingest import QualityReport

# The app stylesheet's own rules (after its base block, which styles a whole Voilà page and would
# restyle JupyterLab itself), so the case facts, tables and marks read in JupyterLab as in Voilà.
BASE_END = "/* ==== end of panel_tool base; app-specific rules follow ==== */"
WORKBENCH_CSS = """
.pt-workbench { max-width: 60rem; font-size: 16px; line-height: 1.5; }
.pt-workbench h2 { font-size: 1.35rem; margin: 1.6rem 0 0.4rem; border-top: 2px solid #555; padding-top: 0.8rem; }
.pt-workbench h3 { font-size: 1.1rem; margin: 1rem 0 0.3rem; }
.pt-workbench .pt-bar { display: inline-block; height: 0.9rem; background: #0b4f94; vertical-align: middle; margin-right: 0.4rem; }
.pt-workbench .pt-bar-cell { white-space: nowrap; }
.pt-workbench .pt-links a { color: #0b4f94; text-decoration: underline; overflow-wrap: anywhere; }
.pt-workbench .widget-label { white-space: normal; }
.pt-workbench .pt-wide-label .widget-label { width: auto; max-width: none; }
.pt-workbench .widget-checkbox { width: auto; }
.pt-workbench .widget-text, .pt-workbench .widget-textarea, .pt-workbench .widget-dropdown,
.pt-workbench .widget-select-multiple, .pt-workbench .widget-inline-hbox { max-width: 100%; }
.pt-workbench .jupyter-button { white-space: normal; height: auto; min-height: 36px; }
.pt-workbench .jupyter-button.mod-success { background-color: #1b5e20; color: #fff; }
.pt-workbench .jupyter-button.mod-primary { background-color: #0b4f94; color: #fff; }
.pt-workbench .jupyter-button.mod-danger { background-color: #a00000; color: #fff; }
/* A label above its control, read left to right (ipywidgets right-aligns labels beside controls, and
   JupyterLab gives a widget row a fixed height that squeezed a pick-list to a line). */
.pt-workbench .pt-question { height: auto; flex-direction: column; align-items: stretch; margin-top: 0.8rem; }
.pt-workbench .pt-question > .widget-label { text-align: left; width: 100% !important; max-width: 100%;
  font-weight: 600; white-space: normal; height: auto; line-height: 1.4; margin: 0 0 0.3rem; }
/* In a column, ipywidgets' flex-basis for a control's width became its height (a pick-list 90 px tall). */
.pt-workbench .pt-question select, .pt-workbench .pt-question input { width: 100%; flex: 0 0 auto; height: 2.4rem;
  font-size: 15px; }
.pt-workbench .pt-question select[multiple] { height: auto; }
.pt-workbench .pt-upload { width: auto; white-space: nowrap; padding: 0 1rem; }
.pt-workbench .pt-question textarea { font-size: 15px; }
.pt-workbench :focus-visible { outline: 3px solid #1a4fa0; outline-offset: 2px; }
"""


def stylesheet() -> str:
    from panel_tool.shipped import shipped_path

    css = shipped_path("apps", "jupyter", "voila", "templates", "panel_tool", "static", "panel.css").read_text(encoding="utf-8")
    own = css.split(BASE_END, 1)[1] if BASE_END in css else ""
    return f"<style>{own}\n{WORKBENCH_CSS}</style>"


def bars(headings: list[str], rows: list[tuple[str, int]], total: int, caption: str) -> str:
    """A bar chart as a table: each row's label, its count and share, and a bar of that share (the
    numbers are the chart's text, so a screen reader reads the same as the eye)."""
    from panel_tool.packs.context import percent_text

    body = []
    for label, count in rows:
        share = count / total if total else 0
        body.append(f"<tr><td>{escape(label)}</td><td>{count:,} ({percent_text(share)})</td>"
                    f'<td class="pt-bar-cell"><span class="pt-bar" style="width:{share * 10:.2f}rem" '
                    f'aria-hidden="true"></span></td></tr>')
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in [*headings, "Chart"])
    return (f'<table class="pt-table"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


# Fields a case never shows (identifiers, exact values), as the check names them.
EXPORT_FIELD_LABELS = {
    "record_id": "Record number", "searched_at": "Date and time", "location": "Location as written",
    "latitude": "Latitude", "longitude": "Longitude", "age": "Age in years", "officer_id": "Officer's number",
    "officer_name": "Officer's name", "bwv_ref": "Body-worn video reference", "subject_name": "Person's name",
    "subject_dob": "Person's date of birth", "subject_address": "Person's address", "vehicle_reg": "Vehicle registration",
    "crime_ref": "Crime reference", "grounds": "Grounds", "self_defined_ethnicity_group": "Ethnic group",
    "operation_name": "Police operation's name", "incident_date": "Date", "officer_account": "Officer's account",
}


def field_words(name: str) -> str:
    from panel_tool.apps.case_view import FIELD_LABELS

    return FIELD_LABELS.get(name) or EXPORT_FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def day_words(iso: str) -> str:
    """'2024-12-01T03:16:00+00:00' -> '1 Dec 2024' (an ISO date broke at its hyphens on a phone)."""
    from datetime import date

    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%b %Y}"


def report_html(report: QualityReport, file_name: str) -> str:
    """The export's check as tables and charts, the problems first, in plain English."""
    parts = []
    if report.problems:
        parts.append('<div role="alert"><h3>Problems: this export cannot be used as it is</h3><ul>'
                     + "".join(f"<li>{escape(p)}</li>" for p in report.problems) + "</ul></div>")
    else:
        parts.append(f'<p role="status" class="pt-status">{escape(file_name)} can be used to build a pack.</p>')
    dates = (f"{day_words(report.date_range[0])} to {day_words(report.date_range[1])}" if report.date_range
             else "No dates")
    summary = [["Records", f"{report.rows:,}"], ["Dates covered", dates],
               ["Layout", report.profile_title], ["Columns used", f"{len(report.columns_mapped):,}"],
               ["Columns left out (not part of a case)", ", ".join(report.columns_unmapped) or "None"]]
    if report.month:
        summary.append(["Month the file covers", f"{when_label(report.month)} ({report.rows_outside_month:,} records "
                        "dated outside it)"])
    parts.append(table(["What", "Found"], summary, f"The export: {file_name}"))
    if report.warnings:
        parts.append("<h3>Worth knowing</h3><ul>" + "".join(f"<li>{escape(w)}</li>" for w in report.warnings) + "</ul>")
    blanks = [(field_words(k), v) for k, v in report.blanks.items() if v]
    parts.append(bars(["Field", "Blank"], blanks, report.rows, "Blank values in each field")
                 if blanks else "<p>No field has blank values.</p>")
    unexpected = [[field_words(f), v, f"{n:,}"] for f, values in report.unknown_values.items() for v, n in values.items()]
    parts.append(table(["Field", "Value as written", "Records"], unexpected[:40], "Values the layout does not expect (kept as written)")
                 if unexpected else "<p>Every value is one the layout expects.</p>")
    legacy = [[field_words(f), old, new["to"], f"{new['count']:,}"] for f, values in report.legacy_values.items()
              for old, new in values.items()]
    parts.append(table(["Field", "Older value", "Changed to", "Records"], legacy, "Older values changed to the current ones")
                 if legacy else "<p>No older values needed changing.</p>")
    if report.contradictions:
        pairs = [(f"Said {p['self_defined_group']}, officer wrote {p['officer_defined']}", p["count"])
                 for p in report.contradictions["pairs"][:8]]
        parts.append(f"<p>The officer's view of the person's ethnicity differs from the person's own in "
                     f"{report.contradictions['count']:,} records.</p>"
                     + bars(["Difference", "Records"], pairs, report.rows, "Where the two views of ethnicity differ"))
    else:
        parts.append("<p>No record where the officer's view of ethnicity differs from the person's own.</p>")
    return "".join(parts)

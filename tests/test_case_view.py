"""How a case reads to a member: plain English, and every value from an export escaped."""

from __future__ import annotations

import json

from panel_tool.apps.case_view import case_html, text_html, when_label

HOSTILE = '<img src=x onerror=alert(1)>'


def test_periods_read_as_a_person_would_say_them():
    assert when_label("2024-03") == "March 2024"
    assert when_label("2024-Q2") == "2024, second quarter"
    assert when_label("2024-W09") == "week 9 of 2024"
    assert when_label("2024") == "2024"
    assert when_label(None) == "Not recorded"


def test_every_stop_search_value_and_text_is_escaped():
    case = {"month": "2024-03", "time_of_day": "Evening (18:00-23:59)", "area": HOSTILE, "age_range": "18-24",
            "gender": "Male", "self_defined_ethnicity": HOSTILE, "officer_defined_ethnicity": "White",
            "search_type": "Person search", "legislation": HOSTILE, "object_of_search": "Controlled drugs",
            "outcome": HOSTILE, "outcome_linked": 1, "more_than_outer_clothing": 0, "bwv_used": None,
            "part_of_operation": 0}
    text = f"Saw [NAME 1] hand over a package {HOSTILE}"
    html = case_html(case, [{"officer_label": "Officer A", "text": text, "spans": [{"start": 4, "end": 12, "type": "NAME"}]}],
                     "stop-search")
    assert "<img" not in html and html.count("&lt;img src=x onerror=alert(1)&gt;") == 5
    assert "March 2024, evening (18:00-23:59)" in html
    assert '<span class="pt-redacted" title="removed to protect privacy">[NAME 1]</span>' in html
    assert "<dt>Found what they were looking for</dt><dd>Yes</dd>" in html
    assert "<dt>More than outer clothing removed</dt><dd>No</dd>" in html
    assert "<dt>Body-worn video recorded it</dt><dd>Not recorded</dd>" in html


def test_a_use_of_force_case_lists_tactics_and_each_officers_account():
    case = {"month": "2024-Q1", "time_of_day": "Not shown", "area": "Leeds", "age_range": "Under 18",
            "subject_gender": "Female", "subject_ethnicity": "Black", "officers": 2,
            "tactics": json.dumps(["Handcuffing (compliant)", HOSTILE]), "outcomes": json.dumps(["Arrested"]),
            "location_types": json.dumps(["Street/highway"]), "reasons": json.dumps(["Protect self"]),
            "impact_factors": json.dumps([]), "subject_injured": 0, "staff_injured": 1,
            "physical_disability": None, "mental_disability": 0}
    texts = [{"officer_label": "Officer A", "text": "I applied handcuffs.", "spans": []},
             {"officer_label": "Officer B", "text": HOSTILE, "spans": []}]
    html = case_html(case, texts, "use-of-force")
    assert "<img" not in html
    assert "<dt>Force used</dt><dd>Handcuffing (compliant), &lt;img" in html
    assert "<h3>Officer A</h3>" in html and "<h3>Officer B</h3>" in html
    assert "time of day not shown" in html and "<dt>What affected it</dt><dd>None</dd>" in html


def test_placeholders_are_marked_without_unescaping_the_text_around_them():
    assert text_html("a<b [NAME 1] c>d", [{"start": 4, "end": 12}]) == (
        'a&lt;b <span class="pt-redacted" title="removed to protect privacy">[NAME 1]</span> c&gt;d')


def test_a_list_line_tells_cases_apart_by_what_was_looked_for_the_power_and_the_outcome():
    from panel_tool.apps.case_view import case_line

    drugs = {"month": "2024-03", "object_of_search": "Controlled drugs",
             "legislation": "Misuse of Drugs Act 1971 (section 23)", "outcome": "A no further action disposal"}
    assert case_line({**drugs, "area": "Near Leeds", "time_of_day": "Evening (6pm to midnight)"}, "stop-search") == (
        "Near Leeds, evening; Looking for controlled drugs; Misuse of Drugs Act 1971 (section 23); No further action")
    knife = {**drugs, "object_of_search": "Offensive weapons", "legislation": "Criminal Justice and Public Order Act "
             "1994 (section 60)", "outcome": "Arrest"}
    assert case_line(drugs, "stop-search") == ("Looking for controlled drugs; Misuse of Drugs Act 1971 (section 23); "
                                               "No further action")
    assert case_line(knife, "stop-search") != case_line(drugs, "stop-search")
    assert case_line({"month": "2024-03"}, "stop-search") == "March 2024"  # nothing else to tell it by
    force = {"tactics": json.dumps(["Handcuffing (compliant)", "Ground restraint"]), "outcomes": json.dumps(["Arrested"])}
    assert case_line(force, "use-of-force") == "Handcuffing (compliant), Ground restraint; Arrested"

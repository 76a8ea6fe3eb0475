"""The public version's disclosure control, on a pack built to tempt it: 12 cases, one of them agreed Red,
and a group of two cases. No count it withholds may be worked out from everything else it publishes."""

from __future__ import annotations

import re

import pytest

from panel_tool.report.aggregate import summarise
from panel_tool.report.disclosure import THRESHOLD, WITHHELD, public_counts
from panel_tool.report.render import report_page
from tests.conftest import run_cli
from tests.report_packs import tempting_pack


@pytest.fixture(scope="module")
def tempting(tmp_path_factory):
    return tempting_pack(tmp_path_factory.mktemp("disclosure"))


def test_the_pack_tempts_the_policy(tempting):
    s = summarise(tempting)
    assert s.cases_total == 12 and (s.outcomes["rating"] == "red").sum() == 1
    assert 2 in set(s.group_cases["cases"])  # a group of two cases


def test_no_withheld_count_can_be_worked_out_from_the_public_version(tempting, tmp_path):
    run = run_cli("report", tempting, "--out", tmp_path / "public.html", "--public")
    assert run.code == 0, run.err
    page = (tmp_path / "public.html").read_text(encoding="utf-8")
    s = summarise(tempting, public=True)
    page_again = report_page([str(tempting)], public=True)
    assert page_again == page  # the same document, rendered in-process, with its disclosure register
    d = s.disclosure
    ranges = d.ranges()
    assert ("agreed", "red") in d.withheld and ("agreed", "red") in d.primary
    assert len(d.withheld) > len(d.primary)  # secondary suppression was needed
    assert ranges and all(hi - lo >= THRESHOLD for lo, hi in ranges.values()), ranges
    # The Red row of the agreed ratings reads "not shown", and nothing says "fewer than 5" (itself a bound).
    assert re.search(rf"<th scope=\"row\">Red</th><td class=\"pt-num\">{WITHHELD}</td>", page)
    assert "fewer than" not in page
    # No per-case list: a case's own agreed rating never appears.
    assert "What the panel agreed about each case" not in page and "class=\"pt-rating pt-rating-red\"" not in page
    assert "Members&#39; overall ratings by" not in page  # members' ratings by group stay in the force's copy


def test_the_check_fails_without_secondary_suppression(tempting):
    s = summarise(tempting)  # the counts as they are; public_counts decides what a public version withholds
    d = public_counts(s, next(q for q in s.form["questions"] if q.get("overall")))
    d.protect(secondary=False)
    with pytest.raises(RuntimeError, match="could be worked out"):
        d.audit()
    narrow = {k: r for k, r in d.ranges().items() if r[1] - r[0] < THRESHOLD}
    assert ("agreed", "red") in narrow  # 12 - 6 - 5 = 1: the issue's own example


def test_every_count_printed_is_one_the_policy_registered(tempting):
    s = summarise(tempting, public=True)
    from panel_tool.report.render import Writer, render_pack

    w = Writer(public=True)
    render_pack(s, w)
    printed = s.disclosure.rendered
    assert printed and set(printed) <= s.disclosure.published
    assert all(text == WITHHELD for k, text in printed.items() if k in s.disclosure.withheld)


def test_two_small_counts_that_share_their_only_partner_are_both_protected():
    """Two counts of 1 beside one larger count under an exempt total: the first takes the larger count as its
    partner, the second finds none left in that round, and both are wide once it is withheld (the public
    version of a 15-case session stopped with a traceback here)."""
    from panel_tool.report.disclosure import Disclosure

    d = Disclosure()
    d.count(("cases_all",), 12, exempt=True)
    for key, n in ((("agreed", "red"), 1), (("agreed", "amber"), 1), (("agreed", "green"), 10)):
        d.count(key, n)
    d.add_sum(("cases_all",), [("agreed", "red"), ("agreed", "amber"), ("agreed", "green")])
    d.protect()
    assert d.withheld == {("agreed", "red"), ("agreed", "amber"), ("agreed", "green")}
    assert all(hi - lo >= THRESHOLD for lo, hi in d.ranges().values())


def test_a_session_too_small_to_publish_is_refused_in_plain_words_and_nothing_is_written(tmp_path):
    """Three cases: every count lies between 0 and 3, so none can be hidden well enough."""
    steps = [("synth", "--rows", "300", "--seed", "2", "--out", tmp_path / "e.csv"),
             ("pack", "build", tmp_path / "e.csv", "--out", tmp_path / "p.pack.db", "--sample", "3", "--seed", "2",
              "--key-file", tmp_path / "k.key"),
             ("pack", "approve", tmp_path / "p.pack.db", "--all"),
             ("pack", "release", tmp_path / "p.pack.db", "--key-file", tmp_path / "k.key"),
             ("simulate", tmp_path / "p.pack.db", "--members", "4", "--seed", "2")]
    for step in steps:
        assert run_cli(*step).code == 0, step
    run = run_cli("report", tmp_path / "p.pack.db", "--out", tmp_path / "public.html", "--public")
    assert run.code == 2 and "Traceback" not in run.err
    assert "public version cannot be written" in run.err and "so few cases" in run.err
    assert not (tmp_path / "public.html").exists()
    assert run_cli("report", tmp_path / "p.pack.db", "--out", tmp_path / "force.html").code == 0  # the force's copy is


def test_a_row_printed_only_when_there_is_something_counts_as_at_least_one():
    """Groups 7, 1 and 4 of 12 cases: printing the rows of the two small ones says each is 1 or more, so with
    the total shown they are 1 to 4; the check knows it and withholds the large one too."""
    from panel_tool.report.disclosure import Disclosure

    d = Disclosure()
    d.count(("cases_all",), 12, exempt=True)
    for group, n in (("A", 7), ("B", 1), ("C", 4)):
        d.count(("size", "age_range", group), n, present=True)
    d.add_sum(("cases_all",), [("size", "age_range", g) for g in "ABC"])
    d.protect()
    ranges = d.ranges()
    assert ("size", "age_range", "A") in d.withheld  # without it, B and C would be 1 to 4
    assert all(lo >= 1 for lo, _ in ranges.values())  # the rows' presence is in the check
    assert all(hi - lo >= THRESHOLD for lo, hi in ranges.values()), ranges


def test_a_small_sessions_public_version_leaves_out_the_tables_whose_rows_would_give_counts_away(tmp_path):
    """8 cases: each 'Cases by ...' table that is printed leaves every withheld row a range of at least 5, counting
    each printed row as at least one case (the attack that found rows of 1 to 4 among 12 cases)."""
    import html

    steps = [("synth", "--rows", "600", "--seed", "8", "--out", tmp_path / "e.csv"),
             ("pack", "build", tmp_path / "e.csv", "--out", tmp_path / "p.pack.db", "--sample", "8", "--seed", "8",
              "--key-file", tmp_path / "k.key"),
             ("pack", "approve", tmp_path / "p.pack.db", "--all"),
             ("pack", "release", tmp_path / "p.pack.db", "--key-file", tmp_path / "k.key"),
             ("simulate", tmp_path / "p.pack.db", "--members", "8", "--seed", "8")]
    for step in steps:
        assert run_cli(*step).code == 0, step
    run = run_cli("report", tmp_path / "p.pack.db", "--out", tmp_path / "public.html", "--public")
    assert run.code == 0, run.err
    page = (tmp_path / "public.html").read_text(encoding="utf-8")
    assert "The public version leaves out" in page
    assert "The public version does not repeat what each action asks" in html.unescape(page)
    for table in re.findall(r"<table.*?</table>", page, flags=re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, flags=re.S).group(1)
        if not caption.startswith("Table") or "Cases by" not in caption:
            continue
        rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)[:2]
                for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, flags=re.S).group(1))]
        hidden = [name for name, cases in rows if cases == WITHHELD]
        if hidden:
            left = 8 - sum(int(cases) for _, cases in rows if cases != WITHHELD)
            assert left - len(hidden) >= THRESHOLD, (caption, rows)  # each hidden row: 1 to left - (hidden - 1)


def test_a_chart_whose_every_count_is_withheld_is_a_sentence_not_an_empty_frame(tempting):
    """The tempting pack's public version withholds every agreed rating, every theme and every group's counts:
    an empty chart of them would read as a fault or a zero, so a sentence says why there is none, above the
    table that reads "not shown"."""
    page = report_page([str(tempting)], public=True)
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        assert "<rect x=" in svg, svg[:300]  # every chart drawn has at least one bar
    said = re.findall(r'<p class="pt-no-chart">(.*?)</p>(<div class="pt-scroll".*?</table>)', page, flags=re.S)
    sentences = {sentence.split(":")[0] for sentence, _ in said}
    assert {"There is no chart of the panel&#39;s agreed ratings, after discussion",
            "There is no chart of how many cases the panel tagged with each theme"} <= sentences, sentences
    assert all("withheld" in sentence and WITHHELD in table for sentence, table in said)
    assert page.count("<figure") == len(re.findall(r"<figcaption>Figure \d+:", page))  # numbered without gaps
    numbers = [int(n) for n in re.findall(r"<figcaption>Figure (\d+):", page)]
    assert numbers == list(range(1, len(numbers) + 1))

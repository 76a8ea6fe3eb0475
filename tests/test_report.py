"""The force's report, made with the real `panel-tool report` from real packs: what it says, what it must
never say, and how it reads in Chromium (console, axe) and on paper (PDF)."""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from panel_tool.anonymise.pseudonyms import short_code
from panel_tool.review.actions import add_action
from panel_tool.review.discussion import record_outcome
from panel_tool.review.responses import record_response
from panel_tool.review.session import sign_in
from panel_tool.review.words import approve_words
from tests.conftest import run_cli
from tests.servers import released_pack

MEMBERS = ["Amira", "Ben", "Cara", "Dev", "Eve", "Finn"]
MEMBER_WORDS = "<script>window.pwned = 'member'</script>The grounds were thin"
ACTION_TEXT = "<script>window.pwned = 'action'</script>Explain why body-worn video was off"
NAMED = "PC 4521 SMITH was rude to Jordan Blake at 12 Acacia Avenue"  # members write names too
HEADINGS = ["What the panel thought", "Where members disagreed", "How members took part", "Themes",
            "Ratings by group", "What the force said it will do"]


def answered_pack(directory: Path) -> Path:
    """A released 5-case pack that six members have answered, with outcomes, an action and the force's replies."""
    pack, codes = released_pack(directory, members=MEMBERS)
    overall = ["green", "green", "amber", "red", "green", "amber"]
    for i, code in enumerate(codes.values()):
        s = sign_in(pack, code)
        for case in range(1, 6):
            for q in s.form["questions"]:
                if q["type"] == "choice":
                    s.save_answer(case, q["id"], overall[(i + case) % 6] if q.get("overall") else q["options"][i % 2]["value"])
            s.save_answer(case, "feedback_for_officer", f"{MEMBER_WORDS} (case {case})")
        s.save_answer(5, "force_learning", NAMED)
    record_outcome(pack, 1, rating="red", feedback_for_officer="Write <b>specific</b> grounds",
                   learning_for_force="Brief teams on grounds", themes=["grounds", "body-worn video"])
    record_outcome(pack, 2, rating="green", themes=["respect"])
    add_action(pack, ACTION_TEXT, owner="Stop and search lead", due_date="2025-06-30", case_id=1)
    record_response(pack, "action", 1, "Cameras on from the start: <i>briefed</i> in April.", "2025-04-20")
    record_response(pack, "case", 1, "The officer was given advice.", "2025-04-21")
    approve_words(pack)  # the facilitator's check of members' words, as redacted (tests/test_words_check.py)
    return pack


def unshown(page: str) -> list[str]:
    """The sentences of the report's own section on what it cannot show."""
    section = re.search(r"<h2>What this report cannot show</h2>(.*?)</section>", page, flags=re.S)
    return [html.unescape(x) for x in re.findall(r'<p class="pt-cannot">(.*?)</p>', section.group(1))] if section else []


def officer_refs(pack: Path) -> list[str]:
    conn = sqlite3.connect(pack)
    try:
        return [r[0] for r in conn.execute("SELECT DISTINCT officer_ref FROM case_officers WHERE officer_ref IS NOT NULL")]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    directory = tmp_path_factory.mktemp("report")
    pack = answered_pack(directory)
    private = run_cli("report", pack, "--out", directory / "report.html", "--pdf")
    public = run_cli("report", pack, "--out", directory / "public.html", "--public")
    return directory, pack, private, public


def test_the_report_says_what_the_panel_thought_in_plain_sections(session):
    directory, pack, run, _ = session
    assert run.code == 0, run.err
    assert run.out.splitlines() == [f"Report: {directory / 'report.html'}", f"PDF: {directory / 'report.pdf'}"]
    page = (directory / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert re.search(r"<title>Scrutiny panel report: .+</title>", page)
    for heading in HEADINGS:
        assert re.search(rf"<h2>{re.escape(heading)}</h2>", page), heading
    assert "Across sessions" not in page  # one pack: no trends
    assert "from panel_tool.report" not in page and "In&nbsp;[" not in page  # no code, no prompts
    assert "http://" not in page and "https://" not in page and "<script" not in page  # nothing fetched, nothing run
    # Every chart: a figure with a text alternative and a caption, and its data in a captioned table beside it.
    # (nbconvert re-serialises the output, so attributes may come in another order.)
    figures = re.findall(r'<figure (?=[^>]*role="img")[^>]*aria-label="([^"]+)"[^>]*><svg.*?</svg><figcaption>(.*?)'
                         r'</figcaption></figure><div class="pt-scroll"[^>]*><table class="pt-table[^"]*"><caption[^>]*>(.*?)</caption>',
                         page, flags=re.S)
    assert len(figures) >= 8 and len(figures) == page.count("<figure")
    assert all(alt.startswith("Bar chart") and caption.startswith("Figure") and table.startswith("Table")
               for alt, caption, table in figures)
    assert '<th scope="col">' in page and '<th scope="row">' in page
    # Every table and chart names what it counts, and each breakdown shows its cases before members' ratings.
    captions = re.findall(r"<(?:caption|figcaption)[^>]*>(.*?)</(?:caption|figcaption)>", page, flags=re.S)
    assert captions and all(re.search(r"\(unit: [^)]+\)", c) for c in captions), captions
    for group in ("ethnic group", "age range", "power used"):
        cases = page.index(f"Cases by {group}, and the panel&#39;s agreed rating of them (unit: cases)")
        ratings = page.index(f"Members&#39; overall ratings by {group} (unit: members&#39; ratings")
        assert cases < ratings
        header = re.search(rf"Members&#39; overall ratings by {group} .*?</thead>", page, flags=re.S).group(0)
        assert '<th scope="col">Cases</th><th scope="col">Ratings</th>' in header
    assert "Green" in page and "pt-rating-red" in page and "Red" in page  # ratings carry their words, not colour alone
    # The panel's and the force's words are there, escaped.
    assert "&lt;script&gt;window.pwned = &#39;member&#39;&lt;/script&gt;The grounds were thin" in page
    assert "&lt;script&gt;window.pwned = &#39;action&#39;&lt;/script&gt;Explain why body-worn video was off" in page
    assert "Write &lt;b&gt;specific&lt;/b&gt; grounds" in page and "&lt;i&gt;briefed&lt;/i&gt;" in page
    assert "The officer was given advice." in page and "body-worn video" in page
    # Members' words pass the redactor before they reach the report.
    assert "SMITH" not in page and "Jordan" not in page and "Acacia" not in page
    assert "PC [OFFICER NUMBER] [NAME 1] was rude to [NAME 2] at [ADDRESS]" in page
    # the force's own copy names the officers by short pseudonyms, never the keyed hash's hex digest
    assert all(f"Officer {short_code(ref)}" in page for ref in officer_refs(pack))
    assert not re.search(r"\b[0-9a-f]{64}\b", page)


def test_the_public_version_has_no_pseudonyms_no_members_words_and_no_small_counts(session):
    directory, pack, _, run = session
    assert run.code == 0, run.err
    assert run.out.strip() == f"Report (public version): {directory / 'public.html'}"
    page = (directory / "public.html").read_text(encoding="utf-8")
    assert "(public version)</title>" in page and "Public version." in page
    refs = officer_refs(pack)
    assert refs and not any(ref in page for ref in refs)
    assert not any(short_code(ref) in page for ref in refs) and 'class="pt-code"' not in page  # nor their short codes
    assert "The grounds were thin" not in page and "pwned = &#39;member" not in page
    assert "Write &lt;b&gt;specific" not in page  # the panel's feedback to one officer stays private
    assert "not shown" in page and "fewer than" not in page
    assert "Officers' and records' pseudonyms are not in a public report." in unshown(page)
    # --public writes its own file: it refuses to replace the force's copy.
    refused = run_cli("report", pack, "--out", directory / "report.html", "--public")
    assert refused.code == 2 and "the force's copy" in refused.err and "Traceback" not in refused.err, refused.err
    assert "(public version)" not in (directory / "report.html").read_text(encoding="utf-8")[:4096]
    # Nor by way of its PDF (report.htm would print to the force's report.pdf), nor the other way round.
    forces_pdf = (directory / "report.pdf").read_bytes()
    refused = run_cli("report", pack, "--out", directory / "report.htm", "--public", "--pdf")
    assert refused.code == 2 and "report.pdf" in refused.err and "the force's copy" in refused.err, refused.err
    assert (directory / "report.pdf").read_bytes() == forces_pdf and not (directory / "report.htm").exists()
    public_page = (directory / "public.html").read_bytes()
    refused = run_cli("report", pack, "--out", directory / "public.html")
    assert refused.code == 2 and "the public version" in refused.err and "Traceback" not in refused.err, refused.err
    assert (directory / "public.html").read_bytes() == public_page


def test_a_pack_nobody_has_answered_says_what_the_report_cannot_show(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"])
    run = run_cli("report", pack, "--out", tmp_path / "empty.html")
    assert run.code == 0, run.err
    page = (tmp_path / "empty.html").read_text(encoding="utf-8")
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in page
    said = unshown(page)
    assert any("No member has answered yet" in x for x in said)
    assert any("The report cannot show how far members agreed" in x for x in said)
    assert any("The report cannot show actions because the panel recorded none" in x for x in said)
    assert len(said) == len(set(said))  # each said once
    # said in its own section, before the sections it is about, not scattered among them
    assert page.index("<h2>What this report cannot show</h2>") < page.index("<h2>What the panel thought</h2>")
    assert page.count('class="pt-cannot"') == len(said)


def test_bad_output_paths_and_files_that_are_not_packs_get_one_plain_line(tmp_path, session):
    _, pack, _, _ = session
    (tmp_path / "notes.txt").write_text("not a pack")
    cases = [
        (["report", pack, "--out", tmp_path / "missing" / "r.html"], "the folder for the report does not exist"),
        (["report", pack, "--out", tmp_path], "this is a folder"),
        (["report", pack, "--out", tmp_path / "r.txt"], "the report is written as an HTML file"),
        (["report", tmp_path / "notes.txt", "--out", tmp_path / "r.html"], "this is not a review pack"),
        (["report", tmp_path / "nothing.pack.db", "--out", tmp_path / "r.html"], "there is no pack here"),
    ]
    for args, said in cases:
        run = run_cli(*args)
        assert run.code == 2, (args, run.err)
        assert run.err.startswith("panel-tool: Problem in file ") and said in run.err, run.err
        assert len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written, not even half


def test_a_draft_pack_gets_no_report_from_the_command_or_the_notebooks_function(tmp_path):
    """A draft's cases and texts have not had the facilitator's second look (release records it): no report
    is made from one, whichever version or file, but one plain sentence naming the pack and saying to
    release it first, from the command and from the function the notebook calls alike."""
    from panel_tool.errors import InputError
    from panel_tool.report.build import write_report
    from panel_tool.report.render import report
    from tests.test_bad_input_limits import run

    draft, _ = released_pack(tmp_path, members=["Amira"], release=False)
    out = tmp_path / "reports"
    out.mkdir()
    with pytest.raises(InputError) as refused:
        report([str(draft)])
    sentence = refused.value.plain()
    assert str(draft) in sentence and "still a draft" in sentence and "release it first" in sentence, sentence
    with pytest.raises(InputError, match="still a draft"):
        write_report([str(draft)], str(out / "api.html"), public=True)
    for extra in ((), ("--public",), ("--pdf",)):
        ran = run("report", draft, "--out", out / "report.html", *extra)
        assert ran.code == 2 and ran.err == f"panel-tool: {sentence}\n" and "Traceback" not in ran.err, (extra, ran)
    assert list(out.iterdir()) == []  # nothing written, not even half


def test_several_sessions_add_trends_and_packs_that_differ_are_refused(tmp_path, session):
    directory, pack, _, _ = session
    later, _ = released_pack(tmp_path, members=["Amira"])
    record_outcome(later, 3, rating="amber", themes=["grounds"])
    run = run_cli("report", pack, later, "--out", tmp_path / "both.html")
    assert run.code == 0, run.err
    page = (tmp_path / "both.html").read_text(encoding="utf-8")
    assert "<h2>Across sessions</h2>" in page and page.count("<h2>Session: ") == 2
    assert "Themes that keep coming back" in page and "Actions from one session to the next" in page
    # In public, each session's ratings quarter by quarter are printed through its own disclosure control:
    # withheld exactly where its own section withholds them (here every agreed count is 1 or 2), never summed.
    run = run_cli("report", pack, later, "--out", tmp_path / "both-public.html", "--public")
    assert run.code == 0, run.err
    public = (tmp_path / "both-public.html").read_text(encoding="utf-8")
    assert "Ratings quarter by quarter are not repeated" not in html.unescape(public)
    quarters = re.search(r"Share of each agreed rating, quarter by quarter.*?</table>", public, flags=re.S).group(0)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", quarters)[1:]]
    assert len(cells) == 2 * 4  # two sessions, four ratings each (Green, Amber, Red, Not enough information)
    assert "not shown" in {cases for *_, cases in cells} <= {"0", "not shown"}
    for session, rating, share, cases in cells:  # as the session's own section prints it
        owns = [part.split("<h2>")[0] for part in public.split(f"<h2>Session: <bdi>{session}</bdi></h2>")[1:]]
        assert any(f'<th scope="row">{rating}</th><td class="pt-num">{cases}</td>' in own for own in owns), cells
    assert all(share in ("0%", "not shown") for _, _, share, _ in cells)
    assert "Themes and the sessions that raised them (unit: sessions)" in public and "fewer than" not in public

    other = tmp_path / "grounds.pack.db"
    built = run_cli("pack", "build", tmp_path / "export.csv", "--out", other, "--sample", "5", "--seed", "2",
                    "--key-file", tmp_path / "force.key", "--form", "reasonable-grounds-only")
    assert built.code == 0, built.err
    for step in (("pack", "approve", other, "--all"), ("pack", "release", other, "--key-file", tmp_path / "force.key")):
        assert run_cli(*step).code == 0  # released: a draft would be refused before any comparison
    run = run_cli("report", pack, other, "--out", tmp_path / "mixed.html")
    assert run.code == 2 and "cannot be compared" in run.err and "Traceback" not in run.err, run.err
    assert len(run.err.strip().splitlines()) == 1
    assert not (tmp_path / "mixed.html").exists()
    # a copy of a pack is the same session, not a second one
    copy = tmp_path / "copy-of-it.pack.db"
    shutil.copyfile(pack, copy)
    run = run_cli("report", pack, copy, "--out", tmp_path / "twice.html")
    assert run.code == 2 and "copies of one pack" in run.err and copy.name in run.err and "Traceback" not in run.err, run.err
    assert not (tmp_path / "twice.html").exists()


def test_the_pdf_is_a_real_pdf_with_pages(session):
    directory, _, run, _ = session
    assert run.code == 0, run.err
    data = (directory / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 1


def test_the_report_in_chromium_runs_nothing_and_has_no_serious_accessibility_problems(session):
    from tests.browser import axe_violations, launch, open_page

    directory, _, _, _ = session
    playwright, browser = launch()
    try:
        for name in ("report.html", "public.html"):
            for width in (1024, 360):
                watched = open_page(browser, (directory / name).as_uri(), width=width)
                console = []
                dialogs = []
                watched.page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
                watched.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                watched.page.goto((directory / name).as_uri())
                assert watched.page.get_by_role("heading", name="What the panel thought").is_visible()
                assert watched.page.evaluate("window.pwned === undefined")
                assert not console and not watched.errors and not dialogs, (console, watched.errors, dialogs)
                assert not watched.blocked, watched.blocked  # nothing asked of any other host
                # every chart is an image to a screen reader; the public version of 5 cases withholds so much
                # that some charts have no bar to draw: a sentence stands in their place (their tables stay)
                text = (directory / name).read_text(encoding="utf-8")
                figures, instead = text.count("<figure"), text.count('class="pt-no-chart"')
                assert watched.page.get_by_role("img").count() == figures
                assert figures + instead >= (8 if name == "report.html" else 3) and (instead == 0 or name == "public.html")
                assert axe_violations(watched.page) == [], (name, width)
                # The page never runs wider than the screen: a wide table scrolls in its own box, which a
                # keyboard can reach and a screen reader names by the table's caption.
                assert watched.page.evaluate("document.documentElement.scrollWidth") <= width
                boxes = watched.page.locator(".pt-scroll")
                assert boxes.count() == watched.page.locator("table").count()
                assert all(boxes.nth(i).get_attribute("tabindex") == "0" for i in range(boxes.count()))
                assert watched.page.get_by_role("region", name=re.compile(r"^Table 1: ")).count() == 1
                watched.page.context.close()
    finally:
        browser.close()
        playwright.stop()


def test_the_analysts_notebook_is_a_few_lines_calling_the_same_function_and_has_no_outputs(session):
    import nbformat

    from panel_tool.report.render import report
    from panel_tool.shipped import shipped_path

    directory, pack, _, _ = session
    nb = nbformat.read(shipped_path("notebooks", "report.ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)  # committed without outputs
    assert "parameters" in code[0].metadata.get("tags", []) and sum(len(c.source.splitlines()) for c in code) <= 8
    shown = report_notebook_shows(pack)
    assert shown.data == report([str(pack)]) and "What the panel thought" in shown.data


def report_notebook_shows(pack):
    """What notebooks/report.ipynb displays for one pack, its cells run with the pack set as papermill would."""
    import nbformat

    from panel_tool.shipped import shipped_path

    code = [c for c in nbformat.read(shipped_path("notebooks", "report.ipynb"), as_version=4).cells
            if c.cell_type == "code"]
    namespace: dict = {}
    exec(code[0].source + f"\npacks = [{str(pack)!r}]\n", namespace)
    for cell in code[1:]:
        exec(cell.source, namespace)
    return eval(code[-1].source.strip().splitlines()[-1], namespace)


def test_the_report_notebook_shows_a_refusal_as_one_paragraph(tmp_path):
    """A draft pack in the notebook: the sentence the command prints, as a paragraph, never a traceback."""
    from tests.servers import released_pack

    draft, _ = released_pack(tmp_path, members=["Amira"], release=False)
    shown = report_notebook_shows(draft)
    assert shown.data.startswith('<p role="alert">') and "still a draft" in shown.data and "Traceback" not in shown.data


def test_the_force_finds_the_officer_behind_a_reports_pseudonym(session):
    directory, pack, _, _ = session
    page = (directory / "report.html").read_text(encoding="utf-8")
    codes = re.findall(r"Officer ([A-Z2-7]{4}-[A-Z2-7]{4})", page)
    assert codes
    export, key = directory / "export.csv", directory / "force.key"
    run = run_cli("pack", "lookup", pack, "--key-file", key, "--pseudonym", codes[0].lower().replace("-", " "),
                  "--officers", export)
    assert run.code == 0, run.err
    officer = re.search(r"officer (\S+) \(", run.out).group(1)
    assert f", {codes[0]})" in run.out
    # a plain list of officer ids works as well as the export, and the id found gives the same cases
    (directory / "officers.csv").write_text("officer_id\nnobody\n" + officer + "\n", encoding="utf-8")
    listed = run_cli("pack", "lookup", pack, "--key-file", key, "--pseudonym", codes[0], "--officers",
                     directory / "officers.csv")
    assert listed.out == run.out
    by_id = run_cli("pack", "lookup", pack, "--key-file", key, "--officer-id", officer)
    assert [l.split(":")[0] for l in by_id.out.splitlines()] == [l.split(":")[0] for l in run.out.splitlines()]
    # bad input: one plain line each
    for args, said in [(["--pseudonym", "K7QX-2M4P"], "needs the force's list of officers"),
                       (["--pseudonym", "K1QX-2M4P", "--officers", export], "is not a pseudonym"),
                       (["--pseudonym", "AAAA-AAAA", "--officers", directory / "officers.csv"], "no officer in this list"),
                       (["--pseudonym", codes[0], "--officers", directory / "missing.csv"], "there is no list of officers")]:
        bad = run_cli("pack", "lookup", pack, "--key-file", key, *args)
        assert bad.code == 2 and said in bad.err and "Traceback" not in bad.err, bad.err

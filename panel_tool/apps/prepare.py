"""The facilitator's workbench (prepare.ipynb, opened by `panel-tool lab`): from a force's export to
a released pack and printed code cards, without typing a command.

Each step calls the Python API the CLI calls: ingest.read_export (validate), packs.build.count_matching
and build_pack (pack build), the facilitator app's CaseChecker (pack approve / exclude and the
redaction review), review.members.add_members with report.code_cards.code_cards (members add
--cards), review.lifecycle.release (pack release), review.passphrases.set_passphrase (pack
facilitator / liaison) and `panel-tool serve` itself. This module only shows, and says plainly
what went wrong: no traceback ever reaches the page.
"""

from __future__ import annotations

import atexit
import os
import re
import signal
import subprocess
import sys
from html import escape
from pathlib import Path

import ipywidgets as widgets

from panel_tool.apps.facilitator import CaseChecker, plain
from panel_tool.apps.prepare_views import field_words, report_html, stylesheet
from panel_tool.apps.staff import button, html, passphrase_box, said, table, text_box
from panel_tool.errors import InputError

EXPORT_SUFFIXES = (".csv", ".xlsx", ".json")
# The kernel's websocket refuses a message much over 10 MiB, and an upload travels in one.
UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024
STRATA = ["self_defined_ethnicity_group", "age_range", "gender", "legislation", "outcome", "object_of_search"]
TARGETS = [("under_18=yes", "Under 18"), ("section_60=yes", "Section 60 searches"),
           ("more_than_outer_clothing=yes", "Strip searches (more than outer clothing removed)"),
           ("bwv_used=no", "No body-worn video")]
ANY = "Any"


def stacked(control: widgets.Widget) -> widgets.Widget:
    """The label above its control, each the full width: a long label beside a pick-list left the list
    a few pixels wide at 360 px (the app stylesheet's pt-question rule)."""
    control.add_class("pt-question")
    control.layout.width = "100%"
    return control


def prepare_app(folder: str | Path | None = None) -> widgets.Widget:
    """The workbench on `folder` (default: the notebook's own folder)."""
    return Workbench(Path(folder or os.getcwd())).root


def problem_words(problem: InputError) -> str:
    """A refusal as one plain paragraph: where in the file (row and column, never a path), what, what to do."""
    where = [f"row {problem.row:,}" if problem.row is not None else "",
             f"column '{problem.column}'" if problem.column else ""]
    where = " and ".join(w for w in where if w)
    return (f"In {where}: " if where else "") + plain(problem)


def exports_in(folder: Path) -> list[str]:
    """Files in the folder that may be a force's export (synth's answer keys left out)."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES
                  and not p.name.endswith(".truth.csv"))


def safe_upload_name(folder: Path, name: str) -> Path:
    """Where an upload goes: its own file name, tidied, never over an existing file."""
    stem = re.sub(r"[^A-Za-z0-9._ -]", "_", Path(name).stem).strip(" .") or "export"
    suffix = Path(name).suffix.lower()
    path, n = folder / f"{stem}{suffix}", 2
    while path.exists():
        path, n = folder / f"{stem} ({n}){suffix}", n + 1
    return path


class Workbench:
    def __init__(self, folder: Path):
        self.folder = folder.resolve()
        self.export = None  # (path, ingest.Export) once an export has been checked
        self.pack: Path | None = None
        self.server: subprocess.Popen | None = None
        self.steps = {name: widgets.VBox(layout=widgets.Layout(width="100%"))
                      for name in ("export", "sample", "build", "check", "members", "release")}
        self.root = widgets.VBox([html(stylesheet()),
                                  html("<h1>Prepare a review pack</h1><p>Work down the page: choose the force's "
                                       "export, choose the sample, build the pack, check every case, add the "
                                       "members and print their code cards, then release the pack to them.</p>"),
                                  *self.steps.values()], layout=widgets.Layout(width="100%"))
        self.root.add_class("pt-app")
        self.root.add_class("pt-workbench")
        self._export_step()
        for name, title in (("sample", "2. Choose the sample"), ("build", "3. Build the pack"),
                            ("check", "4. Check each case"), ("members", "5. Members and their code cards"),
                            ("release", "6. Release the pack and open it to members")):
            self.steps[name].children = [html(f"<h2>{title}</h2><p>Available after the step before.</p>")]

    # --- 1. the export ---------------------------------------------------------------------------
    def _export_step(self, message: str = "", error: bool = False) -> None:
        found = exports_in(self.folder)
        choice = stacked(widgets.Dropdown(options=found or ["(none yet)"], description="Export in the workspace folder",
                                  style={"description_width": "initial"}, layout=widgets.Layout(width="100%")))
        check = button("Check this export", "primary", "pt-check-export")
        check.disabled = not found
        upload = widgets.FileUpload(accept=",".join(EXPORT_SUFFIXES), multiple=False, description="Upload an export")
        upload.add_class("pt-upload")
        self.upload = upload
        status = html(said(message, error=error) if message else "")
        self.report_view = html()
        check.on_click(lambda _: self._check(self.folder / choice.value, status))
        upload.observe(lambda change: self._uploaded(change["new"], status), names="value")
        self.steps["export"].children = [
            html("<h2>1. Choose the export</h2><p>Choose the force's export from the workspace folder, or upload a "
                 f"small one (up to {UPLOAD_LIMIT_BYTES // (1024 * 1024)} MB). A larger export cannot travel through "
                 "the page: copy it into the workspace folder (beside this notebook) and it appears in the list.</p>"),
            choice, check, upload, status, self.report_view]

    def _uploaded(self, files, status: widgets.HTML) -> None:
        if not files:
            return
        item = files[0]
        content = bytes(item["content"])
        self.upload.value = ()  # the same file may be uploaded again after a fix
        if len(content) > UPLOAD_LIMIT_BYTES:
            status.value = said("This file is too large to upload here. Copy it into the workspace folder instead.",
                                error=True)
            return
        path = safe_upload_name(self.folder, item["name"])
        path.write_bytes(content)
        if not self._check(path, status, uploaded=True):
            path.unlink(missing_ok=True)  # nothing half-kept: an upload that cannot be read is not left behind

    def _check(self, path: Path, status: widgets.HTML, uploaded: bool = False) -> bool:
        from panel_tool.ingest import read_export

        status.value = said(f"Checking {path.name}...")
        self.report_view.value = ""
        try:
            export = read_export(path)
        except InputError as problem:
            status.value = said(f"{path.name} cannot be used. {problem_words(problem)}", error=True)
            return False
        except Exception as exc:  # a file no reader expected: say so plainly, never a traceback
            status.value = said(f"{path.name} cannot be read as an export ({type(exc).__name__}). Ask the force "
                                "for the file again, saved as CSV.", error=True)
            return False
        status.value = said(f"Checked {path.name}" + (" (uploaded)." if uploaded else "."))
        self.report_view.value = report_html(export.report, path.name)
        if export.report.usable:
            self.export = (path, export)
            self._sample_step()
        return export.report.usable

    # --- 2. the sample ---------------------------------------------------------------------------
    def _count(self, where: list[str]) -> int | str:
        from panel_tool.packs.build import count_matching

        try:
            return count_matching(self.export[1], where)
        except InputError as problem:
            return problem_words(problem)

    def _sample_step(self) -> None:
        from panel_tool.packs.forms import DEFAULT_FORMS, load_form, shipped_forms

        path, export = self.export
        kind, frame = export.profile.kind, export.frame
        total = self._count([])
        self.size = stacked(widgets.BoundedIntText(value=min(12, total), min=1, max=10**7, description="How many cases",
                                           style={"description_width": "initial"}))
        self.strategy = stacked(widgets.Dropdown(options=[("Random", "random"), ("Stratified: in proportion to groups", "stratified"),
                                                  ("Targeted: only records that meet the choices below", "targeted")],
                                         description="How to choose them", style={"description_width": "initial"},
                                         layout=widgets.Layout(width="100%")))
        self.strata = stacked(widgets.SelectMultiple(options=[(field_words(f), f) for f in STRATA if f in frame],
                                             description="Groups (stratified)", style={"description_width": "initial"},
                                             rows=len(STRATA)))
        self.targets = []
        if kind == "stop-search":
            for clause, label in TARGETS:
                box = widgets.Checkbox(value=False, description=f"{label}: {self._count([clause]):,} records",
                                       indent=False, layout=widgets.Layout(width="auto"))
                box.clause = clause
                self.targets.append(box)
        when = frame["searched_at" if kind == "stop-search" else "incident_date"].dropna()
        if getattr(when.dtype, "tz", None) is not None:
            when = when.dt.tz_convert("Europe/London")  # the month as the month filter reads it
        months = sorted(when.dt.strftime("%Y-%m").unique())
        self.month = stacked(widgets.Dropdown(options=[ANY] + months, description="Month", style={"description_width": "initial"}))
        areas = sorted(str(a) for a in frame["area"].dropna().unique()) if "area" in frame else []
        self.area = stacked(widgets.Dropdown(options=[ANY] + areas, description="Area", style={"description_width": "initial"}))
        if not areas:  # a pick-list of 'Any' alone looked broken: say why there is no choice
            self.area.description, self.area.disabled = "Area (this export names no areas, so none to choose)", True
        earlier = sorted(p.name for p in self.folder.glob("*.pack.db"))
        self.red = stacked(widgets.Dropdown(options=[("No", "")] + [(f"Yes, as rated in {n}", n) for n in earlier],
                                    description="Officers the panel rated red before",
                                    style={"description_width": "initial"}, layout=widgets.Layout(width="100%")))
        forms = [(f["title"], f["id"]) for f in map(lambda n: load_form(n, None), shipped_forms())
                 if f["kind"] in ("any", kind)]
        self.form = stacked(widgets.Dropdown(options=forms, value=DEFAULT_FORMS[kind], description="Rating form",
                                     style={"description_width": "initial"}, layout=widgets.Layout(width="100%")))
        self.title = text_box("Title of the pack (left blank: made from the month and the number of cases)")
        self.matching = html("", "pt-matching")
        for control in (self.strategy, self.month, self.area, self.red, *self.targets):
            control.observe(lambda _: self._update_matching(), names="value")
        build = button("Build the pack", "primary", "pt-build")
        self.progress = widgets.FloatProgress(value=0, min=0, max=1, description="Progress",
                                              layout=widgets.Layout(width="100%", visibility="hidden"))
        self.build_status = html()
        build.on_click(lambda _: self._build())
        self.steps["sample"].children = [
            html(f"<h2>2. Choose the sample</h2><p>{total:,} records in {escape(path.name)}. Choose how many cases "
                 "the panel reviews and how they are chosen; the count below shows how many records your choices "
                 "leave to choose from.</p>"),
            self.size, self.strategy, self.strata,
            html("<h3>Only records that are (targeted)</h3>"), *self.targets, self.month, self.area, self.red,
            self.matching, html("<h3>The pack</h3>"), self.form, self.title]
        self.steps["build"].children = [html("<h2>3. Build the pack</h2><p>Names, dates of birth, addresses and other "
                                             "identifiers are removed, the officers' words redacted, and when, where and "
                                             "who made less exact.</p>"), build, self.progress, self.build_status]
        self._update_matching()

    def _where(self) -> list[str]:
        if self.strategy.value != "targeted":
            return []
        where = [box.clause for box in self.targets if box.value]
        if self.month.value != ANY:
            where.append(f"month={self.month.value}")
        if self.area.value != ANY:
            where.append(f"area={self.area.value}")
        if self.red.value:
            where.append(f"red_officers={self.folder / self.red.value}")
        return where

    def _update_matching(self) -> None:
        where = self._where()
        count = self._count(where)
        if isinstance(count, str):
            self.matching.value = said(count, error=True)
        elif where:
            self.matching.value = said(f"{count:,} records match these choices.")
        else:
            self.matching.value = said(f"All {count:,} records can be chosen"
                                       + (" (choose Targeted to use the choices above)." if self.strategy.value != "targeted" else "."))

    # --- 3. build ----------------------------------------------------------------------------------
    def _pack_path(self, export: Path) -> Path:
        stem = export.stem
        path, n = self.folder / f"{stem}.pack.db", 2
        while path.exists():
            path, n = self.folder / f"{stem}-{n}.pack.db", n + 1
        return path

    def _build(self) -> None:
        from panel_tool.packs.build import build_pack

        export_path = self.export[0]
        where, status = self._where(), self.build_status
        available = self._count(where)
        if isinstance(available, str):
            status.value = said(available, error=True)
            return
        if self.strategy.value == "targeted" and not where:
            status.value = said("A targeted sample needs at least one choice under 'Only records that are'.", error=True)
            return
        if self.strategy.value == "stratified" and not self.strata.value:
            status.value = said("A stratified sample needs at least one group to keep in proportion.", error=True)
            return
        if self.size.value > available:
            status.value = said(f"The sample asks for {self.size.value:,} cases, but only {available:,} records "
                                f"{'match your choices' if where else 'are in the export'}. Choose {available:,} or fewer.",
                                error=True)
            return
        out = self._pack_path(export_path)
        self.progress.layout.visibility = "visible"

        def progressed(message: str, done: float) -> None:
            self.progress.value = done
            status.value = said(message)

        try:
            result = build_pack(export_path, out, sample=str(self.size.value), strategy=self.strategy.value,
                                strata=list(self.strata.value) or None, where=where, form=self.form.value,
                                title=self.title.value.strip() or None, progress=progressed)
        except InputError as problem:
            status.value = said(f"The pack was not built. {problem_words(problem)}", error=True)
            return
        except Exception as exc:
            status.value = said(f"The pack was not built: something unexpected went wrong ({type(exc).__name__}).",
                                error=True)
            return
        self.pack = result.path
        status.value = said(f"Built {result.path.name}: {result.manifest['counts']['cases']} cases, "
                            f"{result.manifest['title']}.")
        self._check_step()
        self._members_step()
        self._release_step()

    # --- 4. check each case (the facilitator app's checker, one implementation) --------------------
    def _check_step(self) -> None:
        self.checker = CaseChecker(str(self.pack), with_release=False)
        self.steps["check"].children = [html("<h2>4. Check each case</h2>"), self.checker.widget]

    # --- 5. members and code cards -----------------------------------------------------------------
    def _members_step(self, message: str = "", error: bool = False) -> None:
        from panel_tool.review.members import list_members

        current = [m for m in list_members(self.pack) if not m["removed_at"]]
        self.names = text_box("Members' names or nicknames, one a line", area=True)
        self.where_served = stacked(widgets.Dropdown(options=[("Phones and laptops on this computer's network (the room's wifi)", "0.0.0.0"),
                                                      ("This computer only", "127.0.0.1")],
                                             value=getattr(self, "host", "0.0.0.0"),
                                             description="Members will connect from", style={"description_width": "initial"},
                                             layout=widgets.Layout(width="100%")))
        self.port = stacked(widgets.BoundedIntText(value=getattr(self, "port_value", 8866), min=1024, max=65535,
                                           description="Port", style={"description_width": "initial"}))
        self.link_view = html()
        for control in (self.where_served, self.port):
            control.observe(lambda _: self._show_link(), names="value")
        add = button("Add these members and make their code cards", "primary", "pt-add-members")
        add.on_click(lambda _: self._add_members())
        listed = (table(["Member"], [[m["name"]] for m in current], "Members of this pack") if current
                  else "<p>No members yet.</p>")
        self.steps["members"].children = [
            html("<h2>5. Members and their code cards</h2><p>Each member gets a code, printed on a card with the "
                 "link and a QR code of the link (never of the code). Codes are shown only on the cards: print them, "
                 "cut them out and hand each person theirs.</p>" + listed),
            self.where_served, self.port, self.link_view, self.names, add,
            html(said(message, error=error) if message else "", "pt-members-status")]
        self._show_link()

    def link(self) -> str:
        from panel_tool.serve import members_link

        return members_link(self.where_served.value, self.port.value, tls=False)

    def _show_link(self) -> None:
        self.host, self.port_value = self.where_served.value, self.port.value
        self.link_view.value = f"<p>Members' link: <strong>{escape(self.link())}</strong></p>"

    def _add_members(self) -> None:
        from panel_tool.report.code_cards import code_cards
        from panel_tool.review.members import add_members

        names = [n.strip() for n in self.names.value.splitlines() if n.strip()]
        if not names:
            self._members_step("Type at least one name, one a line.", error=True)
            return
        cards = self.folder / f"{self.pack.name.removesuffix('.pack.db')}-code-cards.pdf"
        n = 2
        while cards.exists():
            cards, n = self.folder / f"{self.pack.name.removesuffix('.pack.db')}-code-cards-{n}.pdf", n + 1
        try:
            from panel_tool.report.build import _check_chromium

            _check_chromium()  # before members are added: their codes would have no card
            added = add_members(self.pack, names)
            code_cards(self.pack, cards, link=self.link(), new_codes=added)
        except InputError as problem:
            self._members_step(problem_words(problem), error=True)
            return
        self._members_step(f"Added {len(added)} member{'s' if len(added) != 1 else ''}. Their code cards are in "
                           f"{cards.name} in the workspace folder: open it from JupyterLab's file list (the folder icon "
                           "at the far left), print it, and delete it once the cards are handed over.")

    # --- 6. release and serve ----------------------------------------------------------------------
    def _release_step(self, message: str = "", error: bool = False) -> None:
        from panel_tool.packs.build import show_pack

        status = show_pack(self.pack)["manifest"]["status"]
        parts = [html("<h2>6. Release the pack and open it to members</h2>")]
        if status == "draft":
            release = button("Release the pack", "success", "pt-release-pack")
            release.on_click(lambda _: self._release())
            parts += [html("<p>Release freezes the cases; it works once every case above is approved or excluded.</p>"),
                      release]
        else:
            parts += self._serve_controls()
        parts.append(html(said(message, error=error) if message else "", "pt-release-status"))
        self.steps["release"].children = parts

    def _release(self) -> None:
        from panel_tool.review.lifecycle import release

        try:
            release(self.pack)
        except InputError as problem:
            self._release_step(plain(problem), error=True)
            return
        self.checker.refresh("Released: members can sign in once the pack is served.")
        self._release_step("Released.")

    def _serve_controls(self) -> list:
        self.facilitator_passphrase = stacked(passphrase_box("Your passphrase for the facilitator's screens "
                                                              "(at least 12 characters; optional)"))
        self.liaison_passphrase = stacked(passphrase_box("The force liaison's passphrase (optional)"))
        start = button("Start serving the pack", "primary", "pt-serve")
        start.on_click(lambda _: self._serve())
        parts = [html("<p>The pack is released. Start serving it to open it to members, then give them the link on "
                      "their code cards.</p>"), self.facilitator_passphrase, self.liaison_passphrase, start]
        if self.server is not None and self.server.poll() is None:
            parts = [html("<p>The pack is being served.</p>")]
        parts.append(self.links_view if hasattr(self, "links_view") else html("", "pt-links"))
        self.links_view = parts[-1]
        if self.export is not None and self.export[0].exists():
            confirm = widgets.Checkbox(value=False, indent=False, description=f"Yes, delete {self.export[0].name}",
                                       layout=widgets.Layout(width="auto"))
            delete = button("Delete the export from the workspace folder", "danger", "pt-delete-export")
            delete.on_click(lambda _: self._delete_export(confirm.value))
            parts += [html("<h3>The force's export</h3><p>The pack holds everything the panel needs. The export "
                           "itself holds names, addresses and officers' numbers: delete it from the workspace "
                           "folder once the pack is released (the force keeps its own copy).</p>"),
                      confirm, delete]
        return parts

    def _serve(self) -> None:
        from panel_tool.review.passphrases import set_passphrase

        try:
            for role, box in (("facilitator", self.facilitator_passphrase), ("liaison", self.liaison_passphrase)):
                if box.value:
                    set_passphrase(self.pack, role, box.value)
        except InputError as problem:
            self._release_step(plain(problem), error=True)
            return
        finally:
            self.facilitator_passphrase.value = self.liaison_passphrase.value = ""
        host, port = self.host if hasattr(self, "host") else "0.0.0.0", getattr(self, "port_value", 8866)
        command = [sys.executable, "-m", "panel_tool.cli", "serve", str(self.pack), "--host", host, "--port", str(port)]
        self.server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       preexec_fn=_die_with_parent)
        atexit.register(self.stop_serving)
        from panel_tool.serve import members_link

        link = members_link(host, port, tls=False)
        self._release_step("Serving. Members can sign in with their codes.")
        self.links_view.value = (
            '<div class="pt-links">' + table(["Who", "Link"], [["Members", link], ["You (facilitator)", link + "facilitator"],
                                                               ["The force's liaison", link + "force"]],
                                             "Links to the served pack")
            + "<p>The facilitator's and the force's screens ask for the passphrases set above. Serving stops when "
              "this notebook's kernel stops.</p></div>")

    def stop_serving(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()

    def _delete_export(self, confirmed: bool) -> None:
        path = self.export[0]
        if not confirmed:
            self._release_step(f"Tick 'Yes, delete {path.name}' first.", error=True)
            return
        path.unlink(missing_ok=True)
        self._release_step(f"Deleted {path.name} from the workspace folder.")


def _die_with_parent() -> None:
    """The server started for the workbench stops when its kernel does, however the kernel ends."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

"""`pack build`: export -> ingest -> sample -> generalise, pseudonymise, redact -> one pack file.

Only the fields listed in CASE_FIELDS ever reach a pack, all of them generalised or attributes;
direct identifiers are read (to find them in free text) and never written.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from panel_tool import __version__
from panel_tool.anonymise.generalise import load_policy, quasi_identifiers
from panel_tool.anonymise.known_values import FIELD_TYPES, known_value_detections
from panel_tool.anonymise.pseudonyms import Key, check_short_codes, load_key, parse_short_code, short_code
from panel_tool.anonymise.recognisers import detect, resolve_overlaps
from panel_tool.anonymise.redaction import redact
from panel_tool.anonymise.vocabulary import Vocabulary, default_vocabulary
from panel_tool.anonymise.risk import anonymise_cases, risk_summary
from panel_tool.contracts import canonical_fields
from panel_tool.errors import InputError
from panel_tool.ingest import read_export, refuse_unfit_records
from panel_tool.packs.context import context_statistics, read_population
from panel_tool.packs.incidents import group_incidents
from panel_tool.packs.sampling import choose, matching
from panel_tool.packs.packfile import FORMAT, FORMAT_VERSION, open_pack, read_manifest
from panel_tool.packs.scratch import clear_abandoned_builds
from panel_tool.packs.store import EarlierActions, check_destination, read_open_actions, write_pack
from panel_tool.packs.forms import load_form

# What a member sees of a case, beyond the generalised when / where / who.
CASE_FIELDS = {
    "stop-search": ["search_type", "legislation", "object_of_search", "outcome", "outcome_linked",
                    "more_than_outer_clothing", "bwv_used", "part_of_operation", "officer_defined_ethnicity"],
    "use-of-force": ["location_types", "impact_factors", "reasons", "tactics", "outcomes", "physical_disability",
                     "mental_disability", "staff_injured", "subject_injured"],
}
TEXT_FIELD = {"stop-search": "grounds", "use-of-force": "officer_account"}
RECORD_ID = {"stop-search": "record_id", "use-of-force": "incident_ref"}


@dataclass
class BuildResult:
    path: Path
    manifest: dict
    key: Key


def _say(message: str, quiet: bool, always: bool = False) -> None:
    """Progress for a person watching a terminal; what they must know (a new key) always."""
    if always or (not quiet and sys.stderr.isatty()):
        print(message, file=sys.stderr, flush=True)


def _plain(value):
    """A value as SQLite and JSON hold it: NA -> None, numpy scalars -> Python, lists -> JSON text."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return json.dumps([str(v) for v in value], ensure_ascii=False)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (np.bool_, bool)):
        return int(bool(value))
    if isinstance(value, np.generic):
        return value.item()
    return value


def _red_officer_filter(key_holder: dict):
    """--where red_officers=EARLIER.pack.db: records by officers an earlier pack's panel rated red."""
    def predicate(frame: pd.DataFrame, value: str) -> pd.Series:
        with open_pack(value) as earlier:
            red = {row["officer_ref"] for row in earlier.execute(
                "SELECT o.officer_ref FROM agreed_outcomes a JOIN case_officers o USING (case_id) "
                "WHERE lower(a.rating) = 'red'")}
        if not red:
            raise InputError("the earlier pack has no case the panel rated red", file=value,
                             expected="a pack with agreed outcomes, at least one of them Red")
        key = key_holder["key"]
        officers = frame["officer_id"].astype(object)
        refs = {o: key.pseudonym("officer", o) for o in officers.dropna().unique()}
        return officers.map(lambda o: refs.get(o) in red).astype(bool)
    return predicate


def _expected_or_redacted(value, field, known: dict, redacted: Counter, vocabulary: Vocabulary):
    """A value the schema does not list was typed by someone and may name a person (an object of
    search written as "knife belonging to John SMITH"): it is redacted like free text."""
    if field.kind not in ("enum", "list") or not field.allowed:
        return value
    items = list(value) if field.kind == "list" else [value]
    out = []
    for item in items:
        if isinstance(item, str) and item not in field.allowed:
            item, _, counts = redact_case_text(item, known, vocabulary)
            redacted.update(counts)
        out.append(item)
    return out if field.kind == "list" else out[0]


def redact_case_text(text: str | None, known: dict, vocabulary: Vocabulary | None = None) -> tuple[str | None, list[dict], Counter]:
    """A text redacted with the record's own values (its name, address, registration) known as
    identifiers wherever they appear, so the recall-first pass reads the words around them too."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None, [], Counter()
    detections = detect(text, vocabulary, known=resolve_overlaps(known_value_detections(text, known), text))
    result = redact(text, detections)
    counts = Counter(span.type for span in result.spans)
    return result.text, [span._asdict() for span in result.spans], counts


def carried_actions(earlier: EarlierActions, at: str) -> list[dict]:
    """The earlier pack's open actions as the new pack holds them: numbered afresh, no case (cases differ
    between packs), the earlier title in carried_from, and one more history entry saying so."""
    carried = []
    for number, action in enumerate(earlier.actions, start=1):
        try:
            history = json.loads(action.get("history") or "[]")
        except json.JSONDecodeError:
            history = []
        history = history if isinstance(history, list) else []
        history.append({"at": at, "status": action["status"], "note": f"carried forward from {earlier.title}",
                        "by": "pack build"})
        carried.append({"action_id": number, "text": action["text"], "owner": action.get("owner"),
                        "due_date": action.get("due_date"), "status": action["status"], "case_id": None,
                        "created_at": action.get("created_at") or at, "carried_from": earlier.title,
                        "history": json.dumps(history, ensure_ascii=False),
                        "responses": action.get("responses", [])})
    return carried


KIND_WORDS = {"stop-search": "Stop and search", "use-of-force": "Use of force"}
STRAGGLERS = 0.05  # a month export holds a few records of the month before (data.police.uk: its last hour)


def default_title(kind: str, when: pd.Series, timezone_name: str, cases: int) -> str:
    """A title a panel would write: "Stop and search, October 2024: 12 cases" (or "July to
    September 2024" for a quarter), from the months most of the export's records fall in."""
    stamps = pd.to_datetime(when, errors="coerce", utc=isinstance(when.dtype, pd.DatetimeTZDtype))
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert(timezone_name).dt.tz_localize(None)  # the local month, as a panel says it
    shares = stamps.dropna().dt.to_period("M").value_counts(normalize=True)
    months = sorted(shares[shares >= STRAGGLERS].index)
    if not months:
        period = ""
    elif months[0] == months[-1]:
        period = f", {months[0]:%B %Y}"
    elif months[0].year == months[-1].year:
        period = f", {months[0]:%B} to {months[-1]:%B %Y}"
    else:
        period = f", {months[0]:%B %Y} to {months[-1]:%B %Y}"
    return f"{KIND_WORDS[kind]}{period}: {cases} case{'s' if cases != 1 else ''}"


def build_pack(export: str | Path, out: str | Path, *, profile: str | None = None, kind: str | None = None,
               sample: str = "10", strategy: str = "random", strata: list[str] | None = None,
               where: list[str] | None = None, seed: int | None = None, allocation: str = "proportional",
               key_file: str | Path | None = None, title: str | None = None, population: str | Path | None = None,
               policy: str | None = None, form: str | None = None, force: bool = False, quiet: bool = True,
               carry_from: str | Path | None = None, allow_dates: bool = False,
               force_name: str | None = None, progress=None) -> BuildResult:
    """Build a draft review pack. Raises InputError on bad input, leaving nothing behind.

    `carry_from`: an earlier session's pack, whose open and in-progress actions (with their history and
    the force's replies to them) are carried into this one. `allow_dates`: accept records dated before
    2000 or in the future, which are refused otherwise (the facilitator has checked them with the force).
    `force_name`: the force, as members know it ("West Yorkshire Police"), for the widest an area gets.
    `progress`: called with each step's words ("Reading march.csv...") and how far along it is (0 to 1),
    for a progress bar on a screen (the workbench); the terminal gets the same words.
    """
    started = time.perf_counter()

    def step(message: str, done: float) -> None:
        _say(message, quiet)
        if progress is not None:
            progress(message, done)

    export, out = Path(export), Path(out)
    check_destination(out, force)
    clear_abandoned_builds(out.parent)  # a killed build's leftovers go at the next build, even one that fails
    earlier = read_open_actions(carry_from) if carry_from is not None else None
    chosen_policy = load_policy(policy)
    # Before the export is read, so a bad form fails fast; the default form waits for the export's kind.
    chosen_form = load_form(form, kind) if form or kind else None
    population_table = read_population(population) if population else None
    step(f"Reading {export.name}...", 0.0)
    data = read_export(export, profile, progress=not quiet)
    if kind and kind != data.profile.kind:
        raise InputError(f"--kind {kind} was asked for, but this export is {data.profile.kind} ({data.profile.title})",
                         file=str(export), expected=f"--kind {data.profile.kind}, or leave --kind out")
    kind = data.profile.kind
    refuse_unfit_records(data, allow_dates)
    if allow_dates and data.report.implausible_dates:
        _say(f"Accepted {data.report.implausible_dates['count']:,} records dated before 2000 or in the future "
             "(--allow-dates).", quiet, always=True)
    if chosen_form is None or chosen_form["kind"] not in ("any", kind):
        chosen_form = load_form(form, kind)  # the default for this kind, or the plain error for a form of another kind
    forms = data.frame
    frame = group_incidents(forms) if kind == "use-of-force" else forms

    key_holder: dict = {}
    if key_file is not None or any(w.replace("-", "_").startswith("red_officers=") for w in (where or [])):
        key_holder["key"] = load_key(key_file)
    picked = choose(frame, kind, sample=sample, strategy=strategy, strata=strata, where=where, seed=seed,
                    allocation=allocation, extra_filters={"red_officers": _red_officer_filter(key_holder)},
                    order_by="searched_at" if kind == "stop-search" else "incident_date")
    key = key_holder.get("key") or load_key(key_file)
    # reports print officers' and records' short codes: each must name one officer or record of the export
    if "officer_id" in forms:
        check_short_codes(key, "officer", forms["officer_id"].dropna(), file=str(export))
    records = [frame[RECORD_ID[kind]]] if RECORD_ID[kind] in frame else []
    records += [forms["form_id"]] if kind == "use-of-force" and "form_id" in forms else []
    for ids in records:
        check_short_codes(key, "record", [v for v in ids.dropna() if isinstance(v, str)], file=str(export))

    step(f"Anonymising {len(picked.rows)} cases...", 0.4)
    dims = quasi_identifiers(frame, kind, chosen_policy, force_name)
    risks = anonymise_cases(dims, picked.rows, chosen_policy["k"], chosen_policy["generalise_order"])
    fields = canonical_fields(kind)
    cases, officers, texts = [], [], []
    redacted = Counter()
    # A force's own safe words (its policy's "safe_words" file) join the shipped vocabulary.
    vocabulary = default_vocabulary().extended(set(chosen_policy.get("safe_words", [])))
    for number, risk in enumerate(risks, start=1):
        record = frame.iloc[risk.row]
        case = {"case_id": number}
        record_id = record.get(RECORD_ID[kind])
        case["case_ref"] = key.pseudonym("record", record_id) if isinstance(record_id, str) else None
        for name, d in dims.items():
            case[d.field] = d.label(risk.levels[name], risk.row)
        known = {f: record.get(f) for f in FIELD_TYPES if f in record.index}
        for name in CASE_FIELDS[kind]:
            case[name] = _plain(_expected_or_redacted(record[name], fields[name], known, redacted, vocabulary))
        if kind == "stop-search" and case["self_defined_ethnicity"] == "Not shown":
            case["officer_defined_ethnicity"] = "Not shown"  # the officer's view would give back what was hidden
        case["k_anonymity"] = risk.k
        case["generalised"] = json.dumps(risk.steps)
        cases.append(case)
        if kind == "stop-search":
            members = [record]
        else:
            members = [forms.loc[r] for r in record["form_rows"]]
            case["officers"] = len(members)
        for position, form in enumerate(members):
            label = f"Officer {chr(ord('A') + position)}" if position < 26 else f"Officer {position + 1}"
            officer_id = form.get("officer_id")
            form_id = form.get("form_id") if kind == "use-of-force" else None
            officers.append({"case_id": number, "label": label,
                             "officer_ref": key.pseudonym("officer", officer_id) if isinstance(officer_id, str) else None,
                             "record_ref": key.pseudonym("record", form_id) if isinstance(form_id, str) else None})
            known = {f: form.get(f) for f in FIELD_TYPES if f in form.index}
            text, spans, counts = redact_case_text(form.get(TEXT_FIELD[kind]), known, vocabulary)
            redacted.update(counts)
            if text is not None:
                texts.append({"text_id": len(texts) + 1, "case_id": number, "field": TEXT_FIELD[kind],
                              "officer_label": label, "text": text, "spans": json.dumps(spans)})

    step("Working out context statistics...", 0.8)
    stats = context_statistics(frame if kind == "stop-search" else forms, kind, population_table)
    stat_rows = [{k: _plain(v) for k, v in row.items()} for row in stats.to_dict(orient="records")]

    report = data.report
    generalised = {f"{d.field}: {d.levels[0].replace('_', ' ')}": len(cases) for d in dims.values()}
    identifier_fields = {n: int(forms[n].notna().sum()) for n, f in fields.items()
                         if f.protection == "direct_identifier" and n in forms and forms[n].notna().any()}
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "tool_version": __version__,
        "title": title or default_title(kind, forms["searched_at" if kind == "stop-search" else "incident_date"],
                                        chosen_policy["timezone"], len(cases)),
        "kind": kind, "status": "draft",
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "source": {"file": export.name, "sha256": report.sha256, "rows": report.rows, "profile": data.profile.name,
                   "profile_title": data.profile.title, "date_range": report.date_range,
                   # what the facilitator vouched for with --allow-dates: a reader of the pack sees it
                   "implausible_dates_accepted": report.implausible_dates["count"] if report.implausible_dates else 0},
        "policy": chosen_policy,
        "sampling": picked.manifest(),
        "dropped": {"columns_not_in_schema": report.columns_unmapped, "identifier_fields": identifier_fields,
                    "officer_ids_pseudonymised": int(forms["officer_id"].notna().sum()) if "officer_id" in forms else 0},
        "generalised": {"every_case": generalised, "further_for_risk": risk_summary(risks, chosen_policy["k"])["fields_coarsened"]},
        "redacted": dict(sorted(redacted.items())),
        "risk": risk_summary(risks, chosen_policy["k"]),
        "population_supplied": population is not None,
        "form": {"id": chosen_form["id"], "title": chosen_form["title"], "questions": len(chosen_form["questions"])},
        "counts": {"cases": len(cases), "texts": len(texts), "officers": len({o["officer_ref"] for o in officers})},
        "key_check": key.check,
    }
    actions = None
    if earlier is not None:
        actions = carried_actions(earlier, datetime.now(timezone.utc).isoformat(timespec="milliseconds"))
        manifest["carried_actions"] = len(actions)
        manifest["carried_from"] = {"title": earlier.title, "file": earlier.file, "sha256": earlier.sha256}
        if not actions:
            _say(f"{carry_from} ({earlier.title}) has no "
                 + ("open actions" if earlier.has_actions else "actions at all")
                 + ": none carried forward.", quiet, always=True)
    manifest["build_seconds"] = round(time.perf_counter() - started, 2)
    if key.created:
        # The key is saved before the pack appears: a build stopped between the two (killed, the
        # disk full) must never leave a pack whose cases could not be mapped back to the export.
        key.save()
    write_pack(out, manifest, cases, officers, texts, stat_rows, form=chosen_form, force=force, actions=actions)
    if key.created:
        _say(f"Created a new pseudonym key at {key.source}. Keep it safe and out of the pack: the force needs it "
             "to map cases back to records and officers.", quiet, always=True)
    step(f"Wrote {out.name} ({len(cases)} cases, status draft).", 1.0)
    return BuildResult(path=out, manifest=manifest, key=key)


def count_matching(export, where: list[str], key_file: str | Path | None = None) -> int:
    """How many records (incidents, for use of force) of a read export (ingest.read_export) meet the
    filters `pack build --where` takes, red_officers included (which needs the force's key)."""
    kind = export.profile.kind
    frame = group_incidents(export.frame) if kind == "use-of-force" else export.frame
    key_holder: dict = {}
    if any(w.replace("-", "_").startswith("red_officers=") for w in where):
        key_holder["key"] = load_key(key_file, create=False)
    return matching(frame, kind, where, extra_filters={"red_officers": _red_officer_filter(key_holder)})


def show_pack(path: str | Path) -> dict:
    """The manifest and every case as members will see it, texts by their canonical names."""
    with open_pack(path) as conn:
        manifest = read_manifest(conn)
        texts: dict[int, list] = {}
        for row in conn.execute("SELECT * FROM texts ORDER BY text_id"):
            texts.setdefault(row["case_id"], []).append(dict(row))
        officers: dict[int, list] = {}
        for row in conn.execute("SELECT case_id, label FROM case_officers ORDER BY case_id, label"):
            officers.setdefault(row["case_id"], []).append(row["label"])
        rows = [dict(r) for r in conn.execute("SELECT * FROM cases ORDER BY case_id")]
    cases = []
    fields = canonical_fields(manifest["kind"])
    for row in rows:
        case = {k: v for k, v in row.items() if k not in ("case_ref",)}
        for name in CASE_FIELDS[manifest["kind"]]:
            # list fields are stored as JSON lists; any other text that starts with "[" is just text
            if isinstance(case.get(name), str) and case[name].startswith("[") and name in fields \
                    and fields[name].kind == "list":
                case[name] = json.loads(case[name])
        case["generalised"] = json.loads(case["generalised"]) if case["generalised"] else []  # NULL once purged
        field = TEXT_FIELD[manifest["kind"]]
        items = texts.get(row["case_id"], [])
        if manifest["kind"] == "stop-search":
            case[field] = items[0]["text"] if items else None
        else:
            case[field] = {t["officer_label"]: t["text"] for t in items}
        case["officers"] = officers.get(row["case_id"], [])
        cases.append(case)
    return {"manifest": manifest, "cases": cases}


def lookup(path: str | Path, key_file: str | Path | None, record_id: str | None = None,
           officer_id: str | None = None, pseudonym: str | None = None,
           officers: str | Path | None = None, records: str | Path | None = None) -> list[dict]:
    """Which cases of a pack are this record or this officer's: the force's side of the pseudonyms.

    A keyed hash is one-way, so `pseudonym` (a short code a report printed, 'K7QX-2M4P', for an officer or
    a record) is mapped back by recomputing it for every id in the force's own lists: `officers`, a CSV of
    officer ids (one column, or a column named officer_id) or the original export; `records`, a CSV of
    record ids (one column, or a column named record_id) or the original export. Each match names the
    officer or the record."""
    if pseudonym is not None and officers is None and records is None:
        raise InputError("looking up a pseudonym needs the force's list of officers or records to recompute it over",
                         expected="--officers officers.csv or --records records.csv (one id a row), or the original "
                                  "export given to either")
    code = parse_short_code(pseudonym) if pseudonym is not None else None
    with open_pack(path) as conn:
        manifest = read_manifest(conn)
        key = load_key(key_file, create=False)
        if key.check != manifest.get("key_check"):
            raise InputError("this key is not the one the pack was built with", file=str(key_file or key.source),
                             expected="the key file (or PANEL_TOOL_KEY) used for pack build")
        found = []
        wanted_records = {record_id: key.pseudonym("record", record_id)} if record_id is not None else {}
        wanted = {officer_id: key.pseudonym("officer", officer_id)} if officer_id is not None else {}
        if code is not None:
            if records is not None:
                wanted_records.update({r: ref for r in record_ids(records, manifest["kind"])
                                       if short_code(ref := key.pseudonym("record", r)) == code})
            if officers is not None:
                wanted.update({o: ref for o in officer_ids(officers) if short_code(ref := key.pseudonym("officer", o)) == code})
            if not wanted and not wanted_records:
                lists = [str(f) for f in (officers, records) if f is not None]
                raise InputError(f"no {'officer' if records is None else 'record' if officers is None else 'officer or record'}"
                                 f" in {'this list' if len(lists) == 1 else 'these lists'} has the pseudonym {code} under "
                                 "this key", file=", ".join(lists),
                                 expected="the force's full list of ids (or the export the pack was built from)")
        for record, ref in wanted_records.items():
            found += [{"case_id": r["case_id"], "match": f"record {record} ({short_code(ref)})" if code else "record"}
                      for r in conn.execute("SELECT case_id FROM cases WHERE case_ref = ? UNION "
                                            "SELECT case_id FROM case_officers WHERE record_ref = ?", [ref, ref])]
        for officer, ref in wanted.items():
            found += [{"case_id": r["case_id"], "match": f"officer {officer} ({r['label']}, {short_code(ref)})"}
                      for r in conn.execute("SELECT case_id, label FROM case_officers WHERE officer_ref = ? "
                                            "ORDER BY case_id", [ref])]
    return found


def record_ids(path: str | Path, kind: str) -> list[str]:
    """The record ids in a force's list: a CSV with one column, or a column named record_id (any case), or
    else the export the pack was built from (its record column, and each form's id for use of force)."""
    return _ids(path, "record_id", [RECORD_ID[kind]] + (["form_id"] if kind == "use-of-force" else []), "records")


def officer_ids(path: str | Path) -> list[str]:
    """The officer ids in a force's list: a CSV with one column, or a column named officer_id (any case),
    or else an export that a profile reads (its officer column)."""
    return _ids(path, "officer_id", ["officer_id"], "officers")


def _ids(path: str | Path, name: str, export_columns: list[str], what: str) -> list[str]:
    import csv

    path = Path(path)
    if not path.is_file():
        raise InputError(f"there is no list of {what} here", file=str(path),
                         expected=f"a CSV of {name.replace('_', ' ')}s, or the export the pack was built from")
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            header = next(csv.reader(f), [])
            column = next((i for i, h in enumerate(header) if h.strip().lower() in (name, name.replace("_", " "))),
                          0 if len(header) == 1 else None)
            if column is not None:
                return [row[column].strip() for row in csv.reader(f) if len(row) > column and row[column].strip()]
    except UnicodeDecodeError:
        pass  # not a plain UTF-8 list: perhaps an XLSX or cp1252 export, which read_export knows
    frame = read_export(path).frame
    held = [c for c in export_columns if c in frame]
    if not held:
        raise InputError(f"this file has no {name.replace('_', ' ')}s", file=str(path),
                         expected=f"a CSV with one column of {name.replace('_', ' ')}s, or a column named {name}, or "
                                  "the export the pack was built from")
    return sorted({str(v).strip() for c in held for v in frame[c].dropna()})
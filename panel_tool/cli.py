"""`panel-tool`: one command per user task, each a thin skin over the Python API of the same name.

Bad input prints one plain paragraph and exits 2; nothing prints a traceback at a user.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from panel_tool import __version__
from panel_tool.errors import InputError

EXIT_BAD_INPUT = 2
EXIT_NOT_USABLE = 1
KEY_FILE_HELP = "the force's key the pack was built with (else PANEL_TOOL_KEY, else ~/.config/panel-tool/pseudonym.key)"


def cmd_validate(args: argparse.Namespace) -> int:
    from panel_tool.ingest import validate

    report = validate(args.export, profile=args.profile, progress=not args.json)
    print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if args.json else report.to_text())
    return 0 if report.usable else EXIT_NOT_USABLE


def cmd_synth(args: argparse.Namespace) -> int:
    from panel_tool.synth import synth

    result = synth(kind=args.kind, rows=args.rows, out=args.out, seed=args.seed, format=args.format, progress=True)
    print(f"Wrote {result.rows:,} synthetic {result.kind} records ({result.format} layout) to {result.path}")
    print(f"Planted identifiers ({result.planted:,}) are listed in {result.truth_path}")
    return 0


def cmd_pack_build(args: argparse.Namespace) -> int:
    from panel_tool.packs.build import build_pack

    result = build_pack(args.export, args.out, profile=args.profile, kind=args.kind, sample=args.sample,
                        strategy=args.strategy, strata=args.strata.split(",") if args.strata else None, where=args.where,
                        seed=args.seed, allocation=args.allocation, key_file=args.key_file, title=args.title,
                        population=args.population, policy=args.policy, form=args.form, force=args.force, quiet=False,
                        carry_from=args.carry_from, allow_dates=args.allow_dates, force_name=args.force_name)
    print(render_manifest(result.manifest))
    print(f"\nPack: {result.path}")
    return 0


def render_manifest(m: dict) -> str:
    risk = m["risk"]
    lines = [
        f"{m['title']}",
        f"Status: {m['status']}   Kind: {m['kind']}   Cases: {m['counts']['cases']}   Made: {m['created_at']}",
        f"From: {m['source']['file']} ({m['source']['rows']:,} records, {m['source']['profile_title']}), "
        f"SHA-256 {m['source']['sha256'][:16]}...",
        f"Sample: {m['sampling']['strategy']}, seed {m['sampling']['seed']}"
        + (f", where {' and '.join(m['sampling']['where'])}" if m['sampling']['where'] else "")
        + (f", strata {', '.join(m['sampling']['strata'])} ({m['sampling']['allocation']})" if m['sampling']['strata'] else ""),
        "Removed: " + (", ".join(f"{k} ({v:,})" for k, v in m["dropped"]["identifier_fields"].items()) or "no identifier columns in this export"),
        "Text redacted: " + (", ".join(f"{k.replace('_', ' ').lower()} x{v}" for k, v in m["redacted"].items()) or "nothing"),
        f"Risk: every case shared by at least {risk['smallest_group']} records of the export (target {risk['k_target']}); "
        f"{risk['cases_generalised_further']} cases generalised further"
        + (f"; BELOW TARGET: cases {', '.join(map(str, risk['cases_below_k']))}" if risk["cases_below_k"] else ""),
    ]
    if "form" in m:  # packs built before forms were stored have none
        lines.append(f"Form: {m['form']['title']} ({m['form']['questions']} questions)")
    if m.get("purged_at"):
        lines.append(f"Purged: {m['purged_at'][:10]}; the officers' words and each case's reference, month, time "
                     "and area were deleted")
    if "carried_from" in m:
        lines.append(f"Actions carried forward: {m['carried_actions']} from {m['carried_from']['title']} "
                     f"({m['carried_from']['file']}, SHA-256 {m['carried_from']['sha256'][:16]}...)")
    return "\n".join(lines)


def cmd_pack_show(args: argparse.Namespace) -> int:
    from panel_tool.packs.build import show_pack

    shown = show_pack(args.pack)
    if args.json:
        print(json.dumps(shown if args.cases else {"manifest": shown["manifest"]}, indent=2, ensure_ascii=False))
        return 0
    print(render_manifest(shown["manifest"]))
    if args.cases:
        numbered = {}
        if shown["manifest"]["status"] == "draft":  # what pack replace takes; a released pack cannot change
            from panel_tool.review.redaction_review import case_placeholders
            for p in case_placeholders(args.pack):
                numbered.setdefault(p["case_id"], []).append(p)
        for case in shown["cases"]:
            print()
            print(render_case(case, shown["manifest"]["kind"]))
            if case["case_id"] in numbered:
                print(render_placeholders(numbered[case["case_id"]], shown["manifest"]["kind"]))
    return 0


def render_placeholders(placeholders: list[dict], kind: str) -> str:
    """Numbered as pack replace takes them; an officer's account named where a case has several."""
    return "  Placeholders (for pack replace): " + ", ".join(
        f"{p['number']} {p['placeholder']}" + (f" in {p['officer_label']}'s account" if kind == "use-of-force" else "")
        for p in placeholders)


def render_case(case: dict, kind: str) -> str:
    def yes_no(v):
        return {1: "yes", 0: "no", True: "yes", False: "no", None: "not recorded"}.get(v, str(v))

    lines = [f"Case {case['case_id']}",
             f"  When: {case['month']}, {case['time_of_day']}",
             f"  Where: {case['area']}",
             f"  Who: {case['age_range']}, {case.get('gender') or case.get('subject_gender')}, "
             f"{case.get('self_defined_ethnicity') or case.get('subject_ethnicity')}"]
    if kind == "stop-search":
        lines += [f"  Why: {case['legislation'] or 'power not recorded'}; looking for {case['object_of_search'] or 'not recorded'}",
                  f"  Grounds: {case['grounds'] or '(none written)'}",
                  f"  What happened: {case['outcome'] or 'not recorded'}; object found: {yes_no(case['outcome_linked'])}; "
                  f"more than outer clothing removed: {yes_no(case['more_than_outer_clothing'])}; "
                  f"body-worn video: {yes_no(case['bwv_used'])}"]
    else:
        lines += [f"  Tactics: {', '.join(case['tactics']) or 'none listed'}",
                  f"  Outcome: {', '.join(case['outcomes']) or 'none listed'}"]
        lines += [f"  {label}'s account: {text}" for label, text in case["officer_account"].items()]
    return "\n".join(lines)


def cmd_pack_lookup(args: argparse.Namespace) -> int:
    from panel_tool.packs.build import lookup

    if not args.record_id and not args.officer_id and not args.pseudonym:
        raise InputError("say what to look up", expected="--record-id X, --officer-id X, or --pseudonym K7QX-2M4P "
                                                         "with --officers officers.csv or --records records.csv")
    found = lookup(args.pack, args.key_file, record_id=args.record_id, officer_id=args.officer_id,
                   pseudonym=args.pseudonym, officers=args.officers, records=args.records)
    if not found:
        print("No case in this pack matches.")
        return 0
    for item in found:
        print(f"Case {item['case_id']}: {item['match']}")
    return 0


def cmd_pack_approve(args: argparse.Namespace) -> int:
    from panel_tool.review.lifecycle import cases_phrase
    from panel_tool.review.redaction_review import approve_cases

    if args.all == bool(args.cases):
        raise InputError("say which cases to approve", expected="--all, or case numbers such as 2 5 7 (not both)")
    done = approve_cases(args.pack, None if args.all else case_numbers(args.cases), approved=not args.undo)
    if not done:
        print("No cases to approve: every case is excluded.")
    elif args.undo:
        print(f"Approval withdrawn for {cases_phrase(done)}: read {'it' if len(done) == 1 else 'them'} again and approve "
              f"before release.")
    else:
        print(f"Approved {cases_phrase(done)} as read and safe to show the panel. "
              f"When every case is approved or excluded: panel-tool pack release {args.pack}")
    return 0


def cmd_pack_exclude(args: argparse.Namespace) -> int:
    from panel_tool.review.lifecycle import cases_phrase
    from panel_tool.review.redaction_review import exclude_cases

    done = exclude_cases(args.pack, case_numbers(args.cases), excluded=not args.undo)
    if args.undo:
        print(f"Included {cases_phrase(done)} again: approve {'it' if len(done) == 1 else 'them'} before release.")
    else:
        print(f"Excluded {cases_phrase(done)}: the panel will not see {'it' if len(done) == 1 else 'them'}, and "
              f"{'its' if len(done) == 1 else 'their'} content is deleted from the pack at release.")
    return 0


def cmd_pack_redact(args: argparse.Namespace) -> int:
    from panel_tool.review.redaction_review import redact_case_words

    done = redact_case_words(args.pack, case_number(args.case), args.text, type=args.kind)
    n, texts = done["mentions"], done["texts"]
    where = f" in {len(texts)} texts" if len(texts) > 1 else ""
    print(f"Case {done['case_id']}: {n} {'mention' if n == 1 else 'mentions'}{where} now {'reads' if n == 1 else 'read'} "
          f"{' and '.join(dict.fromkeys(t['placeholder'] for t in texts))}. {reread(args.pack, done)}")
    for t in texts:
        print(f"     {t['officer_label'] + ': ' if len(texts) > 1 else ''}{t['text']}")
    say_if_still_in_file(done)
    return 0


def cmd_pack_replace(args: argparse.Namespace) -> int:
    from panel_tool.review.redaction_review import replace_case_redaction

    if typed_number(args.number) is None:
        raise InputError(f"'{args.number}' is not the number of a placeholder",
                         expected="a number as panel-tool pack show PACK --cases prints it, such as 1")
    done = replace_case_redaction(args.pack, case_number(args.case), int(args.number), args.text)
    print(f"Case {done['case_id']}: placeholder {done['number']} ({done['placeholder']}) now reads "
          f"\"{' '.join(args.text.split())}\". "
          f"{reread(args.pack, done)}\n     {done['text']}")
    say_if_still_in_file(done)
    return 0


def cmd_pack_edit(args: argparse.Namespace) -> int:
    from panel_tool.review.redaction_review import LIST_FIELDS, edit_field

    if args.blank == bool(args.values):
        raise InputError(f"say what {args.field} should be", expected="a value (quote it if it has spaces), or --blank")
    if args.field not in LIST_FIELDS and len(args.values) > 1:
        raise InputError(f"{args.field} takes one value, not {len(args.values)}", expected="the value in quotes")
    blank = args.blank or not "".join(args.values).strip()  # an empty value means blank too
    value = None if blank else args.values if args.field in LIST_FIELDS else args.values[0]
    done = edit_field(args.pack, case_number(args.case), args.field, value)
    shown = "blank" if done["value"] is None else value.strip().lower() if isinstance(done["value"], int) else \
        ", ".join(value) if args.field in LIST_FIELDS else done["value"]
    print(f"Case {done['case_id']}: {done['field']} is now {shown}. {reread(args.pack, done)}")
    say_if_still_in_file(done)
    return 0


def say_if_still_in_file(done: dict) -> None:
    """After a change that took words out: the change stands, but say when the old words are still in the file."""
    from panel_tool.review.store import WORDS_STILL_IN_FILE

    if not done["folded"]:
        print(WORDS_STILL_IN_FILE)


def reread(pack, done: dict) -> str:
    """After a change to a case: it must be read and approved again before release."""
    command = f"panel-tool pack approve {pack} {done['case_id']}"
    return (f"Its approval is withdrawn: read it again and approve it: {command}" if done["approval_withdrawn"]
            else f"Approve it when right: {command}")


def case_number(word: str) -> int:
    return case_numbers([word])[0]


#: A number a person types: ASCII digits only ("²" and "١" pass str.isdigit and are no number here),
#: and short enough for SQLite's integers (a longer one overflowed with a traceback).
TYPED_NUMBER = re.compile(r"[0-9]{1,9}")


def typed_number(word: str) -> int | None:
    return int(word) if TYPED_NUMBER.fullmatch(str(word)) else None


def case_numbers(words: list[str]) -> list[int]:
    for word in words:
        if typed_number(word) is None:
            raise InputError(f"'{word}' is not a case number", expected="case numbers such as 2 5 7")
    return [int(w) for w in words]


def cmd_pack_passphrase(args: argparse.Namespace) -> int:
    from panel_tool.review.passphrases import set_passphrase

    set_passphrase(args.pack, args.role, read_passphrase(args.role))
    print(f"The {args.role} passphrase of {args.pack} is set. Only a slow salted hash of it is kept: if it is "
          f"forgotten, set a new one with: panel-tool pack {args.role} {args.pack}")
    return 0


def read_passphrase(role: str) -> str:
    """Typed twice, unseen, at a terminal; else one line from standard input (for scripts). Never an
    argument: it would stay in the shell's history."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(f"New {role} passphrase (at least 12 characters, not shown): ")
        if getpass.getpass("Type it again: ") != first:
            raise InputError("the two passphrases typed do not match", expected="the same passphrase twice")
        return first
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InputError(f"no {role} passphrase was given on standard input",
                         expected=f"one line holding the passphrase, e.g. from a file: panel-tool pack {role} PACK < FILE")
    return line


def cmd_pack_agreement(args: argparse.Namespace) -> int:
    from panel_tool.review.agreement import agreement_text, set_agreement

    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"the agreement text cannot be read ({getattr(exc, 'strerror', None) or exc})",
                             file=str(args.file), expected="a plain text file (UTF-8)") from None
        set_agreement(args.pack, text)
        print(f"Members of {args.pack} will be asked to accept this text at their next sign-in:\n")
    print(agreement_text(args.pack))
    return 0


def cmd_pack_release(args: argparse.Namespace) -> int:
    from panel_tool.review.lifecycle import release

    manifest = release(args.pack, key_file=args.key_file)
    print(f"Released {args.pack}: members can sign in once you run: panel-tool serve {args.pack}"
          + (f" --key-file {args.key_file}" if args.key_file else ""))
    print(f"Sealed with the force's key: {manifest['content_hash']} (serve refuses the pack if its cases change).")
    if manifest["excluded_cases"]:
        from panel_tool.review.lifecycle import cases_phrase

        print(f"Excluded {cases_phrase(manifest['excluded_cases'])}: deleted from the pack.")
    return 0


def cmd_pack_seal(args: argparse.Namespace) -> int:
    from panel_tool.review.lifecycle import seal

    manifest = seal(args.pack, key_file=args.key_file)
    print(f"Sealed {args.pack} with the force's key: {manifest['content_hash']}. serve now refuses it if its cases "
          "change.")
    return 0


def cmd_pack_close(args: argparse.Namespace) -> int:
    from panel_tool.review.lifecycle import close

    close(args.pack)
    print(f"Closed {args.pack}: answers are kept and can no longer be changed.")
    return 0


def cmd_pack_purge(args: argparse.Namespace) -> int:
    from panel_tool.review.retention import purge

    done = purge(args.pack)
    print(f"Purged {args.pack}: the officers' words ({done['texts_deleted']} texts) and each case's reference, "
          f"month, time and area are deleted for good. Answers, agreed outcomes, actions and the force's replies are kept.")
    return 0


def cmd_action_add(args: argparse.Namespace) -> int:
    from panel_tool.review.actions import add_action

    action = add_action(args.pack, args.text, owner=args.owner, due_date=args.due, case_id=args.case)
    print(f"Added action {action['action_id']}: {render_action(action)}")
    return 0


def render_action(a: dict) -> str:
    details = [a["status"]]
    if a["owner"]:
        details.append(f"owner {a['owner']}")
    if a["due_date"]:
        details.append(f"due {a['due_date']}")
    if a["case_id"] is not None:
        details.append(f"from case {a['case_id']}")
    if a["carried_from"]:
        details.append(f"carried from {a['carried_from']}")
    return f"{a['text']} ({'; '.join(details)})"


def cmd_action_update(args: argparse.Namespace) -> int:
    from panel_tool.review.actions import update_action

    action = update_action(args.pack, args.action, status=args.status, owner=args.owner, due_date=args.due, note=args.note)
    print(f"Action {action['action_id']}: {render_action(action)}")
    return 0


def cmd_action_list(args: argparse.Namespace) -> int:
    from panel_tool.review.actions import list_actions

    actions = list_actions(args.pack)
    if args.json:
        print(json.dumps(actions, indent=2, ensure_ascii=False))
        return 0
    if not actions:
        print(f'No actions yet. Add one with: panel-tool action add {args.pack} "TEXT" [--owner X] [--due YYYY-MM-DD]')
        return 0
    for a in actions:
        print(f"{a['action_id']:>3}  {render_action(a)}")
        for step in a["history"][1:]:
            print(f"       {step['at'][:10]} {step['status']}" + (f": {step['note']}" if step["note"] else ""))
        for r in a["responses"]:
            print(f"       Force replied {r['responded_on']}: {r['response']}")
    return 0


def cmd_respond(args: argparse.Namespace) -> int:
    from panel_tool.review.responses import respond_from_csv

    n = respond_from_csv(args.pack, args.file)
    print(f"Recorded {n} {'reply' if n == 1 else 'replies'} from the force ({args.file}) in {args.pack}.")
    return 0


def cmd_members_add(args: argparse.Namespace) -> int:
    from panel_tool.review.members import add_members

    if args.cards and not args.link:
        raise InputError("code cards need the link members will open", expected="--link URL as well as --cards FILE.pdf")
    added = add_members(args.pack, args.names)
    print_codes(added)
    if args.cards:
        from panel_tool.report.code_cards import code_cards

        print(f"Code cards: {code_cards(args.pack, args.cards, link=args.link, new_codes=added)}")
    return 0


def cmd_members_cards(args: argparse.Namespace) -> int:
    from panel_tool.report.code_cards import code_cards

    out = code_cards(args.pack, args.out, link=args.link, members=args.members or None)
    print(f"Code cards: {out}. Each member on them has a new code; their old code no longer works. The file holds "
          "the codes: print it, then delete it.")
    return 0


def print_codes(new_codes) -> None:
    width = max(len(c.name) for c in new_codes)
    for c in new_codes:
        print(f"{c.name:<{width}}  {c.code}")
    print("\nGive each member their own code. Codes are shown only this once and cannot be looked up later; "
          "for a lost code use: panel-tool members reset-code PACK NAME")


def cmd_members_list(args: argparse.Namespace) -> int:
    from panel_tool.review.members import list_members

    rows = list_members(args.pack)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print(f"No members yet. Add them with: panel-tool members add {args.pack} NAME [NAME ...]")
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        state = ("removed" if r["removed_at"] else "finished" if r["finished_at"] else
                 "answering" if r["cases_answered"] else "not started")
        print(f"{r['member_id']:>3}  {r['name']:<{width}}  {state:<11}  {r['cases_answered']} of {r['cases']} cases answered"
              + (f"  last seen {r['last_seen'][:16].replace('T', ' ')} UTC" if r["last_seen"] else ""))
    return 0


def cmd_members_remove(args: argparse.Namespace) -> int:
    from panel_tool.review.members import remove_member

    row = remove_member(args.pack, args.member)
    print(f"Removed {row['name']}: they can no longer sign in. Their answers so far are kept.")
    return 0


def cmd_members_reset_code(args: argparse.Namespace) -> int:
    from panel_tool.review.members import reset_code

    print_codes([reset_code(args.pack, args.member)])
    return 0


def cmd_words_list(args: argparse.Namespace) -> int:
    from panel_tool.review.words import list_words

    pieces = list_words(args.pack, all=args.all)
    if args.json:
        print(json.dumps(pieces, indent=2, ensure_ascii=False))
        return 0
    if not pieces:
        print("Nothing awaits the check: every piece of members' writing is approved." if not args.all
              else "Members have written nothing yet.")
        return 0
    for p in pieces:
        state = "approved" if p["approved"] else "to check"
        print(f"{p['word_id']:>3}  Case {p['case_id']}, {p['about']} ({state})\n     {p['text']}")
        for mark in p["second_look"]:
            print(f"     check '{mark['word']}': {mark['reason']}")
    waiting = sum(not p["approved"] for p in pieces)
    if waiting:
        print(f"\n{waiting} to check. Redact more with: panel-tool words redact {args.pack} N \"WORDS\"; "
              f"then approve with: panel-tool words approve {args.pack} N [N ...]")
    return 0


def cmd_words_approve(args: argparse.Namespace) -> int:
    from panel_tool.review.words import approve_words

    if args.all == bool(args.words):
        raise InputError("say which words to approve", expected="--all, or their numbers from panel-tool words list "
                                                               "such as 2 5 7 (not both)")
    done = approve_words(args.pack, None if args.all else word_numbers(args.words), approved=not args.undo)
    n = len(done)
    if not done:
        print("Nothing to approve: nothing awaits the check." if not args.undo else "Nothing was approved.")
    elif args.undo:
        print(f"Approval withdrawn for {n} {'piece' if n == 1 else 'pieces'} of writing: reports leave "
              f"{'it' if n == 1 else 'them'} out until approved again.")
    else:
        numbers = f" ({', '.join(map(str, done))})" if n <= 10 else ""
        print(f"Approved {n} {'piece' if n == 1 else 'pieces'} of writing{numbers}: "
              "the force's report and exports now carry them as checked.")
    return 0


def cmd_words_redact(args: argparse.Namespace) -> int:
    from panel_tool.review.words import redact_words

    done = redact_words(args.pack, word_number(args.word), args.text, type=args.kind)
    print(f"Words {done['word_id']} (case {done['case_id']}): {done['mentions']} "
          f"{'mention' if done['mentions'] == 1 else 'mentions'} now read {done['placeholder']}. Read it again and "
          f"approve it: panel-tool words approve {args.pack} {done['word_id']}\n     {done['text']}")
    say_if_still_in_file(done)
    return 0


def cmd_words_edit(args: argparse.Namespace) -> int:
    from panel_tool.review.words import edit_words

    done = edit_words(args.pack, word_number(args.word), args.text)
    print(f"Words {done['word_id']} (case {done['case_id']}) now read: {done['text']}\nApprove them when right: "
          f"panel-tool words approve {args.pack} {done['word_id']}")
    say_if_still_in_file(done)
    return 0


def word_numbers(words: list[str]) -> list[int]:
    return [word_number(w) for w in words]


def word_number(word: str) -> int:
    if typed_number(word) is None:
        raise InputError(f"'{word}' is not the number of a piece of writing",
                         expected="numbers as panel-tool words list prints them, such as 2 5 7")
    return int(word)


def cmd_export(args: argparse.Namespace) -> int:
    from panel_tool.report.export import export_pack

    written, awaiting = export_pack(args.pack, args.format, args.out), words_awaiting(args.pack)
    print(f"Wrote {len(written)} {'file' if len(written) == 1 else 'files'} to {args.out}: "
          + ", ".join(p.name for p in written) + ". Members appear as member 1, member 2...; no names or codes.")
    if awaiting:
        print(f"{awaiting} {'piece' if awaiting == 1 else 'pieces'} of members' writing {'awaits' if awaiting == 1 else 'await'} "
              f"your check and {'is' if awaiting == 1 else 'are'} left blank: panel-tool words list {args.pack}")
    return 0


def words_awaiting(pack, current_members_only: bool = False) -> int:
    """Pieces of members' writing awaiting the facilitator's check: what an export leaves blank (every member's),
    or what a report leaves out (current members' only, as its figures)."""
    from panel_tool.review.record import read_record
    from panel_tool.review.words import checked_words

    record = read_record(pack)
    current = {m["member_id"] for m in record.members if not m["removed_at"]} if current_members_only else None
    return checked_words(record, members=current).awaiting


def cmd_simulate(args: argparse.Namespace) -> int:
    from panel_tool.review.simulate import simulate_panel

    done = simulate_panel(args.pack, seed=args.seed, discuss=not args.no_discussion, members=args.members)
    print(f"Simulated {len(done['members'])} members ({done['members'][0]} to {done['members'][-1]}) giving "
          f"{done['answers']:,} answers in {args.pack}"
          + (f"; recorded {done['outcomes']} agreed outcomes, {len(done['actions'])} actions and "
             f"{done['responses']} reply from the force." if not args.no_discussion else "."))
    print("For demos and benchmarks only: never simulate on a real panel's pack.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from panel_tool.report.build import pdf_path, write_report

    out = write_report(args.packs, args.out, pdf=args.pdf, public=args.public)
    print(f"Report{' (public version)' if args.public else ''}: {out}")
    awaiting = 0 if args.public else sum(words_awaiting(p, current_members_only=True) for p in args.packs)
    if awaiting:
        print(f"Left out: {awaiting} {'piece' if awaiting == 1 else 'pieces'} of members' writing awaiting your check "
              f"(panel-tool words list PACK).")
    if args.pdf:
        print(f"PDF: {pdf_path(out)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from panel_tool.serve import serve

    serve(args.pack, key_file=args.key_file, host=args.host, port=args.port, pool=args.pool, certfile=args.certfile,
          keyfile=args.keyfile, base_url=args.base_url, trusted_proxies=tuple(args.trusted_proxy),
          public_names=tuple(args.public_name), **({} if args.headroom is None else {"headroom": args.headroom}))
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    from panel_tool.lab import lab

    return lab(args.folder, port=args.port, open_browser=not args.no_browser)


def cmd_hub(args: argparse.Namespace) -> int:
    from panel_tool.hub import hub

    hub(config=args.config, ip=args.ip, port=args.port, certfile=args.certfile, keyfile=args.keyfile, state=args.state,
        admins=tuple(args.admin), public_names=tuple(args.public_name))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="panel-tool", description="Anonymised review packs for police scrutiny panels.")
    parser.add_argument("--version", action="version", version=f"panel-tool {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("lab", help="the facilitator's workbench: JupyterLab on a folder, from an export to a released pack",
                       description="Start JupyterLab on a workspace folder (made if missing) with prepare.ipynb open: "
                                   "choose an export, check it, choose the sample, build the pack, check each case, "
                                   "add members and print their code cards, release and serve, without typing a "
                                   "command. Listens on 127.0.0.1 only, with a random token; notebooks are saved "
                                   "without outputs. Ctrl-C stops it with its kernels.")
    p.add_argument("folder", nargs="?", default=".", help="the workspace folder (default: this one)")
    p.add_argument("--port", type=int, help="port to listen on (default: a free one)")
    p.add_argument("--no-browser", action="store_true", help="print the link but do not open a browser")
    p.set_defaults(run=cmd_lab)

    p = sub.add_parser("validate", help="check a force export and report on its data quality",
                       description="Read a force export (CSV, XLSX or data.police.uk JSON) and report rows, dates, columns, "
                                   "blanks, unexpected and older values, and contradictions. Exit 0 when it is usable.")
    p.add_argument("export", help="the export file")
    p.add_argument("--profile", help="layout name (data-police-uk, data-police-uk-api, force-export, met-use-of-force) "
                                     "or a profile .json file; recognised from the header when left out")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("synth", help="write a realistic synthetic export for demos and tests",
                       description="Write a synthetic export with identifiers planted in its free text, and beside it "
                                   "FILE.truth.csv listing each planted identifier and where it is.")
    p.add_argument("--kind", choices=["stop-search", "use-of-force"], default="stop-search")
    p.add_argument("--rows", type=int, default=1000)
    p.add_argument("--out", required=True, help="the CSV file to write")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=["force-export", "data-police-uk", "met-use-of-force"],
                   help="layout to write (default: force-export for stop-search, met-use-of-force for use-of-force)")
    p.set_defaults(run=cmd_synth)

    pack = sub.add_parser("pack", help="build, inspect and look up review packs").add_subparsers(dest="pack_command", required=True,
                                                                                                   metavar="PACK_COMMAND")
    p = pack.add_parser("build", help="turn a force export into an anonymised review pack",
                        description="Sample cases from an export, generalise and pseudonymise them, redact free text, "
                                    "and write one .pack.db file (status draft).")
    p.add_argument("export")
    p.add_argument("--out", required=True, help="the pack file to write, e.g. packs/march.pack.db")
    p.add_argument("--profile")
    p.add_argument("--kind", choices=["stop-search", "use-of-force"])
    p.add_argument("--sample", default="10", help="number of cases, or 'all' (default 10)")
    p.add_argument("--strategy", choices=["random", "stratified", "targeted"], default="random")
    p.add_argument("--strata", help="fields to stratify by, comma-separated, e.g. self_defined_ethnicity_group,outcome")
    p.add_argument("--allocation", choices=["proportional", "equal"], default="proportional")
    p.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE",
                   help="only records where FIELD is VALUE (A|B for either); shorthands: under_18=yes, section_60=yes, "
                        "month=2024-03, red_officers=EARLIER.pack.db; repeat to combine")
    p.add_argument("--seed", type=int, help="makes the sample repeatable; chosen and recorded when left out")
    p.add_argument("--key-file", help="the force's pseudonym key (created with 0600 permissions if missing)")
    p.add_argument("--title")
    p.add_argument("--force-name", metavar="NAME",
                   help='the force as members know it, e.g. "West Yorkshire Police": a case whose place must be '
                        'hidden then reads "West Yorkshire Police area"')
    p.add_argument("--population", help="CSV of resident population by ethnic group: group,population")
    p.add_argument("--policy", help="generalisation policy name or .json file (default: schemas/policies/default.json)")
    p.add_argument("--form", help="rating form members answer: stop-search-default, use-of-force-planter, "
                                  "reasonable-grounds-only, or a .json file (default: stop-search-default or "
                                  "use-of-force-planter, by the export's kind)")
    p.add_argument("--carry-from", metavar="EARLIER.pack.db",
                   help="carry the open and in-progress actions of an earlier session's pack into this one")
    p.add_argument("--allow-dates", action="store_true",
                   help="accept records dated before 2000 or in the future (refused otherwise), once you have "
                        "checked with the force that they are right")
    p.add_argument("--force", action="store_true", help="replace an existing pack")
    p.set_defaults(run=cmd_pack_build)

    p = pack.add_parser("show", help="print a pack's manifest, and its cases as members will see them")
    p.add_argument("pack")
    p.add_argument("--cases", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_pack_show)

    p = pack.add_parser("lookup", help="for the force: which case is this record or officer's, or which officer or "
                                       "record a report's pseudonym names")
    p.add_argument("pack")
    p.add_argument("--key-file", help="the key the pack was built with (or set PANEL_TOOL_KEY)")
    p.add_argument("--record-id")
    p.add_argument("--officer-id")
    p.add_argument("--pseudonym", help="an officer's or a record's short pseudonym as a report prints it, e.g. K7QX-2M4P")
    p.add_argument("--officers", help="with --pseudonym: the force's list of officer ids (a CSV) or the original export")
    p.add_argument("--records", help="with --pseudonym: the force's list of record ids (a CSV) or the original export")
    p.set_defaults(run=cmd_pack_lookup)

    p = pack.add_parser("approve", help="mark cases as read and safe to show the panel (needed before release)",
                        description="Approve cases after reading them (panel-tool pack show PACK --cases, or the "
                                    "facilitator app): release is refused until every case not excluded is approved. "
                                    "Any later change to a case withdraws its approval.")
    p.add_argument("pack")
    p.add_argument("cases", nargs="*", metavar="CASE", help="case numbers")
    p.add_argument("--all", action="store_true", help="every case not excluded")
    p.add_argument("--undo", action="store_true", help="withdraw the approval instead")
    p.set_defaults(run=cmd_pack_approve)

    p = pack.add_parser("exclude", help="leave cases out of the panel's review (their content is deleted at release)")
    p.add_argument("pack")
    p.add_argument("cases", nargs="+", metavar="CASE", help="case numbers")
    p.add_argument("--undo", action="store_true", help="include the cases again")
    p.set_defaults(run=cmd_pack_exclude)

    p = pack.add_parser("redact", help="replace words the redactor missed in a case (and every mention of them) with a "
                                       "placeholder", description="Hide words in a draft case's text (each text of "
                                       "the case that holds them): they become [NAME 1], [PLACE 1], [OTHER 1]... "
                                       "Nothing of them is kept. The case's approval is withdrawn.")
    p.add_argument("pack")
    p.add_argument("case", metavar="CASE", help="the case number, as pack show prints it")
    p.add_argument("text", metavar="WORDS", help="the words to redact, whole words as they appear (any capitals: every spelling goes); quote them")
    p.add_argument("--as", dest="kind", default="OTHER", metavar="KIND",
                   help="what they are: NAME, ADDRESS, PLACE, NUMBER or OTHER (default), shown as [KIND 1]")
    p.set_defaults(run=cmd_pack_redact)

    p = pack.add_parser("replace", help="put neutral words of your own in place of an over-eager placeholder",
                        description="The original of a placeholder is not in the pack, so it cannot be brought back: "
                                    "write neutral words instead ('a shop'). pack show PACK --cases numbers each draft "
                                    "case's placeholders. The case's approval is withdrawn.")
    p.add_argument("pack")
    p.add_argument("case", metavar="CASE", help="the case number, as pack show prints it")
    p.add_argument("number", metavar="N", help="the placeholder's number in the case, as pack show --cases prints it")
    p.add_argument("text", metavar="WORDS", help="the neutral words to show instead; quote them")
    p.set_defaults(run=cmd_pack_replace)

    p = pack.add_parser("edit", help="change a detail of a case (area, outcome, ...), or blank it",
                        description="Correct or coarsen a detail of a draft case, as members will see it. The case's "
                                    "approval is withdrawn.")
    p.add_argument("pack")
    p.add_argument("case", metavar="CASE", help="the case number, as pack show prints it")
    p.add_argument("field", metavar="FIELD", help="the detail's name, e.g. area, outcome, bwv_used (a wrong name "
                                                  "lists them)")
    p.add_argument("values", nargs="*", metavar="VALUE", help="the new value, quoted; yes or no for a yes/no detail; "
                                                              "several for a list (tactics, outcomes...)")
    p.add_argument("--blank", action="store_true", help="leave the detail blank (not recorded)")
    p.set_defaults(run=cmd_pack_edit)

    for role, who in (("facilitator", "the facilitator"), ("liaison", "the force's liaison")):
        p = pack.add_parser(role, help=f"set {who}'s passphrase (read from the terminal, or one line of standard input)",
                            description=f"Set the passphrase {who} signs in with. At a terminal it is typed twice and "
                                        "not shown; otherwise one line is read from standard input. It is never "
                                        "given on the command line, where it would stay in the shell's history.")
        p.add_argument("pack")
        p.set_defaults(run=cmd_pack_passphrase, role=role)

    p = pack.add_parser("agreement", help="show, or set with --file, the confidentiality agreement members accept",
                        description="Each member accepts the panel's confidentiality agreement at their first sign-in, "
                                    "on a page shown just after their code. Without --file, print the text members see "
                                    "(the tool's default until one is set). With --file, set the panel's own text: "
                                    "one paragraph a line; members accept it again at their next sign-in.")
    p.add_argument("pack")
    p.add_argument("--file", metavar="TEXT", help="a plain text file holding the panel's own agreement")
    p.set_defaults(run=cmd_pack_agreement)

    p = pack.add_parser("release", help="freeze a pack's cases so members can sign in and answer",
                        description="Delete the excluded cases, seal the rest with a hash keyed by the force's key and "
                                    "open the pack for answers. Refused until every case is approved or excluded (pack "
                                    "approve, pack exclude). serve refuses a pack whose cases no longer match the seal.")
    p.add_argument("pack")
    p.add_argument("--key-file", help=KEY_FILE_HELP)
    p.set_defaults(run=cmd_pack_release)

    p = pack.add_parser("seal", help="seal a pack released by an earlier panel-tool, whose hash was not keyed",
                        description="Packs released by panel-tool before pack format 2 carry a plain hash, which anyone "
                                    "editing the file could work out again, so serve refuses them. Read the cases again "
                                    "(pack show PACK --cases) and, if they are as released, seal them with the force's "
                                    "key. A pack already sealed with the key is refused.")
    p.add_argument("pack")
    p.add_argument("--key-file", help=KEY_FILE_HELP)
    p.set_defaults(run=cmd_pack_seal)

    p = pack.add_parser("close", help="end answering: answers are kept and can no longer be changed")
    p.add_argument("pack")
    p.set_defaults(run=cmd_pack_close)

    p = pack.add_parser("purge", help="delete a closed pack's case content for good; answers and outcomes are kept",
                        description="Delete the officers' words and each case's reference, month, time, area and other "
                                    "details, and scrub the file so no copy remains. Kept: the categories reports "
                                    "break ratings down by, answers, agreed outcomes, actions and the force's replies.")
    p.add_argument("pack")
    p.set_defaults(run=cmd_pack_purge)

    members = sub.add_parser("members", help="add, list and remove panel members, and give them access codes"
                             ).add_subparsers(dest="members_command", required=True, metavar="MEMBERS_COMMAND")
    p = members.add_parser("add", help="add members and print each one's access code (shown only once)")
    p.add_argument("pack")
    p.add_argument("names", nargs="+", metavar="NAME", help="a name or nickname; quote names with spaces")
    p.add_argument("--cards", metavar="FILE.pdf", help="also print the new codes on code cards to cut out (A4 PDF)")
    p.add_argument("--link", metavar="URL", help="with --cards: the link members open, e.g. http://192.168.1.20:8866/")
    p.set_defaults(run=cmd_members_add)

    p = members.add_parser("cards", help="print code cards (A4 PDF): gives the members new codes",
                           description="Print one card per member, with their name, a new code, the link and a QR code "
                                       "of the link (never of the code), to cut out and hand over. Codes are kept only "
                                       "as hashes, so each member on the cards gets a new code and their old one stops "
                                       "working (as members reset-code does).")
    p.add_argument("pack")
    p.add_argument("members", nargs="*", metavar="MEMBER", help="names or numbers (default: every member)")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--link", required=True, metavar="URL", help="the link members open, e.g. http://192.168.1.20:8866/")
    p.set_defaults(run=cmd_members_cards)

    p = members.add_parser("list", help="members, and how far each has got (never their codes)")
    p.add_argument("pack")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_members_list)

    p = members.add_parser("remove", help="stop a member signing in (their answers are kept)")
    p.add_argument("pack")
    p.add_argument("member", help="the member's name or number")
    p.set_defaults(run=cmd_members_remove)

    p = members.add_parser("reset-code", help="give a member a new code; the old one stops working")
    p.add_argument("pack")
    p.add_argument("member", help="the member's name or number")
    p.set_defaults(run=cmd_members_reset_code)

    action = sub.add_parser("action", help="the panel's actions for the force: add, update and list them"
                            ).add_subparsers(dest="action_command", required=True, metavar="ACTION_COMMAND")
    p = action.add_parser("add", help="add an action (status open)")
    p.add_argument("pack")
    p.add_argument("text", help="what the force is asked to do or answer; quote it")
    p.add_argument("--owner", help="who at the force answers for it")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="when it is due")
    p.add_argument("--case", metavar="N", help="the case it arose from")
    p.set_defaults(run=cmd_action_add)

    p = action.add_parser("update", help="change an action's status, owner or due date, or add a note")
    p.add_argument("pack")
    p.add_argument("action", metavar="ID", help="the action's number")
    p.add_argument("--status", help="open, 'in progress', done or dropped")
    p.add_argument("--note", help="what happened, kept in the action's history")
    p.add_argument("--owner", help="a new owner ('' removes it)")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="a new due date ('' removes it)")
    p.set_defaults(run=cmd_action_update)

    p = action.add_parser("list", help="every action with its history and the force's replies")
    p.add_argument("pack")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_action_list)

    p = sub.add_parser("respond", help="record the force's replies to cases and actions from a CSV file",
                       description="Record the force's replies from a CSV file with the columns "
                                   "target,id,response,responded_on (target: case or action; responded_on: "
                                   "YYYY-MM-DD). The whole file is checked first: one mistake and nothing is recorded.")
    p.add_argument("pack")
    p.add_argument("--file", required=True, help="the responses .csv file (UTF-8, commas)")
    p.set_defaults(run=cmd_respond)

    words = sub.add_parser("words", help="check members' own words before any report carries them",
                           description="Members write names too. Their written answers and the panel's agreed feedback "
                                       "are redacted, then checked here (or in the facilitator app) before the force's "
                                       "report and the exports carry them; words awaiting the check are left out and "
                                       "counted. A change by their writer sends words back to the check."
                           ).add_subparsers(dest="words_command", required=True, metavar="WORDS_COMMAND")
    p = words.add_parser("list", help="members' words awaiting the check, redacted, with what deserves a second look")
    p.add_argument("pack")
    p.add_argument("--all", action="store_true", help="the approved words too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_words_list)

    p = words.add_parser("approve", help="mark words as read and fit for the force's report")
    p.add_argument("pack")
    p.add_argument("words", nargs="*", metavar="N", help="numbers as words list prints them")
    p.add_argument("--all", action="store_true", help="everything awaiting the check")
    p.add_argument("--undo", action="store_true", help="withdraw the approval instead")
    p.set_defaults(run=cmd_words_approve)

    p = words.add_parser("redact", help="replace words the redactor missed (and every mention of them) with a placeholder")
    p.add_argument("pack")
    p.add_argument("word", metavar="N", help="the number of the piece, as words list prints it")
    p.add_argument("text", metavar="WORDS", help="the words to redact, whole words as they appear (any capitals: every spelling goes); quote them")
    p.add_argument("--as", dest="kind", default="OTHER", metavar="KIND",
                   help="what they are: NAME, ADDRESS, PLACE, NUMBER or OTHER (default), shown as [KIND 1]")
    p.set_defaults(run=cmd_words_redact)

    p = words.add_parser("edit", help="put your own wording in place of a piece (it then awaits approval)")
    p.add_argument("pack")
    p.add_argument("word", metavar="N", help="the number of the piece, as words list prints it")
    p.add_argument("text", metavar="TEXT", help="the words as the report should carry them; quote them")
    p.set_defaults(run=cmd_words_edit)

    p = sub.add_parser("export", help="write what the panel said as CSV files or one JSON file, for the force",
                       description="Write the cases as members reviewed them, every answer (members as member 1, "
                                   "member 2..., never names or codes), the agreed outcomes, the actions with their "
                                   "history and the force's replies. csv: cases.csv, answers.csv, outcomes.csv, "
                                   "actions.csv and responses.csv; json: feedback.json, as schemas/feedback.schema.json "
                                   "describes. The pack is only read.")
    p.add_argument("pack")
    p.add_argument("--format", default="csv", help="csv (default) or json")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into (made if missing)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("simulate", help="for demos and benchmarks only: a simulated panel answers a released pack",
                       description="For demos and benchmarks only, never on a real panel's pack: add members called "
                                   "'Simulated member N' to a released pack, answer every case as each of them "
                                   "(mostly agreeing, sometimes not), then record what a panel might agree: an outcome "
                                   "per case, two actions and one reply from the force.")
    p.add_argument("pack")
    p.add_argument("--members", type=int, metavar="N",
                   help="how many simulated members (default: as many as the pack has, or 5)")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same answers (default 0)")
    p.add_argument("--no-discussion", action="store_true", help="answers only: no outcomes, actions or reply")
    p.set_defaults(run=cmd_simulate)

    p = sub.add_parser("report", help="the force's report on one or more packs, as HTML (and PDF)",
                       description="Write the panel's report for the force: what the panel thought, where members "
                                   "disagreed, how they took part, themes, ratings by group, and what the force said it "
                                   "will do; with several packs (of one kind and form), how things changed across "
                                   "sessions. --public writes the version to publish, to its own file: no pseudonyms, no "
                                   "members' words, no list of cases one by one, and counts of 1 to 4 (and those that "
                                   "would give them back) 'not shown', checked by linear programming.")
    p.add_argument("packs", nargs="+", metavar="PACK", help="one .pack.db file, or several for trends across sessions")
    p.add_argument("--out", required=True, help="the HTML file to write, e.g. packs/march-report.html")
    p.add_argument("--pdf", action="store_true", help="also print it to a PDF beside the HTML (needs Chromium)")
    p.add_argument("--public", action="store_true", help="the public version: no pseudonyms, no members' words, "
                                                         "small counts hidden")
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("serve", help="open a released pack to its members: serve the review app until Ctrl-C",
                       description="Serve the members' review app for a released pack, and print the link (and its "
                                   "QR code) to give members. Members sign in with their own codes. Bound to this "
                                   "machine only unless --host says otherwise; use --certfile and --keyfile on a "
                                   "shared network.")
    p.add_argument("pack")
    p.add_argument("--key-file", help=KEY_FILE_HELP + "; serve checks the seal with it (not --keyfile, the TLS key)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on: 127.0.0.1 (default, this machine only) or 0.0.0.0 (every network)")
    p.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866); never another")
    p.add_argument("--pool", type=int, metavar="N",
                   help="apps to start before members arrive (default: one per member, up to 40)")
    p.add_argument("--certfile", metavar="F", help="TLS certificate (PEM), to serve over https; needs --keyfile")
    p.add_argument("--keyfile", metavar="F", help="TLS private key (PEM) of --certfile")
    p.add_argument("--base-url", default="/", metavar="PATH",
                   help="serve under this path, for a reverse proxy that puts several packs behind one address "
                        "(e.g. /panels/march/)")
    p.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDRESS",
                   help="a reverse proxy's address (or network): only its X-Forwarded-For and X-Forwarded-Proto "
                        "are believed; repeat for several")
    p.add_argument("--public-name", action="append", default=[], metavar="HOST",
                   help="a host name members reach this server by through a proxy (other Host headers are "
                        "refused); repeat for several")
    p.add_argument("--headroom", type=int, metavar="N",
                   help="apps allowed beyond one per member and the staff's two, for reloads in flight (default 3); "
                        "past that, a page says the panel is full")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("hub", help="many panels at one address: start JupyterHub (as root) for facilitators and their packs",
                       description="Start JupyterHub with configurable-http-proxy in front: facilitators sign in, work "
                                   "in their own JupyterLab as their own system user, and serve each released pack at "
                                   "/user/NAME/PACK/, where members sign in with their codes. Needs root. See "
                                   "deploy/jupyterhub/README.md.")
    p.add_argument("--config", metavar="FILE", help="the hub's configuration (default: deploy/jupyterhub/jupyterhub_config.py)")
    p.add_argument("--ip", default="", help="address the proxy listens on (default: every network)")
    p.add_argument("--port", type=int, default=8000, help="the one port members and facilitators use (default 8000)")
    p.add_argument("--certfile", metavar="F", help="TLS certificate (PEM) for the proxy; needs --keyfile")
    p.add_argument("--keyfile", metavar="F", help="TLS private key (PEM) of --certfile")
    p.add_argument("--state", default="/var/lib/panel-tool-hub", metavar="DIR",
                   help="the hub's own files: its database and secrets (default /var/lib/panel-tool-hub)")
    p.add_argument("--admin", action="append", default=[], metavar="NAME",
                   help="a hub user who approves facilitators' sign-ups; repeat for several")
    p.add_argument("--public-name", action="append", default=[], metavar="HOST",
                   help="a host name members reach the hub by (e.g. panels.example.org); repeat for several")
    p.set_defaults(run=cmd_hub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(f"panel-tool: {exc.plain()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("panel-tool: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

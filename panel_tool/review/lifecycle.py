"""A pack's life: draft -> released (case content frozen and sealed) -> closed.

Release records a keyed seal of everything a member reads (packs/seal.py); `serve` works it out
again and refuses a pack whose cases were changed afterwards, so members all rate the content the
facilitator released. Both need the force's key, found as pack lookup finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, fold_in, open_pack, read_manifest, set_manifest
from panel_tool.packs.seal import content_seal, find_seal_key, seal_holds
from panel_tool.review.store import audit, immediate, now_iso


def release(pack: str | Path, key_file: str | Path | None = None) -> dict:
    """Freeze the cases: members can sign in only from now on.

    Refused until the facilitator has read and approved every case not excluded (the recognisers
    miss things; see redaction_review). Excluded cases' content is deleted first, with
    secure_delete on and the WAL folded back into the file, so the seal covers only what members
    will read and nothing of an excluded case is left in the file's bytes. `key_file`: the force's
    key (else PANEL_TOOL_KEY, else ~/.config/panel-tool/pseudonym.key), which the seal is made with.

    The file is folded before anything changes as well: if another program's read holds that up,
    release is refused with nothing changed (the pack stays a draft), as a released pack promises a
    file holding only what members will read, old words of earlier redactions included.
    """
    conn = open_pack(pack, SESSION)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        if not fold_in(conn):
            raise InputError("the pack is busy: another program (an app or a command) is in the middle of reading "
                             "it, so release cannot yet make sure the pack file holds only what members will read, "
                             "and nothing was released", file=str(pack),
                             expected="try again in a moment, or once that program has finished with the pack",
                             in_app="Try again in a moment")
        with immediate(conn):
            manifest = read_manifest(conn)
            status = manifest.get("status")
            if status != "draft":
                raise InputError(f"this pack is already {status}", file=str(pack),
                                 expected="a draft pack (a released pack cannot be released again)")
            unapproved = [r[0] for r in conn.execute(
                "SELECT case_id FROM cases WHERE case_id NOT IN (SELECT case_id FROM case_review WHERE "
                "excluded_at IS NOT NULL OR approved_at IS NOT NULL) ORDER BY case_id")]
            if unapproved:
                raise InputError(
                    f"{cases_phrase(unapproved)} {'has' if len(unapproved) == 1 else 'have'} not been approved: a person "
                    "reads and approves (or excludes) every case before the panel sees it", file=str(pack),
                    expected=f"read the cases with panel-tool pack show {pack} --cases (or in the facilitator app), "
                             f"then run panel-tool pack approve {pack} --all, or leave a case out with "
                             f"panel-tool pack exclude {pack} CASE",
                    in_app="Choose each of those cases under \"Case to check\", read it, then approve it or exclude it")
            excluded = [r[0] for r in conn.execute(
                "SELECT case_id FROM case_review WHERE excluded_at IS NOT NULL AND case_id IN (SELECT case_id FROM cases) "
                "ORDER BY case_id")]
            if len(excluded) == conn.execute("SELECT count(*) FROM cases").fetchone()[0]:
                raise InputError("every case is excluded, so the panel would have nothing to review", file=str(pack),
                                 expected=f"at least one case kept (undo an exclusion with panel-tool pack exclude {pack} "
                                          "CASE --undo)",
                                 in_app="Choose an excluded case under \"Case to check\" and include it again")
            seal_key = find_seal_key(conn, key_file, pack=pack, needed_for="release seals the cases")
            if excluded:
                marks = ", ".join("?" * len(excluded))
                for table in ("texts", "case_officers", "assignments", "cases"):
                    conn.execute(f"DELETE FROM [{table}] WHERE case_id IN ({marks})", excluded)
            counts = {**manifest.get("counts", {}), **dict(zip(("cases", "texts", "officers"), conn.execute(
                "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM texts), "
                "(SELECT count(DISTINCT officer_ref) FROM case_officers)").fetchone()))}
            values = {"status": "released", "released_at": now_iso(), "counts": counts, "excluded_cases": excluded,
                      "content_hash": content_seal(conn, seal_key)}
            set_manifest(conn, **values)
            audit(conn, "facilitator", "pack_released", content_hash=values["content_hash"], excluded_cases=excluded)
        if not fold_in(conn):
            # A program began reading between the fold above and the release, and is still reading.
            # The pack stays released rather than going back to a draft: going back would be one more
            # write waiting in the same write-ahead log, so it would take nothing out of the file, and
            # an excluded case's content cannot come back. Members read only the sealed cases either
            # way; what is at stake is a copy of the file, which this says not to make yet. Releasing
            # again folds first, so it finishes the job (and then says the pack is already released).
            raise InputError("the pack is released, but another program (an app or a command) began reading it "
                             "meanwhile, so what release deleted may still be in the pack file itself until that "
                             "program has finished: do not copy the file yet", file=str(pack),
                             expected=f"run panel-tool pack release {pack} again in a moment to finish; it will then "
                                      "say the pack is already released",
                             in_app="Do not copy the pack file until serving it has stopped, which takes "
                                    "those words out of it")
        return {**manifest, **values}
    finally:
        conn.close()


def released_only(statuses: dict[str, str | None]) -> None:
    """Refuse a draft (`statuses`: each pack's file and its status), for the report and the export alike: its
    cases and their redacted texts have not had the facilitator's second look, which release records, so
    nothing from it may reach the force or the public. It lives here, beside release, rather than in
    report/aggregate.py, so that an export can ask without loading pandas."""
    for file, status in statuses.items():
        if status == "draft":
            raise InputError("this pack is still a draft: the facilitator has not checked and released its cases, "
                             "so no report or export is made from it", file=file,
                             expected=f"release it first (panel-tool pack release {file}, once every case is "
                                      "approved), then make the report or export")


def cases_phrase(case_ids: list[int]) -> str:
    """[2, 5, 7] -> 'cases 2, 5 and 7'; [3] -> 'case 3'."""
    numbers = [str(c) for c in case_ids]
    if len(numbers) == 1:
        return f"case {numbers[0]}"
    return f"cases {', '.join(numbers[:-1])} and {numbers[-1]}"


def close(pack: str | Path) -> dict:
    """End answering. Answers stay; members can no longer change them."""
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            manifest = read_manifest(conn)
            if manifest.get("status") != "released":
                raise InputError(f"this pack is {manifest.get('status')}, not released", file=str(pack),
                                 expected="a released pack (run panel-tool pack release first)")
            values = {"status": "closed", "closed_at": now_iso()}
            set_manifest(conn, **values)
            audit(conn, "facilitator", "pack_closed")
        return {**manifest, **values}
    finally:
        conn.close()


def seal(pack: str | Path, key_file: str | Path | None = None) -> dict:
    """Seal, with the force's key, a pack released by an earlier panel-tool (pack format 1), whose
    release hash was not keyed: the facilitator vouches, having read them again, that its cases are
    the ones released. A pack already sealed with the key is refused: re-sealing an edited pack is
    exactly what the seal exists to stop."""
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            manifest = read_manifest(conn)
            status = manifest.get("status")
            if status not in ("released", "closed"):
                raise InputError(f"this pack is {status}: only a released or closed pack made by an earlier "
                                 "panel-tool needs sealing", file=str(pack),
                                 expected="a draft is sealed when it is released (panel-tool pack release)")
            if manifest.get("content_hash"):
                raise InputError("this pack is already sealed with the force's key", file=str(pack),
                                 expected="nothing to do (if serve says its cases were changed, rebuild the pack and release it again)")
            values = {"content_hash": content_seal(conn, find_seal_key(conn, key_file, pack=pack,
                                                                        needed_for="sealing the cases is done")),
                      "sealed_at": now_iso()}
            set_manifest(conn, **values)
            audit(conn, "facilitator", "pack_sealed", content_hash=values["content_hash"])
        return {**manifest, **values}
    finally:
        conn.close()


@dataclass
class Servable:
    manifest: dict
    members: int
    seal_key: bytes  # for the apps serve starts: the facilitator's app releases a draft with it


def check_servable(pack: str | Path, key_file: str | Path | None = None) -> Servable:
    """What `serve` checks before starting. A draft is served for its facilitator to check and release
    (members cannot sign in to it); a released or closed pack must be unchanged since release, as its
    seal shows (with the force's key, `key_file` or as pack lookup finds it); a released pack needs members."""
    conn = open_pack(pack, SESSION)
    try:
        manifest = read_manifest(conn)
        status = manifest.get("status")
        if status == "draft":
            if not conn.execute("SELECT 1 FROM roles WHERE role = 'facilitator'").fetchone():
                raise InputError("this pack is a draft, which is served only for its facilitator to check the cases "
                                 "and release them, and no facilitator passphrase is set", file=str(pack),
                                 expected=f"run: panel-tool pack facilitator {pack} (or approve and release it with "
                                          "panel-tool pack approve and pack release)")
        elif status == "purged":
            raise InputError("this pack has been purged: its cases are gone, so there is nothing to serve",
                             file=str(pack), expected="a draft, released or closed pack")
        seal_key = find_seal_key(conn, key_file, pack=pack, needed_for="serve checks the seal on the cases")
        if status != "draft" and not manifest.get("content_hash"):
            raise InputError("this pack was released by an earlier version of panel-tool, whose release hash anyone "
                             "editing the file could work out again, so serve cannot tell that its cases are the ones "
                             "released", file=str(pack),
                             expected=f"read its cases again (panel-tool pack show {pack} --cases) and, if they are as "
                                      f"released, seal them with the force's key: panel-tool pack seal {pack} "
                                      "--key-file KEY")
        if status != "draft" and not seal_holds(conn, seal_key):
            raise InputError("the cases in this pack were changed after it was released, so it is not the pack the "
                             "facilitator released", file=str(pack),
                             expected="the released pack file as it was (rebuild and release it again if it must change)")
        members = conn.execute("SELECT count(*) FROM members WHERE removed_at IS NULL").fetchone()[0]
        if status == "released" and not members:
            raise InputError("this pack has no members yet, so nobody could sign in", file=str(pack),
                             expected=f"run: panel-tool members add {pack} NAME [NAME ...]")
        return Servable(manifest, members, seal_key)
    finally:
        conn.close()

"""Retention: once a session is over, delete the case content members read, keep what the panel decided.

`purge` works only on a closed pack and makes it `purged`. What goes and what stays (also in
schemas/pack.tables.json under "purge"):

- `texts`: every row deleted (the officers' redacted grounds and accounts).
- `cases`: every column is set to NULL except `case_id` and the categories a report breaks ratings
  down by (KEPT_CASE_COLUMNS): age range, self-defined (or subject) ethnicity, gender, the power,
  object of search, outcome, whether it was linked to the object, whether more than outer clothing was
  removed, whether body-worn video was on, search type, and for use of force its tactics and outcomes.
  So `case_ref`, `month`, `time_of_day`, `area` and every other column (officer-defined ethnicity,
  part of an operation, location types, impact factors, reasons, disabilities, injuries, number of
  officers, k_anonymity, generalised) are cleared. It is a list of what stays, so a column added to
  packs later is cleared unless it is added here.
- `case_officers`: `record_ref` cleared; `officer_ref` (the force's keyed pseudonym) kept, so a later
  pack can target officers the panel rated red (`pack build --where red_officers=`).
- Kept whole: `form` (the report needs the questions), `context_stats` (figures over the whole export,
  small counts already suppressed), members, answers, case time, agreed outcomes, actions, the force's
  responses, the audit log and the manifest (status `purged`, `purged_at`).

SQLite keeps deleted rows in free pages and in its write-ahead log, so deleting is not enough: the
connection turns `secure_delete` on before deleting, then VACUUM rebuilds the file without free
pages, and a TRUNCATE checkpoint empties the write-ahead log. The pack stays in WAL mode.
"""

from __future__ import annotations

from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, fold_in, open_pack, read_manifest, set_manifest
from panel_tool.packs.tables import TABLES
from panel_tool.review.store import audit, immediate, now_iso

KEPT_CASE_COLUMNS = ("case_id", "age_range", "self_defined_ethnicity", "subject_ethnicity", "gender", "subject_gender",
                     "legislation", "object_of_search", "outcome", "outcome_linked", "more_than_outer_clothing",
                     "bwv_used", "search_type", "tactics", "outcomes")
CLEARED_OFFICER_COLUMNS = ("record_ref",)


def _scrub(conn, pack: str) -> None:
    """Rebuild the file without free pages, then empty the write-ahead log into it."""
    conn.execute("VACUUM")
    if not fold_in(conn):
        raise InputError("the case content is deleted, but another program (an app or a command) is in the middle "
                         "of reading the pack, so old copies may still be in the pack file itself", file=pack,
                         expected=f"stop panel-tool serve and any other program using the pack, then run: "
                                  f"panel-tool pack purge {pack}")


def purge(pack: str | Path) -> dict:
    """Delete a closed pack's case content for good; answers, outcomes, actions and replies stay.

    Returns what was done: texts_deleted, cases, case_columns_cleared, purged_at.
    """
    where = str(pack)
    conn = open_pack(pack, SESSION)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        manifest = read_manifest(conn)
        status = manifest.get("status")
        if status == "purged":
            _scrub(conn, where)  # harmless, and finishes the job if another program held the pack last time
            raise InputError(f"this pack is already purged (on {str(manifest.get('purged_at'))[:10]})", file=where,
                             expected="nothing: its case content is gone")
        if status != "closed":
            raise InputError(f"this pack is {status}: only a closed pack can be purged", file=where,
                             expected=f"end answering first with: panel-tool pack close {where}")
        cleared = [c for c in TABLES["cases"].column_names(manifest.get("kind")) if c not in KEPT_CASE_COLUMNS]
        with immediate(conn):
            if read_manifest(conn).get("status") != "closed":  # another purge got there first
                raise InputError("this pack was purged while this purge was starting", file=where,
                                 expected="nothing: its case content is gone")
            texts = conn.execute("DELETE FROM texts").rowcount
            cases = conn.execute(f"UPDATE cases SET {', '.join(f'[{c}] = NULL' for c in cleared)}").rowcount
            conn.execute(f"UPDATE case_officers SET {', '.join(f'[{c}] = NULL' for c in CLEARED_OFFICER_COLUMNS)}")
            purged_at = now_iso()
            set_manifest(conn, status="purged", purged_at=purged_at)
            audit(conn, "facilitator", "pack_purged", texts_deleted=texts, case_columns_cleared=cleared)
        _scrub(conn, where)
        return {"texts_deleted": texts, "cases": cases, "case_columns_cleared": cleared, "purged_at": purged_at}
    finally:
        conn.close()

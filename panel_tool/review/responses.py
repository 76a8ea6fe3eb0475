"""The force's replies to the panel: to its outcome for a case, and to each action ("you said, we did").

Replies come one at a time from the liaison's screen (`record_response`) or as a spreadsheet the
force fills in (`respond_from_csv`, `panel-tool respond`). A file is checked whole before anything is
written, then written in one transaction, so a file with a mistake records nothing and the error
names the file, the row (as a spreadsheet numbers it, header = row 1) and the column.

The file's layout, one reply a row:

    target,id,response,responded_on
    case,3,"The officer has been given advice on recording grounds.",2025-04-14
    action,1,We have reminded all teams that cameras must be on.,2025-04-15

`target` is case or action; `id` the case number or action number in the pack; `response` the
force's words; `responded_on` the date the force replied, YYYY-MM-DD, not in the future.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.packfile import SESSION, open_pack
from panel_tool.review.actions import read_date
from panel_tool.review.store import audit, immediate, now_iso

TARGETS = ("case", "action")
COLUMNS = ("target", "id", "response", "responded_on")
RESPONSE_LIMIT = 10_000
SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)'"


def _spreadsheet_column(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names the column a stray cell is in."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _clean(target, target_id, response, responded_on, *, file: str, row: int | None = None) -> dict:
    """One reply checked for its own sake (that its case or action exists is checked against the pack)."""
    target_text = str(target or "").strip()
    if target_text.lower() not in TARGETS:
        raise InputError(f"'{target_text}' is not something the force can reply to" if target_text
                         else "the target is blank", file=file, row=row, column="target",
                         expected="case (a reply to the panel's outcome for a case) or action")
    id_text = str(target_id if target_id is not None else "").strip()
    if not id_text.isdigit():
        raise InputError(f"'{id_text}' is not a {target_text.lower()} number" if id_text else "the id is blank",
                         file=file, row=row, column="id", expected=f"the {target_text.lower()} number, such as 3")
    words = str(response or "").strip()
    if not words:
        raise InputError("the reply is empty", file=file, row=row, column="response",
                         expected="the force's reply, in words")
    if len(words) > RESPONSE_LIMIT:
        raise InputError(f"the reply is {len(words):,} characters long", file=file, row=row, column="response",
                         expected=f"at most {RESPONSE_LIMIT:,} characters")
    on = read_date(responded_on or "", what="date of the reply", file=file, row=row, column="responded_on",
                   not_future=True)
    return {"target": target_text.lower(), "target_id": int(id_text), "response": words, "responded_on": on}


def _decoded(path: Path) -> str:
    if not path.is_file():
        raise InputError("there is no file here" if not path.exists() else "this is a folder, not a file",
                         file=str(path), expected="the path of a .csv file")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("this file is not UTF-8 text", file=str(path), row=raw[:exc.start].count(b"\n") + 1,
                         expected=SAVE_AS) from None


def _header(cells: list[str], file: str) -> list[str]:
    names = [c.strip().lower().replace(" ", "_").replace("-", "_") for c in cells]
    if len(names) == 1 and ";" in names[0]:
        raise InputError("the columns are separated by semicolons", file=file, row=1,
                         expected=f"commas between columns: {','.join(COLUMNS)} ({SAVE_AS})")
    for position, name in enumerate(names):
        if name not in COLUMNS:
            raise InputError(f"'{cells[position].strip()}' is not a column of this layout" if name
                             else "a column has no name", file=file, row=1, column=cells[position].strip()
                             or _spreadsheet_column(position), expected=f"the columns {','.join(COLUMNS)}")
        if names.index(name) != position:
            raise InputError(f"the column '{name}' appears twice", file=file, row=1, column=name,
                             expected=f"each of {','.join(COLUMNS)} once")
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise InputError(f"the column '{missing[0]}' is missing", file=file, row=1, column=missing[0],
                         expected=f"a header row with {','.join(COLUMNS)}")
    return names


def read_responses_csv(path: str | Path) -> list[dict]:
    """Every reply of a responses file, each checked, with the row it came from; the first mistake raises."""
    path = Path(path)
    file = str(path)
    text = _decoded(path)
    if not text.strip():
        raise InputError("the file is empty", file=file,
                         expected=f"a header row {','.join(COLUMNS)}, then one row per reply")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, replies, row = None, [], 0
    try:
        for row, cells in enumerate(reader, start=1):
            if header is None:
                header = _header(cells, file)
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line, as a spreadsheet often leaves at the end
            if len(cells) < len(header):
                raise InputError(f"this row has {len(cells)} cells but the header has {len(header)}", file=file,
                                 row=row, column=header[len(cells)], expected="a cell for every column")
            if len(cells) > len(header):
                raise InputError(f"this row has {len(cells)} cells but the header has {len(header)}", file=file,
                                 row=row, column=_spreadsheet_column(len(header)),
                                 expected="a cell for every column and no more (a reply with a comma in it "
                                          "must be in double quotes)")
            values = dict(zip(header, cells))
            replies.append({"row": row, **_clean(values["target"], values["id"], values["response"],
                                                 values["responded_on"], file=file, row=row)})
    except csv.Error as exc:
        raise InputError(f"this row cannot be read as CSV ({exc})", file=file, row=row + 1,
                         expected="double quotes only around a whole cell, each opened quote closed") from None
    if header is None or not replies:
        raise InputError("the file has a header but no replies", file=file, row=2,
                         expected="one row per reply under the header")
    seen: dict[tuple, int] = {}
    for reply in replies:
        key = (reply["target"], reply["target_id"], reply["response"], reply["responded_on"])
        if key in seen:
            raise InputError(f"this row repeats row {seen[key]}", file=file, row=reply["row"], column="response",
                             expected="each reply once")
        seen[key] = reply["row"]
    return replies


def _check_target(conn, reply: dict, *, file: str, pack: str, row: int | None = None) -> None:
    table, key = ("cases", "case_id") if reply["target"] == "case" else ("actions", "action_id")
    if conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (reply["target_id"],)).fetchone():
        return
    numbers = [r[0] for r in conn.execute(f"SELECT {key} FROM {table} ORDER BY {key}")]
    if not numbers:
        held = f"no {table} yet"
    elif reply["target"] == "case":
        held = f"cases 1 to {numbers[-1]}"
    else:
        held = f"action{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
    raise InputError(f"there is no {reply['target']} {reply['target_id']} in the pack {pack}", file=file, row=row,
                     column="id" if row is not None else None, expected=f"a number the pack has ({held})")


def _check_new(conn, reply: dict, *, file: str, row: int | None = None) -> None:
    """The same reply twice is refused, so a file recorded twice does not double every reply."""
    already = conn.execute("SELECT recorded_at FROM responses WHERE target = ? AND target_id = ? AND response = ? "
                           "AND responded_on = ?", (reply["target"], reply["target_id"], reply["response"],
                                                    reply["responded_on"])).fetchone()
    if already:
        raise InputError(f"this reply is already in the pack (recorded {already[0][:10]})", file=file, row=row,
                         column="response" if row is not None else None,
                         expected="only replies not recorded before (take recorded rows out of the file)")


def _insert(conn, reply: dict, source: str) -> dict:
    recorded = {**{k: reply[k] for k in ("target", "target_id", "response", "responded_on")},
                "recorded_at": now_iso(), "source": source}
    cur = conn.execute("INSERT INTO responses (target, target_id, response, responded_on, recorded_at, source) "
                       "VALUES (:target, :target_id, :response, :responded_on, :recorded_at, :source)", recorded)
    actor = "liaison" if source == "liaison" else "facilitator"  # a file is recorded by the facilitator
    audit(conn, actor, "response_recorded", case_id=reply["target_id"] if reply["target"] == "case" else None,
          response_id=cur.lastrowid, target=reply["target"], target_id=reply["target_id"], source=source)
    return {"response_id": cur.lastrowid, **recorded}


def record_response(pack: str | Path, target: str, target_id: int | str, response: str, responded_on: str,
                    source: str = "liaison") -> dict:
    """One reply from the force, to a case (the panel's outcome for it) or to an action."""
    where = str(pack)
    reply = _clean(target, target_id, response, responded_on, file=where)
    conn = open_pack(pack, SESSION)
    try:
        with immediate(conn):
            _check_target(conn, reply, file=where, pack=where)
            _check_new(conn, reply, file=where)
            return _insert(conn, reply, source)
    finally:
        conn.close()


def respond_from_csv(pack: str | Path, path: str | Path) -> int:
    """Record every reply of a responses file, all in one transaction or none; how many were recorded."""
    conn = open_pack(pack, SESSION)
    try:
        replies = read_responses_csv(path)
        with immediate(conn):
            for reply in replies:
                _check_target(conn, reply, file=str(path), pack=str(pack), row=reply["row"])
                _check_new(conn, reply, file=str(path), row=reply["row"])
                _insert(conn, reply, "csv")
        return len(replies)
    finally:
        conn.close()


def list_responses(pack: str | Path) -> list[dict]:
    """Every reply the force has given, to cases and actions, in the order the force gave them."""
    conn = open_pack(pack, SESSION)
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM responses ORDER BY responded_on, response_id")]
    finally:
        conn.close()

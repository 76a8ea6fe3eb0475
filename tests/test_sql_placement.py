"""SQL on a pack is written only in panel_tool/packs/ and panel_tool/review/ (DESIGN.md section 1):
everything else asks them, by functions named for what they do."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

ALLOWED = ("packs", "review")
# SQL as this code base writes it: keywords in capitals, then what follows them in a statement.
SQL = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|"
                 r"CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)|ALTER\s+TABLE|DROP\s+TABLE|PRAGMA\s+\w+)", re.S)
DATABASE_MODULES = ("sqlite3", "sqlite_utils")
RUNS_SQL = {"execute", "executemany", "executescript", "read_sql", "read_sql_query", "read_sql_table"}


def sql_in(source: str) -> list[str]:
    """What in this Python source is SQL or a database: imports of sqlite3 or sqlite-utils, uses of
    them, a call that runs a statement (execute with an argument, pandas' read_sql...), or a string
    holding one. `client.execute()` (nbclient, no statement) is not."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] in DATABASE_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DATABASE_MODULES:
            found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Name) and node.id in DATABASE_MODULES:
            found.append(node.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL \
                and (node.args or node.keywords):
            found.append(f"{node.func.attr}(...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(repr(node.value[:60]))
    return found


def test_no_sql_outside_packs_and_review():
    offences = {}
    for path in sorted((ROOT / "panel_tool").rglob("*.py")):
        part = path.relative_to(ROOT / "panel_tool").parts
        if part[0] in ALLOWED:
            continue
        found = sql_in(path.read_text(encoding="utf-8"))
        if found:
            offences[str(path.relative_to(ROOT))] = found
    assert offences == {}, f"SQL outside panel_tool/packs and panel_tool/review: {offences}"


def test_the_check_finds_each_way_sql_can_be_written():
    """So the test above can fail: every form it looks for is found, and ordinary code passes."""
    for snippet in ["import sqlite3", "import sqlite_utils as su", "from sqlite3 import connect",
                    "x = sqlite3.Row", "conn.execute(sql)", "db.executemany(q, rows)",
                    "pd.read_sql_query(q, conn)", "q = 'SELECT name FROM members'",
                    "q = f'UPDATE cases SET area = {x}'", "q = 'INSERT OR REPLACE INTO manifest (key) VALUES (?)'",
                    "q = 'DELETE FROM texts'", "q = 'CREATE TABLE t (a)'", "q = 'PRAGMA journal_mode'"]:
        assert sql_in(snippet), snippet
    for snippet in ["client.execute()", "label = 'Select the cases you have read'",
                    "text = 'Update: from now on...'", "from panel_tool.packs.packfile import open_pack"]:
        assert not sql_in(snippet), snippet

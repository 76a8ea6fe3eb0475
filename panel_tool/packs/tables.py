"""Every table of a pack, declared once: its columns, their SQLite types and its primary key.

Tables are created from these declarations (never inferred from the data), by pack build for a
new pack and by the migrations for a pack of an earlier format; schemas/pack.tables.json documents
them, and a test holds the two together. Standard library only: every member's kernel imports this.

A pack holds three sorts of table:
- the manifest: one JSON value per key (status, counts, the release seal...);
- content, written by pack build and sealed at release (SEALED_TABLES): what members read;
- session tables: members, answers and the panel's work, written while the panel meets.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as declared to SQLite: INTEGER, REAL or TEXT, with NOT NULL / DEFAULT where it applies


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the primary key; a single INTEGER key is the rowid, numbered 1, 2, 3...
    by_kind: dict[str, tuple[Column, ...]] = field(default_factory=dict)  # cases: what each kind of pack adds
    session: bool = False

    def columns_for(self, kind: str | None) -> tuple[Column, ...]:
        if self.by_kind and kind not in self.by_kind:
            raise ValueError(f"no pack kind {kind!r}: one of {', '.join(self.by_kind)}")
        return self.columns + self.by_kind.get(kind, ())

    def column_names(self, kind: str | None) -> list[str]:
        return [c.name for c in self.columns_for(kind)]

    def create_statement(self, kind: str) -> str:
        lines = [f"    {c.name} {c.type}" for c in self.columns_for(kind)]
        if self.key:
            lines.append(f"    PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(lines) + "\n)"


def _columns(spec: str) -> tuple[Column, ...]:
    """'name TYPE, name TYPE NOT NULL' -> Columns: the declarations below read like the SQL they make."""
    return tuple(Column(*part.strip().split(" ", 1)) for part in spec.split(","))


MANIFEST = Table("manifest", _columns("key TEXT NOT NULL, value TEXT NOT NULL"), key=("key",))
CASES = Table(
    "cases",
    _columns("case_id INTEGER, case_ref TEXT, month TEXT, time_of_day TEXT, area TEXT, age_range TEXT, "
             "k_anonymity INTEGER, generalised TEXT"),
    key=("case_id",),
    by_kind={
        "stop-search": _columns(
            "self_defined_ethnicity TEXT, gender TEXT, search_type TEXT, legislation TEXT, object_of_search TEXT, "
            "outcome TEXT, outcome_linked INTEGER, more_than_outer_clothing INTEGER, bwv_used INTEGER, "
            "part_of_operation INTEGER, officer_defined_ethnicity TEXT"),
        "use-of-force": _columns(
            "subject_ethnicity TEXT, subject_gender TEXT, location_types TEXT, impact_factors TEXT, reasons TEXT, "
            "tactics TEXT, outcomes TEXT, physical_disability INTEGER, mental_disability INTEGER, "
            "staff_injured INTEGER, subject_injured INTEGER, officers INTEGER"),
    })
KINDS = tuple(CASES.by_kind)  # the kinds of pack there are
CASE_OFFICERS = Table("case_officers", _columns("case_id INTEGER NOT NULL, label TEXT NOT NULL, officer_ref TEXT, "
                                                "record_ref TEXT"), key=("case_id", "label"))
TEXTS = Table("texts", _columns("text_id INTEGER, case_id INTEGER NOT NULL, field TEXT NOT NULL, officer_label TEXT, "
                                "text TEXT, spans TEXT"), key=("text_id",))
CONTEXT_STATS = Table("context_stats", _columns("section TEXT, dimension TEXT, category TEXT, measure TEXT, value REAL, "
                                                "ci_low REAL, ci_high REAL, display TEXT, suppressed INTEGER"))
FORM = Table("form", _columns("form_id TEXT NOT NULL, title TEXT, definition TEXT NOT NULL"), key=("form_id",))

def _session(name: str, spec: str, key: tuple[str, ...]) -> Table:
    return Table(name, _columns(spec), key, session=True)


SESSION = [
    _session("members", "member_id INTEGER, name TEXT NOT NULL, code_tag TEXT NOT NULL, code_hash TEXT NOT NULL, "
             "added_at TEXT NOT NULL, removed_at TEXT, finished_at TEXT, last_case_id INTEGER", ("member_id",)),
    _session("agreements", "member_id INTEGER NOT NULL, text_sha256 TEXT NOT NULL, accepted_at TEXT NOT NULL",
             ("member_id", "text_sha256")),
    _session("answers", "member_id INTEGER NOT NULL, case_id INTEGER NOT NULL, question_id TEXT NOT NULL, value TEXT, "
             "saved_at TEXT NOT NULL", ("member_id", "case_id", "question_id")),
    _session("case_time", "member_id INTEGER NOT NULL, case_id INTEGER NOT NULL, seconds REAL NOT NULL DEFAULT 0, "
             "first_opened_at TEXT NOT NULL", ("member_id", "case_id")),
    _session("sign_in_throttle", "scope TEXT NOT NULL, failures INTEGER NOT NULL, last_failure REAL NOT NULL, "
             "wait_until REAL NOT NULL", ("scope",)),
    _session("roles", "role TEXT NOT NULL, passphrase_hash TEXT NOT NULL, set_at TEXT NOT NULL", ("role",)),
    _session("case_review", "case_id INTEGER, approved_at TEXT, excluded_at TEXT", ("case_id",)),
    _session("assignments", "member_id INTEGER NOT NULL, case_id INTEGER NOT NULL, position INTEGER NOT NULL",
             ("member_id", "case_id")),
    _session("agreed_outcomes", "case_id INTEGER, rating TEXT, feedback_for_officer TEXT, learning_for_force TEXT, "
             "refer_onwards INTEGER NOT NULL DEFAULT 0, themes TEXT NOT NULL DEFAULT '[]', agreed_at TEXT NOT NULL",
             ("case_id",)),
    _session("actions", "action_id INTEGER, text TEXT NOT NULL, owner TEXT, due_date TEXT, "
             "status TEXT NOT NULL DEFAULT 'open', case_id INTEGER, created_at TEXT NOT NULL, carried_from TEXT, "
             "history TEXT NOT NULL DEFAULT '[]'", ("action_id",)),
    _session("responses", "response_id INTEGER, target TEXT NOT NULL, target_id INTEGER NOT NULL, "
             "response TEXT NOT NULL, responded_on TEXT NOT NULL, recorded_at TEXT NOT NULL, source TEXT NOT NULL",
             ("response_id",)),
    _session("word_checks", "word_id INTEGER, source TEXT NOT NULL, case_id INTEGER NOT NULL, ref TEXT NOT NULL, "
             "written_sha256 TEXT NOT NULL, text TEXT NOT NULL, spans TEXT NOT NULL DEFAULT '[]', approved_at TEXT",
             ("word_id",)),
    _session("audit", "event_id INTEGER, at TEXT NOT NULL, actor TEXT NOT NULL, event TEXT NOT NULL, case_id INTEGER, "
             "detail TEXT", ("event_id",)),
]

#: Every table, in the order it is created.
TABLES: dict[str, Table] = {t.name: t for t in (MANIFEST, CASES, CASE_OFFICERS, TEXTS, CONTEXT_STATS, FORM, *SESSION)}
#: What members read: frozen at release and covered by its seal.
SEALED_TABLES = ("cases", "case_officers", "texts", "context_stats", "form")

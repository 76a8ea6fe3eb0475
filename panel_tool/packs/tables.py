"""The session tables of a pack: members, answers and the panel's work, documented in schemas/pack.tables.json.

Kept apart from store.py, with no imports, because every member's kernel needs them and
sqlite-utils (which store.py uses) imports pandas: 45 MiB and half a second per kernel.
"""

SESSION_TABLES = """
CREATE TABLE IF NOT EXISTS members (
    member_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    code_tag TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    added_at TEXT NOT NULL,
    removed_at TEXT,
    finished_at TEXT,
    last_case_id INTEGER
);
CREATE TABLE IF NOT EXISTS answers (
    member_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    value TEXT,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (member_id, case_id, question_id)
);
CREATE TABLE IF NOT EXISTS case_time (
    member_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    seconds REAL NOT NULL DEFAULT 0,
    first_opened_at TEXT NOT NULL,
    PRIMARY KEY (member_id, case_id)
);
CREATE TABLE IF NOT EXISTS sign_in_throttle (
    scope TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    wait_until REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS roles (
    role TEXT PRIMARY KEY,
    passphrase_hash TEXT NOT NULL,
    set_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_review (
    case_id INTEGER PRIMARY KEY,
    approved_at TEXT,
    excluded_at TEXT
);
CREATE TABLE IF NOT EXISTS assignments (
    member_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (member_id, case_id)
);
CREATE TABLE IF NOT EXISTS agreed_outcomes (
    case_id INTEGER PRIMARY KEY,
    rating TEXT,
    feedback_for_officer TEXT,
    learning_for_force TEXT,
    refer_onwards INTEGER NOT NULL DEFAULT 0,
    themes TEXT NOT NULL DEFAULT '[]',
    agreed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actions (
    action_id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    owner TEXT,
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    case_id INTEGER,
    created_at TEXT NOT NULL,
    carried_from TEXT,
    history TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS responses (
    response_id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    response TEXT NOT NULL,
    responded_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    event_id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    case_id INTEGER,
    detail TEXT
);
"""

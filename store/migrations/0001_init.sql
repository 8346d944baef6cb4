-- The first schema: documents and everything read from them.
-- Money is INTEGER fen everywhere; empty strings from normalize are stored as NULL.

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT    NOT NULL UNIQUE,
    source_path TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    unit_code   TEXT,
    unit_name   TEXT,
    year        INTEGER,
    doc_kind    TEXT CHECK (doc_kind IN ('budget', 'final')),
    status      TEXT    NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    error       TEXT,
    pages       INTEGER,
    size_bytes  INTEGER NOT NULL,
    ingested_at TEXT    NOT NULL
);

CREATE INDEX documents_year_unit ON documents (year, unit_code);
CREATE INDEX documents_unit_year ON documents (unit_code, year);

CREATE TABLE report_tables (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT,
    title       TEXT,
    page        INTEGER,
    unit        TEXT,
    UNIQUE (document_id, ordinal)
);

CREATE INDEX report_tables_kind ON report_tables (kind);

CREATE TABLE table_columns (
    table_id INTEGER NOT NULL REFERENCES report_tables (id) ON DELETE CASCADE,
    ordinal  INTEGER NOT NULL,
    measure  TEXT    NOT NULL,
    header   TEXT,
    PRIMARY KEY (table_id, ordinal)
);

CREATE TABLE report_rows (
    id             INTEGER PRIMARY KEY,
    table_id       INTEGER NOT NULL REFERENCES report_tables (id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    page           INTEGER,
    side           TEXT CHECK (side IN ('revenue', 'expenditure')),
    classification TEXT CHECK (classification IN ('function', 'economic')),
    code           TEXT,
    name           TEXT,
    raw_name       TEXT,
    UNIQUE (table_id, ordinal)
);

CREATE INDEX report_rows_code ON report_rows (code) WHERE code IS NOT NULL;

-- value keeps the amount as printed in the table's unit (a decimal string),
-- so a report rebuilt from the database reads like the original.
CREATE TABLE amounts (
    row_id     INTEGER NOT NULL REFERENCES report_rows (id) ON DELETE CASCADE,
    measure    TEXT    NOT NULL,
    ordinal    INTEGER NOT NULL,
    value      TEXT    NOT NULL,
    amount_fen INTEGER NOT NULL,
    PRIMARY KEY (row_id, measure)
) WITHOUT ROWID;

CREATE TABLE check_failures (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    table_kind     TEXT,
    rule           TEXT    NOT NULL,
    subject        TEXT,
    measure        TEXT,
    expected_fen   INTEGER NOT NULL,
    found_fen      INTEGER NOT NULL,
    difference_fen INTEGER NOT NULL,
    rounding       INTEGER NOT NULL CHECK (rounding IN (0, 1))
);

CREATE INDEX check_failures_document ON check_failures (document_id);

CREATE TABLE warnings (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    message     TEXT    NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);

CREATE TABLE narrative (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    page        INTEGER,
    text        TEXT    NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);

-- facts: one row per non-empty money cell of the money tables (the contract's
-- list; procurement, fixed_assets and performance targets are not money tables).
CREATE VIEW facts AS
SELECT d.id             AS document_id,
       d.unit_code      AS unit_code,
       d.unit_name      AS unit_name,
       d.year           AS year,
       d.doc_kind       AS doc_kind,
       t.kind           AS table_kind,
       r.side           AS side,
       r.classification AS classification,
       r.code           AS code,
       r.name           AS name,
       a.measure        AS measure,
       a.amount_fen     AS amount_fen,
       r.page           AS page
FROM amounts a
JOIN report_rows r ON r.id = a.row_id
JOIN report_tables t ON t.id = r.table_id
JOIN documents d ON d.id = t.document_id
WHERE t.kind IN (
    'summary', 'revenue', 'expenditure', 'appropriation_summary',
    'general_budget_expenditure', 'general_budget_basic_expenditure',
    'government_fund_expenditure', 'state_capital_expenditure',
    'appropriation_expenditure', 'appropriation_basic_expenditure',
    'three_public', 'operating_costs'
);

-- classifications: the 政府收支分类科目 dictionary embedded in the binary
-- (normalize/classification/codes.csv), one row per code, name and years
-- the name was valid. Open fills it, and refills it when the binary's
-- dictionary differs from classifications_version, so a newer cnbudget
-- brings its corrections to an old database. Rows reference codes by
-- value, not by foreign key: a report may print a code the dictionary lacks.

CREATE TABLE classifications (
    classification TEXT    NOT NULL CHECK (classification IN ('function', 'economic')),
    code           TEXT    NOT NULL,
    level          TEXT    NOT NULL CHECK (level IN ('类', '款', '项')),
    parent_code    TEXT,
    name           TEXT    NOT NULL,
    valid_from     INTEGER,
    valid_to       INTEGER,
    source         TEXT    NOT NULL CHECK (source IN ('official', 'seen')),
    PRIMARY KEY (classification, code, name)
) WITHOUT ROWID;

CREATE INDEX classifications_parent ON classifications (classification, parent_code);

-- One row: the SHA-256 of the dictionary the classifications table holds.
CREATE TABLE classifications_version (
    version   TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

-- classified_facts: the facts with what the dictionary says of their code
-- in the document's year: its level, its parent code and its official name
-- (NULL when the dictionary does not know the code for that year). name is
-- the row's name as printed, official_name the dictionary's.
CREATE VIEW classified_facts AS
SELECT f.*,
       c.level       AS level,
       c.parent_code AS parent_code,
       c.name        AS official_name
FROM facts f
LEFT JOIN classifications c
       ON c.classification = f.classification
      AND c.code = f.code
      AND (c.valid_from IS NULL OR f.year >= c.valid_from)
      AND (c.valid_to IS NULL OR f.year <= c.valid_to);

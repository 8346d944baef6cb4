-- fetches: one row per download of a URL by cnbudget crawl, kept so a
-- nightly crawl can send conditional requests (etag, last_modified), and so
-- every document loaded from the web says where and when it came from.
-- Rejected and failed downloads are rows too: a dead link or an error page
-- served as a report is recorded, never ingested.

CREATE TABLE fetches (
    id             INTEGER PRIMARY KEY,
    url            TEXT    NOT NULL,
    fetched_at     TEXT    NOT NULL,
    http_status    INTEGER,
    etag           TEXT,
    last_modified  TEXT,
    content_type   TEXT,
    content_length INTEGER,
    sha256         TEXT,
    outcome        TEXT    NOT NULL CHECK (outcome IN ('new', 'unchanged', 'not_modified', 'rejected', 'error')),
    reason         TEXT,
    attempts       INTEGER NOT NULL,
    document_id    INTEGER REFERENCES documents (id) ON DELETE SET NULL
);

CREATE INDEX fetches_url ON fetches (url, id);
CREATE INDEX fetches_document ON fetches (document_id) WHERE document_id IS NOT NULL;

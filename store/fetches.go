package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Fetch outcomes, as stored in fetches.outcome.
const (
	FetchNew         = "new"          // a report not loaded before: stored and ingested
	FetchUnchanged   = "unchanged"    // downloaded, but the same bytes are loaded already
	FetchNotModified = "not_modified" // the server answered 304 to a conditional request
	FetchRejected    = "rejected"     // the server answered with something that is not a report
	FetchError       = "error"        // no usable answer: network error, timeout, 5xx after retries
)

// Fetch is one download of a URL. The validators (ETag, LastModified) are
// kept so the next run can ask the server whether anything changed.
type Fetch struct {
	ID            int64
	URL           string
	FetchedAt     time.Time
	HTTPStatus    int // 0 when no response arrived
	ETag          string
	LastModified  string
	ContentType   string
	ContentLength int64 // bytes received (or announced, for a body too large to read); -1 when unknown
	SHA256        string
	Outcome       string // FetchNew, FetchUnchanged, ...
	Reason        string // why a download was rejected or failed; "" otherwise
	Attempts      int
	DocumentID    int64 // the document holding the content; 0 when none
}

// RecordFetch stores f.
func (db *DB) RecordFetch(ctx context.Context, f Fetch) (int64, error) {
	length := sql.NullInt64{Int64: f.ContentLength, Valid: f.ContentLength >= 0}
	res, err := db.sql.ExecContext(ctx, `INSERT INTO fetches
		(url, fetched_at, http_status, etag, last_modified, content_type, content_length, sha256, outcome, reason, attempts, document_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.URL, f.FetchedAt.UTC().Format(time.RFC3339), nullInt(f.HTTPStatus), null(f.ETag), null(f.LastModified),
		null(f.ContentType), length, null(f.SHA256), f.Outcome, null(f.Reason), f.Attempts, nullInt(f.DocumentID))
	if err != nil {
		return 0, fmt.Errorf("record fetch of %s: %w", f.URL, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("record fetch of %s: the new row's id: %w", f.URL, err)
	}
	return id, nil
}

// LastFetch returns the latest fetch of url whose content is loaded (a
// document with status ok or partial), whose validators make the next
// request conditional. A URL whose last content failed to load, or was
// never loaded (the run stopped between download and ingest), has none, so
// it is downloaded again and gets another try.
func (db *DB) LastFetch(ctx context.Context, url string) (Fetch, bool, error) {
	f := Fetch{URL: url}
	var fetchedAt string
	var status, length sql.NullInt64
	var etag, modified, ctype, sha, reason sql.NullString
	err := db.sql.QueryRowContext(ctx, `SELECT f.id, f.fetched_at, f.http_status, f.etag, f.last_modified, f.content_type,
			f.content_length, f.sha256, f.outcome, f.reason, f.attempts, f.document_id
		FROM fetches f JOIN documents d ON d.id = f.document_id
		WHERE f.url = ? AND f.outcome IN ('new', 'unchanged', 'not_modified') AND d.status <> 'failed'
		ORDER BY f.id DESC LIMIT 1`, url).
		Scan(&f.ID, &fetchedAt, &status, &etag, &modified, &ctype, &length, &sha, &f.Outcome, &reason, &f.Attempts, &f.DocumentID)
	if errors.Is(err, sql.ErrNoRows) {
		return Fetch{}, false, nil
	}
	if err != nil {
		return Fetch{}, false, fmt.Errorf("last fetch of %s: %w", url, err)
	}
	f.FetchedAt, err = time.Parse(time.RFC3339, fetchedAt)
	if err != nil {
		return Fetch{}, false, fmt.Errorf("last fetch of %s: fetched_at: %w", url, err)
	}
	f.HTTPStatus = int(status.Int64)
	f.ETag, f.LastModified, f.ContentType, f.SHA256, f.Reason = etag.String, modified.String, ctype.String, sha.String, reason.String
	f.ContentLength = -1
	if length.Valid {
		f.ContentLength = length.Int64
	}
	return f, true, nil
}

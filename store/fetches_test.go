package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestFetchesKeepValidators records the fetches of a nightly crawl: a 304
// carries the validators on, and a URL whose content failed to load has no
// validators (so it is downloaded and tried again).
func TestFetchesKeepValidators(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const url = "https://czj.example.gov.cn/yusuan/2023/haigang.docx"
	if _, ok, err := db.LastFetch(ctx, url); ok || err != nil {
		t.Fatalf("LastFetch on an empty database = %v, %v", ok, err)
	}

	doc, err := db.Load(ctx, Input{SHA256: "aa", SourcePath: url, Format: "docx", SizeBytes: 10, Report: sample()})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)
	first := Fetch{URL: url, FetchedAt: at, HTTPStatus: 200, ETag: `"v1"`, LastModified: "Tue, 07 Mar 2023 08:00:00 GMT",
		ContentType: "application/octet-stream", ContentLength: 10, SHA256: "aa", Outcome: FetchNew, Attempts: 1, DocumentID: doc.ID}
	firstID, err := db.RecordFetch(ctx, first)
	if err != nil {
		t.Fatal(err)
	}

	// A rejected fetch after the good one does not hide its validators.
	if _, err := db.RecordFetch(ctx, Fetch{URL: url, FetchedAt: at.Add(time.Hour), HTTPStatus: 200, ContentLength: 0,
		Outcome: FetchRejected, Reason: "empty body", Attempts: 1}); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := db.LastFetch(ctx, url); err != nil || !ok || got.ID != firstID || got.ETag != first.ETag {
		t.Errorf("LastFetch after a rejected fetch = %+v, %v, %v; want fetch %d", got, ok, err, firstID)
	}
	notModified := Fetch{URL: url, FetchedAt: at.Add(24 * time.Hour), HTTPStatus: 304, ETag: `"v1"`, LastModified: first.LastModified,
		ContentLength: -1, SHA256: "aa", Outcome: FetchNotModified, Attempts: 2, DocumentID: doc.ID}
	id, err := db.RecordFetch(ctx, notModified)
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.LastFetch(ctx, url)
	if err != nil || !ok {
		t.Fatalf("LastFetch = %v, %v", ok, err)
	}
	notModified.ID = id
	if got != notModified {
		t.Errorf("LastFetch =\n%+v\nwant\n%+v", got, notModified)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE content_length IS NULL`); n != 1 {
		t.Errorf("fetches without a length = %d, want 1 (the 304)", n)
	}

	// New bytes at the URL that fail to load: no validators, so the next
	// run downloads them again instead of asking whether they changed.
	bad, err := db.Load(ctx, Input{SHA256: "bb", SourcePath: "raw/bb/bb.pdf", Format: "pdf", SizeBytes: 3, Err: errors.New("the file is truncated")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordFetch(ctx, Fetch{URL: "https://czj.example.gov.cn/b.pdf", FetchedAt: at, HTTPStatus: 200, ETag: `"b"`,
		ContentLength: 3, SHA256: "bb", Outcome: FetchNew, Attempts: 1, DocumentID: bad.ID}); err != nil {
		t.Fatal(err)
	}
	if f, ok, err := db.LastFetch(ctx, "https://czj.example.gov.cn/b.pdf"); ok || err != nil {
		t.Errorf("LastFetch of a URL whose document failed = %+v, %v, %v; want none", f, ok, err)
	}
}

package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestJSON checks that --json prints one object, the summary and a
// record per file in input order, instead of the text lines.
func TestIngestJSON(t *testing.T) {
	chdirRoot(t)
	broken := fixture(t, "broken")
	docx := fixture(t, "reference/haigang-2023-budget.docx")
	db := filepath.Join(t.TempDir(), "j.db")

	r := cnbudget(t, "ingest", "--db", db, "--json", broken, docx)
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (files failed)", r.code)
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	var got ingestJSON
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("stdout is not the JSON summary: %v\n%s", err, r.stdout)
	}
	if dec.More() {
		t.Errorf("more than one JSON value on stdout:\n%s", r.stdout)
	}
	s := got.Summary
	if s.Files != 5 || s.Loaded != 1 || s.OK != 1 || s.Failed != 4 || s.Unchanged != 0 || s.NotStarted != 0 ||
		s.Interrupted || s.Facts != 232 || s.ElapsedSeconds <= 0 || s.WritingSeconds <= 0 || s.WritingSeconds > s.ElapsedSeconds ||
		len(s.Failures) != 4 {
		t.Errorf("summary = %+v", s)
	}
	if len(got.Files) != 5 {
		t.Fatalf("%d file records, want 5", len(got.Files))
	}
	last := got.Files[4]
	if last.Path != docx || last.Status != "ok" || last.DocumentID == 0 || last.UnitCode != "323003" ||
		last.Year != 2023 || last.DocKind != "budget" || last.Tables != 14 || last.Facts != 232 || last.Error != "" {
		t.Errorf("record of %s = %+v", docx, last)
	}
	if f := got.Files[0]; f.Path != "fixtures/broken/empty.pdf" || f.Status != "failed" || !strings.Contains(f.Error, "empty") {
		t.Errorf("record of the empty PDF = %+v", f)
	}
	// The reasons stay on stderr for a person reading the log.
	if n := strings.Count(r.stderr, "cnbudget ingest: fixtures/broken/"); n != 4 {
		t.Errorf("%d failure reasons on stderr, want 4:\n%s", n, r.stderr)
	}

	again := cnbudget(t, "ingest", "--db", db, "--json", docx)
	var second ingestJSON
	if err := json.Unmarshal([]byte(again.stdout), &second); err != nil {
		t.Fatal(err)
	}
	if again.code != 0 || second.Summary.Unchanged != 1 || second.Summary.Facts != 0 || second.Files[0].Status != "unchanged" {
		t.Errorf("second run: exit %d, %+v", again.code, second)
	}
}

// TestIngestInterrupted runs ingest with its context already cancelled, as
// after Ctrl-C: nothing is started, the summary says so and the exit
// status is 1.
func TestIngestInterrupted(t *testing.T) {
	chdirRoot(t)
	broken := fixture(t, "broken")
	db := filepath.Join(t.TempDir(), "i.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"ingest", "--db", db, broken}, &out, &errOut)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	golden(t, "ingest-interrupted.stdout", out.String())
	if errOut.Len() != 0 {
		t.Errorf("stderr: %q", errOut.String())
	}
}

func TestIngestUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--workers", "0", "x"}, "--workers must be at least 1"},
		{[]string{"--progress-every", "0s", "x"}, "--progress-every must be a positive duration"},
		{[]string{"--workers", "two", "x"}, "invalid value"},
	} {
		r := cnbudget(t, append([]string{"ingest", "--db", db}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("ingest %q: exit %d, stderr %q; want 2 with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// TestIngestSaysUpgrade: a database of an older version is upgraded by the
// next ingest, which says so first, as it can take a while.
func TestIngestSaysUpgrade(t *testing.T) {
	chdirRoot(t)
	docx := fixture(t, "reference/haigang-2023-budget.docx")
	db := filepath.Join(t.TempDir(), "u.db")
	if r := cnbudget(t, "ingest", "--db", db, docx); r.code != 0 || strings.Contains(r.stderr, "upgrading") {
		t.Fatalf("first ingest: exit %d\n%s", r.code, r.stderr)
	}
	old, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`DROP INDEX documents_unlinked`, `DELETE FROM schema_migrations WHERE version = 7`} {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	r := cnbudget(t, "ingest", "--db", db, docx)
	if r.code != 0 || !strings.Contains(r.stderr, "cnbudget: upgrading "+db+" (0007_documents_unlinked.sql)") {
		t.Errorf("ingest of an older database: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if again := cnbudget(t, "ingest", "--db", db, docx); strings.Contains(again.stderr, "upgrading") {
		t.Errorf("upgraded twice:\n%s", again.stderr)
	}
}

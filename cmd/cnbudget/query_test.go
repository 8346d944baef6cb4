package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQueryWritesChangeNothing runs statements that would change the
// database or create files: each is refused with the read-only message,
// and the database file is byte for byte what it was.
func TestQueryWritesChangeNothing(t *testing.T) {
	db := referenceDB(t)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	for _, stmt := range []string{
		"DELETE FROM documents",
		"UPDATE amounts SET amount_fen = 0",
		"INSERT INTO warnings (document_id, ordinal, message) VALUES (1, 99, 'x')",
		"DROP TABLE narrative",
		"CREATE TABLE notes (text)",
		"CREATE TEMP TABLE notes (text)",
		"ATTACH '" + other + "' AS other",
		"PRAGMA user_version = 7",
		"PRAGMA journal_mode = DELETE",
		"VACUUM",
		"VACUUM INTO '" + other + "'",
		"PRAGMA query_only = 0",
	} {
		r := cnbudget(t, "query", "--db", db, stmt)
		if r.code != 1 || !strings.HasPrefix(r.stderr, "cnbudget query is read-only: ") || r.stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", stmt, r.code, r.stdout, r.stderr)
		}
	}
	// A second statement is refused whatever it is: it would run, and only
	// its rows would show.
	for _, stmt := range []string{"SELECT 1; DELETE FROM documents", "SELECT 1; SELECT 2"} {
		r := cnbudget(t, "query", "--db", db, stmt)
		if r.code != 1 || !strings.Contains(r.stderr, "one statement at a time") || r.stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", stmt, r.code, r.stdout, r.stderr)
		}
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the database file changed")
	}
	if _, err := os.Stat(other); err == nil {
		t.Errorf("%s was created", other)
	}
	if r := cnbudget(t, "query", "--db", db, "SELECT count(*) FROM documents"); r.code != 0 || !strings.Contains(r.stdout, "\n1\n") {
		t.Errorf("count after the refused writes: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestQueryValues pins how each output spells NULL, a BLOB, a line break,
// wide characters and an empty result.
func TestQueryValues(t *testing.T) {
	db := referenceDB(t)
	const values = `SELECT 1 AS n, 2.5 AS x, NULL AS absent, X'00FF' AS blob, 'a' || char(10) || 'b' AS lines, unit_name FROM documents`
	const empty = `SELECT id, unit_name FROM documents WHERE id < 0`
	var out strings.Builder
	for _, format := range []string{"", "--csv", "--json"} {
		for _, stmt := range []string{values, empty} {
			args := []string{"query", "--db", db, stmt}
			if format != "" {
				args = append(args, format)
			}
			r := cnbudget(t, args...)
			if r.code != 0 {
				t.Fatalf("%q: exit %d: %s", args, r.code, r.stderr)
			}
			out.WriteString("$ cnbudget " + strings.Join(append(args[:1], args[3:]...), " ") + "\n" + r.stdout + "\n")
		}
	}
	golden(t, "query-values.txt", out.String())
}

package store

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Journalists open the file with whatever SQLite their system has: Debian
// 12's sqlite3 and Python 3.11 carry 3.40, older than the driver's. Every
// table and view must read there too; one view using newer syntax makes
// the whole schema unreadable ("malformed database schema").
func TestSystemSQLiteReadsEveryView(t *testing.T) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("no sqlite3 command (Debian package sqlite3): the schema is not checked against the system SQLite")
	}
	path := filepath.Join(t.TempDir(), "compat.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	loadFile(t, db, referenceDocx(t), "ref", nil)
	db.Close()

	out, err := exec.Command(sqlite3, path, "SELECT sqlite_version(); SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 cannot read the schema: %v\n%s", err, out)
	}
	lines := strings.Fields(string(out))
	t.Logf("system SQLite %s", lines[0])
	for _, name := range lines[1:] {
		q := `SELECT count(*) FROM "` + name + `"`
		if out, err := exec.Command(sqlite3, path, q).CombinedOutput(); err != nil {
			t.Errorf("sqlite3 %s: %v\n%s", q, err, out)
		}
	}
	q := `SELECT count(*) FROM search WHERE search MATCH '"保 险"'`
	if out, err := exec.Command(sqlite3, path, q).CombinedOutput(); err != nil || strings.TrimSpace(string(out)) == "0" {
		t.Errorf("sqlite3 %s = %s (%v), want matches", q, out, err)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture returns the path of a file under fixtures/, relative to the
// repository root so that outputs naming it are the same on every machine;
// the test runs from the root (see chdirRoot).
func fixture(t *testing.T, name string) string {
	t.Helper()
	rel := filepath.Join("fixtures", name)
	if _, err := os.Stat(filepath.Join(testenv.RepoRoot(t), rel)); err != nil {
		t.Skipf("fixture %s missing (regenerate with make fixtures): %v", rel, err)
	}
	return rel
}

// chdirRoot runs the test from the repository root.
func chdirRoot(t *testing.T) {
	t.Chdir(testenv.RepoRoot(t))
}

type result struct {
	code           int
	stdout, stderr string
}

func cnbudget(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(testenv.RepoRoot(t), "cmd", "cnbudget", "testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, tc := range []struct {
		args []string
		code int
		out  string // expected in stderr for errors, stdout for help
	}{
		{nil, 2, "Usage:"},
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"-h"}, 0, "Commands:"},
		{[]string{"help", "ingest"}, 0, "cnbudget ingest --db FILE.db PATH..."},
		{[]string{"help", "nope"}, 2, `unknown command "nope"`},
		{[]string{"nope"}, 2, `unknown command "nope"`},
		{[]string{"ingest", "-h"}, 0, "Exit status"},
		{[]string{"ingest", "somewhere"}, 2, "--db is required"},
		{[]string{"ingest", "--db", db}, 2, "no PATH given"},
		{[]string{"ingest", "--db", db, "--fast", "x"}, 2, "flag provided but not defined: -fast"},
		{[]string{"extract"}, 2, "want exactly one FILE"},
		{[]string{"extract", "a.pdf", "b.pdf"}, 2, "want exactly one FILE"},
		{[]string{"extract", "a.pdf", "--format", "xml"}, 2, "--format must be json or csv"},
		{[]string{"extract", "missing.pdf"}, 1, "missing.pdf"},
		{[]string{"check"}, 2, "--db is required"},
		{[]string{"check", "--db", db}, 1, "no such file"},
		{[]string{"query", "--db", db}, 2, "want exactly one SQL statement"},
		{[]string{"query", "--db", db, "--csv", "--json", "SELECT 1"}, 2, "exclude each other"},
	} {
		r := cnbudget(t, tc.args...)
		got := r.stderr
		if tc.code == 0 {
			got = r.stdout
		}
		if r.code != tc.code || !strings.Contains(got, tc.out) {
			t.Errorf("cnbudget %q = exit %d, stdout %q, stderr %q; want exit %d with %q",
				tc.args, r.code, r.stdout, r.stderr, tc.code, tc.out)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a usage error or a reading command created the database")
	}
}

// TestIngestBroken ingests the broken fixtures beside a good report: each
// broken file fails with its reason, the good one still loads, and a second
// run changes nothing.
func TestIngestBroken(t *testing.T) {
	chdirRoot(t)
	broken := fixture(t, "broken")
	docx := fixture(t, "reference/haigang-2023-budget.docx")
	db := filepath.Join(t.TempDir(), "b.db")

	r := cnbudget(t, "ingest", "--db", db, broken, docx)
	if r.code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	golden(t, "ingest-broken.stdout", r.stdout)
	golden(t, "ingest-broken.stderr", r.stderr)

	counts := func() string {
		q := cnbudget(t, "query", "--db", db, "--csv", `SELECT
			(SELECT count(*) FROM documents), (SELECT count(*) FROM documents WHERE status = 'failed'),
			(SELECT count(*) FROM report_tables), (SELECT count(*) FROM report_rows),
			(SELECT count(*) FROM amounts), (SELECT count(*) FROM check_failures)`)
		if q.code != 0 {
			t.Fatalf("query: %s", q.stderr)
		}
		return q.stdout
	}
	before := counts()
	again := cnbudget(t, "ingest", "--db", db, broken, docx)
	if again.code != 1 || !strings.Contains(again.stdout, "unchanged fixtures/reference/haigang-2023-budget.docx") {
		t.Errorf("second ingest: exit %d, stdout:\n%s", again.code, again.stdout)
	}
	if after := counts(); after != before {
		t.Errorf("row counts changed on re-ingest:\nbefore %s after %s", before, after)
	}
}

// TestExtractCSV pins the facts of the reference DOCX.
func TestExtractCSV(t *testing.T) {
	chdirRoot(t)
	r := cnbudget(t, "extract", fixture(t, "reference/haigang-2023-budget.docx"), "--format", "csv")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "extract-docx.csv", r.stdout)
}

func TestExtractJSON(t *testing.T) {
	chdirRoot(t)
	r := cnbudget(t, "extract", fixture(t, "reference/haigang-2023-budget.docx"))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got reportJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.UnitCode != "323003" || got.Year != 2023 || got.DocKind != "budget" || len(got.Tables) == 0 {
		t.Errorf("extract JSON metadata = %s %d %s, %d tables", got.UnitCode, got.Year, got.DocKind, len(got.Tables))
	}
	for _, tb := range got.Tables {
		for _, row := range tb.Rows {
			for _, a := range row.Amounts {
				if a.Value == "1438.41" && a.Fen != 1438410000 {
					t.Errorf("%s %s: 1438.41 万元 = %d fen", tb.Title, row.Name, a.Fen)
				}
			}
		}
	}
}

// TestReferenceFacts loads the reference report as DOCX and as PDF and
// reads the facts back through the view: both must hold exactly the
// expected facts of the report, and every check passes on them.
func TestReferenceFacts(t *testing.T) {
	chdirRoot(t)
	expected := readCSV(t, fixture(t, "reference/expected-facts.csv"))
	db := filepath.Join(t.TempDir(), "ref.db")
	for _, name := range []string{"reference/haigang-2023-budget.docx", "reference/haigang-2023-budget.pdf"} {
		path := fixture(t, name)
		if r := cnbudget(t, "ingest", "--db", db, path); r.code != 0 {
			t.Fatalf("ingest %s: exit %d\n%s%s", path, r.code, r.stdout, r.stderr)
		}
		q := cnbudget(t, "query", "--db", db, "--csv", `SELECT f.table_kind, coalesce(f.side, ''), coalesce(f.classification, ''),
				coalesce(f.code, ''), f.name, f.measure, f.amount_fen,
				d.unit_code, d.unit_name, d.year, d.doc_kind
			FROM facts f JOIN documents d ON d.id = f.document_id WHERE d.source_path = '`+path+`'`)
		if q.code != 0 {
			t.Fatalf("query: %s", q.stderr)
		}
		var got [][]string
		for _, rec := range readCSVString(t, q.stdout)[1:] {
			if meta := strings.Join(rec[7:], ","); meta != "323003,秦皇岛市海港区社会保险事业所,2023,budget" {
				t.Fatalf("%s: document fields %s", path, meta)
			}
			got = append(got, rec[:7])
		}
		if a, b := lines(got), lines(expected[1:]); a != b {
			t.Errorf("%s: facts differ from expected-facts.csv:\n got %d facts\nwant %d facts", path, len(got), len(expected)-1)
		}
	}
	if r := cnbudget(t, "check", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "2 documents checked, 0 failed checks") {
		t.Errorf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestQueryRefusesWrites(t *testing.T) {
	db := filepath.Join(t.TempDir(), "q.db")
	if r := cnbudget(t, "ingest", "--db", db, t.TempDir()); r.code != 0 {
		t.Fatalf("ingest of an empty folder: exit %d %s", r.code, r.stderr)
	}
	r := cnbudget(t, "query", "--db", db, "DELETE FROM documents")
	if r.code != 1 || !strings.Contains(r.stderr, "refused") {
		t.Errorf("DELETE: exit %d, stderr %q", r.code, r.stderr)
	}
	r = cnbudget(t, "query", "--db", db, "SELECT 1 AS one, '收支总表' AS title, NULL AS nothing_here")
	want := "one  title     nothing_here\n---  --------  ------------\n1    收支总表  NULL\n(1 rows)\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("SELECT: exit %d, stdout\n%s\nwant\n%s", r.code, r.stdout, want)
	}
}

// TestRealReports ingests the real published reports in ../shared/real:
// whatever normalize makes of them, every file gets a status, none stops
// the batch, and a second run finds them all unchanged.
func TestRealReports(t *testing.T) {
	real := filepath.Join(filepath.Dir(testenv.RepoRoot(t)), "shared", "real")
	if _, err := os.Stat(real); err != nil {
		t.Skipf("real reports not present at %s (they are not part of the repository): %v", real, err)
	}
	db := filepath.Join(t.TempDir(), "real.db")
	first := cnbudget(t, "ingest", "--db", db, real)
	if first.code > 1 {
		t.Fatalf("exit %d: %s", first.code, first.stderr)
	}
	files := strings.Count(first.stdout, ".pdf") + strings.Count(first.stdout, ".docx")
	if files < 20 {
		t.Errorf("only %d report files ingested from %s", files, real)
	}
	second := cnbudget(t, "ingest", "--db", db, real)
	if !strings.Contains(second.stdout, " 0 loaded") {
		t.Errorf("second run loaded again:\n%s", second.stdout)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readCSVString(t, string(data))
}

func readCSVString(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// lines is a sorted text form of records, for order-free comparison.
func lines(recs [][]string) string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = strings.Join(r, ",")
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

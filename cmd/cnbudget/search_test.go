package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// referenceDB loads the reference report (DOCX) into a new database and
// returns its path; the test runs from the repository root.
func referenceDB(t *testing.T) string {
	t.Helper()
	chdirRoot(t)
	db := filepath.Join(t.TempDir(), "ref.db")
	if r := cnbudget(t, "ingest", "--db", db, fixture(t, "reference/haigang-2023-budget.docx")); r.code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return db
}

// TestSearch pins what two-character and longer Chinese terms, several
// terms and code prefixes find in the reference report.
func TestSearch(t *testing.T) {
	db := referenceDB(t)
	for _, tc := range []struct {
		golden string
		args   []string
		want   []string // in stdout
	}{
		{"search-baoxian.txt", []string{"保险"}, []string{"2080109  社会保险经办机构", "total=6205600.00 basic=6155600.00 project=50000.00"}},
		{"search-shehuibaozhang.txt", []string{"社会保障"}, []string{"208      社会保障和就业支出"}},
		{"search-gongji.csv", []string{"--csv", "公积"}, []string{"2210201,住房公积金"}},
		{"search-and.txt", []string{"三公", "经费", "--limit", "0"}, []string{"three_public"}},
		{"search-prefix.txt", []string{"20805*"}, []string{"2080505"}},
	} {
		r := cnbudget(t, append([]string{"search", "--db", db}, tc.args...)...)
		if r.code != 0 {
			t.Errorf("search %q: exit %d, stderr %s", tc.args, r.code, r.stderr)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("search %q: stdout lacks %q", tc.args, w)
			}
		}
		golden(t, tc.golden, r.stdout+r.stderr)
	}
}

func TestSearchJSON(t *testing.T) {
	db := referenceDB(t)
	r := cnbudget(t, "search", "--db", db, "--json", "社会保险经办机构")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var hits []hitJSON
	if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hits {
		if h.Source == "row" && h.TableKind == "expenditure" && h.Code == "2080109" {
			found = len(h.Amounts) > 0 && h.Amounts[0].Measure == "total" && h.Amounts[0].AmountFen == 620560000 && h.Amounts[0].Yuan == "6205600.00"
		}
	}
	if !found {
		t.Errorf("no expenditure row 2080109 with total 6205600.00 yuan in\n%s", r.stdout)
	}
	golden(t, "search-json.json", r.stdout)
}

func TestSearchNothing(t *testing.T) {
	db := referenceDB(t)
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"火箭发射"}, 1, "nothing matches 火箭发射"},
		{[]string{"，"}, 1, "no letters, digits or Chinese characters"},
		{nil, 2, "no search TERM given"},
		{[]string{"--limit", "-1", "保险"}, 2, "--limit must be"},
	} {
		r := cnbudget(t, append([]string{"search", "--db", db}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.err) || r.stdout != "" {
			t.Errorf("search %q: exit %d, stdout %q, stderr %q; want exit %d, %q", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.err)
		}
	}
}

package normalize_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/normalize"
)

// The reference report, in every format and from every producer the
// fixtures hold, must yield exactly the hand-checked facts and metadata,
// and every accounting check must pass on it.
func TestReferenceFixtures(t *testing.T) {
	want := readExpectedFacts(t, "../fixtures/reference/expected-facts.csv")
	var meta struct {
		UnitCode string `json:"unit_code"`
		UnitName string `json:"unit_name"`
		Year     int    `json:"year"`
		DocKind  string `json:"doc_kind"`
		Level    string `json:"level"`
	}
	raw, err := os.ReadFile("../fixtures/reference/expected-meta.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../fixtures/reference/*.docx")
	pdfs, _ := filepath.Glob("../fixtures/reference/*.pdf")
	files = append(files, pdfs...)
	if len(files) < 3 {
		t.Fatalf("want the reference report as DOCX and two PDFs in fixtures/reference, found %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, err := extract.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := normalize.Read(doc, f)
			if err != nil {
				t.Fatal(err)
			}
			if r.UnitCode != meta.UnitCode || r.UnitName != meta.UnitName || r.Year != meta.Year || r.DocKind != meta.DocKind || r.Level != meta.Level {
				t.Errorf("metadata = %q %q %d %q %q, want %q %q %d %q %q", r.UnitCode, r.UnitName, r.Year, r.DocKind, r.Level,
					meta.UnitCode, meta.UnitName, meta.Year, meta.DocKind, meta.Level)
			}
			got := factKeys(r.Facts())
			diffFacts(t, got, want)
			for _, c := range r.Checks {
				if !c.Passed {
					t.Errorf("check failed: %s %s %s %s: expected %d, found %d", c.TableKind, c.Rule, c.Subject, c.Measure, c.Expected, c.Found)
				}
			}
			if len(r.Checks) < 50 {
				t.Errorf("only %d checks ran; the reference report implies far more", len(r.Checks))
			}
			for _, w := range r.Warnings {
				t.Logf("warning: %s", w)
			}
		})
	}
}

func readExpectedFacts(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.Comment = '#'
	recs, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, rec := range recs[1:] {
		out = append(out, strings.Join(rec[:7], "|"))
	}
	sort.Strings(out)
	return out
}

func factKeys(facts []normalize.Fact) []string {
	var out []string
	for _, f := range facts {
		out = append(out, strings.Join([]string{f.TableKind, f.Side, f.Classification, f.Code, f.Name, f.Measure, strconv.FormatInt(f.Fen, 10)}, "|"))
	}
	sort.Strings(out)
	return out
}

// diffFacts reports the facts missing from got and the unexpected ones,
// with per-table counts so a failure says where to look.
func diffFacts(t *testing.T, got, want []string) {
	t.Helper()
	count := func(list []string) map[string]int {
		m := map[string]int{}
		for _, k := range list {
			m[k]++
		}
		return m
	}
	g, w := count(got), count(want)
	var missing, extra []string
	for k, n := range w {
		for i := g[k]; i < n; i++ {
			missing = append(missing, k)
		}
	}
	for k, n := range g {
		for i := w[k]; i < n; i++ {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra) == 0 {
		return
	}
	perKind := func(list []string) string {
		m := map[string]int{}
		for _, k := range list {
			m[strings.SplitN(k, "|", 2)[0]]++
		}
		return fmt.Sprint(m)
	}
	t.Errorf("got %d facts, want %d; missing %d %s, unexpected %d %s", len(got), len(want), len(missing), perKind(missing), len(extra), perKind(extra))
	for i, k := range missing {
		if i == 40 {
			break
		}
		t.Logf("missing:    %s", k)
	}
	for i, k := range extra {
		if i == 40 {
			break
		}
		t.Logf("unexpected: %s", k)
	}
}

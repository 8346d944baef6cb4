package normalize_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/normalize"
)

// goldenKinds are the tables the hand-checked real-report files cover; the
// other tables of those reports are not asserted here.
var goldenKinds = map[string]bool{
	"expenditure":                      true,
	"general_budget_expenditure":       true,
	"general_budget_basic_expenditure": true,
	"three_public":                     true,
}

// Real published reports from different producers must yield exactly the
// facts checked by hand against their pages (testdata/real/NAME.csv for
// ../shared/real/NAME.pdf), for the tables goldenKinds lists.
func TestRealReportsGolden(t *testing.T) {
	dir := realReportsDir(t)
	goldens, err := filepath.Glob("testdata/real/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(goldens) < 4 {
		t.Fatalf("want hand-checked facts of at least four real reports in testdata/real, found %v", goldens)
	}
	for _, golden := range goldens {
		name := strings.TrimSuffix(filepath.Base(golden), ".csv")
		t.Run(name, func(t *testing.T) {
			want := readExpectedFacts(t, golden)
			doc, err := extract.Open(filepath.Join(dir, name+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			r, err := normalize.Read(doc)
			if err != nil {
				t.Fatal(err)
			}
			var facts []normalize.Fact
			for _, f := range r.Facts() {
				if goldenKinds[f.TableKind] {
					facts = append(facts, f)
				}
			}
			diffFacts(t, factKeys(facts), want)
		})
	}
}

// realReportsDir finds ../shared/real beside the module root, or skips the
// test: a user's clone does not have the real reports.
func realReportsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared", "real")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("real reports not available (%v); they live in ../shared/real beside the repository", err)
	}
	return shared
}

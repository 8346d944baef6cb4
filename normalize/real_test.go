package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/internal/testenv"
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
	dir := testenv.RealDir(t)
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
			r, err := normalize.Read(doc, name+".pdf")
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

package normalize_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/normalize"
)

// The reference report states its “三公” total in the text (预算安排0.34万元)
// and prints it in its table: the check passes as published, and fails
// naming both figures when the text is changed to say 0.35万元.
func TestNarrativeTotalsAgainstTables(t *testing.T) {
	const path = "../fixtures/reference/haigang-2023-budget.docx"
	narrative := func(edit func(*extract.Document)) []normalize.Check {
		doc, err := extract.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		edit(doc)
		r, err := normalize.Read(doc, path)
		if err != nil {
			t.Fatal(err)
		}
		var out []normalize.Check
		for _, c := range r.Checks {
			if c.Rule == normalize.RuleNarrative {
				out = append(out, c)
			}
		}
		return out
	}

	got := narrative(func(*extract.Document) {})
	if len(got) != 1 || !got[0].Passed || got[0].TableKind != normalize.KindThreePublic || got[0].Found != 340000 {
		t.Fatalf("as published: narrative checks = %+v, want one passed three_public check of 340000 fen", got)
	}

	edited := 0
	got = narrative(func(doc *extract.Document) {
		for i, b := range doc.Blocks {
			if strings.Contains(b.Text, "经费预算安排0.34万元") {
				doc.Blocks[i].Text = strings.Replace(b.Text, "预算安排0.34万元", "预算安排0.35万元", 1)
				edited++
			}
		}
	})
	if edited != 1 {
		t.Fatalf("found the 三公 sentence %d times in %s, want once", edited, path)
	}
	if len(got) != 1 || got[0].Passed || got[0].Rounding || got[0].Expected != 340000 || got[0].Found != 350000 {
		t.Errorf("edited text: narrative checks = %+v, want one failure: table 340000 fen, text 350000 fen, beyond rounding", got)
	}

	// A table whose total row says 总计 is checked as one saying 合计.
	renamed := 0
	got = narrative(func(doc *extract.Document) {
		for _, b := range doc.Blocks {
			if b.Table == nil || !slices.ContainsFunc(b.Table.Cells, func(c extract.Cell) bool { return strings.Contains(c.Text(), "公务用车购置及运维费") }) {
				continue
			}
			for i := range b.Table.Cells {
				// The row's name, in the 项目 column; the 合计 column's
				// header stays.
				if c := &b.Table.Cells[i]; c.Text() == "合计" && c.Col == 1 {
					c.Lines = []string{"总计"}
					renamed++
				}
			}
		}
	})
	if renamed != 1 {
		t.Fatalf("renamed %d 合计 cells of the 三公 table, want 1", renamed)
	}
	if len(got) != 1 || !got[0].Passed || got[0].Found != 340000 {
		t.Errorf("total row 总计: narrative checks = %+v, want one passed check of 340000 fen", got)
	}
}

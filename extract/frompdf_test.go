package extract

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/extract/pdf"
	"github.com/cnbudget/cnbudget/internal/testenv"
)

var (
	dumpFile = flag.String("file", "", "TestDump: PDF file to lay out")
	dumpPage = flag.Int("page", 0, "TestDump: page to print (0 for all)")
)

// TestDump prints the blocks of a PDF for debugging layout:
//
//	go test ./extract -run TestDump -file report.pdf -page 12 -v
func TestDump(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -file given")
	}
	doc, err := Open(*dumpFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range doc.Blocks {
		if *dumpPage == 0 || b.Page == *dumpPage {
			fmt.Printf("p%d y%.0f %s\n", b.Page, b.Box.Y0, blockText(b))
		}
	}
	fmt.Println("warnings:", doc.Warnings)
}

// blockText shows a block: the line, or the table's rows with cells
// separated by " | " and "<" for a slot a merged cell covers.
func blockText(b Block) string {
	if b.Table == nil {
		return b.Text
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "TABLE %d×%d ruled=%v\n", b.Table.Rows, b.Table.Cols, b.Table.Ruled)
	for _, row := range gridText(b.Table) {
		sb.WriteString("    " + strings.Join(row, " | ") + "\n")
	}
	return sb.String()
}

func TestFromPDFBlocksByPosition(t *testing.T) {
	xs, ys := []float64{50, 150, 250}, []float64{100, 120, 140}
	p1 := pdf.Page{Number: 1, Rules: ruledTable(xs, ys, everyCell(2, 2)...)}
	// Content order as Excel writes it: body, then the note, then the title.
	p1.Glyphs = append(p1.Glyphs, text("项目", 55, 105, 10)...)
	p1.Glyphs = append(p1.Glyphs, rtext("1.00", 245, 125, 10)...)
	p1.Glyphs = append(p1.Glyphs, text("注：单位为元。", 50, 150, 10)...)
	p1.Glyphs = append(p1.Glyphs, ctext("支出总表", 150, 60, 16)...)
	d := &pdf.Document{
		Pages:    []pdf.Page{p1, {Number: 2}, {Number: 3, Glyphs: text("第三页", 50, 50, 10)}},
		Info:     map[string]string{"Producer": "test"},
		Warnings: []string{"page 2: odd font"},
	}
	doc := fromPDF(d)
	if doc.Format != "pdf" || doc.Pages != 3 || doc.Info["Producer"] != "test" || !slices.Equal(doc.Warnings, d.Warnings) {
		t.Errorf("document = %q %d pages, info %v, warnings %q", doc.Format, doc.Pages, doc.Info, doc.Warnings)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, fmt.Sprintf("%d %s", b.Page, strings.TrimSpace(blockText(b))))
	}
	want := []string{
		"1 支出总表",
		"1 TABLE 2×2 ruled=true\n    项目 | \n     | 1.00",
		"1 注：单位为元。",
		"3 第三页",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFromPDFNoTextLayer(t *testing.T) {
	d := &pdf.Document{Pages: []pdf.Page{{Number: 1, Rules: box(10, 10, 100, 100)}, {Number: 2}}}
	doc := fromPDF(d)
	if len(doc.Blocks) != 0 || !slices.Equal(doc.Warnings, []string{noTextLayer}) {
		t.Errorf("blocks %d, warnings %q", len(doc.Blocks), doc.Warnings)
	}
}

// tableAfter returns the first table that follows the text line
// title.
func tableAfter(t *testing.T, doc *Document, title string) *Table {
	t.Helper()
	seen := false
	for _, b := range doc.Blocks {
		if b.Table == nil && b.Text == title {
			seen = true
		}
		if seen && b.Table != nil {
			return b.Table
		}
	}
	t.Fatalf("no table after %q", title)
	return nil
}

// rowWith returns the cell texts of the first row whose cell key matches.
func rowWith(t *testing.T, tb *Table, key string) []string {
	t.Helper()
	for _, row := range gridText(tb) {
		if slices.Contains(row, key) {
			return row
		}
	}
	t.Fatalf("no row with %q in %d×%d table", key, tb.Rows, tb.Cols)
	return nil
}

// openFile reads a file the test needs: a missing one fails the test.
func openFile(t *testing.T, path string) *Document {
	t.Helper()
	doc, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The reference report exported by LibreOffice Writer (ruled) and Calc (no
// borders) must give the same 收入总表 rows.
func TestReferencePDFs(t *testing.T) {
	for _, c := range []struct {
		file  string
		ruled bool
	}{
		{"haigang-2023-budget.pdf", true},
		{"haigang-2023-budget-calc.pdf", false},
	} {
		t.Run(c.file, func(t *testing.T) {
			doc := openFile(t, filepath.Join("..", "fixtures", "reference", c.file))
			tb := tableAfter(t, doc, "单位预算收入总表")
			if tb.Ruled != c.ruled || tb.Cols != 13 {
				t.Errorf("收入总表: ruled %v, %d columns; want ruled %v, 13 columns", tb.Ruled, tb.Cols, c.ruled)
			}
			want := []string{"4", "2080109", "社会保险经办机构", "620.56", "620.56", "620.56", "", "", "", "", "", "", ""}
			if got := rowWith(t, tb, "2080109"); !slices.Equal(got, want) {
				t.Errorf("row 2080109 = %q\nwant %q", got, want)
			}
			header := gridText(tb)[0]
			if header[4] != "本年收入" || header[11] != "<" || header[12] == "<" {
				t.Errorf("header row = %q: 本年收入 should span 小计 … 其他收入", header)
			}
			// The 收支总表 runs over two pages; its totals are on the second.
			var totals []string
			for _, b := range doc.Blocks {
				if b.Page == 2 && b.Table != nil {
					totals = rowWith(t, b.Table, "本年收入合计")
				}
			}
			if !slices.Equal(totals, []string{"32", "本年收入合计", "2196.41", "本年支出合计", "2196.41"}) {
				t.Errorf("page 2 totals row = %q", totals)
			}
		})
	}
}

// A WPS export from Shanghai: the 支出总表 on page 12 has 类 款 项 code
// columns, the name and three amounts.
func TestRealShanghaiExpenditure(t *testing.T) {
	doc := openFile(t, filepath.Join(testenv.RealDir(t), "govbc__dept_budget.pdf"))
	tb := tableAfter(t, doc, "2026年部门支出预算总表")
	if tb.Cols != 7 || !tb.Ruled {
		t.Errorf("支出总表: %d columns, ruled %v; want 7, ruled", tb.Cols, tb.Ruled)
	}
	want := []string{"204", "06", "01", "行政运行", "16726725.44", "16726725.44", "0.00"}
	if got := rowWith(t, tb, "行政运行"); !slices.Equal(got, want) {
		t.Errorf("行政运行 row = %q, want %q", got, want)
	}
}

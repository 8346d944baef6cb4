package extract

import (
	"slices"
	"testing"

	"github.com/cnbudget/cnbudget/extract/pdf"
)

// box draws the border of one cell as four rules, the way producers draw
// tables cell by cell.
func box(x0, y0, x1, y1 float64) []pdf.Rule {
	return []pdf.Rule{rule(x0, y0, x1, y0), rule(x0, y1, x1, y1), rule(x0, y0, x0, y1), rule(x1, y0, x1, y1)}
}

func rule(x0, y0, x1, y1 float64) pdf.Rule { return pdf.Rule{X0: x0, Y0: y0, X1: x1, Y1: y1} }

// ruledTable draws cells given as grid-slot rectangles {r0, c0, r1, c1}
// on grid lines xs, ys.
func ruledTable(xs, ys []float64, cells ...[4]int) []pdf.Rule {
	var rs []pdf.Rule
	for _, c := range cells {
		rs = append(rs, box(xs[c[1]], ys[c[0]], xs[c[3]+1], ys[c[2]+1])...)
	}
	return rs
}

// everyCell lists all slots of a rows×cols grid as single cells.
func everyCell(rows, cols int) [][4]int {
	var cs [][4]int
	for r := range rows {
		for c := range cols {
			cs = append(cs, [4]int{r, c, r, c})
		}
	}
	return cs
}

// gridText is the table as rows of cell texts; a slot covered by a merged
// cell that does not start there reads "<".
func gridText(t *Table) [][]string {
	var out [][]string
	for r, row := range t.Grid() {
		var cells []string
		for c, cell := range row {
			switch {
			case cell == nil:
				cells = append(cells, "nil")
			case cell.Row != r || cell.Col != c:
				cells = append(cells, "<")
			default:
				cells = append(cells, cell.Text())
			}
		}
		out = append(out, cells)
	}
	return out
}

func wantGrid(t *testing.T, tb *Table, want [][]string) {
	t.Helper()
	got := gridText(tb)
	if len(got) != len(want) {
		t.Fatalf("got %d rows %q, want %d rows %q", len(got), got, len(want), want)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestLatticeSimpleGrid(t *testing.T) {
	xs, ys := []float64{50, 150, 250, 350}, []float64{100, 120, 140, 160}
	p := &pdf.Page{Number: 3, Rules: ruledTable(xs, ys, everyCell(3, 3)...)}
	for r, row := range [][]string{{"项目", "合计", "备注"}, {"行政运行", "1.00", ""}, {"机关服务", "2.00", "x"}} {
		for c, s := range row {
			p.Glyphs = append(p.Glyphs, text(s, xs[c]+3, ys[r]+5, 10)...)
		}
	}
	p.Glyphs = append(p.Glyphs, text("单位：元", 300, 80, 10)...)
	tables, rest := latticeTables(p)
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(tables))
	}
	tb := tables[0]
	if !tb.Ruled || tb.Page != 3 || tb.Rows != 3 || tb.Cols != 3 || len(tb.Cells) != 9 {
		t.Errorf("table = ruled %v page %d %d×%d with %d cells", tb.Ruled, tb.Page, tb.Rows, tb.Cols, len(tb.Cells))
	}
	if tb.Box != (Rect{50, 100, 350, 160}) {
		t.Errorf("box = %v", tb.Box)
	}
	wantGrid(t, tb, [][]string{{"项目", "合计", "备注"}, {"行政运行", "1.00", ""}, {"机关服务", "2.00", "x"}})
	if got := lineStrings(layoutLines(rest)); !slices.Equal(got, []string{"单位：元"}) {
		t.Errorf("text outside = %q", got)
	}
}

func TestLatticeMergedHeader(t *testing.T) {
	xs, ys := []float64{50, 200, 260, 320, 380}, []float64{100, 115, 130, 150, 170}
	p := &pdf.Page{Number: 1, Rules: ruledTable(xs, ys,
		[4]int{0, 0, 1, 0}, [4]int{0, 1, 0, 3},
		[4]int{1, 1, 1, 1}, [4]int{1, 2, 1, 2}, [4]int{1, 3, 1, 3},
		[4]int{2, 0, 2, 0}, [4]int{2, 1, 2, 1}, [4]int{2, 2, 2, 2}, [4]int{2, 3, 2, 3},
		[4]int{3, 0, 3, 0}, [4]int{3, 1, 3, 3},
	)}
	add := func(gs []pdf.Glyph) { p.Glyphs = append(p.Glyphs, gs...) }
	add(ctext("项目", 125, 110, 10)) // centred over two rows
	add(ctext("支出预算", 290, 102, 10))
	add(ctext("合计", 230, 117, 10))
	add(ctext("基本", 290, 117, 10))
	add(ctext("项目", 350, 117, 10))
	add(text("机关事业单位基本养老保险缴", 52, 131, 10)) // wrapped in its cell
	add(text("费支出", 52, 140, 10))
	add(rtext("3.00", 258, 135, 10))
	add(rtext("1.00", 318, 135, 10))
	add(rtext("2.00", 378, 135, 10))
	add(text("合计", 52, 155, 10))
	add(rtext("3.00", 378, 155, 10))
	tables, _ := latticeTables(p)
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(tables))
	}
	tb := tables[0]
	wantGrid(t, tb, [][]string{
		{"项目", "支出预算", "<", "<"},
		{"<", "合计", "基本", "项目"},
		{"机关事业单位基本养老保险缴费支出", "3.00", "1.00", "2.00"},
		{"合计", "3.00", "<", "<"},
	})
	g := tb.Grid()
	if c := g[0][0]; c.RowSpan != 2 || c.ColSpan != 1 {
		t.Errorf("项目 spans %d×%d, want 2×1", c.RowSpan, c.ColSpan)
	}
	if c := g[0][1]; c.RowSpan != 1 || c.ColSpan != 3 || c.Box != (Rect{200, 100, 380, 115}) {
		t.Errorf("支出预算 spans %d×%d box %v", c.RowSpan, c.ColSpan, c.Box)
	}
	if c := g[2][0]; !slices.Equal(c.Lines, []string{"机关事业单位基本养老保险缴", "费支出"}) {
		t.Errorf("wrapped name lines = %q", c.Lines)
	}
}

func TestLatticeTwoTablesOnAPage(t *testing.T) {
	xs := []float64{50, 150, 250}
	p := &pdf.Page{Number: 1}
	p.Rules = append(p.Rules, ruledTable(xs, []float64{100, 120, 140}, everyCell(2, 2)...)...)
	p.Rules = append(p.Rules, ruledTable(xs, []float64{300, 320, 340, 360}, everyCell(3, 2)...)...)
	p.Glyphs = append(p.Glyphs, text("上表", 55, 105, 10)...)
	p.Glyphs = append(p.Glyphs, text("中间的说明文字", 55, 200, 10)...)
	p.Glyphs = append(p.Glyphs, text("下表", 55, 305, 10)...)
	tables, rest := latticeTables(p)
	if len(tables) != 2 {
		t.Fatalf("got %d tables, want 2", len(tables))
	}
	if a, b := tables[0], tables[1]; a.Rows != 2 || b.Rows != 3 || a.Box.Y0 != 100 || b.Box.Y0 != 300 {
		t.Errorf("tables: %d rows at %v, %d rows at %v", a.Rows, a.Box, b.Rows, b.Box)
	}
	if tables[0].Cells[0].Text() != "上表" || tables[1].Cells[0].Text() != "下表" {
		t.Errorf("first cells %q, %q", tables[0].Cells[0].Text(), tables[1].Cells[0].Text())
	}
	if got := lineStrings(layoutLines(rest)); !slices.Equal(got, []string{"中间的说明文字"}) {
		t.Errorf("text outside = %q", got)
	}
}

func TestLatticeDoubleBorderAndPieces(t *testing.T) {
	xs, ys := []float64{50, 150, 250}, []float64{100, 120, 140}
	p := &pdf.Page{Number: 1, Rules: ruledTable(xs, ys, everyCell(2, 2)...)}
	// A second outer border 1.5pt outside the first, drawn in two pieces
	// that meet, and a thin filled rectangle's edge 0.3pt off.
	p.Rules = append(p.Rules,
		pdf.Rule{X0: 48.5, Y0: 98.5, X1: 150, Y1: 98.5}, pdf.Rule{X0: 150, Y0: 98.7, X1: 251.5, Y1: 98.7},
		pdf.Rule{X0: 48.5, Y0: 141.5, X1: 251.5, Y1: 141.5},
		pdf.Rule{X0: 48.5, Y0: 98.5, X1: 48.5, Y1: 141.5}, pdf.Rule{X0: 251.5, Y0: 98.5, X1: 251.5, Y1: 141.5},
		pdf.Rule{X0: 150.3, Y0: 100, X1: 150.3, Y1: 140},
	)
	p.Glyphs = text("甲", 60, 105, 10)
	tables, _ := latticeTables(p)
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(tables))
	}
	if tb := tables[0]; tb.Rows != 2 || tb.Cols != 2 {
		t.Errorf("table is %d×%d, want 2×2", tb.Rows, tb.Cols)
	}
}

func TestLatticeMissingOuterBorder(t *testing.T) {
	// Only the rules between rows and columns, as some producers draw.
	p := &pdf.Page{Number: 1, Rules: []pdf.Rule{
		rule(50, 100, 350, 100), rule(50, 120, 350, 120), rule(50, 140, 350, 140),
		rule(150, 100, 150, 140), rule(250, 100, 250, 140),
	}}
	p.Glyphs = append(text("名称", 55, 105, 10), rtext("9.00", 345, 125, 10)...)
	tables, rest := latticeTables(p)
	if len(tables) != 1 || len(rest) != 0 {
		t.Fatalf("got %d tables and %d loose glyphs", len(tables), len(rest))
	}
	wantGrid(t, tables[0], [][]string{{"名称", "", ""}, {"", "", "9.00"}})
}

func TestLatticeFrameIsNoTable(t *testing.T) {
	p := &pdf.Page{Number: 1, Rules: box(40, 40, 500, 700), Glyphs: text("正文", 50, 50, 10)}
	tables, rest := latticeTables(p)
	if len(tables) != 0 || len(rest) != 2 {
		t.Errorf("got %d tables and %d loose glyphs, want 0 and 2", len(tables), len(rest))
	}
}

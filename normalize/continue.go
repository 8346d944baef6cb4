package normalize

import (
	"strings"
	"unicode/utf8"

	"github.com/cnbudget/cnbudget/extract"
)

// run is a table being read across pages: the Table its rows go to, the
// layout its first page's header gave, and the grid of its latest page,
// kept so that a row the page break split can be read again whole.
type run struct {
	table  *Table
	lay    layout
	first  *extract.Table // the first page's table: its columns place the next pages'
	header []string       // the first page's header rows, for spotting a repeated header

	last      grid // the latest page's grid
	lastFrom  int  // its first body row
	lastPage  int
	lastRows  int // len(table.Rows) before last was read
	lastWarns int // len(Report.Warnings) before last was read
}

// newRun starts a run with the first page's table, its grid and layout;
// warns is len(Report.Warnings) before the grid's rows were read.
func newRun(t *Table, lay layout, first *extract.Table, g grid, warns int) *run {
	ru := &run{table: t, lay: lay, first: first, last: g, lastFrom: lay.body, lastPage: first.Page, lastWarns: warns}
	for r := 0; r < lay.body && r < g.rows; r++ {
		ru.header = append(ru.header, rowKey(g, r))
	}
	return ru
}

// place returns the grid of a headerless table t laid on the run's
// columns, or false when t cannot continue the run. A table with the
// same number of columns continues it as is; one whose merged cells
// split the page into other columns (当年支出小计 spanning three columns
// on one page, two on the next) is placed by the x positions of the
// first page's columns.
func (ru *run) place(t *extract.Table) (grid, bool) {
	if t.Cols == ru.first.Cols {
		return newGrid(t), true
	}
	placed, ok := realign(t, ru.first)
	if !ok {
		return grid{}, false
	}
	return newGrid(placed), true
}

// realign rebuilds t on the columns of ref, matching cells by their left
// and right edges. It fails without positions (DOCX) or when an edge of t
// matches no column boundary of ref.
func realign(t, ref *extract.Table) (*extract.Table, bool) {
	bounds := make([][2]float64, ref.Cols)
	found := make([]bool, ref.Cols)
	for _, c := range ref.Cells {
		if c.ColSpan == 1 && c.Box.X1 > c.Box.X0 {
			bounds[c.Col], found[c.Col] = [2]float64{c.Box.X0, c.Box.X1}, true
		}
	}
	for _, f := range found {
		if !f {
			return nil, false
		}
	}
	const tolerance = 3 // points: ruling lines are drawn a little apart on each page
	column := func(x float64, edge int) int {
		for j, b := range bounds {
			if d := x - b[edge]; d > -tolerance && d < tolerance {
				return j
			}
		}
		return -1
	}
	out := &extract.Table{Page: t.Page, Box: t.Box, Rows: t.Rows, Cols: ref.Cols, Ruled: t.Ruled}
	taken := make(map[[2]int]bool)
	for _, c := range t.Cells {
		from, to := column(c.Box.X0, 0), column(c.Box.X1, 1)
		if from < 0 || to < from {
			return nil, false
		}
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			for j := from; j <= to; j++ {
				if taken[[2]int{r, j}] {
					return nil, false
				}
				taken[[2]int{r, j}] = true
			}
		}
		c.Col, c.ColSpan = from, to-from+1
		out.Cells = append(out.Cells, c)
	}
	return out, true
}

// continueTable appends the rows of a table that runs on from the
// previous page. A repeated header and its 栏次 row are skipped. When the
// page break split a row, the fragment that opens this page is joined to
// the row that closed the last one, which is read again.
func (rd *reader) continueTable(g grid, page int) {
	ru := rd.cur
	from := 0
	for from < g.rows && ru.repeatsHeader(g, from) {
		from++
	}
	if from < g.rows && isAnchorRow(g.text[from]) {
		from++
	}
	if from < g.rows && ru.joinSplitRow(g, from) {
		ru.table.Rows = ru.table.Rows[:ru.lastRows]
		rd.report.Warnings = rd.report.Warnings[:ru.lastWarns]
		rd.warn(*ru.table, readRows(ru.last, ru.lay, ru.lastFrom, ru.table, ru.lastPage))
		from++
	}
	ru.last, ru.lastFrom, ru.lastPage = g, from, page
	ru.lastRows, ru.lastWarns = len(ru.table.Rows), len(rd.report.Warnings)
	rd.warn(*ru.table, readRows(g, ru.lay, from, ru.table, page))
}

// repeatsHeader reports whether row r of g is one of the first page's
// header rows, printed again.
func (ru *run) repeatsHeader(g grid, r int) bool {
	key := rowKey(g, r)
	for _, h := range ru.header {
		if key == h && key != "" {
			return true
		}
	}
	return false
}

// joinSplitRow joins row r of g to the last row of the previous page when
// it is the rest of that row (八、社会保障和就 / 业支出; 当年收入 / 小计): a
// few characters, no figure, no code and no enumerator, each under a cell
// of the previous row that has text. It reports whether it did.
func (ru *run) joinSplitRow(g grid, r int) bool {
	prev := ru.last
	if prev.rows == 0 || prev.rows <= ru.lastFrom {
		return false
	}
	last := prev.rows - 1
	joined := 0
	for c := 0; c < g.cols; c++ {
		if !g.origin(r, c) {
			continue
		}
		t := removeSpaces(g.text[r][c])
		if t == "" {
			continue
		}
		cell := prev.cell[last][c]
		if looksLikeAmount(t) || allDigits(t) || stripEnumerator(t) != t || utf8.RuneCountInString(t) > 8 ||
			cell == nil || cell.Row != last || prev.text[last][c] == "" {
			return false
		}
		joined++
	}
	if joined == 0 {
		return false
	}
	for c := 0; c < g.cols; c++ {
		if g.origin(r, c) && g.text[r][c] != "" {
			prev.text[last][c] += strings.TrimSpace(g.text[r][c])
		}
	}
	return true
}

// rowKey is a row's text without spaces, each cell once, for comparing
// header rows across pages.
func rowKey(g grid, r int) string {
	var b strings.Builder
	for c := 0; c < g.cols; c++ {
		if g.origin(r, c) {
			b.WriteString(removeSpaces(g.text[r][c]))
			b.WriteByte('|')
		}
	}
	return strings.Trim(b.String(), "|")
}

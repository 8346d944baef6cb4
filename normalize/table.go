package normalize

import (
	"fmt"
	"strings"

	"github.com/cnbudget/cnbudget/extract"
)

// grid is a table's cell texts with merged cells expanded, plus which slots
// belong to the same cell, so header levels can be read column by column.
type grid struct {
	text  [][]string
	cell  [][]*extract.Cell
	rows  int
	cols  int
	ruled bool
}

func newGrid(t *extract.Table) grid {
	g := grid{cell: t.Grid(), rows: t.Rows, cols: t.Cols, ruled: t.Ruled}
	g.text = make([][]string, t.Rows)
	for r := range g.cell {
		g.text[r] = make([]string, t.Cols)
		for c, cell := range g.cell[r] {
			if cell != nil {
				g.text[r][c] = strings.TrimSpace(cell.Text())
			}
		}
	}
	return g
}

// origin reports whether slot (r, c) is where its cell starts, so a merged
// cell's text is read once.
func (g grid) origin(r, c int) bool {
	cell := g.cell[r][c]
	return cell != nil && cell.Row == r && cell.Col == c
}

// layout is what a table's header says about its columns.
type layout struct {
	body   int        // first body row
	groups []colGroup // one per side (two-sided tables) or one
	unit   string     // a unit printed inside the header, if any
	title  string     // a title printed inside the grid (Excel exports), if any
}

// colGroup is a set of columns read together as one row: the code and name
// columns and the amount columns that belong to them.
type colGroup struct {
	side     string
	codeCols []int
	nameCol  int
	amounts  []column
}

type column struct {
	index   int
	measure string
	header  string
}

// isSeqHeader names the running-number columns that carry no data.
func isSeqHeader(h string) bool {
	switch h {
	case "序号", "行次", "栏次", "编号":
		return true
	}
	return false
}

func isCodeHeader(h string) bool {
	return strings.Contains(h, "编码") || strings.Contains(h, "代码") || h == "类" || h == "款" || h == "项" || h == "科目代码"
}

func isNameHeader(h string) bool {
	if strings.Contains(h, "名称") || strings.HasSuffix(h, "科目") || strings.HasSuffix(h, "项目") {
		return true
	}
	switch h {
	case "收入", "支出", "科目", "项目", "内容", "经济分类", "功能分类":
		return true
	}
	return false
}

// readLayout finds the header rows and the role of every column.
func readLayout(g grid, kind string) (layout, []string) {
	var lay layout
	var warnings []string
	anchor := -1 // the 栏次 row
	for r := 0; r < g.rows && anchor < 0; r++ {
		if isAnchorRow(g.text[r]) {
			anchor = r
		}
	}
	lay.body = anchor + 1
	if anchor < 0 {
		lay.body = firstDataRow(g)
	}
	header := make([][]string, g.cols) // levels per column, outermost first
	// Without rulings a wrapped header cell arrives as stacked fragments
	// (一般公共预算财 / 政拨款), sometimes with a neighbour's line between
	// them; below the spanning group headers, a column's fragments are one cell.
	tail := make([]string, g.cols)
	for r := 0; r < lay.body && r < g.rows; r++ {
		if r == anchor {
			continue
		}
		if g.spansAll(r) {
			// A caption row inside the grid: title or unit line.
			txt := g.text[r][0]
			if u := ParseUnit(txt); u != "" {
				lay.unit = u
			} else if TableKind(txt) != "" {
				lay.title = txt
			}
			continue
		}
		for c := 0; c < g.cols; c++ {
			txt := removeSpaces(g.text[r][c])
			if txt == "" || (r > 0 && g.cell[r][c] == g.cell[r-1][c]) {
				continue
			}
			if u := ParseUnit(txt); u != "" && lay.unit == "" {
				lay.unit = u
			}
			if !g.ruled && g.cell[r][c].ColSpan <= 1 {
				tail[c] += txt
				continue
			}
			header[c] = append(header[c], txt)
		}
	}
	for c, t := range tail {
		if t != "" {
			header[c] = append(header[c], t)
		}
	}
	twoSided := kind == KindSummary || kind == KindAppropriationSummary
	var cur *colGroup
	for c := 0; c < g.cols; c++ {
		levels := header[c]
		if len(levels) == 0 && !columnHasAmounts(g, lay.body, c) {
			continue
		}
		side := ""
		if twoSided && len(levels) > 0 {
			side = sideOf(levels[0])
		}
		last := ""
		if len(levels) > 0 {
			last = levels[len(levels)-1]
		}
		// A new side, or a code or name column after amounts (收支预算总表
		// printing 功能分类 and 支出用途 side by side), starts a new group.
		restart := cur != nil && len(cur.amounts) > 0 && (isCodeHeader(last) || isNameHeader(last) && !columnHasAmounts(g, lay.body, c))
		if cur == nil || side != cur.side && side != "" || restart {
			if side == "" && cur != nil {
				side = cur.side
			}
			lay.groups = append(lay.groups, colGroup{side: side, nameCol: -1})
			cur = &lay.groups[len(lay.groups)-1]
		}
		switch {
		case isSeqHeader(last) || len(levels) > 0 && isSeqHeader(levels[0]):
		case isCodeHeader(last):
			cur.codeCols = append(cur.codeCols, c)
		case isNameHeader(last) && cur.nameCol < 0 && !columnHasAmounts(g, lay.body, c):
			cur.nameCol = c
		case columnHasAmounts(g, lay.body, c) || knownMeasure(levels):
			m, known := Measure(levels)
			if m == measureNone {
				m = unknownMeasurePrefix + fmt.Sprint(c+1)
			}
			if !known {
				warnings = append(warnings, fmt.Sprintf("column %d header %q is not in the measure vocabulary; kept as %q", c+1, strings.Join(levels, "›"), m))
			}
			cur.amounts = append(cur.amounts, column{index: c, measure: m, header: strings.Join(levels, "›")})
		case cur.nameCol < 0 && columnHasText(g, lay.body, c):
			cur.nameCol = c
		}
	}
	for i := range lay.groups {
		grp := &lay.groups[i]
		// The only amount column of a table, or of one side, is "amount",
		// whatever its header says (预算数, 决算数, 金额).
		if len(grp.amounts) == 1 {
			grp.amounts[0].measure = MeasureAmount
		}
	}
	return lay, warnings
}

func knownMeasure(levels []string) bool {
	_, known := Measure(levels)
	return known && len(levels) > 0
}

// sideOf reads the top header of a two-sided table: 收入, 本年收入,
// 财政拨款收入 are the revenue side; 支出, 本年支出 the expenditure side.
func sideOf(top string) string {
	in, out := strings.Contains(top, "收入"), strings.Contains(top, "支出")
	switch {
	case in && !out:
		return "revenue"
	case out && !in:
		return "expenditure"
	case strings.HasPrefix(top, "收"):
		return "revenue"
	case strings.HasPrefix(top, "支"):
		return "expenditure"
	}
	return ""
}

// isAnchorRow recognizes the 栏次 row (栏次 | 1 | 2 | 3 ...) that many
// reports print between header and body.
func isAnchorRow(cells []string) bool {
	n, want := 0, 1
	for _, c := range cells {
		c = removeSpaces(c)
		switch {
		case c == "栏次":
			return true
		case c == fmt.Sprint(want):
			n++
			want++
		case c == "":
		default:
			return false
		}
	}
	return n >= 3
}

// firstDataRow is the first row holding an amount beside some text, for
// tables without a 栏次 row.
func firstDataRow(g grid) int {
	for r := 0; r < g.rows; r++ {
		amounts, text := 0, 0
		for c := 0; c < g.cols; c++ {
			if !g.origin(r, c) {
				continue
			}
			switch t := g.text[r][c]; {
			case t == "":
			case looksLikeAmount(t):
				amounts++
			default:
				text++
			}
		}
		if amounts > 0 && (text > 0 || amounts > 1) {
			return r
		}
	}
	return g.rows
}

func (g grid) spansAll(r int) bool {
	if g.cols < 2 {
		return false
	}
	first := g.cell[r][0]
	for c := 1; c < g.cols; c++ {
		if g.cell[r][c] != first {
			return false
		}
	}
	return first != nil
}

func columnHasAmounts(g grid, from, c int) bool {
	for r := from; r < g.rows; r++ {
		if g.origin(r, c) && looksLikeAmount(g.text[r][c]) {
			return true
		}
	}
	return false
}

func columnHasText(g grid, from, c int) bool {
	for r := from; r < g.rows; r++ {
		if t := g.text[r][c]; t != "" && !looksLikeAmount(t) {
			return true
		}
	}
	return false
}

// readRows turns the body rows of a grid into report rows under a layout.
// from is the first row to read (a continuation page may repeat the header).
func readRows(g grid, lay layout, from int, t *Table, page int) []string {
	var warnings []string
	for r := from; r < g.rows; r++ {
		if isAnchorRow(g.text[r]) || g.spansAll(r) {
			continue
		}
		for _, grp := range lay.groups {
			row, warns := readRow(g, r, grp, t, page)
			warnings = append(warnings, warns...)
			if row.Name == "" && row.Code == "" && len(row.Amounts) == 0 {
				continue
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return warnings
}

func readRow(g grid, r int, grp colGroup, t *Table, page int) (Row, []string) {
	row := Row{Page: page, Side: grp.side}
	var codeCells []string
	for _, c := range grp.codeCols {
		if g.origin(r, c) {
			codeCells = append(codeCells, g.text[r][c])
		} else {
			codeCells = append(codeCells, "")
		}
	}
	row.Code = JoinCode(codeCells...)
	if grp.nameCol >= 0 && g.origin(r, grp.nameCol) {
		row.RawName = g.text[r][grp.nameCol]
	}
	if row.Code == "" && row.RawName == "" && len(codeCells) == 1 {
		// A code column holding "2080109 社会保险经办机构" or a name only.
		row.RawName = codeCells[0]
	}
	if row.Code == "" {
		if code, name := splitCodeName(row.RawName); code != "" {
			row.Code, row.RawName = code, name
		}
	}
	row.Name = CleanName(row.RawName)
	row.Classification = classify(t.Kind, row.Code)
	if row.Code == "" && (grp.side == "expenditure" || t.Kind == KindSummary && grp.side == "") {
		if code := classCode(row.Name); code != "" {
			row.Code, row.Classification = code, "function"
		}
	}
	var warnings []string
	for _, col := range grp.amounts {
		if !g.origin(r, col.index) {
			continue
		}
		txt := g.text[r][col.index]
		d, ok, err := ParseAmount(txt)
		if err != nil {
			if txt != "" && !strings.Contains(txt, "栏次") {
				warnings = append(warnings, fmt.Sprintf("row %q column %q: %v", row.Name, col.header, err))
			}
			continue
		}
		if !ok {
			continue
		}
		fen, exact, err := ToFen(d, t.Unit)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("row %q column %q: %v", row.Name, col.header, err))
			continue
		}
		if !exact {
			warnings = append(warnings, fmt.Sprintf("row %q column %q: %s %s is finer than a fen; rounded", row.Name, col.header, d, t.Unit))
		}
		row.Amounts = append(row.Amounts, Amount{Measure: col.measure, Value: d, Fen: fen})
	}
	return row, warnings
}

// classify names the classification system of a code by the table it is in.
func classify(kind, code string) string {
	if code == "" {
		return ""
	}
	switch kind {
	case KindGeneralBudgetBasicExpenditure, KindAppropriationBasicExpenditure, KindOperatingCosts:
		return "economic"
	}
	if code[0] == '3' || code[0] == '5' {
		// 301 工资福利支出 ... 399; 501 ... 599: economic codes wherever they occur.
		return "economic"
	}
	return "function"
}

package normalize

import (
	"fmt"
	"strconv"
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
	unit   string     // a unit printed in a header cell, if any
}

// colGroup is a set of columns read together as one row: the code and name
// columns and the amount columns that belong to them.
type colGroup struct {
	side     string
	codeCols []int
	nameCol  int
	itemCol  int // a headerless column right of the names: the items of a grouped list, or -1
	amounts  []column
}

type column struct {
	index   int
	measure string
	header  string
	levels  []string
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
			continue // a caption row: see captions
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
		hasAmounts := columnHasAmounts(g, lay.body, c)
		if len(levels) == 0 && !hasAmounts {
			// Jiangsu's 收入预算总表 lists its items in groups: the group in
			// the name column (一般公共预算资金, merged down), its 小计 and
			// items (公共财政拨款(补助)资金) in an unheaded column beside it.
			if cur != nil && cur.nameCol >= 0 && isItemCol(g, lay.body, cur, c) {
				cur.itemCol = c
			}
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
		restart := cur != nil && len(cur.amounts) > 0 && (isCodeHeader(last) || isNameHeader(last) && !hasAmounts)
		if cur == nil || side != cur.side && side != "" || restart {
			if side == "" && cur != nil {
				side = cur.side
			}
			lay.groups = append(lay.groups, colGroup{side: side, nameCol: -1, itemCol: -1})
			cur = &lay.groups[len(lay.groups)-1]
		}
		m, known := Measure(levels)
		switch {
		case isSeqHeader(last) || len(levels) > 0 && isSeqHeader(levels[0]):
		case isCodeHeader(last):
			cur.codeCols = append(cur.codeCols, c)
		case isNameHeader(last) && cur.nameCol < 0 && !hasAmounts:
			cur.nameCol = c
		case hasAmounts || len(levels) > 0 && known:
			if m == measureNone {
				m = unknownMeasurePrefix + strconv.Itoa(c+1)
			}
			cur.amounts = append(cur.amounts, column{index: c, measure: m, header: strings.Join(levels, "›"), levels: levels})
		case cur.nameCol < 0 && columnHasText(g, lay.body, c, false):
			cur.nameCol = c
		case cur.nameCol >= 0 && sharesHeader(g, lay.body, c, cur.nameCol) && isItemCol(g, lay.body, cur, c):
			cur.itemCol = c // 项目名称 printed over both columns of a grouped list
		}
	}
	for i := range lay.groups {
		grp := &lay.groups[i]
		// The only amount column of a table, or of one side, is "amount",
		// whatever its header says (预算数, 决算数, 金额).
		if len(grp.amounts) == 1 {
			grp.amounts[0].measure = MeasureAmount
		}
		for _, col := range grp.amounts {
			if strings.HasPrefix(col.measure, unknownMeasurePrefix) {
				warnings = append(warnings, fmt.Sprintf("column %d header %q is not in the measure vocabulary; kept as %q", col.index+1, col.header, col.measure))
			}
		}
	}
	return lay, warnings
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
		case c == strconv.Itoa(want):
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
			case text == 0 && allDigits(removeSpaces(t)):
				// Digits before the row's name are its code (205 | 教育支出),
				// not an amount: a blank template has codes and no figures.
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
	return firstBodyRow(g)
}

// firstBodyRow finds where the body of a table without a single amount
// begins (an empty 政府性基金 table, a blank template): at its first
// classification code, or a 合计, 无 (none) or enumerated item
// (一、一般公共预算财政拨款收入) in one of its first two columns, where rows
// are named; further right, 合计 heads a column. Without it, such a table
// is all header.
func firstBodyRow(g grid) int {
	for r := 0; r < g.rows; r++ {
		for c := 0; c < g.cols; c++ {
			if !g.origin(r, c) {
				continue
			}
			t := removeSpaces(g.text[r][c])
			if validCode(t) {
				return r
			}
			if c >= 2 {
				continue
			}
			if isTotalName(t) || t == "无" || t == "此表为空" {
				return r
			}
			if stripEnumerator(t) != t {
				return r
			}
		}
	}
	return g.rows
}

// captions are the rows at the top of a grid that one cell spans entirely:
// Excel exports print the title, unit and year lines inside the table.
func (g grid) captions() []string {
	var lines []string
	for r := 0; r < g.rows && g.spansAll(r); r++ {
		lines = append(lines, g.text[r][0])
	}
	return lines
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

// columnHasText reports whether column c has text other than amounts from
// row from down; with own, only in cells that start there, not in cells
// merged into it from the left or above.
func columnHasText(g grid, from, c int, own bool) bool {
	for r := from; r < g.rows; r++ {
		if t := g.text[r][c]; t != "" && (!own || g.origin(r, c)) && !looksLikeAmount(t) {
			return true
		}
	}
	return false
}

// isItemCol reports whether column c, right of grp's names and before its
// amounts, holds the items of a grouped list.
func isItemCol(g grid, body int, grp *colGroup, c int) bool {
	return grp.itemCol < 0 && c > grp.nameCol && len(grp.amounts) == 0 && columnHasText(g, body, c, true)
}

// sharesHeader reports whether columns a and b stand under one merged
// header cell.
func sharesHeader(g grid, body, a, b int) bool {
	for r := 0; r < body && r < g.rows; r++ {
		if g.cell[r][a] != nil && g.cell[r][a] == g.cell[r][b] {
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
	var warnings []string
	if row.Code == "" && len(t.Rows) > 0 {
		above := t.Rows[len(t.Rows)-1].Code
		if code := repairClass(codeCells, above); code != "" {
			warnings = append(warnings, fmt.Sprintf("row %q: code cells %q are not a code; read as %s, in the 款 of the row above", g.text[r][max(grp.nameCol, 0)], codeCells, code))
			row.Code = code
		}
	}
	if grp.nameCol >= 0 {
		// A name merged across columns from the left (当年支出小计 over
		// the 功能分类 and 支出用途 groups) names this group's row too;
		// one merged from the row above does not.
		if cell := g.cell[r][grp.nameCol]; cell != nil && cell.Row == r {
			row.RawName = g.text[r][grp.nameCol]
		}
	}
	if grp.itemCol >= 0 && g.origin(r, grp.itemCol) {
		// An item names its row; a group's 小计 row is named by the group.
		if item := g.text[r][grp.itemCol]; item != "" && CleanName(item) != "小计" {
			row.RawName = item
		}
	}
	if row.Code == "" && row.RawName == "" {
		// A code column holding "2080109 社会保险经办机构", or a 合计
		// cell merged across the code and name columns.
		for _, c := range codeCells {
			if c != "" {
				row.RawName = c
				break
			}
		}
	}
	if row.Code == "" {
		if code, name := splitCodeName(row.RawName); code != "" {
			row.Code, row.RawName = code, name
		}
	}
	row.Name = CleanName(row.RawName)
	if grp.nameCol < 0 && len(grp.codeCols) == 0 && len(grp.amounts) > 1 && grp.amounts[0].measure == MeasureTotal {
		// A table of amount columns only (合计 | 基本支出 | 项目支出 over
		// one row) prints its grand total.
		row.Name = "合计"
	}
	row.Classification = classify(t.Kind, row.Code)
	if row.Code == "" && (grp.side == "expenditure" || t.Kind == KindSummary && grp.side == "") {
		if code := classCode(row.Name); code != "" {
			row.Code, row.Classification = code, "function"
		}
	}
	for _, col := range grp.amounts {
		if !g.origin(r, col.index) {
			continue
		}
		a, ok, err := amountOf(g.text[r][col.index], col.measure, t.Unit)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("row %q column %q: %v", row.Name, col.header, err))
		}
		if ok {
			row.Amounts = append(row.Amounts, a)
		}
	}
	return row, warnings
}

// amountOf reads one money cell. ok is false for a cell with no figure;
// a figure finer than a fen is rounded and reported as an error beside the
// amount (ok stays true).
func amountOf(txt, measure, unit string) (a Amount, ok bool, err error) {
	d, ok, err := ParseAmount(txt)
	if err != nil || !ok {
		return Amount{}, false, err
	}
	fen, exact, err := ToFen(d, unit)
	if err != nil {
		return Amount{}, false, err
	}
	a = Amount{Measure: measure, Value: d, Fen: fen}
	if !exact {
		return a, true, fmt.Errorf("%s %s is finer than a fen; rounded", d, unit)
	}
	return a, true, nil
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

// horizontal reports whether a layout is a table whose items are column
// headers over a row of amounts (Shanghai's and Jiangsu's 三公 tables:
// 合计 | 因公出国（境）费 | 公务接待费 | 公务用车购置及运行费 ...).
func (lay layout) horizontal() bool {
	if len(lay.groups) != 1 || lay.groups[0].nameCol >= 0 || len(lay.groups[0].codeCols) > 0 {
		return false
	}
	items := 0
	for _, col := range lay.groups[0].amounts {
		if itemName(col.levels) != "" {
			items++
		}
	}
	return items >= 2
}

// itemName is the item a horizontal table's column stands for: its deepest
// header that is not a generic word (小计 under 公务用车购置及运行费 is that
// item; 预算数 and 决算数 are measures, not items).
func itemName(levels []string) string {
	for i := len(levels) - 1; i >= 0; i-- {
		switch l := CleanName(levels[i]); l {
		case "小计", "预算数", "决算数", "金额", "预算", "决算":
		default:
			if strings.Contains(l, "三公") || strings.Contains(l, "费") || isTotalName(l) || strings.Contains(l, "机关运行经费") {
				// 购置费 and 运行费 under 公务用车购置及运行费 are the car's.
				if i > 0 && !strings.HasPrefix(l, "公务用车") && strings.HasPrefix(CleanName(levels[i-1]), "公务用车") {
					return "公务用车" + l
				}
				return l
			}
			return ""
		}
	}
	return ""
}

// horizontalMeasure is amount, or budget/actual where a 决算 table prints
// both under each item.
func horizontalMeasure(levels []string, final bool) string {
	if len(levels) > 0 {
		switch removeSpaces(levels[len(levels)-1]) {
		case "预算数":
			if final {
				return MeasureBudget
			}
		case "决算数":
			return MeasureActual
		}
	}
	return MeasureAmount
}

// readHorizontal turns each column of a horizontal table into a row of its
// own. The 机关运行经费 printed beside the 三公 items is a figure of another
// kind: it goes to ops, an operating_costs table.
func readHorizontal(g grid, lay layout, t, ops *Table, page int) []string {
	var warnings []string
	measures := map[string]bool{}
	final := false // 预算数 beside 决算数 is the budget figure
	for _, col := range lay.groups[0].amounts {
		final = final || len(col.levels) > 0 && removeSpaces(col.levels[len(col.levels)-1]) == "决算数"
	}
	for r := lay.body; r < g.rows; r++ {
		if isAnchorRow(g.text[r]) || g.spansAll(r) {
			continue
		}
		for _, col := range lay.groups[0].amounts {
			name := itemName(col.levels)
			if name == "" || !g.origin(r, col.index) {
				continue
			}
			target := t
			if strings.Contains(name, "机关运行经费") {
				target, name = ops, "机关运行经费"
			}
			m := horizontalMeasure(col.levels, final)
			a, ok, err := amountOf(g.text[r][col.index], m, t.Unit)
			if err != nil {
				warnings = append(warnings, fmt.Sprintf("column %q: %v", col.header, err))
			}
			if !ok {
				continue
			}
			measures[m] = true
			if n := len(target.Rows); n > 0 && target.Rows[n-1].Name == name {
				target.Rows[n-1].Amounts = append(target.Rows[n-1].Amounts, a)
				continue
			}
			target.Rows = append(target.Rows, Row{Page: page, Name: name, RawName: col.header, Amounts: []Amount{a}})
		}
	}
	t.Columns = nil // its headers are the items, now row names
	for _, m := range []string{MeasureAmount, MeasureBudget, MeasureActual} {
		if measures[m] {
			t.Columns = append(t.Columns, Column{Measure: m})
		}
	}
	if len(ops.Rows) > 0 {
		ops.Columns = []Column{{Measure: MeasureAmount}}
	}
	return warnings
}

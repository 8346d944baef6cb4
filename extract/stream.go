package extract

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Stream-table thresholds, as multiples of the font size.
const (
	// tableGap is the empty space between two lines that ends a table.
	tableGap = 2.5
	// titleSize is how much larger than the table's text a line must be
	// to read as the next title rather than a row.
	titleSize = 1.15
	// wrapGap is the largest gap between a row and a line below it that
	// continues a wrapped cell; rows are padded further apart.
	wrapGap = 0.5
	// maxHeader bounds the header lines taken above a 栏次 row.
	maxHeader = 6
)

// number matches a printed amount or count: 1234, 1,234.56, -0.5, 12%.
var number = regexp.MustCompile(`^[-−+]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?%?$`)

// streamTables finds tables printed without ruling lines among a page's
// lines (top to bottom). A 栏次 row (栏次 1 2 … N) anchors the columns
// when there is one; otherwise runs of lines whose words fall into the
// same columns and hold amounts make a table. It returns the tables and
// the lines that are not part of any.
func streamTables(ls []textLine, page int) ([]*Table, []textLine) {
	used := make([]bool, len(ls))
	var tables []*Table
	for i := range ls {
		if used[i] {
			continue
		}
		if cols, ok := anchorColumns(ls[i]); ok {
			tables = append(tables, anchoredTable(ls, used, i, cols, page))
		}
	}
	for i := 0; i < len(ls); i++ {
		if used[i] {
			continue
		}
		if t, end := alignedTable(ls, used, i, page); t != nil {
			tables = append(tables, t)
			i = end
		}
	}
	var rest []textLine
	for i, l := range ls {
		if !used[i] {
			rest = append(rest, l)
		}
	}
	return tables, rest
}

// columns splits a stream table's width: centres of the columns, left to
// right, and the x that separates each column from the next.
type columns struct {
	centres []float64
	seps    []float64
}

// newColumns makes columns around the given centres. Each group of body
// text (words that overlap in x) goes to the column whose centre is
// nearest to it, and separators fall between the groups of neighbouring
// columns: right-aligned amounts and the left-aligned names beside them
// are split where the ink is not, whatever the columns' widths.
func newColumns(centres []float64, groups []Rect) columns {
	c := columns{centres: centres}
	owner := make([]int, len(groups))
	for i, g := range groups {
		best := math.Inf(1)
		for k, x := range centres {
			if d := math.Max(0, math.Max(g.X0-x, x-g.X1)); d < best {
				owner[i], best = k, d
			}
		}
		if i > 0 {
			owner[i] = max(owner[i], owner[i-1])
		}
	}
	for k := 1; k < len(centres); k++ {
		lo, hi := centres[k-1], centres[k]
		for i, g := range groups {
			if owner[i] < k {
				lo = math.Max(lo, g.X1)
			} else {
				hi = math.Min(hi, g.X0)
			}
		}
		c.seps = append(c.seps, (lo+hi)/2)
	}
	return c
}

// centres is the middle of each box.
func centres(boxes []Rect) []float64 {
	out := make([]float64, len(boxes))
	for i, b := range boxes {
		out[i] = (b.X0 + b.X1) / 2
	}
	return out
}

// of is the column holding the word's centre.
func (c columns) of(w word) int {
	cx := (w.box.X0 + w.box.X1) / 2
	k, _ := slices.BinarySearch(c.seps, cx)
	return k
}

// span is the range of columns a header word covers: every column whose
// centre lies under the word (本年收入 over 小计 … 其他收入), or the one
// holding its centre.
func (c columns) span(w word) (int, int) {
	first, last := -1, -1
	for k, x := range c.centres {
		if x >= w.box.X0 && x <= w.box.X1 {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	if last > first {
		return first, last
	}
	k := c.of(w)
	return k, k
}

// anchorColumns reads a 栏次 row: 栏次 then the integers 1..N. The 栏次
// word and each number give one column.
func anchorColumns(l textLine) ([]Rect, bool) {
	ws := l.words
	head := 1
	if len(ws) > 1 && ws[0].text+ws[1].text == "栏次" {
		head = 2
	} else if len(ws) == 0 || ws[0].text != "栏次" {
		return nil, false
	}
	if len(ws)-head < 2 {
		return nil, false
	}
	spans := []Rect{union(ws[0].box, ws[head-1].box)}
	for k, w := range ws[head:] {
		if w.text != strconv.Itoa(k+1) {
			return nil, false
		}
		spans = append(spans, w.box)
	}
	return spans, true
}

// anchoredTable builds the table around the 栏次 row at line i: header
// lines above it, body lines below until the table ends, and columns left
// of 栏次 (序号, codes) found from how the body lines align.
func anchoredTable(ls []textLine, used []bool, i int, anchor []Rect, page int) *Table {
	size := ls[i].size
	body := i + 1
	for ; body < len(ls) && !used[body]; body++ {
		if ends(ls[body-1], ls[body], size) || spansColumns(ls[body], anchor) {
			break
		}
	}
	var bodyWords []Rect
	for _, l := range ls[i+1 : body] {
		for _, w := range l.words {
			bodyWords = append(bodyWords, w.box)
		}
	}
	// Columns left of 栏次 (序号, 类 款 项) show as body text that lines up
	// left of it. The body text under 栏次, or else the nearest text left
	// of it (names that stop short of a centred 栏次), is 栏次's own.
	groups := mergeExtents(bodyWords)
	left := 0
	for k, g := range groups {
		if g.X0 <= anchor[0].X1 {
			left = k
		}
	}
	cols := newColumns(append(centres(groups[:left]), centres(anchor)...), groups)
	head := headerStart(ls, used, i, size)
	for k := head; k < body; k++ {
		used[k] = true
	}
	return buildStream(ls[head:i], ls[i:body], cols, page)
}

// alignedTable looks for a table without a 栏次 row starting at line i:
// at least three lines with amounts whose words fall into at least three
// shared columns. It returns the table and the index of its last line, or
// nil when line i starts none.
func alignedTable(ls []textLine, used []bool, i int, page int) (*Table, int) {
	if !tabular(ls[i]) {
		return nil, i
	}
	size := ls[i].size
	end, rows := i, 1
	for k := i + 1; k < len(ls) && !used[k] && !ends(ls[k-1], ls[k], size); k++ {
		switch {
		case tabular(ls[k]):
			end, rows = k, rows+1
		case k == end+1 && len(ls[k].words) <= 2:
			// possibly a wrapped name; kept only if a row follows
		default:
			k = len(ls)
		}
	}
	if rows < 3 {
		return nil, i
	}
	var extents []Rect
	for _, l := range ls[i : end+1] {
		if tabular(l) {
			for _, w := range l.words {
				extents = append(extents, w.box)
			}
		}
	}
	groups := mergeExtents(extents)
	if len(groups) < 3 {
		return nil, i
	}
	cols := newColumns(centres(groups), groups)
	head := headerStart(ls, used, i, size)
	for k := head; k <= end; k++ {
		used[k] = true
	}
	return buildStream(ls[head:i], ls[i:end+1], cols, page), end
}

// tabular reports whether a line looks like a table row with amounts:
// several words, and two numbers or one with a decimal point or thousands
// separator (a contents line ends in a bare page number).
func tabular(l textLine) bool {
	if len(l.words) < 2 {
		return false
	}
	n, amount := 0, false
	for _, w := range l.words {
		if number.MatchString(w.text) {
			n++
			amount = amount || strings.ContainsAny(w.text, ".,")
		}
	}
	return n >= 2 || amount
}

// ends reports whether next no longer belongs to the table prev is in:
// a wide gap, a larger font (the next title) or a note (注：).
func ends(prev, next textLine, size float64) bool {
	first := next.words[0].text
	return next.box.Y0-prev.box.Y1 > tableGap*size ||
		next.size > titleSize*size ||
		first == "注" || strings.HasPrefix(first, "注：") || strings.HasPrefix(first, "注:")
}

// spansColumns reports whether a word of the line stretches over three or
// more columns: running text, not a row.
func spansColumns(l textLine, cols []Rect) bool {
	for _, w := range l.words {
		n := 0
		for _, c := range cols {
			if x := (c.X0 + c.X1) / 2; x >= w.box.X0 && x <= w.box.X1 {
				n++
			}
		}
		if n >= 3 {
			return true
		}
	}
	return false
}

// headerStart walks up from line i over the table's header lines and
// returns the first. It stops at the unit line (单位：元), a title in a
// larger font, a wide gap or a line already used.
func headerStart(ls []textLine, used []bool, i int, size float64) int {
	k := i
	for k > 0 && i-k < maxHeader && !used[k-1] {
		l := ls[k-1]
		if ends(l, ls[k], size) || l.size > titleSize*size || unitLine(l) {
			break
		}
		k--
	}
	return k
}

// unitLine reports a line stating the unit of amounts, which sits between
// a table's title and its header.
func unitLine(l textLine) bool {
	for _, w := range l.words {
		if strings.Contains(w.text, "单位：") || strings.Contains(w.text, "单位:") {
			return true
		}
	}
	return false
}

// mergeExtents merges horizontally overlapping boxes into column extents,
// left to right.
func mergeExtents(boxes []Rect) []Rect {
	slices.SortFunc(boxes, func(a, b Rect) int { return cmp.Compare(a.X0, b.X0) })
	var out []Rect
	for _, b := range boxes {
		if n := len(out); n > 0 && b.X0 <= out[n-1].X1 {
			out[n-1] = union(out[n-1], b)
			continue
		}
		out = append(out, b)
	}
	return out
}

// overlaps reports whether two boxes share some x.
func overlaps(a, b Rect) bool { return a.X0 <= b.X1 && b.X0 <= a.X1 }

// streamCell is a cell being filled: its columns and the text lines.
type streamCell struct {
	c0, c1 int
	lines  []string
	box    Rect
}

// buildStream lays header and body lines into cells. Header words may
// span columns; body words take the column holding their centre. A body
// line with text in one column only, no amounts, right below a row whose
// cell there holds text, is that cell's wrapped continuation.
func buildStream(header, body []textLine, cols columns, page int) *Table {
	var rows [][]streamCell
	var last []textLine // the line each row ended with
	for n, l := range append(slices.Clip(header), body...) {
		isHeader := n < len(header)
		cells := placeWords(l, cols, isHeader)
		if !isHeader && len(rows) > len(header) && continues(cells, l, rows[len(rows)-1], last[len(last)-1]) {
			row := rows[len(rows)-1]
			for k := range row {
				if row[k].c0 == cells[0].c0 {
					row[k].lines = append(row[k].lines, cells[0].lines...)
					row[k].box = union(row[k].box, cells[0].box)
				}
			}
			last[len(last)-1] = l
			continue
		}
		rows = append(rows, cells)
		last = append(last, l)
	}
	widenHeader(rows[:len(header)])
	t := &Table{Page: page, Rows: len(rows), Cols: len(cols.centres)}
	t.Box = rows[0][0].box
	for _, row := range rows {
		for _, c := range row {
			t.Box = union(t.Box, c.box)
		}
	}
	edges := append(append([]float64{t.Box.X0}, cols.seps...), t.Box.X1)
	for r, row := range rows {
		top := last[r].box.Y0
		if r > 0 {
			top = math.Min(top, last[r-1].box.Y1)
		}
		for c := 0; c < t.Cols; {
			cell := Cell{Row: r, Col: c, RowSpan: 1, ColSpan: 1}
			if k := slices.IndexFunc(row, func(s streamCell) bool { return s.c0 == c }); k >= 0 {
				cell.ColSpan = row[k].c1 - c + 1
				cell.Lines = row[k].lines
				cell.Box = row[k].box
			} else {
				cell.Box = Rect{edges[c], top, edges[c+1], last[r].box.Y1}
			}
			t.Cells = append(t.Cells, cell)
			c += cell.ColSpan
		}
	}
	return t
}

// widenHeader stretches a header cell over the neighbouring columns it
// stands above: columns empty on its own line and on every line down to
// the last header line, where they have a heading of their own (本年收入
// over 小计 … 其他收入, but not over 合计 beside them, which is centred
// on a line of its own between the two).
func widenHeader(rows [][]streamCell) {
	n := len(rows)
	if n < 2 {
		return
	}
	has := func(row []streamCell, c int) bool {
		return slices.ContainsFunc(row, func(s streamCell) bool { return c >= s.c0 && c <= s.c1 })
	}
	// Column c is free under row r when only the last line has a heading
	// there, below r: rows above r claimed it first.
	under := func(r, c int) bool {
		if !has(rows[n-1], c) {
			return false
		}
		return !slices.ContainsFunc(rows[:n-1], func(row []streamCell) bool { return has(row, c) })
	}
	for r, row := range rows[:n-1] {
		for k := range row {
			for row[k].c0 > 0 && under(r, row[k].c0-1) {
				row[k].c0--
			}
			for under(r, row[k].c1+1) {
				row[k].c1++
			}
		}
	}
}

// placeWords puts a line's words into cells, joining words that land in
// the same or overlapping columns.
func placeWords(l textLine, cols columns, header bool) []streamCell {
	var cells []streamCell
	for _, w := range l.words {
		c0, c1 := cols.of(w), cols.of(w)
		if header {
			c0, c1 = cols.span(w)
		}
		if n := len(cells); n > 0 && c0 <= cells[n-1].c1 {
			p := &cells[n-1]
			p.c1 = max(p.c1, c1)
			p.lines[0] += " " + w.text
			p.box = union(p.box, w.box)
			continue
		}
		cells = append(cells, streamCell{c0: c0, c1: c1, lines: []string{w.text}, box: w.box})
	}
	return cells
}

// continues reports whether a line placed as cells is the wrapped rest of
// a cell in the row above: one text cell, no amount, close below a row
// with text in the same column.
func continues(cells []streamCell, l textLine, row []streamCell, above textLine) bool {
	if len(cells) != 1 || cells[0].c0 != cells[0].c1 || l.box.Y0-above.box.Y1 > wrapGap*l.size {
		return false
	}
	for _, w := range l.words {
		if number.MatchString(w.text) {
			return false
		}
	}
	for _, c := range row {
		if c.c0 == cells[0].c0 && !number.MatchString(strings.Join(c.lines, "")) {
			return true
		}
	}
	return false
}

package extract

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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
	// columnGap is the least space between an amount and the word before
	// it in a table row, wider than a justified space in running text.
	columnGap = 1.5
	// maxHeader bounds the header lines taken above a 栏次 row.
	maxHeader = 6
)

// number matches a printed amount or count: 1234, 1,234.56, -0.5, 12%.
var number = regexp.MustCompile(`^[-−+]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?%?$`)

// streamTables finds tables printed without ruling lines among a page's
// lines (top to bottom). A 栏次 row (栏次 1 2 … N) anchors the columns
// when there is one; otherwise runs of lines whose words fall into the
// same columns and hold amounts make a table. When the previous page
// ended inside a stream table (carry), rows at the top of this page that
// fit its columns continue it as a table without header.
//
// It returns the tables, the lines that are not part of any, and the
// columns of a table that runs to the end of this page, for the next.
func streamTables(ls []textLine, page int, carry *columns) ([]*Table, []textLine, *columns) {
	used := make([]bool, len(ls))
	var found []streamTable
	if carry != nil {
		if st, ok := continuedTable(ls, used, *carry, page); ok {
			found = append(found, st)
		}
	}
	for i := range ls {
		if used[i] {
			continue
		}
		if cols, ok := anchorColumns(ls[i]); ok {
			found = append(found, anchoredTable(ls, used, i, cols, page))
		}
	}
	// Which lines look like rows with amounts, tested once per line: the
	// search below starts from each line in turn.
	rowLike := make([]bool, len(ls))
	for i, l := range ls {
		rowLike[i] = !used[i] && tabular(l)
	}
	for i := 0; i < len(ls); i++ {
		if used[i] {
			continue
		}
		if st, ok := alignedTable(ls, used, rowLike, i, page); ok {
			found = append(found, st)
			i = st.last
		}
	}
	var rest []textLine
	for i, l := range ls {
		if !used[i] {
			rest = append(rest, l)
		}
	}
	var tables []*Table
	var open *columns
	for _, st := range found {
		tables = append(tables, st.table)
		if runsToEnd(ls, st.last) {
			open = &st.cols
		}
	}
	return tables, rest, open
}

// streamTable is a table found on a page, its columns and the index of
// its last line.
type streamTable struct {
	table *Table
	cols  columns
	last  int
}

// take marks lines head..last used and builds their table: header lines
// head..i-1 above body lines i..last.
func take(ls []textLine, used []bool, head, i, last int, cols columns, page int) streamTable {
	for k := head; k <= last; k++ {
		used[k] = true
	}
	return streamTable{buildStream(ls[head:i], ls[i:last+1], cols, page), cols, last}
}

// runsToEnd reports whether nothing but short lines (a page number)
// follows line i on the page.
func runsToEnd(ls []textLine, i int) bool {
	for _, l := range ls[i+1:] {
		if utf8.RuneCountInString(l.String()) > 8 {
			return false
		}
	}
	return true
}

// continuedTable takes the lines at the top of a page that fit the
// columns of the table the previous page ended in: each sets words in
// two or more columns (or continues a wrapped name) and none runs across
// the columns.
func continuedTable(ls []textLine, used []bool, cols columns, page int) (streamTable, bool) {
	end := 0
	for ; end < len(ls); end++ {
		if end > 0 && ends(ls[end-1], ls[end], ls[0].size) {
			break
		}
		// A row sets words in two columns or more; a single word below a
		// row may be a wrapped name.
		fits := len(placeWords(ls[end], cols, false)) >= 2 || end > 0 && len(ls[end].words) == 1
		if !fits || spansColumns(ls[end], cols.centres) {
			break
		}
	}
	if end == 0 {
		return streamTable{}, false
	}
	return take(ls, used, 0, 0, end-1, cols, page), true
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
func anchoredTable(ls []textLine, used []bool, i int, anchor []Rect, page int) streamTable {
	size := ls[i].size
	body := i + 1
	for ; body < len(ls) && !used[body]; body++ {
		if ends(ls[body-1], ls[body], size) || spansColumns(ls[body], centres(anchor)) {
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
	left := 0 // groups[left] is 栏次's; those before it are columns of their own
	for k, g := range groups {
		if g.X0 <= anchor[0].X1 {
			left = k
		}
	}
	cols := newColumns(append(centres(groups[:left]), centres(anchor)...), groups)
	return take(ls, used, headerStart(ls, used, i, size), i, body-1, cols, page)
}

// alignedTable looks for a table without a 栏次 row starting at line i:
// at least three lines with amounts (rowLike, see tabular) whose words fall
// into at least three shared columns.
func alignedTable(ls []textLine, used, rowLike []bool, i int, page int) (streamTable, bool) {
	if !rowLike[i] {
		return streamTable{}, false
	}
	size := ls[i].size
	end, rows := i, 1
	for k := i + 1; k < len(ls) && !used[k] && !ends(ls[k-1], ls[k], size); k++ {
		switch {
		case rowLike[k]:
			end, rows = k, rows+1
		case k == end+1 && len(ls[k].words) <= 2:
			// possibly a wrapped name; kept only if a row follows
		default:
			k = len(ls)
		}
	}
	if rows < 3 {
		return streamTable{}, false
	}
	var extents []Rect
	for k, l := range ls[i : end+1] {
		if rowLike[i+k] {
			for _, w := range l.words {
				extents = append(extents, w.box)
			}
		}
	}
	groups := mergeExtents(extents)
	if len(groups) < 3 {
		return streamTable{}, false
	}
	cols := newColumns(centres(groups), groups)
	return take(ls, used, headerStart(ls, used, i, size), i, end, cols, page), true
}

// tabular reports whether a line looks like a table row with amounts:
// two numbers, or one with a decimal point or thousands separator (a
// contents line ends in a bare page number), standing apart from the
// words before them by a column gap. In running text a number sits one
// space from its neighbours (基本支出 5,678.17 万元).
func tabular(l textLine) bool {
	n, amount := 0, false
	for k, w := range l.words {
		if k == 0 || w.box.X0-l.words[k-1].box.X1 < columnGap*l.size || !number.MatchString(w.text) {
			continue
		}
		n++
		amount = amount || strings.ContainsAny(w.text, ".,")
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
func spansColumns(l textLine, centres []float64) bool {
	for _, w := range l.words {
		n := 0
		for _, x := range centres {
			if x >= w.box.X0 && x <= w.box.X1 {
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

// streamCell is a cell being filled: its columns and the text lines.
type streamCell struct {
	c0, c1 int
	lines  []string
	box    Rect
}

// streamRow is one row of a stream table and the extent of its lines.
type streamRow struct {
	cells []streamCell
	box   Rect
}

// buildStream lays header and body lines into a table.
func buildStream(header, body []textLine, cols columns, page int) *Table {
	rows := headerRows(header, cols, body[0].box.Y0)
	rows = append(rows, bodyRows(body, cols)...)
	t := &Table{Page: page, Rows: len(rows), Cols: len(cols.centres)}
	t.Box = rows[0].box
	for _, row := range rows {
		t.Box = union(t.Box, row.box)
	}
	edges := append(append([]float64{t.Box.X0}, cols.seps...), t.Box.X1)
	for r, row := range rows {
		for c := 0; c < t.Cols; {
			cell := Cell{Row: r, Col: c, RowSpan: 1, ColSpan: 1}
			if k := slices.IndexFunc(row.cells, func(s streamCell) bool { return s.c0 == c }); k >= 0 {
				cell.ColSpan = row.cells[k].c1 - c + 1
				cell.Lines = row.cells[k].lines
				cell.Box = row.cells[k].box
			} else {
				cell.Box = Rect{edges[c], row.box.Y0, edges[c+1], row.box.Y1}
			}
			t.Cells = append(t.Cells, cell)
			c += cell.ColSpan
		}
	}
	return t
}

// bodyRows makes a row of each body line; words take the column holding
// their centre. A line with text in one column only, no amounts, right
// below a row whose cell there holds text, is that cell's wrapped rest
// (机关事业单位基本养老保险缴 / 费支出).
func bodyRows(body []textLine, cols columns) []streamRow {
	var rows []streamRow
	for _, l := range body {
		cells := placeWords(l, cols, false)
		if n := len(rows); n > 0 && continues(cells, l, rows[n-1]) {
			row := &rows[n-1]
			for k := range row.cells {
				if c := &row.cells[k]; c.c0 == cells[0].c0 {
					c.lines = append(c.lines, cells[0].lines...)
					c.box = union(c.box, cells[0].box)
				}
			}
			row.box = union(row.box, l.box)
			continue
		}
		rows = append(rows, streamRow{cells, l.box})
	}
	return rows
}

// continues reports whether a line placed as cells is the wrapped rest of
// a cell in the row above: one text cell, no amount, close below a row
// with text in the same column.
func continues(cells []streamCell, l textLine, above streamRow) bool {
	if len(cells) != 1 || cells[0].c0 != cells[0].c1 || l.box.Y0-above.box.Y1 > wrapGap*l.size {
		return false
	}
	for _, w := range l.words {
		if number.MatchString(w.text) {
			return false
		}
	}
	for _, c := range above.cells {
		if c.c0 == cells[0].c0 && !number.MatchString(strings.Join(c.lines, "")) {
			return true
		}
	}
	return false
}

// headerRows makes a row of each header line and widens group headings
// over the columns they head. The body starts at y bottom.
func headerRows(header []textLine, cols columns, bottom float64) []streamRow {
	var rows []streamRow
	for _, l := range header {
		rows = append(rows, streamRow{placeWords(l, cols, true), l.box})
	}
	for r := range rows {
		widenHeader(rows, r, cols, rows[0].box.Y0, bottom)
	}
	return rows
}

// widenHeader stretches the group headings on header row r (本年收入)
// over the columns they head. Without rules the spans must be inferred. A
// column is headed from row r when no heading sits in it on row r or
// above, and its own headings sit in the lower part of the header, below
// row r (小计 under 本年收入). A heading of the header's full height
// (合计 beside them) is centred on the whole header instead, often on a
// line between the lines of wrapped sub-headings. A headed column between
// two headings goes to the nearer one.
func widenHeader(rows []streamRow, r int, cols columns, top, bottom float64) {
	row := rows[r]
	n := len(cols.centres)
	covers := func(s streamCell, c int) bool { return c >= s.c0 && c <= s.c1 }
	headed := func(c int) bool {
		var box Rect
		found := false
		for i, other := range rows {
			for _, s := range other.cells {
				if !covers(s, c) {
					continue
				}
				if i <= r || s.box.Y0 < row.box.Y1 {
					return false
				}
				if !found {
					box, found = s.box, true
				}
				box = union(box, s.box)
			}
		}
		full, lower := (top+bottom)/2, (row.box.Y1+bottom)/2
		return found && (box.Y0+box.Y1)/2 > (full+lower)/2
	}
	owner := make([]int, n) // the row's heading covering or heading each column
	for c := range owner {
		owner[c] = slices.IndexFunc(row.cells, func(s streamCell) bool { return covers(s, c) })
	}
	dist := func(k, c int) float64 {
		b := row.cells[k].box
		return math.Max(b.X0-cols.centres[c], cols.centres[c]-b.X1)
	}
	for c := 0; c < n; c++ {
		if owner[c] >= 0 || !headed(c) {
			continue
		}
		end := c + 1 // the run of headed columns c..end-1
		for end < n && owner[end] < 0 && headed(end) {
			end++
		}
		left, right := -1, -1
		if c > 0 {
			left = owner[c-1]
		}
		if end < n {
			right = owner[end]
		}
		for k := c; k < end; k++ {
			switch {
			case left >= 0 && (right < 0 || dist(left, k) <= dist(right, k)):
				row.cells[left].c1 = k
			case right >= 0:
				row.cells[right].c0 = min(row.cells[right].c0, k)
			}
		}
		c = end
	}
}

// placeWords puts a line's words into cells, joining words that land in
// the same or overlapping columns. Header words may span columns.
func placeWords(l textLine, cols columns, header bool) []streamCell {
	var cells []streamCell
	for _, w := range l.words {
		var c0, c1 int
		if header {
			c0, c1 = cols.span(w)
		} else {
			c0 = cols.of(w)
			c1 = c0
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

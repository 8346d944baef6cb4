package extract

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/cnbudget/cnbudget/extract/pdf"
)

// Lattice thresholds in points.
const (
	// ruleTolerance is how far apart two rules may be and still be one
	// line, or touch: producers draw borders cell by cell, with rounding.
	ruleTolerance = 1.0
	// gridTolerance merges grid lines closer than this: a double border
	// is one boundary, and a row 1.5pt high holds no text.
	gridTolerance = 2.0
	// coverage is the share of a cell side a rule must cover to count as
	// a border there.
	coverage = 0.5
)

// segment is a horizontal rule (pos is y, a..b is x) or a vertical one
// (pos is x, a..b is y).
type segment struct{ pos, a, b float64 }

// latticeTables finds the tables drawn with ruling lines on a page and
// fills their cells with the glyphs inside. It returns the tables, top to
// bottom, and the glyphs that fell in none of them. It works in p.Glyphs
// itself, which it leaves reordered: a page is read for this once.
func latticeTables(p *pdf.Page) ([]*Table, []pdf.Glyph) {
	hs, vs := splitRules(p.Rules)
	var grids []*grid
	for _, comp := range components(hs, vs) {
		if g := newGrid(comp.h, comp.v); g != nil {
			grids = append(grids, g)
		}
	}
	slices.SortFunc(grids, func(a, b *grid) int { return cmp.Compare(a.ys[0], b.ys[0]) })
	vis := keepInked(p.Glyphs)
	inTable := make([]bool, len(vis))
	for i, g := range vis {
		cx, cy := (g.X0+g.X1)/2, (g.Y0+g.Y1)/2
		for _, gr := range grids {
			if gr.place(i, cx, cy) {
				inTable[i] = true
				break
			}
		}
	}
	tables := make([]*Table, len(grids))
	for i, gr := range grids {
		tables[i] = gr.table(p.Number, vis)
	}
	// The glyphs no table holds, kept in place: the tables copied theirs.
	rest := vis[:0]
	for i, g := range vis {
		if !inTable[i] {
			rest = append(rest, g)
		}
	}
	return tables, rest
}

// splitRules sorts rules into horizontal and vertical segments and merges
// collinear pieces that overlap or touch.
func splitRules(rules []pdf.Rule) (hs, vs []segment) {
	for _, r := range rules {
		if r.X1-r.X0 >= r.Y1-r.Y0 {
			hs = append(hs, segment{(r.Y0 + r.Y1) / 2, r.X0, r.X1})
		} else {
			vs = append(vs, segment{(r.X0 + r.X1) / 2, r.Y0, r.Y1})
		}
	}
	return mergeSegments(hs), mergeSegments(vs)
}

// mergeSegments joins collinear segments that overlap or touch within
// ruleTolerance and drops specks too short to be borders.
func mergeSegments(ss []segment) []segment {
	slices.SortFunc(ss, func(x, y segment) int {
		return cmp.Or(cmp.Compare(x.pos, y.pos), cmp.Compare(x.a, y.a))
	})
	var out []segment
	for _, s := range ss {
		merged := false
		// Collinear segments are adjacent after sorting by pos, but pieces
		// of one line may differ slightly in pos; look back over them.
		for i := len(out) - 1; i >= 0 && s.pos-out[i].pos <= ruleTolerance; i-- {
			o := &out[i]
			if s.a <= o.b+ruleTolerance && o.a <= s.b+ruleTolerance {
				o.a, o.b = math.Min(o.a, s.a), math.Max(o.b, s.b)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, s)
		}
	}
	return slices.DeleteFunc(out, func(s segment) bool { return s.b-s.a < 2*ruleTolerance })
}

// component is a set of rules connected by crossings: one drawn table.
type component struct{ h, v []segment }

// components groups rules that cross or touch, so that two tables on one
// page come out apart. Only groups that can form a grid are returned.
func components(hs, vs []segment) []component {
	uf := newUnionFind(len(hs) + len(vs))
	for i, h := range hs {
		for j, v := range vs {
			if v.pos >= h.a-ruleTolerance && v.pos <= h.b+ruleTolerance &&
				h.pos >= v.a-ruleTolerance && h.pos <= v.b+ruleTolerance {
				uf.union(i, len(hs)+j)
			}
		}
	}
	byRoot := map[int]*component{}
	var order []int
	for i := range uf.parent {
		r := uf.find(i)
		c := byRoot[r]
		if c == nil {
			c = &component{}
			byRoot[r] = c
			order = append(order, r)
		}
		if i < len(hs) {
			c.h = append(c.h, hs[i])
		} else {
			c.v = append(c.v, vs[i-len(hs)])
		}
	}
	var out []component
	for _, r := range order {
		if c := byRoot[r]; len(c.h) >= 2 && len(c.v) >= 2 {
			out = append(out, *c)
		}
	}
	return out
}

// grid is one ruled table being filled: grid lines, merged cells and the
// glyphs placed in it.
type grid struct {
	xs, ys []float64
	cells  []Cell
	slot   [][]int  // slot[row][col] is the index in cells
	placed []placed // in page order
}

// placed is a glyph inside a grid, by its index in the page's visible
// glyphs, and the index of its cell.
type placed struct {
	cell, glyph int
}

// newGrid builds the cell structure of one component, or returns nil when
// it is too small to be a table: one column (a frame around a text box), or
// one row of fewer than three columns. A single row of three or more cells
// is kept: it is often the last row of a table, carried over to the next
// page.
func newGrid(hs, vs []segment) *grid {
	// Rule ends count as grid lines too: they close a table whose outer
	// border is missing.
	var xv, yv []float64
	for _, v := range vs {
		xv = append(xv, v.pos)
		yv = append(yv, v.a, v.b)
	}
	for _, h := range hs {
		yv = append(yv, h.pos)
		xv = append(xv, h.a, h.b)
	}
	xs, ys := cluster(xv), cluster(yv)
	// An inner grid line no rule draws anywhere is only a rule end that
	// stops short; it separates nothing.
	xs = keepDrawn(xs, ys, vs)
	ys = keepDrawn(ys, xs, hs)
	rows, cols := len(ys)-1, len(xs)-1
	if rows < 1 || cols < 2 || rows == 1 && cols < 3 {
		return nil
	}
	uf := newUnionFind(rows * cols)
	for i := range rows {
		for j := range cols {
			if j+1 < cols && !covered(vs, xs[j+1], ys[i], ys[i+1]) {
				uf.union(i*cols+j, i*cols+j+1)
			}
			if i+1 < rows && !covered(hs, ys[i+1], xs[j], xs[j+1]) {
				uf.union(i*cols+j, (i+1)*cols+j)
			}
		}
	}
	g := &grid{xs: xs, ys: ys, slot: make([][]int, rows)}
	for i := range rows {
		g.slot[i] = make([]int, cols)
		for j := range cols {
			g.slot[i][j] = -1
		}
	}
	for i := range rows {
		for j := range cols {
			if g.slot[i][j] < 0 {
				g.addCell(i, j, uf)
			}
		}
	}
	return g
}

// addCell creates the merged cell whose top-left slot is (i, j). When the
// merged region is not a rectangle (a border drawn only part way), only
// the rectangle that is entirely this region is merged; the other slots
// get cells of their own later.
func (g *grid) addCell(i, j int, uf *unionFind) {
	cols := len(g.xs) - 1
	root := uf.find(i*cols + j)
	same := func(r, c int) bool { return g.slot[r][c] < 0 && uf.find(r*cols+c) == root }
	c1 := j
	for c1+1 < cols && same(i, c1+1) {
		c1++
	}
	r1 := i
	for r1+1 < len(g.ys)-1 {
		full := true
		for c := j; c <= c1; c++ {
			full = full && same(r1+1, c)
		}
		if !full {
			break
		}
		r1++
	}
	idx := len(g.cells)
	g.cells = append(g.cells, Cell{
		Row: i, Col: j, RowSpan: r1 - i + 1, ColSpan: c1 - j + 1,
		Box: Rect{g.xs[j], g.ys[i], g.xs[c1+1], g.ys[r1+1]},
	})
	for r := i; r <= r1; r++ {
		for c := j; c <= c1; c++ {
			g.slot[r][c] = idx
		}
	}
}

// place puts glyph n, centred at (cx, cy), into the cell holding its
// centre and reports whether the centre lies inside the table.
func (g *grid) place(n int, cx, cy float64) bool {
	i, j := index(g.ys, cy), index(g.xs, cx)
	if i < 0 || j < 0 {
		return false
	}
	g.placed = append(g.placed, placed{cell: g.slot[i][j], glyph: n})
	return true
}

// table lays out each cell's glyphs (placed from gs) as lines and returns
// the finished table.
func (g *grid) table(page int, gs []pdf.Glyph) *Table {
	t := &Table{
		Page:  page,
		Box:   Rect{g.xs[0], g.ys[0], g.xs[len(g.xs)-1], g.ys[len(g.ys)-1]},
		Rows:  len(g.ys) - 1,
		Cols:  len(g.xs) - 1,
		Ruled: true,
	}
	// Group the glyphs by cell, in page order within each, in one slab:
	// a table has hundreds of cells of a few glyphs each.
	start := make([]int, len(g.cells)+1)
	for _, p := range g.placed {
		start[p.cell+1]++
	}
	for k := range g.cells {
		start[k+1] += start[k]
	}
	next := slices.Clone(start)
	slab := make([]pdf.Glyph, len(g.placed))
	for _, p := range g.placed {
		slab[next[p.cell]] = gs[p.glyph]
		next[p.cell]++
	}
	for k, c := range g.cells {
		if cell := slab[start[k]:start[k+1]]; len(cell) > 0 {
			c.Lines = lineStrings(layoutLines(cell))
		}
		t.Cells = append(t.Cells, c)
	}
	return t
}

// index finds the interval [bounds[i], bounds[i+1]) holding v, or -1.
func index(bounds []float64, v float64) int {
	// n is the number of bounds at or left of v.
	n := sort.SearchFloat64s(bounds, math.Nextafter(v, math.Inf(1)))
	if n == 0 || n == len(bounds) {
		return -1
	}
	return n - 1
}

// cluster sorts positions and merges those within gridTolerance of their
// neighbour into their mean.
func cluster(vals []float64) []float64 {
	slices.Sort(vals)
	var out []float64
	var sum float64
	var n int
	for i, v := range vals {
		if i > 0 && v-vals[i-1] > gridTolerance {
			out = append(out, sum/float64(n))
			sum, n = 0, 0
		}
		sum += v
		n++
	}
	if n > 0 {
		out = append(out, sum/float64(n))
	}
	return out
}

// keepDrawn keeps the first and last grid lines and the inner ones that
// the rules ss along them draw over at least one interval between the
// crossing grid lines across.
func keepDrawn(lines, across []float64, ss []segment) []float64 {
	out := make([]float64, 0, len(lines))
	for i, v := range lines {
		if i == 0 || i == len(lines)-1 || drawnAt(ss, v, across) {
			out = append(out, v)
		}
	}
	return out
}

// drawnAt reports whether the rules ss at pos cover some interval between
// neighbouring positions of across.
func drawnAt(ss []segment, pos float64, across []float64) bool {
	for k := range len(across) - 1 {
		if covered(ss, pos, across[k], across[k+1]) {
			return true
		}
	}
	return false
}

// covered reports whether the segments at pos cover most of a..b.
func covered(ss []segment, pos, a, b float64) bool {
	if b <= a {
		return false
	}
	type span struct{ a, b float64 }
	var buf [8]span // a cell side is seldom drawn in more pieces: no allocation
	parts := buf[:0]
	for _, s := range ss {
		if math.Abs(s.pos-pos) <= gridTolerance {
			lo, hi := math.Max(s.a, a), math.Min(s.b, b)
			if hi > lo {
				parts = append(parts, span{lo, hi})
			}
		}
	}
	slices.SortFunc(parts, func(x, y span) int { return cmp.Compare(x.a, y.a) })
	var total, end float64 = 0, a
	for _, p := range parts {
		if p.b <= end {
			continue
		}
		total += p.b - math.Max(p.a, end)
		end = p.b
	}
	return total >= coverage*(b-a)
}

// unionFind joins grid slots into merged cells.
type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return &unionFind{p}
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

func (u *unionFind) union(a, b int) { u.parent[u.find(a)] = u.find(b) }

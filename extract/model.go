// Package extract turns report files into format-neutral documents: pages of
// text lines and tables as cell grids, each with its page and position. It
// knows nothing of budgets; the meaning of the text is normalize's job.
package extract

import "strings"

// Document is the content of one file in reading order.
type Document struct {
	Format   string            // "pdf" or "docx"
	Pages    int               // number of pages (PDF); 0 where the format has none
	Info     map[string]string // producer, creator, title, ... as the file states them
	Blocks   []Block           // text lines and tables in reading order
	Warnings []string          // problems that did not stop reading (a bad page, an unknown font)
}

// Block is one unit of content: a line of text or a table.
// Exactly one of Text and Table is set.
type Block struct {
	Page  int    // 1-based page (PDF); 0 for formats without pages
	Text  string // a line of running text (PDF) or a paragraph (DOCX)
	Table *Table
	Box   Rect // position on the page (PDF only)
}

// Rect is an axis-aligned box in page points, origin top-left, y growing down.
type Rect struct {
	X0, Y0, X1, Y1 float64
}

// Table is a grid of cells. Merged cells appear once, at their top-left slot,
// with their spans; Grid expands them.
type Table struct {
	Page  int // 1-based page (PDF) or 1-based ordinal among the document's tables (DOCX)
	Box   Rect
	Rows  int
	Cols  int
	Cells []Cell // row-major by origin
	Ruled bool   // the grid came from ruling lines (PDF) or is a real Word table
}

// Cell is one cell of a table, possibly spanning several rows or columns.
type Cell struct {
	Row, Col         int // origin slot, 0-based
	RowSpan, ColSpan int // at least 1
	Lines            []string
	Box              Rect
}

// Text joins the cell's lines. Lines wrapped inside a cell are one value
// (本年收入合 / 计 is 本年收入合计), so they are joined without a separator.
func (c *Cell) Text() string { return strings.Join(c.Lines, "") }

// Grid expands the table into Rows×Cols slots. A slot covered by a merged
// cell points to that cell; a slot no cell covers is nil.
func (t *Table) Grid() [][]*Cell {
	g := make([][]*Cell, t.Rows)
	for r := range g {
		g[r] = make([]*Cell, t.Cols)
	}
	for i := range t.Cells {
		c := &t.Cells[i]
		for r := c.Row; r < c.Row+max(c.RowSpan, 1) && r < t.Rows; r++ {
			for k := c.Col; k < c.Col+max(c.ColSpan, 1) && k < t.Cols; k++ {
				g[r][k] = c
			}
		}
	}
	return g
}

package docx

import (
	"encoding/xml"
	"fmt"
)

// maxGridCols bounds a table's width. Word itself stops at 63 columns; the
// bound keeps a hostile gridSpan from costing memory.
const maxGridCols = 1024

// rawRow and rawCell are a table as written, before merges are resolved.
type rawRow struct {
	before, after int // grid columns skipped before the first and after the last cell
	cells         []rawCell
}

type rawCell struct {
	span int // grid columns covered (w:gridSpan)
	// vCont and hCont tell that the cell continues the merge of the cell
	// above (w:vMerge) or to its left (w:hMerge). A cell that starts a
	// merge lays out like an unmerged one.
	vCont, hCont bool
	paragraphs   []string
}

// table reads a w:tbl and resolves its merges.
func (p *parser) table() (*Table, error) {
	var grid int
	var rows []rawRow
	err := p.walk(func(se xml.StartElement) (bool, error) {
		switch word(se.Name) {
		case "tblGrid":
			return true, p.walk(func(se xml.StartElement) (bool, error) {
				if word(se.Name) == "gridCol" {
					grid++
				}
				return false, nil
			})
		case "tr":
			r, err := p.row()
			rows = append(rows, r)
			return true, err
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	t, err := layout(grid, rows)
	if err != nil {
		return nil, fmt.Errorf("table: %w", err)
	}
	return t, nil
}

func (p *parser) row() (rawRow, error) {
	var r rawRow
	err := p.walk(func(se xml.StartElement) (bool, error) {
		switch word(se.Name) {
		case "trPr":
			return true, p.props(func(name string, se xml.StartElement) bool {
				switch name {
				case "gridBefore":
					r.before = number(se)
				case "gridAfter":
					r.after = number(se)
				default:
					return false
				}
				return true
			})
		case "tc":
			c, err := p.cell()
			r.cells = append(r.cells, c)
			return true, err
		}
		return false, nil
	})
	return r, err
}

func (p *parser) cell() (rawCell, error) {
	c := rawCell{span: 1}
	err := p.walk(func(se xml.StartElement) (bool, error) {
		switch word(se.Name) {
		case "tcPr":
			return true, p.props(func(name string, se xml.StartElement) bool {
				switch name {
				case "gridSpan":
					c.span = number(se)
				case "vMerge":
					c.vCont = continues(se)
				case "hMerge":
					c.hCont = continues(se)
				default:
					return false
				}
				return true
			})
		case "p":
			text, err := p.paragraph()
			c.paragraphs = append(c.paragraphs, text)
			return true, err
		case "tbl":
			return true, p.flatten(&c.paragraphs)
		}
		return false, nil
	})
	return c, err
}

// props reads a properties element (w:trPr, w:tcPr) whose start tag was
// just read. Each child goes by its WordprocessingML name to set, which
// reports whether it took the child's value; a child it took is skipped.
func (p *parser) props(set func(name string, se xml.StartElement) bool) error {
	return p.walk(func(se xml.StartElement) (bool, error) {
		if !set(word(se.Name), se) {
			return false, nil
		}
		return true, p.d.Skip()
	})
}

// flatten reads a table nested in a cell as a plain run of paragraphs, row
// by row and cell by cell: the model has no place for a grid inside a grid
// cell, and in reports such tables only lay out text.
func (p *parser) flatten(paragraphs *[]string) error {
	return p.walk(func(se xml.StartElement) (bool, error) {
		if word(se.Name) != "p" {
			return false, nil
		}
		text, err := p.paragraph()
		*paragraphs = append(*paragraphs, text)
		return true, err
	})
}

// continues reads a w:vMerge or w:hMerge: w:val="continue" or no value
// continues a merge, w:val="restart" starts one.
func continues(se xml.StartElement) bool {
	return attr(se, "val") != "restart"
}

// layout places the cells on the grid. A vertical continuation joins the
// cell above that starts in the same grid column, a horizontal one the cell
// just left of it in the same row; either way its origin grows and the
// continuation itself is not emitted, but any text it holds is kept by the
// origin. A continuation with nothing to join is an ordinary cell.
func layout(grid int, rows []rawRow) (*Table, error) {
	if grid > maxGridCols {
		return nil, fmt.Errorf("%d grid columns, more than %d", grid, maxGridCols)
	}
	t := &Table{Rows: len(rows), Cols: grid}
	var above []int // per grid column, the index in t.Cells of the cell covering it in the previous row
	for r, row := range rows {
		var here []int
		col := row.before
		left := -1 // the cell this row placed last, open to a horizontal merge
		for _, rc := range row.cells {
			span := max(rc.span, 1)
			if col+span > maxGridCols {
				return nil, fmt.Errorf("row %d is wider than %d grid columns", r+1, maxGridCols)
			}
			up := -1 // the cell above that starts in this grid column
			if col < len(above) && above[col] >= 0 && t.Cells[above[col]].Col == col {
				up = above[col]
			}
			var origin int
			switch {
			case rc.hCont && left >= 0:
				origin = left
				t.Cells[origin].ColSpan += span
				absorb(&t.Cells[origin], rc.paragraphs)
			case rc.vCont && up >= 0:
				origin = up
				t.Cells[origin].RowSpan = r - t.Cells[origin].Row + 1
				absorb(&t.Cells[origin], rc.paragraphs)
				left = -1
			default:
				t.Cells = append(t.Cells, Cell{Row: r, Col: col, RowSpan: 1, ColSpan: span, Paragraphs: rc.paragraphs})
				origin = len(t.Cells) - 1
				left = origin
			}
			for len(here) < col+span {
				here = append(here, -1)
			}
			for k := col; k < col+span; k++ {
				here[k] = origin
			}
			col += span
		}
		t.Cols = max(t.Cols, col+row.after)
		above = here
	}
	return t, nil
}

// absorb keeps the text of a merged-away cell in its origin. Word leaves an
// empty paragraph in each such cell; those are dropped.
func absorb(origin *Cell, paragraphs []string) {
	for _, s := range paragraphs {
		if s != "" {
			origin.Paragraphs = append(origin.Paragraphs, s)
		}
	}
}

package extract

import "github.com/cnbudget/cnbudget/extract/docx"

// fromDOCX maps a Word body onto the format-neutral model. A Word file has no
// pages until it is laid out, so paragraphs sit on page 0 and each table
// carries its 1-based ordinal among the document's tables instead; empty
// paragraphs, in the body and in cells, carry nothing and are dropped.
func fromDOCX(b *docx.Body) *Document {
	doc := &Document{Format: "docx", Info: b.Info}
	tables := 0
	for _, it := range b.Items {
		switch {
		case it.Paragraph != nil && *it.Paragraph != "":
			doc.Blocks = append(doc.Blocks, Block{Text: *it.Paragraph})
		case it.Table != nil:
			tables++
			t := tableFromDOCX(it.Table)
			t.Page = tables
			doc.Blocks = append(doc.Blocks, Block{Page: tables, Table: t})
		}
	}
	return doc
}

func tableFromDOCX(wt *docx.Table) *Table {
	t := &Table{Rows: wt.Rows, Cols: wt.Cols, Ruled: true, Cells: make([]Cell, 0, len(wt.Cells))}
	for _, wc := range wt.Cells {
		c := Cell{Row: wc.Row, Col: wc.Col, RowSpan: wc.RowSpan, ColSpan: wc.ColSpan}
		for _, p := range wc.Paragraphs {
			if p != "" {
				c.Lines = append(c.Lines, p)
			}
		}
		t.Cells = append(t.Cells, c)
	}
	return t
}

// Package docx reads the body of a Word (.docx) file: paragraphs and tables
// in document order, tables with their merged cells resolved to spans.
package docx

// Body is the document body in order. Exactly one of Paragraph and Table is set per item.
type Body struct {
	Items []Item
}

// Item is a paragraph or a table.
type Item struct {
	Paragraph *string
	Table     *Table
}

// Table is a Word table as a grid of cells with spans (gridSpan, vMerge,
// gridBefore/gridAfter resolved).
type Table struct {
	Rows, Cols int
	Cells      []Cell // origin cells only, row-major
}

// Cell is one (possibly merged) cell; Paragraphs are its paragraph texts.
type Cell struct {
	Row, Col, RowSpan, ColSpan int
	Paragraphs                 []string
}

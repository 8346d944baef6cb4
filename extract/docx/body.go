// Package docx reads the body of a Word (.docx) file: paragraphs and tables
// in document order, tables with their merged cells resolved to spans.
//
// It reads word/document.xml with a streaming XML decoder rather than through
// a document model, because the tables are the point: their grid, spans and
// vertical merges must come out exactly as Word lays them out.
package docx

// Body is the document body in order. Exactly one of Paragraph and Table is set per item.
type Body struct {
	Items []Item
	// Info holds what the package properties state, under the keys the PDF
	// reader uses so both formats read alike: "Title" and "Author" from
	// docProps/core.xml, "Producer" (the application) from docProps/app.xml.
	// Absent properties are absent keys.
	Info map[string]string
}

// Item is a paragraph or a table.
type Item struct {
	Paragraph *string // the paragraph's text, trimmed of outer whitespace
	Table     *Table
}

// Table is a Word table as a grid of cells with spans (gridSpan, vMerge,
// gridBefore/gridAfter resolved).
type Table struct {
	Rows, Cols int
	Cells      []Cell // origin cells only, row-major
}

// Cell is one (possibly merged) cell; Paragraphs are its paragraph texts.
//
// Each paragraph is trimmed of outer whitespace and empty ones are kept, so
// the list is faithful to the file. A table nested inside the cell has no
// place in the grid, so its paragraphs are flattened into this list in
// reading order (row by row, cell by cell).
type Cell struct {
	Row, Col, RowSpan, ColSpan int
	Paragraphs                 []string
}

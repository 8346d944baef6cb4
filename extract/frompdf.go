package extract

import (
	"cmp"
	"slices"

	"github.com/cnbudget/cnbudget/extract/pdf"
)

// noTextLayer is the warning for a PDF without a single visible glyph. A
// PDF whose pages also hold no ruled table yields no blocks at all, and
// normalize fails it with its own ErrNoText; the warning matters when
// ruling lines still make (empty) tables.
const noTextLayer = "no text layer (scanned images?)"

// fromPDF lays out a PDF's glyphs and rules as text lines and tables, page
// by page, each page top to bottom. It uses up d: the pages' glyphs are
// filtered and sorted in place rather than copied.
func fromPDF(d *pdf.Document) *Document {
	doc := &Document{
		Format:   "pdf",
		Pages:    len(d.Pages),
		Info:     d.Info,
		Warnings: slices.Clone(d.Warnings),
	}
	hasText := false
	var carry *columns
	for i := range d.Pages {
		p := &d.Pages[i]
		hasText = hasText || slices.ContainsFunc(p.Glyphs, inked)
		var blocks []Block
		blocks, carry = pageBlocks(p, carry)
		doc.Blocks = append(doc.Blocks, blocks...)
	}
	if !hasText {
		doc.Warnings = append(doc.Warnings, noTextLayer)
	}
	return doc
}

// pageBlocks finds a page's ruled tables first, then unruled tables among
// the remaining lines; what is left is running text. A table is placed by
// its top edge. carry and the columns returned follow an unruled table
// across a page break, on pages without ruled tables.
func pageBlocks(p *pdf.Page, carry *columns) ([]Block, *columns) {
	tables, rest := latticeTables(p)
	if len(tables) > 0 {
		carry = nil // the page's lines are not all of it
	}
	streams, lines, open := streamTables(layoutLines(rest), p.Number, carry)
	if len(tables) > 0 {
		open = nil
	}
	var blocks []Block
	for _, t := range append(tables, streams...) {
		blocks = append(blocks, Block{Page: p.Number, Table: t, Box: t.Box})
	}
	for _, l := range lines {
		blocks = append(blocks, Block{Page: p.Number, Text: l.String(), Box: l.box})
	}
	slices.SortStableFunc(blocks, func(a, b Block) int {
		return cmp.Or(cmp.Compare(a.Box.Y0, b.Box.Y0), cmp.Compare(a.Box.X0, b.Box.X0))
	})
	return blocks, open
}

package extract

import "github.com/cnbudget/cnbudget/extract/pdf"

// fromPDF lays out a PDF's glyphs and rules as text lines and tables.
// STUB: replaced by the layout work.
func fromPDF(d *pdf.Document) *Document {
	return &Document{Format: "pdf", Pages: len(d.Pages), Info: d.Info, Warnings: d.Warnings}
}

package extract

import "github.com/cnbudget/cnbudget/extract/docx"

// fromDOCX maps a Word body onto the format-neutral model.
// STUB: replaced by the DOCX work.
func fromDOCX(b *docx.Body) *Document {
	return &Document{Format: "docx"}
}

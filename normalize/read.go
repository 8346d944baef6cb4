package normalize

import "github.com/cnbudget/cnbudget/extract"

// Read interprets an extracted document as a budget report.
// STUB: replaced by the normalize work.
func Read(doc *extract.Document) (*Report, error) {
	return &Report{Format: doc.Format, Pages: doc.Pages}, nil
}

// Verify runs the accounting checks on a report. STUB.
func Verify(r *Report) []Check { return nil }

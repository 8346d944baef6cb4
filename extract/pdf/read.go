package pdf

import (
	"errors"
	"io"
)

// Read parses a PDF. STUB: replaced by the PDF work.
func Read(r io.ReaderAt, size int64) (*Document, error) {
	return nil, errors.New("pdf: not implemented")
}

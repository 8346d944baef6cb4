package docx

import (
	"errors"
	"io"
)

// Read parses a .docx file. STUB: replaced by the DOCX work.
func Read(r io.ReaderAt, size int64) (*Body, error) {
	return nil, errors.New("docx: not implemented")
}

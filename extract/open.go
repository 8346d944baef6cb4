package extract

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cnbudget/cnbudget/extract/docx"
	"github.com/cnbudget/cnbudget/extract/pdf"
)

// ErrUnsupported reports a file whose content is not a format cnbudget reads.
var ErrUnsupported = errors.New("unsupported file format")

// Formats lists the file extensions Open reads, for callers that walk folders.
var Formats = []string{".pdf", ".docx"}

// Supported reports whether name has an extension Open reads.
func Supported(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range Formats {
		if ext == f {
			return true
		}
	}
	return false
}

// Open reads the file at path. The format is taken from the content, not the
// name, so a .pdf that is really an HTML error page fails with a plain reason.
func Open(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse reads a file's bytes. A panic inside a parser becomes an error: one
// malformed file must never take down a batch.
func Parse(data []byte) (doc *Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc = nil
			err = fmt.Errorf("malformed file: the parser failed (%v); if the file opens in a viewer, please report it", p)
		}
	}()
	switch Sniff(data) {
	case "pdf":
		d, err := pdf.Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, err
		}
		return fromPDF(d), nil
	case "docx":
		b, err := docx.Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, err
		}
		return fromDOCX(b), nil
	case "empty":
		return nil, fmt.Errorf("%w: the file is empty", ErrUnsupported)
	case "html":
		return nil, fmt.Errorf("%w: the file is an HTML page, not a report (a download that returned an error page?)", ErrUnsupported)
	case "zip":
		return nil, fmt.Errorf("%w: a ZIP archive that is not a Word document (no word/document.xml)", ErrUnsupported)
	case "ole":
		return nil, fmt.Errorf("%w: a legacy Office file (.doc/.xls); save it as .docx or .pdf", ErrUnsupported)
	default:
		return nil, fmt.Errorf("%w: neither PDF nor DOCX", ErrUnsupported)
	}
}

// Sniff names the format of data from its first bytes: "pdf", "docx",
// "zip", "ole", "html", "empty" or "".
func Sniff(data []byte) string {
	trimmed := bytes.TrimLeft(data, " \t\r\n\x00\xef\xbb\xbf")
	switch {
	case len(trimmed) == 0:
		return "empty"
	case bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if bytes.Contains(data, []byte("word/document.xml")) {
			return "docx"
		}
		return "zip"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return "ole"
	}
	head := strings.ToLower(string(trimmed[:min(len(trimmed), 512)]))
	if strings.HasPrefix(head, "<!doctype html") || strings.Contains(head, "<html") {
		return "html"
	}
	return ""
}

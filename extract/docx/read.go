package docx

import (
	"archive/zip"
	"fmt"
	"io"
)

// maxPartSize caps the decompressed size of a part of the archive, so a
// small zip bomb cannot exhaust memory or time.
const maxPartSize = 256 << 20

const documentPart = "word/document.xml"

// Read parses a .docx file: the body of word/document.xml and, when present,
// the title, author and application from docProps.
func Read(r io.ReaderAt, size int64) (*Body, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("docx: not a readable ZIP archive: %w", err)
	}
	parts := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	doc := parts[documentPart]
	if doc == nil {
		return nil, fmt.Errorf("docx: no %s in the archive, so it is not a Word document", documentPart)
	}
	var items []Item
	err = readPart(doc, func(rd io.Reader) (err error) {
		items, err = parseDocument(rd)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("docx: %s: %w", documentPart, err)
	}
	// The properties only label the file; a broken one must not cost the body.
	info := make(map[string]string)
	for _, p := range properties {
		if f := parts[p.part]; f != nil {
			_ = readPart(f, func(rd io.Reader) error { return readProperties(rd, p.keys, info) })
		}
	}
	return &Body{Items: items, Info: info}, nil
}

// readPart opens one archive member and hands its content to read. A member
// that states a size above maxPartSize is refused, and archive/zip refuses
// to read past the stated size, so a zip bomb cannot exhaust memory.
func readPart(f *zip.File, read func(io.Reader) error) error {
	if f.UncompressedSize64 > maxPartSize {
		return fmt.Errorf("%d MiB decompressed, more than the %d MiB read at most", f.UncompressedSize64>>20, maxPartSize>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return read(rc)
}

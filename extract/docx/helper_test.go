package docx

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"
	"testing"
)

// document wraps body content in a minimal word/document.xml.
func document(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<w:body>` + body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
}

// archive writes the named parts into a ZIP file, in name order.
func archive(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		// Stored, not deflated: cheaper for the fuzzer, and Read must handle both.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readBody reads a .docx whose body is the given XML.
func readBody(t *testing.T, body string) *Body {
	t.Helper()
	data := archive(t, map[string]string{documentPart: document(body)})
	b, err := Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return b
}

// para is a paragraph of one run.
func para(text string) string {
	return `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

// tc is a cell with the given w:tcPr content and one paragraph per text
// (an empty paragraph when there is none, as Word writes it).
func tc(props string, texts ...string) string {
	if len(texts) == 0 {
		texts = []string{""}
	}
	var b strings.Builder
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>` + props + `</w:tcPr>`)
	for _, s := range texts {
		if s == "" {
			b.WriteString(`<w:p/>`)
		} else {
			b.WriteString(para(s))
		}
	}
	b.WriteString(`</w:tc>`)
	return b.String()
}

// tr is a row of the given content (w:trPr and cells).
func tr(content ...string) string {
	return `<w:tr>` + strings.Join(content, "") + `</w:tr>`
}

// tbl is a table with a grid of cols columns.
func tbl(cols int, rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>` +
		strings.Repeat(`<w:gridCol w:w="1000"/>`, cols) + `</w:tblGrid>` + strings.Join(rows, "") + `</w:tbl>`
}

// sdt wraps content in a block- or cell-level content control.
func sdt(content string) string {
	return `<w:sdt><w:sdtPr><w:alias w:val="x"/><w:tag w:val="x"/></w:sdtPr><w:sdtContent>` + content + `</w:sdtContent></w:sdt>`
}

package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/store"
)

// minimalDOCX is a Word document with one paragraph and one table, the
// least a real .docx holds.
func minimalDOCX(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			`<w:p><w:r><w:t>收支总表</w:t></w:r></w:p>` +
			`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>预算数</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
			`</w:body></w:document>`,
	}
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func write(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, db *store.DB, paths ...string) (Summary, []File) {
	t.Helper()
	var files []File
	p := Pipeline{DB: db, Workers: 2, Progress: func(f File) { files = append(files, f) }}
	sum, err := p.Run(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	return sum, files
}

func TestBadFilesFailAlone(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string][]byte{
		"a/empty.pdf":        {},
		"a/not-really.docx":  []byte("<!DOCTYPE html><html><body>404 Not Found</body></html>"),
		"a/truncated.pdf":    []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"),
		"a/notes.txt":        []byte("not a report"),
		"a/.hidden/x.pdf":    {},
		"a/~$lock.docx":      {},
		"b/report.docx":      minimalDOCX(t),
		"b/copy/report.docx": minimalDOCX(t),
	})
	db, err := store.Open(filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	missing := filepath.Join(dir, "missing")
	sum, files := run(t, db, filepath.Join(dir, "b"), filepath.Join(dir, "a"), missing)
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimPrefix(f.Path, dir+"/"))
	}
	want := []string{"b/copy/report.docx", "b/report.docx", "a/empty.pdf", "a/not-really.docx", "a/truncated.pdf", "missing"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files in order %q, want %q", got, want)
	}
	if sum.Failed != 4 || len(sum.Failures) != 4 {
		t.Errorf("failed = %d, want 4: %+v", sum.Failed, sum.Failures)
	}
	for _, f := range sum.Failures {
		if f.Err == nil || !strings.HasPrefix(f.Err.Error(), f.Path+": ") {
			t.Errorf("failure %q does not name its file: %v", f.Path, f.Err)
		}
	}
	for _, want := range []struct{ file, reason string }{
		{"a/empty.pdf", "empty"},
		{"a/not-really.docx", "HTML"},
		{"missing", "no such file"},
	} {
		for _, f := range files {
			if strings.HasSuffix(f.Path, want.file) && !strings.Contains(f.Error, want.reason) {
				t.Errorf("%s: reason %q does not mention %q", want.file, f.Error, want.reason)
			}
		}
	}
	// The same content under a second name is one document.
	if !files[1].Unchanged || files[1].ID != files[0].ID {
		t.Errorf("second copy of report.docx = %+v, want unchanged document %d", files[1], files[0].ID)
	}

	docs, err := db.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 4 {
		t.Errorf("%d documents stored, want 4 (report.docx and three failed files)", len(docs))
	}

	// A second run changes nothing stored and fails the same files again.
	again, _ := run(t, db, filepath.Join(dir, "b"), filepath.Join(dir, "a"), missing)
	if again.Failed != sum.Failed || again.Unchanged != sum.Unchanged+sum.OK+sum.Partial {
		t.Errorf("second run = %+v, first %+v", again, sum)
	}
	docs2, _ := db.Documents(context.Background())
	if len(docs2) != len(docs) {
		t.Errorf("%d documents after a second run, want %d", len(docs2), len(docs))
	}
}

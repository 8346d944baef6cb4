package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Files as portals serve them: bytes after %%EOF, or a PDF 2.0 header,
// read exactly like the original.
func TestRepairedFilesRead(t *testing.T) {
	path := filepath.Join(referenceDir, "haigang-2023-budget.pdf")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := text(t, orig)
	v2 := bytes.Replace(orig, []byte("%PDF-1.6"), []byte("%PDF-2.0"), 1)
	if bytes.Equal(v2, orig) {
		t.Fatalf("%s does not start with %%PDF-1.6", path)
	}
	trailing := append(bytes.Clone(orig), []byte("\n<html><body>cms footer</body></html>\n")...)
	padded := append(bytes.Clone(orig), bytes.Repeat([]byte{0}, 4096)...)
	for name, data := range map[string][]byte{
		"html after %%EOF":  trailing,
		"zeros after %%EOF": padded,
		"PDF 2.0 header":    v2,
		"both":              append(bytes.Clone(v2), []byte("garbage")...),
	} {
		if got := text(t, data); got != want {
			t.Errorf("%s: text differs from the original's (%d vs %d bytes)", name, len(got), len(want))
		}
	}
}

func text(t *testing.T, data []byte) string {
	t.Helper()
	doc, err := Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for i := range doc.Pages {
		b.WriteString(pageText(&doc.Pages[i]))
	}
	return b.String()
}

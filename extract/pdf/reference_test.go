package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedPath is the reference report as text; fixtures/reference holds PDFs
// of it exported by LibreOffice (Writer: the whole report; Calc: its tables).
const (
	seedPath     = "../../../shared/seed/000_d07d4ef0102bfb55.txt"
	referenceDir = "../../fixtures/reference"
)

// seedTableHan counts the Han characters of the seed's table cells: the
// lines that begin with a tab.
func seedTableHan(t *testing.T) map[rune]int {
	t.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed text not available: %v", err)
	}
	var cells strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "\t") {
			cells.WriteString(line)
		}
	}
	return hanCounts(cells.String())
}

// TestReferencePDFs checks that the Han characters of the reference
// report's tables are found in its PDF exports: all of them in the Writer
// export of the whole report; in the Calc export, which holds only some
// tables, every one that poppler's pdftotext finds there.
func TestReferencePDFs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(referenceDir, "*.pdf"))
	if len(files) == 0 {
		t.Skip("no reference PDFs in fixtures/reference yet")
	}
	want := seedTableHan(t)
	for _, path := range files {
		doc := readFile(t, path)
		var text strings.Builder
		for i := range doc.Pages {
			text.WriteString(pageText(&doc.Pages[i]))
		}
		got := hanCounts(text.String())
		expect := want
		if strings.Contains(filepath.Base(path), "calc") {
			expect = make(map[rune]int)
			poppler := hanCounts(strings.Join(pdftotextPages(t, path), ""))
			for r, n := range want {
				if poppler[r] > 0 {
					expect[r] = n
				}
			}
		}
		var missing []rune
		for r := range expect {
			if got[r] == 0 {
				missing = append(missing, r)
			}
		}
		t.Logf("%s: %d pages, %d of the %d distinct Han characters of the seed tables expected here",
			filepath.Base(path), len(doc.Pages), len(expect), len(want))
		if len(missing) > 0 {
			t.Errorf("%s: Han characters of the seed tables not found: %q", filepath.Base(path), string(missing))
		}
	}
}

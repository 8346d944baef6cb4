package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/internal/testenv"
)

// realFiles lists the published reports in ../shared/real (see its
// SOURCES.md); they are never copied into the repository.
func realFiles(t testing.TB) []string {
	t.Helper()
	dir := testenv.RealDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) == 0 {
		t.Skipf("no real PDFs in %s", dir)
	}
	return files
}

func readFile(t *testing.T, path string) *Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(f, st.Size())
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return doc
}

func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// hanCounts counts the Han characters of s.
func hanCounts(s string) map[rune]int {
	m := make(map[rune]int)
	for _, r := range s {
		if isHan(r) {
			m[r]++
		}
	}
	return m
}

// pageText joins a page's glyph texts.
func pageText(p *Page) string {
	var b strings.Builder
	for _, g := range p.Glyphs {
		b.WriteString(g.Text)
	}
	return b.String()
}

// pdftotextPages runs poppler once and splits its output at form feeds. It
// skips the test when poppler is not installed.
func pdftotextPages(t *testing.T, path string) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", filepath.Base(path), err)
	}
	return strings.Split(string(out), "\f")
}

// recall compares Han characters as multisets: found is how many of want's
// characters we also extracted.
func recall(got, want map[rune]int) (found, total int) {
	for r, n := range want {
		total += n
		found += min(n, got[r])
	}
	return found, total
}

// TestRealHanRecall reads every real report and checks, page by page, that
// we extract the Han characters poppler's pdftotext extracts.
func TestRealHanRecall(t *testing.T) {
	files := realFiles(t)
	var found, total, extra int
	for _, path := range files {
		doc := readFile(t, path)
		want := pdftotextPages(t, path)
		var ff, ft, fe int
		for i := range doc.Pages {
			p := &doc.Pages[i]
			if p.Number-1 >= len(want) {
				continue
			}
			got := hanCounts(pageText(p))
			w := hanCounts(want[p.Number-1])
			f, n := recall(got, w)
			ff, ft = ff+f, ft+n
			g, _ := recall(w, got)
			for _, c := range got {
				fe += c
			}
			fe -= g
			if n > 0 && float64(f)/float64(n) < 0.99 {
				t.Logf("  %s page %d: %d/%d Han characters", filepath.Base(path), p.Number, f, n)
			}
		}
		t.Logf("%-60s recall %5d/%5d = %.4f  extra %d", filepath.Base(path), ff, ft, ratio(ff, ft), fe)
		found, total, extra = found+ff, total+ft, extra+fe
	}
	t.Logf("corpus: recall %d/%d = %.4f, %d Han characters pdftotext does not report", found, total, ratio(found, total), extra)
	if r := ratio(found, total); r < 0.995 {
		t.Errorf("corpus Han recall %.4f < 0.995", r)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestRealRules checks that table pages yield their cell borders: every file
// made of tables (公开表) has pages with many rules.
func TestRealRules(t *testing.T) {
	for _, path := range realFiles(t) {
		if !strings.Contains(path, "公开表") {
			continue
		}
		doc := readFile(t, path)
		best := 0
		for _, p := range doc.Pages {
			best = max(best, len(p.Rules))
		}
		t.Logf("%s: most rules on a page %d", filepath.Base(path), best)
		if best <= 20 {
			t.Errorf("%s: no page has more than 20 rules (best %d)", filepath.Base(path), best)
		}
	}
}

// Dump renders a page for debugging: one glyph or rule per line.
func Dump(p *Page) string {
	var b strings.Builder
	fmt.Fprintf(&b, "page %d %.1fx%.1f\n", p.Number, p.Width, p.Height)
	for _, g := range p.Glyphs {
		fmt.Fprintf(&b, "%q %.1f %.1f %.1f %.1f size %.1f\n", g.Text, g.X0, g.Y0, g.X1, g.Y1, g.Size)
	}
	for _, r := range p.Rules {
		fmt.Fprintf(&b, "rule %.1f %.1f %.1f %.1f\n", r.X0, r.Y0, r.X1, r.Y1)
	}
	return b.String()
}

// TestDump prints one page when asked: DUMP=file.pdf:3 go test -run Dump -v
func TestDump(t *testing.T) {
	spec := os.Getenv("DUMP")
	if spec == "" {
		t.Skip("set DUMP=file.pdf:page to print a page")
	}
	path, num, _ := strings.Cut(spec, ":")
	n, _ := strconv.Atoi(num)
	doc := readFile(t, path)
	for i := range doc.Pages {
		if doc.Pages[i].Number == n || n == 0 {
			t.Log("\n" + Dump(&doc.Pages[i]))
		}
	}
	for _, w := range doc.Warnings {
		t.Log("warning:", w)
	}
}

// BenchmarkReadReal reads the whole real corpus once per iteration.
func BenchmarkReadReal(b *testing.B) {
	var data [][]byte
	for _, f := range realFiles(b) {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range data {
			if _, err := Read(bytes.NewReader(d), int64(len(d))); err != nil {
				b.Fatal(err)
			}
		}
	}
}

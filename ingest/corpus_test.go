package ingest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/internal/testenv"
	"github.com/cnbudget/cnbudget/normalize"
)

var update = flag.Bool("update", false, "rewrite golden files")

// minRecall is the share of poppler's Han characters the corpus must keep:
// a character pdftotext finds and we do not is text a user cannot query.
const minRecall = 0.995

// TestRealCorpus reads every real published PDF the way ingest does and
// records, per document, what cnbudget made of it: metadata, table kinds,
// facts, failed checks, warnings, and how many of the Chinese characters
// poppler's pdftotext finds on each page we find too. The whole record is
// compared with a golden file, so any change in what real reports yield is
// seen in review; run with -update to accept it.
func TestRealCorpus(t *testing.T) {
	dir := filepath.Join(testenv.RepoRoot(t), "..", "shared", "real")
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) == 0 {
		t.Skipf("no real reports in %s (the folder exists only in the project's CI and workspace)", dir)
	}
	sort.Strings(files)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext (poppler-utils) not found: Chinese-character recall is not measured")
	}

	results := make([]corpusDoc, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = readCorpusDoc(files[i], pdftotext)
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	var out bytes.Buffer
	var total recall
	for _, d := range results {
		d.print(&out)
		total.add(d.recall)
		if d.err != nil {
			t.Errorf("%s: %v", d.name, d.err)
		}
		if d.popplerErr != nil {
			t.Errorf("%s: pdftotext: %v", d.name, d.popplerErr)
		}
	}
	if pdftotext != "" {
		fmt.Fprintf(&out, "corpus recall %s\n", total)
		if total.rate() < minRecall {
			t.Errorf("corpus Chinese-character recall against pdftotext is %s, below the %.1f%% target", total, 100*minRecall)
		}
	}

	golden := filepath.Join("testdata", "real-corpus.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestRealCorpus -update to create it)", err)
	}
	if line, got, exp, same := firstDiff(out.String(), string(want)); !same {
		t.Errorf("corpus record differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update to accept the new record after reviewing `git diff`)", golden, line, got, exp)
	}
}

// corpusDoc is what one real file yielded.
type corpusDoc struct {
	name       string
	report     *normalize.Report
	err        error // extract or normalize refused the file
	recall     recall
	lowPages   []pageRecall // pages below minRecall
	popplerErr error
}

type pageRecall struct {
	page    int
	recall  recall
	missing string // Han characters poppler has and we lack, in poppler's order
}

func readCorpusDoc(path, pdftotext string) corpusDoc {
	d := corpusDoc{name: filepath.Base(path)}
	doc, err := extract.Open(path)
	if err == nil {
		d.report, err = normalize.Read(doc, path)
	}
	if err != nil {
		d.err = err
		return d
	}
	if pdftotext == "" {
		return d
	}
	raw, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(ee.Stderr))
		}
		d.popplerErr = err
		return d
	}
	// pdftotext ends every page with a form feed.
	pages := strings.Split(string(raw), "\f")
	ours := hanPerPage(doc)
	for i, text := range pages {
		want := hanCount(text)
		var pr pageRecall
		pr.page = i + 1
		for _, r := range text {
			if want[r] == 0 {
				continue
			}
			have := ours[pr.page][r]
			n := want[r]
			pr.recall.want += n
			pr.recall.found += min(have, n)
			if have < n {
				pr.missing += strings.Repeat(string(r), n-have)
			}
			want[r] = 0
		}
		d.recall.add(pr.recall)
		if pr.recall.want > 0 && pr.recall.rate() < minRecall {
			d.lowPages = append(d.lowPages, pr)
		}
	}
	return d
}

// hanPerPage counts the Han characters of each page of doc: running text
// and the lines of every table cell.
func hanPerPage(doc *extract.Document) map[int]map[rune]int {
	out := map[int]map[rune]int{}
	add := func(page int, s string) {
		m := out[page]
		if m == nil {
			m = map[rune]int{}
			out[page] = m
		}
		for r, n := range hanCount(s) {
			m[r] += n
		}
	}
	for _, b := range doc.Blocks {
		if b.Table == nil {
			add(b.Page, b.Text)
			continue
		}
		for _, c := range b.Table.Cells {
			for _, l := range c.Lines {
				add(b.Page, l)
			}
		}
	}
	return out
}

// hanCount counts the CJK Unified Ideographs (U+4E00–U+9FFF) in s.
func hanCount(s string) map[rune]int {
	m := map[rune]int{}
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			m[r]++
		}
	}
	return m
}

// recall counts poppler's characters (want) and how many of them we found.
type recall struct{ want, found int }

func (r *recall) add(o recall) { r.want += o.want; r.found += o.found }

func (r recall) rate() float64 {
	if r.want == 0 {
		return 1
	}
	return float64(r.found) / float64(r.want)
}

func (r recall) String() string {
	return fmt.Sprintf("%.2f%% (%d of %d)", 100*r.rate(), r.found, r.want)
}

// print writes the document's block of the corpus record.
func (d corpusDoc) print(w *bytes.Buffer) {
	fmt.Fprintf(w, "== %s\n", d.name)
	if d.err != nil {
		fmt.Fprintf(w, "status: failed: %v\n\n", d.err)
		return
	}
	r := d.report
	status := "ok"
	if len(r.Warnings) > 0 {
		status = fmt.Sprintf("partial (%d warnings)", len(r.Warnings))
	}
	fmt.Fprintf(w, "status: %s\n", status)
	fmt.Fprintf(w, "pages: %d  unit: %q %q  year: %d  kind: %s  level: %s  region: %s\n", r.Pages, r.UnitCode, r.UnitName, r.Year, r.DocKind, r.Level, r.Region)

	kinds := map[string]int{}
	for _, t := range r.Tables {
		k := t.Kind
		if k == "" {
			k = "(unrecognized)"
		}
		kinds[k]++
	}
	var names []string
	for k, n := range kinds {
		names = append(names, fmt.Sprintf("%s×%d", k, n))
	}
	sort.Strings(names)
	fmt.Fprintf(w, "tables: %d [%s]\n", len(r.Tables), strings.Join(names, " "))

	var real, rounding []normalize.Check
	for _, c := range r.Checks {
		switch {
		case c.Passed:
		case c.Rounding:
			rounding = append(rounding, c)
		default:
			real = append(real, c)
		}
	}
	fmt.Fprintf(w, "facts: %d  checks: %d  failed: %d real, %d rounding\n", len(r.Facts()), len(r.Checks), len(real), len(rounding))
	for _, c := range real {
		fmt.Fprintf(w, "  real     %s %s %s %s %d %d\n", c.TableKind, c.Rule, c.Subject, c.Measure, c.Expected, c.Found)
	}
	for _, c := range rounding {
		fmt.Fprintf(w, "  rounding %s %s %s %s %d %d\n", c.TableKind, c.Rule, c.Subject, c.Measure, c.Expected, c.Found)
	}
	const shown = 5
	for i, warn := range r.Warnings {
		if i == shown {
			fmt.Fprintf(w, "  warning: ... %d more\n", len(r.Warnings)-shown)
			break
		}
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	if d.recall.want > 0 {
		fmt.Fprintf(w, "recall: %s\n", d.recall)
		for _, p := range d.lowPages {
			fmt.Fprintf(w, "  page %d: %s missing %s\n", p.page, p.recall, truncateRunes(p.missing, 40))
		}
	}
	w.WriteString("\n")
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// firstDiff finds the first line where got and want differ.
func firstDiff(got, want string) (line int, g, w string, same bool) {
	if got == want {
		return 0, "", "", true
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; ; i++ {
		if i >= len(gl) || i >= len(wl) || gl[i] != wl[i] {
			at := func(l []string) string {
				if i < len(l) {
					return l[i]
				}
				return "(end of record)"
			}
			return i + 1, at(gl), at(wl), false
		}
	}
}

package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/internal/testenv"
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
	// The writer's time is part of the run's, and loading took some.
	if sum.Writing > sum.Elapsed || (sum.OK+sum.Partial > 0 && sum.Writing == 0) {
		t.Errorf("writing %v of %v, with %d loaded", sum.Writing, sum.Elapsed, sum.OK+sum.Partial)
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

// referenceCopies writes n copies of the reference report into dir,
// alternately Word and PDF, each with bytes of its own (a ZIP comment, a
// PDF comment line) so that each is a document of its own. It returns the
// number of facts each copy holds, from expected-facts.csv.
func referenceCopies(t *testing.T, dir string, n int) int {
	t.Helper()
	ref := filepath.Join(testenv.RepoRoot(t), "fixtures", "reference")
	docx, err := os.ReadFile(filepath.Join(ref, "haigang-2023-budget.docx"))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(filepath.Join(ref, "haigang-2023-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	expected, err := os.ReadFile(filepath.Join(ref, "expected-facts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte)
	for i := range n {
		name := fmt.Sprintf("copy-%03d", i)
		if i%2 == 0 {
			files[name+".docx"] = commentZIP(t, docx, name)
			continue
		}
		// The comment goes before startxref: the offsets stay right and
		// %%EOF stays last, where PDF readers look for it.
		at := bytes.LastIndex(pdf, []byte("startxref"))
		if at < 0 {
			t.Fatal("reference PDF has no startxref")
		}
		files[name+".pdf"] = slices.Concat(pdf[:at], []byte("%"+name+"\n"), pdf[at:])
	}
	write(t, dir, files)
	return bytes.Count(expected, []byte("\n")) - 1
}

// commentZIP returns the ZIP archive data with its comment set, the
// entries copied as they are.
func commentZIP(t *testing.T, data []byte, comment string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.SetComment(comment); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// count runs a query returning one integer.
func count(t *testing.T, db *store.DB, query string) int64 {
	t.Helper()
	_, rows, err := db.Query(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	n, ok := rows[0][0].(int64)
	if !ok {
		t.Fatalf("%s: got %v, want an integer", query, rows[0][0])
	}
	return n
}

// checkLoadedOnce checks that the database holds each of files documents
// exactly once, each with all its facts.
func checkLoadedOnce(t *testing.T, db *store.DB, files, facts int) {
	t.Helper()
	if n := count(t, db, `SELECT count(*) FROM documents WHERE status = 'ok'`); n != int64(files) {
		t.Errorf("%d documents loaded ok, want %d", n, files)
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != int64(files) {
		t.Errorf("%d documents, want %d", n, files)
	}
	if n := count(t, db, `SELECT count(*) FROM facts`); n != int64(files*facts) {
		t.Errorf("%d facts, want %d × %d", n, files, facts)
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT document_id FROM facts GROUP BY document_id HAVING count(*) <> `+strconv.Itoa(facts)+`)`); n != 0 {
		t.Errorf("%d documents do not have exactly %d facts", n, facts)
	}
}

// TestCancelFinishesInFlight cancels a batch from inside it, as Ctrl-C
// does: files being read are still loaded, no file fails for it, every
// file is counted, and a second run loads exactly the files not started.
func TestCancelFinishesInFlight(t *testing.T) {
	dir := t.TempDir()
	const n = 12
	facts := referenceCopies(t, filepath.Join(dir, "in"), n)
	db, err := store.Open(filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var listed int
	p := Pipeline{DB: db, Workers: 2, Listed: func(total int) { listed = total }, Progress: func(f File) {
		if f.Path == filepath.Join(dir, "in", "copy-002.docx") {
			cancel()
		}
	}}
	sum, err := p.Run(ctx, []string{filepath.Join(dir, "in")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run after cancel: error %v, want context.Canceled", err)
	}
	if listed != n || sum.Files != n {
		t.Errorf("listed %d, summary %d files, want %d", listed, sum.Files, n)
	}
	if sum.Failed != 0 {
		t.Errorf("cancelling failed files: %+v", sum.Failures)
	}
	if sum.OK < 3 || sum.NotStarted == 0 || sum.OK+sum.NotStarted != n {
		t.Errorf("after cancel at the 3rd file: %d ok, %d not started, want at least 3 and at least 1 of %d", sum.OK, sum.NotStarted, n)
	}
	t.Logf("cancelled at the 3rd of %d files: %d loaded, %d not started", n, sum.OK, sum.NotStarted)
	if got := count(t, db, `SELECT count(*) FROM documents`); got != int64(sum.OK) {
		t.Errorf("%d documents stored, but the summary says %d loaded", got, sum.OK)
	}
	if sum.Facts != sum.OK*facts {
		t.Errorf("summary facts %d, want %d × %d", sum.Facts, sum.OK, facts)
	}

	again, err := (&Pipeline{DB: db, Workers: 2}).Run(context.Background(), []string{filepath.Join(dir, "in")})
	if err != nil {
		t.Fatal(err)
	}
	if again.OK != sum.NotStarted || again.Unchanged != sum.OK || again.NotStarted != 0 {
		t.Errorf("rerun: %d ok, %d unchanged, want %d and %d", again.OK, again.Unchanged, sum.NotStarted, sum.OK)
	}
	checkLoadedOnce(t, db, n, facts)
}

// TestKilledRunResumes kills the cnbudget binary (SIGKILL, as kill -9) in the
// middle of a batch, once some documents are committed, and runs it again:
// the rerun must load exactly the files the first run did not, so that
// every file ends up loaded once.
func TestKilledRunResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the cnbudget binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build cnbudget with: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cnbudget")
	build := exec.Command(goTool, "build", "-tags", "sqlite_fts5", "-o", bin, "./cmd/cnbudget")
	build.Dir = testenv.RepoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const n = 40
	in := filepath.Join(dir, "in")
	facts := referenceCopies(t, in, n)
	dbPath := filepath.Join(dir, "t.db")

	// Each line on stdout is printed after its document is committed:
	// kill the run at the second one.
	first := exec.Command(bin, "ingest", "--db", dbPath, "--workers", "2", in)
	stdout, err := first.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for seen := 0; seen < 2 && lines.Scan(); {
		if strings.HasPrefix(lines.Text(), "ok ") {
			seen++
		}
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL: no cleanup at all
		t.Fatal(err)
	}
	io.Copy(io.Discard, stdout)
	if err := first.Wait(); err == nil {
		t.Fatal("the first run finished before it was killed; give it more files")
	}

	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatalf("database after kill -9: %v", err)
	}
	defer db.Close()
	committed := int(count(t, db, `SELECT count(*) FROM documents`))
	if committed < 2 || committed >= n {
		t.Fatalf("%d of %d documents committed when killed, want at least 2 and not all", committed, n)
	}

	out, err := exec.Command(bin, "ingest", "--db", dbPath, "--quiet", in).Output()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	var ok, unchanged int
	for line := range strings.Lines(string(out)) {
		switch {
		case strings.HasPrefix(line, "ok "):
			ok++
		case strings.HasPrefix(line, "unchanged "):
			unchanged++
		}
	}
	t.Logf("killed with %d of %d documents committed; the rerun loaded %d and found %d unchanged", committed, n, ok, unchanged)
	if unchanged != committed || ok != n-committed {
		t.Errorf("rerun: %d loaded, %d unchanged; want %d and %d\n%s", ok, unchanged, n-committed, committed, out)
	}
	checkLoadedOnce(t, db, n, facts)
}

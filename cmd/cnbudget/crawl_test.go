package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnbudget/cnbudget/crawl"
	"github.com/cnbudget/cnbudget/internal/testenv"
)

// staticPortal serves dir as a plain web server does: files with
// Last-Modified (answering If-Modified-Since with 304), 404 for what is
// missing, and whatever a file holds with status 200, even an error page
// saved under a report's name.
func staticPortal(t *testing.T, files map[string]string) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	modTime := time.Date(2023, 3, 7, 8, 0, 0, 0, time.UTC)
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		data := []byte(src)
		if from, ok := strings.CutPrefix(src, "fixtures/"); ok {
			var err error
			if data, err = os.ReadFile(filepath.Join(testenv.RepoRoot(t), "fixtures", from)); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, modTime, modTime); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv
}

// TestCrawlCommand crawls a portal twice: the first run downloads and
// loads the two reports and rejects the error page and the dead link; the
// second gets 304s and loads nothing. The raw store is beside the database.
func TestCrawlCommand(t *testing.T) {
	srv := staticPortal(t, map[string]string{
		"czj/2023/haigang.docx": "fixtures/reference/haigang-2023-budget.docx",
		"czj/2023/haigang.pdf":  "fixtures/reference/haigang-2023-budget.pdf",
		"czj/2023/error.pdf":    "<!DOCTYPE html><html><body>您访问的页面不存在</body></html>",
	})
	dir := t.TempDir()
	db, list := filepath.Join(dir, "crawl.db"), filepath.Join(dir, "urls.txt")
	urls := "# 秦皇岛市海港区 2023\n" + srv.URL + "/czj/2023/haigang.docx\n\n  " + srv.URL + "/czj/2023/haigang.pdf\n" +
		srv.URL + "/czj/2023/error.pdf\n" + srv.URL + "/czj/2023/missing.pdf\n" + srv.URL + "/czj/2023/haigang.docx\n"
	if err := os.WriteFile(list, []byte(urls), 0o644); err != nil {
		t.Fatal(err)
	}
	portal := func(s string) string { return strings.ReplaceAll(s, srv.URL, "http://portal.test") }

	first := cnbudget(t, "crawl", "--db", db, "--urls", list, "--delay", "0")
	if first.code != 1 {
		t.Errorf("first crawl: exit %d, want 1 (two URLs gave no report)", first.code)
	}
	golden(t, "crawl-first.stdout", portal(first.stdout))
	golden(t, "crawl-first.stderr", portal(first.stderr))
	raw, _ := filepath.Glob(filepath.Join(dir, "raw", "*", "*"))
	if len(raw) != 2 {
		t.Errorf("raw store beside the database holds %v, want the two reports", raw)
	}

	second := cnbudget(t, "crawl", "--db", db, "--urls", list, "--delay", "0")
	if second.code != 1 {
		t.Errorf("second crawl: exit %d, want 1", second.code)
	}
	golden(t, "crawl-second.stdout", portal(second.stdout))

	q := cnbudget(t, "query", "--db", db, "--csv", `SELECT d.source_path, count(f.id) FROM documents d
		JOIN fetches f ON f.document_id = d.id GROUP BY d.id ORDER BY d.id`)
	if got, want := portal(q.stdout), "source_path,count(f.id)\nhttp://portal.test/czj/2023/haigang.docx,2\nhttp://portal.test/czj/2023/haigang.pdf,2\n"; got != want {
		t.Errorf("documents and their fetches:\n%s\nwant\n%s", got, want)
	}
}

// TestCrawlListingCommand takes the links of a listing page.
func TestCrawlListingCommand(t *testing.T) {
	srv := staticPortal(t, map[string]string{
		"czj/2023/haigang.docx": "fixtures/reference/haigang-2023-budget.docx",
		"czj/list/index.html":   `<ul><li><a href="../2023/haigang.docx">2023年部门预算</a></li><li><a href="../2023/notice.html">通知</a></li></ul>`,
	})
	db := filepath.Join(t.TempDir(), "crawl.db")
	r := cnbudget(t, "crawl", "--db", db, "--listing", srv.URL+"/czj/list/", "--pattern", `\.docx$`, "--delay", "0")
	if r.code != 0 || !strings.Contains(r.stdout, "1 links match") || !strings.Contains(r.stdout, "ok        "+srv.URL+"/czj/2023/haigang.docx") {
		t.Errorf("crawl --listing: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestCrawlLocked: while another crawl holds the database's lock, a
// second one stops at once with exit status 1 and says why.
func TestCrawlLocked(t *testing.T) {
	dir := t.TempDir()
	db, list := filepath.Join(dir, "crawl.db"), filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(list, []byte("http://portal.test/a.pdf\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	release, err := crawl.Lock(db)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	r := cnbudget(t, "crawl", "--db", db, "--urls", list)
	if r.code != 1 || !strings.Contains(r.stderr, "another crawl is running on "+db) || r.stdout != "" {
		t.Errorf("crawl while locked: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the refused crawl opened the database")
	}
}

func TestCrawlUsage(t *testing.T) {
	dir := t.TempDir()
	db, list := filepath.Join(dir, "u.db"), filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(list, []byte("# reports\nftp://example.gov.cn/a.pdf\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"crawl", "--urls", list}, 2, "--db is required"},
		{[]string{"crawl", "--db", db}, 2, "give --urls FILE or --listing URL"},
		{[]string{"crawl", "--db", db, "--listing", "http://x.test/", "--pattern", "("}, 2, "--pattern: error parsing regexp"},
		{[]string{"crawl", "--db", db, "--urls", list, "--max-size", "lots"}, 2, "want a size such as 100MB"},
		{[]string{"crawl", "--db", db, "--urls", list, "http://x.test/a.pdf"}, 2, "unexpected argument"},
		{[]string{"crawl", "--db", db, "--urls", list}, 1, list + `:2: "ftp://example.gov.cn/a.pdf" is not an http or https URL`},
		{[]string{"help", "crawl"}, 0, "cnbudget crawl --db FILE.db --urls FILE [--store DIR]"},
	} {
		r := cnbudget(t, tc.args...)
		got := r.stderr
		if tc.code == 0 {
			got = r.stdout
		}
		if r.code != tc.code || !strings.Contains(got, tc.msg) {
			t.Errorf("cnbudget %q = exit %d, stdout %q, stderr %q; want exit %d with %q", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a usage error created the database")
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"100MB": 100 << 20, "512kb": 512 << 10, "1GB": 1 << 30, "2048": 2048, "10 B": 10} {
		if got, err := parseSize(in); got != want || err != nil {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "1.5GB", "0"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) accepted", in)
		}
	}
}

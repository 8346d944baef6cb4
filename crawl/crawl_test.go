package crawl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cnbudget/cnbudget/ingest"
	"github.com/cnbudget/cnbudget/internal/testenv"
	"github.com/cnbudget/cnbudget/store"
)

// file is a report as a portal serves it.
type file struct {
	body    []byte
	etag    string
	modTime time.Time
}

// portal is a disclosure portal on a local test server. It serves its
// files with ETag and Last-Modified (answering conditional requests with
// 304, as real portals' web servers do) and counts what it was asked.
type portal struct {
	mu       sync.Mutex
	files    map[string]file // path → file
	unavail  map[string]int  // path → 503s still to answer before the file
	requests []*http.Request
	bodies   int // 200 answers with a body
}

func newPortal(t *testing.T) (*portal, *httptest.Server) {
	p := &portal{files: map[string]file{}, unavail: map[string]int{}}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

// put publishes body at path, as the n-th version of the file.
func (p *portal) put(path string, body []byte, version int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files[path] = file{body: body, etag: fmt.Sprintf(`"v%d-%d"`, version, len(body)),
		modTime: time.Date(2023, 3, version, 8, 0, 0, 0, time.UTC)}
}

func (p *portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests = append(p.requests, r)
	f, ok := p.files[r.URL.Path]
	down := p.unavail[r.URL.Path]
	if down > 0 {
		p.unavail[r.URL.Path]--
	}
	p.mu.Unlock()
	switch {
	case down > 0:
		w.Header().Set("Retry-After", "3")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	case r.URL.Path == "/moved":
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	case r.URL.Path == "/maintenance.pdf":
		w.Header().Set("Retry-After", "86400")
		http.Error(w, "系统维护中", http.StatusServiceUnavailable)
	case r.URL.Path == "/error-page.pdf":
		// A portal's "file not found" page, served with status 200.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>页面不存在</title></head><body>您访问的页面不存在</body></html>")
	case r.URL.Path == "/empty.pdf":
		w.Header().Set("Content-Type", "application/pdf")
	case r.URL.Path == "/picture.pdf":
		fmt.Fprint(w, "GIF89a\x01\x00\x01\x00")
	case r.URL.Path == "/huge-unannounced.pdf":
		// No Content-Length: the cap must stop the read itself.
		w.Write([]byte("%PDF-1.7\n"))
		w.(http.Flusher).Flush()
		w.Write(make([]byte, 4096))
	case !ok:
		http.NotFound(w, r)
	default:
		w.Header().Set("ETag", f.etag)
		p.mu.Lock()
		if r.Header.Get("If-None-Match") != f.etag {
			p.bodies++
		}
		p.mu.Unlock()
		http.ServeContent(w, r, r.URL.Path, f.modTime, strings.NewReader(string(f.body)))
	}
}

func reference(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "fixtures", "reference", name))
	if err != nil {
		t.Fatalf("reference report (committed in fixtures/reference): %v", err)
	}
	return data
}

// fakeClock stands still until the crawler sleeps, and then moves on by
// exactly what was asked, so the waits a test sees do not depend on how
// fast the machine runs it.
type fakeClock struct {
	now   time.Time
	slept []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

// newCrawler returns a crawler on a fresh database that never waits for
// real: the waits it asks for are collected in *slept.
func newCrawler(t *testing.T, srv *httptest.Server) (*Crawler, *[]time.Duration) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "crawl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &fakeClock{now: time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)}
	c := &Crawler{DB: db, Store: filepath.Join(dir, "raw"), Retries: 2, Backoff: 10 * time.Millisecond,
		Client: srv.Client(), now: clock.Now, sleep: clock.Sleep}
	return c, &clock.slept
}

// again returns a fresh crawler on the same database and store, as the
// next night's run.
func again(c *Crawler) *Crawler {
	return &Crawler{DB: c.DB, Store: c.Store, Retries: c.Retries, Backoff: c.Backoff,
		Client: c.Client, now: c.now, sleep: c.sleep}
}

// counts is the number of rows of each table a crawl writes.
func counts(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"documents", "report_tables", "report_rows", "amounts", "check_failures", "fetches"} {
		_, rows, err := db.Query(context.Background(), "SELECT count(*) FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		out[table] = rows[0][0].(int64)
	}
	return out
}

func query(t *testing.T, db *store.DB, stmt string) [][]any {
	t.Helper()
	_, rows, err := db.Query(context.Background(), stmt)
	if err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	return rows
}

// rawFiles lists the raw store's files relative to it.
func rawFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// TestCrawlNightly is three nights of a crawl: the first run downloads and
// ingests both reports; the second asks conditionally, gets 304s and
// changes nothing; on the third the PDF has been republished with other
// bytes and becomes a new document.
func TestCrawlNightly(t *testing.T) {
	docx, pdf := reference(t, "haigang-2023-budget.docx"), reference(t, "haigang-2023-budget.pdf")
	p, srv := newPortal(t)
	p.put("/2023/预算/haigang.docx", docx, 1)
	p.put("/2023/yusuan/haigang.pdf", pdf, 1)
	urls := []string{srv.URL + "/2023/预算/haigang.docx", srv.URL + "/2023/yusuan/haigang.pdf"}
	ctx := context.Background()

	c, _ := newCrawler(t, srv)
	sum, err := c.Run(ctx, urls)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 2 || sum.Ingest.OK != 2 || sum.Failed() || sum.Bytes != int64(len(docx)+len(pdf)) {
		t.Fatalf("first run: %+v", sum)
	}
	for _, r := range p.requests {
		if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "cnbudget/") {
			t.Errorf("User-Agent %q does not name cnbudget", ua)
		}
	}
	docs := query(t, c.DB, `SELECT d.source_path, d.sha256, d.format, d.status, f.outcome, f.http_status, f.etag, f.last_modified, f.content_length
		FROM documents d JOIN fetches f ON f.document_id = d.id ORDER BY d.id`)
	for i, want := range []struct {
		body []byte
		ext  string
	}{{docx, "docx"}, {pdf, "pdf"}} {
		row := docs[i]
		if row[0] != urls[i] || row[2] != want.ext || row[3] != "ok" || row[4] != "new" || row[5] != int64(200) ||
			row[6] == nil || row[7] == nil || row[8] != int64(len(want.body)) {
			t.Errorf("document %d and its fetch = %v", i+1, row)
		}
		sha := row[1].(string)
		kept, err := os.ReadFile(filepath.Join(c.Store, sha[:2], sha+"."+want.ext))
		if err != nil || string(kept) != string(want.body) {
			t.Errorf("raw store does not keep %s as served: %v", urls[i], err)
		}
	}
	before, files := counts(t, c.DB), rawFiles(t, c.Store)

	// Night two: nothing changed on the portal.
	p.requests = nil
	bodies := p.bodies
	sum, err = again(c).Run(ctx, urls)
	if err != nil {
		t.Fatal(err)
	}
	if sum.NotModified != 2 || sum.New+sum.Unchanged != 0 || sum.Bytes != 0 || sum.Failed() {
		t.Errorf("second run: %+v", sum)
	}
	if p.bodies != bodies {
		t.Errorf("second run was sent %d bodies", p.bodies-bodies)
	}
	for _, r := range p.requests {
		if r.Header.Get("If-None-Match") == "" || r.Header.Get("If-Modified-Since") == "" {
			t.Errorf("second request for %s is not conditional: %v", r.URL, r.Header)
		}
	}
	after := counts(t, c.DB)
	if after["fetches"] != before["fetches"]+2 {
		t.Errorf("second run recorded %d fetches, want 2", after["fetches"]-before["fetches"])
	}
	delete(before, "fetches")
	delete(after, "fetches")
	if !maps.Equal(before, after) {
		t.Errorf("second run changed the database: before %v, after %v", before, after)
	}
	if got := rawFiles(t, c.Store); !slices.Equal(got, files) {
		t.Errorf("second run changed the raw store: %v, was %v", got, files)
	}
	if n := query(t, c.DB, `SELECT count(*) FROM fetches WHERE outcome = 'not_modified' AND document_id IS NOT NULL AND sha256 IS NOT NULL`); n[0][0] != int64(2) {
		t.Errorf("304 fetches naming their document = %v, want 2", n[0][0])
	}

	// Night three: the PDF is republished (another rendering, other bytes).
	p.put("/2023/yusuan/haigang.pdf", reference(t, "haigang-2023-budget-calc.pdf"), 2)
	sum, err = again(c).Run(ctx, urls)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.NotModified != 1 || sum.Ingest.OK != 1 || sum.Failed() {
		t.Errorf("third run: %+v", sum)
	}
	versions := query(t, c.DB, `SELECT id, sha256 FROM documents WHERE source_path = '`+urls[1]+`' ORDER BY id`)
	if len(versions) != 2 || versions[0][1] == versions[1][1] {
		t.Fatalf("documents from the republished URL = %v, want the old and the new", versions)
	}
	old := query(t, c.DB, fmt.Sprintf(`SELECT superseded_by IS NOT NULL FROM documents WHERE id = %d`, versions[0][0]))
	if old[0][0] != int64(1) {
		t.Error("the old version of the republished report is not marked in documents.superseded_by")
	}
}

// TestCrawlSkipsNonReports serves everything a portal serves instead of a
// report: each is recorded with its reason and never stored or ingested.
func TestCrawlSkipsNonReports(t *testing.T) {
	p, srv := newPortal(t)
	p.put("/big.pdf", append([]byte("%PDF-1.7\n"), make([]byte, 4096)...), 1)
	c, _ := newCrawler(t, srv)
	c.MaxSize = 1024
	want := map[string]string{ // path → reason
		"/missing.pdf":          "HTTP 404 Not Found",
		"/error-page.pdf":       "an HTML page, not a report",
		"/empty.pdf":            "empty body",
		"/picture.pdf":          "neither PDF nor DOCX",
		"/big.pdf":              "announced 4105 bytes, the cap is 1024",
		"/huge-unannounced.pdf": "more than 1024 bytes",
	}
	var urls []string
	for path := range want {
		urls = append(urls, srv.URL+path)
	}
	slices.Sort(urls)
	sum, err := c.Run(context.Background(), urls)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != len(want) || !sum.Failed() || sum.New != 0 {
		t.Errorf("summary %+v, want %d rejected", sum, len(want))
	}
	for _, row := range query(t, c.DB, `SELECT url, outcome, reason, http_status, sha256, document_id FROM fetches ORDER BY id`) {
		path := strings.TrimPrefix(row[0].(string), srv.URL)
		if row[1] != "rejected" || !strings.Contains(fmt.Sprint(row[2]), want[path]) || row[4] != nil || row[5] != nil {
			t.Errorf("fetch of %s = %v, want rejected with %q", path, row[1:], want[path])
		}
	}
	if n := counts(t, c.DB); n["documents"] != 0 || n["fetches"] != int64(len(want)) {
		t.Errorf("rows %v, want no documents and %d fetches", n, len(want))
	}
	if files := rawFiles(t, c.Store); len(files) != 0 {
		t.Errorf("the raw store kept %v", files)
	}
}

// TestCrawlRetries: a 503 is retried after the wait its Retry-After asks
// for; a host that stays down, or cannot be reached, is an error once the
// retries are spent, with the backoff doubling between them; a server
// asking for a wait longer than a run should take is left for the next run.
func TestCrawlRetries(t *testing.T) {
	p, srv := newPortal(t)
	p.put("/busy.docx", reference(t, "haigang-2023-budget.docx"), 1)
	p.unavail["/busy.docx"] = 1
	p.unavail["/down.pdf"] = 100
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()

	c, slept := newCrawler(t, srv)
	sum, err := c.Run(context.Background(), []string{srv.URL + "/busy.docx"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.Ingest.OK != 1 {
		t.Errorf("503 then 200: %+v", sum)
	}
	if !slices.Equal(*slept, []time.Duration{3 * time.Second}) {
		t.Errorf("waits %v, want the 3s the server's Retry-After asked", *slept)
	}
	if a := query(t, c.DB, `SELECT attempts FROM fetches`); a[0][0] != int64(2) {
		t.Errorf("attempts = %v, want 2", a[0][0])
	}

	for _, tc := range []struct {
		url, reason string
		attempts    int64
		waits       []time.Duration
	}{
		{srv.URL + "/down.pdf", "HTTP 503 Service Unavailable (after 3 attempts)", 3, []time.Duration{3 * time.Second, 3 * time.Second}},
		{dead.URL + "/gone.pdf", "connection refused", 3, []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{srv.URL + "/maintenance.pdf", "the server asks to wait 24h0m0s, more than 2m0s", 1, nil},
	} {
		*slept = nil
		sum, err := again(c).Run(context.Background(), []string{tc.url})
		if err != nil {
			t.Fatal(err)
		}
		f := query(t, c.DB, `SELECT outcome, reason, attempts FROM fetches ORDER BY id DESC LIMIT 1`)[0]
		if sum.Errs != 1 || f[0] != "error" || !strings.Contains(f[1].(string), tc.reason) || f[2] != tc.attempts {
			t.Errorf("%s: summary %+v, fetch %v; want an error with %q after %d attempts", tc.url, sum, f, tc.reason, tc.attempts)
		}
		if !slices.Equal(*slept, tc.waits) {
			t.Errorf("%s: waits %v, want %v", tc.url, *slept, tc.waits)
		}
	}
}

// TestCrawlRateLimit: two requests to one host are Delay apart, and a
// redirect is a request like another: its target host waits its turn, and
// is not asked again sooner.
func TestCrawlRateLimit(t *testing.T) {
	p, srv := newPortal(t)
	p.put("/a.pdf", reference(t, "haigang-2023-budget.pdf"), 1)
	_, other := newPortal(t)
	moved := func(from, to string) string { return from + "/moved?to=" + url.QueryEscape(to) }
	for _, tc := range []struct {
		name  string
		urls  []string
		waits []time.Duration
	}{
		{"same host", []string{srv.URL + "/a.pdf", srv.URL + "/b.pdf"}, []time.Duration{time.Second}},
		{"two hosts", []string{srv.URL + "/a.pdf", other.URL + "/b.pdf"}, nil},
		{"redirect to a host then asked", []string{moved(other.URL, srv.URL+"/a.pdf"), srv.URL + "/b.pdf"}, []time.Duration{time.Second}},
		{"redirect to a host just asked", []string{srv.URL + "/b.pdf", moved(other.URL, srv.URL+"/a.pdf")}, []time.Duration{time.Second}},
		{"redirect on one host", []string{moved(srv.URL, "/a.pdf")}, []time.Duration{time.Second}},
	} {
		c, slept := newCrawler(t, srv)
		c.Delay = time.Second
		sum, err := c.Run(context.Background(), tc.urls)
		if err != nil {
			t.Fatal(err)
		}
		if sum.New != 1 {
			t.Errorf("%s: %+v, want /a.pdf new (the redirects reach it)", tc.name, sum)
		}
		if !slices.Equal(*slept, tc.waits) {
			t.Errorf("%s: waits %v, want %v", tc.name, *slept, tc.waits)
		}
	}
}

// TestCrawlListing takes the report links from a listing page with
// relative links and downloads them.
func TestCrawlListing(t *testing.T) {
	p, srv := newPortal(t)
	p.put("/czj/2023/haigang.docx", reference(t, "haigang-2023-budget.docx"), 1)
	p.put("/czj/list/index.html", []byte(`<html><body><ul>
		<li><a href="../2023/haigang.docx" title="海港区社会保险事业所2023年预算">2023年部门预算</a></li>
		<li><a class=x href='/czj/2023/haigang.docx#page=2'>同一文件</a></li>
		<li><a href="notice.html">通知</a> <a href="mailto:czj@example.gov.cn">邮箱</a></li>
		<li><A HREF=../2022/missing.pdf>2022年</A></li>
	</ul></body></html>`), 1)
	c, _ := newCrawler(t, srv)
	links, err := c.Listing(context.Background(), srv.URL+"/czj/list/index.html", regexp.MustCompile(`\.(pdf|docx)$`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{srv.URL + "/czj/2023/haigang.docx", srv.URL + "/czj/2022/missing.pdf"}
	if !slices.Equal(links, want) {
		t.Fatalf("links %q, want %q", links, want)
	}
	sum, err := c.Run(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.Rejected != 1 || sum.Ingest.OK != 1 {
		t.Errorf("summary %+v, want the report new and the dead link rejected", sum)
	}

	if _, err := c.Listing(context.Background(), srv.URL+"/czj/list/gone.html", regexp.MustCompile(`.`)); err == nil ||
		!strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("a listing page that is gone: %v", err)
	}
}

func TestLinksBase(t *testing.T) {
	page := []byte(`<head><base href="https://files.example.gov.cn/yjs/"></head>
		<a href="2023/a.pdf?id=1&amp;t=2">a</a><a href="javascript:void(0)">x</a>`)
	base, _ := http.NewRequest("GET", "https://www.example.gov.cn/list.html", nil)
	got := Links(page, base.URL, regexp.MustCompile(`\.pdf`))
	if want := []string{"https://files.example.gov.cn/yjs/2023/a.pdf?id=1&t=2"}; !slices.Equal(got, want) {
		t.Errorf("Links = %q, want %q", got, want)
	}
}

// TestLock: a second crawl of the same database is refused while the
// first holds the lock, and allowed once it is released.
func TestLock(t *testing.T) {
	db := filepath.Join(t.TempDir(), "crawl.db")
	release, err := Lock(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Lock(db); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("process %d holds", os.Getpid())) {
		t.Errorf("second lock: %v, want ErrLocked naming this process", err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	release, err = Lock(db)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	release()
}

// TestCrawlInterrupted stops a run twice, once while downloading (after
// the first of three downloads) and once while ingesting: every report
// downloaded before the stop is loaded under its URL with its fetch, and
// the next run fetches and loads exactly what is missing.
func TestCrawlInterrupted(t *testing.T) {
	p, srv := newPortal(t)
	var urls []string
	for _, name := range []string{"haigang-2023-budget.docx", "haigang-2023-budget.pdf", "haigang-2023-budget-calc.pdf"} {
		p.put("/"+name, reference(t, name), 1)
		urls = append(urls, srv.URL+"/"+name)
	}
	c, _ := newCrawler(t, srv)
	everyDocumentRecorded := func() {
		t.Helper()
		if n := query(t, c.DB, `SELECT count(*) FROM documents d WHERE source_path NOT LIKE 'http%'
				OR NOT EXISTS (SELECT 1 FROM fetches f WHERE f.document_id = d.id)`); n[0][0] != int64(0) {
			t.Errorf("%v documents do not name their URL and fetch", n[0][0])
		}
	}

	// Stopped after the first download, while asking for the second.
	ctx, cancel := context.WithCancel(context.Background())
	c.Fetched = func(store.Fetch) { cancel() }
	if _, err := c.Run(ctx, urls); !errors.Is(err, context.Canceled) {
		t.Fatalf("run cancelled while downloading: %v", err)
	}
	if n := counts(t, c.DB); n["documents"] != 1 || n["fetches"] != 1 {
		t.Errorf("after a run stopped after 1 of 3 downloads: %v, want that one loaded and recorded", n)
	}
	everyDocumentRecorded()

	// Stopped while the second report is loaded: it is finished and
	// recorded, and the third is not asked for.
	ctx, cancel = context.WithCancel(context.Background())
	c = again(c)
	c.Loaded = func(ingest.File) { cancel() }
	p.mu.Lock()
	p.requests = nil
	p.mu.Unlock()
	if _, err := c.Run(ctx, urls); !errors.Is(err, context.Canceled) {
		t.Fatalf("run cancelled while ingesting: %v", err)
	}
	p.mu.Lock()
	for _, r := range p.requests {
		if srv.URL+r.URL.Path == urls[2] {
			t.Errorf("the third report was asked for after the stop")
		}
	}
	p.mu.Unlock()
	loaded := query(t, c.DB, `SELECT count(*) FROM documents`)[0][0].(int64)
	if loaded != 2 {
		t.Fatalf("%d documents after the second run, want 2", loaded)
	}
	everyDocumentRecorded()

	sum, err := again(c).Run(context.Background(), urls)
	if err != nil {
		t.Fatal(err)
	}
	if sum.NotModified != int(loaded) || sum.New != 3-int(loaded) || sum.Ingest.OK != 3-int(loaded) || sum.Failed() {
		t.Errorf("rerun after %d of 3 loaded: %+v", loaded, sum)
	}
	if n := query(t, c.DB, `SELECT count(*), count(DISTINCT sha256) FROM documents`)[0]; n[0] != int64(3) || n[1] != int64(3) {
		t.Errorf("documents after the rerun: %v, want 3 distinct", n)
	}
}

// TestRawStore: content is stored once under its digest, atomically, and
// only stale temporary files are cleaned away, even in a folder whose name
// would be a glob pattern.
func TestRawStore(t *testing.T) {
	s := rawStore{dir: filepath.Join(t.TempDir(), "raw[1]")}
	if err := s.clean(time.Now()); err != nil {
		t.Errorf("clean before the store exists: %v", err)
	}
	const sha = "3f2a9c1e00000000000000000000000000000000000000000000000000000000"
	path, err := s.put(sha, "pdf", []byte("%PDF-1.7 one"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(s.dir, "3f", sha+".pdf"); path != want {
		t.Errorf("put stored %s, want %s", path, want)
	}
	if again, err := s.put(sha, "pdf", []byte("%PDF-1.7 one")); err != nil || again != path {
		t.Errorf("second put = %s, %v", again, err)
	}
	stale, young := filepath.Join(s.dir, "3f", ".part-1"), filepath.Join(s.dir, "3f", ".part-2")
	for _, name := range []string{stale, young} {
		if err := os.WriteFile(name, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleAfter)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := s.clean(time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := rawFiles(t, s.dir); !slices.Equal(got, []string{filepath.Join("3f", ".part-2"), filepath.Join("3f", sha+".pdf")}) {
		t.Errorf("after clean: %v", got)
	}
}

// TestCrawlKilledBeforeRecord: a crawl dying between loading a report and
// recording its fetch (here the fetches table refuses the row) leaves the
// document named by its URL.
func TestCrawlKilledBeforeRecord(t *testing.T) {
	p, srv := newPortal(t)
	p.put("/a.docx", reference(t, "haigang-2023-budget.docx"), 1)
	c, _ := newCrawler(t, srv)
	path := filepath.Join(filepath.Dir(c.Store), "crawl.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(stmt string) {
		t.Helper()
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}

	exec(`CREATE TRIGGER killed BEFORE INSERT ON fetches BEGIN SELECT RAISE(ABORT, 'killed'); END`)
	if _, err := c.Run(context.Background(), []string{srv.URL + "/a.docx"}); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("run whose fetch cannot be recorded: %v", err)
	}
	exec(`DROP TRIGGER killed`)
	if got := query(t, c.DB, `SELECT source_path FROM documents`); len(got) != 1 || got[0][0] != srv.URL+"/a.docx" {
		t.Errorf("document loaded before the kill names %v, want the URL", got)
	}
}

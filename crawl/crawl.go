// Package crawl downloads published reports from the web into a
// content-addressed store and ingests what is new.
//
// It is polite to the portals it reads: one request at a time, a delay
// between two requests to one host, conditional requests (ETag,
// Last-Modified) so an unchanged report is not sent again, backoff when a
// server is struggling, and a User-Agent that names cnbudget. It is wary of
// what they serve: only PDF and DOCX bodies are kept and ingested; error
// pages served with status 200, dead links, empty or oversized answers are
// recorded in the fetches table and skipped.
package crawl

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/ingest"
	"github.com/cnbudget/cnbudget/store"
)

// UserAgent names cnbudget to the servers it asks, with where to read
// about it, so a portal's webmaster knows who is calling.
const UserAgent = "cnbudget/1 (budget report archiver; +https://github.com/cnbudget/cnbudget)"

// DefaultMaxSize is the size cap when Crawler.MaxSize is 0: no published
// budget report comes near it, and a bigger body is a mistake.
const DefaultMaxSize = 100 << 20

// maxRetryAfter is the longest Retry-After honoured; a server asking for
// more is given up on for this run (the next run asks again).
const maxRetryAfter = 2 * time.Minute

// Crawler downloads URLs and ingests the reports among them. One
// Crawler serves one run; the rate limit holds across its Listing and
// Run calls.
type Crawler struct {
	DB    *store.DB
	Store string // folder of the raw store, created if missing

	Delay   time.Duration // least time between two requests to one host
	Timeout time.Duration // for one request, body included; 0 means none
	MaxSize int64         // bytes of one body; 0 means DefaultMaxSize
	Retries int           // retries after a network error, 429 or 5xx
	Backoff time.Duration // wait before the first retry; it doubles for each next one

	// Client, if set, makes the requests (tests pass their server's);
	// Timeout then is the client's own.
	Client *http.Client

	// Fetched, if set, is called for each URL once it is downloaded (or
	// not), in input order, with the fetch as recorded: a new report is
	// ingested first, and told before Loaded.
	Fetched func(store.Fetch)
	// Loaded, if set, is called for each new report once ingested, in
	// input order, with the URL as the file's Path.
	Loaded func(ingest.File)

	// Tests replace the clock the rate limit reads and waits on.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	f     *fetcher
}

// Summary counts the outcomes of a run.
type Summary struct {
	URLs                                        int
	New, Unchanged, NotModified, Rejected, Errs int
	Bytes                                       int64 // bytes of the reports downloaded

	// Ingest counts the new reports ingested; its Failures name URLs.
	Ingest ingest.Summary
}

// Failed reports whether anything went wrong: a URL that gave no report,
// or a report that did not load.
func (s Summary) Failed() bool {
	return s.Rejected+s.Errs+s.Ingest.Failed > 0
}

func (s *Summary) add(f store.Fetch) {
	s.URLs++
	switch f.Outcome {
	case store.FetchNew:
		s.New++
		s.Bytes += f.ContentLength
	case store.FetchUnchanged:
		s.Unchanged++
		s.Bytes += f.ContentLength
	case store.FetchNotModified:
		s.NotModified++
	case store.FetchRejected:
		s.Rejected++
	default:
		s.Errs++
	}
}

// fetcher returns the run's fetcher, made on first use.
func (c *Crawler) fetcher() *fetcher {
	if c.f != nil {
		return c.f
	}
	client := c.Client
	if client == nil {
		client = &http.Client{Timeout: c.Timeout}
	}
	maxSize := c.MaxSize
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	f := &fetcher{
		delay: c.Delay, retries: c.Retries, backoff: c.Backoff, maxSize: maxSize,
		now: c.now, sleep: c.sleep, next: make(map[string]time.Time),
	}
	if f.now == nil {
		f.now = time.Now
	}
	if f.sleep == nil {
		f.sleep = sleep
	}
	f.client = f.limitRedirects(client)
	c.f = f
	return f
}

// Run downloads urls in order, records each download in the fetches
// table, and ingests each new report right after its download. Its error
// is for what stops the whole run (a cancelled ctx, a database or disk
// failure); a URL that fails is counted in the summary and recorded.
//
// Cancelling ctx stops the download under way, which the next run asks
// for again; every report downloaded before is already loaded and
// recorded. Reading a report takes a small fraction of the delay between
// two requests, so ingesting them one at a time costs no time on a portal.
func (c *Crawler) Run(ctx context.Context, urls []string) (Summary, error) {
	var sum Summary
	raw := rawStore{dir: c.Store}
	if err := raw.clean(time.Now()); err != nil {
		return sum, err
	}
	ingested := map[string]int64{} // digest → document, for the reports ingested in this run
	for _, u := range urls {
		f, path, err := c.fetch(ctx, raw, u)
		if err != nil {
			return sum, err
		}
		if id, ok := ingested[f.SHA256]; ok && f.Outcome == store.FetchNew {
			// The same bytes as a report ingested a moment ago that failed
			// to load: reading them again would fail again.
			f.Outcome, f.DocumentID = store.FetchUnchanged, id
		}
		if f.Outcome != store.FetchNew {
			sum.add(f)
			if c.Fetched != nil {
				c.Fetched(f)
			}
			if _, err := c.DB.RecordFetch(ctx, f); err != nil {
				return sum, err
			}
			continue
		}
		f, file, isum, err := c.ingest(ctx, f, path)
		sum.Ingest.Merge(isum)
		if err != nil {
			return sum, err
		}
		// Counted and told as recorded: ingesting may have found the
		// report loaded by another process meanwhile.
		sum.add(f)
		if c.Fetched != nil {
			c.Fetched(f)
		}
		if c.Loaded != nil {
			c.Loaded(file)
		}
		ingested[f.SHA256] = f.DocumentID
	}
	return sum, nil
}

// ingest loads one new report under its URL and records its fetch, which
// it returns as recorded. Both are done even when ctx is cancelled
// meanwhile: the report is downloaded already, and reading it takes a
// moment.
func (c *Crawler) ingest(ctx context.Context, f store.Fetch, path string) (store.Fetch, ingest.File, ingest.Summary, error) {
	ctx = context.WithoutCancel(ctx)
	var file ingest.File
	p := ingest.Pipeline{DB: c.DB,
		Source:   func(string) string { return f.URL },
		Progress: func(done ingest.File) { file = done }}
	sum, err := p.Run(ctx, []string{path})
	if err != nil {
		return f, file, sum, err
	}
	f.DocumentID = file.ID
	if file.Unchanged {
		// Loaded meanwhile by another process (an ingest of the same file).
		f.Outcome = store.FetchUnchanged
	}
	if _, err := c.DB.RecordFetch(ctx, f); err != nil {
		return f, file, sum, err
	}
	return f, file, sum, nil
}

// fetch downloads one URL and judges the answer. A report is put in the
// raw store, and its path returned when it is new. The error is only for what stops the
// run; everything about the URL itself is in the returned Fetch.
func (c *Crawler) fetch(ctx context.Context, raw rawStore, url string) (store.Fetch, string, error) {
	prev, known, err := c.DB.LastFetch(ctx, url)
	if err != nil {
		return store.Fetch{}, "", err
	}
	var v validators
	if known {
		v = validators{etag: prev.ETag, lastModified: prev.LastModified}
	}
	f := store.Fetch{URL: url, FetchedAt: time.Now()}
	resp, err := c.fetcher().get(ctx, url, v)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return f, "", ctxErr
	}
	f.HTTPStatus, f.ContentLength, f.Attempts = resp.status, resp.length, resp.attempts
	if resp.header != nil {
		f.ETag = resp.header.Get("ETag")
		f.LastModified = resp.header.Get("Last-Modified")
		f.ContentType = resp.header.Get("Content-Type")
	}
	reject := func(outcome, reason string) (store.Fetch, string, error) {
		f.Outcome, f.Reason = outcome, reason
		return f, "", nil
	}
	switch {
	case errors.Is(err, errTooLarge):
		return reject(store.FetchRejected, err.Error())
	case err != nil:
		return reject(store.FetchError, err.Error())
	case resp.status == http.StatusNotModified && known:
		// The validators and content are those of the fetch the request
		// was conditional on, unless the server sent fresh ones.
		f.Outcome, f.SHA256, f.DocumentID = store.FetchNotModified, prev.SHA256, prev.DocumentID
		f.ETag = cmp.Or(f.ETag, prev.ETag)
		f.LastModified = cmp.Or(f.LastModified, prev.LastModified)
		return f, "", nil
	case resp.status != http.StatusOK:
		return reject(store.FetchRejected, fmt.Sprintf("HTTP %d %s", resp.status, http.StatusText(resp.status)))
	}
	format, reason := judge(resp.body)
	if reason != "" {
		return reject(store.FetchRejected, reason)
	}
	digest := sha256.Sum256(resp.body)
	f.SHA256 = hex.EncodeToString(digest[:])
	path, err := raw.put(f.SHA256, format, resp.body)
	if err != nil {
		return f, "", err
	}
	res, loaded, err := c.DB.Loaded(ctx, f.SHA256)
	if err != nil {
		return f, "", fmt.Errorf("%s: is its content (sha256 %s) loaded already? %w", url, f.SHA256, err)
	}
	if loaded {
		f.Outcome, f.DocumentID = store.FetchUnchanged, res.ID
		return f, "", nil
	}
	f.Outcome = store.FetchNew
	return f, path, nil
}

// judge names the format of a body served as a report, or says why it is
// not one. The content decides, not the URL or Content-Type: portals serve
// error and login pages with status 200 under a report's name.
func judge(body []byte) (format, reason string) {
	switch kind := extract.Sniff(body); kind {
	case "pdf", "docx":
		return kind, ""
	case "empty":
		return "", "empty body"
	case "html":
		return "", "an HTML page, not a report (an error or login page served with status 200?)"
	case "zip":
		return "", "a ZIP archive that is not a Word document"
	case "ole":
		return "", "a legacy Office file (.doc/.xls), which cnbudget does not read"
	default:
		return "", fmt.Sprintf("neither PDF nor DOCX (it starts %q)", body[:min(len(body), 16)])
	}
}

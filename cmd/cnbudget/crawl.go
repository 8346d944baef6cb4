package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cnbudget/cnbudget/crawl"
	"github.com/cnbudget/cnbudget/ingest"
	"github.com/cnbudget/cnbudget/store"
)

type crawlCommand struct {
	stdout, stderr io.Writer
}

func (c *crawlCommand) Usage() string {
	return `Usage: cnbudget crawl --db FILE.db --urls FILE [--store DIR]
       cnbudget crawl --db FILE.db --listing URL [--pattern REGEX] [--store DIR]

Downloads report URLs into a raw store, politely and incrementally, and
ingests the reports that are new.

--urls names a file of URLs, one a line; blank lines and lines starting
with # are ignored. --listing fetches a portal's listing page and takes
the links on it whose absolute URL matches --pattern. Both may be given.

Each original is kept in the raw store (default: raw/ beside the
database) under its SHA-256, e.g. raw/3f/3f2a….pdf. A URL fetched before
is asked for conditionally (If-None-Match, If-Modified-Since), so an
unchanged report is neither sent nor ingested again. Requests to one host
are --delay apart; network errors, 429 and 5xx answers are retried with
a doubling wait (honouring Retry-After). Error pages, dead links, empty
and oversized bodies are recorded in the fetches table and skipped. A
lock file beside the database (FILE.db.crawl.lock) keeps two runs from
overlapping: the second stops at once with exit status 1.

Each new report is ingested right after its download, so Ctrl-C loses
only the download under way; the next run asks for it again.

Prints one line per URL (outcome, size, start of the SHA-256, URL), one
line per report ingested, and a summary on stdout; reasons on stderr.
Outcomes: new, unchanged (same bytes as a loaded report), not_modified
(the server answered 304), rejected (not a report), error (no answer).

Exit status: 0 when every URL gave a report that loaded or was unchanged,
1 when any was rejected, failed or did not load (the others are still
loaded) or another crawl holds the lock, 2 for a usage error.

Flags:
  --db FILE.db        the database (required)
  --urls FILE         the URLs to fetch, one a line
  --listing URL       a listing page to take report links from
  --pattern REGEX     which links of the listing page to fetch
                      (default (?i)\.(pdf|docx)$)
  --store DIR         the raw store (default: raw/ beside the database)
  --delay 1s          least time between two requests to one host
  --timeout 2m        for one request, download included
  --max-size 100MB    larger bodies are rejected (B, KB, MB or GB)
  --retries 3         retries after a network error, 429 or 5xx
`
}

func (c *crawlCommand) Run(ctx context.Context, args []string) error {
	ingest.UseBatchGC()
	fs := newFlags("crawl")
	dbPath := fs.String("db", "", "")
	urlsFile := fs.String("urls", "", "")
	listing := fs.String("listing", "", "")
	pattern := fs.String("pattern", `(?i)\.(pdf|docx)$`, "")
	storeDir := fs.String("store", "", "")
	delay := fs.Duration("delay", time.Second, "")
	timeout := fs.Duration("timeout", 2*time.Minute, "")
	maxSize := int64(crawl.DefaultMaxSize)
	fs.Func("max-size", "", func(s string) (err error) {
		maxSize, err = parseSize(s)
		return err
	})
	retries := fs.Int("retries", 3, "")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *dbPath == "":
		return usagef("--db is required")
	case *urlsFile == "" && *listing == "":
		return usagef("give --urls FILE or --listing URL")
	case len(rest) > 0:
		return usagef("unexpected argument %q (URLs go in the --urls file)", rest[0])
	case *delay < 0 || *timeout < 0 || *retries < 0:
		return usagef("--delay, --timeout and --retries cannot be negative")
	}
	re, err := regexp.Compile(*pattern)
	if err != nil {
		return usagef("--pattern: %v", err)
	}
	var urls []string
	if *urlsFile != "" {
		if urls, err = readURLs(*urlsFile); err != nil {
			return err
		}
	}
	if *storeDir == "" {
		*storeDir = filepath.Join(filepath.Dir(*dbPath), "raw")
	}

	release, err := crawl.Lock(*dbPath)
	if err != nil {
		return err
	}
	defer release()
	db, err := openWritable(*dbPath, c.stderr)
	if err != nil {
		return err
	}
	defer db.Close()

	ic := &ingestCommand{stdout: c.stdout, stderr: c.stderr, name: "crawl"}
	cr := &crawl.Crawler{
		DB: db, Store: *storeDir, Delay: *delay, Timeout: *timeout, MaxSize: maxSize,
		Retries: *retries, Backoff: time.Second,
		Fetched: c.printFetch,
		Loaded:  ic.printFile,
	}
	if *listing != "" {
		links, err := cr.Listing(ctx, *listing, re)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "listing %s: %d links match %s\n", *listing, len(links), re)
		urls = append(urls, links...)
	}
	sum, err := cr.Run(ctx, dedupe(urls))
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	fmt.Fprintf(c.stdout, "%d URLs: %d new, %d unchanged, %d not modified, %d rejected, %d errors; %s downloaded; %d reports loaded (%d partial), %d failed to load\n",
		sum.URLs, sum.New, sum.Unchanged, sum.NotModified, sum.Rejected, sum.Errs, size(sum.Bytes),
		sum.Ingest.OK+sum.Ingest.Partial, sum.Ingest.Partial, sum.Ingest.Failed)
	if err != nil {
		fmt.Fprintln(c.stdout, "interrupted: run the same command again; what was not fetched and loaded is fetched again")
		return errReported
	}
	if sum.Failed() {
		return errReported
	}
	return nil
}

// printFetch prints the line for one URL, and why it gave no report on stderr.
func (c *crawlCommand) printFetch(f store.Fetch) {
	sha := "-"
	if f.SHA256 != "" {
		sha = f.SHA256[:8]
	}
	fmt.Fprintf(c.stdout, "%-12s %9s  %-8s  %s\n", f.Outcome, size(f.ContentLength), sha, f.URL)
	if f.Reason != "" {
		fmt.Fprintf(c.stderr, "cnbudget crawl: %s: %s\n", f.URL, f.Reason)
	}
}

// readURLs reads a URL file: one URL a line, blank lines and # comments
// ignored. A line that is not an http or https URL stops the run before
// anything is fetched, naming the line.
func readURLs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		u, err := url.Parse(line)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s:%d: %q is not an http or https URL", path, n, line)
		}
		urls = append(urls, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return urls, nil
}

// dedupe drops repeated URLs, keeping the first of each.
func dedupe(urls []string) []string {
	seen := make(map[string]bool, len(urls))
	out := urls[:0:0]
	for _, u := range urls {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// sizeUnits are the suffixes --max-size accepts, largest first.
var sizeUnits = []struct {
	suffix string
	bytes  int64
}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}

// parseSize reads a size such as 100MB, 512KB or 1048576 (bytes).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.bytes
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("want a size such as 100MB, 512KB or a number of bytes, not %q", s)
	}
	return n * mult, nil
}

// size spells a byte count for people; "-" when unknown (negative).
func size(n int64) string {
	if n < 0 {
		return "-"
	}
	for _, u := range sizeUnits[:3] {
		if n >= u.bytes {
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.bytes), u.suffix)
		}
	}
	return fmt.Sprintf("%d B", n)
}

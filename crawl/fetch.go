package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// errTooLarge marks a body over the size cap: the server answered, but
// with something no report is, so the URL is rejected rather than retried.
var errTooLarge = errors.New("larger than the size cap")

// fetcher makes polite GET requests: one at a time, at least delay apart
// on each host, retrying network errors, 429 and 5xx with exponential
// backoff, and never reading more than maxSize bytes of a body.
type fetcher struct {
	client  *http.Client
	delay   time.Duration
	retries int
	backoff time.Duration
	maxSize int64
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error

	next map[string]time.Time // host → earliest start of its next request
}

// response is what a GET brought back. Body is nil for a 304 and for a
// status other than 200 (whose body is an error page, not kept).
type response struct {
	status   int
	header   http.Header
	body     []byte
	length   int64 // bytes read, or announced when too large to read; -1 unknown
	attempts int
	host     string // the host that answered last, after any redirects
}

// validators make a request conditional on the content having changed.
type validators struct {
	etag, lastModified string
}

// get fetches rawURL. Its error is a network error, a 5xx or 429 that
// outlasted the retries, or errTooLarge; any other status is returned in
// the response for the caller to judge.
func (f *fetcher) get(ctx context.Context, rawURL string, v validators) (response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return response{length: -1}, fmt.Errorf("bad URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return response{length: -1}, fmt.Errorf("bad URL: only http and https are fetched, not %q", u.Scheme)
	}
	backoff := f.backoff
	for attempt := 1; ; attempt++ {
		if err := f.wait(ctx, u.Host); err != nil {
			return response{length: -1, attempts: attempt - 1}, err
		}
		resp, err := f.once(ctx, u, v)
		resp.attempts = attempt
		f.done(resp.host)
		retry, after := retryable(resp, err, f.now())
		if !retry || ctx.Err() != nil {
			return resp, err
		}
		if err == nil {
			err = fmt.Errorf("HTTP %d %s", resp.status, http.StatusText(resp.status))
		}
		if attempt > f.retries {
			return resp, fmt.Errorf("%w (after %d attempts)", err, attempt)
		}
		if after > maxRetryAfter {
			return resp, fmt.Errorf("%w; the server asks to wait %s, more than %s", err, after, maxRetryAfter)
		}
		if err := f.sleep(ctx, max(backoff, after)); err != nil {
			return resp, err
		}
		backoff = min(2*backoff, maxRetryAfter)
	}
}

// once makes one request.
func (f *fetcher) once(ctx context.Context, u *url.URL, v validators) (response, error) {
	r := response{length: -1, host: u.Host}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return r, err
	}
	req.Header.Set("User-Agent", UserAgent)
	if v.etag != "" {
		req.Header.Set("If-None-Match", v.etag)
	}
	if v.lastModified != "" {
		req.Header.Set("If-Modified-Since", v.lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return r, err
	}
	defer resp.Body.Close()
	r.host = resp.Request.URL.Host
	r.status, r.header = resp.StatusCode, resp.Header
	if resp.StatusCode != http.StatusOK {
		// Drain a little so the connection can be reused; the rest is dropped.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return r, nil
	}
	if resp.ContentLength > f.maxSize {
		r.length = resp.ContentLength
		return r, fmt.Errorf("%w: announced %d bytes, the cap is %d", errTooLarge, resp.ContentLength, f.maxSize)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxSize+1))
	r.length = int64(len(body))
	if err != nil {
		return r, fmt.Errorf("reading the body: %w", err)
	}
	if r.length > f.maxSize {
		return r, fmt.Errorf("%w: more than %d bytes", errTooLarge, f.maxSize)
	}
	r.body = body
	return r, nil
}

// wait sleeps until host may be asked again.
func (f *fetcher) wait(ctx context.Context, host string) error {
	if d := f.next[host].Sub(f.now()); d > 0 {
		return f.sleep(ctx, d)
	}
	return ctx.Err()
}

// done notes that host has just answered, so it is next asked a delay later.
func (f *fetcher) done(host string) {
	f.next[host] = f.now().Add(f.delay)
}

// maxRedirects is how many redirects one request follows, as Go's client
// does by default.
const maxRedirects = 10

// limitRedirects returns a copy of client whose redirects keep the rate
// limit: a redirect is a request like another, so before it is followed
// the host that sent it is noted as asked, and the fetcher waits until the
// host it leads to may be asked, and notes that host too (should the
// request fail, no answer will note it). The client's own redirect policy,
// if any, still decides whether to follow.
func (f *fetcher) limitRedirects(client *http.Client) *http.Client {
	c := *client
	policy := client.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if policy != nil {
			if err := policy(req, via); err != nil {
				return err
			}
		} else if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		f.done(via[len(via)-1].URL.Host)
		if err := f.wait(req.Context(), req.URL.Host); err != nil {
			return err
		}
		f.done(req.URL.Host)
		return nil
	}
	return &c
}

// retryable says whether a request is worth repeating, and how long the
// server asked to wait (Retry-After) before it.
func retryable(r response, err error, now time.Time) (bool, time.Duration) {
	if err != nil {
		return !errors.Is(err, errTooLarge) && !errors.Is(err, context.Canceled), 0
	}
	if r.status != http.StatusTooManyRequests && r.status < 500 {
		return false, 0
	}
	return true, retryAfter(r.header.Get("Retry-After"), now)
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

package crawl

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// hrefRE finds the link targets of a page: the href of <a> and <area>,
// quoted either way or bare. A regular expression is enough for the
// listing pages of disclosure portals, which link their reports plainly.
var hrefRE = regexp.MustCompile(`(?is)<(?:a|area)\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// baseRE finds a <base href> that relative links resolve against instead
// of the page's own URL.
var baseRE = regexp.MustCompile(`(?is)<base\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// Listing fetches a portal's listing page and returns the links on it
// that match pattern (see Links). The request is as polite as the
// downloads: it counts toward the host's rate limit.
func (c *Crawler) Listing(ctx context.Context, page string, pattern *regexp.Regexp) ([]string, error) {
	resp, err := c.fetcher().get(ctx, page, validators{})
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", page, err)
	}
	if resp.status != http.StatusOK {
		return nil, fmt.Errorf("listing %s: HTTP %d %s", page, resp.status, http.StatusText(resp.status))
	}
	base, err := url.Parse(page)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", page, err)
	}
	return Links(resp.body, base, pattern), nil
}

// Links returns the http and https links of an HTML page whose absolute
// URL matches pattern, in page order without repeats. Relative links are
// resolved against the page's <base href> if it has one, else against
// base; fragments (#...) are dropped.
func Links(page []byte, base *url.URL, pattern *regexp.Regexp) []string {
	if m := baseRE.FindSubmatch(page); m != nil {
		if b, err := base.Parse(href(m)); err == nil {
			base = b
		}
	}
	var out []string
	seen := make(map[string]bool)
	for _, m := range hrefRE.FindAllSubmatch(page, -1) {
		u, err := base.Parse(href(m))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		s := u.String()
		if !seen[s] && pattern.MatchString(s) {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// href is the attribute value a match of hrefRE or baseRE captured, with
// its character references (&amp;) decoded.
func href(m [][]byte) string {
	for _, g := range m[1:] {
		if g != nil {
			return html.UnescapeString(strings.TrimSpace(string(g)))
		}
	}
	return ""
}

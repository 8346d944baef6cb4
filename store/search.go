package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// What a search entry was made from, as stored in search.source.
const (
	SourceRow       = "row"       // a table row: its code and name
	SourceTable     = "table"     // a table title
	SourceNarrative = "narrative" // a paragraph of running text
)

// Hit is one search match, with what a reader needs to place it.
type Hit struct {
	Source     string // SourceRow, SourceTable or SourceNarrative
	DocumentID int64
	SourcePath string
	UnitCode   string
	UnitName   string
	Year       int
	DocKind    string
	// SupersededBy is the newer version of the document's report, 0 when
	// the document is the current version.
	SupersededBy int64
	TableKind    string // rows and titles: the table's kind, "" if unrecognized
	TableTitle   string // rows and titles: the table's title as printed
	Page         int    // 0 when unknown
	Code         string // rows only
	Name         string // rows only
	Amounts      []HitAmount
	// Text is what matched: the row's code and name, the title, or for
	// running text the passage around the first match, cut with "…".
	Text string
}

// HitAmount is one money cell of a matching row.
type HitAmount struct {
	Measure string
	Fen     int64
}

// ErrNoIndex reports a database made before the search index existed and
// not opened for writing since.
var ErrNoIndex = errors.New("the database has no search index yet (it was made by an older cnbudget); " +
	"run cnbudget ingest or cnbudget check on it once to build the index")

// Search finds the rows, table titles and running text matching every term
// (each term a phrase: 保险 matches 社会保险经办机构; a term ending in * matches
// words starting with it, so 20801* finds the codes under 20801). Hits come
// by document (newest year first, then unit name, the current version of a
// report before the versions it superseded) and, within a document, in
// reading order. limit caps the hits returned (0: all); total counts
// them all.
func (db *DB) Search(ctx context.Context, terms []string, limit int) (hits []Hit, total int, err error) {
	ps, err := patterns(terms)
	if err != nil {
		return nil, 0, err
	}
	match := matchQuery(ps)
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'search'`).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	if n == 0 {
		return nil, 0, ErrNoIndex
	}
	if limit > 0 {
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM search WHERE search MATCH ?`, match).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("search %s: %w", match, err)
		}
	} else {
		limit = -1 // SQLite: no limit; total is then the hits themselves
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT s.source, s.document_id, d.source_path,
			coalesce(d.unit_code, ''), coalesce(d.unit_name, ''), coalesce(d.year, 0), coalesce(d.doc_kind, ''),
			coalesce(d.superseded_by, 0), coalesce(t.kind, ''), coalesce(t.title, ''), coalesce(r.page, t.page, n.page, 0),
			coalesce(r.id, 0), coalesce(r.code, ''), coalesce(r.name, ''), coalesce(n.text, '')
		FROM search s
		JOIN documents d ON d.id = s.document_id
		LEFT JOIN report_rows r ON s.source = 'row' AND r.id = s.ref
		LEFT JOIN report_tables t ON t.id = CASE s.source WHEN 'row' THEN r.table_id WHEN 'table' THEN s.ref END
		LEFT JOIN narrative n ON s.source = 'narrative' AND n.document_id = s.document_id AND n.ordinal = s.ref
		WHERE search MATCH ?
		ORDER BY d.year DESC, d.unit_name, d.superseded_by IS NOT NULL, s.rowid
		LIMIT ?`, match, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("search %s: %w", match, err)
	}
	defer rows.Close()
	var rowIDs []int64
	for rows.Next() {
		var h Hit
		var rowID int64
		if err := rows.Scan(&h.Source, &h.DocumentID, &h.SourcePath, &h.UnitCode, &h.UnitName, &h.Year, &h.DocKind,
			&h.SupersededBy, &h.TableKind, &h.TableTitle, &h.Page, &rowID, &h.Code, &h.Name, &h.Text); err != nil {
			return nil, 0, fmt.Errorf("search %s: %w", match, err)
		}
		switch h.Source {
		case SourceRow:
			h.Text = strings.TrimSpace(h.Code + " " + h.Name)
		case SourceTable:
			h.Text = h.TableTitle
		case SourceNarrative:
			h.Text = passage(h.Text, ps)
		}
		hits = append(hits, h)
		rowIDs = append(rowIDs, rowID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search %s: %w", match, err)
	}
	rows.Close()
	if limit < 0 {
		total = len(hits)
	}
	amounts, err := rowAmounts(ctx, db.sql, rowIDs)
	if err != nil {
		return nil, 0, err
	}
	for i, id := range rowIDs {
		hits[i].Amounts = amounts[id]
	}
	return hits, total, nil
}

// rowAmounts reads the money cells of the rows, each row's in column
// order, in one query however many rows matched.
func rowAmounts(ctx context.Context, q querier, rowIDs []int64) (map[int64][]HitAmount, error) {
	ids, err := json.Marshal(rowIDs)
	if err != nil {
		return nil, fmt.Errorf("amounts of the matching rows: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT row_id, measure, amount_fen FROM amounts
		WHERE row_id IN (SELECT value FROM json_each(?)) ORDER BY row_id, ordinal`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("amounts of the matching rows: %w", err)
	}
	defer rows.Close()
	out := make(map[int64][]HitAmount)
	for rows.Next() {
		var id int64
		var a HitAmount
		if err := rows.Scan(&id, &a.Measure, &a.Fen); err != nil {
			return nil, fmt.Errorf("amounts of the matching rows: %w", err)
		}
		out[id] = append(out[id], a)
	}
	return out, rows.Err()
}

// docRowids is how many search rowids each document owns: the entries of
// document id are rowids id*docRowids+1 .. id*docRowids+docRowids-1, one
// range the migration's delete trigger removes without a scan.
const docRowids = 1 << 32

// index adds document id's table titles, rows and running text to the
// search index, in reading order, reading them back from the database: it
// backfills documents loaded before the index existed. A new document is
// indexed from its report (see searchEntries), in the same order.
func index(ctx context.Context, tx *sql.Tx, id int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT source, ref, text FROM (
			SELECT 'table' AS source, id AS ref, title AS text, ordinal AS o1, 0 AS o2
			FROM report_tables WHERE document_id = ?1 AND title IS NOT NULL
			UNION ALL
			SELECT 'row', r.id, trim(coalesce(r.code, '') || ' ' || coalesce(r.name, '')), t.ordinal, r.ordinal
			FROM report_rows r JOIN report_tables t ON t.id = r.table_id
			WHERE t.document_id = ?1 AND (r.code IS NOT NULL OR r.name IS NOT NULL)
			UNION ALL
			SELECT 'narrative', ordinal, text, (SELECT count(*) FROM report_tables WHERE document_id = ?1) + 1, ordinal
			FROM narrative WHERE document_id = ?1
		) ORDER BY o1, o2`, id)
	if err != nil {
		return fmt.Errorf("search index of document %d: %w", id, err)
	}
	defer rows.Close()
	var entries []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.source, &e.ref, &e.text); err != nil {
			return fmt.Errorf("search index of document %d: %w", id, err)
		}
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search index of document %d: %w", id, err)
	}
	rows.Close()
	return newWriter(ctx, tx, id).index(searchRows(entries), 0, 0)
}

// indexUnindexed indexes every loaded document that has something to
// index but no search entries: those loaded before the index existed. Open
// calls it, so an older database is backfilled once, on its first open by
// this version; after that it only reads.
func indexUnindexed(ctx context.Context, db *sql.DB) error {
	const pending = `SELECT id FROM documents d WHERE status <> 'failed'
		AND (EXISTS (SELECT 1 FROM report_tables WHERE document_id = d.id) OR EXISTS (SELECT 1 FROM narrative WHERE document_id = d.id))
		AND NOT EXISTS (SELECT 1 FROM search WHERE rowid BETWEEN d.id * ?1 AND d.id * ?1 + ?1 - 1)`
	var one int64
	err := db.QueryRowContext(ctx, pending+` LIMIT 1`, int64(docRowids)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer tx.Rollback()
	// Asked again inside the write transaction: another process may have
	// indexed them meanwhile.
	ids, err := queryIDs(ctx, tx, pending, int64(docRowids))
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for _, id := range ids {
		if err := index(ctx, tx, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// token is a word of text as the index sees it: word is folded (full-width
// letters and digits read as ASCII), start and end are its bytes in text.
type token struct {
	word       string
	start, end int
}

// tokenize splits s into words (see words), each folded (see foldWidth).
func tokenize(s string) []token {
	var out []token
	for start, end := range words(s) {
		out = append(out, token{strings.Map(foldWidth, s[start:end]), start, end})
	}
	return out
}

// words yields the byte range of every word of s: every Han character is
// a word of its own, other runs of letters and digits are one word,
// anything else separates. FTS5's unicode61 tokenizer splits the text
// joined with spaces into the same words, which is what makes
// two-character Chinese terms findable.
func words(s string) iter.Seq2[int, int] {
	return func(yield func(start, end int) bool) {
		start := -1
		for i, r := range s {
			switch {
			case isWordRune(r) && !unicode.Is(unicode.Han, r):
				if start < 0 {
					start = i
				}
				continue
			case start >= 0:
				if !yield(start, i) {
					return
				}
				start = -1
			}
			if isWordRune(r) && !yield(i, i+utf8.RuneLen(r)) {
				return
			}
		}
		if start >= 0 {
			yield(start, len(s))
		}
	}
}

// isWordRune reports whether unicode61 counts r as part of a word
// (categories L*, N* and Co); everything else separates words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// foldWidth reads a full-width letter or digit (２０２３) as its ASCII twin,
// as reports mix both; unicode61 would treat them as different words.
func foldWidth(r rune) rune {
	if f := width.LookupRune(r).Folded(); f != 0 {
		return f
	}
	return r
}

// indexTerms is the text stored in search.terms: the words of s joined
// with spaces (社会保险 → 社 会 保 险). Every entry of every document loaded
// needs it, so it writes one buffer rather than going through tokenize.
func indexTerms(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for start, end := range words(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		for _, r := range s[start:end] {
			b.WriteRune(foldWidth(r))
		}
	}
	return b.String()
}

// phrase is the words of s, the tokens a term must match in a row.
func phrase(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.word
	}
	return out
}

// patterns reads search terms: each a phrase of its words, a trailing *
// making it a prefix. Search reads them once, for the FTS5 query and for
// the passage of every paragraph found.
func patterns(terms []string) ([]pattern, error) {
	if len(terms) == 0 {
		return nil, errors.New("no search term given")
	}
	out := make([]pattern, len(terms))
	for i, term := range terms {
		out[i] = pattern{words: phrase(strings.TrimSuffix(term, "*")), prefix: strings.HasSuffix(term, "*")}
		if len(out[i].words) == 0 {
			return nil, fmt.Errorf("search term %q has no letters, digits or Chinese characters to look for", term)
		}
	}
	return out, nil
}

// matchQuery is the FTS5 query of the patterns: each a phrase of its
// words ("保 险"), a prefix phrase when it ends in *, all of them required.
func matchQuery(ps []pattern) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		// Words never hold a double quote, so the phrase needs no escaping.
		parts[i] = `"` + strings.Join(p.words, " ") + `"`
		if p.prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// passageWords is how many words (a Chinese character is one) a passage
// shows on each side of a match: enough for the sentence around it.
const passageWords = 20

// passage cuts text down to the words around the first match of any of
// the patterns, as printed, marking cuts with "…". Text without a match (FTS5
// matched it, so only an odd word folding can cause that) is cut after
// its first words instead.
func passage(text string, ps []pattern) string {
	toks := tokenize(text)
	first, last := -1, -1
	for i := range toks {
		for _, p := range ps {
			if n := p.matchAt(toks[i:]); n > 0 {
				first, last = i, i+n-1
				break
			}
		}
		if first >= 0 {
			break
		}
	}
	if first < 0 {
		first, last = 0, 0
	}
	if len(toks) == 0 {
		return text
	}
	from, to := max(first-passageWords, 0), min(last+passageWords, len(toks)-1)
	start, end := toks[from].start, toks[to].end
	if from == 0 {
		start = 0
	}
	if to == len(toks)-1 {
		end = len(text)
	}
	out := strings.TrimSpace(text[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(text) {
		out += "…"
	}
	return out
}

// pattern is a search term as a phrase of words, the last a prefix when
// the term ends in *.
type pattern struct {
	words  []string
	prefix bool
}

// matchAt reports how many tokens at the start of toks match the pattern
// as FTS5 matches a phrase (letters compared without case), or 0.
func (p pattern) matchAt(toks []token) int {
	words := p.words
	if len(words) == 0 || len(words) > len(toks) {
		return 0
	}
	for j, w := range words {
		got := toks[j].word
		if p.prefix && j == len(words)-1 {
			if len(got) < len(w) || !strings.EqualFold(got[:len(w)], w) {
				return 0
			}
		} else if !strings.EqualFold(got, w) {
			return 0
		}
	}
	return len(words)
}

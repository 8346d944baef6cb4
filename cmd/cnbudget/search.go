package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cnbudget/cnbudget/store"
)

type searchCommand struct {
	stdout, stderr io.Writer
}

func (c *searchCommand) Usage() string {
	return `Usage: cnbudget search --db FILE.db [--csv | --json] [--limit N] TERM...

Finds the table rows, table titles and running text (情况说明 and other
paragraphs) that contain every TERM, and prints each with its document
(unit, year, kind, file), table, page, code, name and amounts in yuan; a
match in running text shows the passage around it. Chinese terms of any
length work (保险, 社会保障); so do codes (2080109). A TERM ending in *
matches words that start with it (20805* finds every code under 20805).
The database is opened read-only.

Examples:

  cnbudget search --db cnbudget.db 公积
  cnbudget search --db cnbudget.db --csv 社会保障 就业

Flags:
  --db FILE.db   the database (required)
  --limit N      print at most N matches (default 50; 0 prints all)
  --csv          print CSV, one match a line, amounts as measure=yuan
  --json         print a JSON array of matches

Exit status: 0 when something matched, 1 when nothing did, 2 for a usage error.
`
}

func (c *searchCommand) Run(ctx context.Context, args []string) error {
	fs := newFlags("search")
	dbPath := fs.String("db", "", "")
	asCSV := fs.Bool("csv", false, "")
	asJSON := fs.Bool("json", false, "")
	limit := fs.Int("limit", 50, "")
	terms, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(terms) == 0:
		return usagef("no search TERM given")
	case *asCSV && *asJSON:
		return usagef("--csv and --json exclude each other")
	case *limit < 0:
		return usagef("--limit must be 0 (all) or more")
	}
	db, err := openReadOnly(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hits, total, err := db.Search(ctx, terms, *limit)
	if err != nil {
		return err
	}
	switch {
	case *asCSV:
		err = writeHitsCSV(c.stdout, hits)
	case *asJSON:
		err = writeHitsJSON(c.stdout, hits)
	default:
		err = writeHits(c.stdout, hits)
	}
	if err != nil {
		return err
	}
	switch {
	case total == 0:
		fmt.Fprintf(c.stderr, "cnbudget search: nothing matches %s\n", strings.Join(terms, " "))
		return errReported
	case len(hits) < total:
		fmt.Fprintf(c.stderr, "cnbudget search: showing %d of %d matches (--limit 0 shows all)\n", len(hits), total)
	}
	return nil
}

// writeHits prints the hits for people: a heading per document, then its
// matches as aligned columns.
func writeHits(w io.Writer, hits []store.Hit) error {
	for len(hits) > 0 {
		n := 1
		for n < len(hits) && hits[n].DocumentID == hits[0].DocumentID {
			n++
		}
		d := hits[0]
		head := strings.Join(nonEmpty(d.UnitCode, d.UnitName, known(d.Year), d.DocKind), " ")
		version := ""
		if d.SupersededBy != 0 {
			version = fmt.Sprintf("; superseded by document %d", d.SupersededBy)
		}
		if _, err := fmt.Fprintf(w, "%s  (document %d, %s%s)\n", head, d.DocumentID, d.SourcePath, version); err != nil {
			return err
		}
		rows := make([][]string, n)
		for i, h := range hits[:n] {
			table := strings.Join(nonEmpty(h.TableKind, h.TableTitle), " ")
			text := h.Name
			switch h.Source {
			case store.SourceNarrative:
				table, text = "(text)", h.Text
			case store.SourceTable:
				table = "(title) " + table
			}
			rows[i] = []string{known(h.Page), table, h.Code, text, amounts(h.Amounts)}
		}
		if err := writeAligned(w, []string{"page", "table", "code", "name or text", "amounts (yuan)"}, rows); err != nil {
			return err
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		hits = hits[n:]
	}
	return nil
}

var hitHeader = []string{"document_id", "source_path", "unit_code", "unit_name", "year", "doc_kind", "superseded_by",
	"source", "table_kind", "table_title", "page", "code", "name", "amounts", "text"}

func writeHitsCSV(w io.Writer, hits []store.Hit) error {
	cw := csv.NewWriter(w)
	cw.Write(hitHeader)
	for _, h := range hits {
		text := h.Text
		if h.Source != store.SourceNarrative {
			text = ""
		}
		cw.Write([]string{strconv.FormatInt(h.DocumentID, 10), h.SourcePath, h.UnitCode, h.UnitName, known(h.Year), h.DocKind,
			known(int(h.SupersededBy)), h.Source, h.TableKind, h.TableTitle, known(h.Page), h.Code, h.Name, amounts(h.Amounts), text})
	}
	cw.Flush()
	return cw.Error()
}

// hitJSON is a match as --json prints it; fields a match lacks are left out.
type hitJSON struct {
	DocumentID int64           `json:"document_id"`
	SourcePath string          `json:"source_path"`
	UnitCode   string          `json:"unit_code,omitempty"`
	UnitName   string          `json:"unit_name,omitempty"`
	Year       int             `json:"year,omitempty"`
	DocKind    string          `json:"doc_kind,omitempty"`
	Superseded int64           `json:"superseded_by,omitempty"`
	Source     string          `json:"source"`
	TableKind  string          `json:"table_kind,omitempty"`
	TableTitle string          `json:"table_title,omitempty"`
	Page       int             `json:"page,omitempty"`
	Code       string          `json:"code,omitempty"`
	Name       string          `json:"name,omitempty"`
	Amounts    []hitAmountJSON `json:"amounts,omitempty"`
	Text       string          `json:"text,omitempty"`
}

type hitAmountJSON struct {
	Measure   string `json:"measure"`
	AmountFen int64  `json:"amount_fen"`
	Yuan      string `json:"yuan"`
}

// writeHitsJSON prints a JSON array with one match a line.
func writeHitsJSON(w io.Writer, hits []store.Hit) error {
	return writeJSONArray(w, len(hits), func(i int, b *bytes.Buffer) error {
		h := hits[i]
		j := hitJSON{DocumentID: h.DocumentID, SourcePath: h.SourcePath, UnitCode: h.UnitCode, UnitName: h.UnitName,
			Year: h.Year, DocKind: h.DocKind, Superseded: h.SupersededBy, Source: h.Source, TableKind: h.TableKind, TableTitle: h.TableTitle,
			Page: h.Page, Code: h.Code, Name: h.Name}
		for _, a := range h.Amounts {
			j.Amounts = append(j.Amounts, hitAmountJSON{a.Measure, a.Fen, yuan(a.Fen)})
		}
		if h.Source == store.SourceNarrative {
			j.Text = h.Text
		}
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(j); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		return nil
	})
}

// amounts spells a row's cells as measure=yuan pairs in column order.
func amounts(as []store.HitAmount) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.Measure + "=" + yuan(a.Fen)
	}
	return strings.Join(parts, " ")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// known spells a year, page or document id, "" when 0 (none).
func known(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

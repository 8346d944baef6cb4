package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/cnbudget/cnbudget/normalize"
)

// writer writes one document's content in the transaction of its load. A
// report has about a thousand rows across the tables; sending each through
// its own INSERT cost more in database/sql and cgo round trips than SQLite
// spends storing it, so the writer gathers the rows of every table and
// sends them many to a statement (see batch). It numbers tables and rows
// itself, as SQLite would, so that amounts and search entries name their
// parents before anything is sent, and indexes a new document from its
// Input's search entries (see Prepare) without reading it back.
type writer struct {
	ctx   context.Context
	tx    *sql.Tx
	docID int64

	tables, columns, rows, amounts, failures, warnings, narrative batch
}

func newWriter(ctx context.Context, tx *sql.Tx, docID int64) *writer {
	return &writer{
		ctx: ctx, tx: tx, docID: docID,
		tables:    batch{table: "report_tables", columns: "id, document_id, ordinal, kind, title, page, unit", cols: 7},
		columns:   batch{table: "table_columns", columns: "table_id, ordinal, measure, header", cols: 4},
		rows:      batch{table: "report_rows", columns: "id, table_id, ordinal, page, side, classification, code, name, raw_name", cols: 9},
		amounts:   batch{table: "amounts", columns: "row_id, measure, ordinal, value, amount_fen", cols: 5},
		failures:  batch{table: "check_failures", columns: "document_id, table_kind, rule, subject, measure, expected_fen, found_fen, difference_fen, rounding", cols: 9},
		warnings:  batch{table: "warnings", columns: "document_id, ordinal, message", cols: 3},
		narrative: batch{table: "narrative", columns: "document_id, ordinal, page, text", cols: 4},
	}
}

// report writes everything of p's report but the document row, and
// indexes it for search.
func (w *writer) report(p *prepared) error {
	var firstTable, firstRow int64
	if err := w.tx.QueryRowContext(w.ctx, `SELECT (SELECT coalesce(max(id), 0) FROM report_tables),
		(SELECT coalesce(max(id), 0) FROM report_rows)`).Scan(&firstTable, &firstRow); err != nil {
		return fmt.Errorf("table and row ids: %w", err)
	}
	r := p.report
	tableID, rowID := firstTable, firstRow
	for i, t := range r.Tables {
		tableID++
		w.tables.add(tableID, w.docID, i+1, null(t.Kind), null(t.Title), nullInt(t.Page), null(t.Unit))
		for j, c := range t.Columns {
			w.columns.add(tableID, j+1, c.Measure, null(c.Header))
		}
		for j, row := range t.Rows {
			rowID++
			w.rows.add(rowID, tableID, j+1, nullInt(row.Page), null(row.Side),
				null(row.Classification), null(row.Code), null(row.Name), null(row.RawName))
			for k, a := range row.Amounts {
				w.amounts.add(rowID, a.Measure, k+1, AmountText(a.Value), a.Fen)
			}
		}
	}
	for i, msg := range r.Warnings {
		w.warnings.add(w.docID, i+1, msg)
	}
	for i, p := range r.Narrative {
		w.narrative.add(w.docID, i+1, nullInt(p.Page), p.Text)
	}
	// Parents before children: foreign keys are checked row by row.
	for _, b := range []*batch{&w.tables, &w.columns, &w.rows, &w.amounts, &w.warnings, &w.narrative} {
		if err := w.write(b); err != nil {
			return err
		}
	}
	if err := w.checks(r.Checks); err != nil {
		return err
	}
	// The entries count tables and rows from 1 (see searchEntries); the
	// ids were numbered on from the largest before this document.
	return w.index(p.search, firstRow, firstTable)
}

// checks stores the failed checks; passing ones are not kept.
func (w *writer) checks(checks []normalize.Check) error {
	for _, c := range checks {
		if !c.Passed {
			w.failures.add(w.docID, null(c.TableKind), c.Rule, null(c.Subject), null(c.Measure),
				c.Expected, c.Found, c.Found-c.Expected, c.Rounding)
		}
	}
	return w.write(&w.failures)
}

// entry is one search entry before its terms are made: what it was made
// from (a Source constant), the text, and the row id, table id or
// paragraph ordinal it leads back to.
type entry struct {
	source, text string
	ref          int64
}

// searchEntries lists what of r the search index holds, in reading order:
// table titles, rows with a code or name, paragraphs. A row or table is
// referred to by its place in r, counting from 1 across the whole report,
// as the document's ids are not known until it is written.
func searchEntries(r *normalize.Report) []entry {
	var out []entry
	row := int64(0)
	for i, t := range r.Tables {
		if t.Title != "" {
			out = append(out, entry{SourceTable, t.Title, int64(i + 1)})
		}
		for _, rw := range t.Rows {
			row++
			if rw.Code != "" || rw.Name != "" {
				out = append(out, entry{SourceRow, strings.Trim(rw.Code+" "+rw.Name, " "), row})
			}
		}
	}
	for i, p := range r.Narrative {
		out = append(out, entry{SourceNarrative, p.Text, int64(i + 1)})
	}
	return out
}

// searchRows turns entries into the JSON array index inserts, making each
// one's terms (see indexTerms). A paragraph repeated word for word (a page
// header) is indexed once. It returns nil when there is nothing to index.
func searchRows(entries []entry) []byte {
	type row struct {
		Terms  string `json:"t"`
		Source string `json:"s"`
		Ref    int64  `json:"r"`
	}
	rows := make([]row, 0, len(entries))
	seen := make(map[string]bool)
	for _, e := range entries {
		if e.source == SourceNarrative {
			if seen[e.text] {
				continue
			}
			seen[e.text] = true
		}
		rows = append(rows, row{indexTerms(e.text), e.source, e.ref})
	}
	if len(rows) == 0 {
		return nil
	}
	js, err := json.Marshal(rows)
	if err != nil {
		// Strings and integers always marshal (invalid UTF-8 included).
		panic(fmt.Sprintf("search rows: %v", err))
	}
	return js
}

// index adds the rows searchRows made to the search index, in order, with
// rowBase added to the refs of rows and tableBase to those of tables.
//
// The entries go in one statement, as a JSON array: FTS5 writes what it
// holds in memory as a new segment of the index at every statement that
// may roll back on its own, which a multi-row INSERT is, so chunks of rows
// would write several small segments per document, and merging them back
// cost more than the chunks saved.
func (w *writer) index(rows []byte, rowBase, tableBase int64) error {
	if rows == nil {
		return nil
	}
	if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO search (rowid, terms, source, document_id, ref)
		SELECT ?1 * ?3 + key + 1, value ->> 't', value ->> 's', ?1,
			value ->> 'r' + CASE value ->> 's' WHEN ?4 THEN ?5 WHEN ?6 THEN ?7 ELSE 0 END
		FROM json_each(?2)`,
		w.docID, string(rows), int64(docRowids), SourceRow, rowBase, SourceTable, tableBase); err != nil {
		return fmt.Errorf("search index of document %d: %w", w.docID, err)
	}
	return nil
}

// A batch is rows of one table waiting to be inserted, their values one
// after the other in args.
type batch struct {
	table, columns string
	cols           int
	args           []any
}

func (b *batch) add(values ...any) { b.args = append(b.args, values...) }

// maxVars caps the values one statement binds: well under SQLite's limit
// (32766 since 3.32), and past a few hundred larger statements gain
// nothing.
const maxVars = 500

// write inserts the rows of b. Each statement takes as many
// rows as a power of two allows, so that a few statements per table,
// prepared once and kept by the driver (Open's _stmt_cache_size), serve
// every document.
func (w *writer) write(b *batch) error {
	n := len(b.args) / b.cols
	most := 1
	for most*2*b.cols <= maxVars {
		most *= 2
	}
	for done := 0; done < n; {
		k := most
		for k > n-done {
			k /= 2
		}
		if _, err := w.tx.ExecContext(w.ctx, b.insert(k), b.args[done*b.cols:(done+k)*b.cols]...); err != nil {
			return fmt.Errorf("%s rows %d to %d of %d: %w", b.table, done+1, done+k, n, err)
		}
		done += k
	}
	return nil
}

// insert is the statement inserting rows rows into b's table.
func (b *batch) insert(rows int) string {
	var q strings.Builder
	q.WriteString("INSERT INTO " + b.table + " (" + b.columns + ") VALUES ")
	for i := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?")
		q.WriteString(strings.Repeat(", ?", b.cols-1))
		q.WriteString(")")
	}
	return q.String()
}

// AmountText spells an amount with the decimals it was printed with, as
// stored in amounts.value: decimal's String drops trailing zeros, and
// 1400.00 should read back as printed.
func AmountText(d decimal.Decimal) string {
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

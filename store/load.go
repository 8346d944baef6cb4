package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cnbudget/cnbudget/normalize"
)

// Document statuses, as stored in documents.status.
const (
	StatusOK      = "ok"
	StatusPartial = "partial"
	StatusFailed  = "failed"
)

// Input is one file to record: its identity and what reading it produced.
type Input struct {
	SHA256     string // hex digest of the file bytes
	SourcePath string // as given at ingest
	Format     string // "pdf", "docx", ...
	SizeBytes  int64
	Report     *normalize.Report // nil when Err is set
	Err        error             // why the file could not be read; recorded as status failed

	prep *prepared // see Prepare
}

// prepared is what Load writes of a report that takes no database to make.
type prepared struct {
	from   *normalize.Report // the Report it was made from
	report *normalize.Report // from, with at most one amount per measure in a row (see dedupe)
	search []byte            // the search entries, as index takes them
}

// Prepare does the part of loading that needs no database: it settles
// which amounts are stored (see dedupe) and makes the search terms of every
// table, row and paragraph. Load does it when it was not done, but Load
// runs in the single writer; a pipeline calls Prepare in its parallel
// workers, so that the writer only writes. The Report must not change
// after Prepare.
func (in *Input) Prepare() {
	if in.Err != nil || in.Report == nil {
		return
	}
	p := &prepared{from: in.Report, report: dedupe(in.Report)}
	p.search = searchRows(searchEntries(p.report))
	in.prep = p
}

// Result says what the database holds for one document after Load.
type Result struct {
	ID            int64
	Status        string // StatusOK, StatusPartial or StatusFailed
	Unchanged     bool   // the digest was already loaded; nothing was written
	Error         string // the failure reason or the warnings summary; "" when ok
	UnitCode      string
	UnitName      string
	Year          int
	DocKind       string
	Tables        int
	Facts         int
	CheckFailures int
}

// Load records one document and everything read from it in a single
// transaction, so a crash or a bad value never leaves half a document.
// Loading is idempotent by digest: a document already loaded (ok or
// partial) is left as it is, while a failed one is replaced, so a fixed
// parser gets another try on the next run. A new document is linked to its
// unit, and becomes the newest version of its report: an older load of the
// same unit, year and kind is kept, marked superseded.
//
// A report the database refuses (a value outside the schema's checks) is
// not lost from sight: the file is recorded as failed, with why, in a
// transaction of its own.
func (db *DB) Load(ctx context.Context, in Input) (Result, error) {
	res, err := db.load(ctx, in)
	if err == nil || in.Err != nil || ctx.Err() != nil {
		return res, err
	}
	failed := in
	failed.Report, failed.Err = nil, fmt.Errorf("read, but could not be stored: %v", err)
	if res, ferr := db.load(ctx, failed); ferr == nil {
		return res, nil
	}
	return res, err
}

func (db *DB) load(ctx context.Context, in Input) (Result, error) {
	switch {
	case in.Err != nil:
	case in.Report == nil:
		in.Err = errors.New("no report")
	default:
		if in.prep == nil || in.prep.from != in.Report {
			in.Prepare()
		}
		in.Report = in.prep.report
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return Result{}, fmt.Errorf("load %s: %w", in.SourcePath, err)
	}
	defer tx.Rollback()

	var id int64
	var status string
	err = tx.QueryRowContext(ctx, `SELECT id, status FROM documents WHERE sha256 = ?`, in.SHA256).Scan(&id, &status)
	switch {
	case err == nil && status != StatusFailed:
		res, err := lookup(ctx, tx, id)
		res.Unchanged = true
		return res, err
	case err == nil:
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
			return Result{}, fmt.Errorf("load %s: replace failed document: %w", in.SourcePath, err)
		}
	case !errors.Is(err, sql.ErrNoRows):
		return Result{}, fmt.Errorf("load %s: %w", in.SourcePath, err)
	}

	if err := linkUnlinked(ctx, tx); err != nil {
		return Result{}, fmt.Errorf("load %s: %w", in.SourcePath, err)
	}
	res, err := insert(ctx, tx, in)
	if err != nil {
		return Result{}, fmt.Errorf("load %s: %w", in.SourcePath, err)
	}
	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("load %s: commit: %w", in.SourcePath, err)
	}
	return res, nil
}

// Loaded reports whether a document with this digest is stored with status
// ok or partial, so callers can skip reading the file at all.
func (db *DB) Loaded(ctx context.Context, sha256 string) (Result, bool, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx,
		`SELECT id FROM documents WHERE sha256 = ? AND status <> 'failed'`, sha256).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Result{}, false, nil
	}
	if err != nil {
		return Result{}, false, err
	}
	res, err := lookup(ctx, db.sql, id)
	res.Unchanged = true
	return res, err == nil, err
}

// dedupe returns r with at most one amount per measure in each row, as the
// amounts table's key requires. A repeated measure means normalize mapped
// two columns of one table to one key (it happens on a misread header);
// the first amount is kept and the others are reported as a warning, so the
// document loads as partial instead of losing every fact. r itself is not
// changed.
func dedupe(r *normalize.Report) *normalize.Report {
	var out *normalize.Report
	for i, t := range r.Tables {
		for j, row := range t.Rows {
			seen := make(map[string]bool, len(row.Amounts))
			kept := row.Amounts[:0:0]
			for _, a := range row.Amounts {
				if !seen[a.Measure] {
					seen[a.Measure] = true
					kept = append(kept, a)
				}
			}
			if len(kept) == len(row.Amounts) {
				continue
			}
			if out == nil {
				c := *r
				c.Tables = append([]normalize.Table(nil), r.Tables...)
				c.Warnings = append([]string(nil), r.Warnings...)
				out = &c
			}
			if &out.Tables[i].Rows[0] == &r.Tables[i].Rows[0] {
				out.Tables[i].Rows = append([]normalize.Row(nil), t.Rows...)
			}
			out.Tables[i].Rows[j].Amounts = kept
			out.Warnings = append(out.Warnings, fmt.Sprintf("table %d (%s) row %d (%s): %d amounts share a measure; kept the first of each",
				i+1, t.Title, j+1, row.RawName, len(row.Amounts)-len(kept)))
		}
	}
	if out == nil {
		return r
	}
	return out
}

// status decides how a report is filed. Any warning makes it partial: a
// reader of the data must know that something was not read as printed.
func status(in Input) (string, string) {
	if in.Err != nil {
		return StatusFailed, in.Err.Error()
	}
	w := in.Report.Warnings
	if len(w) == 0 {
		return StatusOK, ""
	}
	const shown = 3
	msg := fmt.Sprintf("%d warning(s): %s", len(w), strings.Join(w[:min(len(w), shown)], "; "))
	if len(w) > shown {
		msg += "; ..."
	}
	return StatusPartial, msg
}

// insert writes the document row and, unless it failed, its content and
// its search entries.
func insert(ctx context.Context, tx *sql.Tx, in Input) (Result, error) {
	st, msg := status(in)
	r := in.Report
	if r == nil {
		r = &normalize.Report{}
	}
	unitID, err := linkUnit(ctx, tx, r.UnitCode, r.UnitName, r.Level, r.Region)
	if err != nil {
		return Result{}, err
	}
	ins, err := tx.ExecContext(ctx, `INSERT INTO documents
		(sha256, source_path, format, unit_code, unit_name, year, doc_kind, status, error, pages, size_bytes, ingested_at, unit_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.SHA256, in.SourcePath, in.Format, null(r.UnitCode), null(r.UnitName), nullInt(r.Year), null(r.DocKind),
		st, null(msg), nullInt(r.Pages), in.SizeBytes, time.Now().UTC().Format(time.RFC3339), unitID)
	if err != nil {
		return Result{}, fmt.Errorf("document: %w", err)
	}
	id, err := ins.LastInsertId()
	if err != nil {
		return Result{}, err
	}
	res := Result{ID: id, Status: st, Error: msg, UnitCode: r.UnitCode, UnitName: r.UnitName, Year: r.Year, DocKind: r.DocKind}
	if st == StatusFailed {
		return res, nil
	}
	if err := newWriter(ctx, tx, id).report(in.prep); err != nil {
		return Result{}, err
	}
	if err := markVersions(ctx, tx, unitID, r.Year, r.DocKind); err != nil {
		return Result{}, err
	}
	res.Tables = len(r.Tables)
	res.Facts = len(r.Facts())
	res.CheckFailures = countFailures(r.Checks)
	return res, nil
}

// lookup summarises a stored document.
func lookup(ctx context.Context, q querier, id int64) (Result, error) {
	res := Result{ID: id}
	var code, name, kind, msg sql.NullString
	var year sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT status, error, unit_code, unit_name, year, doc_kind,
		(SELECT count(*) FROM report_tables WHERE document_id = d.id),
		(SELECT count(*) FROM facts WHERE document_id = d.id),
		(SELECT count(*) FROM check_failures WHERE document_id = d.id)
		FROM documents d WHERE id = ?`, id).
		Scan(&res.Status, &msg, &code, &name, &year, &kind, &res.Tables, &res.Facts, &res.CheckFailures)
	if err != nil {
		return Result{}, fmt.Errorf("document %d: %w", id, err)
	}
	res.Error, res.UnitCode, res.UnitName, res.DocKind = msg.String, code.String, name.String, kind.String
	res.Year = int(year.Int64)
	return res, nil
}

// querier is what *sql.DB and *sql.Tx share for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryIDs runs a query selecting one integer column and returns its values.
func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func countFailures(checks []normalize.Check) int {
	n := 0
	for _, c := range checks {
		if !c.Passed {
			n++
		}
	}
	return n
}

// null stores "" as NULL, so "no value" has one spelling in SQL.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullInt stores 0 as NULL for values where 0 means "not found".
func nullInt[N int | int64](n N) any {
	if n == 0 {
		return nil
	}
	return n
}

package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/cnbudget/cnbudget/normalize"
)

// Document is a stored document's identity and status.
type Document struct {
	ID         int64
	SHA256     string
	SourcePath string
	Format     string
	Status     string
	Error      string
}

// Documents lists every stored document in id order.
func (db *DB) Documents(ctx context.Context) ([]Document, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, sha256, source_path, format, status, coalesce(error, '') FROM documents ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.ID, &d.SHA256, &d.SourcePath, &d.Format, &d.Status, &d.Error); err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Report rebuilds the normalized report of document id from the database,
// so checks can be re-run without the original file. Checks holds the
// stored failures only; passing checks are not kept.
func (db *DB) Report(ctx context.Context, id int64) (*normalize.Report, error) {
	// No transaction: a document's rows are committed together with its
	// documents row, and a write transaction here would block ingest.
	r := &normalize.Report{}
	var unitCode, unitName, docKind sql.NullString
	var year, pages sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT format, unit_code, unit_name, year, doc_kind, pages FROM documents WHERE id = ?`, id).
		Scan(&r.Format, &unitCode, &unitName, &year, &docKind, &pages)
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	r.UnitCode, r.UnitName, r.DocKind = unitCode.String, unitName.String, docKind.String
	r.Year, r.Pages = int(year.Int64), int(pages.Int64)

	for _, step := range []func(context.Context, querier, int64, *normalize.Report) error{
		readTables, readRows, readChecks, readWarnings, readNarrative,
	} {
		if err := step(ctx, db.sql, id, r); err != nil {
			return nil, fmt.Errorf("document %d: %w", id, err)
		}
	}
	return r, nil
}

// ReplaceChecks stores the failures among checks as document id's check
// failures, replacing those stored before.
func (db *DB) ReplaceChecks(ctx context.Context, id int64, checks []normalize.Check) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM check_failures WHERE document_id = ?`, id); err != nil {
		return fmt.Errorf("document %d: %w", id, err)
	}
	if err := newWriter(ctx, tx, id).checks(checks); err != nil {
		return fmt.Errorf("document %d: %w", id, err)
	}
	return tx.Commit()
}

// readTables reads tables and their columns; rows come after, keyed by table id.
func readTables(ctx context.Context, q querier, id int64, r *normalize.Report) error {
	rows, err := q.QueryContext(ctx, `SELECT t.ordinal, coalesce(t.kind, ''), coalesce(t.title, ''), coalesce(t.page, 0), coalesce(t.unit, ''),
			c.measure, coalesce(c.header, '')
		FROM report_tables t LEFT JOIN table_columns c ON c.table_id = t.id
		WHERE t.document_id = ? ORDER BY t.ordinal, c.ordinal`, id)
	if err != nil {
		return fmt.Errorf("tables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t normalize.Table
		var ordinal int
		var measure, header sql.NullString
		if err := rows.Scan(&ordinal, &t.Kind, &t.Title, &t.Page, &t.Unit, &measure, &header); err != nil {
			return fmt.Errorf("tables: %w", err)
		}
		if ordinal > len(r.Tables) {
			r.Tables = append(r.Tables, t)
		}
		if measure.Valid {
			last := &r.Tables[len(r.Tables)-1]
			last.Columns = append(last.Columns, normalize.Column{Measure: measure.String, Header: header.String})
		}
	}
	return rows.Err()
}

// readRows reads every row with its amounts, in table, row and column order.
func readRows(ctx context.Context, q querier, id int64, r *normalize.Report) error {
	rows, err := q.QueryContext(ctx, `SELECT t.ordinal, r.ordinal, coalesce(r.page, 0), coalesce(r.side, ''),
			coalesce(r.classification, ''), coalesce(r.code, ''), coalesce(r.name, ''), coalesce(r.raw_name, ''),
			a.measure, a.value, a.amount_fen
		FROM report_tables t
		JOIN report_rows r ON r.table_id = t.id
		LEFT JOIN amounts a ON a.row_id = r.id
		WHERE t.document_id = ? ORDER BY t.ordinal, r.ordinal, a.ordinal`, id)
	if err != nil {
		return fmt.Errorf("rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tableOrd, rowOrd int
		var row normalize.Row
		var measure, value sql.NullString
		var fen sql.NullInt64
		if err := rows.Scan(&tableOrd, &rowOrd, &row.Page, &row.Side, &row.Classification, &row.Code, &row.Name, &row.RawName,
			&measure, &value, &fen); err != nil {
			return fmt.Errorf("rows: %w", err)
		}
		if tableOrd < 1 || tableOrd > len(r.Tables) {
			return fmt.Errorf("rows: table ordinal %d out of range", tableOrd)
		}
		t := &r.Tables[tableOrd-1]
		if rowOrd > len(t.Rows) {
			t.Rows = append(t.Rows, row)
		}
		if !measure.Valid {
			continue
		}
		v, err := decimal.NewFromString(value.String)
		if err != nil {
			return fmt.Errorf("table %d row %d %s: %w", tableOrd, rowOrd, measure.String, err)
		}
		last := &t.Rows[len(t.Rows)-1]
		last.Amounts = append(last.Amounts, normalize.Amount{Measure: measure.String, Value: v, Fen: fen.Int64})
	}
	return rows.Err()
}

func readChecks(ctx context.Context, q querier, id int64, r *normalize.Report) error {
	rows, err := q.QueryContext(ctx, `SELECT coalesce(table_kind, ''), rule, coalesce(subject, ''), coalesce(measure, ''),
		expected_fen, found_fen, rounding FROM check_failures WHERE document_id = ? ORDER BY id`, id)
	if err != nil {
		return fmt.Errorf("checks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c normalize.Check
		if err := rows.Scan(&c.TableKind, &c.Rule, &c.Subject, &c.Measure, &c.Expected, &c.Found, &c.Rounding); err != nil {
			return fmt.Errorf("checks: %w", err)
		}
		r.Checks = append(r.Checks, c)
	}
	return rows.Err()
}

func readWarnings(ctx context.Context, q querier, id int64, r *normalize.Report) error {
	rows, err := q.QueryContext(ctx, `SELECT message FROM warnings WHERE document_id = ? ORDER BY ordinal`, id)
	if err != nil {
		return fmt.Errorf("warnings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return fmt.Errorf("warnings: %w", err)
		}
		r.Warnings = append(r.Warnings, msg)
	}
	return rows.Err()
}

func readNarrative(ctx context.Context, q querier, id int64, r *normalize.Report) error {
	rows, err := q.QueryContext(ctx, `SELECT coalesce(page, 0), text FROM narrative WHERE document_id = ? ORDER BY ordinal`, id)
	if err != nil {
		return fmt.Errorf("narrative: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p normalize.Paragraph
		if err := rows.Scan(&p.Page, &p.Text); err != nil {
			return fmt.Errorf("narrative: %w", err)
		}
		r.Narrative = append(r.Narrative, p)
	}
	return rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/cnbudget/cnbudget/normalize"
)

// writer inserts one document's content through statements prepared once
// per transaction: a report has thousands of cells, and compiling an INSERT
// for each would dominate the load time.
type writer struct {
	ctx   context.Context
	docID int64
	stmts []*sql.Stmt

	table, column, row, amount, failure, warning, narrative *sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx, docID int64) (*writer, error) {
	w := &writer{ctx: ctx, docID: docID}
	for _, p := range []struct {
		dst   **sql.Stmt
		query string
	}{
		{&w.table, `INSERT INTO report_tables (document_id, ordinal, kind, title, page, unit) VALUES (?, ?, ?, ?, ?, ?)`},
		{&w.column, `INSERT INTO table_columns (table_id, ordinal, measure, header) VALUES (?, ?, ?, ?)`},
		{&w.row, `INSERT INTO report_rows (table_id, ordinal, page, side, classification, code, name, raw_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.amount, `INSERT INTO amounts (row_id, measure, ordinal, value, amount_fen) VALUES (?, ?, ?, ?, ?)`},
		{&w.failure, `INSERT INTO check_failures (document_id, table_kind, rule, subject, measure, expected_fen, found_fen, difference_fen, rounding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.warning, `INSERT INTO warnings (document_id, ordinal, message) VALUES (?, ?, ?)`},
		{&w.narrative, `INSERT INTO narrative (document_id, ordinal, page, text) VALUES (?, ?, ?, ?)`},
	} {
		s, err := tx.PrepareContext(ctx, p.query)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*p.dst = s
		w.stmts = append(w.stmts, s)
	}
	return w, nil
}

func (w *writer) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

// report writes everything of r but the document row.
func (w *writer) report(r *normalize.Report) error {
	for i, t := range r.Tables {
		if err := w.writeTable(i+1, t); err != nil {
			return fmt.Errorf("table %d (%s): %w", i+1, t.Title, err)
		}
	}
	if err := w.checks(r.Checks); err != nil {
		return err
	}
	for i, msg := range r.Warnings {
		if _, err := w.warning.ExecContext(w.ctx, w.docID, i+1, msg); err != nil {
			return fmt.Errorf("warning %d: %w", i+1, err)
		}
	}
	for i, p := range r.Narrative {
		if _, err := w.narrative.ExecContext(w.ctx, w.docID, i+1, nullInt(p.Page), p.Text); err != nil {
			return fmt.Errorf("narrative %d: %w", i+1, err)
		}
	}
	return nil
}

func (w *writer) writeTable(ordinal int, t normalize.Table) error {
	res, err := w.table.ExecContext(w.ctx, w.docID, ordinal, null(t.Kind), null(t.Title), nullInt(t.Page), null(t.Unit))
	if err != nil {
		return err
	}
	tableID, err := res.LastInsertId()
	if err != nil {
		return err
	}
	for i, m := range t.Measures {
		header := ""
		if i < len(t.Headers) {
			header = t.Headers[i]
		}
		if _, err := w.column.ExecContext(w.ctx, tableID, i+1, m, null(header)); err != nil {
			return fmt.Errorf("column %d: %w", i+1, err)
		}
	}
	for i, row := range t.Rows {
		res, err := w.row.ExecContext(w.ctx, tableID, i+1, nullInt(row.Page), null(row.Side),
			null(row.Classification), null(row.Code), null(row.Name), null(row.RawName))
		if err != nil {
			return fmt.Errorf("row %d (%s): %w", i+1, row.RawName, err)
		}
		rowID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for j, a := range row.Amounts {
			if _, err := w.amount.ExecContext(w.ctx, rowID, a.Measure, j+1, AmountText(a.Value), a.Fen); err != nil {
				return fmt.Errorf("row %d (%s) %s: %w", i+1, row.RawName, a.Measure, err)
			}
		}
	}
	return nil
}

// checks stores the failed checks; passing ones are not kept.
func (w *writer) checks(checks []normalize.Check) error {
	for _, c := range checks {
		if c.Passed {
			continue
		}
		if _, err := w.failure.ExecContext(w.ctx, w.docID, null(c.TableKind), c.Rule, null(c.Subject), null(c.Measure),
			c.Expected, c.Found, c.Found-c.Expected, c.Rounding); err != nil {
			return fmt.Errorf("check %s %s: %w", c.Rule, c.Subject, err)
		}
	}
	return nil
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

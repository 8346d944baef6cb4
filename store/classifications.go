package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cnbudget/cnbudget/normalize/classification"
)

// loadClassifications makes the classifications table hold dict. It does
// nothing when the table already holds this version, so opening a
// database costs one query; a different version (a newer binary with
// corrected names) replaces the whole table in one transaction.
func loadClassifications(ctx context.Context, db *sql.DB, dict *classification.Dictionary) error {
	if v, err := classificationsVersion(ctx, db); err != nil || v == dict.Version() {
		return classificationsErr(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return classificationsErr(err)
	}
	defer tx.Rollback()
	// Another process may have loaded it while this one waited for the lock.
	if v, err := classificationsVersion(ctx, tx); err != nil || v == dict.Version() {
		return classificationsErr(err)
	}
	for _, q := range []string{`DELETE FROM classifications`, `DELETE FROM classifications_version`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return classificationsErr(err)
		}
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO classifications
		(classification, code, level, parent_code, name, valid_from, valid_to, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return classificationsErr(err)
	}
	defer ins.Close()
	for _, e := range dict.Entries() {
		if _, err := ins.ExecContext(ctx, e.Classification, e.Code, e.Level, null(e.Parent), e.Name,
			nullInt(e.From), nullInt(e.To), e.Source); err != nil {
			return classificationsErr(fmt.Errorf("%s %s %s: %w", e.Classification, e.Code, e.Name, err))
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO classifications_version (version, loaded_at) VALUES (?, ?)`,
		dict.Version(), time.Now().UTC().Format(time.RFC3339)); err != nil {
		return classificationsErr(err)
	}
	return classificationsErr(tx.Commit())
}

func classificationsErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("load the classification dictionary: %w", err)
}

// classificationsVersion is the version of the dictionary the database
// holds, or "" before the first load.
func classificationsVersion(ctx context.Context, q querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT version FROM classifications_version`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

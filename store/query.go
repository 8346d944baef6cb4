package store

import (
	"context"
	"database/sql"
)

// Query runs one statement written by a user. Open the database with
// OpenReadOnly first: its connections refuse to write, which is what makes
// running arbitrary SQL safe.
func (db *DB) Query(ctx context.Context, stmt string, args ...any) (*sql.Rows, error) {
	return db.sql.QueryContext(ctx, stmt, args...)
}

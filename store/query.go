package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// ErrWrite reports a statement refused because it would change the
// database or another file; nothing was run.
var ErrWrite = errors.New("statement refused: it would write to the database or another file")

// Query runs one statement written by a user and returns its columns and
// rows. Open the database with OpenReadOnly first. Query refuses, before
// running anything, a statement SQLite does not call read-only (INSERT,
// CREATE, a PRAGMA that sets a value, VACUUM INTO, ...), and ATTACH, which
// could create or change other files; the read-only connection stops
// whatever a second statement in the same string might try. Values are as
// SQLite returns them: int64, float64, string or []byte, or nil for NULL.
func (db *DB) Query(ctx context.Context, stmt string) ([]string, [][]any, error) {
	if strings.TrimSpace(stmt) == "" {
		return nil, nil, errors.New("empty statement")
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	attach := false
	if err := conn.Raw(func(c any) error {
		sc, ok := c.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", c)
		}
		sc.SetLimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
		sc.RegisterAuthorizer(func(op int, _, _, _ string) int {
			if op == sqlite3.SQLITE_ATTACH {
				attach = true
				return sqlite3.SQLITE_DENY
			}
			return sqlite3.SQLITE_OK
		})
		s, err := sc.Prepare(stmt)
		if err != nil {
			return err
		}
		defer s.Close()
		if ss, ok := s.(*sqlite3.SQLiteStmt); !ok || !ss.Readonly() {
			return ErrWrite
		}
		return nil
	}); err != nil {
		return nil, nil, refused(err, attach)
	}
	rows, err := conn.QueryContext(ctx, stmt)
	if err != nil {
		return nil, nil, refused(err, attach)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out [][]any
	for rows.Next() {
		v := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range v {
			ptrs[i] = &v[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		out = append(out, v)
	}
	return cols, out, refused(rows.Err(), attach)
}

// refused turns the errors of a statement that tried to write into
// ErrWrite: SQLite's read-only error, and the authorizer's refusal of
// ATTACH.
func refused(err error, attach bool) error {
	var se sqlite3.Error
	switch {
	case err == nil || errors.Is(err, ErrWrite):
		return err
	case attach:
		return fmt.Errorf("%w (ATTACH opens another database file)", ErrWrite)
	case errors.As(err, &se) && se.Code == sqlite3.ErrReadonly:
		return fmt.Errorf("%w (%v)", ErrWrite, err)
	}
	return err
}

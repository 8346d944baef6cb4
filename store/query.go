package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// ErrWrite reports a statement refused because it would change the database.
var ErrWrite = errors.New("statement refused: the database is open read-only and the statement would write")

// Query runs one statement written by a user and returns its columns and
// rows. Open the database with OpenReadOnly first: its connections refuse
// to write, and Query also forbids ATTACH, which could otherwise create
// or change other files. Values are as SQLite returns them: int64,
// float64, string or []byte, or nil for NULL.
func (db *DB) Query(ctx context.Context, stmt string) ([]string, [][]any, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	if err := conn.Raw(func(c any) error {
		sc, ok := c.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", c)
		}
		sc.SetLimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
		return nil
	}); err != nil {
		return nil, nil, err
	}
	rows, err := conn.QueryContext(ctx, stmt)
	if err != nil {
		return nil, nil, refused(err)
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
	return cols, out, refused(rows.Err())
}

// refused turns SQLite's read-only error into ErrWrite.
func refused(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
		return fmt.Errorf("%w (%v)", ErrWrite, err)
	}
	return err
}

package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// ErrWrite reports a statement refused because it would change the
// database or another file; nothing was run.
var ErrWrite = errors.New("statement refused: it would write to the database or another file")

// ErrSeveral reports a string of more than one statement: Query would run
// them all and show only the last one's rows.
var ErrSeveral = errors.New("one statement at a time: the text after the first ';' would run too, and only its rows would show")

// Query runs one statement written by a user and returns its columns and
// rows. Open the database with OpenReadOnly first. Query refuses, before
// running anything, more than one statement, a statement SQLite does not
// call read-only (INSERT, CREATE, VACUUM INTO, ...), a PRAGMA that sets a
// value, and ATTACH, which could create or change other files. Values are
// as SQLite returns them: int64, float64, string or []byte, or nil for NULL.
func (db *DB) Query(ctx context.Context, stmt string) ([]string, [][]any, error) {
	stmt, rest := splitStatement(stmt)
	switch {
	case blankSQL(stmt):
		return nil, nil, errors.New("empty statement")
	case !blankSQL(rest):
		return nil, nil, ErrSeveral
	case setsPragma(stmt):
		return nil, nil, fmt.Errorf("%w (a PRAGMA that sets a value)", ErrWrite)
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

// Relation is a table or view that users query, with its columns in order.
type Relation struct {
	Name    string
	View    bool
	Columns []string
}

// Schema lists the tables and views of the database in name order: what
// people see in sqlite3 or Datasette, without SQLite's own tables and the
// shadow tables FTS5 keeps behind the search index.
func (db *DB) Schema(ctx context.Context) ([]Relation, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT l.name, l.type = 'view', c.name
		FROM pragma_table_list AS l, pragma_table_info(l.name) AS c
		WHERE l.schema = 'main' AND l.type IN ('table', 'view', 'virtual') AND l.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY l.name, c.cid`)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	defer rows.Close()
	var out []Relation
	for rows.Next() {
		var name, column string
		var view bool
		if err := rows.Scan(&name, &view, &column); err != nil {
			return nil, fmt.Errorf("schema: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Name != name {
			out = append(out, Relation{Name: name, View: view})
		}
		last := &out[len(out)-1]
		last.Columns = append(last.Columns, column)
	}
	return out, rows.Err()
}

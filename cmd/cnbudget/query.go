package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cnbudget/cnbudget/store"
)

type queryCommand struct {
	stdout, stderr io.Writer
}

func (c *queryCommand) Usage() string {
	return `Usage: cnbudget query --db FILE.db [--csv | --json] "SQL"

Runs one SQL statement on the database, which is opened read-only: a
statement that would change it (INSERT, UPDATE, DELETE, CREATE, DROP, a
PRAGMA that sets a value, VACUUM) or another file (ATTACH, VACUUM INTO) is
refused before anything runs, and exits 1; so is a second statement after
a ';'. SQL that starts with a -- comment goes after a lone --, which ends
the flags. Prints an aligned table for
people (NULL reads NULL, a BLOB X'..', a line break \n), or with --csv a CSV
file (NULL is empty) or with --json an array of objects (NULL is null) for
scripts; an empty result still prints the column names.

Example:

  cnbudget query --db cnbudget.db "SELECT code, name, amount_fen FROM facts
    WHERE table_kind = 'expenditure' AND measure = 'total' AND length(code) = 3"

Flags:
  --db FILE.db   the database (required)
  --csv          print CSV
  --json         print JSON
`
}

func (c *queryCommand) Run(ctx context.Context, args []string) error {
	fs := newFlags("query")
	dbPath := fs.String("db", "", "")
	asCSV := fs.Bool("csv", false, "")
	asJSON := fs.Bool("json", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) != 1:
		return usagef("want exactly one SQL statement, got %d arguments", len(rest))
	case *asCSV && *asJSON:
		return usagef("--csv and --json exclude each other")
	}
	db, err := openReadOnly(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	cols, values, err := db.Query(ctx, rest[0])
	if errors.Is(err, store.ErrWrite) {
		fmt.Fprintf(c.stderr, "cnbudget query is read-only: %v; nothing was changed. "+
			"To change the data, use sqlite3 on a copy of the file.\n", err)
		return errReported
	}
	if err != nil {
		return err
	}
	switch {
	case *asCSV:
		return writeCSV(c.stdout, cols, values)
	case *asJSON:
		return writeJSON(c.stdout, cols, values)
	}
	text := make([][]string, len(values))
	for i, v := range values {
		text[i] = make([]string, len(v))
		for j, x := range v {
			text[i][j] = oneLine.Replace(cell(x, "NULL"))
		}
	}
	if err := writeAligned(c.stdout, cols, text); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "(%d rows)\n", len(values))
	return nil
}

// oneLine keeps a value with line breaks or tabs on its line of the table.
var oneLine = strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

// cell spells a value SQLite returned; null is how NULL is spelled. A BLOB
// is spelled as an SQL literal (X'00FF'): its bytes are not text.
func cell(v any, null string) string {
	switch x := v.(type) {
	case nil:
		return null
	case []byte:
		return fmt.Sprintf("X'%X'", x)
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

func writeCSV(w io.Writer, cols []string, values [][]any) error {
	cw := csv.NewWriter(w)
	cw.Write(cols)
	for _, v := range values {
		rec := make([]string, len(v))
		for i, x := range v {
			rec[i] = cell(x, "")
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON prints one object per row with the keys in column order, which
// a map would lose.
func writeJSON(w io.Writer, cols []string, values [][]any) error {
	return writeJSONArray(w, len(values), func(i int, b *bytes.Buffer) error {
		b.WriteString("{")
		for j, x := range values[i] {
			if j > 0 {
				b.WriteString(", ")
			}
			if bs, ok := x.([]byte); ok {
				x = cell(bs, "")
			}
			k, err := json.Marshal(cols[j])
			if err != nil {
				return err
			}
			val, err := json.Marshal(x)
			if err != nil {
				return err
			}
			b.Write(k)
			b.WriteString(": ")
			b.Write(val)
		}
		b.WriteString("}")
		return nil
	})
}

// writeJSONArray prints a JSON array of n elements, one a line, each
// written by elem, so that a long result reads, diffs and greps a line
// at a time.
func writeJSONArray(w io.Writer, n int, elem func(i int, b *bytes.Buffer) error) error {
	var b bytes.Buffer
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  ")
		if err := elem(i, &b); err != nil {
			return err
		}
	}
	if n > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

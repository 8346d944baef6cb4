package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cnbudget/cnbudget/store"
)

type queryCommand struct {
	stdout io.Writer
}

func (c *queryCommand) Usage() string {
	return `Usage: cnbudget query --db FILE.db [--csv | --json] "SQL"

Runs one SQL statement on the database, which is opened read-only: a
statement that would write is refused. Prints an aligned table for people,
or with --csv a CSV file (NULL is empty) or with --json an array of objects
(NULL is null) for scripts.

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
	if err := existing(*dbPath); err != nil {
		return err
	}
	db, err := store.OpenReadOnly(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	cols, values, err := db.Query(ctx, rest[0])
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
			text[i][j] = cell(x, "NULL")
		}
	}
	if err := writeAligned(c.stdout, cols, text); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "(%d rows)\n", len(values))
	return nil
}

// cell spells a value SQLite returned; null is how NULL is spelled.
func cell(v any, null string) string {
	switch x := v.(type) {
	case nil:
		return null
	case []byte:
		return string(x)
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
	var b strings.Builder
	b.WriteString("[")
	for i, v := range values {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j, x := range v {
			if j > 0 {
				b.WriteString(", ")
			}
			if bs, ok := x.([]byte); ok {
				x = string(bs)
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
	}
	if len(values) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

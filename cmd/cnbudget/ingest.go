package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strconv"

	"github.com/cnbudget/cnbudget/ingest"
	"github.com/cnbudget/cnbudget/store"
)

type ingestCommand struct {
	stdout, stderr io.Writer
}

func (c *ingestCommand) Usage() string {
	return `Usage: cnbudget ingest --db FILE.db PATH...

Parses every report file (.pdf, .docx) given or found under the folders
given, and loads it into the database, which is created if missing.

A file whose content (SHA-256) is already loaded is left unchanged; a file
that failed before is tried again. A file that cannot be read is recorded
as failed with the reason and never stops the others.

Prints one line per file (status, unit, year, kind, tables, facts, failed
checks) and a summary on stdout; the reasons for failures on stderr.

Exit status: 0 when every file loaded (ok, partial or unchanged), 1 when
any failed (the others are still loaded), 2 for a usage error.

Flags:
  --db FILE.db   the database (required)
`
}

func (c *ingestCommand) Run(ctx context.Context, args []string) error {
	fs := newFlags("ingest")
	dbPath := fs.String("db", "", "")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *dbPath == "" {
		return usagef("--db is required")
	}
	if len(paths) == 0 {
		return usagef("no PATH given")
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	p := ingest.Pipeline{DB: db, Workers: runtime.NumCPU(), Progress: c.printFile}
	sum, err := p.Run(ctx, paths)
	if err != nil {
		return err
	}
	total := sum.OK + sum.Partial + sum.Unchanged + sum.Failed
	fmt.Fprintf(c.stdout, "%d files: %d loaded (%d partial), %d unchanged, %d failed\n",
		total, sum.OK+sum.Partial, sum.Partial, sum.Unchanged, sum.Failed)
	if sum.Failed > 0 {
		return errReported
	}
	return nil
}

// printFile prints the line for one file, and its failure on stderr.
func (c *ingestCommand) printFile(f ingest.File) {
	status := f.Status
	if f.Unchanged {
		status = "unchanged"
	}
	if f.Err != nil {
		fmt.Fprintf(c.stdout, "%-9s %s\n", "failed", f.Path)
		fmt.Fprintf(c.stderr, "cnbudget ingest: %v\n", f.Err)
		return
	}
	year := "-"
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
	}
	fmt.Fprintf(c.stdout, "%-9s %s  %s %s %s %s  %d tables, %d facts, %d failed checks\n",
		status, f.Path, orDash(f.UnitCode), orDash(f.UnitName), year, orDash(f.DocKind), f.Tables, f.Facts, f.CheckFailures)
	if f.Status == store.StatusPartial {
		fmt.Fprintf(c.stdout, "          %s\n", f.Error)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

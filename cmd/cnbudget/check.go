package main

import (
	"context"
	"fmt"
	"io"

	"github.com/cnbudget/cnbudget/normalize"
	"github.com/cnbudget/cnbudget/store"
)

type checkCommand struct {
	stdout, stderr io.Writer
}

func (c *checkCommand) Usage() string {
	return `Usage: cnbudget check --db FILE.db

Re-runs the accounting checks (parent = sum of children, 合计 = sum of the
类 rows, total = sum of its columns, revenue = expenditure, the same figure
across tables) on every document loaded in the database, stores the
failures in check_failures (replacing those stored before) and prints each
one: document, table, rule, subject, measure, expected, found and the
difference (found - expected), in yuan. The subject is the code and name
(2040601 行政运行) or the row name (合计) checked. Failed documents have
nothing to check and are skipped. To read the stored failures beside each
document's unit and year:

  cnbudget query --db FILE.db "SELECT * FROM check_report"

Exit status: 0 when every check passes, 1 when any fails, 2 for a usage error.

Flags:
  --db FILE.db   the database (required)
`
}

func (c *checkCommand) Run(ctx context.Context, args []string) error {
	dbPath, err := parseDB("check", args)
	if err != nil {
		return err
	}
	if err := existing(dbPath); err != nil {
		return err
	}
	db, err := openWritable(dbPath, c.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	docs, err := db.Documents(ctx)
	if err != nil {
		return err
	}
	var rows [][]string
	checked := 0
	for _, d := range docs {
		if d.Status == store.StatusFailed {
			continue
		}
		r, err := db.Report(ctx, d.ID)
		if err != nil {
			return err
		}
		checks := normalize.Verify(r)
		if err := db.ReplaceChecks(ctx, d.ID, checks); err != nil {
			return fmt.Errorf("%s: %w", d.SourcePath, err)
		}
		checked++
		for _, ch := range checks {
			if ch.Passed {
				continue
			}
			rounding := ""
			if ch.Rounding {
				rounding = "rounding"
			}
			rows = append(rows, []string{d.SourcePath, ch.TableKind, ch.Rule, ch.Subject, ch.Measure,
				yuan(ch.Expected), yuan(ch.Found), yuan(ch.Found - ch.Expected), rounding})
		}
	}
	if len(rows) > 0 {
		header := []string{"DOCUMENT", "TABLE", "RULE", "SUBJECT", "MEASURE", "EXPECTED", "FOUND", "DIFFERENCE", "NOTE"}
		if err := writeAligned(c.stdout, header, rows); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "%d documents checked, %d failed checks\n", checked, len(rows))
	if len(rows) > 0 {
		return errReported
	}
	return nil
}

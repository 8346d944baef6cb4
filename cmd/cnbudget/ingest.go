package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/cnbudget/cnbudget/ingest"
	"github.com/cnbudget/cnbudget/store"
)

type ingestCommand struct {
	stdout, stderr io.Writer
	// name is the command whose failure lines these are: "ingest" unless
	// crawl prints its loads through this one.
	name string
}

func (c *ingestCommand) Usage() string {
	return `Usage: cnbudget ingest --db FILE.db PATH...

Parses every report file (.pdf, .docx) given or found under the folders
given, and loads it into the database, which is created if missing.

A file whose content (SHA-256) is already loaded is left unchanged; a file
that failed before is tried again. A file that cannot be read is recorded
as failed with the reason and never stops the others. Each file is loaded
in its own transaction, so a run that is killed keeps every file it
finished, and running it again loads exactly the files still missing.

Prints one line per file (status, unit, year, kind, tables, facts, failed
checks) and a summary on stdout (counts, pages read, facts loaded, the
failures grouped by reason); the reasons for failures on stderr. With
--json, one JSON object instead (see the README for its fields).

While it runs, progress goes to stderr: on a terminal one line updated in
place (files done/total, pages/s, failures, time left), otherwise a line
every --progress-every; a last line gives the time taken.

Ctrl-C (or SIGTERM) stops it from starting more files: the files being
read are finished and loaded, the summary says how many were not started,
and the exit status is 1. Run the same command again to load the rest.

Exit status: 0 when every file loaded (ok, partial or unchanged), 1 when
any failed (the others are still loaded) or the run was interrupted, 2 for
a usage error.

Flags:
  --db FILE.db             the database (required)
  --workers N              files read at once (default: the number of CPUs)
  --json                   print one JSON object (summary and files) on stdout
  --quiet                  no progress on stderr
  --progress-every 10s     how often progress is logged when stderr is not a terminal
`
}

func (c *ingestCommand) Run(ctx context.Context, args []string) error {
	ingest.UseBatchGC()
	fs := newFlags("ingest")
	dbPath := fs.String("db", "", "")
	workers := fs.Int("workers", runtime.NumCPU(), "")
	asJSON := fs.Bool("json", false, "")
	quiet := fs.Bool("quiet", false, "")
	every := fs.Duration("progress-every", 10*time.Second, "")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *dbPath == "":
		return usagef("--db is required")
	case len(paths) == 0:
		return usagef("no PATH given")
	case *workers < 1:
		return usagef("--workers must be at least 1, not %d", *workers)
	case *every <= 0:
		return usagef("--progress-every must be a positive duration such as 10s, not %s", *every)
	}
	db, err := openWritable(*dbPath, c.stderr)
	if err != nil {
		return err
	}
	defer db.Close()

	meter := c.meter(*quiet, *every)
	var records []fileJSON
	p := ingest.Pipeline{
		DB:      db,
		Workers: *workers,
		Listed:  meter.Start,
		Progress: func(f ingest.File) {
			meter.Done(f, func() {
				if *asJSON {
					records = append(records, fileView(f))
					c.printFailure(f)
					return
				}
				c.printFile(f)
			})
		},
	}
	sum, err := p.Run(ctx, paths)
	meter.Stop(sum)
	// Run fails only when ctx is cancelled, and then its summary is
	// still complete: report it like any other.
	interrupted := err != nil
	if *asJSON {
		if err := c.printJSON(sum, interrupted, records); err != nil {
			return err
		}
	} else {
		c.printSummary(sum, interrupted)
	}
	if sum.Failed > 0 || interrupted {
		return errReported
	}
	return nil
}

// meter returns the progress display for the command's stderr, or nil
// when there is to be none: with --quiet, and when stderr is not a file
// (the command run inside a program or a test).
func (c *ingestCommand) meter(quiet bool, every time.Duration) *ingest.Meter {
	f, ok := c.stderr.(*os.File)
	if quiet || !ok {
		return nil
	}
	st, err := f.Stat()
	tty := err == nil && st.Mode()&os.ModeCharDevice != 0
	return ingest.NewMeter(f, tty, every)
}

// printSummary prints the counts, the failures grouped by reason and, for
// an interrupted run, what is left to do.
func (c *ingestCommand) printSummary(sum ingest.Summary, interrupted bool) {
	fmt.Fprintf(c.stdout, "%d files: %d loaded (%d partial), %d unchanged, %d failed; %d pages read, %d facts loaded\n",
		sum.Done(), sum.OK+sum.Partial, sum.Partial, sum.Unchanged, sum.Failed, sum.Pages, sum.Facts)
	if reasons := sum.Reasons(); len(reasons) > 0 {
		fmt.Fprintln(c.stdout, "failures by reason:")
		for _, r := range reasons {
			fmt.Fprintf(c.stdout, "%6d  %s\n", len(r.Paths), r.Text)
		}
	}
	if interrupted {
		fmt.Fprintf(c.stdout, "interrupted: %d files not started; run the same command again to load them\n", sum.NotStarted)
	}
}

// statusOf is a file's status as ingest prints it: the stored status, or
// "unchanged" when the file was loaded before.
func statusOf(f ingest.File) string {
	if f.Unchanged {
		return "unchanged"
	}
	return f.Status
}

// printFile prints the line for one file, and its failure on stderr.
func (c *ingestCommand) printFile(f ingest.File) {
	status := statusOf(f)
	if f.Err != nil {
		fmt.Fprintf(c.stdout, "%-9s %s\n", "failed", f.Path)
		c.printFailure(f)
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

// printFailure prints why a file failed on stderr, if it did.
func (c *ingestCommand) printFailure(f ingest.File) {
	if f.Err != nil {
		fmt.Fprintf(c.stderr, "cnbudget %s: %v\n", cmp.Or(c.name, "ingest"), f.Err)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// The JSON shape of ingest --json: the summary, then one record per file
// in input order. Field names match the database's column names.
type ingestJSON struct {
	Summary summaryJSON `json:"summary"`
	Files   []fileJSON  `json:"files"`
}

type summaryJSON struct {
	Files          int          `json:"files"`
	Loaded         int          `json:"loaded"`
	OK             int          `json:"ok"`
	Partial        int          `json:"partial"`
	Unchanged      int          `json:"unchanged"`
	Failed         int          `json:"failed"`
	NotStarted     int          `json:"not_started"`
	Interrupted    bool         `json:"interrupted"`
	Pages          int          `json:"pages"`
	Facts          int          `json:"facts"`
	ElapsedSeconds float64      `json:"elapsed_seconds"`
	WritingSeconds float64      `json:"writing_seconds"`
	Failures       []reasonJSON `json:"failures"`
}

type reasonJSON struct {
	Reason string   `json:"reason"`
	Files  []string `json:"files"`
}

type fileJSON struct {
	Path          string `json:"path"`
	Status        string `json:"status"`
	DocumentID    int64  `json:"document_id,omitempty"`
	UnitCode      string `json:"unit_code,omitempty"`
	UnitName      string `json:"unit_name,omitempty"`
	Year          int    `json:"year,omitempty"`
	DocKind       string `json:"doc_kind,omitempty"`
	Pages         int    `json:"pages"`
	Tables        int    `json:"tables"`
	Facts         int    `json:"facts"`
	CheckFailures int    `json:"check_failures"`
	Error         string `json:"error,omitempty"`
}

func fileView(f ingest.File) fileJSON {
	return fileJSON{
		Path: f.Path, Status: statusOf(f), DocumentID: f.ID,
		UnitCode: f.UnitCode, UnitName: f.UnitName, Year: f.Year, DocKind: f.DocKind,
		Pages: f.Pages, Tables: f.Tables, Facts: f.Facts, CheckFailures: f.CheckFailures,
		Error: f.Error,
	}
}

func (c *ingestCommand) printJSON(sum ingest.Summary, interrupted bool, files []fileJSON) error {
	out := ingestJSON{
		Summary: summaryJSON{
			Files: sum.Files, Loaded: sum.OK + sum.Partial, OK: sum.OK, Partial: sum.Partial,
			Unchanged: sum.Unchanged, Failed: sum.Failed, NotStarted: sum.NotStarted, Interrupted: interrupted,
			Pages: sum.Pages, Facts: sum.Facts, ElapsedSeconds: sum.Elapsed.Seconds(),
			WritingSeconds: sum.Writing.Seconds(),
			Failures:       []reasonJSON{},
		},
		Files: files,
	}
	if out.Files == nil {
		out.Files = []fileJSON{}
	}
	for _, r := range sum.Reasons() {
		out.Summary.Failures = append(out.Summary.Failures, reasonJSON{Reason: r.Text, Files: r.Paths})
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

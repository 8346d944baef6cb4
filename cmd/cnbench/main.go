// Command cnbench measures cnbudget's whole pipeline (extract, normalize,
// store into a fresh SQLite database) and writes the results as Markdown,
// by default to docs/bench.md: the time per document in a batch and alone,
// beside poppler's pdftotext -layout on the same PDFs, peak memory per
// document, and a generated batch of copies ingested with one worker, two,
// one worker on one core, and one with another garbage collector setting.
//
// It is a program rather than a go test benchmark because what it measures
// belongs to processes: a document measured alone has a child process of
// its own, so the peak RSS is that one document's; pdftotext, the
// yardstick, is a process too; and the batch runs in a child whose CPU use
// and memory are its own. The children are this program again, started
// with the hidden first argument "child".
//
// Usage:
//
//	cnbench [flags]
//
// Flags:
//
//	-fixtures DIR     the repository's fixtures (default fixtures)
//	-real DIR         the real reports (default ../shared/real); skipped when absent
//	-repeat N         runs per document; the fastest counts (default 5)
//	-batch N          documents in the generated batch; 0 skips it (default 1000)
//	-out FILE         where the Markdown goes (default docs/bench.md); "" prints only
//	-cpuprofile FILE  profile one worker ingesting N copies of the real reports
//	                  (-batch) and write the pprof CPU profile to FILE instead of measuring
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cnbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == childCommand {
		return runChild(ctx, args[1:])
	}
	fs := flag.NewFlagSet("cnbench", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.fixtures, "fixtures", "fixtures", "the repository's fixtures")
	fs.StringVar(&c.real, "real", "../shared/real", "the real reports; skipped when absent")
	fs.IntVar(&c.repeat, "repeat", 5, "runs per document; the fastest counts")
	fs.IntVar(&c.batch, "batch", 1000, "documents in the generated batch; 0 skips it")
	fs.StringVar(&c.out, "out", "docs/bench.md", "Markdown output file; empty prints only")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the batch to this file instead of measuring")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.repeat < 1 {
		return fmt.Errorf("-repeat must be at least 1, not %d", c.repeat)
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find this program to run its children: %w", err)
	}
	b := bench{config: c, self: self, log: os.Stderr}
	if c.cpuprofile != "" {
		return b.profile(ctx)
	}
	res, err := b.measure(ctx)
	if err != nil {
		return err
	}
	md := render(res)
	fmt.Print(md)
	if c.out == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.out), 0o755); err != nil {
		return fmt.Errorf("write the results: %w", err)
	}
	if err := os.WriteFile(c.out, []byte(md), 0o644); err != nil {
		return fmt.Errorf("write the results: %w", err)
	}
	fmt.Fprintln(os.Stderr, "cnbench: wrote", c.out)
	return nil
}

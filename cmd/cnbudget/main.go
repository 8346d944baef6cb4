// Command cnbudget turns published Chinese government budget reports (PDF,
// DOCX) into clean data in SQLite and answers questions about it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `cnbudget turns published budget and final-accounts reports (预算, 决算; PDF or DOCX)
into clean data in SQLite.

Usage:

	cnbudget <command> [arguments]

Commands:

	ingest    parse report files and load them into a database
	extract   parse one report and print its records as JSON or CSV
	check     re-run the accounting checks on a database
	query     run one read-only SQL statement on a database
	search    find rows, table titles and text by words (保险, 2080109)
	metadata  print Datasette metadata (table and column descriptions)
	crawl     download report URLs and ingest the new ones
	help      show help for a command

Run 'cnbudget help <command>' for the details of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C asks the command to finish cleanly (ingest commits
	// the documents in flight); once it is seen, the default handling is
	// back, so a second Ctrl-C ends the process at once. Nothing is lost:
	// every document is loaded in one transaction.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand: it parses its own flags and runs.
type command interface {
	Run(ctx context.Context, args []string) error
	Usage() string
}

// commands builds the subcommands writing to stdout and stderr.
func commands(stdout, stderr io.Writer) map[string]command {
	return map[string]command{
		"ingest":   &ingestCommand{stdout: stdout, stderr: stderr},
		"extract":  &extractCommand{stdout: stdout},
		"check":    &checkCommand{stdout: stdout, stderr: stderr},
		"query":    &queryCommand{stdout: stdout, stderr: stderr},
		"search":   &searchCommand{stdout: stdout, stderr: stderr},
		"crawl":    &crawlCommand{stdout: stdout, stderr: stderr},
		"metadata": &metadataCommand{stdout: stdout, stderr: stderr},
	}
}

// run executes the command line args and returns the exit code:
// 0 success, 1 failure, 2 usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands(stdout, stderr)
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			cmd, ok := cmds[args[1]]
			if !ok {
				fmt.Fprintf(stderr, "cnbudget help: unknown command %q\n", args[1])
				return 2
			}
			fmt.Fprint(stdout, cmd.Usage())
			return 0
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "cnbudget: unknown command %q\nRun 'cnbudget help' for usage.\n", name)
		return 2
	}
	err := cmd.Run(ctx, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		fmt.Fprint(stdout, cmd.Usage())
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "cnbudget %s: %s\nRun 'cnbudget help %s' for usage.\n", name, ue.msg, name)
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(stderr, "cnbudget %s: %v\n", name, err)
		return 1
	}
}

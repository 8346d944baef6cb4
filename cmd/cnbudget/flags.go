package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cnbudget/cnbudget/store"
)

var (
	// errHelp asks run to print the command's usage and exit 0.
	errHelp = errors.New("help requested")
	// errReported means the command failed and has said why already
	// (files that failed to ingest, checks that failed): exit 1, print nothing.
	errReported = errors.New("failure reported")
)

// usageError is a command line the command cannot run: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// newFlags returns a flag set that reports errors to its caller instead
// of printing them, so run decides the output and the exit code.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses args, allowing flags after positional arguments
// (cnbudget extract FILE --format csv), and returns the positional ones.
// Everything after "--" is positional.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// existing checks that a database given to a reading command exists, so a
// typo is reported instead of creating an empty database.
func existing(path string) error {
	if path == "" {
		return usagef("--db is required")
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("database %s: %w", path, errors.Unwrap(err))
	}
	return nil
}

// parseDB parses the arguments of a command whose only flag is --db and
// that takes no other argument, and returns the --db value ("" if absent).
func parseDB(name string, args []string) (string, error) {
	fs := newFlags(name)
	dbPath := fs.String("db", "", "")
	rest, err := parse(fs, args)
	if err != nil {
		return "", err
	}
	if len(rest) > 0 {
		return "", usagef("unexpected argument %q", rest[0])
	}
	return *dbPath, nil
}

// openWritable opens the database a writing command names with --db,
// creating it if missing. An older database is upgraded first, which can
// take a while on a large one (the search index may be built again), so
// the command says so on stderr before it goes quiet.
func openWritable(path string, stderr io.Writer) (*store.DB, error) {
	if pending, err := store.Pending(path); err == nil && len(pending) > 0 {
		fmt.Fprintf(stderr, "cnbudget: upgrading %s (%s); on a large database this takes a while\n", path, strings.Join(pending, ", "))
	}
	return store.Open(path)
}

// openReadOnly opens the existing database a reading command names with
// --db; no statement through it can change the file.
func openReadOnly(path string) (*store.DB, error) {
	if err := existing(path); err != nil {
		return nil, err
	}
	return store.OpenReadOnly(path)
}

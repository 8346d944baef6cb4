// Package ingest runs files through the pipeline: it finds report files,
// reads and interprets them (extract, normalize) and records them in the
// store. One bad file never stops a batch; it is recorded as failed with
// the reason.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/normalize"
	"github.com/cnbudget/cnbudget/store"
)

// File is the outcome for one file.
type File struct {
	Path string
	store.Result
	// Err says why the file failed, naming it ("a.pdf: the file is empty").
	// It is nil for files loaded ok, partial or unchanged.
	Err error
}

// Summary counts the outcomes of a run. Every file is in exactly one count.
type Summary struct {
	OK, Partial, Unchanged, Failed int
	Failures                       []File
}

// Pipeline ingests files into one database. Files are read and
// interpreted by Workers goroutines while a single writer loads them in
// input order, so ids and output are the same on every run and SQLite
// never sees two writers.
type Pipeline struct {
	DB      *store.DB
	Workers int // files read at once; less than 1 means 1

	// Progress, if set, is called by the writer for each file, in input order.
	Progress func(File)
}

// prepared is a worker's output: either a finished File (unchanged, or a
// failure before the store was reached) or an Input for the writer.
type prepared struct {
	file  File
	input *store.Input
}

// Run ingests every supported file under paths. Its error is only for a
// cancelled ctx; failures of single files are in the summary.
func (p *Pipeline) Run(ctx context.Context, paths []string) (Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(p.Workers, 1)

	// Each entry gets its own result channel; the feeder queues them in
	// input order, and the bounded queue keeps workers from running far
	// ahead of the writer.
	jobs := make(chan func(), workers)
	queue := make(chan chan prepared, workers)
	go func() {
		defer close(jobs)
		defer close(queue)
		for _, e := range list(paths) {
			out := make(chan prepared, 1)
			select {
			case queue <- out:
			case <-ctx.Done():
				return
			}
			jobs <- func() { out <- p.prepare(ctx, e) }
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				job()
			}
		}()
	}
	defer wg.Wait()

	var sum Summary
	for out := range queue {
		var pr prepared
		select {
		case pr = <-out:
		case <-ctx.Done():
			return sum, ctx.Err()
		}
		f := pr.file
		if pr.input != nil {
			f = p.load(ctx, pr.input)
		}
		sum.add(f)
		if p.Progress != nil {
			p.Progress(f)
		}
	}
	return sum, ctx.Err()
}

func (s *Summary) add(f File) {
	switch {
	case f.Err != nil:
		s.Failed++
		s.Failures = append(s.Failures, f)
	case f.Unchanged:
		s.Unchanged++
	case f.Status == store.StatusPartial:
		s.Partial++
	default:
		s.OK++
	}
}

// prepare reads and interprets one file, unless the store already has it.
func (p *Pipeline) prepare(ctx context.Context, e entry) prepared {
	fail := func(err error) prepared {
		err = unwrapPath(err)
		return prepared{file: File{Path: e.path, Result: store.Result{Status: store.StatusFailed, Error: err.Error()}, Err: fmt.Errorf("%s: %w", e.path, err)}}
	}
	if e.err != nil {
		return fail(e.err)
	}
	data, err := os.ReadFile(e.path)
	if err != nil {
		return fail(err)
	}
	digest := sha256.Sum256(data)
	in := &store.Input{
		SHA256:     hex.EncodeToString(digest[:]),
		SourcePath: e.path,
		Format:     strings.TrimPrefix(strings.ToLower(filepath.Ext(e.path)), "."),
		SizeBytes:  int64(len(data)),
	}
	res, ok, err := p.DB.Loaded(ctx, in.SHA256)
	if err != nil {
		return fail(err)
	}
	if ok {
		return prepared{file: File{Path: e.path, Result: res}}
	}
	in.Report, in.Err = interpret(in.SourcePath, data)
	if in.Report != nil {
		in.Format = in.Report.Format
	}
	return prepared{input: in}
}

// interpret runs extract and normalize (which runs the checks) on a file's
// bytes. A panic in normalize is a failed file, not a failed batch (extract
// already recovers its own).
func interpret(name string, data []byte) (r *normalize.Report, err error) {
	defer func() {
		if v := recover(); v != nil {
			r, err = nil, fmt.Errorf("normalize failed (%v); please report the file", v)
		}
	}()
	doc, err := extract.Parse(data)
	if err != nil {
		return nil, err
	}
	return normalize.Read(doc, name)
}

// load records one interpreted file.
func (p *Pipeline) load(ctx context.Context, in *store.Input) File {
	res, err := p.DB.Load(ctx, *in)
	if err != nil {
		return File{Path: in.SourcePath, Result: store.Result{Status: store.StatusFailed, Error: err.Error()}, Err: fmt.Errorf("%s: %w", in.SourcePath, err)}
	}
	f := File{Path: in.SourcePath, Result: res}
	if res.Status == store.StatusFailed {
		f.Err = fmt.Errorf("%s: %s", in.SourcePath, res.Error)
	}
	return f
}

// unwrapPath drops the path and system call from an *fs.PathError
// ("lstat x: no such file or directory"): File.Err names the file already,
// and the call means nothing to a reader.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

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
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/normalize"
	"github.com/cnbudget/cnbudget/store"
)

// batchGOGC is the garbage collector setting for a batch (see UseBatchGC).
const batchGOGC = 400

// UseBatchGC sets this process's garbage collector for batches of reports:
// a batch keeps a live heap of a few MB, so at Go's default GOGC=100 the
// collector runs every few pages; 400 cuts the pipeline's CPU by about a
// third for some 15 MB more (docs/bench.md). GOGC in the environment wins.
// The setting belongs to the whole process, so a program that ingests
// calls this once as it starts, not around each Run (crawl runs a
// pipeline per report).
func UseBatchGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(batchGOGC)
	}
}

// File is the outcome for one file.
type File struct {
	Path string
	store.Result
	// Pages is the number of pages read from the file in this run: 0 when
	// it was unchanged (not read), failed, or has no pages (.docx).
	Pages int
	// Err says why the file failed, naming it ("a.pdf: the file is empty").
	// It is nil for files loaded ok, partial or unchanged.
	Err error
}

// Summary counts the outcomes of a run. Every file found is in exactly one
// of OK, Partial, Unchanged, Failed and NotStarted.
type Summary struct {
	Files                          int // files found under the paths
	OK, Partial, Unchanged, Failed int
	// NotStarted counts the files never read because the run was
	// cancelled; a rerun loads them.
	NotStarted int
	Failures   []File
	// Pages and Facts count what was read and loaded in this run
	// (unchanged files add nothing).
	Pages, Facts int
	Elapsed      time.Duration
	// Writing is the part of Elapsed the single writer spent storing
	// documents. Near Elapsed, the writer is what limits the run, and
	// more workers would not make it faster.
	Writing time.Duration
}

// Done is how many files the run finished: every file found but those
// never started.
func (s Summary) Done() int { return s.Files - s.NotStarted }

// Reason is one failure reason and the files that failed with it.
type Reason struct {
	Text  string
	Paths []string
}

// Reasons groups the failures by reason, most frequent first, so a batch
// of thousands of files says "120 scanned PDFs" once instead of 120 times.
func (s Summary) Reasons() []Reason {
	var out []Reason
	index := make(map[string]int)
	for _, f := range s.Failures {
		i, ok := index[f.Error]
		if !ok {
			i = len(out)
			index[f.Error] = i
			out = append(out, Reason{Text: f.Error})
		}
		out[i].Paths = append(out[i].Paths, f.Path)
	}
	slices.SortStableFunc(out, func(a, b Reason) int { return len(b.Paths) - len(a.Paths) })
	return out
}

// Pipeline ingests files into one database. Files are read and
// interpreted by Workers goroutines while a single writer loads them in
// input order, each in its own transaction, so ids and output are the same
// on every run, SQLite never sees two writers, and a run killed at any
// point leaves only whole documents behind.
type Pipeline struct {
	DB      *store.DB
	Workers int // files read at once; less than 1 means 1

	// Listed, if set, is called once with the number of files found,
	// before any is read (a progress display needs the total).
	Listed func(total int)
	// Progress, if set, is called by the writer for each file, in input order.
	Progress func(File)
	// Source, if set, names the file at path: the name is recorded as the
	// document's source_path, reported as File.Path and read for what a
	// file name tells (a year, 决算). By default a file is named by its
	// path. crawl names a downloaded file by its URL, so a document never
	// names the raw store's copy, not even until its fetch is recorded.
	Source func(path string) string
}

// prepared is a worker's output: a finished File (unchanged, or a failure
// before the store was reached), an Input for the writer, or neither when
// the run was cancelled before the file was read.
type prepared struct {
	file  File
	input *store.Input
	skip  bool
}

// Run ingests every supported file under paths. Its error is only for a
// cancelled ctx; failures of single files are in the summary.
//
// Cancelling ctx stops the run from starting new files, but files already
// being read are still read and loaded, so an interrupted run keeps all
// the work done; the summary it returns counts the rest as NotStarted.
func (p *Pipeline) Run(ctx context.Context, paths []string) (Summary, error) {
	start := time.Now()
	entries := list(paths)
	sum := Summary{Files: len(entries)}
	if p.Listed != nil {
		p.Listed(len(entries))
	}
	// Work already begun is finished whatever happens to ctx: a file half
	// read is wasted, and a document half loaded would roll back anyway.
	work := context.WithoutCancel(ctx)
	workers := max(p.Workers, 1)

	// Each entry gets its own result channel; the feeder queues them in
	// input order, and the bounded queue keeps workers from running far
	// ahead of the writer. Every queued channel receives exactly one value.
	jobs := make(chan func(), workers)
	queue := make(chan chan prepared, 4*workers)
	go func() {
		defer close(jobs)
		defer close(queue)
		for _, e := range entries {
			if ctx.Err() != nil {
				return
			}
			out := make(chan prepared, 1)
			select {
			case queue <- out:
			case <-ctx.Done():
				return
			}
			jobs <- func() {
				if ctx.Err() != nil {
					out <- prepared{skip: true}
					return
				}
				out <- p.prepare(work, e)
			}
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

	done := 0
	for out := range queue {
		pr := <-out
		if pr.skip {
			continue
		}
		f := pr.file
		if pr.input != nil {
			begin := time.Now()
			f = p.load(work, pr.input)
			sum.Writing += time.Since(begin)
		}
		done++
		sum.add(f)
		if p.Progress != nil {
			p.Progress(f)
		}
	}
	sum.NotStarted = sum.Files - done
	sum.Elapsed = time.Since(start)
	return sum, ctx.Err()
}

// Merge adds the counts of another run to s, for a caller that runs the
// pipeline many times (crawl ingests each report as it arrives).
func (s *Summary) Merge(o Summary) {
	s.Files += o.Files
	s.OK += o.OK
	s.Partial += o.Partial
	s.Unchanged += o.Unchanged
	s.Failed += o.Failed
	s.NotStarted += o.NotStarted
	s.Failures = append(s.Failures, o.Failures...)
	s.Pages += o.Pages
	s.Facts += o.Facts
	s.Elapsed += o.Elapsed
	s.Writing += o.Writing
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
	if !f.Unchanged {
		s.Pages += f.Pages
		s.Facts += f.Facts
	}
}

// prepare reads and interprets one file, unless the store already has it.
func (p *Pipeline) prepare(ctx context.Context, e entry) prepared {
	name := e.path
	if p.Source != nil {
		name = p.Source(e.path)
	}
	fail := func(err error) prepared {
		err = unwrapPath(err)
		return prepared{file: File{Path: name, Result: store.Result{Status: store.StatusFailed, Error: err.Error()}, Err: fmt.Errorf("%s: %w", name, err)}}
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
		SourcePath: name,
		Format:     strings.TrimPrefix(strings.ToLower(filepath.Ext(e.path)), "."),
		SizeBytes:  int64(len(data)),
	}
	res, ok, err := p.DB.Loaded(ctx, in.SHA256)
	if err != nil {
		return fail(err)
	}
	if ok {
		return prepared{file: File{Path: name, Result: res}}
	}
	in.Report, in.Err = interpret(in.SourcePath, data)
	if in.Report != nil {
		in.Format = in.Report.Format
	}
	in.Prepare()
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
	if in.Report != nil && !res.Unchanged {
		f.Pages = in.Report.Pages
	}
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

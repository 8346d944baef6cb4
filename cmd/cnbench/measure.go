package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/store"
)

type config struct {
	fixtures, real string
	repeat, batch  int
	out            string
	cpuprofile     string
}

// bench runs the measurements; self is this program, started as the child.
type bench struct {
	config
	self string
	log  io.Writer
}

// results is everything render needs.
type results struct {
	Started, Finished time.Time
	Machine           machine
	Corpora           []corpus
	Batch             []batchRun // 1 worker, 2 workers (renderTargets reads these two first), 1 worker on 1 core, GOGC=100; empty when skipped
	BatchSources      int
	Repeat            int      // runs per document
	Notes             []string // what was skipped and why
}

type machine struct {
	CPUs       int
	CPUModel   string
	Go         string
	Poppler    string // "" when pdftotext is not installed
	LoadBefore string // /proc/loadavg at start and end: the machine is shared
	LoadAfter  string
}

// corpus is one folder of documents, each measured on its own.
type corpus struct {
	Name string
	Docs []docRun
}

// docRun is one document: the fastest of the repeated runs of each kind.
type docRun struct {
	Path    string
	Child   childResult // alone: the only document of a new process
	Proc    procStats   // that whole process: start, fresh database, pipeline
	Batch   childResult // in a batch: one of the corpus loaded one by one in one process
	Poppler *procStats  // pdftotext -layout on the same file; nil if not run or it failed
}

// batchRun is the generated batch through one child process.
type batchRun struct {
	batchSetting
	Child childResult
	Proc  procStats
	// Growth is, for every run of the setting (Child is the fastest),
	// its peak RSS at the end over its peak RSS half-way (see growth).
	Growth []float64
}

// batchSetting is how the batch's child runs.
type batchSetting struct {
	Workers int
	// Cores is the child's GOMAXPROCS, the CPUs its Go code may use at
	// once; 0 leaves Go's default, every CPU, as cnbudget runs.
	Cores int
	GOGC  string // the child's GOGC when set; "" leaves ingest's own setting, as cnbudget runs
}

// defaultGOGC is Go's own garbage collector setting, which the batch is
// also measured with, one worker, to show what ingest's setting (400, see
// ingest.UseBatchGC) gains: the live heap is a few MB, so at 100 the collector
// runs very often.
const defaultGOGC = "100"

// batchRounds is how many times each batch setting runs.
const batchRounds = 2

// procStats is what the parent sees of a finished process.
type procStats struct {
	Wall, CPU time.Duration // CPU is user + system
	MaxRSS    int64         // bytes
}

func (b *bench) measure(ctx context.Context) (*results, error) {
	res := &results{Started: time.Now(), Machine: describeMachine(), Repeat: b.repeat}
	res.Machine.LoadBefore = loadavg()
	if res.Machine.Poppler == "" {
		res.Notes = append(res.Notes, "pdftotext (poppler-utils) is not installed: the ratio columns are empty.")
	}
	dirs := []struct{ name, dir string }{{"fixtures", b.fixtures}, {"real", b.real}}
	for _, d := range dirs {
		if _, err := os.Stat(d.dir); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %s is not there (%v), skipped.", d.name, d.dir, err))
			continue
		}
		files, err := supportedFiles(d.dir)
		if err != nil {
			return nil, err
		}
		c := corpus{Name: d.name}
		for _, f := range files {
			r, err := b.measureDoc(ctx, f, res.Machine.Poppler != "")
			if err != nil {
				return nil, err
			}
			c.Docs = append(c.Docs, r)
		}
		if err := b.measureInBatch(ctx, c.Docs); err != nil {
			return nil, err
		}
		res.Corpora = append(res.Corpora, c)
	}
	if b.batch > 0 {
		sources := loadedDocs(res.Corpora)
		res.BatchSources = len(sources)
		dir, err := os.MkdirTemp("", "cnbench-batch-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if err := makeBatch(dir, sources, b.batch); err != nil {
			return nil, err
		}
		runs := []batchSetting{{Workers: 1}, {Workers: 2}, {Workers: 1, Cores: 1}, {Workers: 1, GOGC: defaultGOGC}}
		res.Batch = make([]batchRun, len(runs))
		// Each setting runs batchRounds times, taking turns, and its
		// fastest run counts: the machine's load changes between runs.
		for round := range batchRounds {
			for i, run := range runs {
				r, err := b.measureBatch(ctx, dir, run)
				if err != nil {
					return nil, err
				}
				grown := append(res.Batch[i].Growth, growth(r.Child.Memory))
				if round == 0 || r.Child.Run < res.Batch[i].Child.Run {
					res.Batch[i] = r
				}
				res.Batch[i].Growth = grown
			}
		}
	}
	res.Machine.LoadAfter = loadavg()
	res.Finished = time.Now()
	return res, nil
}

// measureDoc loads one file into a fresh database in a child process, and
// runs pdftotext on it, repeat times each, taking turns so that both meet
// the same load on a shared machine; the fastest run counts, and the
// highest peak RSS.
func (b *bench) measureDoc(ctx context.Context, path string, poppler bool) (docRun, error) {
	fmt.Fprintln(b.log, "cnbench:", path)
	r := docRun{Path: path}
	var pop procStats
	popOK := poppler && strings.EqualFold(filepath.Ext(path), ".pdf")
	for i := range b.repeat {
		var c childResult
		st, err := b.child(ctx, &c, childJob{mode: "all", workers: 1}, path)
		if err != nil {
			return r, err
		}
		if i == 0 {
			r.Child, r.Proc = c, st
		}
		r.Child.Run, r.Child.RunCPU = min(r.Child.Run, c.Run), min(r.Child.RunCPU, c.RunCPU)
		r.Proc = fastest(r.Proc, st)
		if !popOK || c.Pages == 0 {
			popOK = false // poppler is compared on what cnbudget reads
			continue
		}
		st, err = runProc(ctx, io.Discard, nil, "pdftotext", "-layout", path, "-")
		if err != nil {
			popOK = false // poppler cannot read it either: no ratio
			continue
		}
		if i == 0 {
			pop = st
		}
		pop = fastest(pop, st)
	}
	if popOK {
		r.Poppler = &pop
	}
	return r, nil
}

// measureInBatch loads the documents one after another in one process, as
// ingest does, repeat times; the fastest time of each counts.
func (b *bench) measureInBatch(ctx context.Context, docs []docRun) error {
	paths := make([]string, len(docs))
	for i, d := range docs {
		paths[i] = d.Path
	}
	for i := range b.repeat {
		var each []childResult
		if _, err := b.child(ctx, &each, childJob{mode: "each", workers: 1}, paths...); err != nil {
			return err
		}
		if len(each) != len(docs) {
			return fmt.Errorf("child loaded %d documents of %d", len(each), len(docs))
		}
		for k, c := range each {
			d := &docs[k]
			if i == 0 {
				d.Batch = c
			}
			d.Batch.Run, d.Batch.RunCPU = min(d.Batch.Run, c.Run), min(d.Batch.RunCPU, c.RunCPU)
		}
	}
	return nil
}

// fastest keeps the shorter times of a and b, and the higher peak RSS.
func fastest(a, b procStats) procStats {
	return procStats{Wall: min(a.Wall, b.Wall), CPU: min(a.CPU, b.CPU), MaxRSS: max(a.MaxRSS, b.MaxRSS)}
}

// growth is the peak RSS at the last sample over the one before it (at
// 1,000 and 500 documents): the first documents warm SQLite's page cache
// and the collector's heap goal, and flat means the second half of the
// batch adds nothing like what the first did.
func growth(mem []memSample) float64 {
	if len(mem) < 2 {
		return 1
	}
	mid, last := mem[len(mem)-2], mem[len(mem)-1]
	return float64(last.HWM) / float64(max(mid.HWM, 1))
}

// measureBatch ingests the batch in dir (see makeBatch) into a new
// database as set.
func (b *bench) measureBatch(ctx context.Context, dir string, set batchSetting) (batchRun, error) {
	fmt.Fprintf(b.log, "cnbench: batch of %d documents, %s\n", b.batch, set)
	var c childResult
	st, err := b.child(ctx, &c, childJob{mode: "all", workers: set.Workers, cores: set.Cores, gogc: set.GOGC}, dir)
	if err != nil {
		return batchRun{}, err
	}
	return batchRun{batchSetting: set, Child: c, Proc: st}, nil
}

// plural is "1 worker", "2 workers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// String names the setting as the batch table's first column does.
func (s batchSetting) String() string {
	out := plural(s.Workers, "worker")
	if s.Cores > 0 {
		out += ", " + plural(s.Cores, "core")
	}
	if s.GOGC != "" {
		out += ", GOGC=" + s.GOGC
	}
	return out
}

// profile writes a CPU profile of one worker ingesting the batch.
func (b *bench) profile(ctx context.Context) error {
	files, err := supportedFiles(b.real)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "cnbench-profile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := makeBatch(dir, files, max(b.batch, len(files))); err != nil {
		return err
	}
	profile, err := filepath.Abs(b.cpuprofile)
	if err != nil {
		return err
	}
	var c childResult
	st, err := b.child(ctx, &c, childJob{mode: "all", workers: 1, profile: profile}, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.log, "cnbench: profiled %d documents (%d pages) in %v (cpu %v); go tool pprof -top %s\n",
		c.Docs, c.Pages, st.Wall.Round(time.Millisecond), st.CPU.Round(time.Millisecond), b.cpuprofile)
	return nil
}

// childJob says how to run a child: its mode, workers, where to write a
// CPU profile ("" for none), the GOMAXPROCS (0 to inherit) and the GOGC to
// set ("" to inherit).
type childJob struct {
	mode    string
	workers int
	profile string
	cores   int
	gogc    string
}

// child runs this program as a child over paths into a new database in a
// temporary folder, which is removed afterwards, and decodes what it
// prints into out.
func (b *bench) child(ctx context.Context, out any, job childJob, paths ...string) (procStats, error) {
	dir, err := os.MkdirTemp("", "cnbench-db-")
	if err != nil {
		return procStats{}, err
	}
	defer os.RemoveAll(dir)
	profile := cmp.Or(job.profile, "-")
	args := append([]string{childCommand, filepath.Join(dir, "bench.db"), job.mode, strconv.Itoa(job.workers), profile}, paths...)
	var env []string
	if job.gogc != "" {
		env = append(env, "GOGC="+job.gogc)
	}
	if job.cores > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(job.cores))
	}
	if env != nil {
		env = append(os.Environ(), env...)
	}
	var stdout bytes.Buffer
	st, err := runProc(ctx, &stdout, env, b.self, args...)
	if err != nil {
		return procStats{}, err
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		return procStats{}, fmt.Errorf("child over %s: reading its result: %w", paths[0], err)
	}
	return st, nil
}

// runProc runs a program to completion, with env (nil: this process's),
// and returns its wall time, CPU time and peak RSS as the kernel accounts
// them.
func runProc(ctx context.Context, stdout io.Writer, env []string, name string, args ...string) (procStats, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	cmd.Stdout = stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return procStats{}, fmt.Errorf("%s %s: %w: %s", filepath.Base(name), strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	st := procStats{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		st.MaxRSS = ru.Maxrss << 10 // Linux reports kilobytes
	}
	return st, nil
}

// supportedFiles lists the files under dir that cnbudget reads, in name
// order, as ingest would find them.
func supportedFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && extract.Supported(path) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	return files, nil
}

// loadedDocs is every measured document that loaded (ok or partial): the
// batch copies those, not the broken fixtures.
func loadedDocs(corpora []corpus) []string {
	var out []string
	for _, c := range corpora {
		for _, d := range c.Docs {
			if d.Child.Failed == 0 && d.Child.Status != store.StatusFailed {
				out = append(out, d.Path)
			}
		}
	}
	return out
}

// makeBatch writes n files into dir, cycling through sources, each copy
// made different by vary so that the pipeline really reads every one.
func makeBatch(dir string, sources []string, n int) error {
	if len(sources) == 0 {
		return fmt.Errorf("no documents loaded, so there is nothing to copy into a batch")
	}
	data := make([][]byte, len(sources))
	for i, s := range sources {
		d, err := os.ReadFile(s)
		if err != nil {
			return err
		}
		data[i] = d
	}
	for i := range n {
		k := i % len(sources)
		name := filepath.Join(dir, fmt.Sprintf("%04d-%s", i, filepath.Base(sources[k])))
		if err := os.WriteFile(name, vary(data[k], i), 0o644); err != nil {
			return fmt.Errorf("batch: %w", err)
		}
	}
	return nil
}

// vary returns a copy of a report file with a comment naming copy i, where
// the file's reader ignores it: in a PDF just before the last startxref
// (the PDF reader wants %%EOF at the very end, and the offsets it reads all
// point before that line), elsewhere at the end (a DOCX is a zip, whose
// reader finds its directory with trailing bytes after it).
func vary(data []byte, i int) []byte {
	comment := fmt.Appendf(nil, "%% cnbench copy %d\n", i)
	at := len(data)
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		if k := bytes.LastIndex(data, []byte("startxref")); k >= 0 {
			at = k
		}
	}
	return slices.Concat(data[:at], comment, data[at:])
}

func describeMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		// pdftotext -v prints its version on stderr and exits 0 or 99.
		out, _ := exec.Command("pdftotext", "-v").CombinedOutput()
		first, _, _ := strings.Cut(string(out), "\n")
		m.Poppler = strings.TrimSpace(first)
		if m.Poppler == "" {
			m.Poppler = "pdftotext (version unknown)"
		}
	}
	return m
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

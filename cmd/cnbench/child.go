package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/cnbudget/cnbudget/ingest"
	"github.com/cnbudget/cnbudget/store"
)

// childCommand is the hidden first argument that makes cnbench a child:
//
//	cnbench child DB MODE WORKERS CPUPROFILE PATH...
//
// opens the new database DB and runs ingest.Pipeline into it. MODE "all"
// runs one pipeline over PATH... and prints a childResult as JSON on
// stdout; "each" runs a one-worker pipeline over each PATH in turn, in the
// same process as a batch would, and prints one childResult per PATH.
// CPUPROFILE is "-" for none.
const childCommand = "child"

// childResult is what a child measured inside itself; the parent adds what
// only it can see (wall time of the process, CPU time, peak RSS).
type childResult struct {
	Docs, Failed         int
	Pages, Tables, Facts int
	Status               string        // of the last document, for single-document runs
	Run                  time.Duration // Pipeline.Run alone: no process start, no migrations
	RunCPU               time.Duration // CPU time (user + system, all threads) during Run
	Writing              time.Duration // the single writer's time in store.Load (ingest.Summary.Writing)
	Memory               []memSample   // at 100, 500 and 1000 documents and at the end
}

// memSample is the child's memory after some documents were loaded, and
// when: a batch that slowed down as it grew would show here too.
type memSample struct {
	Docs int
	At   time.Duration // since the run started
	HWM  int64         // peak resident set so far (VmHWM), bytes
	RSS  int64         // resident set now (VmRSS), bytes
}

func runChild(ctx context.Context, args []string) error {
	if len(args) < 5 {
		return fmt.Errorf("child: want DB MODE WORKERS CPUPROFILE PATH..., got %q", args)
	}
	dbPath, mode, profile, paths := args[0], args[1], args[3], args[4:]
	workers, err := strconv.Atoi(args[2])
	if err != nil {
		return fmt.Errorf("child: workers: %w", err)
	}
	ingest.UseBatchGC()
	db, err := store.Open(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	if profile != "-" {
		f, err := os.Create(profile)
		if err != nil {
			return fmt.Errorf("child: cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("child: cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}

	switch mode {
	case "all":
		res, err := ingestTimed(ctx, db, workers, paths)
		if err != nil {
			return err
		}
		return json.NewEncoder(os.Stdout).Encode(res)
	case "each":
		var all []childResult
		for _, path := range paths {
			res, err := ingestTimed(ctx, db, 1, []string{path})
			if err != nil {
				return err
			}
			all = append(all, res)
		}
		return json.NewEncoder(os.Stdout).Encode(all)
	}
	return fmt.Errorf("child: unknown mode %q", mode)
}

// ingestTimed runs one pipeline over paths and measures it.
func ingestTimed(ctx context.Context, db *store.DB, workers int, paths []string) (childResult, error) {
	var res childResult
	var start time.Time
	p := ingest.Pipeline{DB: db, Workers: workers, Progress: func(f ingest.File) {
		res.Docs++
		if f.Err != nil {
			res.Failed++
		}
		res.Pages += f.Pages
		res.Tables += f.Tables
		res.Facts += f.Facts
		res.Status = f.Status
		switch res.Docs {
		case 100, 500, 1000:
			res.Memory = append(res.Memory, readMemory(res.Docs, time.Since(start)))
		}
	}}
	cpu0 := cpuTime()
	start = time.Now()
	sum, err := p.Run(ctx, paths)
	if err != nil {
		return res, err
	}
	res.Run = time.Since(start)
	res.Writing = sum.Writing
	res.RunCPU = cpuTime() - cpu0
	if n := len(res.Memory); n == 0 || res.Memory[n-1].Docs != res.Docs {
		res.Memory = append(res.Memory, readMemory(res.Docs, res.Run))
	}
	return res, nil
}

// cpuTime is the CPU time this process has used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readMemory reads this process's peak and current resident set from
// /proc/self/status (Linux); the fields stay 0 where it cannot.
func readMemory(docs int, at time.Duration) memSample {
	m := memSample{Docs: docs, At: at}
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, value, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok {
			continue
		}
		var kb int64
		fmt.Sscanf(string(bytes.TrimSpace(value)), "%d kB", &kb)
		switch string(name) {
		case "VmHWM":
			m.HWM = kb << 10
		case "VmRSS":
			m.RSS = kb << 10
		}
	}
	return m
}

package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The targets of issue 5, checked at the end of the report.
const (
	maxRatio      = 1.0       // median per-page time against pdftotext
	maxRSS        = 200 << 20 // peak RSS of any single real report
	maxGrowth     = 1.25      // batch peak RSS at the end against half-way
	minSpeedup    = 1.7       // two workers against one, on two cores
	maxWriterBusy = 0.8       // share of the batch's time the writer may spend loading
	mib           = 1 << 20
	dateFormat    = "2006-01-02 15:04 MST"
	dashForNone   = "–"
)

// render writes the results as Markdown: the file docs/bench.md and what
// make bench prints.
func render(r *results) string {
	var b strings.Builder
	m := r.Machine
	poppler := m.Poppler
	if poppler == "" {
		poppler = "not installed"
	}
	fmt.Fprintf(&b, "# cnbudget benchmark\n\n")
	fmt.Fprintf(&b, "Written by `make bench` (`cmd/cnbench`) on %s, in %s. Machine: %d CPUs (%s), %s, poppler %s.\n\n",
		r.Started.UTC().Format(dateFormat), r.Finished.Sub(r.Started).Round(time.Second), m.CPUs, m.CPUModel, m.Go, poppler)
	fmt.Fprintf(&b, "The machine was shared with other work while this ran (load average %s at the start, %s at the end), "+
		"so times are noisy: each measurement ran %d times and the fastest run counts. CPU time (user + system) is steadier than wall time "+
		"under such load, so the ratios are given for both.\n\n", m.LoadBefore, m.LoadAfter, r.Repeat)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "- %s\n", n)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}

	b.WriteString("## Whole pipeline against pdftotext\n\n")
	b.WriteString("Each document is loaded (extract, normalize, store in one SQLite transaction, as `cnbudget ingest` does) " +
		"in two settings. *In a batch*: the corpus one document after another in one process, one worker, as `ingest` over a " +
		"folder runs; the time is `ingest.Pipeline.Run` for that document. *Alone*: a new process for the document, with a new " +
		"database; the time is again `Pipeline.Run`, now paying for everything a process does first (the dictionary, warming " +
		"the heap), and *process* is that whole child, start and migrations included. Peak RSS is the alone process's. " +
		"`pdftotext -layout FILE -` runs once beside each alone run. A ratio is cnbudget's time over pdftotext's on the same " +
		"PDF; both read the same pages, so it is also the ratio per page. Below 1.0 cnbudget is faster.\n\n")
	b.WriteString("| corpus | documents | pages | facts | time in a batch | documents/s | pages/s | facts/s | peak RSS alone (largest) |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, c := range r.Corpora {
		s := summarize(c)
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %.2f s | %.1f | %.1f | %.0f | %s |\n",
			c.Name, len(c.Docs), s.pages, s.facts, s.run.Seconds(), per(len(c.Docs), s.run), per(s.pages, s.run), per(s.facts, s.run), mb(s.maxRSS))
	}
	b.WriteString("\n| corpus | PDFs | in a batch, wall: median | worst | CPU: median | worst | alone, wall: median | worst | CPU: median | worst | process alone, wall: median |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, c := range r.Corpora {
		s := summarize(c)
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c.Name, len(s.batchWall.all),
			ratio(s.batchWall.median), worst(s.batchWall), ratio(s.batchCPU.median), worst(s.batchCPU),
			ratio(s.aloneWall.median), worst(s.aloneWall), ratio(s.aloneCPU.median), worst(s.aloneCPU), ratio(s.process.median))
	}
	b.WriteString("\n")

	for _, c := range r.Corpora {
		fmt.Fprintf(&b, "### %s\n\n", c.Name)
		b.WriteString("Times in ms; ratios wall / CPU.\n\n")
		b.WriteString("| document | status | pages | facts | in a batch | CPU | alone | CPU | process | peak RSS | " +
			"pdftotext | CPU | ratio in a batch | ratio alone |\n")
		b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, d := range c.Docs {
			pw, pc, rb, ra := dashForNone, dashForNone, dashForNone, dashForNone
			if p := d.Poppler; p != nil {
				pw, pc = ms(p.Wall), ms(p.CPU)
				rb = ratio(div(d.Batch.Run, p.Wall)) + " / " + ratio(div(d.Batch.RunCPU, p.CPU))
				ra = ratio(div(d.Child.Run, p.Wall)) + " / " + ratio(div(d.Child.RunCPU, p.CPU))
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				filepath.Base(d.Path), d.Child.Status, d.Child.Pages, d.Child.Facts, ms(d.Batch.Run), ms(d.Batch.RunCPU),
				ms(d.Child.Run), ms(d.Child.RunCPU), ms(d.Proc.Wall), mb(d.Proc.MaxRSS), pw, pc, rb, ra)
		}
		b.WriteString("\n")
	}

	if len(r.Batch) > 0 {
		renderBatch(&b, r)
	}
	renderTargets(&b, r)
	return b.String()
}

func renderBatch(b *strings.Builder, r *results) {
	n := r.Batch[0].Child.Docs
	fmt.Fprintf(b, "## Batch of %d documents\n\n", n)
	fmt.Fprintf(b, "Copies of the %d documents above that loaded, cycled, each with a comment of its own so that every copy has "+
		"its own SHA-256 and is really read, in a temporary folder, ingested by `ingest.Pipeline` into a fresh database by one "+
		"child process; each setting ran %d times, taking turns, and its fastest run is shown. *CPU use* is (user + system) / wall: "+
		"2.0 means both cores busy all the time. *Writer busy* is the share of the run the single writer spent in `store.Load` "+
		"(`ingest.Summary.Writing`), and its time per document: near 100%%, the writer is what limits the run. Peak RSS is the child's "+
		"VmHWM after that many documents: flat means memory does not grow with the batch; documents/s is for each stretch "+
		"of the batch up to those points. *1 core* runs the child with GOMAXPROCS=1: the worker, the writer and the garbage "+
		"collector take turns on one CPU, so the two-worker row against it is the speed-up from one core to two. The last row is "+
		"the first again with the garbage collector at Go's default, GOGC=%s, instead of ingest's 400: what that setting gains.\n\n",
		r.BatchSources, batchRounds, defaultGOGC)
	var parts []string
	for _, s := range r.Batch[0].Child.Memory {
		parts = append(parts, strconv.Itoa(s.Docs))
	}
	at := strings.Join(parts, " / ")
	fmt.Fprintf(b, "| setting | documents | failed | pages | facts | time | documents/s | pages/s | speed-up | CPU use | writer busy | "+
		"documents/s up to %s | peak RSS at %s |\n", at, at)
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	base := r.Batch[0]
	for _, x := range r.Batch {
		var rss, rate []string
		var prev memSample
		for _, s := range x.Child.Memory {
			rss = append(rss, mb(s.HWM))
			rate = append(rate, fmt.Sprintf("%.1f", per(s.Docs-prev.Docs, s.At-prev.At)))
			prev = s
		}
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d | %s | %.1f | %.1f | %.2f | %.2f | %.0f%% (%s ms/doc) | %s | %s |\n",
			x.batchSetting, x.Child.Docs, x.Child.Failed, x.Child.Pages, x.Child.Facts, x.Proc.Wall.Round(time.Millisecond),
			per(x.Child.Docs, x.Child.Run), per(x.Child.Pages, x.Child.Run), div(base.Child.Run, x.Child.Run),
			div(x.Proc.CPU, x.Proc.Wall), 100*div(x.Child.Writing, x.Child.Run), ms(x.Child.Writing/time.Duration(max(x.Child.Docs, 1))),
			strings.Join(rate, " / "), strings.Join(rss, " / "))
	}
	b.WriteString("\n")
}

func renderTargets(b *strings.Builder, r *results) {
	b.WriteString("## Targets\n\n")
	check := func(ok bool, format string, args ...any) {
		mark := "met"
		if !ok {
			mark = "**not met**"
		}
		fmt.Fprintf(b, "- %s: %s\n", fmt.Sprintf(format, args...), mark)
	}
	if !slices.ContainsFunc(r.Corpora, func(c corpus) bool { return c.Name == "real" }) {
		b.WriteString("- the real reports were not there: the targets on them are not checked\n")
	}
	for _, c := range r.Corpora {
		if c.Name != "real" {
			continue
		}
		s := summarize(c)
		if len(s.batchWall.all) > 0 {
			check(s.batchWall.median <= maxRatio && s.batchCPU.median <= maxRatio,
				"median time per page against `pdftotext -layout` ≤ %.1f on the real PDFs, in a batch: %.2f wall, %.2f CPU "+
					"(alone, each in a new process: %.2f wall, %.2f CPU)",
				maxRatio, s.batchWall.median, s.batchCPU.median, s.aloneWall.median, s.aloneCPU.median)
		}
		check(s.maxRSS < maxRSS, "peak RSS < %d MB on every real report: largest %s", maxRSS/mib, mb(s.maxRSS))
	}
	if len(r.Batch) >= 2 {
		for _, x := range r.Batch[:2] {
			// A peak RSS is the worst moment of a run: with two workers,
			// two large reports read at once just before a collection.
			// Such a moment comes at random; memory that grows with the
			// documents grows in every run, so the least growth counts.
			mem := x.Child.Memory
			mid, last := mem[max(len(mem)-2, 0)], mem[len(mem)-1]
			var each []string
			for _, g := range x.Growth {
				each = append(each, fmt.Sprintf("%.2f", g))
			}
			check(slices.Min(x.Growth) <= maxGrowth, "peak RSS flat over the batch with %s (at %d documents ≤ %.2f × at %d, after the warm-up, "+
				"in at least one of the %d runs): %s in the runs; in the fastest, %s → %s",
				plural(x.Workers, "worker"), last.Docs, maxGrowth, mid.Docs, len(x.Growth), strings.Join(each, ", "), mb(mid.HWM), mb(last.HWM))
		}
		two := r.Batch[1].Child
		busy := div(two.Writing, two.Run)
		check(busy < maxWriterBusy, "the single writer is not the bottleneck with 2 workers (busy < %.0f%%): %.0f%%", 100*maxWriterBusy, 100*busy)
		one := r.Batch[0]
		speedup := div(one.Child.Run, two.Run)
		// With one worker the worker and the writer already run side by
		// side (and the collector beside them), so on this machine's CPUs
		// a second worker can add at most what is left idle.
		bound := float64(r.Machine.CPUs) / div(one.Proc.CPU, one.Proc.Wall)
		check(speedup >= minSpeedup, "near-linear speed-up from 1 to 2 workers (≥ %.1f): %.2f; with one worker the process "+
			"already keeps %.2f of the %d CPUs busy, so two can gain at most %.2f×", minSpeedup, speedup,
			div(one.Proc.CPU, one.Proc.Wall), r.Machine.CPUs, bound)
		if i := slices.IndexFunc(r.Batch, func(x batchRun) bool { return x.Cores == 1 }); i >= 0 {
			core := r.Batch[i].Child
			check(div(core.Run, two.Run) >= minSpeedup, "near-linear speed-up from one core to two (1 worker on 1 core against 2 workers "+
				"on %d, ≥ %.1f): %.2f", r.Machine.CPUs, minSpeedup, div(core.Run, two.Run))
		}
	}
}

// stats is the ratios of one corpus: every PDF that pdftotext also read.
type stats struct {
	all    []float64
	median float64
}

type corpusSummary struct {
	pages, facts        int
	run                 time.Duration // in a batch
	maxRSS              int64         // alone
	batchWall, batchCPU stats         // against pdftotext
	aloneWall, aloneCPU stats
	process             stats // the whole alone process, wall
}

func summarize(c corpus) corpusSummary {
	var s corpusSummary
	for _, d := range c.Docs {
		s.pages += d.Child.Pages
		s.facts += d.Child.Facts
		s.run += d.Batch.Run
		s.maxRSS = max(s.maxRSS, d.Proc.MaxRSS)
		if p := d.Poppler; p != nil {
			s.batchWall.all = append(s.batchWall.all, div(d.Batch.Run, p.Wall))
			s.batchCPU.all = append(s.batchCPU.all, div(d.Batch.RunCPU, p.CPU))
			s.aloneWall.all = append(s.aloneWall.all, div(d.Child.Run, p.Wall))
			s.aloneCPU.all = append(s.aloneCPU.all, div(d.Child.RunCPU, p.CPU))
			s.process.all = append(s.process.all, div(d.Proc.Wall, p.Wall))
		}
	}
	for _, x := range []*stats{&s.batchWall, &s.batchCPU, &s.aloneWall, &s.aloneCPU, &s.process} {
		x.median = median(x.all)
	}
	return s
}

// median of xs (the mean of the middle two when even); 0 when empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

func worst(s stats) string {
	if len(s.all) == 0 {
		return dashForNone
	}
	return ratio(slices.Max(s.all))
}

func ratio(x float64) string {
	if x == 0 {
		return dashForNone
	}
	return fmt.Sprintf("%.2f", x)
}

func div(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func per(n int, d time.Duration) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond)) }

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/mib) }

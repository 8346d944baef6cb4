package ingest

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Meter shows a person how far a run has got: files done of the total,
// files and pages read per second, failures so far and the time left. On
// a terminal it keeps one line that it redraws in place; elsewhere (a log
// file, a scheduled job) it writes a plain line every interval, so a long
// batch shows it is moving without repeating the per-file output.
//
// Meter is safe for use by the writer's callback and its own clock at once.
// A nil *Meter shows nothing, so a caller without a display need not check.
type Meter struct {
	w     io.Writer
	tty   bool
	every time.Duration

	mu                         sync.Mutex
	start                      time.Time
	total, done, failed, pages int
	shown                      bool // a terminal line is on screen
	stop                       chan struct{}
	stopped                    sync.WaitGroup
}

// NewMeter returns a Meter writing to w, which is a terminal when tty is
// set. every is how often the line is written when w is not a terminal;
// a terminal line is redrawn each second and after each file.
func NewMeter(w io.Writer, tty bool, every time.Duration) *Meter {
	return &Meter{w: w, tty: tty, every: every}
}

// Start begins measuring a run of total files.
func (m *Meter) Start(total int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.start, m.total = time.Now(), total
	m.stop = make(chan struct{})
	m.mu.Unlock()
	tick := m.every
	if m.tty {
		tick = time.Second
	}
	m.stopped.Add(1)
	go func() {
		defer m.stopped.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				m.mu.Lock()
				m.show()
				m.mu.Unlock()
			case <-m.stop:
				return
			}
		}
	}()
}

// Done counts one finished file and runs write, which prints the file's
// own lines to the same screen, with the progress line out of its way.
// write may be nil.
func (m *Meter) Done(f File, write func()) {
	if m == nil {
		if write != nil {
			write()
		}
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done++
	m.pages += f.Pages
	if f.Err != nil {
		m.failed++
	}
	if write != nil {
		m.clear()
		write()
	}
	if m.tty {
		m.show()
	}
}

// Stop ends the display and writes the final line: files done, time taken
// and pages per second.
func (m *Meter) Stop(sum Summary) {
	if m == nil {
		return
	}
	close(m.stop)
	m.stopped.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.clear()
	rate := perSecond(sum.Pages, sum.Elapsed)
	fmt.Fprintf(m.w, "ingest: %d of %d files in %s, %.1f pages/s, %d failed\n",
		sum.Done(), m.total, sum.Elapsed.Round(time.Millisecond), rate, sum.Failed)
}

// show writes the progress line: in place on a terminal, as a new line
// elsewhere. The caller holds m.mu.
func (m *Meter) show() {
	line := m.line(time.Since(m.start))
	if m.tty {
		fmt.Fprintf(m.w, "\r%s\x1b[K", line)
		m.shown = true
		return
	}
	fmt.Fprintln(m.w, line)
}

// clear removes the terminal line. The caller holds m.mu.
func (m *Meter) clear() {
	if m.shown {
		fmt.Fprint(m.w, "\r\x1b[K")
		m.shown = false
	}
}

// line is the progress after elapsed time. The time left assumes the
// remaining files take as long on average as the finished ones.
func (m *Meter) line(elapsed time.Duration) string {
	eta := "ETA -"
	if m.done > 0 {
		left := time.Duration(float64(elapsed) / float64(m.done) * float64(m.total-m.done))
		eta = "ETA " + left.Round(time.Second).String()
	}
	return fmt.Sprintf("ingest: %d/%d files, %.1f files/s, %.1f pages/s, %d failed, %s",
		m.done, m.total, perSecond(m.done, elapsed), perSecond(m.pages, elapsed), m.failed, eta)
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

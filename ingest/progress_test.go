package ingest

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer the meter's clock and the test can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestMeterLine(t *testing.T) {
	m := NewMeter(nil, false, time.Second)
	m.total = 10
	if got, want := m.line(time.Second), "ingest: 0/10 files, 0.0 files/s, 0.0 pages/s, 0 failed, ETA -"; got != want {
		t.Errorf("before any file: %q, want %q", got, want)
	}
	m.done, m.pages, m.failed = 4, 40, 1
	if got, want := m.line(8*time.Second), "ingest: 4/10 files, 0.5 files/s, 5.0 pages/s, 1 failed, ETA 12s"; got != want {
		t.Errorf("4 files in 8s: %q, want %q", got, want)
	}
}

// TestMeterTerminal checks that on a terminal the progress line is
// cleared before a file's own output and drawn again after it, so the two
// never mix on one line.
func TestMeterTerminal(t *testing.T) {
	var out syncBuffer
	m := NewMeter(&out, true, time.Hour)
	m.Start(2)
	m.Done(File{Path: "a.pdf", Pages: 3}, func() { out.Write([]byte("ok a.pdf\n")) })
	m.Done(File{Path: "b.pdf", Err: errors.New("b.pdf: broken")}, func() { out.Write([]byte("failed b.pdf\n")) })
	m.Stop(Summary{Files: 2, Failed: 1, Pages: 3, Elapsed: 1500 * time.Millisecond})
	got := out.String()

	clear := "\r\x1b[K"
	before, after, ok := strings.Cut(got, "ok a.pdf\n")
	if !ok {
		t.Fatalf("the file's line is missing: %q", got)
	}
	// Nothing is on screen before the first file: the ticker has not
	// drawn a line yet, and no clearing is written for a line not shown.
	if before != "" {
		t.Errorf("output before the first file's line: %q", before)
	}
	if !strings.HasPrefix(after, "\ringest: 1/2 files,") {
		t.Errorf("progress not drawn again after the file's line: %q", after)
	}
	// The line drawn after a.pdf is on screen when b.pdf's line comes.
	shown, _, ok := strings.Cut(after, "failed b.pdf\n")
	if !ok || !strings.HasSuffix(shown, clear) {
		t.Errorf("progress line not cleared before the second file's line: %q", after)
	}
	if !strings.Contains(after, "\ringest: 2/2 files,") || !strings.Contains(after, " 1 failed, ") {
		t.Errorf("second file not counted: %q", after)
	}
	if want := clear + "ingest: 2 of 2 files in 1.5s, 2.0 pages/s, 1 failed\n"; !strings.HasSuffix(got, want) {
		t.Errorf("final line: %q, want it to end with %q", got, want)
	}
}

// TestMeterLog checks that elsewhere than on a terminal the progress is
// whole lines written on a clock, without terminal control characters.
func TestMeterLog(t *testing.T) {
	var out syncBuffer
	m := NewMeter(&out, false, time.Millisecond)
	m.Start(3)
	m.Done(File{Path: "a.pdf"}, nil)
	for give := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "ingest: 1/3 files,"); {
		if time.Now().After(give) {
			t.Fatalf("no progress line after 10s of 1ms intervals: %q", out.String())
		}
		time.Sleep(time.Millisecond)
	}
	m.Stop(Summary{Files: 3, NotStarted: 2})
	got := out.String()
	if strings.ContainsAny(got, "\r\x1b") {
		t.Errorf("log output has terminal controls: %q", got)
	}
	if !strings.HasSuffix(got, "\ningest: 1 of 3 files in 0s, 0.0 pages/s, 0 failed\n") {
		t.Errorf("final line missing: %q", got)
	}
}

func TestNilMeter(t *testing.T) {
	var m *Meter
	m.Start(1)
	ran := false
	m.Done(File{}, func() { ran = true })
	m.Stop(Summary{})
	if !ran {
		t.Error("a nil Meter did not run the file's output")
	}
}

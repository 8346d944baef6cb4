package pdf

import (
	"bytes"
	"testing"
)

// lastEOF reads the file back in blocks; it must find what one search over
// the whole tail finds, wherever the marker falls against the blocks.
func TestLastEOFFindsTheLastMarker(t *testing.T) {
	want := func(d []byte) int64 {
		from := max(len(d)-tailScan, 0)
		if i := bytes.LastIndex(d[from:], []byte("%%EOF")); i >= 0 {
			return int64(from + i + 5)
		}
		return 0
	}
	const size = 3 * 4096
	for _, at := range [][]int{
		nil,
		{size - 5},
		{size - 4096 - 2}, // across a block boundary
		{size - 4096 - 5, size - 4096 + 1},
		{0},
		{100, 200},
	} {
		d := bytes.Repeat([]byte{'x'}, size)
		for _, i := range at {
			copy(d[i:], "%%EOF")
		}
		if got, w := lastEOF(bytes.NewReader(d), int64(len(d))), want(d); got != w {
			t.Errorf("markers at %v: lastEOF = %d, want %d", at, got, w)
		}
	}
	// Beyond tailScan from the end a marker is not looked for.
	d := bytes.Repeat([]byte{'x'}, tailScan+10)
	copy(d, "%%EOF")
	if got := lastEOF(bytes.NewReader(d), int64(len(d))); got != 0 {
		t.Errorf("marker before the scanned tail: lastEOF = %d, want 0", got)
	}
}

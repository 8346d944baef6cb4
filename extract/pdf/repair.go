package pdf

import (
	"bytes"
	"io"
)

// Two harmless deviations make ledongthuc/pdf refuse a file that every
// viewer opens, and both occur in files downloaded from portals:
//
//   - bytes after the final %%EOF (a server or CMS appending a newline
//     block, an HTML fragment or a signature): lpdf looks for %%EOF only
//     in the last 100 bytes;
//   - a PDF 2.0 header (%PDF-2.0): lpdf accepts only 1.0 to 1.7, though
//     it reads the 2.0 syntax these reports use.
//
// repair presents such a file as lpdf expects it, without copying it.

// tailScan bounds how far from the end the last %%EOF is looked for.
const tailScan = 1 << 20

// repair returns a view of the file r of the given size that lpdf will
// open: cut after its last %%EOF and with a 1.x header.
func repair(r io.ReaderAt, size int64) (io.ReaderAt, int64) {
	if end := lastEOF(r, size); end > 0 {
		size = end
	}
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n == len(head) && bytes.HasPrefix(head, []byte("%PDF-2.")) {
		r = versionPatch{r}
	}
	return r, size
}

// lastEOF returns the offset just after the last %%EOF marker within the
// last tailScan bytes of the file, or 0 when there is none. It reads back
// from the end a block at a time: the marker is nearly always in the last
// one, and copying a whole MiB of every file cost more than reading it.
func lastEOF(r io.ReaderAt, size int64) int64 {
	const block = 4096
	marker := []byte("%%EOF")
	from := max(size-tailScan, 0)
	buf := make([]byte, block+len(marker)-1)
	for hi := size; hi > from; {
		lo := max(hi-block, from)
		// The block and the bytes after it that a marker starting in it
		// may run into; markers starting at hi or later were looked for.
		end := min(hi+int64(len(marker))-1, size)
		n, err := r.ReadAt(buf[:end-lo], lo)
		if err != nil && err != io.EOF {
			return 0
		}
		if i := bytes.LastIndex(buf[:n], marker); i >= 0 {
			return lo + int64(i) + int64(len(marker))
		}
		hi = lo
	}
	return 0
}

// versionPatch reads a file as if its header said %PDF-1.7.
type versionPatch struct{ io.ReaderAt }

func (v versionPatch) ReadAt(p []byte, off int64) (int, error) {
	n, err := v.ReaderAt.ReadAt(p, off)
	const major, minor = 5, 7 // offsets of "2" and "0" in "%PDF-2.0"
	for _, at := range []struct {
		pos int64
		b   byte
	}{{major, '1'}, {minor, '7'}} {
		if i := at.pos - off; i >= 0 && i < int64(n) {
			p[i] = at.b
		}
	}
	return n, err
}

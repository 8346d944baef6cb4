package pdf

import (
	"bytes"
	"testing"
)

// FuzzRead feeds mutated PDFs to Read: it may fail, but must not panic or
// hang. Run with: go test -fuzz FuzzRead ./extract/pdf
func FuzzRead(f *testing.F) {
	f.Add(onePage("", "<< /Font << /F1 "+identityFont+" >> >>",
		`BT /F1 10 Tf 1 0 0 1 20 50 Tm <000100020003> Tj [<0004> -1000 <0005>] TJ ET 0 0 m 10 0 l S`,
		stream("", toUnicode)))
	f.Add(onePage("/Rotate 90", "<< /XObject << /X 5 0 R >> >>", "/X Do",
		stream("/Subtype /Form /Resources << /XObject << /X 5 0 R >> >>", "/X Do 1 2 re f")))
	f.Fuzz(func(t *testing.T, data []byte) {
		Read(bytes.NewReader(data), int64(len(data)))
	})
}

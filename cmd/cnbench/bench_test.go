package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/internal/testenv"
	"github.com/cnbudget/cnbudget/normalize"
)

// The batch is only a measurement if every copy is read like the original:
// the varied bytes must change the file, not what it says.
func TestVaryKeepsReportsReadable(t *testing.T) {
	root := testenv.RepoRoot(t)
	for _, name := range []string{"haigang-2023-budget.pdf", "haigang-2023-budget.docx"} {
		data, err := os.ReadFile(filepath.Join(root, "fixtures", "reference", name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := extract.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		a, b := vary(data, 1), vary(data, 2)
		if bytes.Equal(a, b) || bytes.Equal(a, data) {
			t.Fatalf("%s: copies are not all different", name)
		}
		got, err := extract.Parse(a)
		if err != nil {
			t.Fatalf("%s copy: %v", name, err)
		}
		if got.Pages != want.Pages || !reflect.DeepEqual(got.Blocks, want.Blocks) {
			t.Errorf("%s copy reads differently from the original: %d pages, %d blocks; want %d, %d",
				name, got.Pages, len(got.Blocks), want.Pages, len(want.Blocks))
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}

// BenchmarkInterpretReal reads and interprets every real PDF (extract and
// normalize, what an ingest worker does) once per iteration, in one
// process: the quick way to compare a change, with -benchmem for the
// allocations that drive the collector. cnbench itself measures the whole
// pipeline, store included.
func BenchmarkInterpretReal(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(testenv.RealDir(b), "*.pdf"))
	if err != nil {
		b.Fatal(err)
	}
	data := make([][]byte, len(files))
	for i, f := range files {
		if data[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, d := range data {
			doc, err := extract.Parse(d)
			if err != nil {
				b.Fatalf("%s: %v", files[i], err)
			}
			if _, err := normalize.Read(doc, files[i]); err != nil {
				b.Fatalf("%s: %v", files[i], err)
			}
		}
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/internal/testenv"
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

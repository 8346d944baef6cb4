package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cnbudget/cnbudget/internal/testenv"
	"github.com/cnbudget/cnbudget/normalize"
)

// BenchmarkLoad measures the single writer of an ingest: one op is one
// document loaded into a database that grows as a batch's does, every load
// under a digest of its own so that each writes everything. The reports
// are read and prepared (as ingest's workers do) before the timer starts:
// only store.Load is measured.
func BenchmarkLoad(b *testing.B) {
	b.Run("reference", func(b *testing.B) {
		benchmarkLoad(b, readFile(b, referenceDocx(b)))
	})
	// A department and a unit budget with many rows, a final account and a
	// report with long running text, taken in turn.
	b.Run("real", func(b *testing.B) {
		dir := testenv.RealDir(b)
		var reports []*normalize.Report
		for _, name := range []string{
			"govbc__上海市普陀区人民政府万里街道办事处25年预算.pdf",
			"govbc__unit_budget.pdf",
			"govbc__上海市普陀区规划和自然资源局 2024 年度部门决算.pdf",
			"obj__江苏省人民检察院_2019年度部门预算公开.pdf",
		} {
			reports = append(reports, readFile(b, filepath.Join(dir, name)))
		}
		benchmarkLoad(b, reports...)
	})
}

func benchmarkLoad(b *testing.B, reports ...*normalize.Report) {
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	inputs := make([]Input, len(reports))
	for i, r := range reports {
		inputs[i] = Input{Format: r.Format, SizeBytes: 1, Report: r}
		inputs[i].Prepare()
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		in := inputs[i%len(inputs)]
		in.SHA256, in.SourcePath = fmt.Sprintf("bench-%d", i), fmt.Sprintf("bench-%d.%s", i, in.Format)
		if _, err := db.Load(ctx, in); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/cnbudget/cnbudget/normalize"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func amount(measure, value, unit string) normalize.Amount {
	v := decimal.RequireFromString(value)
	scale := map[string]int64{"元": 100, "千元": 100_000, "万元": 1_000_000}[unit]
	return normalize.Amount{Measure: measure, Value: v, Fen: v.Mul(decimal.NewFromInt(scale)).IntPart()}
}

// sample is a small report in the shape of the reference unit budget
// (秦皇岛市海港区社会保险事业所 2023, 万元), with one table of every kind the
// store must tell apart: money tables and a procurement table.
func sample() *normalize.Report {
	return &normalize.Report{
		Format: "docx", UnitCode: "323003", UnitName: "秦皇岛市海港区社会保险事业所", Year: 2023, DocKind: "budget",
		Tables: []normalize.Table{
			{
				Kind: "summary", Title: "收支总表", Page: 1, Unit: "万元",
				Measures: []string{"amount", "amount"}, Headers: []string{"预算数", "预算数"},
				Rows: []normalize.Row{
					{Page: 1, Side: "revenue", Name: "一般公共预算拨款收入", RawName: "一、一般公共预算拨款收入",
						Amounts: []normalize.Amount{amount("amount", "1438.41", "万元")}},
					{Page: 1, Side: "expenditure", Classification: "function", Code: "208", Name: "社会保障和就业支出", RawName: "八、社会保障和就业支出",
						Amounts: []normalize.Amount{amount("amount", "1438.41", "万元")}},
				},
			},
			{
				Kind: "expenditure", Title: "支出总表", Page: 3, Unit: "万元",
				Measures: []string{"total", "basic", "project"}, Headers: []string{"合计", "基本支出", "项目支出"},
				Rows: []normalize.Row{
					{Page: 3, Name: "合计", RawName: "合计", Amounts: []normalize.Amount{
						amount("total", "1438.41", "万元"), amount("basic", "1400.00", "万元"), amount("project", "38.41", "万元")}},
					{Page: 3, Classification: "function", Code: "2080109", Name: "社会保险经办机构", RawName: "  社会保险经办机构", Amounts: []normalize.Amount{
						amount("total", "1438.41", "万元"), amount("basic", "1400.00", "万元"), amount("project", "0", "万元")}},
					{Page: 3, Name: "空行", RawName: "空行"},
				},
			},
			{
				Kind: "procurement", Title: "政府采购预算表", Page: 20, Unit: "万元",
				Measures: []string{"amount"}, Headers: []string{"金额"},
				Rows: []normalize.Row{{Page: 20, Name: "办公设备", RawName: "办公设备", Amounts: []normalize.Amount{amount("amount", "3.5", "万元")}}},
			},
			{Title: "未识别的表", Page: 21, Unit: "元"},
		},
		Narrative: []normalize.Paragraph{{Page: 10, Text: "一、部门职责"}, {Page: 10, Text: "二、机构设置"}},
		Checks: []normalize.Check{
			{TableKind: "expenditure", Rule: "column_sum", Subject: "合计", Measure: "total", Expected: 1438410000, Found: 1438410000, Passed: true},
			{TableKind: "expenditure", Rule: "parent_sum", Subject: "208", Measure: "total", Expected: 1438410000, Found: 1438400000, Rounding: true},
		},
	}
}

func count(t *testing.T, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for range 2 {
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		all, err := loadMigrations()
		if err != nil {
			t.Fatal(err)
		}
		if got := count(t, db, `SELECT count(*) FROM schema_migrations`); got != len(all) {
			t.Errorf("schema_migrations has %d rows, want %d", got, len(all))
		}
		var mode string
		if err := db.sql.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v; want wal", mode, err)
		}
		var fk int
		if err := db.sql.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
			t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
		}
		db.Close()
	}
}

func TestLoadAndFacts(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	r := sample()
	res, err := db.Load(ctx, Input{SHA256: "aa", SourcePath: "ref.docx", Format: "docx", SizeBytes: 10, Report: r})
	if err != nil {
		t.Fatal(err)
	}
	want := Result{ID: res.ID, Status: StatusOK, UnitCode: "323003", UnitName: "秦皇岛市海港区社会保险事业所",
		Year: 2023, DocKind: "budget", Tables: 4, Facts: 8, CheckFailures: 1}
	if res != want {
		t.Errorf("Load = %+v, want %+v", res, want)
	}
	// The facts view and normalize's Facts agree on which tables hold money.
	if got := count(t, db, `SELECT count(*) FROM facts`); got != len(r.Facts()) {
		t.Errorf("facts view has %d rows, Report.Facts %d", got, len(r.Facts()))
	}
	if got := count(t, db, `SELECT amount_fen FROM facts WHERE code = '2080109' AND measure = 'total' AND year = 2023`); got != 1438410000 {
		t.Errorf("2080109 total = %d fen, want 1438410000", got)
	}
	// Empty strings are NULL, never ''.
	if got := count(t, db, `SELECT count(*) FROM facts WHERE side IS NULL AND classification IS NULL AND code IS NULL`); got != 3 {
		t.Errorf("facts with NULL side, classification and code = %d, want 3 (合计 row)", got)
	}
	if got := count(t, db, `SELECT count(*) FROM report_rows WHERE side = '' OR code = '' OR classification = ''`); got != 0 {
		t.Errorf("%d rows store '' instead of NULL", got)
	}
	if got := count(t, db, `SELECT count(*) FROM report_tables WHERE kind IS NULL`); got != 1 {
		t.Errorf("unrecognized tables = %d, want 1", got)
	}

	back, err := db.Report(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	r.Checks = r.Checks[1:] // only failures are stored
	if !reflect.DeepEqual(back, r) {
		t.Errorf("Report round trip differs:\n got %+v\nwant %+v", back, r)
	}
}

func TestLoadIsIdempotent(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	in := Input{SHA256: "aa", SourcePath: "ref.docx", Format: "docx", SizeBytes: 10, Report: sample()}
	first, err := db.Load(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	rows := count(t, db, `SELECT count(*) FROM amounts`)
	in.SourcePath = "copy/ref.docx"
	again, err := db.Load(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Unchanged || again.ID != first.ID {
		t.Errorf("second Load = %+v, want unchanged document %d", again, first.ID)
	}
	first.Unchanged = true
	if again != first {
		t.Errorf("unchanged Load = %+v, want %+v", again, first)
	}
	if got := count(t, db, `SELECT count(*) FROM amounts`); got != rows {
		t.Errorf("amounts %d after reload, want %d", got, rows)
	}
	if got, ok, err := db.Loaded(ctx, "aa"); err != nil || !ok || got != first {
		t.Errorf("Loaded = %+v, %v, %v; want %+v", got, ok, err, first)
	}
}

func TestFailedIsRecordedAndRetried(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	res, err := db.Load(ctx, Input{SHA256: "bb", SourcePath: "broken.pdf", Format: "pdf", SizeBytes: 3, Err: errors.New("the file is empty")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusFailed || res.Error != "the file is empty" {
		t.Errorf("Load of a failed parse = %+v", res)
	}
	if _, ok, _ := db.Loaded(ctx, "bb"); ok {
		t.Error("Loaded reports a failed document as loaded")
	}
	retry, err := db.Load(ctx, Input{SHA256: "bb", SourcePath: "broken.pdf", Format: "pdf", SizeBytes: 3, Report: sample()})
	if err != nil {
		t.Fatal(err)
	}
	if retry.Unchanged || retry.Status != StatusOK {
		t.Errorf("retry of a failed document = %+v, want a fresh ok load", retry)
	}
	if got := count(t, db, `SELECT count(*) FROM documents`); got != 1 {
		t.Errorf("%d documents after retry, want 1", got)
	}
}

func TestRepeatedMeasureMakesPartial(t *testing.T) {
	db := openTest(t)
	r := sample()
	row := &r.Tables[1].Rows[0]
	row.Amounts = append(row.Amounts, amount("total", "9.99", "万元"))
	res, err := db.Load(context.Background(), Input{SHA256: "cc", SourcePath: "dup.docx", Format: "docx", Report: r})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusPartial || !strings.Contains(res.Error, "share a measure") {
		t.Errorf("Load of a report with a repeated measure = %+v, want partial", res)
	}
	if got := count(t, db, `SELECT amount_fen FROM facts WHERE name = '合计' AND measure = 'total'`); got != 1438410000 {
		t.Errorf("合计 total = %d, want the first amount 1438410000", got)
	}
	if len(row.Amounts) != 4 || len(r.Warnings) != 0 {
		t.Error("Load changed the caller's report")
	}
}

func TestWarningsMakePartial(t *testing.T) {
	db := openTest(t)
	r := sample()
	r.Warnings = []string{"table 4: unknown header 其他", "page 9: font without ToUnicode"}
	res, err := db.Load(context.Background(), Input{SHA256: "dd", SourcePath: "w.pdf", Format: "pdf", Report: r})
	if err != nil {
		t.Fatal(err)
	}
	want := "2 warning(s): table 4: unknown header 其他; page 9: font without ToUnicode"
	if res.Status != StatusPartial || res.Error != want {
		t.Errorf("Load = %s %q, want partial %q", res.Status, res.Error, want)
	}
	if got := count(t, db, `SELECT count(*) FROM warnings`); got != 2 {
		t.Errorf("%d warnings stored, want 2", got)
	}
}

func TestReplaceChecks(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	res, err := db.Load(ctx, Input{SHA256: "ee", SourcePath: "c.docx", Format: "docx", Report: sample()})
	if err != nil {
		t.Fatal(err)
	}
	fail := normalize.Check{TableKind: "summary", Rule: "balance", Subject: "总计", Expected: 100, Found: 90}
	if err := db.ReplaceChecks(ctx, res.ID, []normalize.Check{fail, {Rule: "total_sum", Passed: true}}); err != nil {
		t.Fatal(err)
	}
	back, err := db.Report(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Checks, []normalize.Check{fail}) {
		t.Errorf("checks after replace = %+v, want only %+v", back.Checks, fail)
	}
	if got := count(t, db, `SELECT difference_fen FROM check_failures`); got != -10 {
		t.Errorf("difference_fen = %d, want -10 (found - expected)", got)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for _, stmt := range []string{`DELETE FROM documents`, `CREATE TABLE x (a)`} {
		if _, _, err := ro.Query(context.Background(), stmt); !errors.Is(err, ErrWrite) {
			t.Errorf("%s through a read-only database: %v, want ErrWrite", stmt, err)
		}
	}
	attached := filepath.Join(t.TempDir(), "other.db")
	if _, _, err := ro.Query(context.Background(), `ATTACH '`+attached+`' AS other`); err == nil {
		t.Error("ATTACH through a read-only database succeeded")
	}
	if _, err := os.Stat(attached); err == nil {
		t.Error("ATTACH created a file")
	}
	cols, rows, err := ro.Query(context.Background(), `SELECT count(*) AS n, NULL AS empty FROM documents`)
	if err != nil || len(cols) != 2 || len(rows) != 1 || rows[0][0] != int64(0) || rows[0][1] != nil {
		t.Errorf("SELECT = %v %v %v", cols, rows, err)
	}
	if _, err := OpenReadOnly(filepath.Join(t.TempDir(), "missing.db")); err == nil {
		t.Error("OpenReadOnly of a missing file succeeded")
	}
}

package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/cnbudget/cnbudget/normalize"
	"github.com/cnbudget/cnbudget/normalize/classification"
)

func TestOpenLoadsClassifications(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	dict := classification.Default()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT count(*) FROM classifications`); got != len(dict.Entries()) {
		t.Errorf("classifications has %d rows, the dictionary %d", got, len(dict.Entries()))
	}
	var name, level, parent string
	var to int
	if err := db.sql.QueryRow(`SELECT name, level, parent_code, valid_to FROM classifications
		WHERE classification = 'function' AND code = '20805' AND valid_from IS NULL`).Scan(&name, &level, &parent, &to); err != nil {
		t.Fatal(err)
	}
	if name != "行政事业单位离退休" || level != "款" || parent != "208" || to != 2020 {
		t.Errorf("20805's first name = %s %s %s until %d; want 行政事业单位离退休, a 款 under 208, until 2020", name, level, parent, to)
	}
	if got := count(t, db, `SELECT count(*) FROM classifications WHERE level = '类' AND parent_code IS NOT NULL`); got != 0 {
		t.Errorf("%d 类 rows have a parent; a 类's parent_code is NULL", got)
	}

	// An out-of-date copy (an older binary's dictionary) is replaced on Open.
	if _, err := db.sql.Exec(`UPDATE classifications_version SET version = 'old'; DELETE FROM classifications WHERE code LIKE '208%'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := count(t, db, `SELECT count(*) FROM classifications`); got != len(dict.Entries()) {
		t.Errorf("after Open over an old version, classifications has %d rows, want %d", got, len(dict.Entries()))
	}
	var version string
	if err := db.sql.QueryRow(`SELECT version FROM classifications_version`).Scan(&version); err != nil || version != dict.Version() {
		t.Errorf("version = %q, %v; want %q", version, err, dict.Version())
	}
	if got := count(t, db, `SELECT count(*) FROM classifications_version`); got != 1 {
		t.Errorf("classifications_version has %d rows, want 1", got)
	}
}

// classified_facts gives each fact the official name of its code in the
// document's year, beside the name the report prints.
func TestClassifiedFacts(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.Load(ctx, Input{SHA256: "aa", SourcePath: "ref.docx", Format: "docx", SizeBytes: 10, Report: sample()}); err != nil {
		t.Fatal(err)
	}
	old := &normalize.Report{Format: "pdf", UnitName: "江苏省委办公厅", Year: 2017, DocKind: "budget",
		Tables: []normalize.Table{{
			Kind: "expenditure", Title: "一般公共预算支出表", Page: 5, Unit: "万元",
			Columns: []normalize.Column{{Measure: "total", Header: "合计"}},
			Rows: []normalize.Row{
				{Page: 5, Classification: "function", Code: "20805", Name: "行政事业单位离退休", RawName: "行政事业单位离退休",
					Amounts: []normalize.Amount{amount("total", "12.5", "万元")}},
				{Page: 5, Classification: "function", Code: "2089998", Name: "某项支出", RawName: "某项支出",
					Amounts: []normalize.Amount{amount("total", "1", "万元")}},
			},
		}},
	}
	if _, err := db.Load(ctx, Input{SHA256: "bb", SourcePath: "js-2017.pdf", Format: "pdf", SizeBytes: 10, Report: old}); err != nil {
		t.Fatal(err)
	}
	if got, all := count(t, db, `SELECT count(*) FROM classified_facts`), count(t, db, `SELECT count(*) FROM facts`); got != all {
		t.Errorf("classified_facts has %d rows, facts %d: the join must neither drop nor repeat a fact", got, all)
	}
	for _, tc := range []struct {
		year                int
		code                string
		level, parent, name sql.NullString
	}{
		{2023, "2080109", valid("项"), valid("20801"), valid("社会保险经办机构")},
		{2023, "208", valid("类"), sql.NullString{}, valid("社会保障和就业支出")},
		{2017, "20805", valid("款"), valid("208"), valid("行政事业单位离退休")},
		{2017, "2089998", sql.NullString{}, sql.NullString{}, sql.NullString{}}, // a code the dictionary lacks
	} {
		var level, parent, name sql.NullString
		if err := db.sql.QueryRow(`SELECT DISTINCT level, parent_code, official_name FROM classified_facts WHERE year = ? AND code = ?`,
			tc.year, tc.code).Scan(&level, &parent, &name); err != nil {
			t.Fatalf("%d %s: %v", tc.year, tc.code, err)
		}
		if level != tc.level || parent != tc.parent || name != tc.name {
			t.Errorf("%d %s: level %v, parent %v, official name %v; want %v %v %v", tc.year, tc.code, level, parent, name, tc.level, tc.parent, tc.name)
		}
	}
}

func valid(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }

package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestIndexTerms(t *testing.T) {
	for in, want := range map[string]string{
		"2080109 社会保险经办机构":  "2080109 社 会 保 险 经 办 机 构",
		"“三公”经费支出表":         "三 公 经 费 支 出 表",
		"预算年度：２０２３ 单位：万元":   "预 算 年 度 2023 单 位 万 元",
		"秦财社[2022]753-提前下达": "秦 财 社 2022 753 提 前 下 达",
		"323003秦皇岛市":        "323003 秦 皇 岛 市",
		"Ｂ级 PM2.5":          "B 级 PM2 5",
		"，。、（）":             "",
	} {
		if got := indexTerms(in); got != want {
			t.Errorf("indexTerms(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchQuery(t *testing.T) {
	ps, err := patterns([]string{"保险", "2080109", "“三公”经费", "20805*"})
	want := `"保 险" "2080109" "三 公 经 费" "20805"*`
	if err != nil {
		t.Fatal(err)
	}
	if got := matchQuery(ps); got != want {
		t.Errorf("matchQuery = %q; want %q", got, want)
	}
	for _, terms := range [][]string{nil, {"保险", "——"}} {
		if ps, err := patterns(terms); err == nil {
			t.Errorf("patterns(%q) = %v, want an error", terms, ps)
		}
	}
}

// mustPatterns reads search terms a test knows to be good.
func mustPatterns(t *testing.T, terms ...string) []pattern {
	t.Helper()
	ps, err := patterns(terms)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestPassage(t *testing.T) {
	text := "按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，现将秦皇岛市海港区社会保险事业所2023年单位预算公开如下："
	got := passage(text, mustPatterns(t, "社会保险"))
	if !strings.HasPrefix(got, "…") || !strings.Contains(got, "海港区社会保险事业所2023年单位预算公开如下：") || len(got) >= len(text) {
		t.Errorf("passage = %q", got)
	}
	if got := passage("短句有保险。", mustPatterns(t, "保险")); got != "短句有保险。" {
		t.Errorf("a short paragraph is cut: %q", got)
	}
}

// TestSearchReference searches the reference report as loaded by ingest:
// two-character terms find their rows with the rows' amounts.
func TestSearchReference(t *testing.T) {
	db := openTest(t)
	loadFile(t, db, referenceDocx(t), "ref", nil)
	ctx := context.Background()
	for _, tc := range []struct {
		terms []string
		kind  string
		code  string
		name  string
		total int64
	}{
		{[]string{"保险"}, "expenditure", "2080109", "社会保险经办机构", 620560000},
		{[]string{"社会保障"}, "expenditure", "208", "社会保障和就业支出", 1365540000},
		{[]string{"公积"}, "general_budget_basic_expenditure", "30113", "住房公积金", 25960000},
		{[]string{"行政事业单位", "养老"}, "expenditure", "20805", "行政事业单位养老支出", 554980000},
		{[]string{"20801*"}, "expenditure", "2080109", "社会保险经办机构", 620560000},
	} {
		hits, _, err := db.Search(ctx, tc.terms, 0)
		if err != nil {
			t.Fatalf("%q: %v", tc.terms, err)
		}
		found := false
		for _, h := range hits {
			if h.Source == SourceRow && h.TableKind == tc.kind && h.Code == tc.code && h.Name == tc.name &&
				len(h.Amounts) > 0 && reflect.DeepEqual(h.Amounts[0], HitAmount{"total", tc.total}) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no %s row %s %s with total %d fen among %d hits", tc.terms, tc.kind, tc.code, tc.name, tc.total, len(hits))
		}
	}
	hits, total, err := db.Search(ctx, []string{"保险"}, 3)
	if err != nil || len(hits) != 3 || total <= 3 {
		t.Errorf("limit 3: %d hits of %d, %v", len(hits), total, err)
	}
	hits, _, err = db.Search(ctx, []string{"政府采购预算"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hits {
		found = found || h.Source == SourceNarrative && strings.Contains(h.Text, "安排政府采购预算95.00万元")
	}
	if !found {
		t.Errorf("no running text with 安排政府采购预算95.00万元 among %+v", hits)
	}
}

// TestSearchVersions loads the reference report twice with other bytes:
// the current version's hits come first, the older one's say what
// superseded it.
func TestSearchVersions(t *testing.T) {
	db := openTest(t)
	old := loadFile(t, db, referenceDocx(t), "old", nil)
	cur := loadFile(t, db, referenceDocx(t), "new", nil)
	hits, _, err := db.Search(context.Background(), []string{"社会保险经办机构"}, 0)
	if err != nil || len(hits) == 0 {
		t.Fatalf("%d hits, %v", len(hits), err)
	}
	if first := hits[0]; first.DocumentID != cur.ID || first.SupersededBy != 0 {
		t.Errorf("first hit from document %d superseded by %d, want the current %d", first.DocumentID, first.SupersededBy, cur.ID)
	}
	if last := hits[len(hits)-1]; last.DocumentID != old.ID || last.SupersededBy != cur.ID {
		t.Errorf("last hit from document %d superseded by %d, want %d superseded by %d", last.DocumentID, last.SupersededBy, old.ID, cur.ID)
	}
}

// TestSearchIndexFollowsDocuments checks that the index holds exactly the
// loaded documents: a deleted document leaves no entries behind, and a
// database made before the index is backfilled when opened.
func TestSearchIndexFollowsDocuments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	first := loadFile(t, db, referenceDocx(t), "one", nil)
	entries := count(t, db, `SELECT count(*) FROM search`)
	if entries == 0 {
		t.Fatal("loading indexed nothing")
	}
	second := loadFile(t, db, referenceDocx(t), "two", nil)
	if got := count(t, db, `SELECT count(*) FROM search WHERE document_id = ?`, second.ID); got != entries {
		t.Errorf("second document has %d entries, the first %d", got, entries)
	}
	if _, err := db.sql.Exec(`DELETE FROM documents WHERE id = ?`, first.ID); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT count(*) FROM search WHERE document_id = ?`, first.ID); got != 0 {
		t.Errorf("%d entries of a deleted document left", got)
	}
	// A database from before migration 0003: no search table, no trigger.
	for _, stmt := range []string{`DROP TABLE search`, `DROP TRIGGER search_document_deleted`, `DELETE FROM schema_migrations WHERE version = 3`} {
		if _, err := db.sql.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ro.Search(context.Background(), []string{"保险"}, 0); err != ErrNoIndex {
		t.Errorf("search of a database without the index: %v, want ErrNoIndex", err)
	}
	ro.Close()
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := count(t, db, `SELECT count(*) FROM search WHERE document_id = ?`, second.ID); got != entries {
		t.Errorf("backfill indexed %d entries, want %d", got, entries)
	}
	if got := count(t, db, `SELECT count(*) FROM search`); got != entries {
		t.Errorf("index holds %d entries after backfill, want %d", got, entries)
	}
}

// benchmarkDB is a database holding the reference report, for benchmarks.
func benchmarkDB(b *testing.B) (*DB, int64) {
	b.Helper()
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	path := referenceDocx(b)
	r := readFile(b, path)
	res, err := db.Load(context.Background(), Input{SHA256: "bench", SourcePath: path, Format: r.Format, SizeBytes: 1, Report: r})
	if err != nil {
		b.Fatal(err)
	}
	return db, res.ID
}

// BenchmarkIndex measures what indexing adds to loading a document: the
// reference report's titles, rows and paragraphs, indexed afresh in a
// transaction that is then rolled back.
func BenchmarkIndex(b *testing.B) {
	db, id := benchmarkDB(b)
	ctx := context.Background()
	for b.Loop() {
		tx, err := db.sql.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search WHERE rowid BETWEEN ? AND ?`, id*docRowids, id*docRowids+docRowids-1); err != nil {
			b.Fatal(err)
		}
		if err := index(ctx, tx, id); err != nil {
			b.Fatal(err)
		}
		tx.Rollback()
	}
}

// BenchmarkSearch measures a two-character search with its amounts and
// passages on the reference report.
func BenchmarkSearch(b *testing.B) {
	db, _ := benchmarkDB(b)
	ctx := context.Background()
	for b.Loop() {
		if _, _, err := db.Search(ctx, []string{"保险"}, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPreparedLoadsAsUnprepared loads the reference report prepared ahead
// (as ingest's workers do) into one database and unprepared into another:
// both hold the same rows and search entries, with refs pointing at the
// ids the writer gave, also when documents before it moved those ids on.
func TestPreparedLoadsAsUnprepared(t *testing.T) {
	ctx := context.Background()
	var dumps []string
	for _, prepare := range []bool{true, false} {
		db := openTest(t)
		for i, sha := range []string{"first", "second"} {
			r := readFile(t, referenceDocx(t))
			if i == 1 {
				r.Tables[0].Rows[0].Name += "改"
			}
			in := Input{SHA256: sha, SourcePath: sha + ".docx", Format: r.Format, SizeBytes: 1, Report: r}
			if prepare {
				if i == 1 {
					// Prepared for another report, then given this one:
					// Load must prepare it again.
					in.Report = readFile(t, referenceDocx(t))
				}
				in.Prepare()
				in.Report = r
			}
			if _, err := db.Load(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		dumps = append(dumps, dump(t, db, searchRowsQuery,
			`SELECT id, table_id, ordinal, code, name FROM report_rows ORDER BY id`,
			`SELECT row_id, measure, amount_fen FROM amounts ORDER BY row_id, measure`))
		// Every entry leads back to the row or table it was made from.
		rows, err := db.sql.Query(`SELECT s.terms, CASE s.source
			WHEN 'row' THEN (SELECT trim(coalesce(r.code, '') || ' ' || coalesce(r.name, '')) FROM report_rows r
				JOIN report_tables t ON t.id = r.table_id WHERE r.id = s.ref AND t.document_id = s.document_id)
			ELSE (SELECT title FROM report_tables t WHERE t.id = s.ref AND t.document_id = s.document_id) END
			FROM search s WHERE s.source IN ('row', 'table')`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var terms string
			var text sql.NullString
			if err := rows.Scan(&terms, &text); err != nil {
				t.Fatal(err)
			}
			if n++; indexTerms(text.String) != terms {
				t.Errorf("entry %q leads to %q", terms, text.String)
			}
		}
		rows.Close()
		if n == 0 {
			t.Error("no row or table entries")
		}
	}
	if dumps[0] != dumps[1] {
		t.Errorf("prepared and unprepared loads differ:\n%s\n---\n%s", dumps[0][:min(len(dumps[0]), 2000)], dumps[1][:min(len(dumps[1]), 2000)])
	}
	if !strings.Contains(dumps[0], "社 会 保 险") {
		t.Errorf("no search entries to compare:\n%s", dumps[0][:min(len(dumps[0]), 2000)])
	}
}

// TestSearchUpgrade0006 opens a database whose index is still the one of
// migration 0003, with entry lengths and merges of 4: migration 0006 makes
// it anew without them, merging 16 at a time, and Open indexes every
// document again.
func TestSearchUpgrade0006(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	loadFile(t, db, referenceDocx(t), "one", nil)
	entries := count(t, db, `SELECT count(*) FROM search`)
	old, err := migrations.ReadFile("migrations/0003_search.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`DROP TRIGGER search_document_deleted`, `DROP TABLE search`, string(old),
		`DELETE FROM schema_migrations WHERE version = 6`} {
		if _, err := db.sql.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	if got := count(t, db, `SELECT count(*) FROM sqlite_master WHERE name = 'search_docsize'`); got != 1 {
		t.Fatalf("the 0003 index has %d docsize tables, want 1", got)
	}
	db.Close()
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := count(t, db, `SELECT count(*) FROM sqlite_master WHERE name = 'search_docsize'`); got != 0 {
		t.Errorf("after the upgrade the index keeps entry lengths")
	}
	if got := count(t, db, `SELECT v FROM search_config WHERE k = 'automerge'`); got != 16 {
		t.Errorf("after the upgrade the index merges %d segments at a time, want 16", got)
	}
	if got := count(t, db, `SELECT count(*) FROM search`); got != entries {
		t.Errorf("after the upgrade the index holds %d entries, want %d", got, entries)
	}
	if got := count(t, db, `SELECT count(*) FROM search WHERE search MATCH '"保 险"'`); got == 0 {
		t.Error("保险 finds nothing after the upgrade")
	}
}

package store

import (
	"context"
	"testing"
)

// A new document is indexed from what its writer writes, an older one by
// reading it back (index): both must give the same entries, under the same
// rowids, or a backfilled database would search differently.
func TestIndexAtLoadMatchesBackfill(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	ref := loadFile(t, db, referenceDocx(t), "ref", nil)
	r := sample()
	r.Narrative = append(r.Narrative, r.Narrative[0]) // a repeated page header
	small, err := db.Load(ctx, Input{SHA256: "small", SourcePath: "s.docx", Format: "docx", Report: r})
	if err != nil {
		t.Fatal(err)
	}
	atLoad := dump(t, db, searchRowsQuery)
	if atLoad == "" {
		t.Fatal("loading indexed nothing")
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM search`); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{ref.ID, small.ID} {
		if err := index(ctx, tx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, db, searchRowsQuery); got != atLoad {
		t.Errorf("backfilled index differs from the one written at load:\n%v\nwant\n%v", got, atLoad)
	}
}

// Tables and rows are numbered by the writer, as SQLite would number them:
// in reading order, continuing after the largest id, also when the rows of
// a document take several statements (the reference has hundreds).
func TestWriterNumbersInReadingOrder(t *testing.T) {
	db := openTest(t)
	loadFile(t, db, referenceDocx(t), "one", nil)
	loadFile(t, db, referenceDocx(t), "two", nil)
	var bad int
	if err := db.sql.QueryRow(`SELECT count(*) FROM report_rows r
		JOIN report_tables t ON t.id = r.table_id
		JOIN report_rows p ON p.id = r.id - 1
		JOIN report_tables pt ON pt.id = p.table_id
		WHERE (pt.document_id, pt.ordinal, p.ordinal) >= (t.document_id, t.ordinal, r.ordinal)`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d rows numbered out of reading order", bad)
	}
	var rows, span int
	if err := db.sql.QueryRow(`SELECT count(*), max(id) - min(id) + 1 FROM report_rows`).Scan(&rows, &span); err != nil {
		t.Fatal(err)
	}
	if rows != span {
		t.Errorf("%d rows over ids spanning %d, want consecutive ids", rows, span)
	}
}

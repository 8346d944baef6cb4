package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/store"
)

// TestMetadata pins the metadata of the schema this cnbudget creates: every
// table, view and column has a description (stderr names any that lacks
// one), and --db reads the same schema from a database, named as Datasette
// names it.
func TestMetadata(t *testing.T) {
	r := cnbudget(t, "metadata")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	golden(t, "metadata-schema.json", r.stdout)

	var meta datasetteMeta
	if err := json.Unmarshal([]byte(r.stdout), &meta); err != nil {
		t.Fatal(err)
	}
	tables := meta.Databases["cnbudget"].Tables
	for name, label := range map[string]string{"documents": "unit_name", "units": "name", "report_tables": "title"} {
		if got := tables[name].LabelColumn; got != label {
			t.Errorf("%s label_column = %q, want %q", name, got, label)
		}
	}
	if tables["search"].SearchMode != "raw" {
		t.Error("search is not searched in raw mode, where the phrase form works")
	}

	db := referenceDB(t)
	withDB := cnbudget(t, "metadata", "--db", db)
	if withDB.code != 0 || withDB.stderr != "" {
		t.Errorf("--db: exit %d, stderr:\n%s", withDB.code, withDB.stderr)
	}
	var fromDB datasetteMeta
	if err := json.Unmarshal([]byte(withDB.stdout), &fromDB); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromDB.Databases["ref"], meta.Databases["cnbudget"]) {
		t.Error("--db describes another schema than the one cnbudget creates, or names the database otherwise than ref")
	}
}

// TestMetadataMissing describes a table and a column the descriptions do
// not know: both are listed with empty descriptions and reported.
func TestMetadataMissing(t *testing.T) {
	meta, missing := metadata("x", []store.Relation{
		{Name: "documents", Columns: []string{"id", "unit_name", "mood"}},
		{Name: "notes", View: true, Columns: []string{"document_id", "remark"}},
	})
	want := []string{"column documents.mood", "table notes", "column notes.remark"}
	if !reflect.DeepEqual(missing, want) {
		t.Errorf("missing = %q, want %q", missing, want)
	}
	tables := meta.Databases["x"].Tables
	if d, ok := tables["documents"].Columns["mood"]; !ok || d != "" {
		t.Errorf("documents.mood = %q, %v; want listed, empty", d, ok)
	}
	if tables["notes"].Description != "" || !strings.Contains(tables["notes"].Columns["document_id"], "documents.id") {
		t.Errorf("notes = %+v", tables["notes"])
	}
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/cnbudget/cnbudget/normalize"
)

// load stores sample() under digest sha after edit changes it.
func load(t *testing.T, db *DB, sha string, edit func(*normalize.Report)) Result {
	t.Helper()
	return loadReport(t, db, sample(), sha+".docx", sha, edit)
}

func unitOf(t *testing.T, db *DB, docID int64) int64 {
	t.Helper()
	var id sql.NullInt64
	if err := db.sql.QueryRow(`SELECT unit_id FROM documents WHERE id = ?`, docID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if !id.Valid {
		t.Fatalf("document %d has no unit", docID)
	}
	return id.Int64
}

func TestNameKey(t *testing.T) {
	for in, want := range map[string]string{
		"秦皇岛市海港区社会保险事业所":    "秦皇岛市海港区社会保险事业所",
		"秦皇岛市海港区 社会保险事业所":   "秦皇岛市海港区社会保险事业所",
		"上海市普陀区司法局（本级）":     "上海市普陀区司法局本级",
		"上海市普陀区司法局(本级)":     "上海市普陀区司法局本级",
		"中共江苏省委办公厅":         "中共江苏省委办公厅",
		"江苏省“三八”红旗手协会　２０２３": "江苏省三八红旗手协会2023",
		"": "",
	} {
		if got := nameKey(in); got != want {
			t.Errorf("nameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnitsAcrossNamesAndCodes(t *testing.T) {
	db := openTest(t)
	named := func(code, name string, year int) func(*normalize.Report) {
		return func(r *normalize.Report) { r.UnitCode, r.UnitName, r.Year = code, name, year }
	}
	coded := load(t, db, "a", named("323003", "秦皇岛市海港区社会保险事业所", 2023))
	spaced := load(t, db, "b", named("", "秦皇岛市海港区 社会保险事业所", 2022))
	renamed := load(t, db, "c", named("323003", "海港区社会保险事业所", 2021))
	otherCode := load(t, db, "d", named("999999", "秦皇岛市海港区社会保险事业所", 2023))
	full := load(t, db, "e", named("", "上海市普陀区司法局（本级）", 2025))
	half := load(t, db, "f", named("", "上海市普陀区司法局(本级)", 2026))
	nameOnly := load(t, db, "g", named("", "江苏省人民检察院", 2017))
	laterCode := load(t, db, "h", named("101001", "江苏省人民检察院", 2018))
	// Unit codes are local: another region's unit may print the same one.
	sameCodeElsewhere := load(t, db, "i", named("323003", "上海市普陀区司法局", 2023))

	unit := unitOf(t, db, coded.ID)
	if unitOf(t, db, spaced.ID) != unit || unitOf(t, db, renamed.ID) != unit {
		t.Error("a name printed with a space and a renamed unit with the same code should be one unit")
	}
	if unitOf(t, db, otherCode.ID) == unit {
		t.Error("the same name under another unit code should be another unit")
	}
	if unitOf(t, db, sameCodeElsewhere.ID) == unit {
		t.Error("another unit printing the same code under an unrelated name joined the unit")
	}
	if got := superseded(t, db)[coded.ID]; got != 0 {
		t.Errorf("the other unit's report superseded this unit's (by %d)", got)
	}
	if unitOf(t, db, full.ID) != unitOf(t, db, half.ID) {
		t.Error("full-width and half-width brackets should name one unit")
	}
	if unitOf(t, db, nameOnly.ID) != unitOf(t, db, laterCode.ID) {
		t.Error("a unit known by name should take the code a later document prints")
	}
	var code string
	if err := db.sql.QueryRow(`SELECT code FROM units WHERE id = ?`, unitOf(t, db, nameOnly.ID)).Scan(&code); err != nil || code != "101001" {
		t.Errorf("unit code = %q, %v; want 101001", code, err)
	}
	if got := count(t, db, `SELECT count(*) FROM units`); got != 5 {
		t.Errorf("%d units, want 5", got)
	}

	rows, err := db.sql.Query(`SELECT name, years, document_ids FROM unit_names WHERE unit_id = ? ORDER BY first_year`, unit)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var name, years, docs string
		if err := rows.Scan(&name, &years, &docs); err != nil {
			t.Fatal(err)
		}
		got = append(got, name+" "+years+" "+docs)
	}
	want := []string{
		fmt.Sprintf("海港区社会保险事业所 2021 %d", renamed.ID),
		fmt.Sprintf("秦皇岛市海港区 社会保险事业所 2022 %d", spaced.ID),
		fmt.Sprintf("秦皇岛市海港区社会保险事业所 2023 %d", coded.ID),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unit_names = %q, want %q", got, want)
	}
}

// superseded returns each document's superseded_by (0 for none), by id.
func superseded(t *testing.T, db *DB) map[int64]int64 {
	t.Helper()
	rows, err := db.sql.Query(`SELECT id, coalesce(superseded_by, 0) FROM documents`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, by int64
		if err := rows.Scan(&id, &by); err != nil {
			t.Fatal(err)
		}
		out[id] = by
	}
	return out
}

func TestRepublishedReportSupersedes(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	first := load(t, db, "v1", nil)
	second := load(t, db, "v2", nil)
	failed, err := db.Load(ctx, Input{SHA256: "v3", SourcePath: "v3.pdf", Format: "pdf", Err: errors.New("the file is empty")})
	if err != nil {
		t.Fatal(err)
	}
	textOnly := load(t, db, "v4", func(r *normalize.Report) { r.Tables, r.Checks = nil, nil })
	nextYear := load(t, db, "v5", func(r *normalize.Report) { r.Year = 2024 })
	final := load(t, db, "v6", func(r *normalize.Report) { r.DocKind = "final" })

	want := map[int64]int64{first.ID: second.ID, second.ID: 0, failed.ID: 0, textOnly.ID: 0, nextYear.ID: 0, final.ID: 0}
	if got := superseded(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("superseded_by = %v, want %v", got, want)
	}
	if got := count(t, db, `SELECT count(*) FROM current_documents WHERE id IN (?, ?)`, first.ID, failed.ID); got != 0 {
		t.Error("current_documents lists a superseded or failed document")
	}
	// The contract's facts view keeps every version.
	if got := count(t, db, `SELECT count(DISTINCT document_id) FROM facts WHERE year = 2023 AND doc_kind = 'budget'`); got != 2 {
		t.Errorf("facts has %d documents of 2023, want both versions", got)
	}

	// The same bytes again change nothing; a third version supersedes the second.
	again := load(t, db, "v1", nil)
	if !again.Unchanged || again.ID != first.ID {
		t.Errorf("reload of v1 = %+v, want unchanged %d", again, first.ID)
	}
	third := load(t, db, "v7", nil)
	want[second.ID], want[third.ID] = third.ID, 0
	if got := superseded(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("after a third version superseded_by = %v, want %v", got, want)
	}
}

// A department's report and its own office's unit report share a name,
// year and kind: two units, neither a version of the other.
func TestLevelsAreSeparateUnits(t *testing.T) {
	db := openTest(t)
	dept := load(t, db, "dept", func(r *normalize.Report) { r.UnitCode, r.Level = "", normalize.LevelDepartment })
	unit := load(t, db, "unit", func(r *normalize.Report) { r.UnitCode, r.Level = "", normalize.LevelUnit })
	if unitOf(t, db, dept.ID) == unitOf(t, db, unit.ID) {
		t.Error("the department and the unit report share a unit")
	}
	if got := superseded(t, db)[dept.ID]; got != 0 {
		t.Errorf("the department report is superseded by %d", got)
	}
	unknown := load(t, db, "unknown", func(r *normalize.Report) { r.UnitCode, r.Level = "", "" })
	// A report that does not state its level joins the first unit of its name.
	if unitOf(t, db, unknown.ID) != unitOf(t, db, dept.ID) {
		t.Error("a report without a level did not join its namesake")
	}
	var levels string
	if err := db.sql.QueryRow(`SELECT group_concat(level, ',') FROM (SELECT level FROM units ORDER BY id)`).Scan(&levels); err != nil {
		t.Fatal(err)
	}
	if levels != "department,unit" {
		t.Errorf("unit levels = %q, want department,unit", levels)
	}
}

// A database written before units existed is linked, and its versions
// marked, on the next Load.
func TestOlderDocumentsAreLinked(t *testing.T) {
	db := openTest(t)
	first := load(t, db, "old1", nil)
	second := load(t, db, "old2", nil)
	if _, err := db.sql.Exec(`UPDATE documents SET unit_id = NULL, superseded_by = NULL`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.Exec(`DELETE FROM units`); err != nil {
		t.Fatal(err)
	}
	other := load(t, db, "new", func(r *normalize.Report) { r.Year = 2024 })
	if unitOf(t, db, first.ID) != unitOf(t, db, second.ID) || unitOf(t, db, other.ID) != unitOf(t, db, first.ID) {
		t.Error("older documents were not linked to the unit of the new one")
	}
	want := map[int64]int64{first.ID: second.ID, second.ID: 0, other.ID: 0}
	if got := superseded(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("superseded_by = %v, want %v", got, want)
	}
}

// The unit's region comes from the report (its name's leading region).
func TestUnitRegionFromReport(t *testing.T) {
	db := openTest(t)
	res := loadFile(t, db, referenceDocx(t), "ref", nil)
	var level, region string
	if err := db.sql.QueryRow(`SELECT level, region FROM units WHERE id = ?`, unitOf(t, db, res.ID)).Scan(&level, &region); err != nil {
		t.Fatal(err)
	}
	if level != normalize.LevelUnit || region != "秦皇岛市海港区" {
		t.Errorf("unit level, region = %q, %q; want unit, 秦皇岛市海港区", level, region)
	}
}

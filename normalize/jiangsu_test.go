package normalize_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/normalize"
	"github.com/shopspring/decimal"
)

// realDir holds the real published reports; it is outside the repository
// (next to it in the workspace and in CI), so tests skip without it.
const realDir = "../../shared/real"

// jiangsuVolumes names, per department CSV and year, the PDF that prints
// that year's 收支预算总表 (公开01表) and the page it starts on. The CSVs
// were made with camelot by the author of ae86jack/open-budget from these
// departments' publications; every value below was checked against
// pdftotext -layout of the page named, and none of the CSVs' values is
// wrong: where cnbudget and a CSV disagree, cnbudget is at fault.
var jiangsuVolumes = []struct {
	csv  string // obj__<dept>_收支预算总表.csv
	year int
	pdf  string // "" when no file in realDir prints the table
	page int
}{
	// Narrative volume with the tables appended; the table runs over
	// pages 7–9 (社会保障和就业支出 is split between pages 7 and 8,
	// 当年收入小计 between 8 and 9, and 收入合计/支出合计 are on page 9).
	{"江苏省人大办公厅", 2017, "obj__江苏省人大办公厅2017年度预算公开.pdf", 7},
	{"江苏省人大办公厅", 2018, "obj__省人大办公厅2018预算公开.pdf", 8},
	// The 2019 narrative volume (江苏省人大常委会2019年度部门预算公开.pdf)
	// has no tables; they are in the tables-only volume.
	{"江苏省人大办公厅", 2019, "obj__江苏省人大办公厅_江苏省人大常委会办公厅2019年部门预算公开表.pdf", 1},
	{"江苏省人民检察院", 2017, "obj__2017年省检察院部门预算.pdf", 10},
	// 公开 01 表 on pages 13–14 (十八、住房保障支出 and the totals on 14).
	{"江苏省人民检察院", 2018, "obj__2018年省检察院部门预算公开.pdf", 13},
	{"江苏省人民检察院", 2019, "obj__江苏省人民检察院_2019年度部门预算公开.pdf", 14},
	// 江苏省委办公厅2017年部门预算.pdf says only "具体公开表样附后" (the
	// tables were published separately, and that volume is not in
	// realDir). Its CSV row (收入合计 20849.45, 财政拨款 20702.25,
	// 财政专户管理资金 147.2, 201 16992.37, 208 2000.39, 221 1856.69,
	// 基本支出 9964.07) agrees with the figures its narrative states on
	// pages 5–6, but there is no table to read them from.
	{"江苏省委办公厅", 2017, "", 0},
	{"江苏省委办公厅", 2018, "obj__江苏省委办公厅2018年度部门预算公开表.pdf", 3},
	{"江苏省委办公厅", 2019, "obj__江苏省委办公厅2019年度部门预算公开表格.pdf", 1},
}

// summaryItem says where a CSV column's figure sits in the summary table:
// the side, the 类 code for function rows, and the cleaned row name.
type summaryItem struct{ side, code, name string }

// jiangsuColumns maps every CSV column header to its summary row. All
// figures of these tables are in the single amount column of their side.
var jiangsuColumns = map[string]summaryItem{
	"财政拨款":      {"revenue", "", "财政拨款"},
	"一般公共预算":    {"revenue", "", "一般公共预算"},
	"财政专户管理资金":  {"revenue", "", "财政专户管理资金"},
	"其他资金":      {"revenue", "", "其他资金"},
	"当年收入小计":    {"revenue", "", "当年收入小计"},
	"收入合计":      {"revenue", "", "收入合计"},
	"一般公共服务支出":  {"expenditure", "201", "一般公共服务支出"},
	"公共安全支出":    {"expenditure", "204", "公共安全支出"},
	"社会保障和就业支出": {"expenditure", "208", "社会保障和就业支出"},
	"住房保障支出":    {"expenditure", "221", "住房保障支出"},
	"基本支出":      {"expenditure", "", "基本支出"},
	"项目支出":      {"expenditure", "", "项目支出"},
	"单位预留机动经费":  {"expenditure", "", "单位预留机动经费"},
	"当年支出小计":    {"expenditure", "", "当年支出小计"},
	"支出合计":      {"expenditure", "", "支出合计"},
}

// The published 收支预算总表 figures of three Jiangsu departments, as the
// open-budget project extracted them, must be among the summary facts
// cnbudget reads from the same reports: same item, same amount to the fen.
func TestJiangsuSummaryCSV(t *testing.T) {
	if _, err := os.Stat(realDir); err != nil {
		t.Skipf("no real reports in %s (the folder exists only in the project's CI and workspace)", realDir)
	}
	want := map[string]map[int]map[string]string{} // dept → year → column → 万元
	for _, v := range jiangsuVolumes {
		if want[v.csv] == nil {
			want[v.csv] = readJiangsuCSV(t, filepath.Join(realDir, "obj__"+v.csv+"_收支预算总表.csv"))
		}
	}
	for _, v := range jiangsuVolumes {
		t.Run(fmt.Sprintf("%s/%d", v.csv, v.year), func(t *testing.T) {
			row := want[v.csv][v.year]
			if row == nil {
				t.Fatalf("the CSV has no row for %d", v.year)
			}
			if v.pdf == "" {
				t.Skip("no report in the corpus prints this year's table (see the comment in jiangsuVolumes)")
			}
			doc, err := extract.Open(filepath.Join(realDir, v.pdf))
			if err != nil {
				t.Fatal(err)
			}
			r, err := normalize.Read(doc, v.pdf)
			if err != nil {
				t.Fatal(err)
			}
			got := map[summaryItem][]int64{}
			var all []string
			for _, f := range r.Facts() {
				if f.TableKind != "summary" {
					continue
				}
				all = append(all, fmt.Sprintf("%s %q %q %s %d (p%d)", f.Side, f.Code, f.Name, f.Measure, f.Fen, f.Page))
				if f.Measure == "amount" {
					k := summaryItem{f.Side, f.Code, f.Name}
					got[k] = append(got[k], f.Fen)
				}
			}
			cols := make([]string, 0, len(row))
			for c := range row {
				cols = append(cols, c)
			}
			sort.Strings(cols)
			var bad []string
			for _, col := range cols {
				item, ok := jiangsuColumns[col]
				if !ok {
					t.Errorf("CSV column %q has no summary row in jiangsuColumns", col)
					continue
				}
				if row[col] == "" {
					continue // an empty cell: the table prints nothing there
				}
				wan, err := decimal.NewFromString(row[col])
				if err != nil {
					t.Fatalf("CSV %d %s: %v", v.year, col, err)
				}
				fen := wan.Shift(6).IntPart() // 1 万元 = 1 000 000 fen
				found := got[item]
				if len(found) == 1 && found[0] == fen {
					continue
				}
				if len(found) == 0 {
					bad = append(bad, fmt.Sprintf("%s p%d: %s (side %s, code %q, name %q): want %d fen (%s 万元), no such summary fact",
						v.pdf, v.page, col, item.side, item.code, item.name, fen, row[col]))
				} else {
					bad = append(bad, fmt.Sprintf("%s p%d: %s (side %s, code %q, name %q): want one fact of %d fen (%s 万元), got %v",
						v.pdf, v.page, col, item.side, item.code, item.name, fen, row[col], found))
				}
			}
			if len(bad) > 0 {
				for _, b := range bad {
					t.Error(b)
				}
				t.Logf("summary facts read (%d):\n  %s", len(all), strings.Join(all, "\n  "))
			}
		})
	}
}

// readJiangsuCSV reads an open-budget 收支预算总表 CSV: a header row of item
// names after an empty first cell, then one row per year keyed by a date
// ("2017-01-01"), values in 万元, empty where the table prints nothing.
func readJiangsuCSV(t *testing.T, path string) map[int]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s: no data rows", path)
	}
	out := map[int]map[string]string{}
	for _, rec := range recs[1:] {
		var year int
		if _, err := fmt.Sscanf(rec[0], "%d-", &year); err != nil {
			t.Fatalf("%s: row key %q: %v", path, rec[0], err)
		}
		row := map[string]string{}
		for i, col := range recs[0][1:] {
			row[col] = rec[i+1]
		}
		out[year] = row
	}
	return out
}

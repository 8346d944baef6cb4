package classification

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/internal/testenv"
)

func TestDefaultParses(t *testing.T) {
	d := Default()
	if n := len(d.Entries()); n < 500 {
		t.Fatalf("the embedded dictionary has %d rows; expected every 类, the 款 and the common 项", n)
	}
	if len(d.Version()) != 64 {
		t.Errorf("Version() = %q, want a hex SHA-256", d.Version())
	}
	classes := map[string]bool{}
	for _, e := range d.Entries() {
		if e.Classification == Function && e.Level == Class {
			classes[e.Code] = true
		}
	}
	for _, c := range []string{"201", "204", "205", "207", "208", "210", "212", "213", "220", "221", "224", "229", "234"} {
		if !classes[c] {
			t.Errorf("function 类 %s is missing", c)
		}
	}
}

// TestParentsExist: every code's parent is in the dictionary in every year
// the code is, so a 项 can always be rolled up to its 款 and 类.
func TestParentsExist(t *testing.T) {
	d := Default()
	for _, e := range d.Entries() {
		if e.Parent == "" {
			if e.Level != Class {
				t.Errorf("%s %s (%s) has no parent", e.Classification, e.Code, e.Level)
			}
			continue
		}
		from, to := max(e.From, 2010), e.To
		if to == 0 {
			to = 2030
		}
		for y := from; y <= to; y++ {
			if _, ok := d.Name(e.Classification, e.Parent, y); !ok {
				t.Errorf("%s %s %s (valid %d–%d): parent %s has no name in %d", e.Classification, e.Code, e.Name, e.From, e.To, e.Parent, y)
				break
			}
		}
	}
}

func TestRenamedCodesByYear(t *testing.T) {
	d := Default()
	for _, tc := range []struct {
		classification, code string
		year                 int
		want                 string
	}{
		{Function, "20805", 2017, "行政事业单位离退休"},
		{Function, "20805", 2019, "行政事业单位离退休"},
		{Function, "20805", 2023, "行政事业单位养老支出"},
		{Function, "20805", 0, "行政事业单位养老支出"},
		{Function, "210", 2018, "医疗卫生与计划生育支出"},
		{Function, "210", 2019, "卫生健康支出"},
		{Function, "207", 2017, "文化体育与传媒支出"},
		{Function, "207", 2025, "文化旅游体育与传媒支出"},
		{Function, "2080599", 2024, "其他行政事业单位养老支出"},
		{Function, "2010101", 2017, "行政运行"},
		{Economic, "310", 2017, "其他资本性支出"},
		{Economic, "310", 2024, "资本性支出"},
		{Economic, "30307", 2017, "医疗费"},
		{Economic, "30307", 2018, "医疗费补助"},
		{Economic, "30217", 2023, "公务接待费"},
	} {
		got, ok := d.Name(tc.classification, tc.code, tc.year)
		if !ok || got != tc.want {
			t.Errorf("Name(%s, %s, %d) = %q, %v; want %q", tc.classification, tc.code, tc.year, got, ok, tc.want)
		}
	}
	// A code retired before the year, or one the dictionary lacks, has no name.
	for _, tc := range []struct {
		classification, code string
		year                 int
	}{
		{Function, "2080504", 2023}, // 未归口管理的行政单位离退休, gone with the 2021 reform
		{Economic, "30104", 2024},
		{Function, "2089998", 2024},
		{Economic, "2080109", 2024}, // a function code asked as economic
	} {
		if got, ok := d.Name(tc.classification, tc.code, tc.year); ok {
			t.Errorf("Name(%s, %s, %d) = %q; want no name", tc.classification, tc.code, tc.year, got)
		}
	}
	if n := len(d.Names(Function, "210")); n != 3 {
		t.Errorf("210 has %d names; want 医疗卫生支出, 医疗卫生与计划生育支出 and 卫生健康支出", n)
	}
}

func TestClassCode(t *testing.T) {
	d := Default()
	for name, want := range map[string]string{
		"社会保障和就业支出":   "208",
		"社会保障和就业":     "208", // the trailing 支出 dropped
		"医疗卫生与计划生育支出": "210",
		"卫生健康支出":      "210",
		"文化体育与传媒":     "207",
		"国土海洋气象等支出":   "220",
		"预备费":         "227",
		"社会保险经办机构":    "", // a 项, not a 类
		"合计":          "",
		"":            "",
	} {
		if got := d.ClassCode(name); got != want {
			t.Errorf("ClassCode(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestReferenceCodesAgree compares the dictionary with the code/name pairs
// seen in real reports: every majority name of a code the dictionary knows
// for that year must be its dictionary name. Pairs the reference marks as
// minority (names cut where a PDF cell wraps, a report numbering economic
// 款 its own way) are not compared, and a printed name that is a piece of
// the dictionary name is a cut one, not a different name.
func TestReferenceCodesAgree(t *testing.T) {
	path := filepath.Join(testenv.RepoRoot(t), "..", "shared", "reference", "codes-seen-in-reports.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("reference codes not available (%v); they live in ../shared/reference beside the repository", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	d := Default()
	compared := 0
	for _, rec := range recs[1:] {
		code, class, name, years, majority := rec[0], rec[2], rec[3], rec[4], rec[5]
		if majority != "yes" {
			continue
		}
		sys := Function
		if class == "dept_economic" {
			sys = Economic
		}
		for _, y := range strings.Split(years, ";") {
			year, err := strconv.Atoi(y)
			if err != nil {
				t.Fatalf("%s: code %s: year %q: %v", path, code, y, err)
			}
			got, ok := d.Name(sys, code, year)
			if !ok {
				continue
			}
			compared++
			// A cell that wraps in the PDF leaves part of the name
			// (20799 体育与传媒支 in 2024): a piece of the name agrees.
			if !strings.Contains(fold(got), fold(name)) {
				t.Errorf("%s %s in %d: dictionary says %s, reports print %s", sys, code, year, got, name)
			}
		}
	}
	if compared < 300 {
		t.Errorf("only %d reference pairs were compared; the dictionary should know most seen codes", compared)
	}
}

// fold makes half- and full-width brackets one, as reports mix them.
func fold(s string) string { return strings.NewReplacer("(", "（", ")", "）").Replace(s) }

func TestParseErrors(t *testing.T) {
	const header = "classification,code,name,valid_from,valid_to,source\n"
	for _, tc := range []struct{ body, want string }{
		{"regional,201,一般公共服务支出,,,official\n", "line 3: classification"},
		{"economic,3010101,基本工资,,,official\n", "line 3: code"},
		{"function,20x,一般公共服务支出,,,official\n", "line 3: code"},
		{"function,201,,,,official\n", "no name"},
		{"function,201,一般公共服务支出,2019,2018,official\n", "no year"},
		{"function,201,一般公共服务支出,19,,official\n", "not a year"},
		{"function,201,一般公共服务支出,,,guess\n", "source"},
		{"function,207,文化体育与传媒支出,,2019,official\nfunction,207,文化旅游体育与传媒支出,2019,,official\n", "same years"},
		{"function,207,文化体育与传媒支出,,,official\nfunction,208,文化体育与传媒支出,,,official\n", "both 207 and 208"},
	} {
		_, err := Parse(strings.NewReader("# comment\n" + header + tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %v, want one containing %q", tc.body, err, tc.want)
		}
	}
}

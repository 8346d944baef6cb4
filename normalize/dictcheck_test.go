package normalize

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/internal/testenv"
)

func TestNameWarnings(t *testing.T) {
	row := func(class, code, name string) Row {
		return Row{Classification: class, Code: code, Name: name, RawName: name}
	}
	report := func(year int, rows ...Row) *Report {
		return &Report{Year: year, Tables: []Table{{Kind: KindExpenditure, Title: "支出总表", Page: 3, Rows: rows}}}
	}
	for _, tc := range []struct {
		name string
		r    *Report
		want []string // one substring per expected warning
	}{
		{"official names", report(2023,
			row("function", "208", "社会保障和就业支出"),
			row("function", "20805", "行政事业单位养老支出"),
			row("function", "2080109", "社会保险经办机构"),
			row("economic", "30217", "公务接待费")), nil},
		{"layout, width and a dropped 支出", report(2024,
			row("economic", "30213", "维修(护)费"),
			row("economic", "30212", "因公出国 (境) 费用"),
			row("function", "2010301", "行政 运行"),
			row("function", "208", "社会保障和就业")), nil},
		{"the name valid that year", report(2019,
			row("function", "20805", "行政事业单位离退休"),
			row("function", "210", "卫生健康支出")), nil},
		{"no year, no check", report(0, row("economic", "30202", "咨询费")), nil},
		{"a code the dictionary lacks", report(2024, row("function", "2089998", "某某支出")), nil},
		{"an outdated template", report(2024, row("function", "210", "医疗卫生与计划生育支出")),
			[]string{`code 210 is printed as "医疗卫生与计划生育支出" but its 2024 name is "卫生健康支出"; kept as printed (the code's name in 2014–2018, an outdated template)`}},
		{"a code numbered its own way, reported once per table", report(2024,
			row("economic", "30202", "咨询费"), row("economic", "30202", "咨询费")),
			[]string{`table "支出总表" (page 3): code 30202 is printed as "咨询费" but its 2024 name is "印刷费"; kept as printed (check the code)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := nameWarnings(tc.r)
			if len(got) != len(tc.want) {
				t.Fatalf("warnings = %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

// The reference report prints every code with its official name, in every format.
func TestReferenceHasNoNameWarnings(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "fixtures", "reference", "*.*"))
	read := 0
	for _, f := range files {
		if ext := filepath.Ext(f); ext != ".pdf" && ext != ".docx" {
			continue
		}
		doc, err := extract.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Read(doc, f)
		if err != nil {
			t.Fatal(err)
		}
		read++
		if w := nameWarnings(r); len(w) > 0 {
			t.Errorf("%s: %q", filepath.Base(f), w)
		}
	}
	if read < 3 {
		t.Fatalf("read %d reference files, want the DOCX and two PDFs", read)
	}
}

// A real 2024 budget numbers its economic 款 in sequence (30202 咨询费,
// 30203 水费 ...) instead of with the standard codes, and prints 210 under
// its pre-2019 name: the check names each such row, and nothing else.
func TestNameWarningsOnRealReport(t *testing.T) {
	path := filepath.Join(testenv.RealDir(t), "tbxt__1769321433314-826553525.pdf")
	doc, err := extract.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Read(doc, path)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(nameWarnings(r), "\n")
	for _, want := range []string{
		`code 30202 is printed as "咨询费" but its 2024 name is "印刷费"`,
		`code 30301 is printed as "退休费" but its 2024 name is "离休费"`,
		`code 210 is printed as "医疗卫生与计划生育支出" but its 2024 name is "卫生健康支出"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q; got:\n%s", want, got)
		}
	}
	if n := len(nameWarnings(r)); n != 15 {
		t.Errorf("%d name warnings, want 15 (11 economic 款 numbered in sequence, 303 and 30108 named their own way, 210 twice under its old name); got:\n%s", n, got)
	}
}

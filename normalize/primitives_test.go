package normalize

import "testing"

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = no figure
		err  bool
	}{
		{"1,234.56", "1234.56", false},
		{"1234.5", "1234.5", false},
		{"-12.00", "-12", false},
		{"（12.00）", "-12", false},
		{"(7)", "-7", false},
		{"0", "0", false},
		{"0.00", "0", false},
		{"47,483,458.00", "47483458", false},
		{" 3.10 ", "3.1", false},
		{"-", "", false},
		{"—", "", false},
		{"——", "", false},
		{"", "", false},
		{"   ", "", false},
		{"合计", "", true},
		{"1e3", "", true},
		{"1.2.3", "", true},
	} {
		d, ok, err := ParseAmount(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("ParseAmount(%q) err = %v, want error %v", tc.in, err, tc.err)
			continue
		}
		got := ""
		if ok {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("ParseAmount(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestToFen(t *testing.T) {
	for _, tc := range []struct {
		amount, unit string
		fen          int64
	}{
		{"1438.41", "万元", 1438410000},
		{"0.34", "万元", 340000},
		{"47483458.00", "元", 4748345800},
		{"12.5", "千元", 1250000},
		{"0", "元", 0},
		{"-12", "元", -1200},
	} {
		d, _, _ := ParseAmount(tc.amount)
		fen, exact, err := ToFen(d, tc.unit)
		if err != nil || !exact || fen != tc.fen {
			t.Errorf("ToFen(%s %s) = %d, %v, %v; want %d exact", tc.amount, tc.unit, fen, exact, err, tc.fen)
		}
	}
	d, _, _ := ParseAmount("1.005")
	if fen, exact, _ := ToFen(d, "元"); exact || fen != 101 {
		t.Errorf("ToFen(1.005 元) = %d exact=%v, want 101 inexact", fen, exact)
	}
	if _, _, err := ToFen(d, "美元"); err == nil {
		t.Error("ToFen with unknown unit: no error")
	}
}

func TestParseUnit(t *testing.T) {
	for in, want := range map[string]string{
		"单位：万元":           "万元",
		"金额单位：元":          "元",
		"单位:元":            "元",
		"（单位：万元）":         "万元",
		"价值（金额单位：万元）":     "万元",
		"编制部门：某局   单位：千元": "千元",
		"单位 ： 元":          "元",
		"预算年度：2023":       "",
		"单位名称":            "",
	} {
		if got := ParseUnit(in); got != want {
			t.Errorf("ParseUnit(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJoinCode(t *testing.T) {
	for _, tc := range []struct {
		cells []string
		want  string
	}{
		{[]string{"2080109"}, "2080109"},
		{[]string{"208 01 09"}, "2080109"},
		{[]string{"208", "01", "09"}, "2080109"},
		{[]string{"208", "05", ""}, "20805"},
		{[]string{"208", "", ""}, "208"},
		{[]string{"", "", ""}, ""},
		{[]string{"合计"}, ""},
		{[]string{"2080"}, ""},
		{[]string{"30101"}, "30101"},
		{[]string{"301", "01"}, "30101"},
		{[]string{"301", "2"}, "30102"},
		{[]string{"2"}, ""},
		{[]string{"7", "11", "02"}, ""},
	} {
		if got := JoinCode(tc.cells...); got != tc.want {
			t.Errorf("JoinCode(%q) = %q, want %q", tc.cells, got, tc.want)
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"一、一般公共预算拨款收入":          "一般公共预算拨款收入",
		"二十二、国有资本经营预算支出":        "国有资本经营预算支出",
		"    其中：教学科研人员因公出国（境）费": "教学科研人员因公出国（境）费",
		"          其他因公出国（境）费":  "其他因公出国（境）费",
		"（一）基本支出":               "基本支出",
		"(二)项目支出":               "项目支出",
		"1.工资福利支出":              "工资福利支出",
		"1、房屋（平方米）":             "房屋（平方米）",
		"因 公 出 国 （ 境 ） 费":       "因公出国（境）费",
		"项  目":                  "项目",
		"合  计":                  "合计",
		"社会保险经办机构":              "社会保险经办机构",
		"1.5倍":                  "1.5倍",
		"①办公费":                  "办公费",
		"其中：":                   "其中：",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRepairClass(t *testing.T) {
	for _, tc := range []struct {
		cells       []string
		above, want string
	}{
		{[]string{"7", "11", "02"}, "21011", "2101102"},
		{[]string{"7", "11", "02"}, "2101101", "2101102"},
		{[]string{"7", "12", "02"}, "21011", ""},
		{[]string{"合计", "", ""}, "21011", ""},
		{[]string{"7", "11"}, "21011", ""},
	} {
		if got := repairClass(tc.cells, tc.above); got != tc.want {
			t.Errorf("repairClass(%q, %q) = %q, want %q", tc.cells, tc.above, got, tc.want)
		}
	}
}

func TestTableKind(t *testing.T) {
	for title, want := range map[string]string{
		"单位预算收支总表":                  KindSummary,
		"2026年部门财务收支预算总表":           KindSummary,
		"公开 01 表：收支预算总表":            KindSummary,
		"收入支出决算总表":                  KindSummary,
		"单位预算收入总表":                  KindRevenue,
		"2024年预算单位支出预算总表":           KindExpenditure,
		"单位预算财政拨款收支总表":              KindAppropriationSummary,
		"财政拨款收入支出决算总表":              KindAppropriationSummary,
		"财政拨款支出预算表（功能科目）":           KindAppropriationExpenditure,
		"财政拨款基本支出预算表（经济科目）":         KindAppropriationBasicExpenditure,
		"单位预算一般公共预算财政拨款支出表":         KindGeneralBudgetExpenditure,
		"一般公共预算（财政拨款）基本支出表":         KindGeneralBudgetBasicExpenditure,
		"单位预算政府基金预算财政拨款支出表":         KindGovernmentFundExpenditure,
		"国有资本经营预算财政拨款支出决算表":         KindStateCapitalExpenditure,
		"单位预算财政拨款“三公”经费支出表":         KindThreePublic,
		"一般公共预算“三公”经费、会议费、培训费支出预算表": KindThreePublic,
		"表一": "",
		"本表反映部门本年度收支预算总体情况，其中：收支总表略。": "",
	} {
		if got := TableKind(title); got != want {
			t.Errorf("TableKind(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestYearFromFileName(t *testing.T) {
	for name, want := range map[string]int{
		"reports/obj__江苏省政协办公厅_2017年度部门预算公开表.pdf":                                                2017,
		"上海市普陀区人民政府万里街道办事处24年预算.pdf":                                                             2024,
		"江苏省政协办公厅2018度部门预算公开表.pdf":                                                               2018,
		"1769321433314-826553525.pdf":                                                            0,
		"https://czj.example.gov.cn/files/2024%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.pdf": 2024,
		"draft_1c165a10-71f3-471e-8463-7290b6eb1247.pdf":                                         0,
	} {
		var m meta
		r := &Report{}
		m.fromName(r, name)
		if r.Year != want {
			t.Errorf("year of %q = %d, want %d", name, r.Year, want)
		}
	}
}

func TestRegionOf(t *testing.T) {
	for name, want := range map[string]string{
		"上海市普陀区司法局":         "上海市普陀区",
		"上海市普陀区人民政府万里街道办事处": "上海市普陀区",
		"秦皇岛市海港区社会保险事业所":    "秦皇岛市海港区",
		"江苏省人民检察院":          "江苏省",
		"中共江苏省委办公厅":         "江苏省",
		"江苏省人大常委会办公厅":       "江苏省",
		"江苏省南京市玄武区教育局":      "江苏省南京市玄武区",
		"江苏省市场监督管理局":        "江苏省",
		"北京市城市管理委员会":        "北京市",
		"上海市社区服务中心":         "上海市",
		"城市管理局":             "",
		"市场监督管理局":           "",
		"秦皇岛市财政局":           "",
	} {
		if got := regionOf(name); got != want {
			t.Errorf("regionOf(%q) = %q, want %q", name, got, want)
		}
	}
}

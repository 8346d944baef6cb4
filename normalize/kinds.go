package normalize

import (
	"strings"
	"unicode/utf8"
)

// Table kinds, as the contract names them.
const (
	KindSummary                       = "summary"
	KindRevenue                       = "revenue"
	KindExpenditure                   = "expenditure"
	KindAppropriationSummary          = "appropriation_summary"
	KindGeneralBudgetExpenditure      = "general_budget_expenditure"
	KindGeneralBudgetBasicExpenditure = "general_budget_basic_expenditure"
	KindGovernmentFundExpenditure     = "government_fund_expenditure"
	KindStateCapitalExpenditure       = "state_capital_expenditure"
	KindAppropriationExpenditure      = "appropriation_expenditure"
	KindAppropriationBasicExpenditure = "appropriation_basic_expenditure"
	KindThreePublic                   = "three_public"
	KindOperatingCosts                = "operating_costs"
	KindProcurement                   = "procurement"
	KindFixedAssets                   = "fixed_assets"
	KindPerformance                   = "performance_targets"
)

// TableKind recognizes a table title as printed in any region or year:
// 单位预算收支总表, 部门收支预算总表, 一般公共预算（财政拨款）支出表,
// 财政拨款收入支出决算总表, 公开03表 一般公共预算支出预算表, 表一 ...
// It returns "" for a line that is not the title of a known table.
func TableKind(title string) string {
	t := titleCore(title)
	if t == "" {
		return ""
	}
	has := func(words ...string) bool {
		for _, w := range words {
			if !strings.Contains(t, w) {
				return false
			}
		}
		return true
	}
	switch {
	case has("三公"):
		return KindThreePublic
	case has("机关运行经费"):
		return KindOperatingCosts
	case has("政府采购"):
		return KindProcurement
	case has("固定资产"):
		return KindFixedAssets
	case has("绩效目标"):
		return KindPerformance
	case has("政府性基金") || has("政府基金"):
		return KindGovernmentFundExpenditure
	case has("国有资本经营"):
		return KindStateCapitalExpenditure
	case has("一般公共预算", "基本支出"):
		return KindGeneralBudgetBasicExpenditure
	case has("一般公共预算", "支出"):
		return KindGeneralBudgetExpenditure
	case has("财政拨款", "总表"):
		return KindAppropriationSummary
	case has("财政拨款", "基本支出"):
		return KindAppropriationBasicExpenditure
	case has("财政拨款", "支出"):
		return KindAppropriationExpenditure
	case has("收支", "总表") || has("收入支出", "总表"):
		return KindSummary
	case has("收入"):
		return KindRevenue
	case has("支出"):
		return KindExpenditure
	}
	return ""
}

// titleMarks are the quotes and brackets titles print in every style.
var titleMarks = strings.NewReplacer("“", "", "”", "", "\"", "", "‘", "", "’", "", "'", "", "（", "", "）", "", "(", "", ")", "", "〔", "", "〕", "", "【", "", "】", "")

// titleCore strips what varies around a title (spaces, quotes, brackets,
// numbering such as 表一 / 公开03表 / 预算01表, a trailing 续) and returns
// "" unless the line reads like a table title: short, no sentence
// punctuation, and ending in 表.
func titleCore(s string) string {
	s = removeSpaces(s)
	// A trailing qualifier: 财政拨款支出预算表（功能科目）.
	if j := strings.LastIndexAny(s, "（("); j > 0 && strings.HasSuffix(s[:j], "表") && (strings.HasSuffix(s, "）") || strings.HasSuffix(s, ")")) {
		s = s[:j]
	}
	s = titleMarks.Replace(s)
	// A numbered label before a colon: 公开01表：收支预算总表.
	if i := strings.IndexAny(s, "：:"); i > 0 && i <= 12 && strings.HasSuffix(s[:i], "表") {
		s = s[i+len(string([]rune(s[i:])[0])):]
	}
	s = strings.TrimSuffix(s, "续")
	s = strings.TrimSuffix(s, "续表")
	if strings.ContainsAny(s, "，。；：:,") || utf8.RuneCountInString(s) > 45 {
		return ""
	}
	// A leading or trailing sheet number: 表一, 公开03表, 预算01表, 附表1, 表1-2.
	s = strings.TrimRight(s, "0123456789-一二三四五六七八九十")
	s = strings.TrimSuffix(s, "附表")
	if !strings.HasSuffix(s, "表") {
		return ""
	}
	return s
}

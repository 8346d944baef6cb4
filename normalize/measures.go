package normalize

import "strings"

// Measures, as the contract names them.
const (
	MeasureAmount                = "amount"
	MeasureTotal                 = "total"
	MeasureCurrentYearSubtotal   = "current_year_subtotal"
	MeasureFiscalAppropriation   = "fiscal_appropriation"
	MeasureSpecialAccount        = "special_account"
	MeasureInstitutionIncome     = "institution_income"
	MeasureOperatingIncome       = "operating_income"
	MeasureSuperiorSubsidy       = "superior_subsidy"
	MeasureSubordinateRemittance = "subordinate_remittance"
	MeasureOtherIncome           = "other_income"
	MeasureCarryover             = "carryover"
	MeasureBasic                 = "basic"
	MeasureProject               = "project"
	MeasureOperatingExpenditure  = "operating_expenditure"
	MeasureRemittanceToSuperior  = "remittance_to_superior"
	MeasureSubsidyToSubordinates = "subsidy_to_subordinates"
	MeasurePersonnel             = "personnel"
	MeasurePublicFunds           = "public_funds"
	MeasureGeneralBudget         = "general_budget"
	MeasureGovernmentFund        = "government_fund"
	MeasureStateCapital          = "state_capital"
	MeasureReserve               = "reserve"
	MeasureBudget                = "budget"
	MeasureActual                = "actual"
	measureSubtotal              = "subtotal"
	unknownMeasurePrefix         = "col:"
	measureNone                  = ""
)

// measureRules map header wording to measures. The first rule whose every
// word occurs in the column's (last-level) header wins, so the specific
// rules come first: 一般公共预算财政拨款 is general_budget, not
// fiscal_appropriation; 事业单位经营收入 is operating_income, not institution_income.
var measureRules = []struct {
	words   []string
	measure string
}{
	{[]string{"一般公共预算"}, MeasureGeneralBudget},
	{[]string{"政府性基金"}, MeasureGovernmentFund},
	{[]string{"基金预算"}, MeasureGovernmentFund},
	{[]string{"国有资本经营"}, MeasureStateCapital},
	{[]string{"财政专户"}, MeasureSpecialAccount},
	{[]string{"经营收入"}, MeasureOperatingIncome},
	{[]string{"事业收入"}, MeasureInstitutionIncome},
	{[]string{"上级补助"}, MeasureSuperiorSubsidy},
	{[]string{"附属单位上缴"}, MeasureSubordinateRemittance},
	{[]string{"附属单位缴款"}, MeasureSubordinateRemittance},
	{[]string{"其他收入"}, MeasureOtherIncome},
	{[]string{"结转"}, MeasureCarryover},
	{[]string{"结余"}, MeasureCarryover},
	{[]string{"财政拨款"}, MeasureFiscalAppropriation},
	{[]string{"基本支出"}, MeasureBasic},
	{[]string{"项目支出"}, MeasureProject},
	{[]string{"经营支出"}, MeasureOperatingExpenditure},
	{[]string{"上缴上级"}, MeasureRemittanceToSuperior},
	{[]string{"上解上级"}, MeasureRemittanceToSuperior},
	{[]string{"对附属单位补助"}, MeasureSubsidyToSubordinates},
	{[]string{"人员经费"}, MeasurePersonnel},
	{[]string{"公用经费"}, MeasurePublicFunds},
	{[]string{"预留机动"}, MeasureReserve},
	{[]string{"机动经费"}, MeasureReserve},
	{[]string{"合计"}, MeasureTotal},
	{[]string{"总计"}, MeasureTotal},
	{[]string{"预算数"}, MeasureBudget},
	{[]string{"决算数"}, MeasureActual},
	{[]string{"金额"}, MeasureAmount},
	{[]string{"预算"}, MeasureBudget},
}

// Measure maps a column's header levels (outermost first, e.g.
// ["本年收入", "小计"]) to a canonical measure. It returns a stable key of
// our own ("col:" + the header) and known=false for wording the vocabulary
// does not know.
func Measure(levels []string) (measure string, known bool) {
	var clean []string
	for _, l := range levels {
		if l = removeSpaces(l); l != "" && (len(clean) == 0 || clean[len(clean)-1] != l) {
			clean = append(clean, l)
		}
	}
	if len(clean) == 0 {
		return measureNone, false
	}
	last := clean[len(clean)-1]
	if last == "小计" {
		for _, l := range clean {
			if strings.Contains(l, "本年收入") {
				return MeasureCurrentYearSubtotal, true
			}
		}
		return measureSubtotal, true
	}
	if last == "本年收入" {
		return MeasureCurrentYearSubtotal, true
	}
	if m := measureOf(last); m != "" {
		return m, true
	}
	// A generic last level ("预算数" under "资金性质") may be explained by a parent.
	for i := len(clean) - 2; i >= 0; i-- {
		if m := measureOf(clean[i]); m != "" {
			return m, true
		}
	}
	return unknownMeasurePrefix + strings.Join(clean, "›"), false
}

func measureOf(header string) string {
	for _, r := range measureRules {
		ok := true
		for _, w := range r.words {
			if !strings.Contains(header, w) {
				ok = false
				break
			}
		}
		if ok {
			return r.measure
		}
	}
	return ""
}

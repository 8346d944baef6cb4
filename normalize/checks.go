package normalize

import (
	"fmt"
	"strings"

	"github.com/cnbudget/cnbudget/normalize/classification"
)

// Check rules, as stored in check_failures.rule.
const (
	RuleParentSum  = "parent_sum"  // 类 = Σ款, 款 = Σ项
	RuleTotalSum   = "total_sum"   // 合计 row = Σ top-level coded rows; 本年收入合计 = Σ items
	RuleColumnSum  = "column_sum"  // total = Σ component columns in a row
	RuleBalance    = "balance"     // 收入总计 = 支出总计
	RuleCrossTable = "cross_table" // the same figure in two tables
)

// identity is one column sum a table's rows carry: whole = Σ parts.
type identity struct {
	whole string
	parts []string
}

// identities lists, for a table, which of its columns add up to which.
func identities(t *Table) []identity {
	switch t.Kind {
	case KindExpenditure, KindGeneralBudgetExpenditure, KindGovernmentFundExpenditure,
		KindStateCapitalExpenditure, KindAppropriationExpenditure:
		return []identity{{MeasureTotal, []string{MeasureBasic, MeasureProject, MeasureOperatingExpenditure,
			MeasureRemittanceToSuperior, MeasureSubsidyToSubordinates, MeasureReserve}}}
	case KindGeneralBudgetBasicExpenditure, KindAppropriationBasicExpenditure:
		return []identity{{MeasureTotal, []string{MeasurePersonnel, MeasurePublicFunds}}}
	case KindRevenue:
		sources := []string{MeasureFiscalAppropriation, MeasureSpecialAccount, MeasureInstitutionIncome,
			MeasureOperatingIncome, MeasureSuperiorSubsidy, MeasureSubordinateRemittance, MeasureOtherIncome}
		if !t.has(MeasureCurrentYearSubtotal) {
			return []identity{{MeasureTotal, append([]string{MeasureCarryover}, sources...)}}
		}
		// 合计 = 本年收入小计 + 上年结转, and the 小计 = Σ the sources.
		return []identity{
			{MeasureTotal, []string{MeasureCurrentYearSubtotal, MeasureCarryover}},
			{MeasureCurrentYearSubtotal, sources},
		}
	case KindAppropriationSummary, KindThreePublic:
		return []identity{{MeasureTotal, []string{MeasureGeneralBudget, MeasureGovernmentFund, MeasureStateCapital}}}
	}
	return nil
}

// Verify runs the accounting identities a report carries and returns every
// check, passed or failed. A difference no larger than the published
// rounding (one unit in the last printed digit per part) is marked Rounding.
func Verify(r *Report) []Check {
	var v verifier
	for i := range r.Tables {
		t := &r.Tables[i]
		if !moneyKinds[t.Kind] {
			continue
		}
		v.columns(t)
		v.parents(t)
		v.totals(t)
		if t.Kind == KindSummary || t.Kind == KindAppropriationSummary {
			v.twoSided(t)
		}
	}
	v.crossTables(r)
	v.narrative(r)
	return v.checks
}

type verifier struct{ checks []Check }

// step is the published precision of a table in fen: one unit in the last
// digit its figures carry. A 万元 table printed to two decimals has a step of
// 0.01 万元; a 元 table whose figures are all whole yuan (47,483,458.00) was
// rounded to the yuan, so its step is 1 元.
func step(t *Table) int64 {
	per := fenPerUnit[t.Unit]
	s := per
	for s > per/100 && s > 1 && !allDivisible(t, s) {
		s /= 10
	}
	return max(s, 1)
}

func allDivisible(t *Table, s int64) bool {
	for _, row := range t.Rows {
		for _, a := range row.Amounts {
			if a.Fen%s != 0 {
				return false
			}
		}
	}
	return true
}

func (v *verifier) add(t *Table, rule, subject, measure string, expected, found int64, parts int, tolStep int64) {
	c := Check{TableKind: t.Kind, Rule: rule, Subject: subject, Measure: measure,
		Expected: expected, Found: found, Passed: expected == found}
	if !c.Passed {
		diff := expected - found
		if diff < 0 {
			diff = -diff
		}
		c.Rounding = diff <= int64(max(parts, 1))*tolStep
	}
	v.checks = append(v.checks, c)
}

func (row *Row) get(measure string) (int64, bool) {
	for _, a := range row.Amounts {
		if a.Measure == measure {
			return a.Fen, true
		}
	}
	return 0, false
}

// first returns the row's headline figure: total, else amount.
func (row *Row) first() (int64, bool) {
	if v, ok := row.get(MeasureTotal); ok {
		return v, ok
	}
	return row.get(MeasureAmount)
}

func subject(row *Row) string {
	if row.Code != "" {
		return row.Code + " " + row.Name
	}
	return row.Name
}

func (v *verifier) columns(t *Table) {
	for _, id := range identities(t) {
		present := presentMeasures(t, id.parts)
		if len(present) == 0 {
			continue
		}
		for i := range t.Rows {
			row := &t.Rows[i]
			want, ok := row.get(id.whole)
			if !ok {
				continue
			}
			var sum int64
			n := 0
			for _, m := range present {
				if x, ok := row.get(m); ok {
					sum += x
					n++
				}
			}
			if n > 0 {
				v.add(t, RuleColumnSum, subject(row), id.whole, want, sum, n, step(t))
			}
		}
	}
}

func presentMeasures(t *Table, want []string) []string {
	var out []string
	for _, m := range want {
		if t.has(m) {
			out = append(out, m)
		}
	}
	return out
}

// codedRows indexes a table's rows by code, per side; codes printed twice
// (two groups side by side) are left out of the parent checks.
func codedRows(t *Table) map[string]*Row {
	byCode := map[string]*Row{}
	dup := map[string]bool{}
	for i := range t.Rows {
		row := &t.Rows[i]
		if row.Code == "" {
			continue
		}
		key := row.Side + ":" + row.Code
		if _, seen := byCode[key]; seen {
			dup[key] = true
		}
		byCode[key] = row
	}
	for k := range dup {
		delete(byCode, k)
	}
	return byCode
}

func (v *verifier) parents(t *Table) {
	byCode := codedRows(t)
	children := map[string][]*Row{}
	for i := range t.Rows {
		row := &t.Rows[i]
		if p := classification.Parent(row.Code); p != "" {
			if _, ok := byCode[row.Side+":"+p]; ok {
				children[row.Side+":"+p] = append(children[row.Side+":"+p], row)
			}
		}
	}
	for i := range t.Rows {
		parent := &t.Rows[i]
		kids := children[parent.Side+":"+parent.Code]
		if len(kids) == 0 || byCode[parent.Side+":"+parent.Code] != parent {
			continue
		}
		for _, c := range t.Columns {
			v.sumOf(t, RuleParentSum, parent, kids, c.Measure)
		}
	}
}

// sumOf checks parent's measure against the sum of rows' measure, when any
// of them prints it.
func (v *verifier) sumOf(t *Table, rule string, parent *Row, rows []*Row, m string) {
	want, ok := parent.get(m)
	sum, n := int64(0), 0
	for _, k := range rows {
		if x, ok := k.get(m); ok {
			sum += x
			n++
		}
	}
	if !ok && n == 0 {
		return
	}
	v.add(t, rule, subject(parent), m, want, sum, len(rows), step(t))
}

// isTotalName recognizes the grand-total row of a table.
func isTotalName(name string) bool {
	switch name {
	case "合计", "总计", "合计数", "支出合计", "收入合计":
		return true
	}
	return false
}

func (v *verifier) totals(t *Table) {
	if t.Kind == KindSummary || t.Kind == KindAppropriationSummary {
		return
	}
	byCode := codedRows(t)
	var top []*Row
	for i := range t.Rows {
		row := &t.Rows[i]
		if row.Code == "" {
			continue
		}
		if _, hasParent := byCode[row.Side+":"+classification.Parent(row.Code)]; !hasParent {
			top = append(top, row)
		}
	}
	if t.Kind == KindThreePublic {
		v.threePublic(t)
		return
	}
	if len(top) == 0 {
		return
	}
	for i := range t.Rows {
		row := &t.Rows[i]
		if row.Code != "" || !isTotalName(row.Name) {
			continue
		}
		for _, c := range t.Columns {
			v.sumOf(t, RuleTotalSum, row, top, c.Measure)
		}
		break
	}
}

// threePublic checks a 三公 table, vertical or horizontal: the 三公 total
// is 因公出国（境）费 + 公务用车购置及运行(维护)费 + 公务接待费; the car
// item is 购置费 + 运行(维护)费; and where the table also prints 会议费 and
// 培训费 (Jiangsu), its 合计 covers them too.
func (v *verifier) threePublic(t *Table) {
	var items, car, extra []*Row
	var total, subtotal, carTotal *Row
	for i := range t.Rows {
		row := &t.Rows[i]
		n := row.Name
		switch {
		case isTotalName(n):
			total = row
		case strings.Contains(n, "三公"):
			subtotal = row
		case strings.HasPrefix(n, "因公出国"), n == "公务接待费":
			items = append(items, row)
		case strings.HasPrefix(n, "公务用车购置及运") || strings.HasPrefix(n, "公务用车购置和运"):
			items = append(items, row)
			carTotal = row
		case n == "公务用车购置费" || strings.HasPrefix(n, "公务用车运行"):
			car = append(car, row)
		case n == "会议费" || n == "培训费":
			extra = append(extra, row)
		}
	}
	if len(items) != 3 {
		return
	}
	for _, c := range t.Columns {
		m := c.Measure
		if carTotal != nil && len(car) == 2 {
			v.sumOf(t, RuleParentSum, carTotal, car, m)
		}
		switch {
		case subtotal != nil:
			v.sumOf(t, RuleTotalSum, subtotal, items, m)
			if total != nil {
				v.sumOf(t, RuleTotalSum, total, append([]*Row{subtotal}, extra...), m)
			}
		case total != nil:
			v.sumOf(t, RuleTotalSum, total, append(items, extra...), m)
		}
	}
}

// twoSided checks a 收支总表: 收入总计 = 支出总计, 本年收入合计 = Σ the
// revenue items above it, 本年支出合计 = Σ the 类 rows.
func (v *verifier) twoSided(t *Table) {
	var revItems, expItems []*Row
	var revYear, expYear, revTotal, expTotal *Row
	for i := range t.Rows {
		row := &t.Rows[i]
		switch {
		case row.Side == "revenue" && strings.HasPrefix(row.Name, "本年收入"):
			revYear = row
		case row.Side == "expenditure" && strings.HasPrefix(row.Name, "本年支出"):
			expYear = row
		case row.Side == "revenue" && strings.HasSuffix(row.Name, "总计"):
			revTotal = row
		case row.Side == "expenditure" && strings.HasSuffix(row.Name, "总计"):
			expTotal = row
		case row.Side == "revenue" && revYear == nil:
			revItems = append(revItems, row)
		case row.Side == "expenditure" && expYear == nil && row.Code != "":
			expItems = append(expItems, row)
		}
	}
	tol := step(t)
	if revTotal != nil && expTotal != nil {
		a, _ := revTotal.first()
		b, _ := expTotal.first()
		v.add(t, RuleBalance, "收入总计 = 支出总计", MeasureAmount, a, b, 1, tol)
	}
	for _, p := range []struct {
		whole *Row
		parts []*Row
	}{{revYear, revItems}, {expYear, expItems}} {
		if p.whole == nil || len(p.parts) == 0 {
			continue
		}
		want, _ := p.whole.first()
		var sum int64
		for _, r := range p.parts {
			x, _ := r.first()
			sum += x
		}
		v.add(t, RuleTotalSum, p.whole.Name, MeasureAmount, want, sum, len(p.parts), tol)
	}
}

// crossTables checks that a figure printed in two tables agrees.
func (v *verifier) crossTables(r *Report) {
	totalRow := func(t *Table) *Row {
		for i := range t.Rows {
			if t.Rows[i].Code == "" && isTotalName(t.Rows[i].Name) {
				return &t.Rows[i]
			}
		}
		return nil
	}
	compare := func(a *Table, ar *Row, am string, b *Table, br *Row, bm string, what string) {
		if ar == nil || br == nil {
			return
		}
		x, okx := ar.get(am)
		if am == MeasureAmount {
			x, okx = ar.first()
		}
		y, oky := br.get(bm)
		if !okx && !oky {
			return
		}
		v.add(b, RuleCrossTable, fmt.Sprintf("%s: %s %s = %s %s", what, a.Kind, am, b.Kind, bm), bm, x, y, 1, max(step(a), step(b)))
	}
	summary, exp := firstTable(r, KindSummary), firstTable(r, KindExpenditure)
	if summary != nil && exp != nil {
		byCode := codedRows(exp)
		for i := range summary.Rows {
			row := &summary.Rows[i]
			if row.Side != "expenditure" || len(row.Code) != 3 {
				continue
			}
			if er := byCode[":"+row.Code]; er != nil {
				compare(summary, row, MeasureAmount, exp, er, MeasureTotal, row.Code+" "+row.Name)
			}
		}
	}
	gb, gbBasic := firstTable(r, KindGeneralBudgetExpenditure), firstTable(r, KindGeneralBudgetBasicExpenditure)
	if gb != nil && gbBasic != nil {
		compare(gb, totalRow(gb), MeasureBasic, gbBasic, totalRow(gbBasic), MeasureTotal, "基本支出")
	}
	if as := firstTable(r, KindAppropriationSummary); as != nil {
		var year *Row
		for i := range as.Rows {
			if as.Rows[i].Side == "expenditure" && strings.HasPrefix(as.Rows[i].Name, "本年支出") {
				year = &as.Rows[i]
			}
		}
		for _, p := range []struct{ kind, measure string }{
			{KindGeneralBudgetExpenditure, MeasureGeneralBudget},
			{KindStateCapitalExpenditure, MeasureStateCapital},
			{KindGovernmentFundExpenditure, MeasureGovernmentFund},
		} {
			if t := firstTable(r, p.kind); t != nil {
				compare(as, year, p.measure, t, totalRow(t), MeasureTotal, "本年支出合计")
			}
		}
	}
}

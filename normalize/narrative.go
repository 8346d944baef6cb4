package normalize

import (
	"fmt"
	"regexp"
	"strings"
)

// RuleNarrative checks a total the 情况说明 text states against the table
// that prints it: 机关运行经费共计安排27.59万元, “三公”经费预算安排0.34万元.
const RuleNarrative = "narrative"

// Statements of a total in running text, read once the text is joined
// without spaces, quotes and brackets (titleMarks). Only a figure that follows the phrase
// directly (through 预算, 安排, 为 ...) is a statement of the total; 三公经费
// 预算支出中，因公出国（境）费支出70万元 states a part, not the total.
var (
	operatingStatement = regexp.MustCompile(`机关运行经费(?:财政拨款)?(?:预算数|预算支出|预算|支出决算|决算数|决算|支出)?(?:共计安排|安排|共计|合计|为)?([0-9][0-9,]*(?:\.[0-9]+)?)(万元|千元|元)`)
	threePublicBudget  = regexp.MustCompile(`三公经费(?:财政拨款)?(?:预算数|预算支出|预算|支出预算)?(?:共计安排|安排|共计|合计|为)?([0-9][0-9,]*(?:\.[0-9]+)?)(万元|千元|元)`)
	threePublicFinal   = regexp.MustCompile(`三公经费[^。；]{0,30}?决算(?:数)?为([0-9][0-9,]*(?:\.[0-9]+)?)(万元|千元|元)`)
)

// statement is a figure the running text states, with the page it is on.
type statement struct {
	what string // 机关运行经费 or 三公经费
	page int
	fen  int64
	step int64 // the printed precision in fen: 0.01 万元 is 10000
}

// statements finds the totals the report's running text states. The
// text is joined across lines first: sentences wrap.
func statements(r *Report) []statement {
	var text strings.Builder
	var starts, pages []int // paragraph k starts at byte starts[k] of the text, on page pages[k]
	for _, p := range r.Narrative {
		starts = append(starts, text.Len())
		pages = append(pages, p.Page)
		text.WriteString(titleMarks.Replace(removeSpaces(p.Text)))
	}
	s := text.String()
	pageAt := func(i int) int {
		page := 0
		for k, start := range starts {
			if start > i {
				break
			}
			page = pages[k]
		}
		return page
	}
	var out []statement
	find := func(what string, re *regexp.Regexp) {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			fen, step, ok := statedFen(s[m[2]:m[3]], s[m[4]:m[5]])
			if ok {
				out = append(out, statement{what: what, page: pageAt(m[0]), fen: fen, step: step})
			}
		}
	}
	find("机关运行经费", operatingStatement)
	if r.DocKind == "final" {
		find("三公经费", threePublicFinal)
	} else {
		find("三公经费", threePublicBudget)
	}
	return out
}

// statedFen converts a stated figure (2,722.57 in 万元) to fen, with its
// printed precision.
func statedFen(number, unit string) (fen, step int64, ok bool) {
	d, ok, err := ParseAmount(number)
	if !ok || err != nil {
		return 0, 0, false
	}
	fen, exact, err := ToFen(d, unit)
	if !exact || err != nil {
		return 0, 0, false
	}
	step = fenPerUnit[unit]
	for e := -d.Exponent(); e > 0 && step > 1; e-- {
		step /= 10
	}
	return fen, max(step, 1), true
}

// narrative checks each stated total against its table: the table's figure,
// rounded to the precision the text states it in, must be the stated one.
func (v *verifier) narrative(r *Report) {
	for _, st := range statements(r) {
		var t *Table
		var row *Row
		var measure string
		switch st.what {
		case "机关运行经费":
			t = firstTable(r, KindOperatingCosts)
			if t != nil {
				row, measure = operatingTotal(t)
			}
		case "三公经费":
			t = firstTable(r, KindThreePublic)
			if t != nil {
				row, measure = threePublicTotal(t, r.DocKind)
			}
		}
		if row == nil {
			continue
		}
		fen, _ := row.get(measure)
		if isTotalName(row.Name) && st.what == "三公经费" {
			fen -= meetingsAndTraining(t, measure) // a Jiangsu 合计 also covers 会议费 and 培训费
		}
		rounded := roundTo(fen, st.step)
		subject := st.what + " stated in the text"
		if st.page > 0 {
			subject = fmt.Sprintf("%s stated on page %d", st.what, st.page)
		}
		// The table's figure is already rounded as the text rounds it; only
		// a table printed finer than the text can differ by one more step
		// (the text truncated 0.345 to 0.34).
		var tolerance int64
		if step(t) < st.step {
			tolerance = st.step
		}
		v.add(t, RuleNarrative, subject, measure, rounded, st.fen, 1, tolerance)
	}
}

// firstTable is r's first table of the kind, or nil.
func firstTable(r *Report, kind string) *Table {
	for i := range r.Tables {
		if r.Tables[i].Kind == kind {
			return &r.Tables[i]
		}
	}
	return nil
}

// operatingTotal is the 机关运行经费 table's total: its 合计 (or other
// total) row, or its only row (Shanghai's single cell).
func operatingTotal(t *Table) (*Row, string) {
	for i := range t.Rows {
		if isTotalName(t.Rows[i].Name) {
			return firstMeasure(&t.Rows[i], MeasureAmount, MeasureTotal, MeasureBudget, MeasureActual)
		}
	}
	if len(t.Rows) == 1 {
		return firstMeasure(&t.Rows[0], MeasureAmount, MeasureTotal, MeasureBudget, MeasureActual)
	}
	return nil, ""
}

// threePublicTotal is the 三公 table's total of the three items: a row
// named “三公”经费 where the table adds 会议费 and 培训费, else 合计; in the
// budget column of a budget and the actual column of a final account.
func threePublicTotal(t *Table, docKind string) (*Row, string) {
	measures := []string{MeasureAmount, MeasureTotal, MeasureBudget}
	if docKind == "final" {
		measures = []string{MeasureActual, MeasureAmount}
	}
	var total *Row
	for i := range t.Rows {
		switch n := titleMarks.Replace(t.Rows[i].Name); {
		case n == "三公经费" || n == "三公经费合计" || n == "三公经费小计":
			return firstMeasure(&t.Rows[i], measures...)
		case isTotalName(n) && total == nil:
			total = &t.Rows[i]
		}
	}
	if total == nil {
		return nil, ""
	}
	return firstMeasure(total, measures...)
}

func firstMeasure(row *Row, measures ...string) (*Row, string) {
	for _, m := range measures {
		if _, ok := row.get(m); ok {
			return row, m
		}
	}
	return nil, ""
}

func meetingsAndTraining(t *Table, measure string) int64 {
	var sum int64
	for i := range t.Rows {
		if n := t.Rows[i].Name; n == "会议费" || n == "培训费" {
			f, _ := t.Rows[i].get(measure)
			sum += f
		}
	}
	return sum
}

// roundTo rounds fen half away from zero to a multiple of step.
func roundTo(fen, step int64) int64 {
	if step <= 1 {
		return fen
	}
	half := step / 2
	if fen < 0 {
		return -((-fen + half) / step * step)
	}
	return (fen + half) / step * step
}

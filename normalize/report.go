// Package normalize gives an extracted document its meaning as a budget
// report: the unit, year and kind of report; each table's kind, unit and
// measures; rows with classification codes and clean names; amounts in exact
// fen; and the accounting checks the report's own totals imply.
package normalize

import "github.com/shopspring/decimal"

// Report is one document read as a budget disclosure.
type Report struct {
	Format    string
	Pages     int
	UnitCode  string // as printed, e.g. "323003"; "" when not stated
	UnitName  string
	Year      int    // 0 when not found
	DocKind   string // "budget" or "final"
	Level     string // LevelDepartment (部门), LevelUnit (单位) or "" when the report does not say
	Region    string // the region the unit's name begins with (上海市普陀区, 江苏省), or ""
	Tables    []Table
	Narrative []Paragraph // running text outside the tables (情况说明 ...)
	Warnings  []string
	Checks    []Check // every check run, passed or not
}

// Paragraph is a line or paragraph of running text with its page.
type Paragraph struct {
	Page int
	Text string
}

// Table is one recognized report table (a table running over several pages is one Table).
type Table struct {
	Kind    string   // canonical table_kind from the contract; "" when not recognized
	Title   string   // as printed
	Page    int      // first page (PDF) or table ordinal (DOCX)
	Unit    string   // "元", "万元", "千元"
	Columns []Column // the amount columns, in column order
	Rows    []Row
}

// Column is one amount column of a table: the canonical measure its header
// maps to, and the header as printed (levels joined with ›).
type Column struct {
	Measure string
	Header  string
}

// has reports whether the table has a column of measure m.
func (t *Table) has(m string) bool {
	for _, c := range t.Columns {
		if c.Measure == m {
			return true
		}
	}
	return false
}

// Row is one data row of a table.
type Row struct {
	Page           int
	Side           string // "revenue" or "expenditure" for two-sided tables, else ""
	Classification string // "function", "economic" or ""
	Code           string // digits only, "" when the row has no code
	Name           string // cleaned
	RawName        string // as printed
	Amounts        []Amount
}

// Amount is one non-empty money cell of a row.
type Amount struct {
	Measure string
	Value   decimal.Decimal // in the table's printed unit
	Fen     int64           // exact fen
}

// Fact is one money cell with its context, the shape of the facts view.
type Fact struct {
	TableKind      string
	Side           string
	Classification string
	Code           string
	Name           string
	Measure        string
	Fen            int64
	Page           int
}

// Check is the result of one accounting identity.
type Check struct {
	TableKind string
	Rule      string // parent_sum, total_sum, column_sum, balance, cross_table
	Subject   string // the code or row name checked
	Measure   string
	Expected  int64 // fen
	Found     int64 // fen
	Passed    bool
	Rounding  bool // differs only by published rounding: one step of the table's printed precision per part
}

// Facts lists every money cell of the report's recognized money tables.
func (r *Report) Facts() []Fact {
	var out []Fact
	for _, t := range r.Tables {
		if !moneyKinds[t.Kind] {
			continue
		}
		for _, row := range t.Rows {
			for _, a := range row.Amounts {
				out = append(out, Fact{
					TableKind: t.Kind, Side: row.Side, Classification: row.Classification,
					Code: row.Code, Name: row.Name, Measure: a.Measure, Fen: a.Fen, Page: row.Page,
				})
			}
		}
	}
	return out
}

// moneyKinds are the table kinds whose cells are facts.
var moneyKinds = map[string]bool{
	"summary": true, "revenue": true, "expenditure": true, "appropriation_summary": true,
	"general_budget_expenditure": true, "general_budget_basic_expenditure": true,
	"government_fund_expenditure": true, "state_capital_expenditure": true,
	"appropriation_expenditure": true, "appropriation_basic_expenditure": true,
	"three_public": true, "operating_costs": true,
}

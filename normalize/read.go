package normalize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cnbudget/cnbudget/extract"
)

// ErrNoText reports a document without a text layer: a scan, which cnbudget
// cannot read (it does no OCR).
var ErrNoText = errors.New("no text layer: the file looks like a scan (cnbudget does not OCR); find a text PDF or the original office file")

// Read interprets an extracted document as a budget report: metadata,
// recognized tables with their rows and amounts, narrative text and the
// accounting checks. name is the file's name or path: where the pages never
// state the year (tables-only volumes) the name often does. Problems with
// single tables or cells become warnings; only a document with nothing to
// read is an error.
func Read(doc *extract.Document, name string) (*Report, error) {
	if len(doc.Blocks) == 0 {
		return nil, ErrNoText
	}
	r := &Report{Format: doc.Format, Pages: doc.Pages}
	r.Warnings = append(r.Warnings, doc.Warnings...)
	rd := reader{report: r}
	for _, b := range doc.Blocks {
		if b.Table != nil {
			rd.table(b)
			continue
		}
		rd.text(b)
	}
	rd.meta.apply(r)
	rd.meta.fromName(r, name)
	r.Warnings = append(r.Warnings, nameWarnings(r)...)
	if len(r.Tables) == 0 {
		r.Warnings = append(r.Warnings, "no budget table recognized")
	}
	r.Checks = Verify(r)
	return r, nil
}

// reader carries the state of one pass over a document's blocks.
type reader struct {
	report  *Report
	meta    meta
	pending []string // text lines since the last table: title, unit and year lines
	unit    string   // the last unit stated, for tables that do not repeat it
	cur     *Table   // the table a following headerless table continues
	curLay  layout
	curCols int
}

func (rd *reader) text(b extract.Block) {
	rd.meta.line(b.Text)
	rd.pending = append(rd.pending, b.Text)
	rd.report.Narrative = append(rd.report.Narrative, Paragraph{Page: b.Page, Text: b.Text})
}

func (rd *reader) table(b extract.Block) {
	t := b.Table
	pending := rd.pending
	rd.pending = nil
	g := newGrid(t)
	captions := g.captions()
	for _, c := range captions {
		rd.meta.line(c)
	}
	// The title and unit are the nearest lines above the table, else
	// caption rows inside it.
	title, unit := "", ""
	for _, lines := range [][]string{pending[max(len(pending)-8, 0):], captions} {
		for i := len(lines) - 1; i >= 0; i-- {
			if unit == "" {
				unit = ParseUnit(lines[i])
			}
			if title == "" && TableKind(lines[i]) != "" {
				title = strings.TrimSpace(lines[i])
			}
		}
	}
	kind := TableKind(title)
	if title == "" && rd.cur != nil && t.Cols == rd.curCols {
		rd.continueTable(g, t.Page)
		return
	}
	rd.cur = nil
	if kind == "" || !moneyKinds[kind] {
		if kind != "" {
			rd.report.Tables = append(rd.report.Tables, Table{Kind: kind, Title: title, Page: t.Page})
		}
		return
	}
	lay, warns := readLayout(g, kind)
	horizontal := kind == KindThreePublic && lay.horizontal()
	if horizontal {
		warns = nil // its headers are items, not measures
	}
	switch {
	case lay.unit != "" && unit == "":
		unit = lay.unit
	case unit == "" && rd.unit != "":
		unit = rd.unit
	case unit == "":
		unit = "元"
		warns = append(warns, "no money unit stated; assuming 元")
	}
	rd.unit = unit
	tbl := Table{Kind: kind, Title: title, Page: t.Page, Unit: unit}
	for _, grp := range lay.groups {
		for _, col := range grp.amounts {
			tbl.Measures = append(tbl.Measures, col.measure)
			tbl.Headers = append(tbl.Headers, col.header)
		}
	}
	ops := Table{Kind: KindOperatingCosts, Title: title, Page: t.Page, Unit: unit}
	if horizontal {
		warns = append(warns, readHorizontal(g, lay, &tbl, &ops, t.Page)...)
	} else {
		warns = append(warns, readRows(g, lay, lay.body, &tbl, t.Page)...)
	}
	rd.warn(tbl, warns)
	rd.report.Tables = append(rd.report.Tables, tbl)
	if len(ops.Rows) > 0 {
		rd.report.Tables = append(rd.report.Tables, ops)
	}
	if !horizontal {
		rd.cur, rd.curLay, rd.curCols = &rd.report.Tables[len(rd.report.Tables)-1], lay, t.Cols
	}
}

// continueTable appends the rows of a table that runs on from the previous
// page. A repeated header is skipped: its rows come before the 栏次 row or
// before the first row with an amount.
func (rd *reader) continueTable(g grid, page int) {
	from := 0
	for r := 0; r < g.rows; r++ {
		if isAnchorRow(g.text[r]) {
			from = r + 1
			break
		}
	}
	if from == 0 {
		from = firstDataRow(g)
		if from == g.rows {
			from = 0
		}
	}
	warns := readRows(g, rd.curLay, from, rd.cur, page)
	rd.warn(*rd.cur, warns)
}

func (rd *reader) warn(t Table, warns []string) {
	for _, w := range warns {
		rd.report.Warnings = append(rd.report.Warnings, fmt.Sprintf("table %q (page %d): %s", t.Title, t.Page, w))
	}
}

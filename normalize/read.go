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
	switch {
	case len(r.Tables) == 0:
		r.Warnings = append(r.Warnings, "no budget table recognized: if this is the narrative volume (情况说明), its tables are published as a separate file; ingest that file too")
	case len(r.Facts()) == 0:
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d tables recognized but none holds a figure: a blank template?", len(r.Tables)))
	}
	r.Checks = Verify(r)
	return r, nil
}

// reader carries the state of one pass over a document's blocks.
type reader struct {
	report  *Report
	meta    meta
	pending []extract.Block // text lines since the last table: title, unit and year lines
	unit    string          // the last unit stated, for tables that do not repeat it
	cur     *run            // the table a following headerless table continues
}

func (rd *reader) text(b extract.Block) {
	rd.meta.line(b.Text)
	rd.pending = append(rd.pending, b)
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
	above := pending[max(len(pending)-8, 0):]
	for i := len(above) - 1; i >= 0; i-- {
		if unit == "" {
			unit = ParseUnit(above[i].Text)
		}
		if title == "" {
			title = titleEnding(above[:i+1])
		}
	}
	for i := len(captions) - 1; i >= 0; i-- {
		if unit == "" {
			unit = ParseUnit(captions[i])
		}
		if title == "" && TableKind(captions[i]) != "" {
			title = strings.TrimSpace(captions[i])
		}
	}
	kind := TableKind(title)
	if title == "" && rd.cur != nil {
		if placed, ok := rd.cur.place(t); ok {
			rd.continueTable(placed, t.Page)
			return
		}
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
			tbl.Columns = append(tbl.Columns, Column{Measure: col.measure, Header: col.header})
		}
	}
	ops := Table{Kind: KindOperatingCosts, Title: title, Page: t.Page, Unit: unit}
	rd.warn(tbl, warns)
	rowWarns := len(rd.report.Warnings)
	if horizontal {
		rd.warn(tbl, readHorizontal(g, lay, &tbl, &ops, t.Page))
	} else {
		rd.warn(tbl, readRows(g, lay, lay.body, &tbl, t.Page))
	}
	rd.report.Tables = append(rd.report.Tables, tbl)
	if len(ops.Rows) > 0 {
		rd.report.Tables = append(rd.report.Tables, ops)
	}
	if !horizontal {
		rd.cur = newRun(&rd.report.Tables[len(rd.report.Tables)-1], lay, t, g, rowWarns)
	}
}

// titleEnding returns the table title that the last of lines ends, or "".
// A title may wrap over two lines: the first half is the line directly
// above on the same page, and is taken when the whole names a kind the
// last line alone does not: 十一、一般公共预算“三公”经费、会议费、培训费
// 支出预 / 算表, or …培训费 / 支出预算表 (the last line alone an expenditure
// table).
func titleEnding(lines []extract.Block) string {
	last := lines[len(lines)-1]
	title := strings.TrimSpace(last.Text)
	kind := TableKind(title)
	if len(lines) >= 2 {
		prev := lines[len(lines)-2]
		height := last.Box.Y1 - last.Box.Y0
		adjacent := prev.Page == last.Page && height > 0 && last.Box.Y0-prev.Box.Y1 < height
		joined := strings.TrimSpace(prev.Text) + title
		if adjacent && titleCore(prev.Text) == "" && TableKind(joined) != "" && TableKind(joined) != kind {
			return joined
		}
	}
	if kind == "" {
		return ""
	}
	return title
}

func (rd *reader) warn(t Table, warns []string) {
	for _, w := range warns {
		rd.report.Warnings = append(rd.report.Warnings, fmt.Sprintf("table %q (page %d): %s", t.Title, t.Page, w))
	}
}

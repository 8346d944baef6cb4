package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/cnbudget/cnbudget/extract"
	"github.com/cnbudget/cnbudget/normalize"
	"github.com/cnbudget/cnbudget/store"
)

type extractCommand struct {
	stdout io.Writer
}

func (c *extractCommand) Usage() string {
	return `Usage: cnbudget extract FILE [--format json|csv]

Parses one report file and prints what it holds, without a database.

--format json (the default) prints the normalized report: metadata, every
table with its columns and rows, amounts both as printed in the table's
unit ("value") and in exact fen ("fen"), the accounting checks, warnings
and running text.

--format csv prints the facts (one line per money cell) with the columns
table_kind,side,classification,code,name,measure,amount_fen,page.
`
}

func (c *extractCommand) Run(ctx context.Context, args []string) error {
	fs := newFlags("extract")
	format := fs.String("format", "json", "")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one FILE, got %d", len(files))
	}
	if *format != "json" && *format != "csv" {
		return usagef("--format must be json or csv, not %q", *format)
	}
	path := files[0]
	doc, err := extract.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	r, err := normalize.Read(doc, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if *format == "csv" {
		return writeFactsCSV(c.stdout, r.Facts())
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(reportView(path, r))
}

// writeFactsCSV prints facts with the facts view's columns, minus the
// document's own (they are the same on every line).
func writeFactsCSV(w io.Writer, facts []normalize.Fact) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"table_kind", "side", "classification", "code", "name", "measure", "amount_fen", "page"})
	for _, f := range facts {
		cw.Write([]string{f.TableKind, f.Side, f.Classification, f.Code, f.Name, f.Measure,
			strconv.FormatInt(f.Fen, 10), strconv.Itoa(f.Page)})
	}
	cw.Flush()
	return cw.Error()
}

// The JSON shape of extract's output. Field names match the database's
// column names, so one vocabulary serves both.
type (
	reportJSON struct {
		File      string          `json:"file"`
		Format    string          `json:"format"`
		Pages     int             `json:"pages"`
		UnitCode  string          `json:"unit_code"`
		UnitName  string          `json:"unit_name"`
		Year      int             `json:"year"`
		DocKind   string          `json:"doc_kind"`
		Level     string          `json:"level,omitempty"`
		Region    string          `json:"region,omitempty"`
		Tables    []tableJSON     `json:"tables"`
		Checks    []checkJSON     `json:"checks"`
		Warnings  []string        `json:"warnings"`
		Narrative []paragraphJSON `json:"narrative"`
	}
	tableJSON struct {
		Kind    string       `json:"kind"`
		Title   string       `json:"title"`
		Page    int          `json:"page"`
		Unit    string       `json:"unit"`
		Columns []columnJSON `json:"columns"`
		Rows    []rowJSON    `json:"rows"`
	}
	columnJSON struct {
		Measure string `json:"measure"`
		Header  string `json:"header"`
	}
	rowJSON struct {
		Page           int          `json:"page"`
		Side           string       `json:"side,omitempty"`
		Classification string       `json:"classification,omitempty"`
		Code           string       `json:"code,omitempty"`
		Name           string       `json:"name"`
		RawName        string       `json:"raw_name"`
		Amounts        []amountJSON `json:"amounts"`
	}
	amountJSON struct {
		Measure string `json:"measure"`
		Value   string `json:"value"`
		Fen     int64  `json:"fen"`
	}
	checkJSON struct {
		TableKind string `json:"table_kind"`
		Rule      string `json:"rule"`
		Subject   string `json:"subject"`
		Measure   string `json:"measure"`
		Expected  int64  `json:"expected_fen"`
		Found     int64  `json:"found_fen"`
		Passed    bool   `json:"passed"`
		Rounding  bool   `json:"rounding"`
	}
	paragraphJSON struct {
		Page int    `json:"page"`
		Text string `json:"text"`
	}
)

func reportView(path string, r *normalize.Report) reportJSON {
	out := reportJSON{
		File: path, Format: r.Format, Pages: r.Pages, UnitCode: r.UnitCode, UnitName: r.UnitName,
		Year: r.Year, DocKind: r.DocKind, Level: r.Level, Region: r.Region,
		Tables: []tableJSON{}, Checks: []checkJSON{}, Warnings: r.Warnings, Narrative: []paragraphJSON{},
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for _, t := range r.Tables {
		tv := tableJSON{Kind: t.Kind, Title: t.Title, Page: t.Page, Unit: t.Unit, Columns: []columnJSON{}, Rows: []rowJSON{}}
		for _, c := range t.Columns {
			tv.Columns = append(tv.Columns, columnJSON{Measure: c.Measure, Header: c.Header})
		}
		for _, row := range t.Rows {
			rv := rowJSON{Page: row.Page, Side: row.Side, Classification: row.Classification, Code: row.Code,
				Name: row.Name, RawName: row.RawName, Amounts: []amountJSON{}}
			for _, a := range row.Amounts {
				rv.Amounts = append(rv.Amounts, amountJSON{Measure: a.Measure, Value: store.AmountText(a.Value), Fen: a.Fen})
			}
			tv.Rows = append(tv.Rows, rv)
		}
		out.Tables = append(out.Tables, tv)
	}
	for _, c := range r.Checks {
		out.Checks = append(out.Checks, checkJSON{TableKind: c.TableKind, Rule: c.Rule, Subject: c.Subject, Measure: c.Measure,
			Expected: c.Expected, Found: c.Found, Passed: c.Passed, Rounding: c.Rounding})
	}
	for _, p := range r.Narrative {
		out.Narrative = append(out.Narrative, paragraphJSON{Page: p.Page, Text: p.Text})
	}
	return out
}

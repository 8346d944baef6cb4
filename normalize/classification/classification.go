// Package classification is cnbudget's dictionary of the 政府收支分类科目,
// the national budget classification every report's codes come from: the
// 支出功能分类 (what money is spent on: 208 社会保障和就业支出 › 20805 ›
// 2080505) and the 支出经济分类 (what it buys: 301 工资福利支出 › 30101
// 基本工资 in the 部门预算 codes, 501 › 50101 in the 政府预算 codes of
// 2018). Names change over the years while codes stay (20805
// 行政事业单位离退休 became 行政事业单位养老支出), so every name carries the
// years it was valid.
//
// The dictionary is data, not code: codes.csv, embedded in the binary. Both
// normalize (to name a summary table's 类 and to check printed names) and
// store (to give the database a classifications table) read it from here.
package classification

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The two classification systems, spelled as report_rows.classification
// and the facts view spell them.
const (
	Function = "function"
	Economic = "economic"
)

// The levels of a code, by its length: 类 3 digits, 款 5, 项 7 (the
// economic classification stops at 款).
const (
	Class   = "类"
	Section = "款"
	Item    = "项"
)

// Sources of a dictionary row.
const (
	SourceOfficial = "official" // the published 政府收支分类科目
	SourceSeen     = "seen"     // only attested in real reports
)

//go:embed codes.csv
var codesCSV []byte

// Default returns the dictionary embedded in the binary, parsed on first
// use and shared after. It panics if the embedded file is malformed, which
// its tests rule out.
func Default() *Dictionary { return embedded() }

var embedded = sync.OnceValue(func() *Dictionary {
	d, err := Parse(bytes.NewReader(codesCSV))
	if err != nil {
		panic(err)
	}
	return d
})

// Entry is one name of one code and the years it was valid.
type Entry struct {
	Classification string // Function or Economic
	Code           string // digits only
	Level          string // Class, Section or Item
	Parent         string // the code one level up; "" for a 类
	Name           string // the official name
	From, To       int    // first and last year the name was valid; 0 when open
	Source         string // SourceOfficial or SourceSeen
}

// ValidIn reports whether the name was the code's name in year.
func (e Entry) ValidIn(year int) bool {
	return (e.From == 0 || year >= e.From) && (e.To == 0 || year <= e.To)
}

// Dictionary is a parsed classification dictionary. It is never changed
// after Parse, so one value is safely shared.
type Dictionary struct {
	entries []Entry
	byCode  map[codeKey][]Entry // each code's names, oldest first
	classes map[string]string   // every name a function 类 had → its code
	version string
}

type codeKey struct{ classification, code string }

// Parse reads a dictionary in the format of codes.csv: lines starting with
// # are comments, then a header line and one row per code, name and validity.
// Errors name the line and what is wrong with it.
func Parse(r io.Reader) (*Dictionary, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("classification dictionary: %w", err)
	}
	sum := sha256.Sum256(data)
	d := &Dictionary{
		byCode:  map[codeKey][]Entry{},
		classes: map[string]string{},
		version: hex.EncodeToString(sum[:]),
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = 6
	header := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("classification dictionary: %w", err)
		}
		if header {
			header = false
			continue
		}
		line, _ := cr.FieldPos(0)
		e, err := parseEntry(rec)
		if err != nil {
			return nil, fmt.Errorf("classification dictionary line %d: %w", line, err)
		}
		d.entries = append(d.entries, e)
	}
	for _, e := range d.entries {
		k := codeKey{e.Classification, e.Code}
		d.byCode[k] = append(d.byCode[k], e)
		if e.Classification == Function && e.Level == Class {
			if c, ok := d.classes[e.Name]; ok && c != e.Code {
				return nil, fmt.Errorf("classification dictionary: 类 name %s is given to both %s and %s", e.Name, c, e.Code)
			}
			d.classes[e.Name] = e.Code
		}
	}
	for k, names := range d.byCode {
		slices.SortFunc(names, func(a, b Entry) int { return cmp.Compare(a.From, b.From) })
		for i := 1; i < len(names); i++ {
			prev, cur := names[i-1], names[i]
			if prev.To == 0 || cur.From == 0 || cur.From <= prev.To {
				return nil, fmt.Errorf("classification dictionary: %s %s has two names in the same years (%s and %s); give each its valid_from and valid_to", k.classification, k.code, prev.Name, cur.Name)
			}
		}
	}
	return d, nil
}

func parseEntry(rec []string) (Entry, error) {
	e := Entry{Classification: rec[0], Code: rec[1], Name: strings.TrimSpace(rec[2]), Source: rec[5]}
	if e.Classification != Function && e.Classification != Economic {
		return e, fmt.Errorf("classification %q is neither %s nor %s", e.Classification, Function, Economic)
	}
	e.Level = level(e.Code)
	if e.Level == "" || e.Classification == Economic && e.Level == Item {
		return e, fmt.Errorf("code %q is not a %s code (3 or 5 digits, 7 for function 项)", e.Code, e.Classification)
	}
	e.Parent = Parent(e.Code)
	if e.Name == "" {
		return e, fmt.Errorf("code %s has no name", e.Code)
	}
	var err error
	if e.From, err = year(rec[3]); err != nil {
		return e, fmt.Errorf("code %s valid_from: %w", e.Code, err)
	}
	if e.To, err = year(rec[4]); err != nil {
		return e, fmt.Errorf("code %s valid_to: %w", e.Code, err)
	}
	if e.From != 0 && e.To != 0 && e.From > e.To {
		return e, fmt.Errorf("code %s is valid from %d to %d, which is no year", e.Code, e.From, e.To)
	}
	if e.Source != SourceOfficial && e.Source != SourceSeen {
		return e, fmt.Errorf("code %s source %q is neither %s nor %s", e.Code, e.Source, SourceOfficial, SourceSeen)
	}
	return e, nil
}

func year(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1990 || y > 2100 {
		return 0, fmt.Errorf("%q is not a year", s)
	}
	return y, nil
}

// level names the level of a code by its length, or "" when it is no code.
func level(code string) string {
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return ""
		}
	}
	switch len(code) {
	case 3:
		return Class
	case 5:
		return Section
	case 7:
		return Item
	}
	return ""
}

// Parent is the code one level up: 2080109 → 20801 → 208 → "".
func Parent(code string) string {
	switch len(code) {
	case 7, 5:
		return code[:len(code)-2]
	}
	return ""
}

// Version identifies the dictionary's content (a SHA-256 of its file), so
// a database knows when the copy it holds is out of date.
func (d *Dictionary) Version() string { return d.version }

// Entries lists every row of the dictionary in file order.
func (d *Dictionary) Entries() []Entry { return slices.Clone(d.entries) }

// Names lists every name a code has had, oldest first; nil when the
// dictionary does not know the code.
func (d *Dictionary) Names(classification, code string) []Entry {
	return slices.Clone(d.byCode[codeKey{classification, code}])
}

// Name is the code's official name in year. ok is false when the
// dictionary knows no name of the code for that year (a code it lacks, one
// not yet created or already retired); a year of 0 asks for the newest name.
func (d *Dictionary) Name(classification, code string, year int) (name string, ok bool) {
	names := d.byCode[codeKey{classification, code}]
	if year == 0 && len(names) > 0 {
		return names[len(names)-1].Name, true
	}
	for _, e := range names {
		if e.ValidIn(year) {
			return e.Name, true
		}
	}
	return "", false
}

// ClassCode is the code of a function 类 named by any of the names it has
// had (文化体育与传媒支出 and 文化旅游体育与传媒支出 are both 207), as summary
// tables print their 类 by name only (八、社会保障和就业支出). A name
// without its trailing 支出 (社会保障和就业) is accepted too. It returns ""
// for a name that is no 类.
func (d *Dictionary) ClassCode(name string) string {
	if c, ok := d.classes[name]; ok {
		return c
	}
	if !strings.HasSuffix(name, "支出") {
		return d.classes[name+"支出"]
	}
	return ""
}

// Years says in words when the name was valid: "2014–2018", "years until
// 2018", "years from 2019", or "all years" for an open range.
func (e Entry) Years() string {
	switch {
	case e.From != 0 && e.To != 0:
		return fmt.Sprintf("%d–%d", e.From, e.To)
	case e.To != 0:
		return fmt.Sprintf("years until %d", e.To)
	case e.From != 0:
		return fmt.Sprintf("years from %d", e.From)
	}
	return "all years"
}

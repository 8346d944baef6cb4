package normalize

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/cnbudget/cnbudget/normalize/classification"
)

// nameWarnings compares the name every coded row prints with the
// dictionary's name for its code in the report's year. A row keeps the
// name it prints: a different one is a warning, as it is an outdated
// template, a code the publisher numbered its own way or misprinted, or a
// name the dictionary lacks. Each table reports each code and printed name
// once.
func nameWarnings(r *Report) []string {
	if r.Year == 0 {
		return nil // without the year the valid name is unknown
	}
	dict := classification.Default()
	var warnings []string
	for _, t := range r.Tables {
		seen := map[string]bool{}
		for _, row := range t.Rows {
			if row.Code == "" || row.Name == "" || row.Classification == "" {
				continue
			}
			official, ok := dict.Name(row.Classification, row.Code, r.Year)
			if !ok || !namesDiffer(row.Name, official) || seen[row.Code+" "+row.Name] {
				continue
			}
			seen[row.Code+" "+row.Name] = true
			why := "check the code"
			if old, ok := otherYearsName(dict, row); ok {
				why = fmt.Sprintf("the code's name in %s, an outdated template", old.Years())
			}
			warnings = append(warnings, fmt.Sprintf("table %q (page %d): code %s is printed as %q but its %d name is %q; kept as printed (%s)",
				t.Title, t.Page, row.Code, row.Name, r.Year, official, why))
		}
	}
	return warnings
}

// otherYearsName finds the dictionary entry whose name the row prints,
// when that is a name the code had in other years.
func otherYearsName(dict *classification.Dictionary, row Row) (classification.Entry, bool) {
	for _, e := range dict.Names(row.Classification, row.Code) {
		if !namesDiffer(row.Name, e.Name) {
			return e, true
		}
	}
	return classification.Entry{}, false
}

// namesDiffer reports whether a printed name is not the official one,
// ignoring what layout and typesetting change (spaces, punctuation,
// brackets, full- or half-width forms) and a trailing 支出 some reports
// drop (社会保障和就业), as the 类 lookup does.
func namesDiffer(printed, official string) bool {
	return foldName(printed) != foldName(official)
}

// foldName keeps the letters and digits of a cleaned name, in one width,
// without a trailing 支出.
func foldName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, width.Fold.String(CleanName(s)))
	return strings.TrimSuffix(s, "支出")
}

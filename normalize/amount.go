package normalize

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// amountSeparators are the thousands separators and spaces a printed figure
// may hold (47,483,458.00; 1 234.5).
var amountSeparators = strings.NewReplacer(",", "", "，", "", " ", "", "\u00a0", "", "\u3000", "")

// ParseAmount reads a printed money cell. It returns ok=false for a cell
// that holds no figure (blank, "-", "—", "——"): such a cell is no fact,
// while a printed 0 or 0.00 is a fact of zero. Thousands separators are
// dropped and an accounting negative in parentheses, （12.00） or (12.00),
// is -12.00. Text that is not a number is an error.
func ParseAmount(s string) (d decimal.Decimal, ok bool, err error) {
	s = strings.TrimSpace(amountSeparators.Replace(s))
	switch strings.Trim(s, "-—–－ー") {
	case "":
		return decimal.Decimal{}, false, nil
	}
	neg := false
	if p := strings.TrimPrefix(strings.TrimPrefix(s, "（"), "("); p != s {
		if q := strings.TrimSuffix(strings.TrimSuffix(p, "）"), ")"); q != p {
			neg, s = true, q
		}
	}
	s = strings.Replace(s, "－", "-", 1)
	if !isNumber(s) {
		return decimal.Decimal{}, false, fmt.Errorf("not an amount: %q", s)
	}
	d, err = decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false, fmt.Errorf("not an amount: %q", s)
	}
	if neg {
		d = d.Neg()
	}
	return d, true, nil
}

// isNumber accepts an optional sign, digits, and at most one decimal point:
// the forms budget tables print. It rejects what decimal.NewFromString would
// also take but no table prints (exponents, "1e3").
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// looksLikeAmount reports whether a cell holds a figure or an explicit
// "no figure" mark, the test for telling data rows from header rows.
func looksLikeAmount(s string) bool {
	_, ok, err := ParseAmount(s)
	return ok && err == nil
}

package normalize

import "strings"

// JoinCode builds a classification code from the cells a table prints it
// in: one cell ("2080109", "208 01 09") or split 类 | 款 | 项 cells
// ("208", "01", "09"), where a 款 row is ("208", "05", ""). It returns ""
// when the cells do not form a code of 3, 5 or 7 digits.
func JoinCode(cells ...string) string {
	var b strings.Builder
	for i, c := range cells {
		c = removeSpaces(c)
		if c == "" {
			continue
		}
		if !allDigits(c) || b.Len() == 0 && !validCode(c) {
			return ""
		}
		if i > 0 && b.Len() > 0 && len(c) == 1 {
			// Spreadsheet exports drop the leading zero of a 款 or 项
			// cell stored as a number: 301 | 2 is 30102.
			c = "0" + c
		}
		if i > 0 && b.Len() > 0 && len(c) != 2 {
			// 款 and 项 cells carry their own two digits only; a full code
			// in a later cell replaces what came before.
			if validCode(c) {
				b.Reset()
			} else {
				return ""
			}
		}
		b.WriteString(c)
	}
	if !validCode(b.String()) {
		return ""
	}
	return b.String()
}

// validCode reports whether s is a code of a classification level:
// 类 3 digits, 款 5, 项 7.
func validCode(s string) bool {
	return (len(s) == 3 || len(s) == 5 || len(s) == 7) && allDigits(s)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitCodeName separates a code printed in the same cell as its name
// ("2080109 社会保险经办机构", "208社会保障和就业支出").
func splitCodeName(s string) (code, name string) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == ' ') {
		i++
	}
	if c := removeSpaces(s[:i]); validCode(c) && i < len(s) {
		return c, strings.TrimSpace(s[i:])
	}
	return "", s
}

// repairClass restores a 类 cell the publisher's tool mangled (WPS prints
// 210 | 11 | 02 as 7 | 11 | 02): when the 款 and 项 cells are sound and the
// row above is in the same 款, the row inherits that 类. It returns "" when
// nothing can be said.
func repairClass(cells []string, above string) string {
	if len(cells) != 3 || len(above) < 5 {
		return ""
	}
	kuan, xiang := removeSpaces(cells[1]), removeSpaces(cells[2])
	if len(kuan) != 2 || !allDigits(kuan) || kuan != above[3:5] || xiang != "" && (len(xiang) != 2 || !allDigits(xiang)) {
		return ""
	}
	return above[:3] + kuan + xiang
}

package store

import (
	"strings"
	"unicode"
)

// splitStatement returns the first SQL statement of s (without its
// semicolon) and what follows it. Semicolons inside quotes, bracketed
// names and comments do not end a statement.
func splitStatement(s string) (first, rest string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '`':
			i = skipPast(s, i+1, string(c))
		case '[':
			i = skipPast(s, i+1, "]")
		case '-':
			if strings.HasPrefix(s[i:], "--") {
				i = skipPast(s, i+2, "\n")
			}
		case '/':
			if strings.HasPrefix(s[i:], "/*") {
				i = skipPast(s, i+2, "*/")
			}
		case ';':
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// skipPast returns the index of the last byte of the first end at or after
// from, or len(s)-1 when there is none.
func skipPast(s string, from int, end string) int {
	j := strings.Index(s[from:], end)
	if j < 0 {
		return len(s) - 1
	}
	return from + j + len(end) - 1
}

// blankSQL reports whether s holds nothing but spaces, semicolons and
// comments.
func blankSQL(s string) bool {
	for {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ';' })
		switch {
		case s == "":
			return true
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return true
			}
			s = s[i:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return true
			}
			s = s[i+2:]
		default:
			return false
		}
	}
}

// readPragmas are the pragmas that take an argument in parentheses and
// only report (PRAGMA table_info(documents)); any other PRAGMA given a
// value sets something.
var readPragmas = map[string]bool{
	"table_info": true, "table_xinfo": true, "table_list": true, "index_list": true, "index_info": true,
	"index_xinfo": true, "foreign_key_list": true, "foreign_key_check": true, "integrity_check": true,
	"quick_check": true,
}

// setsPragma reports whether stmt is a PRAGMA that sets a value
// (PRAGMA query_only = 0, PRAGMA journal_mode(DELETE)). SQLite calls some
// of these read-only, as they do not write the file, but they change how
// the connection behaves.
func setsPragma(stmt string) bool {
	s := strings.TrimSpace(stmt)
	if len(s) < 6 || !strings.EqualFold(s[:6], "pragma") {
		return false
	}
	s = strings.TrimSpace(s[6:])
	end := strings.IndexFunc(s, func(r rune) bool { return !(r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) })
	if end < 0 {
		return false
	}
	name := strings.ToLower(s[:end])
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	after := strings.TrimSpace(s[end:])
	switch {
	case strings.HasPrefix(after, "="):
		return true
	case strings.HasPrefix(after, "("):
		return !readPragmas[name]
	}
	return false
}

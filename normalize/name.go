package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fullWidthBrackets makes a name's brackets full-width, as most reports print them.
var fullWidthBrackets = strings.NewReplacer("(", "（", ")", "）")

// CleanName turns a printed row name into its canonical form: no
// enumerator (一、 （一） 1. 1、 ①), no 其中： prefix, no layout spaces
// (reports pad and letter-space names: "项  目", "因 公 出 国 （ 境 ） 费"),
// and full-width brackets, so 因公出国(境)费 and 因公出国（境）费 are one name.
func CleanName(s string) string {
	s = fullWidthBrackets.Replace(removeSpaces(s))
	for {
		before := s
		s = stripEnumerator(s)
		for _, p := range []string{"其中：", "其中:"} {
			if rest := strings.TrimPrefix(s, p); rest != s && rest != "" {
				s = rest
			}
		}
		if s == before {
			return s
		}
	}
}

// stripEnumerator removes one leading enumerator, if any.
func stripEnumerator(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	switch {
	case r >= '①' && r <= '⑳':
		return s[n:]
	case r == '（' || r == '(':
		body := s[n:]
		i := strings.IndexAny(body, "）)")
		if i > 0 && isEnumeral(body[:i]) {
			_, m := utf8.DecodeRuneInString(body[i:])
			return strings.TrimLeft(body[i+m:], "、.．")
		}
	case isEnumeralRune(r):
		i := strings.IndexFunc(s, func(r rune) bool { return !isEnumeralRune(r) })
		if i <= 0 {
			return s
		}
		sep, m := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+m:])
		// "1." before a digit is a decimal (1.5万元), not an enumerator.
		if (sep == '、' || sep == '.' || sep == '．') && !unicode.IsDigit(next) {
			return s[i+m:]
		}
	}
	return s
}

func isEnumeral(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !isEnumeralRune(r) }) < 0
}

func isEnumeralRune(r rune) bool {
	return r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十百零", r)
}

// removeSpaces drops every white-space character. Chinese row names carry
// no meaningful spaces; Latin words in them are rare enough to accept the loss.
func removeSpaces(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

package pdf

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fonts in Chinese documents often map a glyph to a look-alike code point
// instead of the ordinary character: Word and WPS subsets are known to emit
// Kangxi radicals (⼈ U+2F08 for 人, ⾦ U+2FA6 for 金) and CJK compatibility
// ideographs, and Excel exports full-width digits. Text that looks right
// then fails every string comparison downstream. fold maps each glyph's text
// to the ordinary character, by these rules:
//
//   - Kangxi radicals (U+2F00–U+2FD5) and CJK compatibility ideographs
//     (U+F900–U+FAFF, U+2F800–U+2FA1F) fold through NFKC, which maps each to
//     its unified ideograph.
//   - CJK Radicals Supplement (U+2E80–U+2EF3) has no NFKC mapping except
//     ⻟ and ⻳; radicalSupplement folds the radicals that stand for a whole
//     character (mostly simplified forms such as ⻓ → 长).
//   - Full-width digits and Latin letters (U+FF10–U+FF19, U+FF21–U+FF3A,
//     U+FF41–U+FF5A) fold to ASCII, so amounts and codes parse.
//   - The ideographic space U+3000 and no-break space U+00A0 become a
//     plain space.
//
// Full-width punctuation (（）：，、) is left as printed: it is part of names
// such as 因公出国（境）费 that the reports and their readers use verbatim.

// radicalSupplement folds CJK Radicals Supplement code points that are
// shapes of complete characters to those characters.
var radicalSupplement = map[rune]rune{
	'⺁': '厂', '⺇': '几', '⺌': '小', '⺍': '小', '⺎': '兀', '⺏': '尢', '⺐': '尢',
	'⺑': '尢', '⺒': '巳', '⺓': '幺', '⺔': '彑', '⺖': '心', '⺗': '心', '⺘': '手',
	'⺙': '攴', '⺛': '旡', '⺜': '日', '⺝': '月', '⺞': '歹', '⺟': '母', '⺠': '民',
	'⺡': '水', '⺢': '水', '⺣': '火', '⺤': '爪', '⺥': '爪', '⺦': '丬', '⺧': '牛',
	'⺨': '犬', '⺩': '王', '⺪': '疋', '⺫': '目', '⺬': '示', '⺭': '示', '⺮': '竹',
	'⺯': '糸', '⺰': '纟', '⺱': '网', '⺲': '网', '⺳': '网', '⺴': '网', '⺵': '网',
	'⺶': '羊', '⺷': '羊', '⺸': '羊', '⺹': '老', '⺺': '肀', '⺻': '聿', '⺼': '肉',
	'⺽': '臼', '⺾': '艸', '⺿': '艸', '⻀': '艸', '⻁': '虎', '⻂': '衣', '⻃': '襾',
	'⻄': '西', '⻅': '见', '⻆': '角', '⻇': '角', '⻈': '讠', '⻉': '贝', '⻊': '足',
	'⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長',
	'⻒': '長', '⻓': '长', '⻔': '门', '⻕': '阝', '⻖': '阝', '⻗': '雨', '⻘': '青',
	'⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻞': '食', '⻟': '食',
	'⻠': '饣', '⻡': '首', '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟',
	'⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '齐', '⻬': '齐', '⻭': '齿',
	'⻮': '齿', '⻯': '龙', '⻰': '龙', '⻱': '龟', '⻲': '龟', '⻳': '龟',
}

// fold normalizes one glyph's text by the rules above. Text that needs no
// change is returned as is, without allocating.
func fold(s string) string {
	needs := false
	for _, r := range s {
		if foldRune(r) != r {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune folds one code point.
func foldRune(r rune) rune {
	switch {
	case r < 0xA0:
		return r
	case r == 0xA0 || r == 0x3000:
		return ' '
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A:
		return r - 0xFF10 + '0'
	case r >= 0x2E80 && r <= 0x2EF3:
		if m, ok := radicalSupplement[r]; ok {
			return m
		}
	case r >= 0x2F00 && r <= 0x2FD5, r >= 0xF900 && r <= 0xFAFF, r >= 0x2F800 && r <= 0x2FA1F:
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		out := norm.NFKC.Bytes(buf[:n])
		if m, size := utf8.DecodeRune(out); size == len(out) {
			return m
		}
	}
	return r
}

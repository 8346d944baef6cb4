package pdf

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// A CMap maps the byte strings a content stream shows to something else.
// Two kinds matter here (PDF 32000-1:2008, §9.7.5 and §9.10.3):
//
//   - The /Encoding of a composite (Type0) font is a CMap from character
//     codes to CIDs (glyph ids in the font). Its codespace ranges say how
//     many bytes each code has: a string is split into codes by matching
//     its leading bytes against the ranges.
//   - The /ToUnicode stream of any font is a CMap from character codes to
//     UTF-16BE text. It is how Chinese text in a subset font becomes
//     readable again; without it, codes are only glyph numbers.
//
// A CMap file is PostScript; the parts we read look like
//
//	1 begincodespacerange <0000> <FFFF> endcodespacerange
//	2 beginbfchar <0003> <0020> <0011> <4E2D> endbfchar
//	1 beginbfrange <0041> <0043> <0061> endbfrange          % 41→a, 42→b, 43→c
//	1 beginbfrange <0050> <0051> [<4E00> <D840DC00>] endbfrange
//	1 begincidrange <8140> <817E> 633 endcidrange
//
// Destinations are UTF-16BE, so one code may map to a surrogate pair or to
// several characters (a ligature). Everything else in the file (the
// CIDSystemInfo dictionary, def, findresource, ...) is ignored.

// cmap is a parsed CMap: codespace ranges plus code→text and code→CID maps.
type cmap struct {
	space   []codeRange
	short   int // the shortest codespace length in bytes; 0 when there is none
	uni     map[uint32]string
	uniRngs []uniRange
	cids    []cidRange
}

// codeRange is one codespace range: codes of len(lo) bytes whose every byte
// lies between the corresponding bytes of lo and hi.
type codeRange struct {
	lo, hi string
}

// uniRange is a bfrange kept unexpanded because it is large: code lo+i maps
// to dst with its last UTF-16 unit increased by i.
type uniRange struct {
	lo, hi uint32
	dst    []uint16
}

// cidRange maps codes lo..hi to CIDs cid, cid+1, ...
type cidRange struct {
	lo, hi, cid uint32
}

// maxExpand is the largest bfrange expanded into the lookup map; larger
// ranges are searched on lookup so that a hostile <0000> <FFFFFFFF> range
// costs nothing.
const maxExpand = 256

// parseCMap reads the codespace, bfchar/bfrange and cidchar/cidrange
// sections of a CMap stream. It never fails: what it cannot read it skips.
func parseCMap(data []byte) *cmap {
	c := &cmap{uni: make(map[uint32]string)}
	l := lexer{data: data}
	var args []object
	for {
		o, ok := l.next()
		if !ok {
			break
		}
		if o.kind != kOp {
			args = append(args, o)
			continue
		}
		switch o.str {
		case "endcodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				lo, hi := args[i].str, args[i+1].str
				if len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					c.space = append(c.space, codeRange{lo, hi})
					if c.short == 0 || len(lo) < c.short {
						c.short = len(lo)
					}
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				if args[i].kind == kString {
					c.uni[codeOf(args[i].str)] = destText(args[i+1])
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				c.addBFRange(args[i], args[i+1], args[i+2])
			}
		case "endcidchar":
			for i := 0; i+1 < len(args); i += 2 {
				code := codeOf(args[i].str)
				c.cids = append(c.cids, cidRange{code, code, uint32(args[i+1].num)})
			}
		case "endcidrange":
			for i := 0; i+2 < len(args); i += 3 {
				lo, hi := codeOf(args[i].str), codeOf(args[i+1].str)
				if lo <= hi {
					c.cids = append(c.cids, cidRange{lo, hi, uint32(args[i+2].num)})
				}
			}
		}
		args = args[:0]
		l.reset()
	}
	return c
}

// addBFRange records one bfrange entry: lo hi <dst> or lo hi [<d0> <d1> ...].
func (c *cmap) addBFRange(lo, hi, dst object) {
	if lo.kind != kString || hi.kind != kString {
		return
	}
	a, b := codeOf(lo.str), codeOf(hi.str)
	if a > b {
		return
	}
	if dst.kind == kArray {
		for i, d := range dst.arr {
			if a+uint32(i) > b {
				break
			}
			c.uni[a+uint32(i)] = destText(d)
		}
		return
	}
	units := utf16Units(dst.str)
	if len(units) == 0 {
		return
	}
	if b-a >= maxExpand {
		c.uniRngs = append(c.uniRngs, uniRange{a, b, units})
		return
	}
	for code := a; ; code++ {
		c.uni[code] = offsetText(units, code-a)
		if code == b {
			break
		}
	}
}

// offsetText is the text of dst with its last UTF-16 unit increased by i.
func offsetText(dst []uint16, i uint32) string {
	u := make([]uint16, len(dst))
	copy(u, dst)
	u[len(u)-1] += uint16(i)
	return string(utf16.Decode(u))
}

// codeOf reads a big-endian code of up to four bytes.
func codeOf(s string) uint32 {
	var v uint32
	for i := 0; i < len(s) && i < 4; i++ {
		v = v<<8 | uint32(s[i])
	}
	return v
}

// codeBytes writes an n-byte code back as the big-endian bytes it was
// read from (the inverse of codeOf).
func codeBytes(code uint32, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(code >> (8 * (n - 1 - i)))
	}
	return b
}

// utf16Units splits UTF-16BE bytes into units; an odd trailing byte is
// taken as a unit of its own (some producers write one-byte destinations).
func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, (len(s)+1)/2)
	for i := 0; i < len(s); i += 2 {
		if i+1 == len(s) {
			u = append(u, uint16(s[i]))
			break
		}
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

// destText decodes a bfchar/bfrange destination: UTF-16BE bytes, or a glyph
// name such as /space (allowed by the spec, rare in practice).
func destText(o object) string {
	if o.kind == kName {
		if r, ok := glyphRune(o.str); ok {
			return string(r)
		}
		return ""
	}
	return string(utf16.Decode(utf16Units(o.str)))
}

// lookup returns the text for a code.
func (c *cmap) lookup(code uint32) (string, bool) {
	if s, ok := c.uni[code]; ok {
		return s, true
	}
	for _, r := range c.uniRngs {
		if code >= r.lo && code <= r.hi {
			return offsetText(r.dst, code-r.lo), true
		}
	}
	return "", false
}

// cid returns the CID of a code under a cidrange/cidchar mapping.
func (c *cmap) cid(code uint32) (uint32, bool) {
	for i := len(c.cids) - 1; i >= 0; i-- { // later definitions win
		r := c.cids[i]
		if code >= r.lo && code <= r.hi {
			return r.cid + code - r.lo, true
		}
	}
	return 0, false
}

// next splits the first code off s using the codespace ranges: the shortest
// prefix that falls in a range of its length. A prefix in no range is taken
// with the shortest codespace length (or def bytes when there are no
// ranges), so that decoding always advances.
func (c *cmap) next(s string, def int) (code uint32, n int) {
	for n := max(c.short, 1); n <= 4 && n <= len(s); n++ {
		for _, r := range c.space {
			if len(r.lo) == n && inRange(s[:n], r) {
				return codeOf(s[:n]), n
			}
		}
	}
	short := c.short
	if short == 0 {
		short = def
	}
	n = min(short, len(s))
	return codeOf(s[:n]), n
}

func inRange(s string, r codeRange) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < r.lo[i] || s[i] > r.hi[i] {
			return false
		}
	}
	return true
}

// encoding is the code→CID side of a composite font: a predefined CMap
// named in /Encoding or an embedded CMap stream.
type encoding struct {
	kind     encKind
	embedded *cmap // for encEmbedded
	vertical bool  // -V CMaps: glyphs advance downwards
}

// encKind says how a composite font's codes are split and understood.
type encKind uint8

const (
	encIdentity encKind = iota // Identity-H/V: two-byte codes, CID = code
	encEmbedded                // embedded CMap stream: codespace and cidranges
	encUCS2                    // UniGB-UCS2-H: two-byte codes that are UTF-16BE text
	encUTF16                   // UniGB-UTF16-H: UTF-16BE, surrogate pairs are four bytes
	encGBK                     // GBK-EUC-H and friends: GBK/GB18030 byte codes
)

// predefinedEncoding interprets the name of a predefined CMap. Only the
// Identity and simplified-Chinese ones occur in budget reports; unknown names
// fall back to Identity (two-byte codes) and known=false.
func predefinedEncoding(name string) (e encoding, known bool) {
	e.vertical = strings.HasSuffix(name, "-V")
	base := strings.TrimSuffix(strings.TrimSuffix(name, "-V"), "-H")
	switch {
	case base == "Identity":
		e.kind = encIdentity
	case strings.HasPrefix(base, "Uni") && strings.HasSuffix(base, "-UCS2"):
		e.kind = encUCS2
	case strings.HasPrefix(base, "Uni") && strings.HasSuffix(base, "-UTF16"):
		e.kind = encUTF16
	case base == "GBK-EUC", base == "GB-EUC", base == "GBK2K", base == "GBKp-EUC", base == "GBpc-EUC":
		e.kind = encGBK
	default:
		return encoding{kind: encIdentity, vertical: e.vertical}, false
	}
	return e, true
}

// next splits the first code off s.
func (e *encoding) next(s string) (code uint32, n int) {
	switch e.kind {
	case encEmbedded:
		return e.embedded.next(s, 2)
	case encUTF16:
		if len(s) >= 4 && s[0] >= 0xD8 && s[0] <= 0xDB {
			return codeOf(s[:4]), 4
		}
	case encGBK:
		switch {
		case s[0] < 0x80 || len(s) == 1:
			return uint32(s[0]), 1
		case len(s) >= 4 && s[1] >= 0x30 && s[1] <= 0x39: // GB18030 four-byte code
			return codeOf(s[:4]), 4
		}
	}
	n = min(2, len(s))
	return codeOf(s[:n]), n
}

// text is the Unicode text a predefined CMap implies for a code, for fonts
// without a ToUnicode map: UCS2/UTF16 codes are the text, GBK codes decode
// through GB18030 (a superset of GBK and GB2312).
func (e *encoding) text(code uint32, n int) (string, bool) {
	switch e.kind {
	case encUCS2, encUTF16:
		return string(utf16.Decode(utf16Units(string(codeBytes(code, n))))), true
	case encGBK:
		if n == 1 {
			return string(rune(code)), true
		}
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(codeBytes(code, n))
		if err != nil || !utf8.Valid(out) || string(out) == "\uFFFD" {
			return "", false
		}
		return string(out), true
	}
	return "", false
}

// cid returns the glyph id for a code when the encoding defines it.
func (e *encoding) cid(code uint32) (uint32, bool) {
	switch e.kind {
	case encIdentity:
		return code, true
	case encEmbedded:
		return e.embedded.cid(code)
	}
	return 0, false
}

package pdf

import (
	"strconv"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
)

// A font dictionary tells three things about the strings shown with it
// (PDF 32000-1:2008, §9.5–9.10):
//
//   - how to split a string into character codes: one byte per code for
//     simple fonts (Type1, TrueType, Type3); for composite fonts (Type0)
//     whatever the /Encoding CMap's codespace says, usually two bytes
//     (Identity-H);
//   - how far each code advances the pen: simple fonts list /Widths from
//     /FirstChar on; composite fonts have a /W array on their descendant
//     CIDFont, keyed by CID, with /DW for the rest; widths are in
//     thousandths of the font size (Type3 fonts scale by their /FontMatrix);
//   - what text each code stands for: the /ToUnicode CMap if there is one,
//     else the /Encoding (a base encoding plus /Differences naming glyphs,
//     for simple fonts; a predefined CMap such as UniGB-UCS2-H for
//     composite ones).
//
// Chinese reports are nearly all Type0 Identity-H fonts with a ToUnicode
// map; Word adds simple WinAnsi TrueType fonts for Latin text and digits,
// and LibreOffice splits CJK subsets into simple fonts whose ToUnicode maps
// single bytes to Chinese characters.

// font is a loaded font, shared by every page that uses the same dictionary.
type font struct {
	name      string // BaseFont, raw bytes (may be GBK), for warnings only
	composite bool

	// Simple fonts.
	widths    []float64 // Widths[code-firstChar], in text space units
	firstChar int
	missing   float64     // MissingWidth, text space units
	enc       [256]string // text per code from Encoding/Differences
	scale     float64     // glyph space → text space: 0.001, or FontMatrix[0] for Type3

	// Composite fonts.
	cmapEnc encoding
	cidW    map[uint32]float64 // from W: CID → width, text space units
	cidWRng []widthRange
	dw      float64

	toUnicode *cmap // nil when the font has none

	ascent, descent float64 // text space units: above (+) and below (−) the baseline

	unmapped int // codes shown that had no Unicode mapping
}

// widthRange is a "cfirst clast w" entry of a W array.
type widthRange struct {
	lo, hi uint32
	w      float64
}

// Default metrics when the font descriptor gives none or nonsense: a CJK
// face sits about 0.88 em above and 0.12 em below its baseline.
const (
	defaultAscent  = 0.88
	defaultDescent = -0.12
)

// loadFont reads a font dictionary. readStream decodes an embedded stream
// (ToUnicode, Encoding CMap) within the document's limits.
func loadFont(v lpdf.Value, readStream func(lpdf.Value) []byte) *font {
	f := &font{
		name:    v.Key("BaseFont").Name(),
		scale:   0.001,
		ascent:  defaultAscent,
		descent: defaultDescent,
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		f.toUnicode = parseCMap(readStream(tu))
	}
	desc := v.Key("FontDescriptor")
	if v.Key("Subtype").Name() == "Type0" {
		f.composite = true
		df := v.Key("DescendantFonts").Index(0)
		desc = df.Key("FontDescriptor")
		f.loadComposite(v, df, readStream)
	} else {
		f.loadSimple(v, desc)
	}
	f.loadMetrics(desc)
	return f
}

// loadMetrics takes Ascent/Descent from the font descriptor when they are
// plausible; producers write 0, or values in the wrong units, often enough.
func (f *font) loadMetrics(desc lpdf.Value) {
	if a := desc.Key("Ascent").Float64() / 1000; a >= 0.5 && a <= 1.2 {
		f.ascent = a
	}
	if d := desc.Key("Descent").Float64() / 1000; d < 0 && d >= -0.5 {
		f.descent = d
	}
}

func (f *font) loadSimple(v, desc lpdf.Value) {
	if v.Key("Subtype").Name() == "Type3" {
		if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
			f.scale = m.Index(0).Float64()
		}
	}
	f.firstChar = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	f.widths = make([]float64, ws.Len())
	for i := range f.widths {
		f.widths[i] = ws.Index(i).Float64() * f.scale
	}
	f.missing = desc.Key("MissingWidth").Float64() * f.scale
	if f.missing == 0 && len(f.widths) == 0 {
		// A standard-14 font without Widths: we have no AFM metrics, so
		// assume an average Latin advance.
		f.missing = 0.5
	}

	base := standardRune
	if v.Key("Subtype").Name() == "TrueType" {
		base = winAnsiRune
	}
	encV := v.Key("Encoding")
	baseName := encV.Name()
	if encV.Kind() == lpdf.Dict {
		baseName = encV.Key("BaseEncoding").Name()
	}
	switch baseName {
	case "WinAnsiEncoding":
		base = winAnsiRune
	case "MacRomanEncoding":
		base = macRomanRune
	case "StandardEncoding":
		base = standardRune
	}
	for c := 1; c < 256; c++ {
		if r := base(byte(c)); r != 0 {
			f.enc[c] = string(r)
		}
	}
	diffs := encV.Key("Differences")
	code := 0
	for i := 0; i < diffs.Len(); i++ {
		d := diffs.Index(i)
		switch d.Kind() {
		case lpdf.Integer, lpdf.Real:
			code = int(d.Float64())
		case lpdf.Name:
			if code >= 0 && code < 256 {
				if r, ok := glyphRune(d.Name()); ok {
					f.enc[code] = string(r)
				}
			}
			code++
		}
	}
}

func (f *font) loadComposite(v, df lpdf.Value, readStream func(lpdf.Value) []byte) {
	encV := v.Key("Encoding")
	if encV.Kind() == lpdf.Stream {
		f.cmapEnc = encoding{kind: encEmbedded, embedded: parseCMap(readStream(encV))}
		f.cmapEnc.vertical = encV.Key("WMode").Int64() == 1
	} else {
		f.cmapEnc, _ = predefinedEncoding(encV.Name())
	}
	f.dw = 1.0
	if dw := df.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
		f.dw = dw.Float64() / 1000
	}
	f.cidW, f.cidWRng = parseW(df.Key("W"))
}

// parseW reads a CIDFont's W array, which mixes two forms:
//
//	c [w1 w2 ...]    CIDs c, c+1, ... have widths w1, w2, ...
//	cfirst clast w   every CID from cfirst to clast has width w
func parseW(w lpdf.Value) (map[uint32]float64, []widthRange) {
	m := make(map[uint32]float64)
	var rngs []widthRange
	for i := 0; i < w.Len(); {
		first := w.Index(i)
		if first.Kind() != lpdf.Integer && first.Kind() != lpdf.Real {
			break
		}
		c := uint32(first.Float64())
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for j := 0; j < next.Len(); j++ {
				m[c+uint32(j)] = next.Index(j).Float64() / 1000
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			break
		}
		last := uint32(next.Float64())
		if last >= c {
			rngs = append(rngs, widthRange{c, last, w.Index(i+2).Float64() / 1000})
		}
		i += 3
	}
	return m, rngs
}

// next splits the first character code off a shown string.
func (f *font) next(s string) (code uint32, n int) {
	if f.composite {
		return f.cmapEnc.next(s)
	}
	return uint32(s[0]), 1
}

// vertical reports whether the font writes top to bottom: a composite
// font with a -V (WMode 1) encoding CMap.
func (f *font) vertical() bool {
	return f.composite && f.cmapEnc.vertical
}

// width is the horizontal advance of a code in text space units (before
// multiplying by the font size).
func (f *font) width(code uint32, n int) float64 {
	if !f.composite {
		if i := int(code) - f.firstChar; i >= 0 && i < len(f.widths) {
			return f.widths[i]
		}
		return f.missing
	}
	cid, ok := f.cmapEnc.cid(code)
	if !ok {
		// Predefined CMaps map codes to CIDs through tables we do not
		// carry: one-byte codes are half-width, two-byte codes full-width.
		if n == 1 {
			return f.dw / 2
		}
		return f.dw
	}
	if w, ok := f.cidW[cid]; ok {
		return w
	}
	for _, r := range f.cidWRng {
		if cid >= r.lo && cid <= r.hi {
			return r.w
		}
	}
	return f.dw
}

// text is the Unicode text of a code: ToUnicode first, then what the
// encoding implies. A code with no mapping at all becomes U+FFFD and is
// counted for the document's warnings.
func (f *font) text(code uint32, n int) string {
	if f.toUnicode != nil {
		if s, ok := f.toUnicode.lookup(code); ok {
			return s
		}
	}
	if !f.composite {
		if s := f.enc[code&0xFF]; s != "" {
			return s
		}
		return string(rune(code))
	}
	if s, ok := f.cmapEnc.text(code, n); ok {
		return s
	}
	f.unmapped++
	return "\uFFFD"
}

// Base encodings of simple fonts. WinAnsi is Windows code page 1252 and
// MacRoman is the classic Mac OS Roman; both come from x/text. Standard is
// ASCII with curly quotes in the lower half and its own upper half.

func winAnsiRune(b byte) rune {
	if b < 0x20 {
		return 0
	}
	r := charmap.Windows1252.DecodeByte(b)
	if r == '\uFFFD' {
		return 0
	}
	return r
}

func macRomanRune(b byte) rune {
	if b < 0x20 {
		return 0
	}
	return charmap.Macintosh.DecodeByte(b)
}

func standardRune(b byte) rune {
	switch {
	case b == 0x27:
		return '\u2019'
	case b == 0x60:
		return '\u2018'
	case b >= 0x20 && b < 0x7F:
		return rune(b)
	case b >= 0xA1:
		if r, ok := glyphRune(standardUpper[b]); ok {
			return r
		}
	}
	return 0
}

// standardUpper names the glyphs of StandardEncoding from 0xA1 up.
var standardUpper = map[byte]string{
	0xA1: "exclamdown", 0xA2: "cent", 0xA3: "sterling", 0xA4: "fraction", 0xA5: "yen",
	0xA6: "florin", 0xA7: "section", 0xA8: "currency", 0xA9: "quotesingle",
	0xAA: "quotedblleft", 0xAB: "guillemotleft", 0xAC: "guilsinglleft",
	0xAD: "guilsinglright", 0xAE: "fi", 0xAF: "fl", 0xB1: "endash", 0xB2: "dagger",
	0xB3: "daggerdbl", 0xB4: "periodcentered", 0xB6: "paragraph", 0xB7: "bullet",
	0xB8: "quotesinglbase", 0xB9: "quotedblbase", 0xBA: "quotedblright",
	0xBB: "guillemotright", 0xBC: "ellipsis", 0xBD: "perthousand", 0xBF: "questiondown",
	0xC1: "grave", 0xC2: "acute", 0xC3: "circumflex", 0xC4: "tilde", 0xC5: "macron",
	0xC6: "breve", 0xC7: "dotaccent", 0xC8: "dieresis", 0xCA: "ring", 0xCB: "cedilla",
	0xCD: "hungarumlaut", 0xCE: "ogonek", 0xCF: "caron", 0xD0: "emdash", 0xE1: "AE",
	0xE3: "ordfeminine", 0xE8: "Lslash", 0xE9: "Oslash", 0xEA: "OE", 0xEB: "ordmasculine",
	0xF1: "ae", 0xF5: "dotlessi", 0xF8: "lslash", 0xF9: "oslash", 0xFA: "oe", 0xFB: "germandbls",
}

// asciiNames are the glyph names of codes 0x20–0x7E.
var asciiNames = strings.Fields(`space exclam quotedbl numbersign dollar percent ampersand
	quotesingle parenleft parenright asterisk plus comma hyphen period slash
	zero one two three four five six seven eight nine colon semicolon less equal
	greater question at A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
	bracketleft backslash bracketright asciicircum underscore grave
	a b c d e f g h i j k l m n o p q r s t u v w x y z
	braceleft bar braceright asciitilde`)

// winAnsiNames are the glyph names of WinAnsiEncoding codes 0x80–0xFF
// ("-" where the code is unused); their Unicode values come from cp1252.
var winAnsiNames = strings.Fields(`Euro - quotesinglbase florin quotedblbase ellipsis
	dagger daggerdbl circumflex perthousand Scaron guilsinglleft OE - Zcaron -
	- quoteleft quoteright quotedblleft quotedblright bullet endash emdash
	tilde trademark scaron guilsinglright oe - zcaron Ydieresis
	nbspace exclamdown cent sterling currency yen brokenbar section
	dieresis copyright ordfeminine guillemotleft logicalnot sfthyphen registered macron
	degree plusminus twosuperior threesuperior acute mu paragraph periodcentered
	cedilla onesuperior ordmasculine guillemotright onequarter onehalf threequarters questiondown
	Agrave Aacute Acircumflex Atilde Adieresis Aring AE Ccedilla
	Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis
	Eth Ntilde Ograve Oacute Ocircumflex Otilde Odieresis multiply
	Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn germandbls
	agrave aacute acircumflex atilde adieresis aring ae ccedilla
	egrave eacute ecircumflex edieresis igrave iacute icircumflex idieresis
	eth ntilde ograve oacute ocircumflex otilde odieresis divide
	oslash ugrave uacute ucircumflex udieresis yacute thorn ydieresis`)

// glyphNames maps glyph names to Unicode: the ASCII and WinAnsi names plus
// the few other Latin names that StandardEncoding uses. It is built once and
// only read afterwards.
var glyphNames = func() map[string]rune {
	m := map[string]rune{
		"fi": '\uFB01', "fl": '\uFB02', "fraction": '\u2044', "dotlessi": '\u0131',
		"Lslash": '\u0141', "lslash": '\u0142', "ring": '\u02DA', "breve": '\u02D8',
		"dotaccent": '\u02D9', "hungarumlaut": '\u02DD', "ogonek": '\u02DB',
		"caron": '\u02C7', "minus": '\u2212', "middot": '\u00B7',
	}
	for i, n := range asciiNames {
		m[n] = rune(0x20 + i)
	}
	for i, n := range winAnsiNames {
		if n != "-" {
			m[n] = charmap.Windows1252.DecodeByte(byte(0x80 + i))
		}
	}
	return m
}()

// glyphRune resolves a glyph name: a known name, uniXXXX, or uXXXX[XX].
// Names like g123 or cid456 carry no meaning and return ok=false.
func glyphRune(name string) (rune, bool) {
	if r, ok := glyphNames[name]; ok {
		return r, true
	}
	if i := strings.IndexByte(name, '.'); i > 0 { // "a.sc", "one.oldstyle"
		return glyphRune(name[:i])
	}
	var hex string
	switch {
	case strings.HasPrefix(name, "uni") && len(name) >= 7:
		hex = name[3:7]
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hex = name[1:]
	default:
		return 0, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || v > 0x10FFFF || v >= 0xD800 && v <= 0xDFFF {
		return 0, false
	}
	return rune(v), true
}

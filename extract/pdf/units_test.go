package pdf

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cnbudget/cnbudget/internal/testenv"
	lpdf "github.com/ledongthuc/pdf"
)

func TestParseCMap(t *testing.T) {
	c := parseCMap([]byte(`
		2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
		3 beginbfchar <41> <0041> <8140> <4E2D> <8141> /space endbfchar
		2 beginbfrange <8150> <8152> <6587> <8160> <8162> [<0031> <D840DC00> <00660069>] endbfrange
		1 beginbfrange <9000> <9FFF> <4E00> endbfrange`))

	// Codes are split by the codespace: one byte up to 0x80, else two; a
	// prefix in no range (90 01) is taken one byte at a time.
	s := "A\x81\x40\x90\x41\x90\x01"
	var codes []uint32
	for len(s) > 0 {
		code, n := c.next(s, 2)
		codes = append(codes, code)
		s = s[n:]
	}
	if want := []uint32{0x41, 0x8140, 0x9041, 0x90, 0x01}; !slices.Equal(codes, want) {
		t.Errorf("codes = %x, want %x", codes, want)
	}

	for code, want := range map[uint32]string{
		0x41:   "A",
		0x8140: "中",
		0x8141: " ", // a glyph-name destination
		0x8150: "文", // string form: 8150→6587, 8151→6588
		0x8151: "\u6588",
		0x8160: "1",          // array form
		0x8161: "\U00020000", // surrogate pair
		0x8162: "fi",         // two characters
		0x9001: "丁",          // large range, kept unexpanded: 4E00+1
	} {
		if got, ok := c.lookup(code); !ok || got != want {
			t.Errorf("lookup(%x) = %q, %v; want %q", code, got, ok, want)
		}
	}
	if _, ok := c.lookup(0x8153); ok {
		t.Error("lookup(8153) found a mapping outside every range")
	}
	if len(c.uniRngs) != 1 {
		t.Errorf("%d unexpanded ranges, want 1 (the 4096-code range)", len(c.uniRngs))
	}
}

func TestParseCMapCIDRanges(t *testing.T) {
	c := parseCMap([]byte(`1 begincodespacerange <0000> <FFFF> endcodespacerange
		1 begincidrange <0100> <01FF> 1000 endcidrange 1 begincidchar <0150> 7 endcidchar`))
	for code, want := range map[uint32]uint32{0x0100: 1000, 0x0101: 1001, 0x0150: 7} {
		if got, ok := c.cid(code); !ok || got != want {
			t.Errorf("cid(%x) = %d, %v; want %d", code, got, ok, want)
		}
	}
}

// TestPredefinedEncodings covers the simplified-Chinese predefined CMaps
// used when a composite font has no ToUnicode map.
func TestPredefinedEncodings(t *testing.T) {
	for _, tc := range []struct {
		cmap, codes string
		want        []string
	}{
		{"GBK-EUC-H", "\xD6\xD0A\xCE\xC4", []string{"中", "A", "文"}},
		{"GB-EUC-H", "\xB2\xC6\xD5\xFE", []string{"财", "政"}},
		{"GBK2K-H", "\x81\x30\x81\x30", []string{"\u0080"}}, // a GB18030 four-byte code
		{"UniGB-UCS2-H", "\x4E\x2D\x00\x31", []string{"中", "1"}},
		{"UniGB-UTF16-H", "\xD8\x40\xDC\x00\x65\x87", []string{"\U00020000", "文"}},
	} {
		e, known := predefinedEncoding(tc.cmap)
		if !known {
			t.Errorf("%s: not known", tc.cmap)
			continue
		}
		var got []string
		for s := tc.codes; len(s) > 0; {
			code, n := e.next(s)
			text, _ := e.text(code, n)
			got = append(got, text)
			s = s[n:]
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.cmap, got, tc.want)
		}
	}
	if e, known := predefinedEncoding("Identity-V"); !known || e.kind != encIdentity || !e.vertical {
		t.Errorf("Identity-V = %+v, %v", e, known)
	}
}

// TestParseW covers both forms of a W array through a real font dictionary.
func TestParseW(t *testing.T) {
	dict := `<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H
		/DescendantFonts [<< /Subtype /CIDFontType2 /W [10 [100 200 300] 20 29 400 30 [500]] >>] >>`
	data := onePage("", "<< /Font << /F1 5 0 R >> >>", "", dict)
	lr, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	d := &docReader{fonts: make(map[string]*font)}
	f := d.font(lr.Trailer().Key("Root").Key("Pages").Key("Kids").Index(0).Key("Resources").Key("Font").Key("F1"))
	for cid, want := range map[uint32]float64{10: 0.1, 11: 0.2, 12: 0.3, 13: 1, 20: 0.4, 29: 0.4, 30: 0.5, 31: 1} {
		if got := f.width(cid, 2); got != want {
			t.Errorf("width(%d) = %v, want %v", cid, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"⼈":          "人", // Kangxi radical
		"⾦":          "金",
		"⽀":          "支",
		"⻓":          "长",      // CJK Radicals Supplement
		"\uF900":     "\u8C48", // compatibility ideograph
		"\U0002F800": "\u4E3D",
		"２０２３":       "2023",
		"ＡＢｃ":        "ABc",
		"\u3000":     " ",
		"\u00A0":     " ",
		"因公出国（境）费":   "因公出国（境）费", // full-width punctuation stays
		"：，、":        "：，、",
		"abc 123":    "abc 123",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGlyphNames(t *testing.T) {
	for name, want := range map[string]rune{
		"space": ' ', "A": 'A', "zero": '0', "quotesingle": '\'', "Euro": '€',
		"emdash": '—', "udieresis": 'ü', "uni4E2D": '中', "u4E2D": '中', "u20000": 0x20000,
		"fi": 'ﬁ', "a.sc": 'a',
	} {
		if got, ok := glyphRune(name); !ok || got != want {
			t.Errorf("glyphRune(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"g12", "cid456", "uniXYZW", ""} {
		if r, ok := glyphRune(name); ok {
			t.Errorf("glyphRune(%q) = %q, want no mapping", name, r)
		}
	}
	if len(asciiNames) != 95 || len(winAnsiNames) != 128 {
		t.Errorf("name tables have %d and %d entries, want 95 and 128", len(asciiNames), len(winAnsiNames))
	}
}

// TestMalformedFiles: broken files must give errors, never panics.
func TestMalformedFiles(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	garbage := make([]byte, 4096)
	rng.Read(garbage)
	cases := map[string][]byte{
		"empty":               nil,
		"header only":         []byte("%PDF-1.4\n"),
		"random after header": append([]byte("%PDF-1.4\n"), garbage...),
		"random with EOF":     append(append([]byte("%PDF-1.4\n"), garbage...), "\nstartxref\n9\n%%EOF\n"...),
	}
	realDir := filepath.Join(testenv.RepoRoot(t), "..", "shared", "real")
	if files, _ := filepath.Glob(filepath.Join(realDir, "*.pdf")); len(files) > 0 {
		data, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		cases["truncated real file"] = data[:len(data)/2]
	}
	if data, err := os.ReadFile("../../fixtures/broken/truncated.pdf"); err == nil {
		cases["fixtures/broken/truncated.pdf"] = data
	}
	for name, data := range cases {
		doc, err := Read(bytes.NewReader(data), int64(len(data)))
		if err == nil {
			t.Errorf("%s: no error, %d pages", name, len(doc.Pages))
		}
	}
}

package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"strings"
	"testing"
)

// buildPDF writes a minimal PDF whose objects are numbered 1, 2, ... in
// order; object 1 must be the catalog. trailerExtra is added to the trailer.
func buildPDF(trailerExtra string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailerExtra, xref)
	return b.Bytes()
}

// stream writes a stream object with an exact /Length.
func stream(dict, data string) string {
	return fmt.Sprintf("<< /Length %d %s >>\nstream\n%s\nendstream", len(data), dict, data)
}

func readBytes(t *testing.T, data []byte) *Document {
	t.Helper()
	doc, err := Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// onePage builds a one-page document: objects 1 catalog, 2 pages, 3 page
// (with the given extra page keys and resources), 4 content; more objects
// follow from 5.
func onePage(pageExtra, resources, content string, more ...string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources " + resources + " " + pageExtra + " >>",
		stream("", content),
	}
	return buildPDF("", append(objs, more...)...)
}

type wantGlyph struct {
	text           string
	x0, y0, x1, y1 float64
}

func checkGlyphs(t *testing.T, got []Glyph, want []wantGlyph) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d glyphs, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Text != w.text || !near(g.X0, w.x0) || !near(g.Y0, w.y0) || !near(g.X1, w.x1) || !near(g.Y1, w.y1) {
			t.Errorf("glyph %d = %q [%.2f %.2f %.2f %.2f], want %q [%.2f %.2f %.2f %.2f]",
				i, g.Text, g.X0, g.Y0, g.X1, g.Y1, w.text, w.x0, w.y0, w.x1, w.y1)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

const identityFont = `<< /Type /Font /Subtype /Type0 /BaseFont /#CB#CE#CC#E5 /Encoding /Identity-H
	/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /#CB#CE#CC#E5
		/DW 900 /W [1 [500 600] 3 5 700] >>] /ToUnicode 5 0 R >>`

const toUnicode = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <4E2D> <0002> <6587> endbfchar
1 beginbfrange <0003> <0005> <0041> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`

// TestIdentityH covers a composite font: two-byte codes, W widths (both
// forms) and DW, ToUnicode, Tm, TJ kerning, and an unmapped code.
func TestIdentityH(t *testing.T) {
	content := `BT /F1 10 Tf 1 0 0 1 20 50 Tm <000100020003> Tj [<0004> -1000 <0005>] TJ <0006> Tj ET`
	doc := readBytes(t, onePage("", "<< /Font << /F1 "+identityFont+" >> >>", content, stream("", toUnicode)))
	// Baseline y=50 is 50 from the top of a 100pt page; ascent 8.8, descent 1.2.
	checkGlyphs(t, doc.Pages[0].Glyphs, []wantGlyph{
		{"中", 20, 41.2, 25, 51.2},
		{"文", 25, 41.2, 31, 51.2},
		{"A", 31, 41.2, 38, 51.2},
		{"B", 38, 41.2, 45, 51.2},
		{"C", 55, 41.2, 62, 51.2}, // TJ -1000 moved the pen 10 right
		{"\uFFFD", 62, 41.2, 71, 51.2},
	})
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "1 glyphs have no Unicode mapping") {
		t.Errorf("warnings = %q, want one about the unmapped glyph", doc.Warnings)
	}
}

// TestSimpleFont covers a simple font: Widths, an Encoding with
// Differences, Td/TD/T*, Tc, Tw (single-byte space only), Tz and Ts.
func TestSimpleFont(t *testing.T) {
	font := `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 66
		/Widths [250 ` + strings.Repeat("0 ", 32) + ` 600 700]
		/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /uni4E2D 66 /g12] >> >>`
	content := `BT /F1 10 Tf 10 80 Td (A) Tj 0 -20 TD (B B) Tj 1 Tc 2 Tw T* (A) Tj 50 Tz 0 Tc (A) Tj 3 Ts (A) Tj ET`
	doc := readBytes(t, onePage("", "<< /Font << /F1 "+font+" >> >>", content))
	checkGlyphs(t, doc.Pages[0].Glyphs, []wantGlyph{
		{"中", 10, 11.2, 16, 21.2},
		{"B", 10, 31.2, 17, 41.2},   // line 2, 20 below
		{" ", 17, 31.2, 19.5, 41.2}, // no Tw yet
		{"B", 19.5, 31.2, 26.5, 41.2},
		{"中", 10, 51.2, 16, 61.2}, // T* uses the leading set by TD
		{"中", 17, 51.2, 20, 61.2}, // after 6+Tc 1; now Tz 50 halves the width
		{"中", 20, 48.2, 23, 58.2}, // Ts 3 raises the glyph
	})
}

// TestRules covers stroked lines and rectangles under a CTM, thin filled
// rectangles, and the paths that are not rules.
func TestRules(t *testing.T) {
	content := `q 1 0 0 1 10 10 cm 0 0 m 100 0.3 l S Q
		20 20 50 30 re S
		10 5 m 60 50 l S
		0 0 m 10 10 20 10 30 0 c S
		100 60 80 0.5 re f
		150 20 1 40 re f
		10 10 50 50 re f
		120 90 m 130 90 l 130 95 l 120 95 l h n`
	doc := readBytes(t, onePage("", "<< >>", content))
	want := []Rule{
		{10, 89.85, 110, 89.85}, // y flipped: 100-(10+0.15)
		{20, 80, 70, 80}, {70, 50, 70, 80}, {20, 50, 70, 50}, {20, 50, 20, 80},
		{100, 39.75, 180, 39.75},
		{150.5, 40, 150.5, 80},
	}
	got := doc.Pages[0].Rules
	if len(got) != len(want) {
		t.Fatalf("got %d rules %v, want %v", len(got), got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !near(g.X0, w.X0) || !near(g.Y0, w.Y0) || !near(g.X1, w.X1) || !near(g.Y1, w.Y1) {
			t.Errorf("rule %d = %v, want %v", i, g, w)
		}
	}
}

// TestFormXObject covers Do with a form's Matrix and Resources, q/Q around
// it, and a form that draws itself.
func TestFormXObject(t *testing.T) {
	font := `<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 65 /LastChar 65 /Widths [500] /Encoding /WinAnsiEncoding >>`
	form := stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 30 0] /Resources << /Font << /F9 6 0 R >> /XObject << /X 5 0 R >> >>",
		"BT /F9 10 Tf 0 50 Td (A) Tj ET /X Do")
	doc := readBytes(t, onePage("", "<< /XObject << /X 5 0 R >> >>", "q 1 0 0 1 10 0 cm /X Do Q /X Do", form, font))
	checkGlyphs(t, doc.Pages[0].Glyphs, []wantGlyph{
		{"A", 40, 41.2, 45, 51.2},
		{"A", 30, 41.2, 35, 51.2},
	})
	if len(doc.Warnings) != 2 || !strings.Contains(doc.Warnings[0], "draws itself") {
		t.Errorf("warnings = %q, want two about the self-drawing form", doc.Warnings)
	}
}

// TestOperatorCap: a small file that draws one form a great many times is
// cut off with a warning, not run to the end.
func TestOperatorCap(t *testing.T) {
	form := stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100]", strings.Repeat("0 0 m 10 0 l S ", 1000))
	content := strings.Repeat("/X Do ", 1000) // 1000 forms × 3000 operators
	doc := readBytes(t, onePage("", "<< /XObject << /X 5 0 R >> >>", content, form))
	capped := 0
	for _, w := range doc.Warnings {
		if strings.Contains(w, "operators; the rest of the page is not read") {
			capped++
		}
	}
	if capped != 1 {
		t.Errorf("warnings = %q, want one about the operator cap", doc.Warnings)
	}
}

// TestMissingFontAndBadOperands: text in a font the page does not have is
// skipped with one warning per page, and a " operator whose operands are
// not two numbers and a string does nothing.
func TestMissingFontAndBadOperands(t *testing.T) {
	doc := readBytes(t, onePage("", "<< >>", `BT /F1 10 Tf (A) Tj (B) Tj ET`))
	if len(doc.Pages[0].Glyphs) != 0 {
		t.Errorf("glyphs = %+v, want none", doc.Pages[0].Glyphs)
	}
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], `font "F1" not found`) {
		t.Errorf("warnings = %q, want one saying F1 is not found", doc.Warnings)
	}
	// In a font the page has: three strings before " draw nothing, two
	// numbers and a string draw it.
	font := `<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 65 /LastChar 99 /Widths [500] >>`
	doc = readBytes(t, onePage("", "<< /Font << /F1 5 0 R >> >>", `BT /F1 10 Tf 12 TL 10 80 Td (a) (b) (c) " 1 2 (A) " ET`, font))
	if g := doc.Pages[0].Glyphs; len(g) != 1 || g[0].Text != "A" {
		t.Errorf("glyphs = %+v, want the one A", g)
	}
}

// TestRotatedPage checks that /Rotate 90 turns coordinates to the page as
// displayed: 100 wide, 200 high.
func TestRotatedPage(t *testing.T) {
	font := `<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 65 /LastChar 65 /Widths [500] >>`
	doc := readBytes(t, onePage("/Rotate 90", "<< /Font << /F1 5 0 R >> >>", "BT /F1 10 Tf 20 30 Td (A) Tj ET", font))
	p := doc.Pages[0]
	if p.Width != 100 || p.Height != 200 {
		t.Errorf("page size %vx%v, want 100x200", p.Width, p.Height)
	}
	// The glyph runs down the displayed page; its box spans the advance in y.
	checkGlyphs(t, p.Glyphs, []wantGlyph{{"A", 28.8, 20, 38.8, 25}})
}

// TestInfo checks Info strings: UTF-16BE with a byte order mark and
// PDFDocEncoding.
func TestInfo(t *testing.T) {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
		"<< /Title <FEFF98847B97> /Producer (WPS Office) >>",
	}
	doc := readBytes(t, buildPDF("/Info 4 0 R", objs...))
	if doc.Info["Title"] != "预算" || doc.Info["Producer"] != "WPS Office" {
		t.Errorf("Info = %q", doc.Info)
	}
}

// TestEncrypted checks that a file needing a password fails with a clear
// error (the empty user password does not open it).
func TestEncrypted(t *testing.T) {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + strings.Repeat("11", 32) + "> /U <" + strings.Repeat("22", 32) + "> >>",
	}
	data := buildPDF("/Encrypt 3 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]", objs...)
	_, err := Read(bytes.NewReader(data), int64(len(data)))
	if err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Errorf("err = %v, want one saying the file is encrypted", err)
	}
}

// TestMalformedContent runs garbage through the interpreter: it must
// neither panic nor loop.
func TestMalformedContent(t *testing.T) {
	for _, content := range []string{
		"BT /F1 Tf (unterminated Tj",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ TJ",
		"<< /a << /b >> >> BDC ) ] } >> -- 1.2.3 Td Q Q Q cm re S f",
		"BI /W 1 /H 1 ID \x00\x01EI garbage EI Q",
		"q /X Do /Missing Tf (x) Tj 1 0 0 0 0 0 cm 0 0 m 1 1 l S",
	} {
		doc := readBytes(t, onePage("", "<< >>", content))
		if len(doc.Pages) != 1 {
			t.Errorf("%q: %d pages", content, len(doc.Pages))
		}
	}
}

// TestContentSizeLimit fills the per-page content budget exactly with the
// first of two content streams: the second is over the limit and the
// warning says so.
func TestContentSizeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 64 MiB")
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(bytes.Repeat([]byte{' '}, maxContentBytes))
	w.Close()
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>",
		"<< /Type /Page /Parent 2 0 R /Contents [4 0 R 5 0 R] /Resources << >> >>",
		stream("/Filter /FlateDecode", z.String()),
		stream("", "0 0 m 10 0 l S"),
	}
	doc := readBytes(t, buildPDF("", objs...))
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "page 1: content stream 1: "+errTooLarge.Error()) {
		t.Errorf("warnings = %q, want one that content stream 1 exceeds the size limit", doc.Warnings)
	}
}

// TestFormDecodeError checks that a form XObject that cannot be decoded is
// reported with its page and name.
func TestFormDecodeError(t *testing.T) {
	form := stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Filter /FlateDecode", "not flate data")
	doc := readBytes(t, onePage("", "<< /XObject << /X 5 0 R >> >>", "/X Do", form))
	if len(doc.Warnings) != 1 || !strings.HasPrefix(doc.Warnings[0], "page 1: form XObject /X: ") {
		t.Errorf("warnings = %q, want one naming page 1 and /X", doc.Warnings)
	}
}

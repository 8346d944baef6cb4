package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cnbudget/cnbudget/extract/pdf"
)

// Synthetic pages: text at size sz, a CJK character sz wide, any other
// character half that; y is the top of the line.

func charWidth(r rune, sz float64) float64 {
	if r < 0x2E80 {
		return sz / 2
	}
	return sz
}

func textWidth(s string, sz float64) float64 {
	w := 0.0
	for _, r := range s {
		w += charWidth(r, sz)
	}
	return w
}

// text sets s left-aligned at x.
func text(s string, x, y, sz float64) []pdf.Glyph {
	gs := make([]pdf.Glyph, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		w := charWidth(r, sz)
		gs = append(gs, pdf.Glyph{Text: string(r), X0: x, Y0: y, X1: x + w, Y1: y + sz, Size: sz})
		x += w
	}
	return gs
}

// rtext sets s right-aligned to x1.
func rtext(s string, x1, y, sz float64) []pdf.Glyph {
	return text(s, x1-textWidth(s, sz), y, sz)
}

// ctext centres s on cx.
func ctext(s string, cx, y, sz float64) []pdf.Glyph {
	return text(s, cx-textWidth(s, sz)/2, y, sz)
}

func TestLinesUsePositionsNotStreamOrder(t *testing.T) {
	var gs []pdf.Glyph
	// Excel exports print the body before the title.
	gs = append(gs, text("行政运行", 50, 100, 10)...)
	gs = append(gs, rtext("1,234.56", 300, 100.5, 10)...) // another font, box a little lower
	gs = append(gs, text("支出总表", 120, 60, 16)...)
	got := lineStrings(layoutLines(gs))
	want := []string{"支出总表", "行政运行 1,234.56"}
	if !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

func TestWordsSplitAtGaps(t *testing.T) {
	var gs []pdf.Glyph
	gs = append(gs, text("项", 50, 100, 10)...)
	gs = append(gs, pdf.Glyph{Text: " ", X0: 60, Y0: 100, X1: 65, Y1: 110, Size: 10})
	gs = append(gs, text("目", 90, 100, 10)...) // spread across the cell
	gs = append(gs, text("合计", 200, 100, 10)...)
	gs = append(gs, text("Total sum", 300, 100, 10)...)
	ls := layoutLines(gs)
	if len(ls) != 1 {
		t.Fatalf("got %d lines, want 1", len(ls))
	}
	if got, want := ls[0].String(), "项 目 合计 Total sum"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}

func TestFakeBoldTwinsDropped(t *testing.T) {
	var gs []pdf.Glyph
	for _, g := range text("合计", 50, 100, 10) {
		twin := g
		twin.X0 += 0.4
		twin.X1 += 0.4
		gs = append(gs, g, twin)
	}
	if got := lineStrings(layoutLines(gs)); !slices.Equal(got, []string{"合计"}) {
		t.Errorf("lines = %q, want [合计]", got)
	}
}

func TestLinesApartWhenBaselinesDiffer(t *testing.T) {
	var gs []pdf.Glyph
	gs = append(gs, text("机关事业单位基本养老保险缴", 50, 100, 10)...)
	gs = append(gs, text("费支出", 50, 112, 10)...)
	got := strings.Join(lineStrings(layoutLines(gs)), "/")
	if got != "机关事业单位基本养老保险缴/费支出" {
		t.Errorf("lines = %q", got)
	}
}

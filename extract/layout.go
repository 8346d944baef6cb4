package extract

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/cnbudget/cnbudget/extract/pdf"
)

// Layout thresholds, as fractions of the font size. Producers place glyphs
// in any order (Excel exports print a table's title after its body), so
// lines and words come from positions alone.
const (
	// lineTolerance is how far apart two glyph centres may sit vertically
	// and still belong to one line: CJK and Latin fonts on one baseline
	// have boxes of different heights.
	lineTolerance = 0.3
	// wordGap is the smallest horizontal gap that separates two words. It
	// is below the width of a space in common fonts, so dropped space
	// glyphs still split words, and above the letter spacing of justified
	// Chinese text.
	wordGap = 0.2
	// duplicateShift is how close a repeated glyph must be to its twin to
	// count as the second stroke of fake bold rather than a real letter.
	duplicateShift = 0.2
)

// word is a run of glyphs with no gap wider than wordGap between them.
type word struct {
	text string
	box  Rect
}

// textLine is glyphs sharing a baseline, left to right, split into words.
type textLine struct {
	words []word
	box   Rect
	size  float64 // largest font size on the line
}

// String joins the words with one space: the gap between 项 and 目 in a
// spread-out header is layout, not content.
func (l textLine) String() string {
	parts := make([]string, len(l.words))
	for i, w := range l.words {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

// glyphSize is the glyph's font size, or its box height when the size is
// missing.
func glyphSize(g pdf.Glyph) float64 {
	if g.Size > 0 {
		return g.Size
	}
	return math.Max(g.Y1-g.Y0, 1)
}

// inked reports whether a glyph is not whitespace. Whitespace glyphs carry
// no ink and producers use them to pad cells, so they would only blur the
// geometry.
func inked(g pdf.Glyph) bool { return strings.TrimSpace(g.Text) != "" }

// keepInked drops the whitespace glyphs from gs, in place.
func keepInked(gs []pdf.Glyph) []pdf.Glyph {
	return slices.DeleteFunc(gs, func(g pdf.Glyph) bool { return !inked(g) })
}

// layoutLines groups glyphs into lines, top to bottom. Whitespace glyphs
// are ignored. It works in gs itself, dropping and reordering glyphs, so
// callers pass glyphs they own (the page's, which latticeTables reorders
// and splits, each glyph read once), and a page of tables is not copied
// once more for each cell.
func layoutLines(gs []pdf.Glyph) []textLine {
	gs = keepInked(gs)
	slices.SortStableFunc(gs, func(a, b pdf.Glyph) int {
		return cmp.Compare(a.Y0+a.Y1, b.Y0+b.Y1)
	})
	// A glyph joins the group before it or starts the next, so each group
	// is a run of gs: gs[start:i].
	lines := []textLine{}
	start := 0
	var centre float64 // running mean of the current group's centres
	for i, g := range gs {
		cy := (g.Y0 + g.Y1) / 2
		if i > start {
			size := math.Max(glyphSize(g), glyphSize(gs[start]))
			if math.Abs(cy-centre) <= lineTolerance*size {
				centre += (cy - centre) / float64(i-start+1)
				continue
			}
			lines = append(lines, makeLine(gs[start:i]))
		}
		start, centre = i, cy
	}
	if start < len(gs) {
		lines = append(lines, makeLine(gs[start:]))
	}
	slices.SortStableFunc(lines, func(a, b textLine) int { return cmp.Compare(a.box.Y0, b.box.Y0) })
	return lines
}

// makeLine orders one line's glyphs by x (in place), drops fake-bold twins
// and splits the rest into words.
func makeLine(gs []pdf.Glyph) textLine {
	slices.SortStableFunc(gs, func(a, b pdf.Glyph) int { return cmp.Compare(a.X0, b.X0) })
	var l textLine
	var prev pdf.Glyph
	var text []byte // of the last word, set on it when the word ends
	for i, g := range gs {
		size := glyphSize(g)
		l.size = math.Max(l.size, size)
		if i > 0 && g.Text == prev.Text && math.Abs(g.X0-prev.X0) < duplicateShift*size {
			continue
		}
		box := Rect{g.X0, g.Y0, g.X1, g.Y1}
		if n := len(l.words); n > 0 && g.X0-prev.X1 < wordGap*size {
			w := &l.words[n-1]
			text = append(text, g.Text...)
			w.box = union(w.box, box)
		} else {
			if n > 0 {
				l.words[n-1].text = string(text)
			}
			l.words = append(l.words, word{box: box})
			text = append(text[:0], g.Text...)
		}
		prev = g
	}
	l.words[len(l.words)-1].text = string(text)
	l.box = l.words[0].box
	for _, w := range l.words[1:] {
		l.box = union(l.box, w.box)
	}
	return l
}

// union is the smallest box holding both a and b.
func union(a, b Rect) Rect {
	return Rect{math.Min(a.X0, b.X0), math.Min(a.Y0, b.Y0), math.Max(a.X1, b.X1), math.Max(a.Y1, b.Y1)}
}

// lineStrings is the text of each line.
func lineStrings(ls []textLine) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.String()
	}
	return out
}

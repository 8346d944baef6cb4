// Package pdf reads the text layer of a PDF file: for each page, every glyph
// with its box and every ruling line, in page coordinates. It interprets page
// content itself (on top of github.com/ledongthuc/pdf for objects and
// streams) because table layout needs exact glyph positions and the lines
// that draw cell borders. It knows nothing of tables; see package extract.
package pdf

// Document is what Read returns: the file's pages and its Info dictionary.
type Document struct {
	Pages    []Page
	Info     map[string]string // Producer, Creator, Title, ... decoded to UTF-8
	Warnings []string          // per-page or per-font problems that did not stop reading
}

// Page is one page's glyphs and ruling lines. Coordinates are in points
// with the origin at the top-left of the page's crop box, y growing down.
type Page struct {
	Number        int // 1-based
	Width, Height float64
	Glyphs        []Glyph // in content-stream order
	Rules         []Rule  // horizontal and vertical line segments (stroked paths, thin filled rectangles)
}

// Glyph is one shown character (or the text one character code maps to).
type Glyph struct {
	Text           string  // decoded; look-alike code points (Kangxi radicals, full-width digits, ...) folded to the ordinary character, full-width punctuation kept (fold.go); may be " " for a space glyph
	X0, Y0, X1, Y1 float64 // box: advance width × font size (ascent to descent)
	Size           float64 // font size in page space
}

// Rule is a horizontal or vertical segment, from (X0,Y0) to (X1,Y1) with X0<=X1 and Y0<=Y1.
type Rule struct {
	X0, Y0, X1, Y1 float64
}

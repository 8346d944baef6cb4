package pdf

import (
	"math"

	lpdf "github.com/ledongthuc/pdf"
)

// A page's content stream draws the page by operators on a graphics state
// (PDF 32000-1:2008, §8–9). What matters for reading tables:
//
// Coordinates. Every point is mapped to the page by the current
// transformation matrix (CTM), changed by "a b c d e f cm" and saved and
// restored by q and Q. A matrix [a b c d e f] maps (x, y) to
// (a·x + c·y + e, b·x + d·y + f). We start the CTM with the page's own
// matrix, which flips y and moves the origin to the top-left of the crop
// box (and applies /Rotate), so everything comes out in reading
// coordinates.
//
// Text. Between BT and ET a text matrix Tm places glyphs: Tm and Td/TD/T*
// move to a new line, Tf picks font and size, Tc/Tw/Tz/Ts/TL set character
// spacing, word spacing, horizontal scale, rise and leading. Tj, TJ, ' and
// " show strings; after each glyph the pen advances by
//
//	(w0·size + Tc + Tw if the code is the single byte 32) · Tz
//
// and TJ's numbers move it back by n/1000 of the size (kerning, and the way
// many producers write gaps between table cells). A glyph's position is its
// origin under Trm = [size·Tz 0 0 size 0 rise] × Tm × CTM.
//
// Paths. m, l, c, v, y, h and re build a path that S/s stroke, f/F/f*
// fill, B/b do both, and n discards. Table borders are either stroked lines
// or thin filled rectangles; both become Rules. Curves only move the current
// point: no table border is curved.
//
// Forms. "/Fm1 Do" runs a form XObject's own content with its /Matrix and
// /Resources, nested up to maxFormDepth deep. Images are skipped.
//
// Text in render mode 3 (invisible) is kept like any other: budget reports
// are born digital, and an invisible layer, when present, is the text.
// Glyphs whose origin lies outside the crop box are dropped, as poppler
// does: some producers park hidden copies of text there, and text running
// off the page edge is cut off for the reader too.

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: apply m first, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// apply maps the point (x, y).
func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// gstate is the part of the graphics state that q and Q save.
type gstate struct {
	ctm       matrix
	font      *font
	size      float64
	charSpace float64
	wordSpace float64
	hscale    float64
	leading   float64
	rise      float64
}

// Limits that keep a hostile file from exhausting memory or stack.
const (
	maxGlyphs    = 200000 // per page
	maxRules     = 100000 // per page
	maxSaveDepth = 1024   // nested q
	maxFormDepth = 8      // nested form XObjects
	maxOperands  = 4096   // operands before one operator
	// Operators per page, forms included: a form drawn again and again
	// (/Fm Do a million times) multiplies the work of a small file. Real
	// report pages run a few ten thousand.
	maxOps = 2_000_000
)

// Rules are kept when a segment is straight within ruleSkew points, and a
// filled rectangle counts as a line when its thin side is at most ruleThin.
const (
	ruleSkew = 0.5
	ruleThin = 2.0
)

// point is a path point in page coordinates; curve marks that the segment
// ending here was a curve.
type point struct {
	x, y  float64
	curve bool
}

// path is the path being built: its points in order and where each subpath
// starts. It is one flat slice, reused after each painting operator,
// rather than a slice per subpath: tables draw thousands of rectangles.
type path struct {
	pts    []point
	starts []int
}

// move starts a new subpath at p.
func (pa *path) move(p point) {
	pa.starts = append(pa.starts, len(pa.pts))
	pa.pts = append(pa.pts, p)
}

// line extends the current subpath to p, starting one if there is none.
func (pa *path) line(p point) {
	if len(pa.starts) == 0 {
		pa.starts = append(pa.starts, len(pa.pts))
	}
	pa.pts = append(pa.pts, p)
}

// close closes the current subpath by a line back to its start.
func (pa *path) close() {
	if n := len(pa.starts); n > 0 {
		if sp := pa.pts[pa.starts[n-1]:]; len(sp) > 1 {
			pa.pts = append(pa.pts, point{x: sp[0].x, y: sp[0].y})
		}
	}
}

// subpaths yields each subpath's points.
func (pa *path) subpaths(yield func([]point) bool) {
	for i, start := range pa.starts {
		end := len(pa.pts)
		if i+1 < len(pa.starts) {
			end = pa.starts[i+1]
		}
		if !yield(pa.pts[start:end]) {
			return
		}
	}
}

// reset empties the path, keeping its space.
func (pa *path) reset() { pa.pts, pa.starts = pa.pts[:0], pa.starts[:0] }

// interp runs content streams for one page.
type interp struct {
	doc  *docReader
	page *Page

	gs    gstate
	saved []gstate
	tm    matrix // text matrix
	tlm   matrix // text line matrix

	path path

	res   lpdf.Value
	fonts map[string]*font // by resource name, for res

	forms     []string // form keys being run, to detect cycles
	fontWarns map[string]bool
	dropGlyph bool // glyph cap reached and warned about
	dropRule  bool // rule cap reached and warned about
	ops       int  // operators run on this page, forms included
}

func newInterp(doc *docReader, page *Page, base matrix, res lpdf.Value) *interp {
	return &interp{
		doc:       doc,
		page:      page,
		gs:        gstate{ctm: base, hscale: 1},
		tm:        identity,
		tlm:       identity,
		res:       res,
		fonts:     make(map[string]*font),
		fontWarns: make(map[string]bool),
	}
}

// run executes one content stream.
func (in *interp) run(data []byte) {
	l := lexer{data: data}
	args := make([]object, 0, 16)
	for {
		o, ok := l.next()
		if !ok {
			return
		}
		if o.kind != kOp {
			if len(args) < maxOperands {
				args = append(args, o)
			}
			continue
		}
		if in.ops++; in.ops > maxOps {
			if in.ops == maxOps+1 {
				in.doc.warnf("page %d: more than %d operators; the rest of the page is not read", in.page.Number, maxOps)
			}
			return
		}
		if o.str == "BI" {
			l.skipInlineImage()
		} else {
			in.do(o.str, args)
		}
		clear(args) // and the arrays in them, which the lexer reuses
		args = args[:0]
		l.reset()
	}
}

// nums reads the last n operands as numbers; ok=false when there are fewer
// than n or one is not a number (the operator is then skipped).
func nums(args []object, n int) (v [6]float64, ok bool) {
	if len(args) < n {
		return v, false
	}
	for i, a := range args[len(args)-n:] {
		if a.kind != kNum {
			return v, false
		}
		v[i] = a.num
	}
	return v, true
}

// do executes one operator with its operands.
func (in *interp) do(op string, args []object) {
	switch op {
	// Graphics state.
	case "q":
		if len(in.saved) < maxSaveDepth {
			in.saved = append(in.saved, in.gs)
		}
	case "Q":
		if n := len(in.saved); n > 0 {
			in.gs = in.saved[n-1]
			in.saved = in.saved[:n-1]
		}
	case "cm":
		if v, ok := nums(args, 6); ok {
			in.gs.ctm = matrix(v).mul(in.gs.ctm)
		}

	// Text objects and positioning.
	case "BT":
		in.tm, in.tlm = identity, identity
	case "Tm":
		if v, ok := nums(args, 6); ok {
			in.tm = matrix(v)
			in.tlm = in.tm
		}
	case "Td":
		if v, ok := nums(args, 2); ok {
			in.moveLine(v[0], v[1])
		}
	case "TD":
		if v, ok := nums(args, 2); ok {
			in.gs.leading = -v[1]
			in.moveLine(v[0], v[1])
		}
	case "T*":
		in.moveLine(0, -in.gs.leading)

	// Text state: one number each.
	case "Tc", "Tw", "Tz", "TL", "Ts":
		v, ok := nums(args, 1)
		if !ok {
			break
		}
		switch op {
		case "Tc":
			in.gs.charSpace = v[0]
		case "Tw":
			in.gs.wordSpace = v[0]
		case "Tz":
			in.gs.hscale = v[0] / 100
		case "TL":
			in.gs.leading = v[0]
		case "Ts":
			in.gs.rise = v[0]
		}
	case "Tf":
		if len(args) >= 2 && args[len(args)-2].kind == kName && args[len(args)-1].kind == kNum {
			in.gs.font = in.font(args[len(args)-2].str)
			in.gs.size = args[len(args)-1].num
		}

	// Text showing.
	case "Tj":
		if len(args) >= 1 {
			in.show(args[len(args)-1].str)
		}
	case "'":
		in.moveLine(0, -in.gs.leading)
		if len(args) >= 1 {
			in.show(args[len(args)-1].str)
		}
	case "\"":
		if len(args) >= 3 && args[len(args)-3].kind == kNum && args[len(args)-2].kind == kNum && args[len(args)-1].kind == kString {
			in.gs.wordSpace = args[len(args)-3].num
			in.gs.charSpace = args[len(args)-2].num
			in.moveLine(0, -in.gs.leading)
			in.show(args[len(args)-1].str)
		}
	case "TJ":
		if len(args) >= 1 && args[len(args)-1].kind == kArray {
			for _, e := range args[len(args)-1].arr {
				switch e.kind {
				case kString:
					in.show(e.str)
				case kNum:
					in.advance(-e.num / 1000 * in.gs.size)
				}
			}
		}

	// XObjects.
	case "Do":
		if len(args) >= 1 && args[len(args)-1].kind == kName {
			in.xobject(args[len(args)-1].str)
		}

	// Path construction.
	case "m":
		if v, ok := nums(args, 2); ok {
			x, y := in.gs.ctm.apply(v[0], v[1])
			in.path.move(point{x: x, y: y})
		}
	case "l":
		if v, ok := nums(args, 2); ok {
			in.lineTo(v[0], v[1], false)
		}
	case "c":
		if v, ok := nums(args, 6); ok {
			in.lineTo(v[4], v[5], true)
		}
	case "v", "y":
		if v, ok := nums(args, 4); ok {
			in.lineTo(v[2], v[3], true)
		}
	case "h":
		in.path.close()
	case "re":
		if v, ok := nums(args, 4); ok {
			in.rect(v[0], v[1], v[2], v[3])
		}

	// Path painting.
	case "S":
		in.stroke()
		in.path.reset()
	case "s":
		in.path.close()
		in.stroke()
		in.path.reset()
	case "f", "F", "f*":
		in.fill()
		in.path.reset()
	case "B", "B*":
		in.fill()
		in.stroke()
		in.path.reset()
	case "b", "b*":
		in.path.close()
		in.fill()
		in.stroke()
		in.path.reset()
	case "n":
		in.path.reset()
	}
}

// moveLine starts a new line offset (tx, ty) from the current one (Td).
func (in *interp) moveLine(tx, ty float64) {
	in.tlm = matrix{1, 0, 0, 1, tx, ty}.mul(in.tlm)
	in.tm = in.tlm
}

// advance moves the pen along the text direction by d text space units.
func (in *interp) advance(d float64) {
	if f := in.gs.font; f != nil && f.vertical() {
		in.tm = matrix{1, 0, 0, 1, 0, d}.mul(in.tm)
		return
	}
	in.tm = matrix{1, 0, 0, 1, d * in.gs.hscale, 0}.mul(in.tm)
}

// font returns the font named in the current resources.
func (in *interp) font(name string) *font {
	if f, ok := in.fonts[name]; ok {
		return f
	}
	fonts := in.res.Key("Font")
	f := in.doc.namedFont(fonts, name)
	// A font that is there but could not be loaded was reported once, when
	// it failed; only a missing one is reported per page.
	if f == nil && fonts.Key(name).Kind() != lpdf.Dict && !in.fontWarns[name] {
		in.fontWarns[name] = true
		in.doc.warnf("page %d: font %q not found; its text is skipped", in.page.Number, name)
	}
	in.fonts[name] = f
	return f
}

// show draws a string: one Glyph per character code.
func (in *interp) show(s string) {
	f := in.gs.font
	if f == nil {
		return
	}
	gs := &in.gs
	vertical := f.vertical()
	for len(s) > 0 {
		code, n := f.next(s)
		s = s[n:]
		w0 := f.width(code, n)
		if text := f.text(code, n); text != "" {
			in.emit(f, text, w0, vertical)
		}
		var adv float64
		if vertical {
			adv = -gs.size + gs.charSpace
		} else {
			adv = w0*gs.size + gs.charSpace
		}
		if n == 1 && code == 32 {
			adv += gs.wordSpace
		}
		in.advance(adv)
	}
}

// emit records one glyph whose box, in glyph space (1 = font size), runs
// from the origin by the advance w0 and from descent to ascent.
func (in *interp) emit(f *font, text string, w0 float64, vertical bool) {
	if len(in.page.Glyphs) >= maxGlyphs {
		if !in.dropGlyph {
			in.dropGlyph = true
			in.doc.warnf("page %d: more than %d glyphs; the rest are dropped", in.page.Number, maxGlyphs)
		}
		return
	}
	gs := &in.gs
	trm := matrix{gs.size * gs.hscale, 0, 0, gs.size, 0, gs.rise}.mul(in.tm).mul(gs.ctm)
	x0, x1, y0, y1 := 0.0, w0, f.descent, f.ascent
	if vertical { // the origin is the top centre of the glyph
		x0, x1, y0, y1 = -0.5, 0.5, -1, 0
	}
	g := Glyph{Text: fold(text), X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for _, c := range [4][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		x, y := trm.apply(c[0], c[1])
		g.X0, g.X1 = min(g.X0, x), max(g.X1, x)
		g.Y0, g.Y1 = min(g.Y0, y), max(g.Y1, y)
	}
	if ox, oy := trm.apply(0, 0); ox < 0 || oy < 0 || ox > in.page.Width || oy > in.page.Height {
		return // origin off the page: not what a reader sees
	}
	g.Size = math.Hypot(trm[2], trm[3])
	in.page.Glyphs = append(in.page.Glyphs, g)
}

// lineTo extends the current subpath.
func (in *interp) lineTo(x, y float64, curve bool) {
	px, py := in.gs.ctm.apply(x, y)
	in.path.line(point{x: px, y: py, curve: curve})
}

// rect adds a closed rectangle subpath (re): its four corners and the
// closing point.
func (in *interp) rect(x, y, w, h float64) {
	for i, p := range [4][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}} {
		px, py := in.gs.ctm.apply(p[0], p[1])
		if i == 0 {
			in.path.move(point{x: px, y: py})
		} else {
			in.path.line(point{x: px, y: py})
		}
	}
	in.path.close()
}

// stroke keeps the straight horizontal and vertical segments of the path.
func (in *interp) stroke() {
	for sp := range in.path.subpaths {
		for i := 1; i < len(sp); i++ {
			if !sp[i].curve {
				in.segment(sp[i-1].x, sp[i-1].y, sp[i].x, sp[i].y)
			}
		}
	}
}

// segment records a line from (x0,y0) to (x1,y1) if it is horizontal or
// vertical within ruleSkew.
func (in *interp) segment(x0, y0, x1, y1 float64) {
	dx, dy := math.Abs(x1-x0), math.Abs(y1-y0)
	switch {
	case dy <= ruleSkew && dx > ruleSkew:
		y := (y0 + y1) / 2
		in.rule(Rule{X0: min(x0, x1), Y0: y, X1: max(x0, x1), Y1: y})
	case dx <= ruleSkew && dy > ruleSkew:
		x := (x0 + x1) / 2
		in.rule(Rule{X0: x, Y0: min(y0, y1), X1: x, Y1: max(y0, y1)})
	}
}

// fill keeps thin filled rectangles as lines along their long side; wider
// fills (cell shading, backgrounds) are not borders and are ignored.
func (in *interp) fill() {
	for sp := range in.path.subpaths {
		x0, y0, x1, y1, ok := rectangle(sp)
		if !ok {
			continue
		}
		w, h := x1-x0, y1-y0
		switch {
		case h <= ruleThin && w > h:
			y := (y0 + y1) / 2
			in.rule(Rule{X0: x0, Y0: y, X1: x1, Y1: y})
		case w <= ruleThin && h > w:
			x := (x0 + x1) / 2
			in.rule(Rule{X0: x, Y0: y0, X1: x, Y1: y1})
		}
	}
}

// rectangle reports whether a subpath is an axis-aligned rectangle (within
// ruleSkew) and returns its bounds.
func rectangle(sp []point) (x0, y0, x1, y1 float64, ok bool) {
	if n := len(sp); n == 5 && math.Abs(sp[4].x-sp[0].x) <= ruleSkew && math.Abs(sp[4].y-sp[0].y) <= ruleSkew {
		sp = sp[:4]
	}
	if len(sp) != 4 {
		return 0, 0, 0, 0, false
	}
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range sp {
		if p.curve {
			return 0, 0, 0, 0, false
		}
		x0, x1 = min(x0, p.x), max(x1, p.x)
		y0, y1 = min(y0, p.y), max(y1, p.y)
	}
	for i, p := range sp {
		q := sp[(i+1)%4]
		if math.Abs(p.x-q.x) > ruleSkew && math.Abs(p.y-q.y) > ruleSkew {
			return 0, 0, 0, 0, false // a diagonal edge
		}
	}
	return x0, y0, x1, y1, true
}

func (in *interp) rule(r Rule) {
	if len(in.page.Rules) >= maxRules {
		if !in.dropRule {
			in.dropRule = true
			in.doc.warnf("page %d: more than %d rules; the rest are dropped", in.page.Number, maxRules)
		}
		return
	}
	in.page.Rules = append(in.page.Rules, r)
}

// xobject runs a form XObject; images and unknown XObjects are skipped.
func (in *interp) xobject(name string) {
	xo := in.res.Key("XObject").Key(name)
	if xo.Kind() != lpdf.Stream || xo.Key("Subtype").Name() != "Form" {
		return
	}
	key := xo.String() // header and file offset: unique per stream object
	if len(in.forms) >= maxFormDepth {
		in.doc.warnf("page %d: form XObjects nested deeper than %d; /%s skipped", in.page.Number, maxFormDepth, name)
		return
	}
	for _, k := range in.forms {
		if k == key {
			in.doc.warnf("page %d: form XObject /%s draws itself; skipped", in.page.Number, name)
			return
		}
	}
	data, err := in.doc.form(key, xo)
	if err != nil {
		in.doc.warnf("page %d: form XObject /%s: %v", in.page.Number, name, err)
	}

	saved, savedTm, savedTlm, savedPath := in.gs, in.tm, in.tlm, in.path
	savedRes, savedFonts := in.res, in.fonts
	savedDepth := len(in.saved)
	defer func() {
		in.gs, in.tm, in.tlm, in.path = saved, savedTm, savedTlm, savedPath
		in.res, in.fonts = savedRes, savedFonts
		in.saved = in.saved[:savedDepth]
		in.forms = in.forms[:len(in.forms)-1]
	}()
	in.forms = append(in.forms, key)
	if m := xo.Key("Matrix"); m.Len() == 6 {
		var v [6]float64
		for i := range v {
			v[i] = m.Index(i).Float64()
		}
		in.gs.ctm = matrix(v).mul(in.gs.ctm)
	}
	if r := xo.Key("Resources"); r.Kind() == lpdf.Dict {
		in.res, in.fonts = r, make(map[string]*font)
	}
	in.path = path{}
	in.run(data)
}

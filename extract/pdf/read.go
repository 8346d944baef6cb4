package pdf

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// A PDF file is a graph of objects (dictionaries, arrays, numbers, strings,
// names and streams) found through a cross-reference table at its end
// (PDF 32000-1:2008, §7.5). The trailer points to the document catalog,
// whose /Pages entry is the root of the page tree: intermediate /Pages nodes
// with /Kids, and /Page leaves. A page has
//
//	/MediaBox [x0 y0 x1 y1]  the paper, in points (1/72 inch), y up
//	/CropBox                 the visible part (defaults to the MediaBox)
//	/Rotate 90               how the page is turned for display
//	/Resources               fonts and XObjects named by its content
//	/Contents                one stream or an array of streams, joined
//
// Resources, MediaBox, CropBox and Rotate are inherited from ancestor
// nodes when a page lacks them. github.com/ledongthuc/pdf (lpdf) parses the
// objects and decodes streams; this package walks the page tree itself (once,
// instead of once per page) and interprets the content (content.go).
//
// lpdf reports malformed input by panicking, so every call into it runs
// under recover: per page (the page becomes a warning) and for the whole
// file (Read returns an error).

// Limits so that a hostile file cannot exhaust memory or time.
const (
	maxPages        = 5000
	maxContentBytes = 64 << 20 // decoded content per page, and per form
	maxFontBytes    = 16 << 20 // a decoded ToUnicode or Encoding CMap
	maxFormCache    = 64 << 20 // decoded form XObjects kept for reuse
	maxTreeVisits   = 4*maxPages + 1000
	maxTreeDepth    = 64
)

// Read parses a PDF: every page's glyphs and rules, the Info dictionary, and
// warnings for what could not be read. A page that fails becomes a warning
// ("page 7: ..."); Read fails only when the file cannot be opened, is
// encrypted with a password, or no page could be read at all.
func Read(r io.ReaderAt, size int64) (doc *Document, err error) {
	defer func() {
		if x := recover(); x != nil {
			doc, err = nil, fmt.Errorf("pdf: malformed file: %v", x)
		}
	}()
	r, size = repair(r, size)
	lr, err := lpdf.NewReaderEncrypted(r, size, func() string { return "" })
	if err != nil {
		if errors.Is(err, lpdf.ErrInvalidPassword) {
			return nil, errors.New("pdf: the PDF is encrypted with a password; only files that open without one can be read")
		}
		if strings.Contains(err.Error(), "encrypt") {
			return nil, fmt.Errorf("pdf: the PDF is encrypted in a way that cannot be read: %w", err)
		}
		return nil, fmt.Errorf("pdf: %w", err)
	}
	d := &docReader{
		fonts: make(map[string]*font),
		named: make(map[string]*font),
		forms: make(map[string][]byte),
	}
	doc = &Document{Info: readInfo(lr.Trailer().Key("Info"))}
	refs := d.pageTree(lr.Trailer().Key("Root").Key("Pages"))
	if len(refs) == 0 {
		return nil, errors.New("pdf: the file has no readable pages")
	}
	var firstErr error
	for i, ref := range refs {
		p, err := d.page(i+1, ref)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			d.warnf("%v", err)
			continue
		}
		doc.Pages = append(doc.Pages, *p)
	}
	if len(doc.Pages) == 0 {
		return nil, fmt.Errorf("pdf: no page could be read: %w", firstErr)
	}
	for _, f := range d.fontOrder {
		if f.unmapped > 0 {
			d.warnf("font %s: %d glyphs have no Unicode mapping (shown as U+FFFD)", printable(f.name), f.unmapped)
		}
	}
	doc.Warnings = d.warnings
	return doc, nil
}

// printable makes a raw name (BaseFont names may be GBK bytes) safe to print.
func printable(s string) string {
	return fmt.Sprintf("%q", strings.ToValidUTF8(s, "?"))
}

// readInfo decodes the Info dictionary's text strings. A text string is
// UTF-16BE when it starts with the byte order mark FE FF, else
// PDFDocEncoding (Latin-1-like); PDF 2.0 also allows UTF-8 after EF BB BF.
func readInfo(info lpdf.Value) map[string]string {
	m := make(map[string]string)
	for _, k := range info.Keys() {
		v := info.Key(k)
		if v.Kind() != lpdf.String {
			continue
		}
		raw := v.RawString()
		if s, ok := strings.CutPrefix(raw, "\xEF\xBB\xBF"); ok {
			m[k] = s
			continue
		}
		m[k] = v.Text()
	}
	return m
}

// docReader holds what is shared by the pages of one document: loaded fonts
// (by dictionary), decoded form XObjects, and warnings.
//
// It also keeps scratch space that one page uses and the next reuses: the
// decoded content, and the glyphs and rules as they are found. A table page
// has thousands of each, and growing new slices for every page was most of
// what reading allocated; each page now gets its glyphs and rules copied
// out once, at their exact size.
type docReader struct {
	fonts     map[string]*font
	named     map[string]*font // by font resources and name: see namedFont
	fontOrder []*font
	forms     map[string][]byte
	formBytes int
	warnings  []string

	content []byte
	glyphs  []Glyph
	rules   []Rule
}

func (d *docReader) warnf(format string, args ...any) {
	d.warnings = append(d.warnings, fmt.Sprintf(format, args...))
}

// pageRef is a page leaf with its inherited attributes resolved.
type pageRef struct {
	v, res, media, crop lpdf.Value
	rotate              int
}

// pageTree lists the pages in order. Cycles and absurd trees are cut off by
// a depth limit and a budget of visited nodes.
func (d *docReader) pageTree(root lpdf.Value) []pageRef {
	var out []pageRef
	visits := 0
	var walk func(node lpdf.Value, inh pageRef, depth int)
	walk = func(node lpdf.Value, inh pageRef, depth int) {
		visits++
		if visits > maxTreeVisits || depth > maxTreeDepth || len(out) >= maxPages || node.Kind() != lpdf.Dict {
			return
		}
		if r := node.Key("Resources"); r.Kind() == lpdf.Dict {
			inh.res = r
		}
		if b := node.Key("MediaBox"); b.Kind() == lpdf.Array {
			inh.media = b
		}
		if b := node.Key("CropBox"); b.Kind() == lpdf.Array {
			inh.crop = b
		}
		if r := node.Key("Rotate"); r.Kind() == lpdf.Integer {
			inh.rotate = int(r.Int64())
		}
		kids := node.Key("Kids")
		if node.Key("Type").Name() == "Pages" || kids.Kind() == lpdf.Array {
			for i := 0; i < kids.Len(); i++ {
				walk(kids.Index(i), inh, depth+1)
			}
			return
		}
		inh.v = node
		out = append(out, inh)
	}
	walk(root, pageRef{}, 0)
	if len(out) >= maxPages {
		d.warnf("the document has more than %d pages; the rest are skipped", maxPages)
	}
	return out
}

// box reads a rectangle [x0 y0 x1 y1], normalized so x0<x1 and y0<y1.
func box(v lpdf.Value) (x0, y0, x1, y1 float64, ok bool) {
	if v.Len() != 4 {
		return 0, 0, 0, 0, false
	}
	a, b, c, e := v.Index(0).Float64(), v.Index(1).Float64(), v.Index(2).Float64(), v.Index(3).Float64()
	x0, x1 = min(a, c), max(a, c)
	y0, y1 = min(b, e), max(b, e)
	return x0, y0, x1, y1, x1-x0 >= 1 && y1-y0 >= 1
}

// pageMatrix maps default user space (y up, origin anywhere) to reading
// coordinates: origin at the top-left of the crop box as displayed after
// /Rotate (clockwise, a multiple of 90), y down.
func pageMatrix(x0, y0, x1, y1 float64, rotate int) (m matrix, w, h float64) {
	switch rotate {
	case 90:
		return matrix{0, 1, 1, 0, -y0, -x0}, y1 - y0, x1 - x0
	case 180:
		return matrix{-1, 0, 0, 1, x1, -y0}, x1 - x0, y1 - y0
	case 270:
		return matrix{0, -1, -1, 0, y1, x1}, y1 - y0, x1 - x0
	}
	return matrix{1, 0, 0, -1, -x0, y1}, x1 - x0, y1 - y0
}

// page reads one page, turning any panic from lpdf into an error.
func (d *docReader) page(n int, ref pageRef) (p *Page, err error) {
	defer func() {
		if x := recover(); x != nil {
			p, err = nil, fmt.Errorf("page %d: malformed: %v", n, x)
		}
	}()
	x0, y0, x1, y1, ok := box(ref.crop)
	if !ok {
		x0, y0, x1, y1, ok = box(ref.media)
	}
	if !ok {
		x0, y0, x1, y1 = 0, 0, 612, 792 // US Letter, the spec's default
	}
	rot := ((ref.rotate % 360) + 360) % 360 / 90 * 90
	base, w, h := pageMatrix(x0, y0, x1, y1, rot)
	p = &Page{Number: n, Width: w, Height: h, Glyphs: d.glyphs[:0], Rules: d.rules[:0]}

	content, err := d.contents(ref.v.Key("Contents"))
	if err != nil {
		d.warnf("page %d: %v", n, err)
	}
	newInterp(d, p, base, ref.res).run(content)
	d.glyphs, d.rules = p.Glyphs, p.Rules
	p.Glyphs, p.Rules = exact(p.Glyphs), exact(p.Rules)
	return p, nil
}

// exact copies s into a slice of its length, or nil when it is empty.
func exact[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// contents decodes a page's content: one stream or an array of streams,
// which the spec says to join as if they were one. The result is in
// d.content, valid until the next page.
func (d *docReader) contents(v lpdf.Value) ([]byte, error) {
	if v.Kind() == lpdf.Stream {
		data, err := readStream(v, maxContentBytes, d.content[:0])
		d.content = data
		return data, err
	}
	all := d.content[:0]
	defer func() { d.content = all }()
	for i := 0; i < v.Len(); i++ {
		// The newlines count too, so all may already be one byte over.
		data, err := readStream(v.Index(i), max(maxContentBytes-int64(len(all)), 0), all)
		all = append(data, '\n')
		if err != nil {
			return all, fmt.Errorf("content stream %d: %w", i, err)
		}
	}
	return all, nil
}

// errTooLarge reports a stream that decodes to more than its limit.
var errTooLarge = errors.New("decoded stream exceeds the size limit")

// readStream decodes a stream and appends at most limit bytes of it to buf
// (which may be nil). On a decoding error (a truncated or corrupt Flate
// stream) it returns what it decoded before the error, with the error; when
// the stream cannot be read at all, buf as it was.
func readStream(v lpdf.Value, limit int64, buf []byte) (data []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			data, err = buf, fmt.Errorf("cannot decode stream: %v", x)
		}
	}()
	if v.Kind() != lpdf.Stream {
		return buf, nil
	}
	rc := v.Reader()
	defer rc.Close()
	start := len(buf)
	data, err = readAll(io.LimitReader(rc, limit+1), buf)
	if int64(len(data)-start) > limit {
		return data[:start+int(limit)], errTooLarge
	}
	return data, err
}

// readAll is io.ReadAll appending to buf, so a caller can reuse its space.
func readAll(r io.Reader, buf []byte) ([]byte, error) {
	if buf == nil {
		buf = make([]byte, 0, 512)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// font returns the font for a font dictionary, loading it the first time.
// Fonts are keyed by the dictionary's printed form, which names its
// indirect parts (ToUnicode, FontDescriptor) by object number: two pages
// using the same font object share one loaded font and its CMaps.
func (d *docReader) font(v lpdf.Value) (f *font) {
	if v.Kind() != lpdf.Dict {
		return nil
	}
	key := v.String()
	if f, ok := d.fonts[key]; ok {
		return f
	}
	defer func() {
		if x := recover(); x != nil {
			d.warnf("font %s: malformed: %v", printable(v.Key("BaseFont").Name()), x)
			f = nil
		}
		d.fonts[key] = f
	}()
	f = loadFont(v, func(s lpdf.Value) []byte {
		data, err := readStream(s, maxFontBytes, nil)
		if err != nil {
			d.warnf("font %s: %v", printable(v.Key("BaseFont").Name()), err)
		}
		return data
	})
	d.fontOrder = append(d.fontOrder, f)
	return f
}

// namedFont returns the font called name in the font resources fonts. Pages
// usually share their font resources, whose printed form names each font
// by object number, so a page after the first finds its fonts without
// resolving the font dictionaries again: parsing them, /Widths and all,
// for every page was a tenth of what reading a file allocated.
func (d *docReader) namedFont(fonts lpdf.Value, name string) *font {
	key := fonts.String() + "\x00" + name
	if f, ok := d.named[key]; ok {
		return f
	}
	f := d.font(fonts.Key(name))
	d.named[key] = f
	return f
}

// form returns a form XObject's decoded content, cached by key while the
// cache is under its size limit. The error, from decoding (with what was
// decoded before it), comes only when the form is first read.
func (d *docReader) form(key string, xo lpdf.Value) ([]byte, error) {
	if data, ok := d.forms[key]; ok {
		return data, nil
	}
	data, err := readStream(xo, maxContentBytes, nil)
	if d.formBytes+len(data) <= maxFormCache {
		d.forms[key] = data
		d.formBytes += len(data)
	}
	return data, err
}

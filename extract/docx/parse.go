package docx

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// The WordprocessingML namespaces: transitional (what Word and WPS write)
// and ISO strict.
const (
	wordNS   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	strictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	mcNS     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	xmlNS    = "http://www.w3.org/XML/1998/namespace"
)

// word returns the local name of a WordprocessingML element, or "" for an
// element of any other vocabulary.
func word(n xml.Name) string {
	if n.Space == wordNS || n.Space == strictNS {
		return n.Local
	}
	return ""
}

// skipped names the WordprocessingML elements whose content is never body
// text: properties, deleted and moved-away revisions, field instructions,
// symbols, and drawings (text boxes float outside the reading order, and
// their VML fallback would repeat them).
var skipped = map[string]bool{
	"pPr": true, "rPr": true, "sdtPr": true, "sdtEndPr": true,
	"tblPr": true, "tblPrEx": true, "tblGrid": true, "trPr": true, "tcPr": true,
	"tcPrChange": true, "trPrChange": true, "tblGridChange": true, "sectPr": true,
	"del": true, "moveFrom": true, "delText": true, "instrText": true, "delInstrText": true,
	"sym": true, "drawing": true, "pict": true, "object": true,
}

func skip(n xml.Name) bool {
	return skipped[word(n)] || n.Space == mcNS && n.Local == "Fallback"
}

// parser reads word/document.xml as a stream of tokens.
type parser struct {
	d *xml.Decoder
	// fields holds the complex fields (w:fldChar begin … separate … end)
	// open at this point, innermost last; an entry is true once its
	// separator is past, that is inside the displayed result. Fields may
	// span paragraphs, so this lives here and not in a paragraph.
	fields []bool
	// instructions counts the entries of fields still before their
	// separator; text shows only while it is 0.
	instructions int
}

// parseDocument reads the paragraphs and tables of w:body in order.
func parseDocument(r io.Reader) ([]Item, error) {
	p := &parser{d: xml.NewDecoder(r)}
	for {
		tok, err := p.d.Token()
		if errors.Is(err, io.EOF) {
			return nil, errors.New("no w:body element")
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && word(se.Name) == "body" {
			return p.body()
		}
	}
}

// walk reads the content of the element whose start tag was just read, up
// to and including its end tag. Each child's start tag goes to visit, which
// reports whether it consumed the child. A child left alone is skipped if
// its content is never text, and otherwise entered as if its children were
// the element's own: that is how content controls (w:sdt), custom XML,
// hyperlinks, smart tags, insertions and runs are read without naming them.
func (p *parser) walk(visit func(xml.StartElement) (bool, error)) error {
	depth := 0
	for {
		tok, err := p.d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			done, err := visit(t)
			switch {
			case err != nil:
				return err
			case done:
			case skip(t.Name):
				if err := p.d.Skip(); err != nil {
					return err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

func (p *parser) body() ([]Item, error) {
	var items []Item
	err := p.walk(func(se xml.StartElement) (bool, error) {
		switch word(se.Name) {
		case "p":
			text, err := p.paragraph()
			items = append(items, Item{Paragraph: &text})
			return true, err
		case "tbl":
			t, err := p.table()
			items = append(items, Item{Table: t})
			return true, err
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// paragraph reads a w:p as one line of text, trimmed of outer whitespace.
// Tabs and line breaks become a single space each, as the reader sees a gap.
func (p *parser) paragraph() (string, error) {
	var b strings.Builder
	err := p.walk(func(se xml.StartElement) (bool, error) {
		switch word(se.Name) {
		case "t":
			return true, p.text(se, &b)
		case "tab", "ptab", "br", "cr":
			p.write(&b, " ")
		case "noBreakHyphen":
			p.write(&b, "-")
		case "fldChar":
			p.fieldChar(attr(se, "fldCharType"))
		default:
			return false, nil
		}
		return true, p.d.Skip()
	})
	return strings.TrimSpace(b.String()), err
}

// text reads a w:t. Without xml:space="preserve" Word drops the whitespace
// around the text, so do we.
func (p *parser) text(se xml.StartElement, b *strings.Builder) error {
	var s string
	if err := p.d.DecodeElement(&s, &se); err != nil {
		return err
	}
	preserve := false
	for _, a := range se.Attr {
		if a.Name.Local == "space" && (a.Name.Space == xmlNS || a.Name.Space == "xml") {
			preserve = a.Value == "preserve"
		}
	}
	if !preserve {
		s = strings.Trim(s, " \t\r\n")
	}
	p.write(b, s)
	return nil
}

// write adds s unless it is inside a field's instructions: of a field only
// the displayed result is text.
func (p *parser) write(b *strings.Builder, s string) {
	if p.instructions == 0 {
		b.WriteString(s)
	}
}

func (p *parser) fieldChar(kind string) {
	n := len(p.fields)
	switch {
	case kind == "begin":
		p.fields = append(p.fields, false)
		p.instructions++
	case kind == "separate" && n > 0 && !p.fields[n-1]:
		p.fields[n-1] = true
		p.instructions--
	case kind == "end" && n > 0:
		if !p.fields[n-1] {
			p.instructions--
		}
		p.fields = p.fields[:n-1]
	}
}

// attr returns the value of the element's attribute w:local, "" if absent.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || word(a.Name) != "") {
			return a.Value
		}
	}
	return ""
}

// number reads a w:val count such as w:gridSpan, clamped to [0, maxGridCols]
// so that no later sum can overflow; a value that is not a number reads as 0.
func number(se xml.StartElement) int {
	n, err := strconv.Atoi(attr(se, "val"))
	if err != nil {
		return 0
	}
	return min(max(n, 0), maxGridCols)
}

package docx

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// properties maps the package properties worth keeping, by part and element
// name, onto the Info keys the PDF reader uses: dc:creator is the person,
// as PDF's Author; the application that wrote the file is the Producer.
var properties = []struct {
	part string
	keys map[string]string
}{
	{"docProps/core.xml", map[string]string{"title": "Title", "creator": "Author"}},
	{"docProps/app.xml", map[string]string{"Application": "Producer"}},
}

// readProperties adds to info the non-empty elements of a properties part
// whose local names are in keys.
func readProperties(r io.Reader, keys map[string]string, info map[string]string) error {
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		key, ok := keys[se.Name.Local]
		if !ok {
			continue
		}
		var s string
		if err := d.DecodeElement(&s, &se); err != nil {
			return err
		}
		if s = strings.TrimSpace(s); s != "" {
			info[key] = s
		}
	}
}

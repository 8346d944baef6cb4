package docx

import (
	"bytes"
	"testing"
)

// FuzzRead checks that no document.xml makes Read panic or return a table
// whose cells leave its grid.
func FuzzRead(f *testing.F) {
	f.Add(para("a") + tbl(2, tr(tc(`<w:vMerge w:val="restart"/>`, "a"), tc(`<w:gridSpan w:val="2"/>`)), tr(tc(`<w:vMerge/>`), tc(`<w:hMerge/>`, "b"))))
	f.Add(tbl(1, tr(`<w:trPr><w:gridBefore w:val="2"/></w:trPr>`, sdt(tc(`<w:vMerge/>`)))) + `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r></w:p>`)
	f.Fuzz(func(t *testing.T, body string) {
		data := archive(t, map[string]string{documentPart: document(body)})
		b, err := Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		for _, it := range b.Items {
			if it.Table == nil {
				continue
			}
			for _, c := range it.Table.Cells {
				if c.RowSpan < 1 || c.ColSpan < 1 || c.Row+c.RowSpan > it.Table.Rows || c.Col+c.ColSpan > it.Table.Cols {
					t.Fatalf("cell %+v outside the %d×%d grid", c, it.Table.Rows, it.Table.Cols)
				}
			}
		}
	})
}

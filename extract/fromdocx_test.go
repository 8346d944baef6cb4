package extract

import (
	"reflect"
	"testing"

	"github.com/cnbudget/cnbudget/extract/docx"
)

func TestFromDOCX(t *testing.T) {
	text := func(s string) docx.Item { return docx.Item{Paragraph: &s} }
	table := func(cells ...docx.Cell) docx.Item {
		return docx.Item{Table: &docx.Table{Rows: 1, Cols: len(cells), Cells: cells}}
	}
	body := &docx.Body{
		Info: map[string]string{"Producer": "WPS Office"},
		Items: []docx.Item{
			text("单位预算收支总表"),
			text(""),
			table(docx.Cell{RowSpan: 1, ColSpan: 1, Paragraphs: []string{"本年收入合", "", "计"}},
				docx.Cell{Col: 1, RowSpan: 1, ColSpan: 1, Paragraphs: []string{""}}),
			text("说明"),
			table(docx.Cell{RowSpan: 1, ColSpan: 1, Paragraphs: []string{"a"}}),
		},
	}
	want := &Document{
		Format: "docx",
		Info:   map[string]string{"Producer": "WPS Office"},
		Blocks: []Block{
			{Text: "单位预算收支总表"},
			{Page: 1, Table: &Table{Page: 1, Rows: 1, Cols: 2, Ruled: true, Cells: []Cell{
				{RowSpan: 1, ColSpan: 1, Lines: []string{"本年收入合", "计"}},
				{Col: 1, RowSpan: 1, ColSpan: 1},
			}}},
			{Text: "说明"},
			{Page: 2, Table: &Table{Page: 2, Rows: 1, Cols: 1, Ruled: true, Cells: []Cell{
				{RowSpan: 1, ColSpan: 1, Lines: []string{"a"}},
			}}},
		},
	}
	if got := fromDOCX(body); !reflect.DeepEqual(got, want) {
		t.Errorf("fromDOCX:\n got %+v\nwant %+v", got, want)
	}
}

package docx

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReferenceFixture reads the reference report as our generator writes it
// in Word and checks the header of its first table, the 收支总表: 收入 and
// 支出 each span two columns over 项目 and 预算数.
func TestReferenceFixture(t *testing.T) {
	paths, _ := filepath.Glob("../../fixtures/reference/*.docx")
	if len(paths) == 0 {
		t.Fatal("no fixtures/reference/*.docx; they are committed (go run ./fixtures/gen writes them)")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Read(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			var first *Table
			for _, it := range b.Items {
				if it.Table != nil && cellNamed(it.Table, "收入") != nil {
					first = it.Table
					break
				}
			}
			if first == nil {
				t.Fatal("no table with a 收入 cell")
			}
			for _, name := range []string{"收入", "支出"} {
				c := cellNamed(first, name)
				if c == nil || c.ColSpan != 2 || c.RowSpan != 1 {
					t.Errorf("%s cell = %+v, want one spanning 2 columns", name, c)
					continue
				}
				below := cellAt(first, c.Row+1, c.Col)
				if below == nil || squeezed(below) != "项目" {
					t.Errorf("cell below %s = %+v, want 项目", name, below)
				}
			}
		})
	}
}

// squeezed is the cell's text without any whitespace: the report pads
// short headers (项  目).
func squeezed(c *Cell) string {
	return strings.Join(strings.Fields(strings.Join(c.Paragraphs, "")), "")
}

// cellNamed returns the first cell whose squeezed text is name.
func cellNamed(t *Table, name string) *Cell {
	for i := range t.Cells {
		if squeezed(&t.Cells[i]) == name {
			return &t.Cells[i]
		}
	}
	return nil
}

// cellAt returns the cell whose origin is the given slot.
func cellAt(t *Table, row, col int) *Cell {
	for i := range t.Cells {
		if t.Cells[i].Row == row && t.Cells[i].Col == col {
			return &t.Cells[i]
		}
	}
	return nil
}

package extract

import (
	"flag"
	"fmt"
	"strings"
	"testing"
)

var (
	dumpFile = flag.String("file", "", "TestDump: PDF file to lay out")
	dumpPage = flag.Int("page", 0, "TestDump: page to print (0 for all)")
)

// TestDump prints the blocks of a PDF for debugging layout:
//
//	go test ./extract -run TestDump -file report.pdf -page 12 -v
func TestDump(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -file given")
	}
	doc, err := Open(*dumpFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range doc.Blocks {
		if *dumpPage == 0 || b.Page == *dumpPage {
			fmt.Printf("p%d y%.0f %s\n", b.Page, b.Box.Y0, blockText(b))
		}
	}
	fmt.Println("warnings:", doc.Warnings)
}

// blockText shows a block: the line, or the table's rows with cells
// separated by " | " and "<" for a slot a merged cell covers.
func blockText(b Block) string {
	if b.Table == nil {
		return b.Text
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "TABLE %d×%d ruled=%v\n", b.Table.Rows, b.Table.Cols, b.Table.Ruled)
	for _, row := range gridText(b.Table) {
		sb.WriteString("    " + strings.Join(row, " | ") + "\n")
	}
	return sb.String()
}

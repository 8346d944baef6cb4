package docx

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"reflect"
	"strings"
	"testing"
)

func TestParagraphText(t *testing.T) {
	tests := []struct {
		name, xml, want string
	}{
		{"runs joined", `<w:r><w:t>一般公共</w:t></w:r><w:r><w:t>预算</w:t></w:r>`, "一般公共预算"},
		{"xml:space preserve keeps spaces", `<w:r><w:t xml:space="preserve">项 </w:t></w:r><w:r><w:t xml:space="preserve"> 目</w:t></w:r>`, "项  目"},
		{"no xml:space drops run edges", `<w:r><w:t> 项 </w:t></w:r><w:r><w:t>目</w:t></w:r>`, "项目"},
		{"outer whitespace trimmed", `<w:r><w:t xml:space="preserve">　　一、部门职责 </w:t></w:r>`, "一、部门职责"},
		{"tab br cr are one space each", `<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:br w:type="page"/><w:tab/><w:t>e</w:t></w:r>`, "a b c d  e"},
		{"tab stops are not tabs", `<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t></w:r>`, "a"},
		{"noBreakHyphen", `<w:r><w:t>2023</w:t><w:noBreakHyphen/><w:t>2024</w:t></w:r>`, "2023-2024"},
		{"sym skipped", `<w:r><w:t>a</w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>b</w:t></w:r>`, "ab"},
		{"insertion kept, deletion dropped",
			`<w:ins w:id="1" w:author="x"><w:r><w:t>新</w:t></w:r></w:ins><w:del w:id="2" w:author="x"><w:r><w:delText>旧</w:delText></w:r></w:del>`, "新"},
		{"move kept once", `<w:moveFrom w:id="1"><w:r><w:t>a</w:t></w:r></w:moveFrom><w:r><w:t>b</w:t></w:r><w:moveTo w:id="2"><w:r><w:t>a</w:t></w:r></w:moveTo>`, "ba"},
		{"fldSimple shows its result", `<w:r><w:t xml:space="preserve">第 </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> 页</w:t></w:r>`, "第 3 页"},
		{"complex field shows its result",
			`<w:r><w:t>见</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF _Ref1 \h </w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>表1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>。</w:t></w:r>`, "见表1。"},
		{"nested field inside instructions",
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>是</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`, "是"},
		{"field without result", `<w:r><w:t>a</w:t><w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText><w:fldChar w:fldCharType="end"/><w:t>b</w:t></w:r>`, "ab"},
		{"hyperlink, smartTag, customXml, content control",
			`<w:hyperlink r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>a</w:t></w:r></w:hyperlink>` +
				`<w:smartTag w:uri="u" w:element="e"><w:r><w:t>b</w:t></w:r></w:smartTag><w:customXml w:element="x"><w:r><w:t>c</w:t></w:r></w:customXml>` +
				sdt(`<w:r><w:t>d</w:t></w:r>`), "abcd"},
		{"drawings skipped", `<w:r><w:t>a</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
			`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>b</w:t></w:r>`, "ab"},
		{"entities decoded", `<w:r><w:t>R&amp;D &lt;1&gt;</w:t></w:r>`, "R&D <1>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := readBody(t, `<w:p>`+tt.xml+`</w:p>`)
			if len(b.Items) != 1 || b.Items[0].Paragraph == nil {
				t.Fatalf("items = %+v, want one paragraph", b.Items)
			}
			if got := *b.Items[0].Paragraph; got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTables(t *testing.T) {
	cell := func(row, col, rowSpan, colSpan int, paragraphs ...string) Cell {
		return Cell{Row: row, Col: col, RowSpan: rowSpan, ColSpan: colSpan, Paragraphs: paragraphs}
	}
	const (
		span2   = `<w:gridSpan w:val="2"/>`
		restart = `<w:vMerge w:val="restart"/>`
		cont    = `<w:vMerge/>`
	)
	tests := []struct {
		name       string
		xml        string
		rows, cols int
		cells      []Cell
	}{
		{"plain", tbl(2, tr(tc("", "a"), tc("", "b")), tr(tc("", "c"), tc(""))), 2, 2,
			[]Cell{cell(0, 0, 1, 1, "a"), cell(0, 1, 1, 1, "b"), cell(1, 0, 1, 1, "c"), cell(1, 1, 1, 1, "")}},
		{"paragraphs trimmed, inner spaces kept", tbl(1, tr(tc("", "  本年收入合", "计 ", "项  目"))), 1, 1,
			[]Cell{cell(0, 0, 1, 1, "本年收入合", "计", "项  目")}},
		{"gridSpan", tbl(3, tr(tc("", "序号"), tc(span2, "收入")), tr(tc("", "1"), tc("", "项目"), tc("", "预算数"))), 2, 3,
			[]Cell{cell(0, 0, 1, 1, "序号"), cell(0, 1, 1, 2, "收入"), cell(1, 0, 1, 1, "1"), cell(1, 1, 1, 1, "项目"), cell(1, 2, 1, 1, "预算数")}},
		{"vMerge restart and continue",
			tbl(2, tr(tc(restart, "序号"), tc("", "a")), tr(tc(cont), tc("", "b")), tr(tc(`<w:vMerge w:val="continue"/>`), tc("", "c")), tr(tc("", "1"), tc("", "d"))), 4, 2,
			[]Cell{cell(0, 0, 3, 1, "序号"), cell(0, 1, 1, 1, "a"), cell(1, 1, 1, 1, "b"), cell(2, 1, 1, 1, "c"), cell(3, 0, 1, 1, "1"), cell(3, 1, 1, 1, "d")}},
		{"header of 收支总表: vMerge with gridSpan",
			tbl(5, tr(tc(restart, "序号"), tc(span2, "收入"), tc(span2, "支出")), tr(tc(cont), tc("", "项目"), tc("", "预算数"), tc("", "项目"), tc("", "预算数"))), 2, 5,
			[]Cell{cell(0, 0, 2, 1, "序号"), cell(0, 1, 1, 2, "收入"), cell(0, 3, 1, 2, "支出"),
				cell(1, 1, 1, 1, "项目"), cell(1, 2, 1, 1, "预算数"), cell(1, 3, 1, 1, "项目"), cell(1, 4, 1, 1, "预算数")}},
		{"vMerge of a spanned cell", tbl(3, tr(tc(restart+span2, "a"), tc("", "b")), tr(tc(span2+cont), tc("", "c"))), 2, 3,
			[]Cell{cell(0, 0, 2, 2, "a"), cell(0, 2, 1, 1, "b"), cell(1, 2, 1, 1, "c")}},
		{"text of a continuation kept by its origin", tbl(1, tr(tc(restart, "a")), tr(tc(cont, "", "b"))), 2, 1,
			[]Cell{cell(0, 0, 2, 1, "a", "b")}},
		{"continuation with nothing above is a cell", tbl(2, tr(tc(cont, "a"), tc("", "b"))), 1, 2,
			[]Cell{cell(0, 0, 1, 1, "a"), cell(0, 1, 1, 1, "b")}},
		{"continuation under a different column start is a cell", tbl(3, tr(tc(span2, "a"), tc("", "b")), tr(tc(""), tc(cont, "c"), tc(""))), 2, 3,
			[]Cell{cell(0, 0, 1, 2, "a"), cell(0, 2, 1, 1, "b"), cell(1, 0, 1, 1, ""), cell(1, 1, 1, 1, "c"), cell(1, 2, 1, 1, "")}},
		{"gridBefore and gridAfter",
			tbl(3, tr(tc("", "a"), tc("", "b"), tc("", "c")),
				tr(`<w:trPr><w:gridBefore w:val="1"/><w:wBefore w:w="1000" w:type="dxa"/></w:trPr>`, tc("", "x"), tc("", "y")),
				tr(`<w:trPr><w:gridAfter w:val="2"/></w:trPr>`, tc("", "z"))), 3, 3,
			[]Cell{cell(0, 0, 1, 1, "a"), cell(0, 1, 1, 1, "b"), cell(0, 2, 1, 1, "c"), cell(1, 1, 1, 1, "x"), cell(1, 2, 1, 1, "y"), cell(2, 0, 1, 1, "z")}},
		{"vMerge continues across gridBefore", tbl(2, tr(tc("", "a"), tc(restart, "b")), tr(`<w:trPr><w:gridBefore w:val="1"/></w:trPr>`, tc(cont))), 2, 2,
			[]Cell{cell(0, 0, 1, 1, "a"), cell(0, 1, 2, 1, "b")}},
		{"hMerge", tbl(3, tr(tc(`<w:hMerge w:val="restart"/>`, "a"), tc(`<w:hMerge/>`), tc("", "b")), tr(tc("", "c"), tc("", "d"), tc("", "e"))), 2, 3,
			[]Cell{cell(0, 0, 1, 2, "a"), cell(0, 2, 1, 1, "b"), cell(1, 0, 1, 1, "c"), cell(1, 1, 1, 1, "d"), cell(1, 2, 1, 1, "e")}},
		{"content controls and custom XML around rows and cells",
			tbl(2, sdt(tr(tc("", "a"), sdt(tc("", "b")))), `<w:customXml w:element="row">`+tr(`<w:customXml w:element="c">`+tc("", "c")+`</w:customXml>`, tc("", "d"))+`</w:customXml>`), 2, 2,
			[]Cell{cell(0, 0, 1, 1, "a"), cell(0, 1, 1, 1, "b"), cell(1, 0, 1, 1, "c"), cell(1, 1, 1, 1, "d")}},
		{"nested table flattened into the cell",
			tbl(2, tr(`<w:tc><w:tcPr/>`+para("外")+tbl(2, tr(tc(span2, "x")), tr(tc("", "y"), tc(restart, "z")))+`<w:p/></w:tc>`, tc("", "b"))), 1, 2,
			[]Cell{cell(0, 0, 1, 1, "外", "x", "y", "z", ""), cell(0, 1, 1, 1, "b")}},
		{"row wider than the grid", tbl(1, tr(tc("", "a"), tc("", "b"), tc(span2, "c"))), 1, 4,
			[]Cell{cell(0, 0, 1, 1, "a"), cell(0, 1, 1, 1, "b"), cell(0, 2, 1, 2, "c")}},
		{"no grid", `<w:tbl>` + tr(tc("", "a")) + `</w:tbl>`, 1, 1, []Cell{cell(0, 0, 1, 1, "a")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := readBody(t, tt.xml)
			if len(b.Items) != 1 || b.Items[0].Table == nil {
				t.Fatalf("items = %+v, want one table", b.Items)
			}
			got := b.Items[0].Table
			if got.Rows != tt.rows || got.Cols != tt.cols {
				t.Errorf("size = %d×%d, want %d×%d", got.Rows, got.Cols, tt.rows, tt.cols)
			}
			if !reflect.DeepEqual(got.Cells, tt.cells) {
				t.Errorf("cells:\n got %+v\nwant %+v", got.Cells, tt.cells)
			}
		})
	}
}

func TestBodyOrder(t *testing.T) {
	b := readBody(t, para("一、收支总表")+`<w:p/>`+sdt(para("说明")+tbl(1, tr(tc("", "a"))))+
		`<w:customXml w:element="x">`+para("尾")+`</w:customXml>`+`<w:bookmarkStart w:id="0" w:name="_GoBack"/>`)
	var got []string
	for _, it := range b.Items {
		if it.Table != nil {
			got = append(got, "table:"+it.Table.Cells[0].Paragraphs[0])
		} else {
			got = append(got, "p:"+*it.Paragraph)
		}
	}
	want := []string{"p:一、收支总表", "p:", "p:说明", "table:a", "p:尾"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items = %q, want %q", got, want)
	}
}

func TestInfo(t *testing.T) {
	core := `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<dc:title>2023年单位预算</dc:title><dc:creator>财务科</dc:creator><cp:lastModifiedBy>x</cp:lastModifiedBy></cp:coreProperties>`
	app := `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Pages>3</Pages></Properties>`
	body := document(para("a"))
	tests := []struct {
		name  string
		parts map[string]string
		want  map[string]string
	}{
		{"both parts", map[string]string{documentPart: body, "docProps/core.xml": core, "docProps/app.xml": app},
			map[string]string{"Title": "2023年单位预算", "Author": "财务科", "Producer": "Microsoft Office Word"}},
		{"no properties", map[string]string{documentPart: body}, map[string]string{}},
		{"broken part ignored", map[string]string{documentPart: body, "docProps/core.xml": core, "docProps/app.xml": `<Properties><Application>W`},
			map[string]string{"Title": "2023年单位预算", "Author": "财务科"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := archive(t, tt.parts)
			b, err := Read(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(b.Info, tt.want) {
				t.Errorf("Info = %v, want %v", b.Info, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // prefix of the error
	}{
		{"not a zip", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "docx: not a readable ZIP archive"},
		{"no document.xml", archive(t, map[string]string{"xl/workbook.xml": "<workbook/>"}), "docx: no word/document.xml in the archive"},
		{"malformed XML", archive(t, map[string]string{documentPart: "<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\n<w:p><w:r><w:t>a</w:r></w:p>"}),
			"docx: word/document.xml: XML syntax error on line 3: element <t> closed by </r>"},
		{"truncated XML", archive(t, map[string]string{documentPart: document(para("a"))[:300]}), "docx: word/document.xml: XML syntax error on line 3: unexpected EOF"},
		{"no body", archive(t, map[string]string{documentPart: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`}), "docx: word/document.xml: no w:body element"},
		{"absurdly wide table", archive(t, map[string]string{documentPart: document(tbl(1, tr(tc(`<w:gridSpan w:val="1000"/>`), tc(`<w:gridSpan w:val="99999999999"/>`), tc(`<w:gridSpan w:val="1000"/>`))))}),
			"docx: word/document.xml: table: row 1 is wider than 1024 grid columns"},
		{"zip bomb", bomb(t), "docx: word/document.xml: 1024 MiB decompressed, more than the 256 MiB read at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Read(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err == nil {
				t.Fatalf("Read = %+v, want an error", b)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to start with %q", err, tt.want)
			}
		})
	}
}

// bomb is a .docx whose document.xml states it inflates to 1 GiB.
func bomb(t *testing.T) []byte {
	t.Helper()
	content := []byte(document(para("a")))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name:               documentPart,
		Method:             zip.Store,
		CRC32:              crc32.ChecksumIEEE(content),
		CompressedSize64:   uint64(len(content)),
		UncompressedSize64: 1 << 30,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

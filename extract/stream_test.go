package extract

import (
	"slices"
	"testing"

	"github.com/cnbudget/cnbudget/extract/pdf"
)

// glyphPage collects glyphs for a synthetic page.
type glyphPage []pdf.Glyph

func (p *glyphPage) add(gs []pdf.Glyph) { *p = append(*p, gs...) }

// incomePage is an unruled 收入总表 as spreadsheet exports print it: a
// three-line header with centred group headings, a 栏次 row in the 序号
// column, right-aligned amounts, empty cells, a wrapped name and a note.
func incomePage() glyphPage {
	// 序号 | 编码 | 名称 | 合计 | 小计 | 财政拨款 | 其他收入 | 上年结转
	left := []float64{50, 80, 140, 300, 360, 420, 480, 540, 600}
	mid := func(c int) float64 { return (left[c] + left[c+1]) / 2 }
	right := func(c int) float64 { return left[c+1] - 3 }
	var p glyphPage
	p.add(ctext("单位预算收入总表", 325, 50, 16))
	p.add(rtext("单位：万元", 600, 75, 10))
	p.add(ctext("功能分类科目", left[2], 95, 10))
	p.add(ctext("本年收入", mid(5), 95, 10))
	p.add(ctext("序号", mid(0), 102, 10))
	p.add(ctext("合计", mid(3), 102, 10))
	p.add(ctext("上年结转", mid(7), 102, 10))
	p.add(ctext("科目编码", mid(1), 110, 10))
	p.add(ctext("科目名称", mid(2), 110, 10))
	p.add(ctext("小计", mid(4), 110, 10))
	p.add(ctext("财政拨款", mid(5), 110, 10))
	p.add(ctext("其他收入", mid(6), 110, 10))
	p.add(ctext("栏次", mid(0), 125, 10))
	for c := 1; c <= 7; c++ {
		p.add(ctext(string(rune('0'+c)), mid(c), 125, 10))
	}
	row := func(y float64, cells ...string) {
		for c, s := range cells {
			switch {
			case s == "":
			case c <= 1:
				p.add(ctext(s, mid(c), y, 10))
			case c == 2:
				p.add(text(s, left[2]+2, y, 10))
			default:
				p.add(rtext(s, right(c), y, 10))
			}
		}
	}
	row(140, "1", "", "合计", "2,196.41", "2,196.41", "2,196.41")
	row(158, "2", "208", "社会保障和就业支出", "1365.54", "1365.54", "1000.00", "365.54", "0.00")
	row(176, "3", "2080505", "机关事业单位基本养老保险缴", "12.00", "12.00", "12.00")
	row(187, "", "", "费支出")
	row(205, "4", "2080506", "机关事业单位职业年金缴费支出", "3.00", "3.00", "3.00")
	p.add(text("注：本表无政府性基金收入。", 50, 225, 10))
	return p
}

func TestStreamAnchoredBy栏次(t *testing.T) {
	tables, rest, _ := streamTables(layoutLines(incomePage()), 7, nil)
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(tables))
	}
	tb := tables[0]
	if tb.Ruled || tb.Page != 7 || tb.Cols != 8 {
		t.Errorf("table: ruled %v, page %d, %d columns", tb.Ruled, tb.Page, tb.Cols)
	}
	wantGrid(t, tb, [][]string{
		{"", "功能分类科目", "<", "", "本年收入", "<", "<", ""},
		{"序号", "", "", "合计", "", "", "", "上年结转"},
		{"", "科目编码", "科目名称", "", "小计", "财政拨款", "其他收入", ""},
		{"栏次", "1", "2", "3", "4", "5", "6", "7"},
		{"1", "", "合计", "2,196.41", "2,196.41", "2,196.41", "", ""},
		{"2", "208", "社会保障和就业支出", "1365.54", "1365.54", "1000.00", "365.54", "0.00"},
		{"3", "2080505", "机关事业单位基本养老保险缴费支出", "12.00", "12.00", "12.00", "", ""},
		{"4", "2080506", "机关事业单位职业年金缴费支出", "3.00", "3.00", "3.00", "", ""},
	})
	if got := lineStrings(rest); !slices.Equal(got, []string{"单位预算收入总表", "单位：万元", "注：本表无政府性基金收入。"}) {
		t.Errorf("lines outside = %q", got)
	}
}

func TestStreamColumnsLeftOf栏次(t *testing.T) {
	// 类 | 款 | 项 | 名称 (栏次 centred in it) | 1 | 2
	var p glyphPage
	p.add(ctext("栏次", 220, 100, 10))
	p.add(ctext("1", 330, 100, 10))
	p.add(ctext("2", 390, 100, 10))
	row := func(y float64, cls, kuan, xiang, name, a, b string) {
		p.add(text(cls, 52, y, 10))
		p.add(text(kuan, 82, y, 10))
		p.add(text(xiang, 112, y, 10))
		p.add(text(name, 142, y, 10))
		p.add(rtext(a, 357, y, 10))
		p.add(rtext(b, 417, y, 10))
	}
	row(118, "204", "", "", "公共安全支出", "10.00", "8.00")
	row(136, "204", "06", "", "司法", "10.00", "8.00")
	row(154, "204", "06", "01", "行政运行", "10.00", "8.00")
	tables, _, _ := streamTables(layoutLines(p), 1, nil)
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(tables))
	}
	wantGrid(t, tables[0], [][]string{
		{"", "", "", "栏次", "1", "2"},
		{"204", "", "", "公共安全支出", "10.00", "8.00"},
		{"204", "06", "", "司法", "10.00", "8.00"},
		{"204", "06", "01", "行政运行", "10.00", "8.00"},
	})
}

func TestStreamAlignedWithout栏次(t *testing.T) {
	var p glyphPage
	p.add(text("一、部门主要职能……………………", 50, 40, 10))
	p.add(text("3", 400, 40, 10))
	p.add(ctext("项目", 100, 80, 10))
	p.add(ctext("合计", 250, 80, 10))
	p.add(ctext("基本支出", 350, 80, 10))
	for i, r := range [][3]string{{"工资福利支出", "1,000.00", "1,000.00"}, {"商品和服务支出", "20.50", "0.00"}, {"对个人和家庭的补助", "3.00", "3.00"}} {
		y := 100 + 18*float64(i)
		p.add(text(r[0], 52, y, 10))
		p.add(rtext(r[1], 280, y, 10))
		p.add(rtext(r[2], 380, y, 10))
	}
	p.add(text("本表为空表的说明。", 50, 200, 10))
	tables, rest, _ := streamTables(layoutLines(p), 1, nil)
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(tables))
	}
	wantGrid(t, tables[0], [][]string{
		{"项目", "合计", "基本支出"},
		{"工资福利支出", "1,000.00", "1,000.00"},
		{"商品和服务支出", "20.50", "0.00"},
		{"对个人和家庭的补助", "3.00", "3.00"},
	})
	if got := lineStrings(rest); !slices.Equal(got, []string{"一、部门主要职能…………………… 3", "本表为空表的说明。"}) {
		t.Errorf("lines outside = %q", got)
	}
}

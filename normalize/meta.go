package normalize

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Patterns for the metadata reports print on their covers, title lines and
// table headers.
var (
	// 323003秦皇岛市海港区社会保险事业所: a unit code glued to the unit name.
	codeNameLine = regexp.MustCompile(`^(\d{3,12})\s*([\p{Han}（）()]{4,40})(?:\s|$)`)
	// 单位名称：X, 部门名称：X, 编制单位：X, 预算主管部门：X, 部 门:X
	// (matched with spaces removed).
	labelledUnit = regexp.MustCompile(`(?:单位名称|部门名称|编制单位|编制部门|预算单位|填报单位|主管部门|部门|单位)[:：]([\p{Han}（）()]{2,40}?)(?:单位[:：]|预算年度|年度|$)`)
	// 预算年度：2023, 年度：2023.
	labelledYear = regexp.MustCompile(`年\s*度\s*[:：]\s*(20\d\d)`)
	// 上海市普陀区司法局2026年部门预算, XX2023年单位预算信息公开情况说明,
	// 江苏省委办公厅2018年度部门预算, 2024年度部门决算.
	titleYear = regexp.MustCompile(`^([\p{Han}（）()]*?)(20\d\d)年度?(区级|市级|省级|县级)?(部门|单位)?(预算|决算)`)
	// 第二部分, 第一部分: part headings glued before a unit name.
	partHeading = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
)

// meta collects the report's identity from its text lines, first hit wins
// for each field except where a stronger source comes later.
type meta struct {
	unitCode, unitName string
	nameStrength       int    // 3 code line, 2 labelled, 1 title
	titleName          string // the first name a title gave, whatever won
	year               int
	yearStrength       int    // 2 labelled, 1 title
	final, budget      int    // votes from titles
	department, unit   int    // votes for the level: 部门预算, 编制部门 against 单位预算, 编制单位
	prev               string // the previous line, spaces removed: covers split a title over two lines
}

func (m *meta) line(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if s[0] >= '0' && s[0] <= '9' {
		if mm := codeNameLine.FindStringSubmatch(s); mm != nil && m.nameStrength < 3 && !strings.HasSuffix(mm[2], "表") && !strings.HasPrefix(mm[2], "年") && !validCode(mm[1]) {
			m.unitCode, m.unitName, m.nameStrength = mm[1], mm[2], 3
		}
	}
	compact := removeSpaces(s)
	// Most lines are running text with no label and no title: a cheap
	// test spares them the patterns.
	if strings.ContainsAny(compact, ":：") {
		if mm := labelledUnit.FindStringSubmatch(compact); mm != nil && m.nameStrength < 2 && ParseUnit(mm[0]) == "" {
			m.unitName, m.nameStrength = mm[1], 2
		}
		if mm := labelledYear.FindStringSubmatch(s); mm != nil && m.yearStrength < 2 {
			m.year, _ = strconv.Atoi(mm[1])
			m.yearStrength = 2
		}
	}
	m.voteLevel(compact)
	joined := m.prev + compact
	m.prev = compact
	for _, t := range []string{compact, joined} {
		m.title(t)
	}
	final, budget := strings.Contains(compact, "决算"), strings.Contains(compact, "预算")
	if (final || budget) && (TableKind(compact) != "" || titleYear.MatchString(compact)) {
		if final {
			m.final++
		} else {
			m.budget++
		}
	}
}

// title takes the year and unit name from a cover or heading line such as
// 上海市普陀区司法局2026年部门预算.
func (m *meta) title(compact string) {
	if !strings.Contains(compact, "算") { // 预算, 决算
		return
	}
	if mm := titleYear.FindStringSubmatch(compact); mm != nil {
		if m.yearStrength < 1 {
			m.year, _ = strconv.Atoi(mm[2])
			m.yearStrength = 1
		}
		if name := unitFromTitle(mm[1]); name != "" {
			if m.nameStrength < 1 {
				m.unitName, m.nameStrength = name, 1
			}
			if m.titleName == "" {
				m.titleName = name
			}
		}
	}
}

// unitFromTitle keeps a title's leading unit name when it looks like one.
func unitFromTitle(s string) string {
	s = partHeading.ReplaceAllString(s, "")
	if len([]rune(s)) < 4 {
		return ""
	}
	if strings.Contains(s, "办事处") {
		return s
	}
	for _, suffix := range []string{"局", "委", "厅", "院", "所", "处", "办", "室", "会", "中心", "站", "馆", "队", "府", "部", "校", "园", "街道", "镇", "乡", "署", "社", "团", "协", "联"} {
		if strings.HasSuffix(s, suffix) {
			return s
		}
	}
	return ""
}

func (m *meta) apply(r *Report) {
	r.UnitCode, r.UnitName, r.Year = m.unitCode, m.unitName, m.year
	// A labelled name cut short by a wrapped cell (部门名称：江苏省人大 /
	// 常委会办公厅) is completed by the cover title that starts with it.
	if m.nameStrength == 2 && len(m.titleName) > len(m.unitName) && strings.HasPrefix(m.titleName, m.unitName) {
		r.UnitName = m.titleName
	}
	r.DocKind = "budget"
	if m.final > m.budget {
		r.DocKind = "final"
	}
	r.Level = m.level()
	r.Region = regionOf(r.UnitName)
}

// fileYear finds a year in a file name (2018年度部门预算公开表.pdf,
// 万里街道办事处24年预算.pdf), for reports whose pages never print it.
var fileYear = regexp.MustCompile(`(?:^|\D)(20\d\d|\d\d)\s*年`)

// bareFileYear is the fallback for names that drop the 年
// (江苏省政协办公厅2018度部门预算公开表.pdf): a lone 20xx, not part of a
// longer number such as a portal's upload id.
var bareFileYear = regexp.MustCompile(`(?:^|\D)(20\d\d)(?:\D|$)`)

// fromName completes what the pages did not say with what the file's name
// says: the year, and 决算 for a final account.
func (m *meta) fromName(r *Report, name string) {
	base := filepath.Base(name)
	// A crawled report is named by its URL, where 决算 and 2024年 arrive
	// percent-encoded (%E5%86%B3%E7%AE%97).
	if u, err := url.PathUnescape(base); err == nil {
		base = u
	}
	if r.Year == 0 {
		mm := fileYear.FindStringSubmatch(base)
		if mm == nil {
			mm = bareFileYear.FindStringSubmatch(base)
		}
		if mm != nil {
			y, _ := strconv.Atoi(mm[1])
			if y < 100 {
				y += 2000
			}
			if y >= 2000 && y <= 2099 {
				r.Year = y
				r.Warnings = append(r.Warnings, fmt.Sprintf("year %d taken from the file name; the pages do not state it", y))
			}
		}
	}
	if m.final+m.budget == 0 && strings.Contains(base, "决算") {
		r.DocKind = "final"
	}
	if r.Level == "" {
		m.voteLevel(base)
		r.Level = m.level()
	}
}

// Levels of a report: a 部门 (department) report consolidates the units
// under it; a 单位 report is one unit's own. The two are different
// reports even where the body and its name are the same.
const (
	LevelDepartment = "department"
	LevelUnit       = "unit"
)

// voteLevel counts the phrases of s that say a report's level: its title
// (部门预算, 单位决算) and its cover label (编制部门, 编制单位). 预算单位 is
// not among them: department reports use it for the units they cover.
func (m *meta) voteLevel(s string) {
	m.department += countAny(s, []string{"部门预算", "部门决算", "编制部门"})
	m.unit += countAny(s, []string{"单位预算", "单位决算", "编制单位"})
}

// level is the level most of the report's phrases name, or "" if none does.
func (m *meta) level() string {
	switch {
	case m.department > m.unit:
		return LevelDepartment
	case m.unit > m.department:
		return LevelUnit
	}
	return ""
}

func countAny(s string, words []string) int {
	n := 0
	for _, w := range words {
		n += strings.Count(s, w)
	}
	return n
}

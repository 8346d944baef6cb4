package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cnbudget/cnbudget/store"
)

type metadataCommand struct {
	stdout, stderr io.Writer
}

func (c *metadataCommand) Usage() string {
	return `Usage: cnbudget metadata [--db FILE.db]

Prints Datasette metadata (JSON) for a cnbudget database: title, source and
licence, and a description in English and Chinese of every table, view and
column, with the column Datasette shows for a row linked from another table
(label_column). With --db the tables and views are read from that database,
which is opened read-only; without it, from the schema this cnbudget
creates. A table or column without a description is listed with an empty
one and named on stderr.

  cnbudget metadata --db cnbudget.db > metadata.json
  datasette cnbudget.db -m metadata.json

Flags:
  --db FILE.db   the database to describe (its file name is the database
                 name in the metadata, as Datasette names it)
`
}

func (c *metadataCommand) Run(ctx context.Context, args []string) error {
	dbPath, err := parseDB("metadata", args)
	if err != nil {
		return err
	}
	name := "cnbudget"
	var schema []store.Relation
	if dbPath != "" {
		name = strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
		schema, err = readSchema(ctx, dbPath, openReadOnly)
	} else {
		schema, err = currentSchema(ctx)
	}
	if err != nil {
		return err
	}
	meta, missing := metadata(name, schema)
	for _, m := range missing {
		fmt.Fprintf(c.stderr, "cnbudget metadata: no description for %s\n", m)
	}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "%s\n", b)
	return err
}

func readSchema(ctx context.Context, path string, open func(string) (*store.DB, error)) ([]store.Relation, error) {
	db, err := open(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Schema(ctx)
}

// currentSchema is the schema this binary creates, read from a new
// database in a temporary folder: the migrations are its only definition.
func currentSchema(ctx context.Context) ([]store.Relation, error) {
	dir, err := os.MkdirTemp("", "cnbudget-metadata-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	return readSchema(ctx, filepath.Join(dir, "schema.db"), store.Open)
}

// datasetteMeta is Datasette's metadata.json, the parts cnbudget fills.
type datasetteMeta struct {
	Title       string                     `json:"title"`
	Description string                     `json:"description"`
	License     string                     `json:"license"`
	Source      string                     `json:"source"`
	Databases   map[string]datasetteTables `json:"databases"`
}

type datasetteTables struct {
	Tables map[string]datasetteTable `json:"tables"`
}

type datasetteTable struct {
	Description string            `json:"description"`
	LabelColumn string            `json:"label_column,omitempty"`
	SearchMode  string            `json:"searchmode,omitempty"`
	Columns     map[string]string `json:"columns"`
}

// metadata describes the relations of database name, and lists the tables
// and columns it has no description for ("table x", "column x.y").
func metadata(name string, schema []store.Relation) (datasetteMeta, []string) {
	docs, common := relationDocs(), commonColumns()
	tables := make(map[string]datasetteTable, len(schema))
	var missing []string
	for _, rel := range schema {
		d, ok := docs[rel.Name]
		if !ok {
			missing = append(missing, "table "+rel.Name)
		}
		t := datasetteTable{Description: d.description, LabelColumn: d.label, SearchMode: d.searchMode,
			Columns: make(map[string]string, len(rel.Columns))}
		for _, col := range rel.Columns {
			desc, ok := d.columns[col]
			if !ok {
				desc, ok = common[col]
			}
			if !ok {
				missing = append(missing, "column "+rel.Name+"."+col)
			}
			t.Columns[col] = desc
		}
		tables[rel.Name] = t
	}
	return datasetteMeta{
		Title: "cnbudget: Chinese government budgets and final accounts 政府部门预算、决算公开数据",
		Description: "The budget (预算) and final-accounts (决算) reports that Chinese government departments and units " +
			"publish every year, read from their PDF and Word files into tables. Amounts are exact, in fen " +
			"(0.01 yuan, columns ending _fen). Each document row names its source file, and every report is " +
			"checked against its own totals (check_failures). " +
			"各部门、单位每年公开的部门预算、决算报告，从 PDF 和 Word 文件读入数据表；金额精确到分（以 _fen 结尾的列）；" +
			"每个文档注明来源文件，并按报告自身的合计数校验。",
		// The repository has no LICENSE file; the data are the publishers'.
		License: "see source documents",
		Source: "Budget and final-accounts disclosures published by Chinese government departments and units " +
			"(documents.source_path names each file or URL); read with cnbudget. " +
			"政府部门、单位公开的预算、决算报告（来源见 documents.source_path）。",
		Databases: map[string]datasetteTables{name: {Tables: tables}},
	}, missing
}

// relationDoc describes one table or view; columns not described here
// take their description from commonColumns.
type relationDoc struct {
	description string
	label       string // Datasette's label_column
	searchMode  string
	columns     map[string]string
}

// commonColumns describes the columns that mean the same in every table
// and view that has them.
func commonColumns() map[string]string {
	return map[string]string{
		"document_id":    "The document (→ documents.id). 文档编号。",
		"unit_id":        "The reporting unit, one identity across documents and years (→ units.id). 单位编号（跨文档、跨年度）。",
		"unit_code":      "The unit's code as printed, e.g. 323003; NULL if not printed. 单位代码（按原文）。",
		"unit_name":      "The unit's name as printed. 单位名称（按原文）。",
		"year":           "The budget or final-accounts year. 预算或决算年度。",
		"doc_kind":       "budget (预算) or final (决算). 文档类型：预算或决算。",
		"table_kind":     "The table's kind, e.g. summary 收支总表, expenditure 支出总表, three_public “三公”经费支出表. 表格类型。",
		"side":           "revenue or expenditure in two-sided tables (收支总表); NULL elsewhere. 收支方向（收支总表）。",
		"classification": "function (支出功能分类) or economic (支出经济分类); NULL for rows without a code. 科目分类：功能分类或经济分类。",
		"code":           "Classification code, digits only (2080109); NULL for totals and items without a code. 科目编码（仅数字）。",
		"name":           "The row's name, cleaned: no enumerator (一、), no layout spaces, no 其中：. 科目或项目名称（已去编号、空格）。",
		"measure":        "The amount column: total 合计, basic 基本支出, project 项目支出, amount 预算数 … (see the README). 金额栏目。",
		"amount_fen":     "The amount in fen (0.01 yuan), exact. 金额（分）。",
		"page":           "Page (PDF) or table number (Word) where it was read. 所在页码（PDF）或表序号（Word）。",
		"level":          "类, 款 or 项: the code's level (3, 5 or 7 digits). 科目级次：类、款、项。",
		"source_path":    "The file path or URL as given when ingested. 来源文件路径或网址。",
		"ordinal":        "Position, from 1, in reading order. 顺序号（从 1 起）。",
		"table_id":       "The table (→ report_tables.id). 表格编号。",
		"row_id":         "The table row (→ report_rows.id). 表格行编号。",
		"row_ordinal":    "The row's position in its table. 行在表中的顺序号。",
		"expected_fen":   "The figure the check expected, in fen. 应为金额（分）。",
		"found_fen":      "The figure printed, in fen. 实际金额（分）。",
		"difference_fen": "found − expected, in fen. 差额（分），实际减应为。",
		"rounding":       "1 when the difference is only the report's own rounding. 1 表示差额仅为舍入误差。",
		"rule":           "The check: parent_sum (类 = Σ款, 款 = Σ项), total_sum (合计 = Σ rows), column_sum (total = Σ columns), balance (收入总计 = 支出总计) or cross_table (one figure in two tables). 校验规则。",
		"subject":        "The code and name or the row checked (2040601 行政运行, 合计). 校验对象（科目或行）。",
		"sha256":         "SHA-256 of the file bytes, hex. 文件内容的 SHA-256 摘要。",
		"status":         "ok, partial (loaded with warnings) or failed. 状态：ok 正常、partial 有警告、failed 失败。",
		"error":          "Why the file failed, or a summary of its warnings; NULL when ok. 失败原因或警告摘要。",
		"total_fen":      "合计: the row's total, in fen. 合计（分）。",
		"basic_fen":      "基本支出, in fen. 基本支出（分）。",
		"project_fen":    "项目支出, in fen. 项目支出（分）。",
		"parent_code":    "The code one level up (2080109 → 20801). 上级科目编码。",
		"official_name":  "The dictionary's name for the code in that year. 科目的规范名称（当年）。",
	}
}

// relationDocs describes each table and view of the schema.
func relationDocs() map[string]relationDoc {
	documentColumns := map[string]string{
		"id":            "Document number. 文档编号。",
		"format":        "pdf or docx. 文件格式。",
		"pages":         "Number of pages (PDF) or tables (Word). 页数。",
		"size_bytes":    "File size in bytes. 文件大小（字节）。",
		"ingested_at":   "When it was loaded (UTC, RFC 3339). 读入时间（UTC）。",
		"superseded_by": "The newer version of the same report (same unit, year and kind, other bytes); NULL for the newest. 被哪个新版本替代；最新版本为空。",
	}
	return map[string]relationDoc{
		"documents": {
			description: "One row per distinct file content read: the unit, year and kind it reports on, and whether it loaded. 文档：每个内容不同的文件一行，含单位、年度、类型和读取状态。",
			label:       "unit_name",
			columns:     documentColumns,
		},
		"current_documents": {
			description: "The documents the summary views read: loaded (not failed) and not superseded by a newer version. 当前文档：读取成功且未被新版本替代的文档。",
			label:       "unit_name",
			columns:     documentColumns,
		},
		"units": {
			description: "One row per reporting unit (部门 or 单位) across documents and years: the same code, or else the same name. 单位：跨文档、跨年度的同一报告单位。",
			label:       "name",
			columns: map[string]string{
				"id":       "Unit number. 单位编号。",
				"code":     "The unit code as printed; NULL until a document states it. 单位代码。",
				"name":     "The name as first loaded; every printed variant is in unit_names. 单位名称（首次读入时）。",
				"name_key": "The name as compared across documents (no spaces or punctuation, half-width). 用于比对的名称。",
				"level":    "department (部门) or unit (单位), as the reports say (部门预算, 单位预算); NULL when they do not. 级别：部门或单位。",
				"region":   "The region the unit's name begins with (上海市普陀区, 江苏省); NULL when it names none. 地区（取自单位名称）。",
			},
		},
		"unit_names": {
			description: "Every name a unit was printed under, with its years and documents. 单位名称变体及出现的年度、文档。",
			label:       "name",
			columns: map[string]string{
				"name":         "A name as printed. 名称（按原文）。",
				"first_year":   "First year printed with this name. 首次出现年度。",
				"last_year":    "Last year printed with this name. 最后出现年度。",
				"years":        "The years, comma-separated. 出现年度（逗号分隔）。",
				"document_ids": "The documents, comma-separated. 文档编号（逗号分隔）。",
			},
		},
		"report_tables": {
			description: "One row per table recognized in a document, with its printed title and unit. 报表：文档中识别出的每张表。",
			label:       "title",
			columns: map[string]string{
				"id":    "Table number. 表格编号。",
				"kind":  "The table's kind (see table_kind); NULL if not recognized. 表格类型。",
				"title": "The title as printed. 表格标题（按原文）。",
				"unit":  "The unit of its amounts: 元, 千元 or 万元. 金额单位。",
			},
		},
		"table_columns": {
			description: "The amount columns of each table, with their printed headers. 报表的金额栏目及原表头。",
			columns: map[string]string{
				"header": "The header as printed. 表头（按原文）。",
			},
		},
		"report_rows": {
			description: "One row per table row: code and name as read. 报表行：每个表格行的科目编码和名称。",
			label:       "name",
			columns: map[string]string{
				"id":       "Row number. 行编号。",
				"raw_name": "The name as printed, with enumerator and spaces. 名称（按原文，含编号）。",
			},
		},
		"amounts": {
			description: "One row per non-empty money cell. 金额：每个非空金额单元格一行。",
			columns: map[string]string{
				"value": "The amount as printed, in the table's unit. 金额（按原文，表格单位）。",
			},
		},
		"facts": {
			description: "Every money cell of the money tables with its document, table, row and column: the table most questions start from. 事实表：金额表中每个金额单元格及其文档、表格、行、栏目。",
		},
		"current_facts": {
			description: "facts of current documents only, from the first table of each kind in each. 当前文档的金额事实（每类表取第一张）。",
		},
		"classified_facts": {
			description: "facts with what the classification dictionary says of each code in that year. 附科目词典信息的金额事实。",
		},
		"check_failures": {
			description: "One row per failed accounting check of a document (a parent ≠ the sum of its children, 收入 ≠ 支出 …). 校验失败：报告自身数字不一致之处。",
			columns: map[string]string{
				"id": "Failure number. 编号。",
			},
		},
		"check_report": {
			description: "Failed checks beside the unit, year and file, the difference also in yuan. 校验失败报告：附单位、年度、文件及差额（元）。",
			columns: map[string]string{
				"difference_yuan": "found − expected, in yuan, as text. 差额（元）。",
				"current":         "1 for the current version of the report, 0 for a superseded one. 是否为当前版本。",
			},
		},
		"warnings": {
			description: "What could not be read as printed in a document; any warning makes it partial. 警告：文档中未能按原样读取之处。",
			columns: map[string]string{
				"message": "The warning, naming the table and row. 警告内容。",
			},
		},
		"narrative": {
			description: "The running text of each document (情况说明 and headings), a paragraph a row. 文字说明：文档中的段落文字。",
			columns: map[string]string{
				"text": "The paragraph as printed. 段落文字。",
			},
		},
		"search": {
			description: "Full-text index of row names, table titles and running text. Search it in raw mode with each Chinese " +
				"character separated by a space and the term in double quotes: \"保 险\" finds 社会保险. 全文检索：检索词每个汉字之间加空格并加双引号，如 \"保 险\"。",
			searchMode: "raw",
			columns: map[string]string{
				"terms":  "The indexed words: every Chinese character separate, codes whole; the text as printed is in the row, title or paragraph ref leads to. 索引词：汉字逐字分开。",
				"source": "row (a table row's code and name), table (a title) or narrative (a paragraph). 来源：行、表题或段落。",
				"ref":    "report_rows.id, report_tables.id or narrative.ordinal, by source. 对应的行、表或段落编号。",
			},
		},
		"headline": {
			description: "The headline figures of each current document, in fen: totals, 基本/项目支出, 财政拨款, 三公 and its parts. 主要数字：收支总计、基本和项目支出、财政拨款、三公经费（分）。",
			columns: map[string]string{
				"revenue_total_fen":     "收入总计, in fen. 收入总计（分）。",
				"expenditure_total_fen": "支出总计, in fen. 支出总计（分）。",
				"basic_fen":             "基本支出 (支出总表 合计), in fen. 基本支出（分）。",
				"project_fen":           "项目支出 (支出总表 合计), in fen. 项目支出（分）。",
				"appropriation_fen":     "财政拨款 收入总计, in fen. 财政拨款收入总计（分）。",
				"three_public_fen":      "“三公”经费 total, in fen. “三公”经费合计（分）。",
				"outbound_fen":          "因公出国（境）费, in fen. 因公出国（境）费（分）。",
				"reception_fen":         "公务接待费, in fen. 公务接待费（分）。",
				"vehicles_fen":          "公务用车购置及运行费, in fen. 公务用车购置及运行费（分）。",
				"vehicle_purchase_fen":  "公务用车购置费, in fen. 公务用车购置费（分）。",
				"vehicle_operation_fen": "公务用车运行维护费, in fen. 公务用车运行维护费（分）。",
			},
		},
		"spending_by_function": {
			description: "Spending by function code (类, 款, 项) of each current document, from its 支出总表. 按功能分类科目的支出。",
		},
		"basic_by_economic": {
			description: "基本支出 by economic code, each marked 人员经费 or 公用经费. 按经济分类的基本支出（人员经费、公用经费）。",
			columns: map[string]string{
				"category": "人员经费 (301, 303) or 公用经费 (the rest). 人员经费或公用经费。",
			},
		},
		"year_on_year": {
			description: "Each unit's spending by function code beside the year before (newest version of each year). 同比：各单位按科目支出与上年对比。",
			columns: map[string]string{
				"amount_fen":   "This year's total, in fen. 本年金额（分）。",
				"previous_fen": "The year before, in fen; NULL if not loaded. 上年金额（分）。",
				"change_fen":   "amount − previous, in fen. 增减额（分）。",
				"change_pct":   "The change in percent, as text rounded to 0.1. 增减百分比。",
			},
		},
		"classifications": {
			description: "The 政府收支分类科目 dictionary: each code, its level, parent and name in the years it was valid. 政府收支分类科目词典。",
			label:       "name",
			columns: map[string]string{
				"name":       "The official name. 规范名称。",
				"valid_from": "First year the name was valid; NULL if not known. 名称启用年度。",
				"valid_to":   "Last year the name was valid; NULL while current. 名称停用年度。",
				"source":     "official (the published classification) or seen (in reports). 来源：官方科目或报告所见。",
			},
		},
		"classifications_version": {
			description: "The version (SHA-256) of the dictionary loaded into classifications. 科目词典版本。",
			columns: map[string]string{
				"version":   "SHA-256 of the embedded dictionary. 词典摘要。",
				"loaded_at": "When it was loaded. 载入时间。",
			},
		},
		"fetches": {
			description: "One row per download by cnbudget crawl, successful or not. 下载记录：cnbudget crawl 的每次下载。",
			label:       "url",
			columns: map[string]string{
				"id":             "Fetch number. 编号。",
				"url":            "The URL fetched. 网址。",
				"fetched_at":     "When (UTC). 下载时间（UTC）。",
				"http_status":    "The HTTP status code. HTTP 状态码。",
				"etag":           "The ETag the server sent. 服务器 ETag。",
				"last_modified":  "The Last-Modified the server sent. 服务器 Last-Modified。",
				"content_type":   "The Content-Type the server sent. 内容类型。",
				"content_length": "Bytes received. 接收字节数。",
				"sha256":         "SHA-256 of the body. 内容摘要。",
				"outcome":        "new, unchanged, not_modified, rejected or error. 结果。",
				"reason":         "Why it was rejected or failed. 拒绝或失败原因。",
				"attempts":       "Requests made, counting retries. 请求次数（含重试）。",
			},
		},
		"schema_migrations": {
			description: "The schema versions applied to this database. 已应用的数据库结构版本。",
			columns: map[string]string{
				"version":    "Migration number. 版本号。",
				"applied_at": "When it was applied (UTC). 应用时间。",
			},
		},
	}
}

-- Units across documents and years, versions of a republished report, and
-- the views that answer the first questions asked of the data.
--
-- units.id links every document of one reporting unit: same unit code, or
-- else the same name once spaces and punctuation are dropped and full-width
-- characters folded (store/units.go; Go, not SQL, so one function decides).
-- Documents loaded before this migration are linked, and their versions
-- marked, on the next Load.

CREATE TABLE units (
    id       INTEGER PRIMARY KEY,
    code     TEXT,  -- the unit code as printed; NULL until a document states it
    name     TEXT,  -- the name as first loaded; every printed variant is in unit_names
    name_key TEXT,  -- the name compared across documents
    level    TEXT CHECK (level IN ('department', 'unit')),  -- 部门 or 单位; NULL until reports say
    region   TEXT   -- NULL until reports say
);

CREATE INDEX units_code ON units (code) WHERE code IS NOT NULL;
CREATE INDEX units_name_key ON units (name_key);

ALTER TABLE documents ADD COLUMN unit_id INTEGER REFERENCES units (id);

-- superseded_by is the next version of the same report: a later load of the
-- same unit, year and doc_kind with different bytes. NULL for the newest.
ALTER TABLE documents ADD COLUMN superseded_by INTEGER REFERENCES documents (id) ON DELETE SET NULL;

CREATE INDEX documents_unit_version ON documents (unit_id, year, doc_kind);
CREATE INDEX documents_superseded_by ON documents (superseded_by) WHERE superseded_by IS NOT NULL;

-- unit_names: every name a unit was printed under, with the years and
-- documents it appears in.
--   SELECT * FROM unit_names WHERE unit_id = 1;
-- The lists are built from ordered subqueries, not group_concat(... ORDER
-- BY ...): that form needs SQLite 3.44, and an older sqlite3, Python or
-- Datasette could not open the file at all.
CREATE VIEW unit_names AS
SELECT n.unit_id,
       n.name,
       n.first_year,
       n.last_year,
       (SELECT group_concat(year, ',') FROM (
            SELECT DISTINCT year FROM documents d
            WHERE d.unit_id = n.unit_id AND d.unit_name = n.name AND year IS NOT NULL
            ORDER BY year))                               AS years,
       (SELECT group_concat(id, ',') FROM (
            SELECT id FROM documents d
            WHERE d.unit_id = n.unit_id AND d.unit_name = n.name
            ORDER BY id))                                 AS document_ids
FROM (SELECT unit_id, unit_name AS name, min(year) AS first_year, max(year) AS last_year
      FROM documents
      WHERE unit_id IS NOT NULL AND unit_name IS NOT NULL
      GROUP BY unit_id, unit_name) n;

-- current_documents: the documents the views below read: loaded (not
-- failed) and not superseded by a newer version.
CREATE VIEW current_documents AS
SELECT * FROM documents WHERE status <> 'failed' AND superseded_by IS NULL;

-- current_facts: the money cells of current documents, from the first table
-- of each kind in each (a report printing one kind twice, such as a second
-- 支出表 with extra columns, would count twice otherwise), with the row's
-- position so views can prefer one printed row over another.
CREATE VIEW current_facts AS
WITH first_tables AS (
    SELECT document_id, kind, min(ordinal) AS ordinal
    FROM report_tables WHERE kind IS NOT NULL GROUP BY document_id, kind
)
SELECT d.id             AS document_id,
       d.unit_id        AS unit_id,
       d.unit_code      AS unit_code,
       d.unit_name      AS unit_name,
       d.year           AS year,
       d.doc_kind       AS doc_kind,
       t.kind           AS table_kind,
       r.ordinal        AS row_ordinal,
       r.side           AS side,
       r.classification AS classification,
       r.code           AS code,
       r.name           AS name,
       a.measure        AS measure,
       a.amount_fen     AS amount_fen,
       r.page           AS page
FROM current_documents d
JOIN first_tables f ON f.document_id = d.id
JOIN report_tables t ON t.document_id = f.document_id AND t.ordinal = f.ordinal
JOIN report_rows r ON r.table_id = t.id
JOIN amounts a ON a.row_id = r.id;

-- headline: one row per current document with the figures quoted first.
--   revenue_total_fen     收支总表 收入总计 (总计 on the revenue side; 收入合计 where no 总计 is printed)
--   expenditure_total_fen 收支总表 支出总计 (likewise)
--   basic_fen, project_fen 支出总表 合计 row, 基本支出 and 项目支出
--   appropriation_fen     财政拨款收支总表 收入总计 (this year's 财政拨款 and carry-over)
--   three_public_fen      三公 total: the “三公”经费 row where the table also has
--                         会议费 and 培训费 (Jiangsu), else its 合计; measure total,
--                         amount, or actual (决算数) in final accounts
--   outbound_fen 因公出国（境）费, reception_fen 公务接待费,
--   vehicles_fen 公务用车购置及运行(维护)费, vehicle_purchase_fen 公务用车购置费,
--   vehicle_operation_fen 公务用车运行(维护)费
-- NULL where the report does not print the figure.
CREATE VIEW headline AS
WITH candidates AS (
    SELECT document_id, amount_fen, row_ordinal, measure,
           CASE table_kind WHEN 'summary' THEN 'revenue_total' ELSE 'appropriation' END AS item,
           CASE WHEN name = '收入合计' THEN 2 ELSE 1 END AS rank
    FROM current_facts
    WHERE table_kind IN ('summary', 'appropriation_summary') AND measure IN ('amount', 'total')
      AND (name IN ('收入总计', '收入合计') OR (name = '总计' AND side = 'revenue'))
    UNION ALL
    SELECT document_id, amount_fen, row_ordinal, measure, 'expenditure_total',
           CASE WHEN name = '支出合计' THEN 2 ELSE 1 END
    FROM current_facts
    WHERE table_kind = 'summary' AND measure IN ('amount', 'total')
      AND (name IN ('支出总计', '支出合计') OR (name = '总计' AND side = 'expenditure'))
    UNION ALL
    SELECT document_id, amount_fen, row_ordinal, measure, measure, 1
    FROM current_facts
    WHERE table_kind = 'expenditure' AND name = '合计' AND measure IN ('basic', 'project')
    UNION ALL
    SELECT document_id, amount_fen, row_ordinal, measure,
           CASE
               WHEN name IN ('“三公”经费', '"三公"经费', '三公经费', '合计') THEN 'three_public'
               WHEN name IN ('因公出国（境）费', '因公出国(境)费') THEN 'outbound'
               WHEN name = '公务接待费' THEN 'reception'
               WHEN name LIKE '公务用车购置及运%' THEN 'vehicles'
               WHEN name = '公务用车购置费' THEN 'vehicle_purchase'
               WHEN name LIKE '公务用车运行%费' THEN 'vehicle_operation'
           END,
           CASE WHEN name = '合计' THEN 2 ELSE 1 END
    FROM current_facts
    WHERE table_kind = 'three_public' AND measure IN ('total', 'amount', 'actual')
),
picked AS (
    SELECT document_id, item, amount_fen,
           row_number() OVER (PARTITION BY document_id, item
                              ORDER BY rank, measure <> 'amount', row_ordinal) AS n
    FROM candidates
    WHERE item IS NOT NULL
)
SELECT d.unit_id,
       d.unit_name,
       d.year,
       d.doc_kind,
       d.id AS document_id,
       max(CASE p.item WHEN 'revenue_total' THEN p.amount_fen END)     AS revenue_total_fen,
       max(CASE p.item WHEN 'expenditure_total' THEN p.amount_fen END) AS expenditure_total_fen,
       max(CASE p.item WHEN 'basic' THEN p.amount_fen END)             AS basic_fen,
       max(CASE p.item WHEN 'project' THEN p.amount_fen END)           AS project_fen,
       max(CASE p.item WHEN 'appropriation' THEN p.amount_fen END)     AS appropriation_fen,
       max(CASE p.item WHEN 'three_public' THEN p.amount_fen END)      AS three_public_fen,
       max(CASE p.item WHEN 'outbound' THEN p.amount_fen END)          AS outbound_fen,
       max(CASE p.item WHEN 'reception' THEN p.amount_fen END)         AS reception_fen,
       max(CASE p.item WHEN 'vehicles' THEN p.amount_fen END)          AS vehicles_fen,
       max(CASE p.item WHEN 'vehicle_purchase' THEN p.amount_fen END)  AS vehicle_purchase_fen,
       max(CASE p.item WHEN 'vehicle_operation' THEN p.amount_fen END) AS vehicle_operation_fen
FROM current_documents d
JOIN picked p ON p.document_id = d.id AND p.n = 1
GROUP BY d.id;

-- spending_by_function: each function-coded row (类, 款 or 项 by the code's
-- length: 3, 5, 7 digits) of current documents, from the 支出总表 (all
-- funds; total = basic + project). Jiangsu's 支出总表 has no coded rows
-- (only its 合计 by source of funds); for such a document the rows come
-- from its 一般公共预算（财政拨款）支出表, which covers that one source of
-- funds. table_kind says which table a row comes from: compare like with like.
CREATE VIEW spending_by_function AS
WITH sources AS (
    SELECT document_id,
           CASE WHEN max(table_kind = 'expenditure') THEN 'expenditure'
                ELSE 'general_budget_expenditure' END AS table_kind
    FROM current_facts
    WHERE classification = 'function' AND table_kind IN ('expenditure', 'general_budget_expenditure')
    GROUP BY document_id
)
SELECT f.unit_id,
       f.unit_name,
       f.year,
       f.doc_kind,
       f.document_id,
       f.table_kind,
       f.code,
       CASE length(f.code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END AS level,
       f.name,
       coalesce(max(CASE f.measure WHEN 'total' THEN f.amount_fen END),
                max(CASE f.measure WHEN 'amount' THEN f.amount_fen END)) AS total_fen,
       max(CASE f.measure WHEN 'basic' THEN f.amount_fen END)            AS basic_fen,
       max(CASE f.measure WHEN 'project' THEN f.amount_fen END)          AS project_fen
FROM current_facts f
JOIN sources s ON s.document_id = f.document_id AND s.table_kind = f.table_kind
WHERE f.classification = 'function'
GROUP BY f.document_id, f.row_ordinal;

-- basic_by_economic: 基本支出 by economic classification, from the
-- 一般公共预算（财政拨款）基本支出表 of current documents: each 类 (301, 302,
-- 303, 310 ...) and 款 (30101 ...) row with its amount, and category
-- 人员经费 (工资福利支出 301 + 对个人和家庭的补助 303) or 公用经费 (everything
-- else: 商品和服务支出 302, 资本性支出 310 ...). Sum the 类 rows, not both
-- levels, for a total.
CREATE VIEW basic_by_economic AS
SELECT unit_id,
       unit_name,
       year,
       doc_kind,
       document_id,
       code,
       CASE length(code) WHEN 3 THEN '类' WHEN 5 THEN '款' END AS level,
       name,
       CASE WHEN substr(code, 1, 3) IN ('301', '303') THEN '人员经费' ELSE '公用经费' END AS category,
       coalesce(max(CASE measure WHEN 'total' THEN amount_fen END),
                max(CASE measure WHEN 'amount' THEN amount_fen END)) AS amount_fen
FROM current_facts
WHERE table_kind = 'general_budget_basic_expenditure' AND classification = 'economic'
GROUP BY document_id, row_ordinal;

-- year_on_year: each spending_by_function row beside the same unit's same
-- code in the year before, read from the same kind of report and table.
-- Only current documents take part, so the newest version of each
-- unit-year wins. previous_fen is NULL when the year before is not loaded
-- or lacks the code; change_pct is text rounded to 0.1 (the exact change is
-- change_fen).
CREATE VIEW year_on_year AS
SELECT c.unit_id,
       c.unit_name,
       c.doc_kind,
       c.table_kind,
       c.code,
       c.level,
       c.name,
       c.year,
       c.total_fen                AS amount_fen,
       p.total_fen                AS previous_fen,
       c.total_fen - p.total_fen  AS change_fen,
       CASE WHEN p.total_fen <> 0
            THEN printf('%+.1f%%', 100.0 * (c.total_fen - p.total_fen) / p.total_fen) END AS change_pct
FROM spending_by_function c
LEFT JOIN spending_by_function p
       ON p.unit_id = c.unit_id AND p.doc_kind = c.doc_kind AND p.table_kind = c.table_kind
      AND p.code = c.code AND p.year = c.year - 1;

-- check_report: every failed accounting check beside the unit, year and
-- file it was found in, the difference also as yuan text; current is 0 for
-- a superseded version.
CREATE VIEW check_report AS
SELECT d.unit_name,
       d.year,
       d.doc_kind,
       d.source_path,
       c.table_kind,
       c.rule,
       c.subject,
       c.measure,
       c.expected_fen,
       c.found_fen,
       c.difference_fen,
       printf('%s%d.%02d', CASE WHEN c.difference_fen < 0 THEN '-' ELSE '' END,
              abs(c.difference_fen) / 100, abs(c.difference_fen) % 100) AS difference_yuan,
       c.rounding,
       d.superseded_by IS NULL AS current,
       c.document_id
FROM check_failures c
JOIN documents d ON d.id = c.document_id;

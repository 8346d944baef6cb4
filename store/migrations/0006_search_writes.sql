-- The search index made cheaper to write, as the single writer of a batch
-- spends a third of its time on it.
--
-- By default FTS5 keeps the length in tokens of every entry (the shadow
-- table search_docsize) for bm25() ranking. cnbudget never ranks by it,
-- and writing that row for each of a report's hundreds of entries was about
-- a tenth of the writer's time. With columnsize = 0, bm25() and ORDER BY
-- rank still work: FTS5 counts the tokens when asked.
--
-- Each document's entries go into the index as a small segment of their
-- own, and FTS5 merges segments as they pile up, by default 4 at a time.
-- Merging 16 at a time rewrites each entry fewer times as the index grows
-- (some 6% of the writer's time); a query reads a few more segments, which
-- on 1,000 reports took no measurable time.
--
-- The table is made anew; Open then indexes every loaded document again
-- (store/search.go, indexUnindexed), once.
DROP TRIGGER search_document_deleted;
DROP TABLE search;

CREATE VIRTUAL TABLE search USING fts5 (
    terms,
    source UNINDEXED,      -- 'row', 'table' or 'narrative'
    document_id UNINDEXED, -- documents.id
    ref UNINDEXED,         -- report_rows.id, report_tables.id or narrative.ordinal
    tokenize = 'unicode61',
    columnsize = 0
);
INSERT INTO search (search, rank) VALUES ('automerge', 16);

CREATE TRIGGER search_document_deleted AFTER DELETE ON documents BEGIN
    DELETE FROM search WHERE rowid BETWEEN old.id * 4294967296 AND old.id * 4294967296 + 4294967295;
END;

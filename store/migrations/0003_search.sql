-- Full-text search over row names, table titles and running text.
--
-- FTS5's unicode61 tokenizer reads a run of Chinese characters as one
-- token, so 保险 would not find 社会保险经办机构, and the trigram tokenizer
-- cannot match two-character terms. terms therefore holds the text with
-- every Han character as a token of its own (社 会 保 险 经 办 机 构;
-- codes and other words stay whole: 2080109), and a search term is matched
-- as a phrase of those tokens: MATCH '"保 险"'. store/search.go writes
-- terms. The words as printed are not copied here (on the real corpus the
-- copy cost more than the index itself): source and ref lead to the row,
-- title or paragraph they came from.
--
-- The rowid of an entry is document_id * 2^32 + n, so the entries of one
-- document are one rowid range, which FTS5 finds without scanning the
-- whole index when the document is deleted.
CREATE VIRTUAL TABLE search USING fts5 (
    terms,
    source UNINDEXED,      -- 'row', 'table' or 'narrative'
    document_id UNINDEXED, -- documents.id
    ref UNINDEXED,         -- report_rows.id, report_tables.id or narrative.ordinal
    tokenize = 'unicode61'
);

CREATE TRIGGER search_document_deleted AFTER DELETE ON documents BEGIN
    DELETE FROM search WHERE rowid BETWEEN old.id * 4294967296 AND old.id * 4294967296 + 4294967295;
END;

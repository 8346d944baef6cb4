-- The documents still to be linked to a unit: those that name one but were
-- loaded before units existed (migration 0002). Every load looks for them
-- (store/units.go, linkUnlinked); without this index it walked every
-- document without a unit, failed downloads and text-only volumes
-- included, which a nightly crawl adds to for years. The index is empty
-- once they are linked, so the look costs nothing.
CREATE INDEX documents_unlinked ON documents (id)
    WHERE unit_id IS NULL AND (unit_code IS NOT NULL OR unit_name IS NOT NULL);

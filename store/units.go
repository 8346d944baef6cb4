package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// nameKey is the form in which two printed unit names are compared: the
// same unit is printed with and without spaces between characters, with
// full-width or half-width brackets and digits, with or without quotes.
// Only those differences are dropped; 中共江苏省委办公厅 and 江苏省委办公厅
// stay two units, because telling them apart needs knowledge store has not.
func nameKey(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r = foldWidth(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// linkUnit returns the units row a document with this code, name and level
// belongs to, creating it when none matches: a unit with the same code and
// a compatible name, else one with the same name key and no different code
// (one without a code first). Unit codes are assigned locally, so two
// regions may print the same one: the name must agree too, the same or one
// containing the other (海港区社会保险事业所 in 秦皇岛市海港区社会保险事业所).
// A unit of another level never matches: a department's report (部门预算)
// and the report of its own office as a unit (单位预算) carry one name but
// are two reporting units. The unit takes the document's level and region
// where it had none. It returns no id (not Valid) when the document names
// no unit.
func linkUnit(ctx context.Context, tx *sql.Tx, code, name, level, region string) (sql.NullInt64, error) {
	var none sql.NullInt64
	key := nameKey(name)
	if code == "" && key == "" {
		return none, nil
	}
	var id int64
	if code != "" {
		ids, err := queryIDs(ctx, tx, `SELECT id FROM units
			WHERE code = ? AND (level IS NULL OR ? = '' OR level = ?)
			ORDER BY level IS NULL, id`, code, level, level)
		if err != nil {
			return none, fmt.Errorf("unit %s: %w", code, err)
		}
		for _, id := range ids {
			ok, err := namesAgree(ctx, tx, id, key)
			if err != nil {
				return none, fmt.Errorf("unit %s: %w", code, err)
			}
			if ok {
				return describe(ctx, tx, id, level, region)
			}
		}
	}
	if key != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM units
			WHERE name_key = ? AND (code IS NULL OR ? = '') AND (level IS NULL OR ? = '' OR level = ?)
			ORDER BY code IS NOT NULL, level IS NULL, id LIMIT 1`, key, code, level, level).Scan(&id)
		switch {
		case err == nil && code != "":
			// The unit was known by name only; now it has a code.
			if _, err := tx.ExecContext(ctx, `UPDATE units SET code = ? WHERE id = ?`, code, id); err != nil {
				return none, fmt.Errorf("unit %s %s: %w", code, name, err)
			}
			return describe(ctx, tx, id, level, region)
		case err == nil:
			return describe(ctx, tx, id, level, region)
		case !errors.Is(err, sql.ErrNoRows):
			return none, fmt.Errorf("unit %s: %w", name, err)
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, name_key, level, region) VALUES (?, ?, ?, ?, ?)`,
		null(code), null(name), null(key), null(level), null(region))
	if err != nil {
		return none, fmt.Errorf("unit %s %s: %w", code, name, err)
	}
	id, err = res.LastInsertId()
	return sql.NullInt64{Int64: id, Valid: err == nil}, err
}

// namesAgree reports whether a document named key can be unit id, which
// has its code: no name to compare, or a name of the unit (as first
// loaded, or as any of its documents print it) equal to key or one of the
// two containing the other.
func namesAgree(ctx context.Context, tx *sql.Tx, id int64, key string) (bool, error) {
	if key == "" {
		return true, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name FROM units WHERE id = ? AND name IS NOT NULL
		UNION SELECT unit_name FROM documents WHERE unit_id = ? AND unit_name IS NOT NULL`, id, id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return false, err
		}
		if k := nameKey(name); k == key || strings.Contains(k, key) || strings.Contains(key, k) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// describe records the level and region of unit id where they were not
// known yet, and returns the id. A unit already described is not written:
// SQLite rewrites a row even when an UPDATE leaves it as it was, and every
// load of a known unit comes here.
func describe(ctx context.Context, tx *sql.Tx, id int64, level, region string) (sql.NullInt64, error) {
	if level != "" || region != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE units SET level = coalesce(level, ?1), region = coalesce(region, ?2)
			WHERE id = ?3 AND ((level IS NULL AND ?1 IS NOT NULL) OR (region IS NULL AND ?2 IS NOT NULL))`,
			null(level), null(region), id); err != nil {
			return sql.NullInt64{}, fmt.Errorf("unit %d: %w", id, err)
		}
	}
	return sql.NullInt64{Int64: id, Valid: true}, nil
}

// markVersions orders the versions of one report (unit, year and kind) by
// load time and points each at the next one in superseded_by; the newest
// has none. Failed documents and documents without a recognized table
// take no part: a failed download must not hide the report it failed to
// replace, and a volume of running text published beside the tables
// (Jiangsu's 公开文件 and 公开表) is a companion, not a new version.
// Recomputing the whole chain keeps it right whatever order rows arrive in;
// only the links that change are written, as a new version usually moves
// one.
func markVersions(ctx context.Context, tx *sql.Tx, unitID sql.NullInt64, year int, kind string) error {
	if !unitID.Valid || year == 0 || kind == "" {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, superseded_by FROM documents d
		WHERE unit_id = ? AND year = ? AND doc_kind = ? AND status <> 'failed'
		  AND EXISTS (SELECT 1 FROM report_tables t WHERE t.document_id = d.id AND t.kind IS NOT NULL)
		ORDER BY ingested_at, id`, unitID, year, kind)
	if err != nil {
		return fmt.Errorf("versions: %w", err)
	}
	type version struct {
		id   int64
		next sql.NullInt64
	}
	var chain []version
	for rows.Next() {
		var v version
		if err := rows.Scan(&v.id, &v.next); err != nil {
			rows.Close()
			return fmt.Errorf("versions: %w", err)
		}
		chain = append(chain, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("versions: %w", err)
	}
	for i, v := range chain {
		var next sql.NullInt64
		if i+1 < len(chain) {
			next = sql.NullInt64{Int64: chain[i+1].id, Valid: true}
		}
		if next == v.next {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET superseded_by = ? WHERE id = ?`, next, v.id); err != nil {
			return fmt.Errorf("versions: document %d: %w", v.id, err)
		}
	}
	return nil
}

// linkUnlinked links the documents loaded before units existed (or by an
// older cnbudget) to their units and marks their versions. It runs in
// every Load: with nothing to link it is one probe of the empty
// documents_unlinked index, however many documents have no unit. SQLite
// would rather walk documents_unit_version for unit_id NULL, so the index
// is named.
func linkUnlinked(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, coalesce(unit_code, ''), coalesce(unit_name, ''), coalesce(year, 0), coalesce(doc_kind, '')
		FROM documents INDEXED BY documents_unlinked
		WHERE unit_id IS NULL AND (unit_code IS NOT NULL OR unit_name IS NOT NULL) ORDER BY id`)
	if err != nil {
		return fmt.Errorf("link units: %w", err)
	}
	type doc struct {
		id               int64
		code, name, kind string
		year             int
	}
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.id, &d.code, &d.name, &d.year, &d.kind); err != nil {
			rows.Close()
			return fmt.Errorf("link units: %w", err)
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("link units: %w", err)
	}
	for _, d := range docs {
		unitID, err := linkUnit(ctx, tx, d.code, d.name, "", "")
		if err != nil {
			return fmt.Errorf("link units: document %d: %w", d.id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET unit_id = ? WHERE id = ?`, unitID, d.id); err != nil {
			return fmt.Errorf("link units: document %d: %w", d.id, err)
		}
		if err := markVersions(ctx, tx, unitID, d.year, d.kind); err != nil {
			return fmt.Errorf("link units: document %d: %w", d.id, err)
		}
	}
	return nil
}

// Package store keeps normalized reports in SQLite: one database file that
// researchers query directly, so the schema is part of the public contract.
// Money is stored as INTEGER fen, never REAL.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"

	"github.com/mattn/go-sqlite3"

	"github.com/cnbudget/cnbudget/normalize/classification"
)

// DB is an open cnbudget database.
type DB struct {
	sql *sql.DB
}

// Open opens the database at path, creating it if missing, applies any
// pending migrations, brings the classifications table up to the
// binary's dictionary and indexes for search any document loaded before
// the index existed. Connections use WAL (readers never block the writer),
// enforce foreign keys (deleting a document removes its rows) and wait on a
// busy database instead of failing at once.
func Open(path string) (*DB, error) {
	// _txlock=immediate takes the write lock at BEGIN, so two writers queue
	// on busy_timeout instead of deadlocking when both upgrade a read lock.
	// _stmt_cache_size keeps each connection's recent statements prepared:
	// Load runs the same few dozen for every document (see writer.write).
	//
	// A load rewrites a few hundred scattered index pages (report_rows_code
	// above all), so with SQLite's default of a checkpoint every 1,000 WAL
	// pages the single writer copied them into the database every few
	// documents. Every 8,192 pages (32 MiB) copies each hot page once for
	// dozens of documents. A multi-row INSERT keeps a statement journal,
	// to undo itself alone on a refused row; in memory (temp_store) it
	// costs no temporary file and no writes to it. Only this writer's
	// connections do so: queries open read-only.
	db, err := open(path, "_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_txlock=immediate&_stmt_cache_size=128",
		"PRAGMA wal_autocheckpoint = 8192", "PRAGMA temp_store = MEMORY")
	if err != nil {
		return nil, err
	}
	if err := migrate(context.Background(), db.sql); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := loadClassifications(context.Background(), db.sql, classification.Default()); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := indexUnindexed(context.Background(), db.sql); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return db, nil
}

// OpenReadOnly opens an existing database that no statement can change:
// the file is opened read-only and every connection is query_only. It does
// not migrate, so it also reads databases written by newer versions.
func OpenReadOnly(path string) (*DB, error) {
	return open(path, "mode=ro&_query_only=on&_busy_timeout=10000")
}

// open opens path with the driver's params and runs pragmas on every new
// connection, for settings the driver has no parameter for.
func open(path, params string, pragmas ...string) (*DB, error) {
	u := url.URL{Scheme: "file", Opaque: url.PathEscape(path), RawQuery: params}
	drv := &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		for _, p := range pragmas {
			if _, err := c.Exec(p, nil); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return nil
	}}
	db := sql.OpenDB(connector{dsn: u.String(), drv: drv})
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &DB{sql: db}, nil
}

// connector opens connections through drv, which sql.Open cannot give a
// ConnectHook.
type connector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }

func (c connector) Driver() driver.Driver { return c.drv }

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

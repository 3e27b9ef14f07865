// Package sqlitestore is the hub's store on one SQLite file (WAL,
// synchronous=FULL): the default for a site that runs one hub process.
package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/scanterm/scanterm/sync/hub/internal/sqlcore"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// Store is a hub store on SQLite.
type Store struct {
	*sqlcore.Core
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed, with its directory) the SQLite database
// at path and brings its schema up to date.
func Open(ctx context.Context, path string) (_ *Store, err error) {
	if path == "" {
		return nil, fmt.Errorf("open hub database: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open hub database: %w", err)
		}
	}
	params := "_journal_mode=WAL&_synchronous=FULL&_busy_timeout=10000&_foreign_keys=1"
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?"
	// Writers are serialised in Go on one connection (a queue is cheaper
	// than SQLite's busy-wait); readers get a pool of their own.
	w, err := sql.Open("sqlite3", dsn+params+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open hub database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	defer func() {
		if err != nil {
			w.Close()
		}
	}()
	for _, s := range sqlcore.Schema("INTEGER PRIMARY KEY AUTOINCREMENT") {
		if _, err := w.ExecContext(ctx, s); err != nil {
			return nil, fmt.Errorf("open hub database %s: schema: %w", path, err)
		}
	}
	r, err := sql.Open("sqlite3", dsn+params+"&mode=ro")
	if err != nil {
		return nil, fmt.Errorf("open hub database %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &Store{Core: sqlcore.New(&backend{w: w, r: r})}, nil
}

type backend struct {
	w, r *sql.DB
}

func (b *backend) LockSuffix() string { return "" }

func (b *backend) Close() error {
	e1 := b.r.Close()
	e2 := b.w.Close()
	if e2 != nil {
		return e2
	}
	return e1
}

func (b *backend) Write(ctx context.Context, fn func(sqlcore.Querier) error) error {
	return run(ctx, b.w, false, fn)
}

func (b *backend) Read(ctx context.Context, fn func(sqlcore.Querier) error) error {
	return run(ctx, b.r, true, fn)
}

func (b *backend) ReadOne(ctx context.Context, fn func(sqlcore.Querier) error) error {
	return run(ctx, b.r, true, fn)
}

func run(ctx context.Context, db *sql.DB, ro bool, fn func(sqlcore.Querier) error) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: ro})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(querier{tx}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

type querier struct{ tx *sql.Tx }

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q querier) Query(ctx context.Context, query string, args ...any) (sqlcore.Rows, error) {
	rows, err := q.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

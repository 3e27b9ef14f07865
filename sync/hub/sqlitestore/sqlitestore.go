// Package sqlitestore is the hub's store on one SQLite file (WAL,
// synchronous=FULL): the default for a site that runs one hub process.
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/scanterm/scanterm/sync/hub/internal/sqlcore"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// Store is a hub store on SQLite.
type Store struct {
	*sqlcore.Core
	b *backend
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
	// The file holds operators' PIN hashes and device token hashes: only
	// the hub's own user may read it. SQLite gives the -wal and -shm files
	// the database file's mode, so creating it 0600 covers all three.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, fmt.Errorf("open hub database: %w", err)
	} else {
		f.Close()
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
	// A database from an older hub: its tables predate these columns.
	for _, c := range sqlcore.Added {
		if err := addColumn(ctx, w, c); err != nil {
			return nil, fmt.Errorf("open hub database %s: schema: %w", path, err)
		}
	}
	for _, s := range sqlcore.SiteSchema() {
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
	// Checkpoints copy the WAL into the database file and fsync it; left
	// to the writer they land on whichever push crosses the threshold. A
	// connection of their own runs them in the background instead, and
	// PASSIVE ones never block the writer.
	if _, err := w.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		r.Close()
		return nil, fmt.Errorf("open hub database %s: %w", path, err)
	}
	cp, err := sql.Open("sqlite3", dsn+params)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("open hub database %s: %w", path, err)
	}
	cp.SetMaxOpenConns(1)
	b := &backend{w: w, r: r, cp: cp, reqs: make(chan writeReq), stop: make(chan struct{}), wrote: make(chan struct{}, 1),
		walLimit: defaultWALLimit}
	b.wg.Add(2)
	go b.writer()
	go b.checkpointer()
	return &Store{Core: sqlcore.New(b), b: b}, nil
}

// backend serialises writes through one goroutine that commits them in
// groups: every fn waiting when a transaction starts runs in it, each inside
// its own savepoint (a failing fn is rolled back alone), and one commit —
// one fsync under synchronous=FULL — makes them all durable before any of
// them is answered.
type backend struct {
	w, r, cp *sql.DB
	wrote    chan struct{} // a group committed since the last checkpoint
	// walLimit is the WAL size, in pages, past which the writer, between
	// two groups, copies the WAL back and truncates it (truncate asks).
	walLimit int
	truncate atomic.Bool

	reqs      chan writeReq
	stop      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
}

type writeReq struct {
	ctx  context.Context
	fn   func(sqlcore.Querier) error
	done chan error
}

// maxGroup bounds how many writes share one transaction.
const maxGroup = 64

var errClosed = errors.New("hub store closed")

func (b *backend) LockSuffix() string { return "" }

// LockKeys is a no-op: write transactions begin IMMEDIATE, one at a time.
func (b *backend) LockKeys(context.Context, sqlcore.Querier, []string) error { return nil }

func (b *backend) Close() error {
	b.closeOnce.Do(func() { close(b.stop) })
	b.wg.Wait()
	e1 := errors.Join(b.r.Close(), b.cp.Close())
	e2 := b.w.Close()
	if e2 != nil {
		return e2
	}
	return e1
}

func (b *backend) Write(ctx context.Context, fn func(sqlcore.Querier) error) error {
	req := writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case b.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-b.stop:
		return errClosed
	}
	// The writer always answers, so a caller never walks away from a
	// write that may still commit.
	return <-req.done
}

func (b *backend) writer() {
	defer b.wg.Done()
	for {
		var batch []writeReq
		select {
		case r := <-b.reqs:
			batch = append(batch, r)
		case <-b.stop:
			return
		}
	gather:
		for len(batch) < maxGroup {
			select {
			case r := <-b.reqs:
				batch = append(batch, r)
			default:
				break gather
			}
		}
		errs := b.commitGroup(batch)
		if b.truncate.Swap(false) {
			// Before answering, so a caller that wrote past the limit
			// finds the WAL emptied; failing, the next check asks again.
			b.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		}
		for i, r := range batch {
			r.done <- errs[i]
		}
		select {
		case b.wrote <- struct{}{}:
		default:
		}
	}
}

// checkpointInterval is how often the WAL is copied back to the database
// while writes come in.
const checkpointInterval = 500 * time.Millisecond

func (b *backend) checkpointer() {
	defer b.wg.Done()
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			// A last checkpoint keeps the WAL small for the next start;
			// PASSIVE, so a short-lived scanhub command never waits for a
			// running server's readers.
			b.cp.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
			return
		case <-t.C:
		}
		select {
		case <-b.wrote:
			// Errors are retried on the next tick; the WAL only grows.
			b.checkpoint()
		default:
		}
	}
}

// defaultWALLimit is 16,384 pages: 64 MiB at SQLite's 4 KiB pages.
const defaultWALLimit = 16384

// checkpoint copies the WAL back into the database without blocking the
// writer (PASSIVE). Under a steady stream of pushes (a fleet catching up,
// a big first load) a passive checkpoint never reaches the WAL's end, so
// SQLite never starts it over and the file grows without bound (a load of
// 5 million events left a 7 GB WAL beside a 1.3 GB database, and every
// read pays for a long WAL). Past walLimit pages it asks the writer to run
// a TRUNCATE checkpoint between two groups: run from here it would starve,
// the writer taking the lock again the moment it lets go. Writes wait for
// the copy of at most about the limit.
func (b *backend) checkpoint() error {
	var busy, log, done int
	if err := b.cp.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if log >= b.walLimit {
		b.truncate.Store(true)
	}
	return nil
}

func (b *backend) commitGroup(batch []writeReq) []error {
	errs := make([]error, len(batch))
	fail := func(err error) []error {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	// Started fns run to the end: cancelling a statement inside an
	// explicit transaction can make SQLite roll back the whole group.
	bg := context.Background()
	tx, err := b.w.BeginTx(bg, nil)
	if err != nil {
		return fail(fmt.Errorf("begin: %w", err))
	}
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if _, err := tx.ExecContext(bg, `SAVEPOINT w`); err != nil {
			tx.Rollback()
			return fail(fmt.Errorf("savepoint: %w", err))
		}
		if errs[i] = r.fn(querier{tx: tx, ctx: context.WithoutCancel(r.ctx)}); errs[i] != nil {
			if _, err := tx.ExecContext(bg, `ROLLBACK TO w`); err != nil {
				tx.Rollback()
				return fail(fmt.Errorf("roll back to savepoint: %w", err))
			}
		}
		if _, err := tx.ExecContext(bg, `RELEASE w`); err != nil {
			tx.Rollback()
			return fail(fmt.Errorf("release savepoint: %w", err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(fmt.Errorf("commit: %w", err))
	}
	return errs
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
	if err := fn(querier{tx: tx, ctx: ctx}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// querier runs statements in tx; ctx, when set, replaces the caller's
// context (group commit detaches writes from cancellation).
type querier struct {
	tx  *sql.Tx
	ctx context.Context
}

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if q.ctx != nil {
		ctx = q.ctx
	}
	res, err := q.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q querier) Query(ctx context.Context, query string, args ...any) (sqlcore.Rows, error) {
	if q.ctx != nil {
		ctx = q.ctx
	}
	rows, err := q.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// addColumn adds c to its table unless it is there already. SQLite has no
// ADD COLUMN IF NOT EXISTS, so it asks the table first; a second hub
// process opening the same file may add it in between, which is success.
func addColumn(ctx context.Context, db *sql.DB, c sqlcore.Column) error {
	has := func() (bool, error) {
		var n int64
		err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?`, c.Table, c.Name).Scan(&n)
		return n > 0, err
	}
	ok, err := has()
	if err != nil {
		return fmt.Errorf("look for column %s.%s: %w", c.Table, c.Name, err)
	}
	if ok {
		return nil
	}
	if _, err := db.ExecContext(ctx, c.AddSQL(false)); err != nil {
		if ok, err2 := has(); err2 == nil && ok {
			return nil
		}
		return fmt.Errorf("add column %s.%s: %w", c.Table, c.Name, err)
	}
	return nil
}

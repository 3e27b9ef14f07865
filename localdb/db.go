package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
)

// DB is the terminal's database. It is safe for concurrent use; writes are
// serialised by SQLite (each write transaction starts IMMEDIATE).
type DB struct {
	sql  *sql.DB
	path string
	opt  Options
	// damage, once set, is why no scan may be recorded (see health.go).
	damage atomic.Pointer[error]
	// failAt, set only by tests, fails an append after the named step
	// ("event", "outbox", "projection") to prove nothing partial commits.
	failAt string
}

// Open opens the database at path, creating it if it does not exist, and
// brings its schema up to date. A file from a newer scanterm is refused
// with ErrSchemaTooNew; a damaged file gives ErrCorrupt and a read-only one
// ErrReadOnly, each wrapped with the path and what to do.
func Open(ctx context.Context, path string, opt Options) (_ *DB, err error) {
	if path == "" {
		return nil, errors.New("open terminal database: empty path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open terminal database %s: the path may not contain '?' or '#'", path)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	// A new file is created private (it holds operators' PIN hashes and the
	// unsynced ledger); SQLite gives its -wal and -shm the same mode.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = 5 * time.Second
	}
	// The pragmas ride on the DSN so every pooled connection gets them;
	// _txlock=immediate makes each transaction take the write lock at BEGIN,
	// so two writers queue on the busy timeout instead of failing to upgrade.
	// The driver's per-connection statement cache saves compiling the dozen
	// statements of every Append again; 8 MiB of page cache per connection
	// keeps the hot index pages of a million-serial ledger in memory.
	dsn := fmt.Sprintf("file:%s?_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on&_busy_timeout=%d&_txlock=immediate&_stmt_cache_size=64&_cache_size=-8192",
		path, opt.BusyTimeout.Milliseconds())
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open terminal database %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			sdb.Close()
		}
	}()
	sdb.SetMaxOpenConns(4)
	sdb.SetMaxIdleConns(4)
	db := &DB{sql: sdb, path: path, opt: opt}
	if err := db.checkPragmas(ctx); err != nil {
		return nil, db.fileErr("open", err)
	}
	if err := db.migrate(ctx); err != nil {
		return nil, db.fileErr("open", err)
	}
	// A damaged file still opens, so the queue that can be read is still
	// pushed; appends refuse from then on.
	if err := db.startHealthCheck(ctx); err != nil && !isCorrupt(err) {
		return nil, db.fileErr("open", err)
	}
	return db, nil
}

// checkPragmas verifies the durability settings really took effect: a
// database that silently fell back to another journal mode or to
// synchronous=NORMAL could lose acknowledged scans on power loss.
func (db *DB) checkPragmas(ctx context.Context) error {
	var mode string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal_mode is %q, want wal (is the file on a filesystem without shared memory support?)", mode)
	}
	var syncMode, fk int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&syncMode); err != nil {
		return err
	}
	if syncMode != 2 {
		return fmt.Errorf("synchronous is %d, want 2 (FULL)", syncMode)
	}
	if err := db.sql.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("foreign_keys is off, want on")
	}
	return nil
}

// fileErr turns SQLite's file-level failures into the package's errors
// with a sentence saying what to do.
func (db *DB) fileErr(op string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			db.noteDamage(err)
			return fmt.Errorf("%s %s: %w: move it aside and restore a backup (unsynced events are in that file; do not delete it): %v", op, db.path, ErrCorrupt, err)
		case sqlite3.ErrReadonly, sqlite3.ErrPerm:
			return fmt.Errorf("%s %s: %w: the file and its folder must be writable by this user: %v", op, db.path, ErrReadOnly, err)
		case sqlite3.ErrFull:
			return fmt.Errorf("%s %s: the disk is full: free space on the device (nothing was recorded by this call): %w", op, db.path, err)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%s %s: another process kept the database busy for longer than %v (is a second scanterm writing?): %w", op, db.path, db.opt.BusyTimeout, err)
		case sqlite3.ErrCantOpen:
			if _, serr := os.Stat(db.path); serr == nil {
				return fmt.Errorf("%s %s: %w: cannot open it for writing (check permissions of the file and its folder): %v", op, db.path, ErrReadOnly, err)
			}
			return fmt.Errorf("%s %s: cannot create the database (does the folder exist and is it writable?): %w", op, db.path, err)
		}
	}
	if errors.Is(err, ErrSchemaTooNew) || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrReadOnly) {
		return fmt.Errorf("%s %s: %w", op, db.path, err)
	}
	return fmt.Errorf("%s terminal database %s: %w", op, db.path, err)
}

// Close closes the database. SQLite checkpoints the WAL into the main file
// when the last connection closes (no explicit TRUNCATE checkpoint: it would
// wait on readers of another process, such as the TUI while a supervisor
// runs scanterm stock).
func (db *DB) Close() error {
	if db == nil || db.sql == nil {
		return nil
	}
	return db.sql.Close()
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Device returns the device name events carry ("" before enrolment).
func (db *DB) Device(ctx context.Context) (string, error) {
	v, err := getMeta(ctx, db.sql, "device")
	if err != nil {
		return "", fmt.Errorf("read device name: %w", err)
	}
	return v, nil
}

// SetDevice stores the device name. It may be set while no events exist,
// or set for the first time after some exist (events read back carry the
// current name); once named, a different name is refused with
// ErrDeviceChange because the hub keys events by (device, seq).
func (db *DB) SetDevice(ctx context.Context, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("set device name: empty name")
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return db.fileErr("set device name in", err)
	}
	defer tx.Rollback()
	cur, err := getMeta(ctx, tx, "device")
	if err != nil {
		return fmt.Errorf("set device name: %w", err)
	}
	if cur == name {
		return nil
	}
	if cur != "" {
		var n int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq),0) FROM events").Scan(&n); err != nil {
			return fmt.Errorf("set device name: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("set device name to %q: this terminal recorded %d events as %q: %w", name, n, cur, ErrDeviceChange)
		}
	}
	if err := setMeta(ctx, tx, "device", name); err != nil {
		return fmt.Errorf("set device name: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return db.fileErr("set device name in", err)
	}
	return nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getMeta(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func setMeta(ctx context.Context, q querier, key, value string) error {
	_, err := q.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// Package sqlcore is the hub store's logic written once over a minimal SQL
// interface, so the SQLite and PostgreSQL stores differ only in how they open
// a connection, run a transaction and spell their schema. All SQL here uses
// "?" placeholders and the common subset of both dialects (ON CONFLICT
// upserts, RETURNING, row-value IN lists); a backend rewrites placeholders if
// it must.
package sqlcore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Querier runs statements inside one transaction.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
}

// Copier is implemented by a Querier that can bulk-load rows faster than
// a multi-row INSERT (PostgreSQL's COPY). Rows must not conflict with
// existing ones.
type Copier interface {
	CopyFrom(ctx context.Context, table string, cols []string, rows [][]any) (int64, error)
}

// Stmt is one statement of a pipeline. Rows, when set, reads its result
// set (the pipeline checks Err and closes it); What names it in errors.
type Stmt struct {
	What  string
	Query string
	Args  []any
	Rows  func(Rows) error
}

// Pipeliner is implemented by a Querier that can send several statements
// in one round trip (pgx batches on PostgreSQL). They run in order, and
// the first failure fails the pipeline.
type Pipeliner interface {
	Pipeline(ctx context.Context, stmts []Stmt) error
}

// pipeline runs stmts in order, together where q can.
func pipeline(ctx context.Context, q Querier, stmts []Stmt) error {
	if len(stmts) == 0 {
		return nil
	}
	if p, ok := q.(Pipeliner); ok {
		return p.Pipeline(ctx, stmts)
	}
	for _, s := range stmts {
		if s.Rows == nil {
			if _, err := q.Exec(ctx, s.Query, s.Args...); err != nil {
				return fmt.Errorf("%s: %w", s.What, err)
			}
			continue
		}
		rows, err := q.Query(ctx, s.Query, s.Args...)
		if err != nil {
			return fmt.Errorf("%s: %w", s.What, err)
		}
		err = s.Rows(rows)
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.What, err)
		}
	}
	return nil
}

// Rows is a result set; Close may be called more than once.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Backend is what a concrete store provides.
type Backend interface {
	// Write runs fn in one read-write transaction and commits when it
	// returns nil. It may run fn again after a serialisation failure or
	// deadlock, so fn must not keep state across calls.
	Write(ctx context.Context, fn func(Querier) error) error
	// Read runs fn in one read-only snapshot.
	Read(ctx context.Context, fn func(Querier) error) error
	// ReadOne runs fn for a single read statement, without the cost of a
	// snapshot transaction where the backend can avoid it.
	ReadOne(ctx context.Context, fn func(Querier) error) error
	// LockSuffix is appended to SELECTs that must lock the rows they read
	// (" FOR UPDATE" on PostgreSQL, "" where writers are serialised anyway).
	LockSuffix() string
	// LockKeys takes a lock on each key until the transaction q is in
	// ends, so transactions naming the same key queue instead of both
	// reading "absent" (two devices pushing one event id at once); keys
	// are locked in one fixed order so they cannot deadlock on each other.
	// A no-op where writers are serialised anyway.
	LockKeys(ctx context.Context, q Querier, keys []string) error
	Close() error
}

// Core implements store.Store over a Backend.
type Core struct {
	b Backend
}

// New returns the store logic over b.
func New(b Backend) *Core { return &Core{b: b} }

// Close closes the backend.
func (c *Core) Close() error { return c.b.Close() }

var errNoRows = errors.New("no rows")

// queryRow runs a query expected to return at most one row and scans it;
// errNoRows when there is none.
func queryRow(ctx context.Context, q Querier, query string, args []any, dest ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return errNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	rows.Close()
	return rows.Err()
}

// nextVersion takes the next value of the store-wide change counter. The
// UPDATE locks the counter row until commit, so versions become visible in
// the order they were taken and a reader's cursor never skips one.
func nextVersion(ctx context.Context, q Querier) (int64, error) {
	var v int64
	if err := queryRow(ctx, q, `UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value`, nil, &v); err != nil {
		return 0, fmt.Errorf("next version: %w", err)
	}
	return v, nil
}

// placeholders returns "(?,?,?),(?,?,?)" for rows rows of cols columns.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// repeatRow returns row repeated n times, comma separated.
func repeatRow(n int, row string) string {
	return strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}

// nanos stores a time as Unix nanoseconds, clamped to what int64 holds
// (years 1678 to 2262) so a far-off filter bound compares as expected
// instead of wrapping around.
func nanos(t time.Time) int64 {
	switch {
	case t.IsZero():
		return 0
	case t.After(maxTime):
		return math.MaxInt64
	case t.Before(minTime):
		return math.MinInt64 + 1
	}
	return t.UnixNano()
}

var (
	maxTime = time.Unix(0, math.MaxInt64)
	minTime = time.Unix(0, math.MinInt64+1)
)

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

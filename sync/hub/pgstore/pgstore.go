// Package pgstore is the hub's store on PostgreSQL (pgx/v5), for sites where
// several hub processes share one database. Pushes lock the device row and
// the projection rows they touch, so concurrent hubs never apply a
// (device, seq) twice.
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/scanterm/scanterm/sync/hub/internal/sqlcore"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// Store is a hub store on PostgreSQL.
type Store struct {
	*sqlcore.Core
}

var _ store.Store = (*Store)(nil)

// DefaultMaxConns bounds the connections one Store opens unless the URL
// says pool_max_conns=N.
const DefaultMaxConns = 16

// Open connects to the PostgreSQL database at url ("postgres://..."),
// creating the schema if needed. A pool_max_conns=N query parameter bounds
// the connection pool.
func Open(ctx context.Context, dsn string) (*Store, error) {
	max := DefaultMaxConns
	if u, err := url.Parse(dsn); err == nil && u.Query().Has("pool_max_conns") {
		qv := u.Query()
		n, err := strconv.Atoi(qv.Get("pool_max_conns"))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("open hub database: pool_max_conns %q is not a positive number", qv.Get("pool_max_conns"))
		}
		max = n
		qv.Del("pool_max_conns")
		u.RawQuery = qv.Encode()
		dsn = u.String()
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open hub database: %w", err)
	}
	// pgx prepares each statement once per connection, and after five
	// runs PostgreSQL may keep a generic plan chosen while the tables were
	// small: on a new hub, the lookup of pushed event ids by id was planned
	// as a sequential scan and stayed one as the events table grew (ingest
	// fell from 16-18 k to 2-5 k events/s; pg_stat_user_tables showed 657
	// sequential scans of events reading 23 M rows in one benchmark).
	// Planning each run with its values keeps the indexes in use; the
	// statements stay prepared (parsed once).
	if _, ok := cfg.RuntimeParams["plan_cache_mode"]; !ok {
		cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	b := &backend{cfg: cfg, sem: make(chan struct{}, max)}
	// One advisory lock keeps two hubs starting at once from racing on
	// CREATE TABLE IF NOT EXISTS.
	err = b.Write(ctx, func(q sqlcore.Querier) error {
		if _, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock(7421001)`); err != nil {
			return err
		}
		for _, s := range sqlcore.Schema("BIGSERIAL PRIMARY KEY") {
			if _, err := q.Exec(ctx, s); err != nil {
				return fmt.Errorf("schema: %w", err)
			}
		}
		// A database from an older hub: its tables predate these columns.
		for _, c := range sqlcore.Added {
			if _, err := q.Exec(ctx, c.AddSQL(true)); err != nil {
				return fmt.Errorf("schema: add column %s.%s: %w", c.Table, c.Name, err)
			}
		}
		for _, s := range sqlcore.SiteSchema() {
			if _, err := q.Exec(ctx, s); err != nil {
				return fmt.Errorf("schema: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open hub database: %w", err)
	}
	return &Store{Core: sqlcore.New(b)}, nil
}

// backend is a small connection pool over pgx.Conn (pgxpool would need a
// module the project does not carry).
type backend struct {
	cfg *pgx.ConnConfig
	sem chan struct{}

	mu     sync.Mutex
	idle   []*pgx.Conn
	closed bool
}

func (b *backend) LockSuffix() string { return " FOR UPDATE" }

// LockKeys takes a transaction-scoped advisory lock per key: a 64-bit FNV
// hash of it (two keys sharing a hash only queue needlessly), sorted and
// taken in that order, one statement for all.
func (b *backend) LockKeys(ctx context.Context, q sqlcore.Querier, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	hs := make([]int64, 0, len(keys))
	for _, k := range keys {
		h := fnv.New64a()
		h.Write([]byte(k))
		hs = append(hs, int64(h.Sum64()))
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	// unnest yields the array in order and nothing sorts after it, so
	// the locks are taken in the order given.
	_, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(? AS bigint[])) AS k`, hs)
	return err
}

func (b *backend) acquire(ctx context.Context) (*pgx.Conn, error) {
	select {
	case b.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		<-b.sem
		return nil, errors.New("store closed")
	}
	if n := len(b.idle); n > 0 {
		c := b.idle[n-1]
		b.idle = b.idle[:n-1]
		b.mu.Unlock()
		return c, nil
	}
	b.mu.Unlock()
	c, err := pgx.ConnectConfig(ctx, b.cfg)
	if err != nil {
		<-b.sem
		return nil, fmt.Errorf("connect: %w", err)
	}
	return c, nil
}

func (b *backend) release(c *pgx.Conn) {
	b.mu.Lock()
	if b.closed || c.IsClosed() || c.PgConn().TxStatus() != 'I' {
		b.mu.Unlock()
		c.Close(context.Background())
	} else {
		b.idle = append(b.idle, c)
		b.mu.Unlock()
	}
	<-b.sem
}

func (b *backend) Close() error {
	b.mu.Lock()
	b.closed = true
	idle := b.idle
	b.idle = nil
	b.mu.Unlock()
	for _, c := range idle {
		c.Close(context.Background())
	}
	return nil
}

// retryable says a transaction lost a race PostgreSQL resolved by aborting
// it (deadlock, serialisation failure); running it again is correct.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

func (b *backend) Write(ctx context.Context, fn func(sqlcore.Querier) error) error {
	var err error
	for attempt := 0; attempt < 20; attempt++ {
		err = b.run(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, fn)
		if !retryable(err) {
			return err
		}
	}
	return err
}

func (b *backend) Read(ctx context.Context, fn func(sqlcore.Querier) error) error {
	return b.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// ReadOne runs fn's single statement outside a transaction: one round
// trip instead of three.
func (b *backend) ReadOne(ctx context.Context, fn func(sqlcore.Querier) error) error {
	c, err := b.acquire(ctx)
	if err != nil {
		return err
	}
	defer b.release(c)
	return fn(querier{c})
}

func (b *backend) run(ctx context.Context, opt pgx.TxOptions, fn func(sqlcore.Querier) error) error {
	c, err := b.acquire(ctx)
	if err != nil {
		return err
	}
	defer b.release(c)
	tx, err := c.BeginTx(ctx, opt)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(querier{tx}); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// pgxQuerier is what pgx.Conn and pgx.Tx have in common.
type pgxQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

type querier struct{ tx pgxQuerier }

// Pipeline sends stmts as one pgx batch: one round trip (sqlcore.Pipeliner).
func (q querier) Pipeline(ctx context.Context, stmts []sqlcore.Stmt) error {
	b := &pgx.Batch{}
	for _, s := range stmts {
		b.Queue(rebind(s.Query), s.Args...)
	}
	br := q.tx.SendBatch(ctx, b)
	for _, s := range stmts {
		if s.Rows == nil {
			if _, err := br.Exec(); err != nil {
				br.Close()
				return fmt.Errorf("%s: %w", s.What, err)
			}
			continue
		}
		rows, err := br.Query()
		if err == nil {
			err = s.Rows(rows)
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
		}
		if err != nil {
			br.Close()
			return fmt.Errorf("%s: %w", s.What, err)
		}
	}
	return br.Close()
}

// CopyFrom bulk-loads rows with COPY (sqlcore.Copier).
func (q querier) CopyFrom(ctx context.Context, table string, cols []string, rows [][]any) (int64, error) {
	return q.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
}

// rebind turns the shared "?" placeholders into PostgreSQL's "$n".
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var sb strings.Builder
	sb.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			sb.WriteByte('$')
			sb.WriteString(strconv.Itoa(n))
			continue
		}
		sb.WriteByte(q[i])
	}
	return sb.String()
}

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.tx.Exec(ctx, rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q querier) Query(ctx context.Context, query string, args ...any) (sqlcore.Rows, error) {
	rows, err := q.tx.Query(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

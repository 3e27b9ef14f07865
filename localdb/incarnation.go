package localdb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A terminal's ledger keeps its own seqs 1..N for good; the hub's seq of an
// event is its local seq plus the seq base of the current incarnation. The
// base is 0 until the terminal is enrolled under a name the hub already
// holds events for, or enrolled again after its ledger diverged from the
// hub's (a data folder restored from a backup, or copied): then it is the
// hub's last seq for that name, and the whole ledger is queued again so the
// hub receives every event it lacks. The hub recognises the ones it holds
// by id (docs/device-lifecycle.md).

// SeqBase is what the current incarnation adds to a local seq to make the
// hub's seq.
func (db *DB) SeqBase(ctx context.Context) (int64, error) {
	return db.metaInt(ctx, "seq_base")
}

// Incarnation is the hub's incarnation number of the enrolment the seq
// base belongs to (0 before any).
func (db *DB) Incarnation(ctx context.Context) (int64, error) {
	return db.metaInt(ctx, "incarnation")
}

func (db *DB) metaInt(ctx context.Context, key string) (int64, error) {
	v, err := getMeta(ctx, db.sql, key)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", key, err)
	}
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read %s: %q is not a number", key, v)
	}
	return n, nil
}

// StartIncarnation names the device, records the hub's incarnation and the
// seq base the hub gave (its last seq for the name), and queues every event
// of the ledger again, all in one transaction: interrupted, nothing of it
// happened. It returns how many events are queued now.
func (db *DB) StartIncarnation(ctx context.Context, name string, incarnation, base int64) (int, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, errors.New("start incarnation: empty device name")
	}
	if base < 0 {
		return 0, fmt.Errorf("start incarnation: seq base %d", base)
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, db.fileErr("start incarnation in", err)
	}
	defer tx.Rollback()
	for k, v := range map[string]string{"device": name, "incarnation": strconv.FormatInt(incarnation, 10), "seq_base": strconv.FormatInt(base, 10)} {
		if err := setMeta(ctx, tx, k, v); err != nil {
			return 0, fmt.Errorf("start incarnation: %w", err)
		}
	}
	now := db.opt.Now().UnixNano()
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (seq, queued_at) SELECT seq, ? FROM events WHERE true
		ON CONFLICT (seq) DO NOTHING`, now); err != nil {
		return 0, db.fileErr("queue the ledger again in", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("start incarnation: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, db.fileErr("start incarnation in", err)
	}
	return n, nil
}

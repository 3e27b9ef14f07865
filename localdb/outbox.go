package localdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// OutboxStats returns how many events wait for the hub and when the oldest
// was queued (device clock; zero when the outbox is empty).
func (db *DB) OutboxStats(ctx context.Context) (n int, oldest time.Time, err error) {
	// The outbox is always one contiguous run of seqs (appends add at the
	// end, AckThrough removes a prefix), so its length and oldest row come
	// from the ends of the primary key instead of a scan: the status bar
	// asks this after every scan, with possibly days of offline backlog.
	var lo, hi, at sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT (SELECT MIN(seq) FROM outbox), (SELECT MAX(seq) FROM outbox),
		(SELECT queued_at FROM outbox ORDER BY seq LIMIT 1)`).Scan(&lo, &hi, &at); err != nil {
		return 0, time.Time{}, fmt.Errorf("outbox stats: %w", err)
	}
	if lo.Valid && hi.Valid {
		n = int(hi.Int64 - lo.Int64 + 1)
	}
	if at.Valid {
		oldest = time.Unix(0, at.Int64).UTC()
	}
	return n, oldest, nil
}

// OutboxBatch returns the oldest unacknowledged events, lowest seq first:
// at most maxEvents, and no more than maxBytes of JSON (but always at least
// one event, so one large event cannot block the queue). maxBytes <= 0
// means no byte limit.
func (db *DB) OutboxBatch(ctx context.Context, maxEvents, maxBytes int) ([]inventory.Event, error) {
	if maxEvents <= 0 {
		maxEvents = 500
	}
	// The bound on e.seq keeps SQLite from walking every acknowledged event
	// before the first queued one: without it a push slows down as the
	// ledger's history grows.
	evs, err := readEvents(ctx, db.sql, "JOIN outbox o ON o.seq = e.seq",
		"WHERE e.seq >= (SELECT MIN(seq) FROM outbox) ORDER BY e.seq LIMIT ?", maxEvents)
	if err != nil {
		return nil, fmt.Errorf("outbox batch: %w", err)
	}
	if maxBytes <= 0 {
		return evs, nil
	}
	total := 0
	for i, ev := range evs {
		b, err := json.Marshal(ev)
		if err != nil {
			return nil, fmt.Errorf("outbox batch: %w", err)
		}
		total += len(b) + 1
		if total > maxBytes && i > 0 {
			return evs[:i], nil
		}
	}
	return evs, nil
}

// AckThrough removes every outbox row with seq <= seq: the hub holds them.
// Events stay in the ledger.
func (db *DB) AckThrough(ctx context.Context, seq int64) error {
	if _, err := db.sql.ExecContext(ctx, "DELETE FROM outbox WHERE seq <= ?", seq); err != nil {
		return db.fileErr("acknowledge outbox in", err)
	}
	return nil
}

// RecordRejections keeps the hub's verdicts on events it flagged, so the
// terminal can show them before the matching exception arrives by pull.
func (db *DB) RecordRejections(ctx context.Context, rs []wire.Rejection) error {
	if len(rs) == 0 {
		return nil
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return db.fileErr("record rejections in", err)
	}
	defer tx.Rollback()
	now := db.opt.Now().UnixNano()
	for _, r := range rs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rejections (seq, exception, code, message, recorded_at) VALUES (?,?,?,?,?)
			ON CONFLICT (seq) DO UPDATE SET exception = excluded.exception, code = excluded.code, message = excluded.message`,
			r.Seq, r.Exception, r.Code, r.Message, now); err != nil {
			return fmt.Errorf("record rejection of seq %d: %w", r.Seq, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return db.fileErr("record rejections in", err)
	}
	return nil
}

// Exceptions lists the hub's exceptions on this device's events: those
// pulled from the hub, plus rejections from pushes whose exception has not
// been pulled yet (Version 0). Newest first.
func (db *DB) Exceptions(ctx context.Context) ([]inventory.Exception, error) {
	device, err := getMeta(ctx, db.sql, "device")
	if err != nil {
		return nil, fmt.Errorf("exceptions: %w", err)
	}
	rows, err := db.sql.QueryContext(ctx, `
		SELECT id, code, message, event_id, seq, other_event, raised_at, resolved, note, version FROM exceptions
		UNION ALL
		SELECT r.exception, r.code, r.message, COALESCE(e.id, ''), r.seq, '', r.recorded_at, 0, '', 0
		FROM rejections r LEFT JOIN events e ON e.seq = r.seq
		WHERE r.exception = 0 OR r.exception NOT IN (SELECT id FROM exceptions)
		ORDER BY 7 DESC, 5 DESC`)
	if err != nil {
		return nil, fmt.Errorf("exceptions: %w", err)
	}
	defer rows.Close()
	var out []inventory.Exception
	for rows.Next() {
		var e inventory.Exception
		var raised int64
		if err := rows.Scan(&e.ID, &e.Code, &e.Message, &e.EventID, &e.Seq, &e.OtherEvent, &raised, &e.Resolved, &e.Note, &e.Version); err != nil {
			return nil, fmt.Errorf("exceptions: %w", err)
		}
		e.Device = device
		e.RaisedAt = time.Unix(0, raised).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

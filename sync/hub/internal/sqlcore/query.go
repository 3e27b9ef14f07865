package sqlcore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

const exceptionCols = `id, code, message, event_id, device, seq, other_event, raised_at, resolved_at, note, version`

func queryExceptions(ctx context.Context, q Querier, where string, args ...any) ([]inventory.Exception, error) {
	rows, err := q.Query(ctx, `SELECT `+exceptionCols+` FROM exceptions `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inventory.Exception
	for rows.Next() {
		var x inventory.Exception
		var raised, resolved int64
		if err := rows.Scan(&x.ID, &x.Code, &x.Message, &x.EventID, &x.Device, &x.Seq, &x.OtherEvent, &raised, &resolved, &x.Note, &x.Version); err != nil {
			return nil, err
		}
		x.RaisedAt, x.Resolved = fromNanos(raised), resolved != 0
		out = append(out, x)
	}
	return out, rows.Err()
}

// Exceptions implements store.Store.
func (c *Core) Exceptions(ctx context.Context, f store.ExceptionFilter) ([]inventory.Exception, error) {
	where, args := "WHERE 1 = 1", []any{}
	if f.Device != "" {
		where += " AND device = ?"
		args = append(args, f.Device)
	}
	if f.Unresolved {
		where += " AND resolved_at = 0"
	}
	var out []inventory.Exception
	err := c.b.ReadOne(ctx, func(q Querier) error {
		var err error
		out, err = queryExceptions(ctx, q, where+" ORDER BY id", args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("exceptions: %w", err)
	}
	return out, nil
}

// ResolveException implements store.Store. Resolving takes a new version so
// the device that raised it learns on its next pull.
func (c *Core) ResolveException(ctx context.Context, id int64, note string, now time.Time) (inventory.Exception, error) {
	var out inventory.Exception
	err := c.b.Write(ctx, func(q Querier) error {
		v, err := nextVersion(ctx, q)
		if err != nil {
			return err
		}
		n, err := q.Exec(ctx, `UPDATE exceptions SET resolved_at = ?, note = ?, version = ? WHERE id = ?`, nanos(now), note, v, id)
		if err != nil {
			return fmt.Errorf("resolve exception %d: %w", id, err)
		}
		if n == 0 {
			return fmt.Errorf("exception %d: %w", id, store.ErrNotFound)
		}
		xs, err := queryExceptions(ctx, q, `WHERE id = ?`, id)
		if err != nil || len(xs) != 1 {
			return fmt.Errorf("exception %d after resolve: %w", id, errors.Join(err, store.ErrNotFound))
		}
		out = xs[0]
		return nil
	})
	return out, err
}

// Events implements store.Store, in hub arrival order.
func (c *Core) Events(ctx context.Context, f store.EventFilter) ([]store.Event, error) {
	where, args := "WHERE 1 = 1", []any{}
	add := func(cond string, v any) {
		where += " AND " + cond
		args = append(args, v)
	}
	if f.Device != "" {
		add("device = ?", f.Device)
	}
	if f.Lot != "" {
		add("lot = ?", f.Lot)
	}
	if f.GTIN != "" {
		add("gtin = ?", f.GTIN)
	}
	if f.Serial != "" {
		add("serial = ?", f.Serial)
	}
	if f.Seq > 0 {
		add("seq = ?", f.Seq)
	}
	if !f.Since.IsZero() {
		add("received_at >= ?", nanos(f.Since))
	}
	if f.AfterID > 0 {
		add("hub_id > ?", f.AfterID)
	}
	where += " ORDER BY hub_id"
	if f.Limit > 0 {
		where += " LIMIT ?"
		args = append(args, int64(f.Limit))
	}
	var out []store.Event
	err := c.b.ReadOne(ctx, func(q Querier) error {
		var err error
		out, err = queryEvents(ctx, q, where, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return out, nil
}

// queryEvents reads events with the hub's columns; where follows FROM.
func queryEvents(ctx context.Context, q Querier, where string, args ...any) ([]store.Event, error) {
	rows, err := q.Query(ctx, `SELECT hub_id, `+eventCols+` FROM events `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var e store.Event
		var at, kind, flags, hubAt string
		var docLine, received int64
		if err := rows.Scan(&e.HubID, &e.ID, &e.Device, &e.Seq, &e.Operator, &at, &kind, &e.GTIN, &e.Lot, &e.Serial, &e.Expiry,
			&e.Qty, &e.From, &e.To, &e.Doc, &docLine, &e.Override, &e.Note, &flags, &e.Raw, &received, &e.SSCC, &hubAt); err != nil {
			return nil, err
		}
		if hubAt != "" {
			if e.CorrectedAt, err = time.Parse(time.RFC3339Nano, hubAt); err != nil {
				return nil, fmt.Errorf("event %s corrected time %q: %w", e.ID, hubAt, err)
			}
		}
		e.Kind, e.DocLine, e.ReceivedAt = inventory.EventKind(kind), int(docLine), fromNanos(received)
		if e.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("event %s time %q: %w", e.ID, at, err)
		}
		if flags != "" {
			if err := json.Unmarshal([]byte(flags), &e.Flags); err != nil {
				return nil, fmt.Errorf("event %s flags: %w", e.ID, err)
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

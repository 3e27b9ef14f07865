package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// stockDelta is one change of quantity on hand at a location.
type stockDelta struct {
	loc   string
	delta int64
}

// adjustLoc is where an adjust applies (inventory.Event.AdjustLocation).
func adjustLoc(ev *inventory.Event) string { return ev.AdjustLocation() }

// deltas says how an event changes stock. For count it needs the current
// quantity at To (and, for a serial, whether the unit is already there).
func deltas(ctx context.Context, q querier, ev *inventory.Event, cur *inventory.SerialState) ([]stockDelta, error) {
	switch ev.Kind {
	case inventory.KindReceive, inventory.KindReturn:
		return []stockDelta{{ev.To, ev.Qty}}, nil
	case inventory.KindPutaway, inventory.KindMove, inventory.KindPick:
		if ev.From == ev.To {
			return nil, nil
		}
		return []stockDelta{{ev.From, -ev.Qty}, {ev.To, ev.Qty}}, nil
	case inventory.KindShip:
		return []stockDelta{{ev.From, -ev.Qty}}, nil
	case inventory.KindAdjust:
		return []stockDelta{{adjustLoc(ev), ev.Qty}}, nil
	case inventory.KindCount:
		if ev.Serial != "" {
			if cur != nil && cur.Status.InBuilding() && cur.Location == ev.To {
				return nil, nil
			}
			return []stockDelta{{ev.To, 1}}, nil
		}
		have, err := stockQty(ctx, q, ev.GTIN, ev.Lot, ev.To)
		if err != nil {
			return nil, err
		}
		if ev.Qty == have {
			return nil, nil
		}
		return []stockDelta{{ev.To, ev.Qty - have}}, nil
	}
	return nil, fmt.Errorf("unknown event kind %q", ev.Kind)
}

func stockQty(ctx context.Context, q querier, gtin, lot, loc string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT qty FROM stock WHERE gtin = ? AND lot = ? AND location = ?", gtin, lot, loc).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// serialAfter is a serial's status and location after the event.
func serialAfter(ev *inventory.Event) (inventory.SerialStatus, string) {
	switch ev.Kind {
	case inventory.KindPick:
		return inventory.SerialPicked, ev.To
	case inventory.KindShip:
		return inventory.SerialShipped, ""
	case inventory.KindReturn:
		return inventory.SerialReturned, ev.To
	case inventory.KindAdjust:
		if ev.Qty < 0 {
			return inventory.SerialScrapped, ""
		}
		return inventory.SerialInStock, adjustLoc(ev)
	default: // receive, putaway, move, count
		return inventory.SerialInStock, ev.To
	}
}

// project applies one stored event to the projections. It is the only
// code that changes them, used by Append and by Rebuild alike, so the two
// cannot disagree.
func project(ctx context.Context, q querier, ev *inventory.Event) error {
	var cur *inventory.SerialState
	if ev.Serial != "" {
		st, err := serialState(ctx, q, ev.GTIN, ev.Serial)
		if err == nil {
			cur = &st
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	ds, err := deltas(ctx, q, ev, cur)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.delta == 0 || d.loc == "" {
			continue
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO stock (gtin, lot, location, qty) VALUES (?, ?, ?, ?)
			ON CONFLICT (gtin, lot, location) DO UPDATE SET qty = qty + excluded.qty`,
			ev.GTIN, ev.Lot, d.loc, d.delta); err != nil {
			return fmt.Errorf("update stock: %w", err)
		}
		if _, err := q.ExecContext(ctx, "DELETE FROM stock WHERE gtin = ? AND lot = ? AND location = ? AND qty = 0",
			ev.GTIN, ev.Lot, d.loc); err != nil {
			return fmt.Errorf("update stock: %w", err)
		}
	}
	if ev.Doc != "" {
		// Every kind is kept (not only receive/pick/ship/return) so the
		// table is a plain function of the ledger.
		if _, err := q.ExecContext(ctx, `INSERT INTO doc_progress (doc, kind, doc_line, qty) VALUES (?, ?, ?, ?)
			ON CONFLICT (doc, kind, doc_line) DO UPDATE SET qty = qty + excluded.qty`,
			ev.Doc, string(ev.Kind), ev.DocLine, ev.Qty); err != nil {
			return fmt.Errorf("update document progress: %w", err)
		}
	}
	if ev.Serial != "" {
		status, loc := serialAfter(ev)
		if _, err := q.ExecContext(ctx, `INSERT INTO serials (gtin, serial, lot, status, location, last_seq) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (gtin, serial) DO UPDATE SET lot = excluded.lot, status = excluded.status,
				location = excluded.location, last_seq = excluded.last_seq`,
			ev.GTIN, ev.Serial, ev.Lot, string(status), loc, ev.Seq); err != nil {
			return fmt.Errorf("update serial state: %w", err)
		}
	}
	if ev.Lot != "" && (ev.Kind == inventory.KindReceive || ev.Kind == inventory.KindReturn || ev.Kind == inventory.KindCount || (ev.Kind == inventory.KindAdjust && ev.Qty > 0)) {
		// A lot first seen on this terminal becomes known (version 0) with
		// the scanned expiry; hub data (version >= 1) is never overwritten.
		if _, err := q.ExecContext(ctx, `INSERT INTO lots (gtin, lot, expiry, status, version) VALUES (?, ?, ?, 'released', 0)
			ON CONFLICT (gtin, lot) DO UPDATE SET expiry = excluded.expiry
			WHERE lots.version = 0 AND lots.expiry = '' AND excluded.expiry <> ''`,
			ev.GTIN, ev.Lot, ev.Expiry); err != nil {
			return fmt.Errorf("update lot: %w", err)
		}
	}
	return nil
}

// Rebuild recomputes the stock, serial and document-progress projections
// from the ledger in one transaction. Lot master data is kept (it comes from the hub); lots
// first seen in receipts are re-derived idempotently.
func (db *DB) Rebuild(ctx context.Context) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return db.fileErr("rebuild", err)
	}
	defer tx.Rollback()
	for _, stmt := range []string{"DELETE FROM stock", "DELETE FROM serials", "DELETE FROM doc_progress"} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
	}
	const page = 10000
	var after int64
	for {
		evs, err := readEvents(ctx, tx, "", "WHERE seq > ? ORDER BY seq LIMIT ?", after, page)
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		for i := range evs {
			if err := project(ctx, tx, &evs[i]); err != nil {
				return fmt.Errorf("rebuild: event %d: %w", evs[i].Seq, err)
			}
		}
		if len(evs) < page {
			break
		}
		after = evs[len(evs)-1].Seq
	}
	// Stock and serial state are the site's replica plus the own events
	// the hub had not applied at the last pull.
	if err := rebuildSiteView(ctx, tx); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return db.fileErr("rebuild", err)
	}
	return nil
}

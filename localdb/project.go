package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// before reads what the projection holds that the event's effect depends
// on (inventory.EffectOf): the serialised unit's state, or for a quantity
// count the quantity on hand where it counts. cur is the unit's state when
// the caller has read it already (nil: never seen, or not read).
func before(ctx context.Context, q querier, ev *inventory.Event, cur *inventory.SerialState) (inventory.Before, error) {
	var b inventory.Before
	if cur != nil {
		b.Unit = inventory.Unit{Status: cur.Status, Location: cur.Location, Lot: cur.Lot}
	}
	if ev.SetsStock() {
		n, err := stockQty(ctx, q, ev.GTIN, ev.Lot, ev.To)
		if err != nil {
			return b, err
		}
		b.Qty = n
	}
	return b, nil
}

func stockQty(ctx context.Context, q querier, gtin, lot, loc string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT qty FROM stock WHERE gtin = ? AND lot = ? AND location = ?", gtin, lot, loc).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// project applies one stored event to the projections. It is the only
// code that changes them, used by Append and by Rebuild alike, so the two
// cannot disagree.
func project(ctx context.Context, q querier, ev *inventory.Event) error {
	if err := applyEffect(ctx, q, ev); err != nil {
		return err
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

// applyEffect changes stock and serial state by the event's effect, the
// domain's one rule (inventory.EffectOf) read against what the view holds
// just before: for a recorded event (project) and for an own event laid
// over the site's replica after a pull (overlay) alike.
func applyEffect(ctx context.Context, q querier, ev *inventory.Event) error {
	var cur *inventory.SerialState
	if ev.Serial != "" {
		st, err := serialState(ctx, q, ev.GTIN, ev.Serial)
		if err == nil {
			cur = &st
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	b, err := before(ctx, q, ev, cur)
	if err != nil {
		return err
	}
	eff, err := inventory.EffectOf(*ev, b)
	if err != nil {
		return err
	}
	for _, c := range eff.Stock {
		if c.Delta == 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO stock (gtin, lot, location, qty) VALUES (?, ?, ?, ?)
			ON CONFLICT (gtin, lot, location) DO UPDATE SET qty = qty + excluded.qty`,
			ev.GTIN, c.Lot, c.Location, c.Delta); err != nil {
			return fmt.Errorf("update stock: %w", err)
		}
		if _, err := q.ExecContext(ctx, "DELETE FROM stock WHERE gtin = ? AND lot = ? AND location = ? AND qty = 0",
			ev.GTIN, c.Lot, c.Location); err != nil {
			return fmt.Errorf("update stock: %w", err)
		}
	}
	if ev.Serial != "" {
		u := eff.Unit
		if _, err := q.ExecContext(ctx, `INSERT INTO serials (gtin, serial, lot, status, location, last_seq) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (gtin, serial) DO UPDATE SET lot = excluded.lot, status = excluded.status,
				location = excluded.location, last_seq = excluded.last_seq`,
			ev.GTIN, ev.Serial, u.Lot, string(u.Status), u.Location, ev.Seq); err != nil {
			return fmt.Errorf("update serial state: %w", err)
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

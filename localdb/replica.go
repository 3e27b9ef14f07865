package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// The terminal's view of the site (the stock and serials tables) is the
// hub's state as of the last complete pull (the replica tables) plus this
// terminal's own events the hub had not applied then: seq above
// included_seq in meta, the pull's IncludesSeq. So each event counts once:
// in the overlay until the pull that includes it, in the replica after.
//
// Pages of one pull are read by the hub at different moments, so only the
// set of all of them, up to the page with More false, is one consistent
// state: a page's rows go into the replica as it arrives, and the view is
// rebuilt from the rows above settled_version (the highest version in the
// replica when the view was last rebuilt), with included_seq, when the last
// page arrives, in that page's transaction. Until then the view stays the last
// consistent one plus the overlay.

// ErrBadPull marks a pull page the terminal refused whole (nothing of it
// applied); the next pull asks for it again.
var ErrBadPull = errors.New("pull page refused")

// IncludedSeq is the highest seq of this terminal's own events that the
// replica holds (0 before the first complete pull from a hub that sends
// the site's state): later ones are laid over it.
func (db *DB) IncludedSeq(ctx context.Context) (int64, error) {
	return includedSeq(ctx, db.sql)
}

func includedSeq(ctx context.Context, q querier) (int64, error) {
	v, err := getMeta(ctx, q, "included_seq")
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("included seq %q: %w", v, err)
	}
	return n, nil
}

// checkSitePage refuses a page whose site rows cannot be right, before
// anything of it is written.
func checkSitePage(ch wire.Changes) error {
	for _, r := range ch.Stock {
		if r.GTIN == "" || r.Location == "" || r.Version < 1 {
			return fmt.Errorf("%w: a stock row without product, location or version (%+v)", ErrBadPull, r)
		}
	}
	for _, r := range ch.Serials {
		if r.GTIN == "" || r.Serial == "" || r.Version < 1 {
			return fmt.Errorf("%w: a serial row without product, serial or version (%+v)", ErrBadPull, r)
		}
		switch r.Status {
		case inventory.SerialInStock, inventory.SerialPicked, inventory.SerialShipped, inventory.SerialReturned, inventory.SerialScrapped:
		default:
			return fmt.Errorf("%w: serial %s of %s has unknown status %q", ErrBadPull, r.Serial, r.GTIN, r.Status)
		}
	}
	return nil
}

// applySite stores a page's stock and serial rows in the replica inside
// the pull's transaction and, on the last page, rebuilds the view.
func applySite(ctx context.Context, tx *sql.Tx, ch wire.Changes) error {
	// Rows go in many to a statement: a first pull of a large site is
	// millions of them, and each statement is a round through cgo.
	const chunk = 100
	for start := 0; start < len(ch.Stock); start += chunk {
		part := ch.Stock[start:min(start+chunk, len(ch.Stock))]
		args := make([]any, 0, 5*len(part))
		for _, r := range part {
			args = append(args, NormalizeGTIN(r.GTIN), r.Lot, r.Location, r.Qty, r.Version)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO replica_stock (gtin, lot, location, qty, version) VALUES `+rowsOf(len(part), 5)+`
			ON CONFLICT (gtin, lot, location) DO UPDATE SET qty = excluded.qty, version = excluded.version
			WHERE excluded.version >= replica_stock.version`, args...); err != nil {
			return fmt.Errorf("apply changes: stock rows: %w", err)
		}
	}
	for start := 0; start < len(ch.Serials); start += chunk {
		part := ch.Serials[start:min(start+chunk, len(ch.Serials))]
		args := make([]any, 0, 12*len(part))
		for _, r := range part {
			var at int64
			if !r.LastAt.IsZero() {
				at = r.LastAt.UnixNano()
			}
			args = append(args, NormalizeGTIN(r.GTIN), r.Serial, r.Lot, string(r.Status), r.Location, r.LastEvent, string(r.LastKind),
				r.LastDevice, r.LastSeq, at, r.LastDoc, r.Version)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO replica_serials (gtin, serial, lot, status, location, last_event, last_kind,
				last_device, last_seq, last_at, last_doc, version) VALUES `+rowsOf(len(part), 12)+`
			ON CONFLICT (gtin, serial) DO UPDATE SET lot = excluded.lot, status = excluded.status, location = excluded.location,
				last_event = excluded.last_event, last_kind = excluded.last_kind, last_device = excluded.last_device,
				last_seq = excluded.last_seq, last_at = excluded.last_at, last_doc = excluded.last_doc,
				version = excluded.version
			WHERE excluded.version >= replica_serials.version`, args...); err != nil {
			return fmt.Errorf("apply changes: serial rows: %w", err)
		}
	}
	if ch.More {
		return nil
	}
	// IncludesSeq counts in the hub's seqs; the ledger's are those less
	// the current incarnation's seq base (see incarnation.go).
	base, err := getMeta(ctx, tx, "seq_base")
	if err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	n, _ := strconv.ParseInt(base, 10, 64)
	incl := ch.IncludesSeq - n
	if incl > 0 && ch.IncludesID != "" {
		// The hub holds this ledger's events up to incl, acknowledged to
		// it or not (a push whose answer was lost), when it holds the same
		// event at incl: a ledger agrees with the hub up to a seq once it
		// agrees at that seq (restored and copied ones share a prefix).
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM events WHERE seq = ?`, incl).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("apply changes: %w", err)
		}
		if id == ch.IncludesID {
			return settleView(ctx, tx, incl, incl)
		}
	}
	return settleView(ctx, tx, incl, 0)
}

// rowsOf is "(?,?),(?,?)" for n rows of cols columns.
func rowsOf(n, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}

// settleView brings the view to the replica plus the own events after
// incl, for every key that a pull changed or that an own event after the
// old or the new included seq touches (everything else is right already).
func settleView(ctx context.Context, tx *sql.Tx, incl, sure int64) error {
	old, err := includedSeq(ctx, tx)
	if err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	// Unless the hub named the event at incl and it is this ledger's
	// (sure), only what the hub acknowledged can be in its rows: a folder
	// restored from a backup holds fewer events than the hub has for its
	// name, and its new ones take seqs the hub's count already covers
	// (until its push shows the divergence). And the hub holds every own
	// event up to old too, by id if not by this incarnation's seqs: right
	// after a new incarnation (a restored or copied folder enrolled again)
	// the hub's seq for it starts below the ledger's included part until
	// its push is recognised, and counting those events in the overlay as
	// well would count them twice.
	if incl > sure {
		acked, err := ackedThrough(ctx, tx)
		if err != nil {
			return fmt.Errorf("apply changes: %w", err)
		}
		incl = max(sure, min(incl, acked))
	}
	incl = max(old, incl)
	settled, err := settledVersion(ctx, tx)
	if err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT MAX(version) FROM replica_stock), 0),
		COALESCE((SELECT MAX(version) FROM replica_serials), 0))`).Scan(&top); err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	if top <= settled && incl == old {
		return nil // nothing new from the hub (or a hub that sends no site state)
	}
	if err := checkKnownProducts(ctx, tx, settled); err != nil {
		return err
	}
	if err := resetView(ctx, tx, settled, min(old, incl), incl, false); err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	// A row at 0 has done its work (the view lost it above).
	if _, err := tx.ExecContext(ctx, `DELETE FROM replica_stock WHERE version > ? AND qty = 0`, settled); err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	if err := setMeta(ctx, tx, "included_seq", strconv.FormatInt(incl, 10)); err != nil {
		return fmt.Errorf("apply changes: included seq: %w", err)
	}
	if err := includeProgress(ctx, tx, old, incl); err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	if err := setMeta(ctx, tx, "settled_version", strconv.FormatInt(max(top, settled), 10)); err != nil {
		return fmt.Errorf("apply changes: settled version: %w", err)
	}
	return nil
}

// settledVersion is the highest replica version the view was last
// rebuilt from (0 before the first).
func settledVersion(ctx context.Context, q querier) (int64, error) {
	v, err := getMeta(ctx, q, "settled_version")
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("settled version %q: %w", v, err)
	}
	return n, nil
}

// checkKnownProducts refuses a pull that leaves stock or a unit of a
// product this terminal has no record of (every page of it has been
// applied by now, so the product would have come with it).
func checkKnownProducts(ctx context.Context, tx *sql.Tx, settled int64) error {
	var gtin, where string
	err := tx.QueryRowContext(ctx, `SELECT gtin, location FROM replica_stock WHERE version > ?1 AND qty <> 0
			AND gtin NOT IN (SELECT gtin FROM products)
		UNION ALL SELECT gtin, 'serial ' || serial FROM replica_serials WHERE version > ?1
			AND gtin NOT IN (SELECT gtin FROM products) LIMIT 1`, settled).Scan(&gtin, &where)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("apply changes: %w", err)
	}
	return fmt.Errorf("%w: the hub sent stock of product %s (%s) but no product record for it; nothing of this page was applied", ErrBadPull, gtin, where)
}

// resetView sets the view of the keys in question to the replica and lays
// the own events after incl over them. Keys are those of replica rows above
// settled and of own events after from (from <= incl); all says every key
// (a rebuild).
func resetView(ctx context.Context, q querier, settled, from, incl int64, all bool) error {
	for _, s := range []string{
		`CREATE TEMP TABLE IF NOT EXISTS reset_stock (gtin TEXT, lot TEXT, location TEXT, PRIMARY KEY (gtin, lot, location)) WITHOUT ROWID`,
		`CREATE TEMP TABLE IF NOT EXISTS reset_serials (gtin TEXT, serial TEXT, PRIMARY KEY (gtin, serial)) WITHOUT ROWID`,
		`DELETE FROM reset_stock`,
		`DELETE FROM reset_serials`,
	} {
		if _, err := q.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("view: %w", err)
		}
	}
	if all {
		for _, s := range []string{`DELETE FROM stock`, `DELETE FROM serials`,
			`INSERT INTO reset_stock SELECT gtin, lot, location FROM replica_stock`,
			`INSERT INTO reset_serials SELECT gtin, serial FROM replica_serials`} {
			if _, err := q.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("view: %w", err)
			}
		}
	} else {
		for _, s := range []string{
			`INSERT OR IGNORE INTO reset_stock SELECT gtin, lot, location FROM replica_stock WHERE version > ?2`,
			`INSERT OR IGNORE INTO reset_serials SELECT gtin, serial FROM replica_serials WHERE version > ?2`,
			// What own events after from touched: they leave the overlay
			// (now in the replica) or are laid again below.
			`INSERT OR IGNORE INTO reset_stock SELECT gtin, lot, from_loc FROM events WHERE seq > ?1 AND from_loc <> ''
				UNION SELECT gtin, lot, to_loc FROM events WHERE seq > ?1 AND to_loc <> ''`,
			`INSERT OR IGNORE INTO reset_serials SELECT gtin, serial FROM events WHERE seq > ?1 AND serial <> ''`,
			`DELETE FROM stock WHERE (gtin, lot, location) IN (SELECT gtin, lot, location FROM reset_stock)`,
			`DELETE FROM serials WHERE (gtin, serial) IN (SELECT gtin, serial FROM reset_serials)`,
		} {
			if _, err := q.ExecContext(ctx, s, from, settled); err != nil {
				return fmt.Errorf("view: %w", err)
			}
		}
	}
	device, err := getMeta(ctx, q, "device")
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	// CROSS JOIN keeps SQLite walking the (few) keys and looking each up
	// in the (large) replica, not the other way round.
	if _, err := q.ExecContext(ctx, `INSERT INTO stock (gtin, lot, location, qty)
		SELECT r.gtin, r.lot, r.location, r.qty FROM reset_stock k CROSS JOIN replica_stock r
		ON r.gtin = k.gtin AND r.lot = k.lot AND r.location = k.location WHERE r.qty <> 0`); err != nil {
		return fmt.Errorf("view: stock from the replica: %w", err)
	}
	// A unit whose last event is this terminal's joins its ledger row
	// (last_seq), found by id: after a new incarnation the hub's seq is
	// the ledger's plus the seq base. Another terminal's is described by
	// the row itself.
	if _, err := q.ExecContext(ctx, `INSERT INTO serials (gtin, serial, lot, status, location, last_seq,
			last_event, last_kind, last_at, last_device, last_doc)
		SELECT r.gtin, r.serial, r.lot, r.status, r.location,
			CASE WHEN r.last_device = ? THEN COALESCE((SELECT e.seq FROM events e WHERE e.id = r.last_event), 0) ELSE 0 END,
			r.last_event, r.last_kind, r.last_at, r.last_device, r.last_doc
		FROM reset_serials k CROSS JOIN replica_serials r ON r.gtin = k.gtin AND r.serial = k.serial`, device); err != nil {
		return fmt.Errorf("view: serials from the replica: %w", err)
	}
	const page = 10000
	after := incl
	for {
		evs, err := readEvents(ctx, q, "", "WHERE e.seq > ? ORDER BY e.seq LIMIT ?", after, page)
		if err != nil {
			return fmt.Errorf("view: own events after seq %d: %w", after, err)
		}
		for i := range evs {
			if err := overlay(ctx, q, &evs[i]); err != nil {
				return fmt.Errorf("view: own event %d: %w", evs[i].Seq, err)
			}
		}
		if len(evs) < page {
			return nil
		}
		after = evs[len(evs)-1].Seq
	}
}

// overlay lays one of this terminal's own events over the view: its
// effect on stock and serial state only (document progress and lots
// first seen are the ledger's, kept by project, and not laid twice). It
// is the one place the overlay changes state.
func overlay(ctx context.Context, q querier, ev *inventory.Event) error {
	return applyEffect(ctx, q, ev)
}

// ackedThrough is the highest seq up to which the hub acknowledged every
// own event: the ledger's last, less what is still queued.
func ackedThrough(ctx context.Context, q querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE((SELECT MIN(seq) - 1 FROM outbox), (SELECT MAX(seq) FROM events), 0)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("acknowledged seqs: %w", err)
	}
	return n, nil
}

// includeProgress adds the document progress of the own events after
// from up to incl to included_progress: the hub's rows count them now.
func includeProgress(ctx context.Context, q querier, from, incl int64) error {
	if incl <= from {
		return nil
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO included_progress (doc, kind, doc_line, qty)
		SELECT doc, kind, doc_line, SUM(qty) FROM events WHERE seq > ? AND seq <= ? AND doc <> '' GROUP BY doc, kind, doc_line
		ON CONFLICT (doc, kind, doc_line) DO UPDATE SET qty = included_progress.qty + excluded.qty`, from, incl); err != nil {
		return fmt.Errorf("document progress the hub holds: %w", err)
	}
	return nil
}

// rebuildSiteView sets the whole view to the replica plus the own events
// after the included seq (Rebuild's last step).
func rebuildSiteView(ctx context.Context, q querier) error {
	incl, err := includedSeq(ctx, q)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM included_progress`); err != nil {
		return fmt.Errorf("document progress the hub holds: %w", err)
	}
	if err := includeProgress(ctx, q, 0, incl); err != nil {
		return err
	}
	return resetView(ctx, q, 0, incl, incl, true)
}

// othersLast returns, for a serial (gtin "" = any product), the last event
// of each matching unit that another terminal recorded, as the hub
// described it (this terminal's ledger does not hold it): what a return
// needs to name the shipment that sent the unit out. From and To are the
// unit's place after it, Device and Seq the recording terminal's.
func othersLast(ctx context.Context, q querier, gtin, serial string) ([]inventory.Event, error) {
	cond, args := "serial = ?", []any{serial}
	if gtin != "" {
		cond, args = cond+" AND gtin = ?", append(args, gtin)
	}
	rows, err := q.QueryContext(ctx, `SELECT s.gtin, s.lot, s.location, s.last_event, s.last_kind, s.last_at, s.last_device, s.last_doc,
			COALESCE(r.last_seq, 0)
		FROM serials s LEFT JOIN replica_serials r USING (gtin, serial)
		WHERE s.`+cond+` AND s.last_seq = 0 AND s.last_event <> '' ORDER BY s.last_at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inventory.Event
	for rows.Next() {
		ev := inventory.Event{Serial: serial, Qty: 1}
		var kind, loc string
		var at int64
		if err := rows.Scan(&ev.GTIN, &ev.Lot, &loc, &ev.ID, &kind, &at, &ev.Device, &ev.Doc, &ev.Seq); err != nil {
			return nil, err
		}
		ev.Kind, ev.At = inventory.EventKind(kind), time.Unix(0, at).UTC()
		ev.To = loc
		out = append(out, ev)
	}
	return out, rows.Err()
}

// ResetSite forgets the site's state pulled so far (the replica, the
// hub's document progress, the included seq and the pull cursor), leaving
// the view this terminal's own events: the next pull brings everything
// again. For a change of the warehouses a terminal is limited to.
func (db *DB) ResetSite(ctx context.Context) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return db.fileErr("reset the site's state in", err)
	}
	defer tx.Rollback()
	for _, s := range []string{`DELETE FROM replica_stock`, `DELETE FROM replica_serials`,
		`DELETE FROM hub_progress`, `DELETE FROM hub_progress_pending`,
		`DELETE FROM meta WHERE key IN ('included_seq', 'settled_version', 'cursor')`} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("reset the site's state: %w", err)
		}
	}
	if err := rebuildSiteView(ctx, tx); err != nil {
		return fmt.Errorf("reset the site's state: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return db.fileErr("reset the site's state in", err)
	}
	return nil
}

package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

const eventCols = `e.seq, e.id, e.operator, e.at, e.kind, e.gtin, e.lot, e.serial, e.expiry, e.qty,
	e.from_loc, e.to_loc, e.doc, e.doc_line, e.override, e.note, e.flags, e.raw, e.sscc`

// readEvents runs "SELECT <event columns> FROM events e <join> <tail>" and
// fills Device from meta (one file is one device).
func readEvents(ctx context.Context, q querier, join, tail string, args ...any) ([]inventory.Event, error) {
	device, err := getMeta(ctx, q, "device")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT "+eventCols+" FROM events e "+join+" "+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inventory.Event
	for rows.Next() {
		var ev inventory.Event
		var at int64
		var kind, flags string
		if err := rows.Scan(&ev.Seq, &ev.ID, &ev.Operator, &at, &kind, &ev.GTIN, &ev.Lot, &ev.Serial, &ev.Expiry, &ev.Qty,
			&ev.From, &ev.To, &ev.Doc, &ev.DocLine, &ev.Override, &ev.Note, &flags, &ev.Raw, &ev.SSCC); err != nil {
			return nil, err
		}
		ev.Device = device
		ev.At = time.Unix(0, at).UTC()
		ev.Kind = inventory.EventKind(kind)
		if flags != "" {
			ev.Flags = strings.Split(flags, ",")
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// Events returns up to limit events with seq > afterSeq, in seq order.
func (db *DB) Events(ctx context.Context, afterSeq int64, limit int) ([]inventory.Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	evs, err := readEvents(ctx, db.sql, "", "WHERE e.seq > ? ORDER BY e.seq LIMIT ?", afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return evs, nil
}

// Stock lists quantity on hand matching f, by location, product and lot.
func (db *DB) Stock(ctx context.Context, f StockFilter) ([]StockRow, error) {
	return stockRows(ctx, db.sql, f)
}

func stockRows(ctx context.Context, q querier, f StockFilter) ([]StockRow, error) {
	var where []string
	var args []any
	if f.Location != "" {
		where, args = append(where, "s.location = ?"), append(args, f.Location)
	}
	if f.GTIN != "" {
		where, args = append(where, "s.gtin = ?"), append(args, NormalizeGTIN(f.GTIN))
	}
	if f.Lot != "" {
		where, args = append(where, "s.lot = ?"), append(args, f.Lot)
	}
	query := `SELECT s.gtin, s.lot, s.location, s.qty, COALESCE(l.expiry, ''), COALESCE(l.status, '')
		FROM stock s LEFT JOIN lots l ON l.gtin = s.gtin AND l.lot = s.lot`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY s.location, s.gtin, s.lot"
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("stock: %w", err)
	}
	defer rows.Close()
	var out []StockRow
	for rows.Next() {
		var r StockRow
		var status string
		if err := rows.Scan(&r.GTIN, &r.Lot, &r.Location, &r.Qty, &r.Expiry, &status); err != nil {
			return nil, fmt.Errorf("stock: %w", err)
		}
		r.LotStatus = inventory.LotStatus(status)
		out = append(out, r)
	}
	return out, rows.Err()
}

// FEFO lists where a product can be picked from, first expired first out:
// lots that are released and not expired on today, with positive stock,
// earliest expiry first (lots without expiry last), then lot and location.
func (db *DB) FEFO(ctx context.Context, gtin string, today time.Time) ([]inventory.FEFOCandidate, error) {
	gtin = NormalizeGTIN(gtin)
	rows, err := db.sql.QueryContext(ctx, `SELECT s.lot, COALESCE(l.expiry, ''), s.location, s.qty
		FROM stock s LEFT JOIN lots l ON l.gtin = s.gtin AND l.lot = s.lot
		WHERE s.gtin = ? AND s.qty > 0 AND COALESCE(l.status, 'released') = 'released'
			AND (COALESCE(l.expiry, '') = '' OR l.expiry >= ?)
		ORDER BY COALESCE(l.expiry, '') = '', l.expiry, s.lot, s.location`, gtin, today.Format("2006-01-02"))
	if err != nil {
		return nil, fmt.Errorf("FEFO for %s: %w", gtin, err)
	}
	defer rows.Close()
	var out []inventory.FEFOCandidate
	for rows.Next() {
		c := inventory.FEFOCandidate{GTIN: gtin}
		if err := rows.Scan(&c.Lot, &c.Expiry, &c.Location, &c.Qty); err != nil {
			return nil, fmt.Errorf("FEFO for %s: %w", gtin, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// serialCols reads a unit's state from the view: its last event from this
// terminal's ledger when it recorded it (last_seq), else as the hub
// described it (another terminal's event: LastSeq 0).
const serialCols = `s.gtin, s.lot, s.status, s.location, s.last_seq,
	COALESCE(e.id, s.last_event), COALESCE(e.kind, s.last_kind), COALESCE(e.at, s.last_at)
	FROM serials s LEFT JOIN events e ON e.seq = s.last_seq AND s.last_seq > 0`

func serialState(ctx context.Context, q querier, gtin, serial string) (inventory.SerialState, error) {
	st := inventory.SerialState{GTIN: gtin, Serial: serial}
	var status, kind string
	var at int64
	cond, args := "s.gtin = ? AND s.serial = ?", []any{gtin, serial}
	if gtin == "" {
		cond, args = "s.serial = ?", []any{serial}
	}
	err := q.QueryRowContext(ctx, `SELECT `+serialCols+` WHERE `+cond+` ORDER BY COALESCE(e.at, s.last_at) DESC, e.seq DESC LIMIT 1`, args...).
		Scan(&st.GTIN, &st.Lot, &status, &st.Location, &st.LastSeq, &st.LastEvent, &kind, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("serial %s: %w", serial, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("serial %s: %w", serial, err)
	}
	st.Status, st.LastKind, st.LastAt = inventory.SerialStatus(status), inventory.EventKind(kind), time.Unix(0, at).UTC()
	return st, nil
}

// Serial returns a serialised unit's state, or ErrNotFound. With gtin ""
// it matches the serial on any product (the most recently moved one).
func (db *DB) Serial(ctx context.Context, gtin, serial string) (inventory.SerialState, error) {
	if gtin != "" {
		gtin = NormalizeGTIN(gtin)
	}
	return serialState(ctx, db.sql, gtin, serial)
}

// SerialHistory returns every event of a serial this terminal recorded, in
// seq order (gtin "" = any product), then, when another terminal's event
// last changed the unit, that event as the hub described it (so a return
// finds the shipment whichever terminal shipped).
func (db *DB) SerialHistory(ctx context.Context, gtin, serial string) ([]inventory.Event, error) {
	var evs []inventory.Event
	var err error
	if gtin == "" {
		evs, err = readEvents(ctx, db.sql, "", "WHERE e.serial = ? ORDER BY e.seq", serial)
	} else {
		evs, err = readEvents(ctx, db.sql, "", "WHERE e.serial = ? AND e.gtin = ? ORDER BY e.seq", serial, NormalizeGTIN(gtin))
	}
	if err != nil {
		return nil, fmt.Errorf("history of serial %s: %w", serial, err)
	}
	g := gtin
	if g != "" {
		g = NormalizeGTIN(g)
	}
	others, err := othersLast(ctx, db.sql, g, serial)
	if err != nil {
		return nil, fmt.Errorf("history of serial %s: %w", serial, err)
	}
	return append(evs, others...), nil
}

// Received sums the quantity received per line of a purchase order, by
// this terminal and (as of the last pull) by the others.
func (db *DB) Received(ctx context.Context, poID string) (map[int]int64, error) {
	return db.docProgress(ctx, poID, inventory.KindReceive)
}

// Picked sums the quantity picked per line of a pick list.
func (db *DB) Picked(ctx context.Context, pickListID string) (map[int]int64, error) {
	return db.docProgress(ctx, pickListID, inventory.KindPick)
}

// Shipped sums the quantity shipped per line of a sales order.
func (db *DB) Shipped(ctx context.Context, salesOrderID string) (map[int]int64, error) {
	return db.docProgress(ctx, salesOrderID, inventory.KindShip)
}

// Returned sums the quantity returned per line of a return authorisation
// (or of a sales order, for returns recorded against the order).
func (db *DB) Returned(ctx context.Context, docID string) (map[int]int64, error) {
	return db.docProgress(ctx, docID, inventory.KindReturn)
}

// docProgress reads the doc_progress projection: a few rows per document
// however many scans it took (a PO of 10,000 receipts costs its lines, not
// its receipts). A line with no scans is absent from the map.
func (db *DB) docProgress(ctx context.Context, doc string, kind inventory.EventKind) (map[int]int64, error) {
	// What the hub holds of every terminal, this one's included, as of
	// the last complete pull, plus this terminal's events after it: its
	// whole ledger (doc_progress) less the part the hub's rows hold
	// (included_progress). So an event counts once whoever recorded it,
	// also when a copied data folder holds another terminal's.
	rows, err := db.sql.QueryContext(ctx, `SELECT doc_line, SUM(qty) FROM (
			SELECT doc_line, qty FROM doc_progress WHERE doc = ?1 AND kind = ?2
			UNION ALL
			SELECT doc_line, -qty FROM included_progress WHERE doc = ?1 AND kind = ?2
			UNION ALL
			SELECT doc_line, qty FROM hub_progress WHERE doc = ?1 AND kind = ?2)
		GROUP BY doc_line HAVING SUM(qty) <> 0`, doc, string(kind))
	if err != nil {
		return nil, fmt.Errorf("progress of %s: %w", doc, err)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var line int
		var n int64
		if err := rows.Scan(&line, &n); err != nil {
			return nil, fmt.Errorf("progress of %s: %w", doc, err)
		}
		out[line] = n
	}
	return out, rows.Err()
}

// readSnapshot runs f inside one read transaction on a pinned connection,
// so a multi-query answer (a lot trace) sees one consistent state even
// while the terminal appends. BEGIN is deferred: it takes no write lock
// (the pool's transactions are IMMEDIATE, hence the manual BEGIN).
func (db *DB) readSnapshot(ctx context.Context, f func(q querier) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return err
	}
	// The rollback must run even when ctx is cancelled, or the pooled
	// connection would keep an open transaction.
	defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	return f(conn)
}

// SerialsAt lists the serialised units physically at a location (in
// stock, picked or returned there), of one product when gtin is not "",
// ordered by product, lot and serial. A cycle count uses it to name each
// unit on record that was not found.
func (db *DB) SerialsAt(ctx context.Context, location, gtin string) ([]inventory.SerialState, error) {
	// "location <> ''" lets SQLite use the partial index serials_location
	// (a bound parameter alone does not prove the row is in it).
	cond, args := "s.location = ? AND s.location <> ''", []any{location}
	if gtin != "" {
		cond, args = cond+" AND s.gtin = ?", append(args, NormalizeGTIN(gtin))
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT s.serial, `+serialCols+`
		WHERE `+cond+` AND s.status IN ('in_stock', 'picked', 'returned')
		ORDER BY s.gtin, s.lot, s.serial`, args...)
	if err != nil {
		return nil, fmt.Errorf("serials at %s: %w", location, err)
	}
	defer rows.Close()
	var out []inventory.SerialState
	for rows.Next() {
		var st inventory.SerialState
		var status, kind string
		var at int64
		if err := rows.Scan(&st.Serial, &st.GTIN, &st.Lot, &status, &st.Location, &st.LastSeq, &st.LastEvent, &kind, &at); err != nil {
			return nil, fmt.Errorf("serials at %s: %w", location, err)
		}
		st.Status, st.LastKind, st.LastAt = inventory.SerialStatus(status), inventory.EventKind(kind), time.Unix(0, at).UTC()
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("serials at %s: %w", location, err)
	}
	return out, nil
}

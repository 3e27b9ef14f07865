package localdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// ApplyChanges stores a pull from the hub in one transaction: master data
// and documents are upserted by key, a record never replaces a newer
// version of itself (so replaying or reordering pulls is harmless), the
// exceptions on this device's events are kept, and the cursor is stored
// with them so a crash cannot skip or half-apply a pull.
//
// The site's stock and serial rows go into the replica, and the page that
// ends a pull rebuilds the terminal's view from it (see replica.go). A page
// that cannot be right is refused whole with an error wrapping ErrBadPull.
func (db *DB) ApplyChanges(ctx context.Context, ch wire.Changes) error {
	if err := checkSitePage(ch); err != nil {
		return err
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return db.fileErr("apply changes to", err)
	}
	defer tx.Rollback()
	exec := func(what, q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("apply changes: %s: %w", what, err)
		}
		return nil
	}
	for _, o := range ch.Operators {
		if err := exec("operator "+o.ID, `INSERT INTO operators (id, name, badge, pin_hash, active, version) VALUES (?,?,?,?,?,?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, badge = excluded.badge, pin_hash = excluded.pin_hash,
				active = excluded.active, version = excluded.version WHERE excluded.version >= operators.version`,
			o.ID, o.Name, o.Badge, o.PINHash, o.Active, o.Version); err != nil {
			return err
		}
	}
	for _, p := range ch.Products {
		g := NormalizeGTIN(p.GTIN)
		if err := exec("product "+g, `INSERT INTO products (gtin, sku, name, tracking, expiry_required, uom, min_shelf_life_days, version) VALUES (?,?,?,?,?,?,?,?)
			ON CONFLICT (gtin) DO UPDATE SET sku = excluded.sku, name = excluded.name, tracking = excluded.tracking,
				expiry_required = excluded.expiry_required, uom = excluded.uom, min_shelf_life_days = excluded.min_shelf_life_days,
				version = excluded.version
			WHERE excluded.version >= products.version`,
			g, p.SKU, p.Name, string(p.Tracking), p.ExpiryRequired, p.UOM, p.MinShelfLifeDays, p.Version); err != nil {
			return err
		}
	}
	for _, r := range ch.Reasons {
		if err := exec("reason "+r.Code, `INSERT INTO reasons (code, label, active, version) VALUES (?,?,?,?)
			ON CONFLICT (code) DO UPDATE SET label = excluded.label, active = excluded.active, version = excluded.version
			WHERE excluded.version >= reasons.version`,
			r.Code, r.Label, r.Active, r.Version); err != nil {
			return err
		}
	}
	for _, l := range ch.Locations {
		if err := exec("location "+l.Code, `INSERT INTO locations (code, barcode, kind, warehouse, version) VALUES (?,?,?,?,?)
			ON CONFLICT (code) DO UPDATE SET barcode = excluded.barcode, kind = excluded.kind, warehouse = excluded.warehouse,
				version = excluded.version WHERE excluded.version >= locations.version`,
			l.Code, l.Barcode, string(l.Kind), l.Warehouse, l.Version); err != nil {
			return err
		}
	}
	for _, l := range ch.Lots {
		status := l.Status
		if status == "" {
			status = inventory.LotReleased
		}
		if err := exec("lot "+l.Lot, `INSERT INTO lots (gtin, lot, expiry, best_before, production, status, version) VALUES (?,?,?,?,?,?,?)
			ON CONFLICT (gtin, lot) DO UPDATE SET expiry = excluded.expiry, best_before = excluded.best_before,
				production = excluded.production, status = excluded.status, version = excluded.version
			WHERE excluded.version >= lots.version`,
			NormalizeGTIN(l.GTIN), l.Lot, l.Expiry, l.BestBefore, l.Production, string(status), l.Version); err != nil {
			return err
		}
	}
	// Progress rows wait for the pull's last page (hub_progress_pending):
	// the hub's totals of this terminal's own events must change together
	// with included_seq, or an interrupted pull would count some twice.
	table := "hub_progress"
	if ch.More {
		table = "hub_progress_pending"
	}
	for _, p := range ch.Progress {
		if err := exec("progress of "+p.Doc, `INSERT INTO `+table+` (doc, kind, doc_line, device, qty, version) VALUES (?,?,?,?,?,?)
			ON CONFLICT (doc, kind, doc_line, device) DO UPDATE SET qty = excluded.qty, version = excluded.version
			WHERE excluded.version >= `+table+`.version`,
			p.Doc, string(p.Kind), p.Line, p.Device, p.Qty, p.Version); err != nil {
			return err
		}
	}
	if !ch.More {
		if err := exec("progress of earlier pages", `INSERT INTO hub_progress (doc, kind, doc_line, device, qty, version)
			SELECT doc, kind, doc_line, device, qty, version FROM hub_progress_pending WHERE true
			ON CONFLICT (doc, kind, doc_line, device) DO UPDATE SET qty = excluded.qty, version = excluded.version
			WHERE excluded.version >= hub_progress.version`); err != nil {
			return err
		}
		if err := exec("progress of earlier pages", `DELETE FROM hub_progress_pending`); err != nil {
			return err
		}
	}
	docs := func(kind, id string, status inventory.DocStatus, version int64, v any) error {
		body, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("apply changes: %s %s: %w", kind, id, err)
		}
		return exec(kind+" "+id, `INSERT INTO documents (kind, id, status, version, body) VALUES (?,?,?,?,?)
			ON CONFLICT (kind, id) DO UPDATE SET status = excluded.status, version = excluded.version, body = excluded.body
			WHERE excluded.version >= documents.version`, kind, id, string(status), version, string(body))
	}
	for _, d := range ch.PurchaseOrders {
		if err := docs(docPO, d.ID, d.Status, d.Version, d); err != nil {
			return err
		}
	}
	for _, d := range ch.PickLists {
		if err := docs(docPick, d.ID, d.Status, d.Version, d); err != nil {
			return err
		}
	}
	for _, d := range ch.SalesOrders {
		if err := docs(docSO, d.ID, d.Status, d.Version, d); err != nil {
			return err
		}
	}
	for _, d := range ch.Returns {
		if err := docs(docRA, d.ID, d.Status, d.Version, d); err != nil {
			return err
		}
	}
	for _, e := range ch.Exceptions {
		if err := exec(fmt.Sprintf("exception %d", e.ID), `INSERT INTO exceptions (id, code, message, event_id, seq, other_event, raised_at, resolved, note, version)
			VALUES (?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT (id) DO UPDATE SET code = excluded.code, message = excluded.message, event_id = excluded.event_id,
				seq = excluded.seq, other_event = excluded.other_event, raised_at = excluded.raised_at,
				resolved = excluded.resolved, note = excluded.note, version = excluded.version
			WHERE excluded.version >= exceptions.version`,
			e.ID, e.Code, e.Message, e.EventID, e.Seq, e.OtherEvent, e.RaisedAt.UnixNano(), e.Resolved, e.Note, e.Version); err != nil {
			return err
		}
	}
	if err := applySite(ctx, tx, ch); err != nil {
		return err
	}
	if err := setMeta(ctx, tx, "cursor", ch.Cursor); err != nil {
		return fmt.Errorf("apply changes: cursor: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return db.fileErr("apply changes to", err)
	}
	return nil
}

// Cursor is the hub cursor of the last applied pull ("" before the first).
func (db *DB) Cursor(ctx context.Context) (string, error) {
	c, err := getMeta(ctx, db.sql, "cursor")
	if err != nil {
		return "", fmt.Errorf("read sync cursor: %w", err)
	}
	return c, nil
}

// Document kinds in the documents table.
const (
	docPO   = "po"
	docPick = "pick"
	docSO   = "so"
	docRA   = "ra"
)

// Product returns the product with this GTIN (8 to 14 digits), or ErrNotFound.
func (db *DB) Product(ctx context.Context, gtin string) (inventory.Product, error) {
	return productByGTIN(ctx, db.sql, NormalizeGTIN(gtin))
}

func productByGTIN(ctx context.Context, q querier, gtin string) (inventory.Product, error) {
	var p inventory.Product
	var tracking string
	err := q.QueryRowContext(ctx, "SELECT gtin, sku, name, tracking, expiry_required, uom, min_shelf_life_days, version FROM products WHERE gtin = ?", gtin).
		Scan(&p.GTIN, &p.SKU, &p.Name, &tracking, &p.ExpiryRequired, &p.UOM, &p.MinShelfLifeDays, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("product %s: %w", gtin, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("product %s: %w", gtin, err)
	}
	p.Tracking = inventory.Tracking(tracking)
	return p, nil
}

// Location returns the location whose code or label barcode is s, or ErrNotFound.
func (db *DB) Location(ctx context.Context, codeOrBarcode string) (inventory.Location, error) {
	l, err := locationByCode(ctx, db.sql, codeOrBarcode)
	if !errors.Is(err, ErrNotFound) || codeOrBarcode == "" {
		return l, err
	}
	var code string
	err = db.sql.QueryRowContext(ctx, "SELECT code FROM locations WHERE barcode = ? ORDER BY code LIMIT 1", codeOrBarcode).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("location %s: %w", codeOrBarcode, ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("location %s: %w", codeOrBarcode, err)
	}
	return locationByCode(ctx, db.sql, code)
}

// LocationsOfKind lists the locations of one kind (e.g. quarantine), by
// code.
func (db *DB) LocationsOfKind(ctx context.Context, kind inventory.LocationKind) ([]inventory.Location, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT code, barcode, kind, warehouse, version FROM locations WHERE kind = ? ORDER BY code", string(kind))
	if err != nil {
		return nil, fmt.Errorf("%s locations: %w", kind, err)
	}
	defer rows.Close()
	var out []inventory.Location
	for rows.Next() {
		var l inventory.Location
		var k string
		if err := rows.Scan(&l.Code, &l.Barcode, &k, &l.Warehouse, &l.Version); err != nil {
			return nil, fmt.Errorf("%s locations: %w", kind, err)
		}
		l.Kind = inventory.LocationKind(k)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s locations: %w", kind, err)
	}
	return out, nil
}

func locationByCode(ctx context.Context, q querier, code string) (inventory.Location, error) {
	var l inventory.Location
	var kind string
	err := q.QueryRowContext(ctx, "SELECT code, barcode, kind, warehouse, version FROM locations WHERE code = ?", code).
		Scan(&l.Code, &l.Barcode, &kind, &l.Warehouse, &l.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("location %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("location %s: %w", code, err)
	}
	l.Kind = inventory.LocationKind(kind)
	return l, nil
}

// Lot returns a lot's master data (from the hub, or from its first receipt
// here), or ErrNotFound.
func (db *DB) Lot(ctx context.Context, gtin, lot string) (inventory.Lot, error) {
	return lotByKey(ctx, db.sql, NormalizeGTIN(gtin), lot)
}

func lotByKey(ctx context.Context, q querier, gtin, lot string) (inventory.Lot, error) {
	var l inventory.Lot
	var status string
	err := q.QueryRowContext(ctx, "SELECT gtin, lot, expiry, best_before, production, status, version FROM lots WHERE gtin = ? AND lot = ?", gtin, lot).
		Scan(&l.GTIN, &l.Lot, &l.Expiry, &l.BestBefore, &l.Production, &status, &l.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("lot %s of %s: %w", lot, gtin, ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("lot %s of %s: %w", lot, gtin, err)
	}
	l.Status = inventory.LotStatus(status)
	return l, nil
}

// LotsByCode lists the lots with that code on any product, by GTIN,
// stocked or not (Look-up finds a lot by its code alone).
func (db *DB) LotsByCode(ctx context.Context, lot string) ([]inventory.Lot, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT gtin, lot, expiry, best_before, production, status, version FROM lots WHERE lot = ? ORDER BY gtin", lot)
	if err != nil {
		return nil, fmt.Errorf("lots %s: %w", lot, err)
	}
	defer rows.Close()
	var out []inventory.Lot
	for rows.Next() {
		var l inventory.Lot
		var status string
		if err := rows.Scan(&l.GTIN, &l.Lot, &l.Expiry, &l.BestBefore, &l.Production, &status, &l.Version); err != nil {
			return nil, fmt.Errorf("lots %s: %w", lot, err)
		}
		l.Status = inventory.LotStatus(status)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lots %s: %w", lot, err)
	}
	return out, nil
}

// LotState returns a lot's master data with its quantity on hand.
func (db *DB) LotState(ctx context.Context, gtin, lot string) (LotState, error) {
	gtin = NormalizeGTIN(gtin)
	l, err := lotByKey(ctx, db.sql, gtin, lot)
	if err != nil {
		return LotState{}, err
	}
	st := LotState{Lot: l}
	if err := db.sql.QueryRowContext(ctx, "SELECT COALESCE(SUM(qty), 0) FROM stock WHERE gtin = ? AND lot = ?", gtin, lot).Scan(&st.OnHand); err != nil {
		return LotState{}, fmt.Errorf("lot %s of %s: %w", lot, gtin, err)
	}
	return st, nil
}

// Operator returns the operator with this ID or badge, or ErrNotFound.
func (db *DB) Operator(ctx context.Context, idOrBadge string) (inventory.Operator, error) {
	var o inventory.Operator
	err := db.sql.QueryRowContext(ctx, `SELECT id, name, badge, pin_hash, active, version FROM operators
		WHERE id = ?1 OR (badge = ?1 AND badge <> '') ORDER BY id = ?1 DESC LIMIT 1`, idOrBadge).
		Scan(&o.ID, &o.Name, &o.Badge, &o.PINHash, &o.Active, &o.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("operator %s: %w", idOrBadge, ErrNotFound)
	}
	if err != nil {
		return o, fmt.Errorf("operator %s: %w", idOrBadge, err)
	}
	return o, nil
}

func decodeDoc(body string, v any) error {
	if err := json.Unmarshal([]byte(body), v); err != nil {
		return fmt.Errorf("stored document is damaged: %w", err)
	}
	return nil
}

func (db *DB) doc(ctx context.Context, kind, id string, v any) error {
	return docByID(ctx, db.sql, kind, id, v)
}

func docByID(ctx context.Context, q querier, kind, id string, v any) error {
	var body string
	err := q.QueryRowContext(ctx, "SELECT body FROM documents WHERE kind = ? AND id = ?", kind, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %s: %w", docName(kind), id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", docName(kind), id, err)
	}
	return decodeDoc(body, v)
}

func docName(kind string) string {
	switch kind {
	case docPO:
		return "purchase order"
	case docPick:
		return "pick list"
	case docSO:
		return "sales order"
	}
	return "return authorisation"
}

// PurchaseOrder returns a purchase order, or ErrNotFound.
func (db *DB) PurchaseOrder(ctx context.Context, id string) (inventory.PurchaseOrder, error) {
	var d inventory.PurchaseOrder
	return d, db.doc(ctx, docPO, id, &d)
}

// PickList returns a pick list, or ErrNotFound.
func (db *DB) PickList(ctx context.Context, id string) (inventory.PickList, error) {
	var d inventory.PickList
	return d, db.doc(ctx, docPick, id, &d)
}

// SalesOrder returns a sales order, or ErrNotFound.
func (db *DB) SalesOrder(ctx context.Context, id string) (inventory.SalesOrder, error) {
	var d inventory.SalesOrder
	return d, db.doc(ctx, docSO, id, &d)
}

// ReturnAuth returns a return authorisation, or ErrNotFound.
func (db *DB) ReturnAuth(ctx context.Context, id string) (inventory.ReturnAuth, error) {
	var d inventory.ReturnAuth
	return d, db.doc(ctx, docRA, id, &d)
}

func openDocs[T any](ctx context.Context, db *DB, kind string) ([]T, error) {
	return docsOf[T](ctx, db, kind, "AND status = 'open'")
}

// docsOf lists the documents of a kind that match cond (SQL), by ID.
func docsOf[T any](ctx context.Context, db *DB, kind, cond string) ([]T, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT body FROM documents WHERE kind = ? "+cond+" ORDER BY id", kind)
	if err != nil {
		return nil, fmt.Errorf("open %ss: %w", docName(kind), err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var v T
		if err := decodeDoc(body, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// OpenPurchaseOrders lists purchase orders with status open, by ID.
func (db *DB) OpenPurchaseOrders(ctx context.Context) ([]inventory.PurchaseOrder, error) {
	return openDocs[inventory.PurchaseOrder](ctx, db, docPO)
}

// OpenPickLists lists pick lists with status open, by ID.
func (db *DB) OpenPickLists(ctx context.Context) ([]inventory.PickList, error) {
	return openDocs[inventory.PickList](ctx, db, docPick)
}

// PickLists lists every pick list, open or closed, by ID: shipping works
// from lists the hub closed once fully picked.
func (db *DB) PickLists(ctx context.Context) ([]inventory.PickList, error) {
	return docsOf[inventory.PickList](ctx, db, docPick, "")
}

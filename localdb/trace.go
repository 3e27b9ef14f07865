package localdb

import (
	"context"
	"fmt"
	"sort"

	"github.com/scanterm/scanterm/inventory"
)

// LotTrace answers a recall for a lot: its state, the receipts with their
// PO and supplier, every event in order, the stock on hand now, the
// sales orders it shipped on and the open hub exceptions on its events. gtin "" covers every product with a lot of
// that code. A lot nobody recorded gives an empty trace, not an error.
func (db *DB) LotTrace(ctx context.Context, gtin, lot string) (LotTrace, error) {
	var tr LotTrace
	err := db.readSnapshot(ctx, func(q querier) error {
		var err error
		tr, err = lotTrace(ctx, q, gtin, lot)
		return err
	})
	if err != nil {
		return LotTrace{}, fmt.Errorf("trace lot %s: %w", lot, err)
	}
	return tr, nil
}

func lotTrace(ctx context.Context, q querier, gtin, lot string) (LotTrace, error) {
	if gtin != "" {
		gtin = NormalizeGTIN(gtin)
	}
	tr := LotTrace{GTIN: gtin, Lot: lot, Lots: []LotState{}, Receipts: []Receipt{}, Movements: []inventory.Event{}, Locations: []StockRow{}, Shipments: []Shipment{}, Exceptions: []EventException{}}
	fail := func(err error) (LotTrace, error) { return LotTrace{}, err }

	lotCond, args := "lot = ?", []any{lot}
	if gtin != "" {
		lotCond, args = "lot = ? AND gtin = ?", []any{lot, gtin}
	}
	rows, err := q.QueryContext(ctx, `SELECT l.gtin, l.expiry, l.best_before, l.production, l.status, l.version,
		(SELECT COALESCE(SUM(qty), 0) FROM stock s WHERE s.gtin = l.gtin AND s.lot = l.lot)
		FROM lots l WHERE l.`+lotCond+` ORDER BY l.gtin`, args...)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		st := LotState{Lot: inventory.Lot{Lot: lot}}
		var status string
		if err := rows.Scan(&st.GTIN, &st.Expiry, &st.BestBefore, &st.Production, &status, &st.Version, &st.OnHand); err != nil {
			rows.Close()
			return fail(err)
		}
		st.Status = inventory.LotStatus(status)
		tr.Lots = append(tr.Lots, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}

	evs, err := readEvents(ctx, q, "", "WHERE e."+lotCond+" ORDER BY e.seq", args...)
	if err != nil {
		return fail(err)
	}
	if evs != nil {
		tr.Movements = evs
	}

	pos := map[string]inventory.PurchaseOrder{}
	sos := map[string]inventory.SalesOrder{}
	ships := map[[2]string]*Shipment{}
	for _, ev := range evs {
		switch ev.Kind {
		case inventory.KindReceive:
			r := Receipt{Event: ev, PO: ev.Doc}
			if ev.Doc != "" {
				po, ok := pos[ev.Doc]
				if !ok {
					docByID(ctx, q, docPO, ev.Doc, &po) // unknown PO: keep the ID alone
					pos[ev.Doc] = po
				}
				r.Supplier = po.Supplier
			}
			tr.Receipts = append(tr.Receipts, r)
		case inventory.KindShip, inventory.KindReturn:
			key := [2]string{ev.Doc, ev.GTIN}
			sh := ships[key]
			if sh == nil {
				if ev.Kind == inventory.KindReturn {
					continue // a return against an order that did not ship here
				}
				so, ok := sos[ev.Doc]
				if !ok && ev.Doc != "" {
					docByID(ctx, q, docSO, ev.Doc, &so)
					sos[ev.Doc] = so
				}
				sh = &Shipment{SalesOrder: ev.Doc, Customer: so.Customer, GTIN: ev.GTIN}
				ships[key] = sh
			}
			if ev.Kind == inventory.KindShip {
				sh.Qty += ev.Qty
				if ev.Serial != "" {
					sh.Serials = append(sh.Serials, ev.Serial)
				}
			}
		}
	}
	for _, sh := range ships {
		tr.Shipments = append(tr.Shipments, *sh)
	}
	sort.Slice(tr.Shipments, func(i, j int) bool {
		a, b := tr.Shipments[i], tr.Shipments[j]
		if a.SalesOrder != b.SalesOrder {
			return a.SalesOrder < b.SalesOrder
		}
		return a.GTIN < b.GTIN
	})

	f := StockFilter{GTIN: gtin, Lot: lot}
	locs, err := stockRows(ctx, q, f)
	if err != nil {
		return fail(err)
	}
	if locs != nil {
		tr.Locations = locs
	}
	if tr.Exceptions, err = exceptionsOn(ctx, q, tr.Movements); err != nil {
		return fail(err)
	}
	return tr, nil
}

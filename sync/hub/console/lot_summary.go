package console

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// A lot moved thousands of times (a fast consumable picked unit by unit)
// has thousands of receipts, shipments and movements: listing each made
// the page slow to build and useless to read. The page sums receipts,
// shipments and returns per document (what a recall needs: which
// suppliers, which orders and customers) and shows the latest movements;
// the Events page has every one of them (and their CSV).

// maxMovements is how many of a lot's latest movements the page lists.
const maxMovements = 100

// lotTraced is one product's lot on the page and in its JSON.
type lotTraced struct {
	GTIN       string                `json:"gtin"`
	Product    string                `json:"product,omitempty"`
	Lot        string                `json:"lot"`
	Record     *inventory.Lot        `json:"record,omitempty"`
	Now        []hub.Stock           `json:"now"`
	Shipped    int64                 `json:"shipped"`
	Exceptions []inventory.Exception `json:"exceptions,omitempty"`
	// Received, ShippedTo and Returned sum the lot's receipts, shipments
	// and returns per document, in the order of their first event.
	Received  []docSum `json:"received"`
	ShippedTo []docSum `json:"shipped_to"`
	Returned  []docSum `json:"returned"`
	// Movements are the latest maxMovements events, oldest first, of
	// MovementsTotal.
	Movements      []hub.Event `json:"movements"`
	MovementsTotal int         `json:"movements_total"`
	State          LotState    `json:"lot_state"`
	// Changes are the status changes made from the console, who and why.
	Changes []store.AuditEntry `json:"status_changes"`
}

// docSum is what one document did to a lot: receipts on a purchase
// order, shipments on a sales order, returns against one.
type docSum struct {
	Doc    string    `json:"doc"`
	Party  string    `json:"party,omitempty"` // the supplier or customer
	Qty    int64     `json:"qty"`
	Events int       `json:"events"`
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
}

// lotViews reads the hub's summary of a lot (gtin "" = every product with
// a lot of that name) and names its documents' suppliers and customers; a
// lot the hub has a record of but no events for gets an empty one. None
// at all is hub.ErrNotFound. It also returns the summaries as read.
func (c *Console) lotViews(ctx context.Context, k *catalog, gtin, lot string) ([]lotTraced, []store.LotSummary, error) {
	ss, err := c.st.LotSummary(ctx, gtin, lot, maxMovements)
	if err != nil {
		return nil, nil, err
	}
	read := slices.Clone(ss)
	seen := map[string]bool{}
	for _, s := range ss {
		seen[s.GTIN] = true
	}
	for _, l := range k.batch.Lots {
		if l.Lot == lot && (gtin == "" || l.GTIN == gtin) && !seen[l.GTIN] {
			seen[l.GTIN] = true
			ss = append(ss, store.LotSummary{GTIN: l.GTIN, Lot: lot})
		}
	}
	if len(ss) == 0 {
		return nil, nil, fmt.Errorf("lot %s: no events and no lot record on the hub: %w", lot, hub.ErrNotFound)
	}
	slices.SortFunc(ss, func(a, b store.LotSummary) int { return strings.Compare(a.GTIN, b.GTIN) })
	out := make([]lotTraced, 0, len(ss))
	for _, s := range ss {
		changes, err := c.st.Audit(ctx, lotSubject(s.GTIN, s.Lot))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, c.traced(k, s, changes))
	}
	return out, read, nil
}

// traced is a lot's summary as the page shows it.
func (c *Console) traced(k *catalog, s store.LotSummary, changes []store.AuditEntry) lotTraced {
	out := lotTraced{GTIN: s.GTIN, Product: k.products[s.GTIN].Name, Lot: s.Lot, Now: []hub.Stock{}, Exceptions: s.Exceptions,
		Received: []docSum{}, ShippedTo: []docSum{}, Returned: []docSum{}, Movements: s.Latest, MovementsTotal: s.Events,
		State: c.lotState(k, s.GTIN, s.Lot, c.now()), Changes: changes}
	if out.Movements == nil {
		out.Movements = []hub.Event{}
	}
	if rec, ok := k.lots[s.GTIN+"/"+s.Lot]; ok {
		out.Record = &rec
	}
	for _, n := range s.Now {
		out.Now = append(out.Now, hub.Stock{Location: n.Location, Warehouse: k.locations[n.Location].Warehouse, Qty: n.Qty})
	}
	for _, d := range s.Docs {
		sum := docSum{Doc: d.Doc, Qty: d.Qty, Events: d.Events, First: d.First, Last: d.Last}
		switch d.Kind {
		case inventory.KindReceive:
			sum.Party = k.supplier(d.Doc)
			out.Received = append(out.Received, sum)
		case inventory.KindShip:
			sum.Doc, sum.Party = k.customer(d.Doc)
			out.ShippedTo = append(out.ShippedTo, sum)
			out.Shipped += d.Qty
		case inventory.KindReturn:
			sum.Doc, sum.Party = k.customer(d.Doc)
			out.Returned = append(out.Returned, sum)
		}
	}
	return out
}

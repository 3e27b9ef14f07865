package console

import (
	"slices"
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
	Doc     string    `json:"doc"`
	Party   string    `json:"party,omitempty"` // the supplier or customer
	Qty     int64     `json:"qty"`
	Events  int       `json:"events"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
	Devices []string  `json:"terminals"`
}

// traced sums up a hub trace for the page.
func (c *Console) traced(k *catalog, t hub.LotTrace, changes []store.AuditEntry) lotTraced {
	out := lotTraced{GTIN: t.GTIN, Product: t.Product, Lot: t.Lot, Record: t.Record, Now: t.Now, Shipped: t.Shipped,
		Exceptions: t.Exceptions, MovementsTotal: len(t.Events), State: c.lotState(k, t.GTIN, t.Lot, c.now()), Changes: changes}
	receipts := make([]docEvent, len(t.Receipts))
	for i, r := range t.Receipts {
		receipts[i] = docEvent{r.PO, r.Supplier, r.Event}
	}
	out.Received = sumByDoc(receipts)
	out.ShippedTo = sumByDoc(shipmentEvents(t.Shipments))
	out.Returned = sumByDoc(shipmentEvents(t.Returns))
	out.Movements = t.Events[max(0, len(t.Events)-maxMovements):]
	return out
}

type docEvent struct {
	doc, party string
	e          hub.Event
}

func shipmentEvents(ss []hub.Shipment) []docEvent {
	out := make([]docEvent, len(ss))
	for i, s := range ss {
		out[i] = docEvent{s.Order, s.Customer, s.Event}
	}
	return out
}

// sumByDoc adds up events per document, in the order of each one's first.
func sumByDoc(evs []docEvent) []docSum {
	out := []docSum{}
	at := map[string]int{}
	for _, d := range evs {
		i, ok := at[d.doc]
		if !ok {
			i = len(out)
			at[d.doc] = i
			out = append(out, docSum{Doc: d.doc, Party: d.party, First: d.e.At, Last: d.e.At})
		}
		s := &out[i]
		s.Qty += d.e.Qty
		s.Events++
		if d.e.At.Before(s.First) {
			s.First = d.e.At
		}
		if d.e.At.After(s.Last) {
			s.Last = d.e.At
		}
		if j, found := slices.BinarySearch(s.Devices, d.e.Device); !found {
			s.Devices = slices.Insert(s.Devices, j, d.e.Device)
		}
	}
	return out
}

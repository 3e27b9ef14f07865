package hub

import (
	"context"
	"sort"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// OrderShipped is how many units of a lot went out on one order.
type OrderShipped struct {
	Order    string `json:"order"`
	Customer string `json:"customer,omitempty"`
	Qty      int64  `json:"qty"`
}

// LotImpact is what a status change of a lot reaches, from the hub's trace:
// what a supervisor must find in the building, whom to call, and how many
// terminals will enforce the new status.
type LotImpact struct {
	Product      string         `json:"product,omitempty"`
	OnHand       []Stock        `json:"on_hand"` // per location, staging included
	OnHandTotal  int64          `json:"on_hand_total"`
	Shipped      []OrderShipped `json:"shipped"` // per order, in order id order
	ShippedTotal int64          `json:"shipped_total"`
	Returned     int64          `json:"returned"`
	// Terminals is how many enrolled, unrevoked terminals get the status
	// on their next pull (every terminal pulls every lot record).
	Terminals int `json:"terminals"`
}

// ImpactOfLot sums up one lot of one product from the hub's summary of it
// (store.Console.LotSummary: aggregate reads, however often the lot
// moved). A lot with no events has an empty impact, not an error.
func ImpactOfLot(ctx context.Context, st Store, gtin, lot string) (LotImpact, error) {
	ss, err := st.LotSummary(ctx, gtin, lot, 0)
	if err != nil {
		return LotImpact{OnHand: []Stock{}, Shipped: []OrderShipped{}}, err
	}
	return ImpactOfSummary(ctx, st, gtin, ss)
}

// ImpactOfSummary is ImpactOfLot for a summary the caller has read
// already (the console's recall report shows both).
func ImpactOfSummary(ctx context.Context, st Store, gtin string, ss []store.LotSummary) (LotImpact, error) {
	out := LotImpact{OnHand: []Stock{}, Shipped: []OrderShipped{}}
	ix, err := indexMaster(ctx, st)
	if err != nil {
		return out, err
	}
	out.Product = ix.products[gtin].Name
	byOrder := map[string]*OrderShipped{}
	for _, s := range ss {
		out.Product = ix.products[s.GTIN].Name
		for _, n := range s.Now {
			out.OnHand = append(out.OnHand, Stock{Location: n.Location, Warehouse: ix.locations[n.Location].Warehouse, Qty: n.Qty})
			out.OnHandTotal += n.Qty
		}
		for _, d := range s.Docs {
			switch d.Kind {
			case inventory.KindShip:
				order, customer := ix.party(d.Doc)
				o := byOrder[order]
				if o == nil {
					o = &OrderShipped{Order: order, Customer: customer}
					byOrder[order] = o
				}
				o.Qty += d.Qty
				out.ShippedTotal += d.Qty
			case inventory.KindReturn:
				out.Returned += d.Qty
			}
		}
	}
	for _, o := range byOrder {
		out.Shipped = append(out.Shipped, *o)
	}
	sort.Slice(out.Shipped, func(i, j int) bool { return out.Shipped[i].Order < out.Shipped[j].Order })
	ds, err := st.Devices(ctx)
	if err != nil {
		return out, err
	}
	for _, d := range ds {
		if d.Enrolled && !d.Revoked {
			out.Terminals++
		}
	}
	return out, nil
}

// KnownLots lists the lot codes the hub knows for a product, from its lot
// records and its events, sorted: what a supervisor who mistyped a lot
// code should have typed.
func KnownLots(ctx context.Context, st Store, gtin string) ([]string, error) {
	m, err := st.Master(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, l := range m.Lots {
		if l.GTIN == gtin {
			seen[l.Lot] = true
		}
	}
	evs, err := st.Events(ctx, EventFilter{GTIN: gtin})
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		if e.Lot != "" {
			seen[e.Lot] = true
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out, nil
}

// ProductOf returns the hub's product record of gtin, if any.
func ProductOf(ctx context.Context, st Store, gtin string) (inventory.Product, bool, error) {
	m, err := st.Master(ctx)
	if err != nil {
		return inventory.Product{}, false, err
	}
	for _, p := range m.Products {
		if p.GTIN == gtin {
			return p, true, nil
		}
	}
	return inventory.Product{}, false, nil
}

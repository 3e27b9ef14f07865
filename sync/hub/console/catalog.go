package console

import (
	"context"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

// catalog indexes the hub's master data for one request.
type catalog struct {
	batch     hub.Batch
	products  map[string]inventory.Product // by GTIN
	lots      map[string]inventory.Lot     // by GTIN/lot
	locations map[string]inventory.Location
}

// supplier names the supplier of a purchase order ("" if unknown).
func (k *catalog) supplier(po string) string {
	for _, d := range k.batch.PurchaseOrders {
		if d.ID == po {
			return d.Supplier
		}
	}
	return ""
}

// customer names the sales order and customer of a shipment's or
// return's document: a sales order, or a return authorisation (its order).
func (k *catalog) customer(doc string) (order, customer string) {
	for _, d := range k.batch.SalesOrders {
		if d.ID == doc {
			return doc, d.Customer
		}
	}
	for _, d := range k.batch.Returns {
		if d.ID == doc {
			if d.SalesOrder != "" {
				return d.SalesOrder, d.Customer
			}
			return doc, d.Customer
		}
	}
	return doc, ""
}

func (c *Console) catalog(ctx context.Context) (*catalog, error) {
	b, err := c.st.Master(ctx)
	if err != nil {
		return nil, err
	}
	k := &catalog{batch: b, products: map[string]inventory.Product{}, lots: map[string]inventory.Lot{}, locations: map[string]inventory.Location{}}
	for _, p := range b.Products {
		k.products[p.GTIN] = p
	}
	for _, l := range b.Lots {
		k.lots[l.GTIN+"/"+l.Lot] = l
	}
	for _, l := range b.Locations {
		k.locations[l.Code] = l
	}
	return k, nil
}

// LotState is how a lot stands, in words as well as in the badge's
// colour, so status never rests on colour alone.
type LotState struct {
	Status    inventory.LotStatus `json:"status"`           // released, quarantine, recalled
	Expiry    string              `json:"expiry,omitempty"` // YYYY-MM-DD
	Expired   bool                `json:"expired"`
	Short     bool                `json:"short_dated"` // less shelf life left than the product's minimum (or the console's default)
	MinDays   int                 `json:"min_shelf_life_days,omitempty"`
	Words     string              `json:"-"` // "recalled · expired 2026-01-02"
	BadgeKind string              `json:"-"` // CSS class: ok, warn, bad
}

// lotState judges a lot from its record (if any) on date now.
func (c *Console) lotState(k *catalog, gtin, lot string, now time.Time) LotState {
	s := LotState{Status: inventory.LotReleased, BadgeKind: "ok"}
	rec, ok := k.lots[gtin+"/"+lot]
	if ok {
		if rec.Status != "" {
			s.Status = rec.Status
		}
		s.Expiry = rec.Expiry
	}
	words := string(s.Status)
	switch s.Status {
	case inventory.LotRecalled:
		s.BadgeKind = "bad"
	case inventory.LotQuarantine:
		s.BadgeKind = "warn"
	}
	if s.Expiry != "" {
		// The product's minimum remaining shelf life is the one pick and
		// ship enforce (inventory.ShelfLifeShort, the same rule); a
		// product without one is judged by the console's default.
		days, own := c.opt.ShortDays, false
		if p, ok := k.products[gtin]; ok && p.MinShelfLifeDays > 0 {
			days, own = p.MinShelfLifeDays, true
		}
		today := now.Format(time.DateOnly)
		_, short := inventory.ShelfLifeShort(s.Expiry, today, days)
		switch {
		case s.Expiry < today:
			s.Expired, s.BadgeKind = true, "bad"
			words += " · expired " + s.Expiry
		case short:
			s.Short = true
			if s.BadgeKind == "ok" {
				s.BadgeKind = "warn"
			}
			if own {
				s.MinDays = days
				words += fmt.Sprintf(" · under its %d-day minimum shelf life, expires %s", days, s.Expiry)
			} else {
				words += " · short-dated, expires " + s.Expiry
			}
		default:
			words += " · expires " + s.Expiry
		}
	}
	s.Words = words
	return s
}

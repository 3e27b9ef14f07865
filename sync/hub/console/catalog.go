package console

import (
	"context"
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
	Short     bool                `json:"short_dated"` // expires within the minimum shelf life
	Words     string              `json:"-"`           // "recalled · expired 2026-01-02"
	BadgeKind string              `json:"-"`           // CSS class: ok, warn, bad
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
		if exp, err := time.Parse("2006-01-02", s.Expiry); err == nil {
			today := now.Format("2006-01-02")
			switch {
			case s.Expiry < today:
				s.Expired, s.BadgeKind = true, "bad"
				words += " · expired " + s.Expiry
			case exp.Sub(now) < time.Duration(c.opt.ShortDays)*24*time.Hour:
				s.Short = true
				if s.BadgeKind == "ok" {
					s.BadgeKind = "warn"
				}
				words += " · short-dated, expires " + s.Expiry
			default:
				words += " · expires " + s.Expiry
			}
		}
	}
	s.Words = words
	return s
}

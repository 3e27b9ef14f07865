// Package catalog is the engine's view of the terminal's database:
// flow.Catalog (and its optional interfaces) over localdb. Its lookups do
// I/O under the context it was made with, so a screen calls the engine
// from a tea.Cmd, never from Update. It is safe for concurrent use as far
// as the database is.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/tui/flow"
)

// Catalog is flow.Catalog over one terminal database.
type Catalog struct {
	ctx context.Context
	db  *localdb.DB
}

// New returns the catalog of db; ctx bounds every lookup.
func New(ctx context.Context, db *localdb.DB) *Catalog {
	return &Catalog{ctx: ctx, db: db}
}

var _ flow.Catalog = (*Catalog)(nil)

// nf maps localdb's not-found onto the engine's, keeping the message.
func nf(err error) error {
	if errors.Is(err, localdb.ErrNotFound) && !errors.Is(err, flow.ErrNotFound) {
		return fmt.Errorf("%w: %v", flow.ErrNotFound, err)
	}
	return err
}

func (c *Catalog) Product(gtin string) (inventory.Product, error) {
	p, err := c.db.Product(c.ctx, gtin)
	return p, nf(err)
}

func (c *Catalog) Location(code string) (inventory.Location, error) {
	l, err := c.db.Location(c.ctx, code)
	return l, nf(err)
}

func (c *Catalog) Lot(gtin, lot string) (inventory.Lot, error) {
	l, err := c.db.Lot(c.ctx, gtin, lot)
	return l, nf(err)
}

func (c *Catalog) PurchaseOrder(id string) (inventory.PurchaseOrder, error) {
	po, err := c.db.PurchaseOrder(c.ctx, id)
	return po, nf(err)
}

func (c *Catalog) Received(poID string) (map[int]int64, error) {
	m, err := c.db.Received(c.ctx, poID)
	return m, nf(err)
}

func (c *Catalog) PickList(id string) (inventory.PickList, error) {
	pl, err := c.db.PickList(c.ctx, id)
	return pl, nf(err)
}

func (c *Catalog) Picked(id string) (map[int]int64, error) {
	m, err := c.db.Picked(c.ctx, id)
	return m, nf(err)
}

func (c *Catalog) SalesOrder(id string) (inventory.SalesOrder, error) {
	so, err := c.db.SalesOrder(c.ctx, id)
	return so, nf(err)
}

func (c *Catalog) Shipped(id string) (map[int]int64, error) {
	m, err := c.db.Shipped(c.ctx, id)
	return m, nf(err)
}

func (c *Catalog) ReturnAuth(id string) (inventory.ReturnAuth, error) {
	ra, err := c.db.ReturnAuth(c.ctx, id)
	return ra, nf(err)
}

// Returned is the units returned per line of a return authorisation
// (flow.ReturnProgress: the engine then counts untracked lines too).
func (c *Catalog) Returned(raID string) (map[int]int64, error) {
	m, err := c.db.Returned(c.ctx, raID)
	return m, nf(err)
}

var _ flow.ReturnProgress = (*Catalog)(nil)

// Pallet is what arrived under a pallet label and where it is now
// (flow.PalletSource: a pallet is then put away or moved by its SSCC
// alone, and not received twice).
func (c *Catalog) Pallet(sscc string) ([]flow.PalletLine, error) {
	ls, err := c.db.Pallet(c.ctx, sscc)
	if err != nil {
		return nil, nf(err)
	}
	out := make([]flow.PalletLine, 0, len(ls))
	for _, l := range ls {
		pl := flow.PalletLine{GTIN: l.GTIN, Lot: l.Lot, Expiry: l.Expiry, Qty: l.Qty, Serials: l.Serials, Doc: l.Doc, DocLine: l.DocLine}
		for _, p := range l.Places {
			pl.Places = append(pl.Places, flow.PalletPlace{Location: p.Location, Qty: p.Qty, Serials: p.Serials})
		}
		out = append(out, pl)
	}
	return out, nil
}

var _ flow.PalletSource = (*Catalog)(nil)

// Exceptions are the hub's exceptions on this terminal's events
// (flow.ExceptionSource: Look-up marks the events they concern).
func (c *Catalog) Exceptions() ([]inventory.Exception, error) {
	xs, err := c.db.Exceptions(c.ctx)
	return xs, nf(err)
}

var _ flow.ExceptionSource = (*Catalog)(nil)
var _ flow.SerialSource = (*Catalog)(nil)
var _ flow.LocationLister = (*Catalog)(nil)

func (c *Catalog) Stock(f flow.StockFilter) ([]flow.StockRow, error) {
	rows, err := c.db.Stock(c.ctx, localdb.StockFilter{Location: f.Location, GTIN: f.GTIN, Lot: f.Lot})
	if err != nil {
		return nil, nf(err)
	}
	out := make([]flow.StockRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, flow.StockRow{Location: r.Location, GTIN: r.GTIN, Lot: r.Lot, Expiry: r.Expiry, Qty: r.Qty})
	}
	return out, nil
}

func (c *Catalog) FEFO(gtin string, today time.Time) ([]inventory.FEFOCandidate, error) {
	cs, err := c.db.FEFO(c.ctx, gtin, today)
	return cs, nf(err)
}

func (c *Catalog) Serial(gtin, serial string) (inventory.SerialState, error) {
	s, err := c.db.Serial(c.ctx, gtin, serial)
	return s, nf(err)
}

// LocationsOfKind lists the locations of a kind (flow.LocationLister: a
// recalled or quarantined lot is then offered a quarantine location).
func (c *Catalog) LocationsOfKind(kind inventory.LocationKind) ([]inventory.Location, error) {
	ls, err := c.db.LocationsOfKind(c.ctx, kind)
	return ls, nf(err)
}

// LotsByCode lists the lots with a code on any product (flow.LotFinder:
// Look-up finds a lot with no stock).
func (c *Catalog) LotsByCode(lot string) ([]inventory.Lot, error) {
	ls, err := c.db.LotsByCode(c.ctx, lot)
	return ls, nf(err)
}

// SerialsAt lists the serialised units at a location
// (flow.SerialSource: a count then writes off each one not scanned).
func (c *Catalog) SerialsAt(location, gtin string) ([]inventory.SerialState, error) {
	sts, err := c.db.SerialsAt(c.ctx, location, gtin)
	return sts, nf(err)
}

func (c *Catalog) History(gtin, lot, serial string, limit int) ([]inventory.Event, error) {
	var evs []inventory.Event
	if serial != "" {
		h, err := c.db.SerialHistory(c.ctx, gtin, serial)
		if err != nil {
			return nil, nf(err)
		}
		evs = h
	} else {
		t, err := c.db.LotTrace(c.ctx, gtin, lot)
		if err != nil {
			return nil, nf(err)
		}
		evs = t.Movements
	}
	if limit > 0 && len(evs) > limit {
		evs = evs[len(evs)-limit:]
	}
	return evs, nil
}

// Package flowtest is an in-memory flow.Catalog for tests of the step
// engine and of screens built on it: master data and documents are set
// directly, and Apply plays recorded events into stock, serial state and
// document progress the way the terminal's ledger projections do (without
// enforcing the ledger's rules — that is localdb's job).
//
// CatalogContract (contract.go) is what the engine may rely on from any
// catalog; this one and the adapter over the terminal's database
// (tui/catalog) both pass it, so engine tests here hold for the terminal.
package flowtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// Catalog is an in-memory flow.Catalog. The zero value is not usable; use
// New. Not safe for concurrent use.
type Catalog struct {
	products  map[string]inventory.Product
	locations map[string]inventory.Location
	lots      map[[2]string]inventory.Lot
	pos       map[string]inventory.PurchaseOrder
	picks     map[string]inventory.PickList
	orders    map[string]inventory.SalesOrder
	ras       map[string]inventory.ReturnAuth

	seenLots map[[2]string]bool // lots first known from an event, not master data

	stock   map[stockKey]int64
	serials map[[2]string]inventory.SerialState
	prog    map[string]map[int]int64 // kind+doc -> line -> qty
	events  []inventory.Event
	seq     int64

	// Fail, when set, is returned by every lookup: a database that
	// cannot be read.
	Fail error

	// Excs are the hub's exceptions on this terminal's events, as
	// flow.ExceptionSource returns them.
	Excs []inventory.Exception

	// Reasons are the override reason codes (master data); the active
	// ones are what flow.ReasonSource returns.
	Reasons []inventory.Reason
}

// Pallet implements flow.PalletSource from the events carrying the SSCC,
// as localdb does: what was received under it (expiry, PO and serials of
// the receipts), and where those units are now, by location: serialised
// units where their state says they are in the building, other units
// followed through the SSCC's events (a count under it sets nothing here)
// and capped at the stock there.
func (c *Catalog) Pallet(sscc string) ([]flow.PalletLine, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	type key struct{ gtin, lot string }
	var (
		order []key
		lines = map[key]*flow.PalletLine{}
		net   = map[key]map[string]int64{}
	)
	for _, e := range c.events {
		if e.SSCC != sscc || e.SSCC == "" {
			continue
		}
		k := key{e.GTIN, e.Lot}
		if lines[k] == nil {
			order = append(order, k)
			lines[k] = &flow.PalletLine{GTIN: e.GTIN, Lot: e.Lot}
			net[k] = map[string]int64{}
		}
		l := lines[k]
		if e.Kind == inventory.KindReceive {
			l.Qty += e.Qty
			if l.Expiry == "" {
				l.Expiry = e.Expiry
			}
			if l.Doc == "" {
				l.Doc, l.DocLine = e.Doc, e.DocLine
			}
			if e.Serial != "" {
				l.Serials = append(l.Serials, e.Serial)
			}
		}
		if e.Serial != "" || e.Kind == inventory.KindCount {
			continue
		}
		// A pallet's quantities, as localdb's pallet view reckons them
		// (counts are skipped above): the event's own effect.
		eff, err := inventory.EffectOf(e, inventory.Before{})
		if err != nil {
			return nil, err
		}
		for _, d := range eff.Stock {
			net[k][d.Location] += d.Delta
		}
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("pallet %s: %w", sscc, flow.ErrNotFound)
	}
	var out []flow.PalletLine
	for _, k := range order {
		l := *lines[k]
		if len(l.Serials) > 0 {
			at := map[string]*flow.PalletPlace{}
			for _, sn := range l.Serials {
				st, ok := c.serials[[2]string{k.gtin, sn}]
				if !ok || !st.Status.InBuilding() || st.Location == "" {
					continue
				}
				if at[st.Location] == nil {
					at[st.Location] = &flow.PalletPlace{Location: st.Location}
				}
				at[st.Location].Qty++
				at[st.Location].Serials = append(at[st.Location].Serials, sn)
			}
			for _, p := range at {
				l.Places = append(l.Places, *p)
			}
		} else {
			for loc, n := range net[k] {
				if n = min(n, c.stock[stockKey{loc, k.gtin, k.lot}]); loc != "" && n > 0 {
					l.Places = append(l.Places, flow.PalletPlace{Location: loc, Qty: n})
				}
			}
		}
		sort.Slice(l.Places, func(i, j int) bool { return l.Places[i].Location < l.Places[j].Location })
		out = append(out, l)
	}
	return out, nil
}

// SerialsAt implements flow.SerialSource: the units in stock, picked or
// returned at a location, by product, lot and serial.
func (c *Catalog) SerialsAt(location, gtin string) ([]inventory.SerialState, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	var out []inventory.SerialState
	for _, st := range c.serials {
		here := st.Status == inventory.SerialInStock || st.Status == inventory.SerialPicked || st.Status == inventory.SerialReturned
		if here && st.Location == location && (gtin == "" || st.GTIN == gtin) {
			out = append(out, st)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.GTIN != b.GTIN {
			return a.GTIN < b.GTIN
		}
		if a.Lot != b.Lot {
			return a.Lot < b.Lot
		}
		return a.Serial < b.Serial
	})
	return out, nil
}

// LocationsOfKind implements flow.LocationLister.
func (c *Catalog) LocationsOfKind(kind inventory.LocationKind) ([]inventory.Location, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	var out []inventory.Location
	for _, l := range c.locations {
		if l.Kind == kind {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// Exceptions implements flow.ExceptionSource.
func (c *Catalog) Exceptions() ([]inventory.Exception, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	return append([]inventory.Exception(nil), c.Excs...), nil
}

type stockKey struct{ loc, gtin, lot string }

// New returns an empty catalog.
func New() *Catalog {
	return &Catalog{
		products: map[string]inventory.Product{}, locations: map[string]inventory.Location{},
		lots: map[[2]string]inventory.Lot{}, pos: map[string]inventory.PurchaseOrder{},
		picks: map[string]inventory.PickList{}, orders: map[string]inventory.SalesOrder{},
		ras: map[string]inventory.ReturnAuth{}, stock: map[stockKey]int64{},
		serials: map[[2]string]inventory.SerialState{}, prog: map[string]map[int]int64{},
		seenLots: map[[2]string]bool{},
	}
}

// Add stores master data and documents: inventory.Product, inventory.Location,
// inventory.Lot, inventory.PurchaseOrder, inventory.PickList, inventory.SalesOrder,
// inventory.ReturnAuth. It panics on anything else (a test bug).
func (c *Catalog) Add(items ...any) *Catalog {
	for _, it := range items {
		switch v := it.(type) {
		case inventory.Product:
			c.products[v.GTIN] = v
		case inventory.Location:
			c.locations[v.Code] = v
		case inventory.Lot:
			if v.Status == "" {
				v.Status = inventory.LotReleased
			}
			c.lots[[2]string{v.GTIN, v.Lot}] = v
			delete(c.seenLots, [2]string{v.GTIN, v.Lot})
		case inventory.PurchaseOrder:
			c.pos[v.ID] = v
		case inventory.PickList:
			c.picks[v.ID] = v
		case inventory.SalesOrder:
			c.orders[v.ID] = v
		case inventory.ReturnAuth:
			c.ras[v.ID] = v
		default:
			panic(fmt.Sprintf("flowtest: cannot add %T", it))
		}
	}
	return c
}

// Apply plays events into the projections, as if recorded. It fills ID,
// Seq and At when empty so history has an order.
func (c *Catalog) Apply(evs ...inventory.Event) {
	for _, e := range evs {
		c.seq++
		if e.Seq == 0 {
			e.Seq = c.seq
		}
		if e.ID == "" {
			e.ID = fmt.Sprintf("ev-%d", c.seq)
		}
		if e.At.IsZero() {
			e.At = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(c.seq) * time.Minute)
		}
		c.events = append(c.events, e)
		c.project(e)
	}
}

// Events returns everything applied so far.
func (c *Catalog) Events() []inventory.Event { return append([]inventory.Event(nil), c.events...) }

func (c *Catalog) progress(kind inventory.EventKind, doc string, line int, qty int64) {
	k := string(kind) + "\x00" + doc
	if c.prog[k] == nil {
		c.prog[k] = map[int]int64{}
	}
	c.prog[k][line] += qty
}

// project applies one event with the rule localdb and the hub use
// (inventory.EffectOf; the contract suite in contract.go holds the fake to
// localdb): stock and the serial's state, document progress, and a lot
// first seen in a receipt, return, count or positive adjustment becoming
// known (released, with the scanned expiry) unless it is master data.
func (c *Catalog) project(e inventory.Event) {
	key := [2]string{e.GTIN, e.Serial}
	var before inventory.Before
	if cur, ok := c.serials[key]; ok && e.Serial != "" {
		before.Unit = inventory.Unit{Status: cur.Status, Location: cur.Location, Lot: cur.Lot}
	}
	if e.SetsStock() {
		before.Qty = c.stock[stockKey{e.To, e.GTIN, e.Lot}]
	}
	eff, err := inventory.EffectOf(e, before)
	if err != nil {
		panic(fmt.Sprintf("flowtest: %v (a test bug)", err))
	}
	for _, d := range eff.Stock {
		if d.Location != "" {
			c.stock[stockKey{d.Location, e.GTIN, d.Lot}] += d.Delta
		}
	}
	if e.Doc != "" {
		c.progress(e.Kind, e.Doc, e.DocLine, e.Qty)
	}
	if e.Serial != "" {
		u := eff.Unit
		c.serials[key] = inventory.SerialState{GTIN: e.GTIN, Serial: e.Serial, Lot: u.Lot, Status: u.Status, Location: u.Location,
			LastSeq: e.Seq, LastEvent: e.ID, LastKind: e.Kind, LastAt: e.At}
	}
	entering := e.Kind == inventory.KindReceive || e.Kind == inventory.KindReturn || e.Kind == inventory.KindCount ||
		(e.Kind == inventory.KindAdjust && e.Qty > 0)
	if e.Lot != "" && entering {
		k := [2]string{e.GTIN, e.Lot}
		if l, ok := c.lots[k]; !ok {
			c.lots[k] = inventory.Lot{GTIN: e.GTIN, Lot: e.Lot, Expiry: e.Expiry, Status: inventory.LotReleased}
			c.seenLots[k] = true
		} else if c.seenLots[k] && l.Expiry == "" && e.Expiry != "" {
			l.Expiry = e.Expiry
			c.lots[k] = l
		}
	}
}

// SetStock puts qty of a product and lot at a location directly.
func (c *Catalog) SetStock(loc, gtin, lot string, qty int64) {
	c.stock[stockKey{loc, gtin, lot}] = qty
}

// SetSerial puts a serialised unit in a state directly (and counts it in
// stock when in the building: in stock, picked or returned).
func (c *Catalog) SetSerial(st inventory.SerialState) {
	c.serials[[2]string{st.GTIN, st.Serial}] = st
	if st.Status.InBuilding() {
		c.stock[stockKey{st.Location, st.GTIN, st.Lot}]++
	}
}

// StockOf is the quantity of a product and lot at a location.
func (c *Catalog) StockOf(loc, gtin, lot string) int64 { return c.stock[stockKey{loc, gtin, lot}] }

func nf(what, id string) error { return fmt.Errorf("%s %q: %w", what, id, flow.ErrNotFound) }

func (c *Catalog) Product(gtin string) (inventory.Product, error) {
	if c.Fail != nil {
		return inventory.Product{}, c.Fail
	}
	p, ok := c.products[gtin]
	if !ok {
		return p, nf("product", gtin)
	}
	return p, nil
}

func (c *Catalog) Location(code string) (inventory.Location, error) {
	if c.Fail != nil {
		return inventory.Location{}, c.Fail
	}
	if l, ok := c.locations[code]; ok {
		return l, nil
	}
	// By barcode: the first location by code that carries it, as localdb.
	var found *inventory.Location
	for _, l := range c.locations {
		if l.Barcode != "" && l.Barcode == code && (found == nil || l.Code < found.Code) {
			found = &l
		}
	}
	if found != nil {
		return *found, nil
	}
	return inventory.Location{}, nf("location", code)
}

// LotsByCode lists the lots with that code on any product, by GTIN
// (flow.LotFinder).
func (c *Catalog) LotsByCode(lot string) ([]inventory.Lot, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	var out []inventory.Lot
	for k, l := range c.lots {
		if k[1] == lot {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b inventory.Lot) int { return strings.Compare(a.GTIN, b.GTIN) })
	return out, nil
}

func (c *Catalog) Lot(gtin, lot string) (inventory.Lot, error) {
	if c.Fail != nil {
		return inventory.Lot{}, c.Fail
	}
	l, ok := c.lots[[2]string{gtin, lot}]
	if !ok {
		return l, nf("lot", lot)
	}
	return l, nil
}

func (c *Catalog) PurchaseOrder(id string) (inventory.PurchaseOrder, error) {
	if c.Fail != nil {
		return inventory.PurchaseOrder{}, c.Fail
	}
	d, ok := c.pos[id]
	if !ok {
		return d, nf("purchase order", id)
	}
	return d, nil
}

func (c *Catalog) PickList(id string) (inventory.PickList, error) {
	if c.Fail != nil {
		return inventory.PickList{}, c.Fail
	}
	d, ok := c.picks[id]
	if !ok {
		return d, nf("pick list", id)
	}
	return d, nil
}

func (c *Catalog) SalesOrder(id string) (inventory.SalesOrder, error) {
	if c.Fail != nil {
		return inventory.SalesOrder{}, c.Fail
	}
	d, ok := c.orders[id]
	if !ok {
		return d, nf("sales order", id)
	}
	return d, nil
}

func (c *Catalog) ReturnAuth(id string) (inventory.ReturnAuth, error) {
	if c.Fail != nil {
		return inventory.ReturnAuth{}, c.Fail
	}
	d, ok := c.ras[id]
	if !ok {
		return d, nf("return authorisation", id)
	}
	return d, nil
}

func (c *Catalog) docProgress(kind inventory.EventKind, doc string) (map[int]int64, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	out := map[int]int64{}
	for k, v := range c.prog[string(kind)+"\x00"+doc] {
		out[k] = v
	}
	return out, nil
}

func (c *Catalog) Received(po string) (map[int]int64, error) {
	return c.docProgress(inventory.KindReceive, po)
}

func (c *Catalog) Picked(pl string) (map[int]int64, error) {
	return c.docProgress(inventory.KindPick, pl)
}

func (c *Catalog) Shipped(so string) (map[int]int64, error) {
	return c.docProgress(inventory.KindShip, so)
}

// Returned implements flow.ReturnProgress.
func (c *Catalog) Returned(ra string) (map[int]int64, error) {
	return c.docProgress(inventory.KindReturn, ra)
}

func (c *Catalog) Stock(f flow.StockFilter) ([]flow.StockRow, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	var rows []flow.StockRow
	for k, q := range c.stock {
		if q == 0 || (f.Location != "" && k.loc != f.Location) || (f.GTIN != "" && k.gtin != f.GTIN) || (f.Lot != "" && k.lot != f.Lot) {
			continue
		}
		rows = append(rows, flow.StockRow{Location: k.loc, GTIN: k.gtin, Lot: k.lot, Qty: q, Expiry: c.lots[[2]string{k.gtin, k.lot}].Expiry})
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Location != b.Location {
			return a.Location < b.Location
		}
		if a.GTIN != b.GTIN {
			return a.GTIN < b.GTIN
		}
		return a.Lot < b.Lot
	})
	return rows, nil
}

func (c *Catalog) FEFO(gtin string, today time.Time) ([]inventory.FEFOCandidate, error) {
	rows, err := c.Stock(flow.StockFilter{GTIN: gtin})
	if err != nil {
		return nil, err
	}
	var out []inventory.FEFOCandidate
	for _, r := range rows {
		// Like localdb: released, unexpired lots with stock. Stock without
		// a lot (serial units, untracked goods) is listed too: the engine
		// must not take it for a lot.
		l := c.lots[[2]string{gtin, r.Lot}]
		if r.Qty <= 0 || (l.Status != "" && l.Status != inventory.LotReleased) || (l.Expiry != "" && l.Expiry < today.Format("2006-01-02")) {
			continue
		}
		out = append(out, inventory.FEFOCandidate{GTIN: gtin, Lot: r.Lot, Expiry: l.Expiry, Location: r.Location, Qty: r.Qty})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Expiry == "") != (b.Expiry == "") {
			return b.Expiry == ""
		}
		if a.Expiry != b.Expiry {
			return a.Expiry < b.Expiry
		}
		return a.Lot < b.Lot
	})
	return out, nil
}

func (c *Catalog) Serial(gtin, serial string) (inventory.SerialState, error) {
	if c.Fail != nil {
		return inventory.SerialState{}, c.Fail
	}
	if gtin != "" {
		st, ok := c.serials[[2]string{gtin, serial}]
		if !ok {
			return st, nf("serial", serial)
		}
		return st, nil
	}
	// Any product: the unit moved last, as localdb (units set directly,
	// without an event, count as oldest, then by GTIN).
	var found *inventory.SerialState
	for k, st := range c.serials {
		if k[1] != serial {
			continue
		}
		if found == nil || st.LastSeq > found.LastSeq || (st.LastSeq == found.LastSeq && st.GTIN < found.GTIN) {
			found = &st
		}
	}
	if found == nil {
		return inventory.SerialState{}, nf("serial", serial)
	}
	return *found, nil
}

func (c *Catalog) History(gtin, lot, serial string, limit int) ([]inventory.Event, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	var out []inventory.Event
	for _, e := range c.events {
		switch {
		case serial != "":
			if e.Serial != serial || (gtin != "" && e.GTIN != gtin) {
				continue
			}
		case e.GTIN != gtin || e.Lot != lot:
			continue
		}
		out = append(out, e)
	}
	if limit > 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out, nil
}

var _ flow.Catalog = (*Catalog)(nil)

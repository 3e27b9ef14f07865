package hub

import (
	"context"
	"fmt"
	"sort"

	"github.com/scanterm/scanterm/inventory"
)

// Stock is a quantity at a location, as the hub's events add up.
type Stock struct {
	Location  string `json:"location"`
	Warehouse string `json:"warehouse,omitempty"`
	Qty       int64  `json:"qty"`
}

// Receipt is a receive event with its purchase order's supplier.
type Receipt struct {
	Event    Event  `json:"event"`
	PO       string `json:"po,omitempty"`
	Supplier string `json:"supplier,omitempty"`
}

// Shipment is a ship event with its sales order's customer.
type Shipment struct {
	Event    Event  `json:"event"`
	Order    string `json:"order,omitempty"`
	Customer string `json:"customer,omitempty"`
}

// LotTrace is where one lot of one product came from and went.
type LotTrace struct {
	GTIN       string                `json:"gtin"`
	Product    string                `json:"product,omitempty"`
	Lot        string                `json:"lot"`
	Record     *inventory.Lot        `json:"record,omitempty"` // the hub's lot record (status, expiry), if any
	Receipts   []Receipt             `json:"receipts"`
	Shipments  []Shipment            `json:"shipments"`
	Returns    []Shipment            `json:"returns"`
	Events     []Event               `json:"events"` // every event, in hub order
	Now        []Stock               `json:"now"`    // quantity on hand per location
	Shipped    int64                 `json:"shipped"`
	Exceptions []inventory.Exception `json:"exceptions,omitempty"`
}

// SerialTrace is the life of one serialised unit.
type SerialTrace struct {
	GTIN      string     `json:"gtin"`
	Product   string     `json:"product,omitempty"`
	Serial    string     `json:"serial"`
	Lot       string     `json:"lot,omitempty"`
	Status    string     `json:"status"`             // in_stock, picked, shipped, returned, scrapped, unknown
	Location  string     `json:"location,omitempty"` // where it is now, if in the building
	Receipts  []Receipt  `json:"receipts"`
	Shipments []Shipment `json:"shipments"`
	Returns   []Shipment `json:"returns"`
	Events    []Event    `json:"events"`
}

type docIndex struct {
	products  map[string]inventory.Product
	locations map[string]inventory.Location
	lots      map[string]inventory.Lot
	pos       map[string]inventory.PurchaseOrder
	sos       map[string]inventory.SalesOrder
	ras       map[string]inventory.ReturnAuth
}

func indexMaster(ctx context.Context, st Store) (*docIndex, error) {
	m, err := st.Master(ctx)
	if err != nil {
		return nil, err
	}
	ix := &docIndex{products: map[string]inventory.Product{}, locations: map[string]inventory.Location{}, lots: map[string]inventory.Lot{},
		pos: map[string]inventory.PurchaseOrder{}, sos: map[string]inventory.SalesOrder{}, ras: map[string]inventory.ReturnAuth{}}
	for _, p := range m.Products {
		ix.products[p.GTIN] = p
	}
	for _, l := range m.Locations {
		ix.locations[l.Code] = l
	}
	for _, l := range m.Lots {
		ix.lots[l.GTIN+"/"+l.Lot] = l
	}
	for _, d := range m.PurchaseOrders {
		ix.pos[d.ID] = d
	}
	for _, d := range m.SalesOrders {
		ix.sos[d.ID] = d
	}
	for _, d := range m.Returns {
		ix.ras[d.ID] = d
	}
	return ix, nil
}

func (ix *docIndex) receipt(e Event) Receipt {
	r := Receipt{Event: e, PO: e.Doc}
	if po, ok := ix.pos[e.Doc]; ok {
		r.Supplier = po.Supplier
	}
	return r
}

func (ix *docIndex) shipment(e Event) Shipment {
	s := Shipment{Event: e}
	s.Order, s.Customer = ix.party(e.Doc)
	return s
}

// party names the sales order and customer of a shipment's or return's
// document: a sales order, or a return authorisation (its order).
func (ix *docIndex) party(doc string) (order, customer string) {
	if so, ok := ix.sos[doc]; ok {
		return doc, so.Customer
	}
	if ra, ok := ix.ras[doc]; ok {
		if ra.SalesOrder != "" {
			return ra.SalesOrder, ra.Customer
		}
		return doc, ra.Customer
	}
	return doc, ""
}

// TraceLot traces a lot across every device; with gtin "" it returns one
// trace per product that has a lot of that name.
func TraceLot(ctx context.Context, st Store, gtin, lot string) ([]LotTrace, error) {
	evs, err := st.Events(ctx, EventFilter{GTIN: gtin, Lot: lot})
	if err != nil {
		return nil, err
	}
	ix, err := indexMaster(ctx, st)
	if err != nil {
		return nil, err
	}
	xs, err := st.Exceptions(ctx, ExceptionFilter{})
	if err != nil {
		return nil, err
	}
	byGTIN := map[string]*LotTrace{}
	var order []string
	get := func(g string) *LotTrace {
		if t, ok := byGTIN[g]; ok {
			return t
		}
		t := &LotTrace{GTIN: g, Lot: lot, Product: ix.products[g].Name, Receipts: []Receipt{}, Shipments: []Shipment{}, Returns: []Shipment{}, Events: []Event{}, Now: []Stock{}}
		if rec, ok := ix.lots[g+"/"+lot]; ok {
			t.Record = &rec
		}
		byGTIN[g] = t
		order = append(order, g)
		return t
	}
	// Lots the hub knows with no events yet still get a trace.
	for _, l := range ix.lots {
		if l.Lot == lot && (gtin == "" || l.GTIN == gtin) {
			get(l.GTIN)
		}
	}
	stock := map[string]*lotStock{}
	eventIDs := map[string]string{}
	for _, e := range evs {
		t := get(e.GTIN)
		t.Events = append(t.Events, e)
		eventIDs[e.ID] = e.GTIN
		if stock[e.GTIN] == nil {
			stock[e.GTIN] = &lotStock{qty: map[string]int64{}, units: map[string]inventory.Unit{}}
		}
		stock[e.GTIN].apply(e.Event)
		switch e.Kind {
		case inventory.KindReceive:
			t.Receipts = append(t.Receipts, ix.receipt(e))
		case inventory.KindShip:
			t.Shipments = append(t.Shipments, ix.shipment(e))
			t.Shipped += e.Qty
		case inventory.KindReturn:
			t.Returns = append(t.Returns, ix.shipment(e))
		}
	}
	for _, x := range xs {
		if g, ok := eventIDs[x.EventID]; ok {
			byGTIN[g].Exceptions = append(byGTIN[g].Exceptions, x)
		}
	}
	sort.Strings(order)
	out := make([]LotTrace, 0, len(order))
	for _, g := range order {
		t := byGTIN[g]
		var now map[string]int64
		if s := stock[g]; s != nil {
			now = s.qty
		}
		t.Now = ix.stockList(now)
		out = append(out, *t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("lot %s: no events and no lot record on the hub: %w", lot, ErrNotFound)
	}
	return out, nil
}

func (ix *docIndex) stockList(m map[string]int64) []Stock {
	out := []Stock{}
	for loc, q := range m {
		if q != 0 {
			out = append(out, Stock{Location: loc, Warehouse: ix.locations[loc].Warehouse, Qty: q})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Location < out[j].Location })
	return out
}

// lotStock is one product's lot as its events add up, by the rule the
// hub's projection follows (inventory.EffectOf): quantities per location,
// and where each serialised unit of the lot is.
type lotStock struct {
	qty   map[string]int64
	units map[string]inventory.Unit // by serial
}

// apply adds one event of the lot. The trace sees only the lot's events:
// a unit that came into the lot from another one starts here as unseen.
func (s *lotStock) apply(e inventory.Event) {
	var before inventory.Before
	if e.Serial != "" {
		before.Unit = s.units[e.Serial]
	} else if e.SetsStock() {
		before.Qty = s.qty[e.To]
	}
	eff, err := inventory.EffectOf(e, before)
	if err != nil {
		return // a kind this build does not know moves nothing
	}
	for _, c := range eff.Stock {
		s.qty[c.Location] += c.Delta
	}
	if e.Serial != "" {
		s.units[e.Serial] = eff.Unit
	}
}

// TraceSerial traces a serial number across every device; one trace per
// product that has a unit with that serial.
func TraceSerial(ctx context.Context, st Store, gtin, serial string) ([]SerialTrace, error) {
	evs, err := st.Events(ctx, EventFilter{GTIN: gtin, Serial: serial})
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, fmt.Errorf("serial %s: no events on the hub: %w", serial, ErrNotFound)
	}
	ix, err := indexMaster(ctx, st)
	if err != nil {
		return nil, err
	}
	byGTIN := map[string]*SerialTrace{}
	units := map[string]inventory.Unit{} // by GTIN, as the events add up
	var order []string
	for _, e := range evs {
		t, ok := byGTIN[e.GTIN]
		if !ok {
			t = &SerialTrace{GTIN: e.GTIN, Serial: serial, Product: ix.products[e.GTIN].Name, Status: "unknown",
				Receipts: []Receipt{}, Shipments: []Shipment{}, Returns: []Shipment{}, Events: []Event{}}
			byGTIN[e.GTIN] = t
			order = append(order, e.GTIN)
		}
		t.Events = append(t.Events, e)
		switch e.Kind {
		case inventory.KindReceive:
			t.Receipts = append(t.Receipts, ix.receipt(e))
		case inventory.KindShip:
			t.Shipments = append(t.Shipments, ix.shipment(e))
		case inventory.KindReturn:
			t.Returns = append(t.Returns, ix.shipment(e))
		}
		// Where the unit is now, by the rule the hub's projection follows.
		if eff, err := inventory.EffectOf(e.Event, inventory.Before{Unit: units[e.GTIN]}); err == nil {
			u := eff.Unit
			units[e.GTIN] = u
			t.Status, t.Location, t.Lot = string(u.Status), u.Location, u.Lot
		}
	}
	sort.Strings(order)
	out := make([]SerialTrace, 0, len(order))
	for _, g := range order {
		out = append(out, *byGTIN[g])
	}
	return out, nil
}

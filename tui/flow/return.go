package flow

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// Return: (return authorisation) → the returned unit, traced back to the
// order, shipment and lot it went out on → quantity → disposition
// (restock or quarantine) → location.

var dispositions = []Choice{
	{Key: "1", Label: "restock"},
	{Key: "2", Label: "quarantine"},
}

// returning is what Return keeps beyond the item in hand.
type returning struct {
	ra          string // return authorisation, when given
	disposition string // "restock" | "quarantine"
	traceDoc    string // sales order the unit went out on
	traceShip   string // when it went out (YYYY-MM-DD)
	lastTo      string // last destination, suggested again

	orders, orderDates []string // orders the lot went out on, to choose from
}

// startReturn asks for the returned unit, under the return authorisation
// the context presets, if any.
func startReturn(s *State, cat Catalog) Verdict {
	rt := &returning{}
	s.job, s.st = rt, stItem
	if id := s.ctx.ReturnAuth; id != "" {
		if _, err := cat.ReturnAuth(id); err != nil {
			return lookupErr(err, "return authorisation "+id)
		}
		rt.ra = id
	}
	return Verdict{}
}

func (rt *returning) clone() job {
	n := *rt
	n.orders = append([]string(nil), rt.orders...)
	n.orderDates = append([]string(nil), rt.orderDates...)
	return &n
}

// clearItem forgets the unit's trace and disposition; the RA stays.
func (rt *returning) clearItem() {
	rt.disposition = ""
	rt.traceDoc, rt.traceShip = "", ""
	rt.orders, rt.orderDates = nil, nil
}

func (rt *returning) step(s *State, cat Catalog, in Input) (Verdict, []inventory.Event) {
	switch s.st {
	case stItem:
		if in.Cmd != CmdNone {
			return errorf("Scan the returned UNIT"), nil
		}
		if !in.GS1 && in.GS1Err == nil {
			if ra, err := cat.ReturnAuth(text(in)); err == nil {
				rt.ra = ra.ID
				return okf("RA %s for order %s", ra.ID, ra.SalesOrder), nil
			}
		}
		r, v, got := readItem(s, cat, in, true)
		if !got {
			return v, nil
		}
		s.item, s.raw = r.prod, in.Raw
		s.lot, s.expiry = r.lot, r.expiry
		switch {
		case r.prod.Tracking == inventory.TrackSerial && r.serial == "":
			s.st = stSerial
			return okf("%s: scan the SERIAL", short(r.prod)), nil
		case r.prod.Tracking == inventory.TrackSerial:
			return rt.returnSerial(s, cat, in, r.serial, r.state)
		case r.prod.Tracking == inventory.TrackLot && s.lot == "":
			s.st = stLot
			return okf("%s: scan the LOT", short(r.prod)), nil
		}
		return rt.returnLot(s, cat, in, r.count)

	case stSerial:
		if in.Cmd != CmdNone {
			return errorf("Scan the SERIAL, or Esc"), nil
		}
		if _, ok, _ := asLocation(cat, in); ok {
			return errorf("Scan the SERIAL of %s first", short(s.item)), nil
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return rt.returnSerial(s, cat, in, serial, nil)

	case stLot:
		lot, exp, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		s.lot = lot
		if exp != "" {
			s.expiry = exp
		}
		return rt.returnLot(s, cat, in, in.Count)

	case stQty:
		n, _ := strconv.ParseInt(rt.qtySuggest(*s, cat), 10, 64)
		if in.Cmd != CmdEnter {
			var v Verdict
			if n, v = parseQty(in); v.Level == Error {
				return v, nil
			}
		}
		s.qty = n
		return rt.returnDisposition(s, cat, in, okf("Qty %d", n))

	case stOrder:
		pick, date := "", ""
		switch in.Cmd {
		case CmdEnter: // the operator does not know: recorded without one
		case CmdNone:
			t := text(in)
			for i, o := range rt.orders {
				if t == strconv.Itoa(i+1) || t == o {
					pick, date = o, rt.orderDates[i]
				}
			}
			if pick == "" {
				return errorf("Key 1-%d for the order, or Enter if not known", len(rt.orders)), nil
			}
		default:
			return errorf("Key 1-%d for the order, or Enter if not known", len(rt.orders)), nil
		}
		rt.traceDoc, rt.traceShip = pick, date
		rt.orders, rt.orderDates = nil, nil
		v := okf("Came back from %s", pick)
		if pick == "" {
			v = warnf("Order not known: the return names none")
		}
		count := s.qty
		s.qty = 0
		if count == 0 {
			s.st = stQty
			return v, nil
		}
		s.qty = count
		return rt.returnDisposition(s, cat, in, v)

	case stDisposition:
		if sug := rt.dispositionDefault(*s, cat, in); in.Cmd == CmdEnter && sug != "" {
			in = Input{Raw: sug, Keyed: true} // Enter takes the suggestion
		}
		for _, c := range dispositions {
			if in.Cmd == CmdNone && (text(in) == c.Key || text(in) == c.Label) {
				if v := rt.restockBlock(*s, cat, in, c.Label); v.Level == Error {
					return v, nil
				}
				rt.disposition = c.Label
				return rt.returnPlace(s, cat, in, okf("Disposition: %s", c.Label))
			}
		}
		return errorf("Key 1 restock or 2 quarantine"), nil

	case stTo:
		if in.Cmd == CmdEnter && rt.lastTo != "" {
			in = Input{Raw: rt.lastTo, Keyed: true} // Enter takes the suggestion
		}
		l, v := needLocation(cat, in, "return")
		if v.Level == Error {
			return v, nil
		}
		return rt.returnRecord(s, l)
	}
	return errorf("Nothing to do here: Esc"), nil
}

func (rt *returning) returnSerial(s *State, cat Catalog, in Input, serial string, st *inventory.SerialState) (Verdict, []inventory.Event) {
	if st == nil {
		got, known, v := serialKnown(cat, s.item.GTIN, serial)
		if v.Level == Error {
			return v, nil
		}
		if known {
			st = &got
		}
	}
	v := Verdict{Level: OK}
	if st != nil {
		switch st.Status {
		case inventory.SerialShipped:
		case inventory.SerialInStock, inventory.SerialPicked:
			return errorf("Serial %s is %s at %s, not with a customer", serial, statusWords(st.Status), st.Location), nil
		default:
			return errorf("Serial %s is already %s", serial, statusWords(st.Status)), nil
		}
		if s.lot == "" {
			s.lot = st.Lot
		}
	}
	s.serials, s.sraws = []string{serial}, []string{in.Raw}
	s.qty = 1
	line, lv := rt.raLine(*s, cat, serial)
	if lv.Level == Error {
		return lv, nil
	}
	s.line = line
	evs, err := cat.History(s.item.GTIN, "", serial, 0)
	if err != nil {
		return lookupErr(err, "history of "+serial), nil
	}
	shipped := false
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Kind == inventory.KindShip {
			rt.traceDoc, rt.traceShip, shipped = evs[i].Doc, evs[i].At.Format("2006-01-02"), true
			if s.lot == "" {
				s.lot = evs[i].Lot
			}
			v = okf("Serial %s shipped %s on %s", serial, evs[i].At.Format("2006-01-02"), evs[i].Doc)
			break
		}
	}
	if !shipped {
		v = warnf("No shipment of serial %s on record", serial)
	}
	if so, rv := rt.raOrder(*s, cat); rv.Level == Error {
		return rv, nil
	} else if shipped && so != "" && so != rt.traceDoc {
		v = warnf("Serial %s went out on %s, not on %s", serial, rt.traceDoc, so)
	}
	return rt.returnDisposition(s, cat, in, v)
}

func (rt *returning) returnLot(s *State, cat Catalog, in Input, count int64) (Verdict, []inventory.Event) {
	line, lv := rt.raLine(*s, cat, "")
	if lv.Level == Error {
		return lv, nil
	}
	s.line = line
	// orders the lot went out on, in ledger order, and the date of each
	// order's last shipment of it: a date shown is always its own order's.
	var orders []string
	shipDate := map[string]string{}
	known := false // this terminal has a history or stock of the lot
	if s.lot != "" {
		evs, err := cat.History(s.item.GTIN, s.lot, "", 0)
		if err != nil {
			return lookupErr(err, "history of lot "+s.lot), nil
		}
		known = len(evs) > 0
		if !known {
			// In stock here without a receipt in this ledger (another
			// terminal's, or counted in): the site holds it, so a return
			// with no shipment on record is worth a warning.
			rows, err := cat.Stock(StockFilter{GTIN: s.item.GTIN, Lot: s.lot})
			if err != nil {
				return lookupErr(err, "stock of lot "+s.lot), nil
			}
			known = len(rows) > 0
		}
		for _, e := range evs {
			if e.Kind == inventory.KindShip && e.Doc != "" {
				if !slices.Contains(orders, e.Doc) {
					orders = append(orders, e.Doc)
				}
				shipDate[e.Doc] = e.At.Format("2006-01-02")
			}
		}
	}
	so, rv := rt.raOrder(*s, cat)
	if rv.Level == Error {
		return rv, nil
	}
	v := okf("%s", itemText(s.item, s.lot))
	switch {
	case s.lot == "":
		// Nothing to trace by: the RA's order is shown as the RA's word.
	case so != "" && slices.Contains(orders, so):
		rt.traceDoc, rt.traceShip = so, shipDate[so]
		v = okf("Lot %s went out on %s", s.lot, so)
	case len(orders) == 1:
		rt.traceDoc, rt.traceShip = orders[0], shipDate[orders[0]]
		v = okf("Lot %s went out on %s", s.lot, orders[0])
		if so != "" {
			v = warnf("Lot %s went out on %s, not on %s (the RA's order)", s.lot, orders[0], so)
		}
	case len(orders) > 1:
		v = okf("Lot %s went out on %d orders", s.lot, len(orders))
		if so != "" {
			v = warnf("Lot %s went out on %s, not on %s (the RA's order)", s.lot, strings.Join(orders, ", "), so)
			break
		}
		if !s.ctx.Unattended {
			// Without an RA the operator says which order it came back
			// from (the latest nine), so the return is traced to it.
			if len(orders) > 9 {
				orders = orders[len(orders)-9:]
			}
			rt.orders = orders
			rt.orderDates = make([]string, len(orders))
			for i, o := range orders {
				rt.orderDates[i] = shipDate[o]
			}
			s.qty = count
			s.st = stOrder
			return okf("Lot %s went out on %d orders: which one?", s.lot, len(orders)), nil
		}
	case so != "" && !known && rt.raNamesLot(cat, s.item.GTIN, s.lot):
		// Nothing of the lot here (it went out before this terminal's
		// records, or from another terminal): the RA is the order's word.
		v = okf("Lot %s is on %s, from %s", s.lot, rt.ra, so)
	case so != "":
		v = warnf("No shipment of lot %s on record here; the RA names %s", s.lot, so)
	default:
		v = warnf("No shipment of lot %s on record", s.lot)
	}
	if count == 0 && s.ctx.Unattended {
		count = 1
	}
	if count == 0 {
		s.st = stQty
		return v, nil
	}
	s.qty = count
	return rt.returnDisposition(s, cat, in, v)
}

// dispositionDefault is the disposition Enter takes: quarantine ("2")
// when the lot may not be restocked, none otherwise (a person decides).
func (rt *returning) dispositionDefault(s State, cat Catalog, in Input) string {
	if rt.restockBlock(s, cat, in, "restock").Level == Error {
		return "2"
	}
	return ""
}

// restockBlock refuses to put a recalled, quarantined or expired lot back
// on the shelf.
func (rt *returning) restockBlock(s State, cat Catalog, in Input, disposition string) Verdict {
	if disposition != "restock" {
		return Verdict{}
	}
	if v := lotBlock(cat, s.item.GTIN, s.lot, s.expiry, s.today(in)); v.Level == Error {
		why := strings.TrimSuffix(v.Reason, ": do not pick or ship")
		if s.ctx.Unattended {
			return errorf("Cannot restock: %s. Return it at a quarantine location (station --location)", why)
		}
		return errorf("Cannot restock: %s. Quarantine it (2)", why)
	}
	return Verdict{}
}

func (rt *returning) returnDisposition(s *State, cat Catalog, in Input, v Verdict) (Verdict, []inventory.Event) {
	ov := rt.raOver(*s, cat)
	if ov.Level == Error {
		return ov, nil
	}
	v = worse(v, ov)
	if !s.ctx.Unattended {
		s.st = stDisposition
		return v, nil
	}
	// A station decides by where it books returns.
	rt.disposition = "restock"
	if l, err := cat.Location(s.ctx.Location); err == nil && l.Kind == inventory.LocQuarantine {
		rt.disposition = "quarantine"
	}
	if bv := rt.restockBlock(*s, cat, in, rt.disposition); bv.Level == Error {
		return bv, nil
	}
	return rt.returnPlace(s, cat, in, v)
}

func (rt *returning) returnPlace(s *State, cat Catalog, in Input, v Verdict) (Verdict, []inventory.Event) {
	if s.ctx.Location != "" {
		l, err := cat.Location(s.ctx.Location)
		if err != nil {
			return lookupErr(err, "location "+s.ctx.Location), nil
		}
		rv, acts := rt.returnRecord(s, l)
		return worse(rv, v), acts
	}
	s.st = stTo
	return v, nil
}

func (rt *returning) returnRecord(s *State, l inventory.Location) (Verdict, []inventory.Event) {
	if rt.disposition == "quarantine" && l.Kind != inventory.LocQuarantine {
		return errorf("%s is a %s: quarantine returns go to a quarantine location", l.Code, l.Kind), nil
	}
	if rt.disposition == "restock" && l.Kind == inventory.LocQuarantine && !s.ctx.Unattended {
		// Restocked stock must be pickable; Esc and choose 2 to keep it apart.
		return errorf("%s is a quarantine location: a restocked return goes to a bin (Esc, then 2 to quarantine it)", l.Code), nil
	}
	doc := rt.ra
	if doc == "" {
		doc = rt.traceDoc
	}
	e := inventory.Event{
		Operator: s.ctx.Operator, Kind: inventory.KindReturn, GTIN: s.item.GTIN, Lot: s.lot,
		Expiry: s.expiry, Qty: s.qty, To: l.Code, Doc: doc, DocLine: s.line,
		Note: rt.disposition, Raw: s.raw,
	}
	if len(s.serials) > 0 {
		e.Serial, e.Raw = s.serials[0], s.sraws[0]
	}
	v := okf("Returned %d × %s → %s (%s)", e.Qty, short(s.item), l.Code, rt.disposition)
	rt.lastTo = l.Code
	s.clearItem()
	s.st = stItem
	return v, []inventory.Event{e}
}

// qtySuggest is the quantity Enter takes: what the RA line still
// authorises, else 1.
func (rt *returning) qtySuggest(s State, cat Catalog) string {
	if rt.ra == "" || s.line == 0 {
		return "1"
	}
	ra, err := cat.ReturnAuth(rt.ra)
	if err != nil {
		return "1"
	}
	for _, l := range ra.Lines {
		if l.Line != s.line {
			continue
		}
		done, known, v := returnedOn(cat, ra.ID, l)
		if v.Level != Error && known && l.Qty-done > 1 {
			return strconv.FormatInt(l.Qty-done, 10)
		}
	}
	return "1"
}

func (rt *returning) prompt(s State, cat Catalog) Prompt {
	var p Prompt
	if rt.ra != "" {
		p.Info = append(p.Info, "RA "+rt.ra)
		if s.item.GTIN == "" {
			p.Info = append(p.Info, raLines(cat, rt.ra)...)
		}
	}
	if s.item.GTIN != "" {
		p.Info = append(p.Info, short(s.item)+" "+s.item.Name)
		if len(s.serials) > 0 {
			p.Info = append(p.Info, "Serial "+s.serials[0])
		}
		if t := lotText(s.lot, s.expiry); t != "" {
			p.Info = append(p.Info, t)
		}
		if so, _ := rt.raOrder(s, cat); so != "" && so != rt.traceDoc {
			// The RA names an order the ledger does not show this unit
			// leaving on: say so apart from the shipment that is known.
			p.Info = append(p.Info, "RA order "+so)
		}
		if rt.traceDoc != "" {
			p.Info = append(p.Info, "Went out on "+rt.traceDoc)
		}
		if rt.traceShip != "" {
			p.Info = append(p.Info, "Shipped "+rt.traceShip)
		}
		if s.lot != "" {
			if l, ok := knownLot(cat, s.item.GTIN, s.lot); ok && l.Status != inventory.LotReleased {
				p.Info = append(p.Info, fmt.Sprintf("LOT %s IS %s", s.lot, upper(string(l.Status))))
				p.Alert = true
			}
		}
	}
	switch s.st {
	case stItem:
		p.Want, p.Text, p.Why = WantItem, "Scan returned UNIT", "or the RA number"
		if rt.ra != "" {
			p.Why = "what came back on " + rt.ra
		}
	case stSerial:
		p.Want, p.Text, p.Why = WantSerial, "Scan SERIAL", "to trace its shipment"
	case stLot:
		p.Want, p.Text, p.Why = WantLot, "Scan LOT", "to trace its shipment"
	case stQty:
		p.Want, p.Text, p.Why, p.Suggest = WantQty, "Key QTY", "how many came back", rt.qtySuggest(s, cat)
	case stDisposition:
		p.Want, p.Text, p.Why = WantChoice, "Restock or quarantine?", "what happens to it"
		p.Choices = append([]Choice(nil), dispositions...)
		if p.Suggest = rt.dispositionDefault(s, cat, Input{}); p.Suggest != "" {
			p.Why = "cannot restock: Enter = 2"
		}
	case stOrder:
		p.Want, p.Text, p.Why = WantChoice, "Which order?", "Enter: not known"
		for i, o := range rt.orders {
			label := o
			if so, err := cat.SalesOrder(o); err == nil && so.Customer != "" {
				label += " " + so.Customer
			}
			if d := rt.orderDates[i]; len(d) == 10 {
				label += " " + d[5:]
			}
			p.Choices = append(p.Choices, Choice{Key: strconv.Itoa(i + 1), Label: label})
		}
	case stTo:
		p.Want, p.Text, p.Why, p.Suggest = WantLocation, "Scan LOCATION", "where it goes ("+rt.disposition+")", rt.lastTo
	}
	return p
}

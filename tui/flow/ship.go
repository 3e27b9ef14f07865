package flow

import (
	"errors"
	"fmt"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// Ship: sales order (or its pick list) → each picked unit: serials one by
// one, lots with their quantity; every unit checked against the order and
// against lot status (a recall after picking still stops it).

// shipping is what Ship keeps beyond the item in hand.
type shipping struct {
	doc  string // the sales order; "" at a pack station shipping each unit on the order it was picked for
	from string // where the picked stock waits
}

// startShip asks for the order, or opens the one the context presets.
func startShip(s *State, cat Catalog) Verdict {
	sh := &shipping{}
	s.job, s.st = sh, stDoc
	switch {
	case s.ctx.SalesOrder != "":
		return sh.openShip(s, cat, s.ctx.SalesOrder)
	case s.ctx.PickList != "":
		return sh.openShip(s, cat, s.ctx.PickList)
	case s.ctx.Unattended:
		// A pack station without an order ships each unit against
		// the order it was picked for.
		s.st = stItem
	}
	return Verdict{}
}

func (sh *shipping) clone() job    { n := *sh; return &n }
func (sh *shipping) docID() string { return sh.doc }
func (sh *shipping) clearItem()    {}

// leave closes a shipped order: the next one is asked for (a pack
// station goes on taking units).
func (sh *shipping) leave(s *State) bool {
	s.clearItem()
	sh.doc, sh.from = "", ""
	s.st = stDoc
	if s.ctx.Unattended {
		s.st = stItem
	}
	return true
}

func (sh *shipping) openShip(s *State, cat Catalog, id string) Verdict {
	so, err := cat.SalesOrder(id)
	if errors.Is(err, ErrNotFound) {
		pl, perr := cat.PickList(id)
		if perr != nil {
			return lookupErr(err, "sales order or pick list "+id)
		}
		so, err = cat.SalesOrder(pl.SalesOrder)
		if err != nil {
			return lookupErr(err, "sales order "+pl.SalesOrder+" of pick list "+id)
		}
	} else if err != nil {
		return lookupErr(err, "sales order "+id)
	}
	if so.Status == inventory.DocClosed {
		return errorf("Order %s is closed", so.ID)
	}
	sh.doc = so.ID
	s.clearItem()
	sh.from = s.ctx.Location
	s.st = stItem
	return okf("Order %s for %s", so.ID, so.Customer)
}

// complete reports whether every line of the order is shipped.
func (sh *shipping) complete(s State, cat Catalog) bool {
	if sh.doc == "" {
		return false
	}
	so, err := cat.SalesOrder(sh.doc)
	if err != nil {
		return false
	}
	got, err := progress(cat.Shipped, sh.doc, s.fresh)
	if err != nil {
		return false
	}
	for _, l := range so.Lines {
		if got[l.Line] < l.Qty {
			return false
		}
	}
	return true
}

// soLine is the first order line for gtin with units left to ship, and
// how many units of gtin the whole order still wants: an order may name a
// product on several lines, and a shipment is spread over them.
func (sh *shipping) soLine(s State, cat Catalog, gtin string) (inventory.SOLine, int64, Verdict) {
	open, v := sh.soOpen(s, cat, gtin)
	if v.Level == Error {
		return inventory.SOLine{}, 0, v
	}
	var total int64
	for _, l := range open {
		total += l.Qty
	}
	return open[0], total, Verdict{}
}

// soOpen lists the order's lines for gtin that still want units, in order,
// each with Qty set to what it still wants.
func (sh *shipping) soOpen(s State, cat Catalog, gtin string) ([]inventory.SOLine, Verdict) {
	so, err := cat.SalesOrder(sh.doc)
	if err != nil {
		return nil, lookupErr(err, "sales order "+sh.doc)
	}
	got, err := progress(cat.Shipped, sh.doc, s.fresh)
	if err != nil {
		return nil, lookupErr(err, "shipments of "+sh.doc)
	}
	var (
		open    []inventory.SOLine
		ordered int64
	)
	for _, l := range so.Lines {
		if l.GTIN != gtin {
			continue
		}
		ordered += l.Qty
		if rem := l.Qty - got[l.Line]; rem > 0 {
			l.Qty = rem
			open = append(open, l)
		}
	}
	switch {
	case len(open) > 0:
		return open, Verdict{}
	case ordered > 0:
		return nil, errorf("All %d ordered on %s are already shipped", ordered, sh.doc)
	}
	return nil, errorf("This item is not on order %s", sh.doc)
}

func (sh *shipping) step(s *State, cat Catalog, in Input) (Verdict, []inventory.Event) {
	switch s.st {
	case stDoc:
		if in.Cmd != CmdNone {
			return errorf("Scan or key the ORDER or pick list"), nil
		}
		if in.GTIN != "" {
			return errorf("That is an item: scan the ORDER first"), nil
		}
		return sh.openShip(s, cat, text(in)), nil

	case stItem:
		if in.Cmd != CmdNone {
			return errorf("Scan a picked UNIT"), nil
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			sh.from = l.Code
			return okf("Shipping from %s", l.Code), nil
		}
		r, v, got := readItem(s, cat, in, true)
		if !got {
			return v, nil
		}
		s.item, s.raw = r.prod, in.Raw
		switch r.prod.Tracking {
		case inventory.TrackSerial:
			if r.serial == "" {
				s.st = stSerial
				return okf("%s: scan the SERIAL", short(r.prod)), nil
			}
			return sh.shipSerial(s, cat, in, r.serial, r.state)
		case inventory.TrackLot:
			if r.lot == "" {
				s.st = stLot
				return okf("%s: scan the LOT", short(r.prod)), nil
			}
			return sh.shipLot(s, cat, in, r.lot, r.expiry, r.count)
		}
		return sh.shipLot(s, cat, in, "", r.expiry, r.count)

	case stSerial:
		if in.Cmd == CmdEnter {
			s.clearItem()
			s.st = stItem
			return okf("Scan the next UNIT"), nil
		}
		if _, ok, _ := asLocation(cat, in); ok {
			return errorf("Scan a SERIAL of %s", short(s.item)), nil
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return sh.shipSerial(s, cat, in, serial, nil)

	case stLot:
		lot, exp, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		return sh.shipLot(s, cat, in, lot, exp, in.Count)

	case stFrom:
		l, v := needLocation(cat, in, "FROM")
		if v.Level == Error {
			return v, nil
		}
		sh.from = l.Code
		return sh.shipLot(s, cat, in, s.lot, s.expiry, 0)

	case stQty:
		_, rem, v := sh.soLine(*s, cat, s.item.GTIN)
		if v.Level == Error {
			return v, nil
		}
		avail, v := stockAt(cat, sh.from, s.item.GTIN, s.lot)
		if v.Level == Error {
			return v, nil
		}
		var n int64
		if in.Cmd == CmdEnter {
			n = min(rem, avail)
		} else if n, v = parseQty(in); v.Level == Error {
			return v, nil
		}
		return sh.shipQty(s, cat, n, rem, avail)
	}
	return errorf("Nothing to do here: Esc"), nil
}

// orderOf finds the order a picked serial belongs to (its last pick).
func orderOf(cat Catalog, gtin, serial string) (string, Verdict) {
	evs, err := cat.History(gtin, "", serial, 0)
	if err != nil {
		return "", lookupErr(err, "history of "+serial)
	}
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Kind != inventory.KindPick || evs[i].Doc == "" {
			continue
		}
		pl, err := cat.PickList(evs[i].Doc)
		if err != nil {
			return "", lookupErr(err, "pick list "+evs[i].Doc)
		}
		return pl.SalesOrder, Verdict{}
	}
	return "", errorf("No order known for serial %s: start with an order", serial)
}

func (sh *shipping) shipSerial(s *State, cat Catalog, in Input, serial string, st *inventory.SerialState) (Verdict, []inventory.Event) {
	if st == nil {
		got, known, v := serialKnown(cat, s.item.GTIN, serial)
		if v.Level == Error {
			return v, nil
		}
		if !known {
			return errorf("Serial %s is not on record: was it picked?", serial), nil
		}
		st = &got
	}
	switch st.Status {
	case inventory.SerialPicked:
	case inventory.SerialInStock:
		return errorf("Serial %s was not picked (in stock at %s): pick it first, or scan a picked unit", serial, st.Location), nil
	case inventory.SerialShipped:
		return errorf("Serial %s has already shipped", serial), nil
	default:
		return errorf("Serial %s is %s: cannot ship", serial, statusWords(st.Status)), nil
	}
	if v := lotBlock(cat, s.item.GTIN, st.Lot, "", s.today(in)); v.Level == Error {
		return shipInstead(v), nil
	}
	auto := sh.doc == ""
	if auto {
		so, v := orderOf(cat, s.item.GTIN, serial)
		if v.Level == Error {
			return v, nil
		}
		sh.doc = so
	}
	if v := shelfLifeBlock(*s, cat, in, sh.doc, st.Lot, "", ""); v.Level == Error {
		return v, nil
	}
	line, rem, v := sh.soLine(*s, cat, s.item.GTIN)
	if v.Level == Error {
		return v, nil
	}
	e := inventory.Event{
		Operator: s.ctx.Operator, Kind: inventory.KindShip, GTIN: s.item.GTIN, Lot: st.Lot,
		Serial: serial, Qty: 1, From: st.Location, Doc: sh.doc, DocLine: line.Line, Raw: in.Raw,
	}
	v = okf("Shipped %s on %s (%d left)", serial, sh.doc, rem-1)
	item := s.item
	s.clearItem()
	if auto {
		sh.doc = ""
	}
	if s.st == stSerial && rem > 1 {
		s.item = item // more units of this product: stay on serials
	} else {
		s.st = stItem
	}
	return v, []inventory.Event{e}
}

func (sh *shipping) shipLot(s *State, cat Catalog, in Input, lot, expiry string, count int64) (Verdict, []inventory.Event) {
	if sh.doc == "" {
		return errorf("Lot items need an order: start the station with one"), nil
	}
	if v := lotBlock(cat, s.item.GTIN, lot, expiry, s.today(in)); v.Level == Error {
		return shipInstead(v), nil
	}
	if v := shelfLifeBlock(*s, cat, in, sh.doc, lot, expiry, ""); v.Level == Error {
		return v, nil
	}
	sl, rem, v := sh.soLine(*s, cat, s.item.GTIN)
	if v.Level == Error {
		return v, nil
	}
	s.lot, s.expiry, s.line = lot, expiry, sl.Line
	if sh.from == "" {
		// Picked stock waits outside the bins (staging, dock).
		rows, hv := holders(cat, s.item.GTIN, lot)
		if hv.Level == Error {
			return hv, nil
		}
		var staged []string
		for _, r := range rows {
			if l, err := cat.Location(r.Location); err == nil && l.Kind != inventory.LocBin && l.Kind != inventory.LocQuarantine {
				staged = append(staged, r.Location)
			}
		}
		switch len(staged) {
		case 0:
			return errorf("No picked %s waits outside the bins: scan the location to ship it from", itemText(s.item, lot)), nil
		case 1:
			sh.from = staged[0]
		default:
			s.st = stFrom
			return okf("In %d places: scan the FROM location", len(staged)), nil
		}
	}
	avail, av := stockAt(cat, sh.from, s.item.GTIN, lot)
	if av.Level == Error {
		return av, nil
	}
	if avail <= 0 {
		return errorf("No %s at %s%s", itemText(s.item, lot), sh.from, elsewhere(cat, s.item.GTIN, lot, sh.from)), nil
	}
	if count == 0 && s.ctx.Unattended {
		count = 1
	}
	if count == 0 {
		s.st = stQty
		return okf("%s", itemText(s.item, lot)), nil
	}
	return sh.shipQty(s, cat, count, rem, avail)
}

// shipQty ships n units of the current lot, spread over the order's open
// lines of the product in line order (one event per line touched); rem is
// what those lines still want together.
func (sh *shipping) shipQty(s *State, cat Catalog, n, rem, avail int64) (Verdict, []inventory.Event) {
	if n <= 0 {
		return errorf("Nothing left to ship here"), nil
	}
	if n > rem {
		return errorf("Order %s needs only %d more", sh.doc, rem), nil
	}
	if n > avail {
		return errorf("Only %d at %s", avail, sh.from), nil
	}
	open, v := sh.soOpen(*s, cat, s.item.GTIN)
	if v.Level == Error {
		return v, nil
	}
	var acts []inventory.Event
	for left := n; left > 0 && len(open) > 0; open = open[1:] {
		q := min(left, open[0].Qty)
		acts = append(acts, inventory.Event{
			Operator: s.ctx.Operator, Kind: inventory.KindShip, GTIN: s.item.GTIN, Lot: s.lot,
			Expiry: s.expiry, Qty: q, From: sh.from, Doc: sh.doc, DocLine: open[0].Line, Raw: s.raw,
		})
		left -= q
	}
	v = okf("Shipped %d × %s on %s", n, short(s.item), sh.doc)
	s.clearItem()
	if s.ctx.Location != "" {
		sh.from = s.ctx.Location
	}
	s.st = stItem
	return v, acts
}

func (sh *shipping) prompt(s State, cat Catalog) Prompt {
	var p Prompt
	if s.st == stDoc {
		return Prompt{Want: WantDoc, Text: "Scan ORDER", Why: "sales order or pick list"}
	}
	if sh.doc != "" {
		so, err := cat.SalesOrder(sh.doc)
		got, gerr := progress(cat.Shipped, sh.doc, s.fresh)
		if err == nil && gerr == nil {
			var want, done int64
			for _, l := range so.Lines {
				want += l.Qty
				done += min(got[l.Line], l.Qty)
			}
			p.Info = append(p.Info, fmt.Sprintf("%s: %d of %d shipped", so.ID, done, want))
			if so.Customer != "" {
				p.Info = append(p.Info, so.Customer)
			}
		}
	} else {
		p.Info = append(p.Info, "Order from each unit's pick")
	}
	if sh.from != "" {
		p.Info = append(p.Info, "From "+sh.from)
	}
	if s.item.GTIN != "" {
		p.Info = append(p.Info, short(s.item)+" "+s.item.Name)
	}
	switch s.st {
	case stItem:
		p.Want, p.Text, p.Why = WantItem, "Scan UNIT", "each picked unit"
	case stSerial:
		p.Want, p.Text, p.Why = WantSerial, "Scan SERIAL", "one scan per unit"
	case stLot:
		p.Want, p.Text, p.Why = WantLot, "Scan LOT", short(s.item)+" is lot-tracked"
	case stFrom:
		p.Want, p.Text, p.Why = WantLocation, "Scan FROM location", "where the picked lot waits"
	case stQty:
		p.Want, p.Text, p.Why = WantQty, "Key QTY", "how many go out"
		if _, rem, v := sh.soLine(s, cat, s.item.GTIN); v.Level != Error {
			avail, _ := stockAt(cat, sh.from, s.item.GTIN, s.lot)
			p.Suggest = fmt.Sprint(min(rem, avail))
			p.Why = fmt.Sprintf("%d ordered, Enter = %s", rem, p.Suggest)
		}
	}
	return p
}

// shipInstead turns the refusal of a blocked lot into the next step: it
// stays out of the shipment and a supervisor decides.
func shipInstead(v Verdict) Verdict {
	v.Reason = strings.TrimSuffix(v.Reason, ": do not pick or ship") + ": keep it out of the box, tell a supervisor"
	return v
}

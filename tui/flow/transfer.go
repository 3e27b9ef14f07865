package flow

import (
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// Put-away: item/lot or SSCC → (from, when the lot is in several places)
// → quantity or serials → destination, suggesting where the lot already is.
// Move: from → items (lot and quantity, or serials) → destination, also
// into another warehouse.

// unit is one collected line waiting for its destination: a quantity of a
// product and lot, or one serial.
type unit struct {
	GTIN, Lot, Expiry, Serial, From, Raw string
	SSCC                                 string // the pallet label it moves under
	Qty                                  int64
}

// transferring is what Put-away and Move keep beyond the item in hand.
type transferring struct {
	from   string // where the current item is taken from
	units  []unit // collected, not yet recorded
	lastTo string // last destination, suggested again
}

// startTransfer asks for an item (put-away) or the from-location (move).
func startTransfer(s *State) {
	s.job = &transferring{}
	s.st = stItem
	if s.wf == Move {
		s.st = stFrom
	}
}

func (tr *transferring) clone() job {
	n := *tr
	n.units = append([]unit(nil), tr.units...)
	return &n
}

// clearItem keeps the collected units: they wait for their destination.
func (tr *transferring) clearItem() {}

// transferKind is the event a put-away or move records.
func transferKind(wf Workflow) inventory.EventKind {
	if wf == Putaway {
		return inventory.KindPutaway
	}
	return inventory.KindMove
}

func (tr *transferring) step(s *State, cat Catalog, in Input) (Verdict, []inventory.Event) {
	switch s.st {
	case stFrom:
		if in.Cmd == CmdEnter && s.wf == Putaway {
			if sug := fromSuggest(cat, s.item.GTIN, s.lot, "", tr.units); sug != "" {
				in = Input{Raw: sug, Keyed: true} // Enter takes the suggestion
			}
		}
		if s.wf == Move && in.Cmd == CmdNone && (in.GTIN != "" || in.SSCC != "") {
			return errorf("Scan the FROM location first"), nil
		}
		l, v := needLocation(cat, in, "FROM")
		if v.Level == Error {
			return v, nil
		}
		tr.from = l.Code
		if s.wf == Move {
			s.st = stItem
			return okf("From %s", l.Code), nil
		}
		return tr.advance(s, cat, in, okf("From %s", l.Code), 0)

	case stItem:
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if len(tr.units) == 0 {
				if s.wf == Move {
					return errorf("Scan an ITEM to move from %s first", tr.from), nil
				}
				return errorf("That is location %s: scan the ITEM first", l.Code), nil
			}
			return tr.record(s, cat, l)
		}
		if in.Cmd == CmdEnter && len(tr.units) > 0 {
			s.st = stTo
			return okf("%s: scan the TO location", plural(len(tr.units), "line")), nil
		}
		if in.SSCC != "" && in.GTIN == "" && in.Cmd == CmdNone {
			if v, acts, ok := tr.takePallet(s, cat, in); ok {
				return v, acts
			}
		}
		r, v, got := readItem(s, cat, in, true)
		if !got {
			return v, nil
		}
		s.clearItem()
		s.item, s.raw, s.sscc, s.lot = r.prod, in.Raw, r.sscc, r.lot
		if r.prod.Tracking == inventory.TrackSerial {
			if r.serial == "" {
				s.st = stSerial
				return okf("%s: scan the SERIAL", short(r.prod)), nil
			}
			return tr.takeSerial(s, cat, r.serial, in.Raw, r.state)
		}
		if r.prod.Tracking == inventory.TrackLot && s.lot == "" {
			s.st = stLot
			return okf("%s: scan the LOT", short(r.prod)), nil
		}
		if s.wf == Putaway {
			tr.from = ""
		}
		return tr.advance(s, cat, in, okf("%s", itemText(r.prod, s.lot)), r.count)

	case stLot:
		lot, _, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		s.lot = lot
		if s.wf == Putaway {
			tr.from = ""
		}
		return tr.advance(s, cat, in, okf("Lot %s", lot), in.Count)

	case stQty:
		avail, v := tr.available(*s, cat)
		if v.Level == Error {
			return v, nil
		}
		var n int64
		if in.Cmd == CmdEnter {
			if avail <= 0 {
				return errorf("No stock left here: Esc"), nil
			}
			n = avail
		} else {
			if _, ok, _ := asLocation(cat, in); ok {
				return errorf("Key the QUANTITY first"), nil
			}
			if n, v = parseQty(in); v.Level == Error {
				return v, nil
			}
		}
		return tr.takeQty(s, cat, n, avail)

	case stSerial:
		if in.Cmd == CmdEnter {
			s.clearItem()
			if s.wf == Putaway {
				if len(tr.units) == 0 {
					return errorf("Scan a SERIAL, or Esc"), nil
				}
				s.st = stTo
				return okf("Scan the TO location"), nil
			}
			s.st = stItem
			return okf("Scan the next ITEM or the TO location"), nil
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if len(tr.units) == 0 {
				return errorf("Scan a SERIAL first"), nil
			}
			return tr.record(s, cat, l)
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return tr.takeSerial(s, cat, serial, in.Raw, nil)

	case stTo:
		if in.Cmd == CmdEnter {
			if sug := tr.suggestTo(*s, cat); sug != "" {
				l, err := cat.Location(sug)
				if err != nil {
					return lookupErr(err, "location "+sug), nil
				}
				return tr.record(s, cat, l)
			}
		}
		l, v := needLocation(cat, in, "TO")
		if v.Level == Error {
			return v, nil
		}
		return tr.record(s, cat, l)
	}
	return errorf("Nothing to do here: Esc"), nil
}

// advance finds the from-location (put-away) and the quantity of
// the current lot or untracked item.
func (tr *transferring) advance(s *State, cat Catalog, in Input, v Verdict, count int64) (Verdict, []inventory.Event) {
	if tr.from == "" {
		rows, hv := holders(cat, s.item.GTIN, s.lot)
		if hv.Level == Error {
			return hv, nil
		}
		rows = minusCollected(rows, tr.units)
		switch len(rows) {
		case 0:
			return errorf("No stock of %s on record", itemText(s.item, s.lot)), nil
		case 1:
			tr.from = rows[0].Location
		default:
			var staged []string
			for _, r := range rows {
				if l, err := cat.Location(r.Location); err == nil && l.Kind != inventory.LocBin {
					staged = append(staged, r.Location)
				}
			}
			if len(staged) != 1 {
				s.st = stFrom
				return worse(v, okf("In %d places: scan the FROM location", len(rows))), nil
			}
			tr.from = staged[0]
		}
	}
	avail, av := tr.available(*s, cat)
	if av.Level == Error {
		return av, nil
	}
	if avail <= 0 {
		return errorf("No %s at %s%s", itemText(s.item, s.lot), tr.from, elsewhere(cat, s.item.GTIN, s.lot, tr.from)), nil
	}
	if count == 0 && s.ctx.Unattended {
		count = 1
	}
	if count == 0 {
		s.st = stQty
		return v, nil
	}
	qv, acts := tr.takeQty(s, cat, count, avail)
	return alongside(qv, v), acts
}

// available is the stock of the current item and lot at from, less what
// this move already collected.
func (tr *transferring) available(s State, cat Catalog) (int64, Verdict) {
	n, v := stockAt(cat, tr.from, s.item.GTIN, s.lot)
	for _, u := range tr.units {
		if u.GTIN == s.item.GTIN && u.Lot == s.lot && u.From == tr.from {
			n -= u.Qty
		}
	}
	return n, v
}

func (tr *transferring) takeQty(s *State, cat Catalog, n, avail int64) (Verdict, []inventory.Event) {
	if n > avail {
		return errorf("Only %d of %s at %s", avail, itemText(s.item, s.lot), tr.from), nil
	}
	tr.units = append(tr.units, unit{GTIN: s.item.GTIN, Lot: s.lot, From: tr.from, Qty: n, Raw: s.raw, SSCC: s.sscc})
	v := okf("%d × %s", n, itemText(s.item, s.lot))
	if st, held := lotHeld(cat, s.item.GTIN, s.lot, s.expiry, s.day()); held && !tr.toQuarantine(*s, cat) {
		v = warnf("%d × %s: lot is %s, put it in a quarantine location", n, itemText(s.item, s.lot), st)
	}
	return tr.unitDone(s, cat, v)
}

// takeSerial takes one serialised unit; st is its state when the scan
// already found it.
func (tr *transferring) takeSerial(s *State, cat Catalog, serial, raw string, st *inventory.SerialState) (Verdict, []inventory.Event) {
	for _, u := range tr.units {
		if u.Serial == serial && u.GTIN == s.item.GTIN {
			return errorf("Serial %s already scanned", serial), nil
		}
	}
	if st == nil {
		got, known, v := serialKnown(cat, s.item.GTIN, serial)
		if v.Level == Error {
			return v, nil
		}
		if !known {
			return errorf("Serial %s is not in stock on record", serial), nil
		}
		st = &got
	}
	if st.Status != inventory.SerialInStock {
		return errorf("Serial %s is %s, not in stock", serial, statusWords(st.Status)), nil
	}
	if s.wf == Move && st.Location != tr.from {
		return errorf("Serial %s is at %s, not %s", serial, st.Location, tr.from), nil
	}
	s.st = stSerial
	tr.units = append(tr.units, unit{GTIN: s.item.GTIN, Lot: st.Lot, Serial: serial, From: st.Location, Qty: 1, Raw: raw})
	v := okf("Serial %s (%d scanned)", serial, len(tr.units))
	if s.ctx.Location != "" {
		l, err := cat.Location(s.ctx.Location)
		if err != nil {
			return lookupErr(err, "location "+s.ctx.Location), nil
		}
		item := s.item
		rv, acts := tr.record(s, cat, l)
		if rv.Level != Error && !s.ctx.Unattended {
			s.item, s.st = item, stSerial
		}
		return alongside(rv, v), acts
	}
	return v, nil
}

// unitDone moves on after a lot/untracked unit was collected.
func (tr *transferring) unitDone(s *State, cat Catalog, v Verdict) (Verdict, []inventory.Event) {
	if s.ctx.Location != "" {
		l, err := cat.Location(s.ctx.Location)
		if err != nil {
			return lookupErr(err, "location "+s.ctx.Location), nil
		}
		rv, acts := tr.record(s, cat, l)
		return alongside(rv, v), acts
	}
	if s.wf == Putaway {
		s.st = stTo
		return v, nil
	}
	s.clearItem()
	s.st = stItem
	return v, nil
}

// takePallet collects what a pallet label alone (SSCC, no contents)
// carries, as the catalog knows it from the pallet's receipt: every unit
// still on it (put-away), or those at the from-location (move). ok is
// false when the catalog does not know the pallet.
func (tr *transferring) takePallet(s *State, cat Catalog, in Input) (v Verdict, acts []inventory.Event, ok bool) {
	lines, known, pv := pallet(cat, in.SSCC)
	if pv.Level == Error {
		return pv, nil, true
	}
	if !known {
		return Verdict{}, nil, false
	}
	for _, u := range tr.units {
		if u.SSCC == in.SSCC {
			return errorf("Pallet …%s already scanned", last4(in.SSCC)), nil, true
		}
	}
	var n int64
	for _, l := range lines {
		for _, p := range l.Places {
			if s.wf == Move && p.Location != tr.from {
				continue
			}
			if len(p.Serials) > 0 {
				for _, sn := range p.Serials {
					tr.units = append(tr.units, unit{GTIN: l.GTIN, Lot: l.Lot, Serial: sn, From: p.Location, Qty: 1, Raw: in.Raw, SSCC: in.SSCC})
				}
				n += int64(len(p.Serials))
				continue
			}
			if p.Qty > 0 {
				tr.units = append(tr.units, unit{GTIN: l.GTIN, Lot: l.Lot, From: p.Location, Qty: p.Qty, Raw: in.Raw, SSCC: in.SSCC})
				n += p.Qty
			}
		}
	}
	if n == 0 {
		if s.wf == Move {
			return errorf("Nothing of pallet …%s is at %s", last4(in.SSCC), tr.from), nil, true
		}
		return errorf("Nothing of pallet …%s is in stock any more", last4(in.SSCC)), nil, true
	}
	s.clearItem()
	v, acts = tr.unitDone(s, cat, okf("Pallet …%s: %s on it", last4(in.SSCC), units(n)))
	return v, acts, true
}

func (tr *transferring) prompt(s State, cat Catalog) Prompt {
	var p Prompt
	if tr.from != "" {
		p.Info = append(p.Info, "From "+tr.from)
	}
	if s.item.GTIN != "" {
		p.Info = append(p.Info, short(s.item)+" "+s.item.Name)
		if t := lotText(s.lot, ""); t != "" {
			p.Info = append(p.Info, t)
		}
	}
	if n := len(tr.units); n > 0 {
		p.Info = append(p.Info, fmt.Sprintf("%d scanned, not yet moved", n))
	}
	if s.pendLot != "" {
		p.Info = append(p.Info, "Noted: lot "+s.pendLot)
	}
	verb := "move"
	if s.wf == Putaway {
		verb = "put away"
	}
	switch s.st {
	case stFrom:
		p.Want, p.Text, p.Why = WantLocation, "Scan FROM location", "where the stock is now"
		if s.wf == Putaway {
			p.Why = "the lot is in several places"
			p.Suggest = fromSuggest(cat, s.item.GTIN, s.lot, "", tr.units)
		}
	case stItem:
		p.Want, p.Text, p.Why = WantItem, "Scan ITEM", "to "+verb
		if s.wf == Putaway {
			p.Text = "Scan ITEM or SSCC"
		}
		if len(tr.units) > 0 {
			p.Want, p.Why = WantItemOrPlace, "or scan TO location"
		}
	case stLot:
		p.Want, p.Text, p.Why = WantLot, "Scan LOT", short(s.item)+" is lot-tracked"
	case stQty:
		p.Want, p.Text, p.Why = WantQty, "Key QTY", "how many to "+verb
		if n, v := tr.available(s, cat); v.Level != Error && n > 0 {
			p.Suggest = fmt.Sprint(n)
			p.Why = fmt.Sprintf("%d at %s, Enter = all", n, tr.from)
		}
	case stSerial:
		p.Want, p.Text, p.Why = WantSerial, "Scan SERIAL", "one scan per unit"
		if len(tr.units) > 0 {
			p.Why = "or scan TO location"
		}
	case stTo:
		p.Want, p.Text, p.Why = WantLocation, "Scan TO location", "where it goes"
		p.Suggest = tr.suggestTo(s, cat)
		if h := tr.lotHome(s, cat); h != "" {
			p.Why = "lot already at " + h
		}
	}
	return p
}

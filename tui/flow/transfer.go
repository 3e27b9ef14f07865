package flow

import (
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// Put-away: item/lot or SSCC → (from, when the lot is in several places)
// → quantity or serials → destination, suggesting where the lot already is.
// Move: from → items (lot and quantity, or serials) → destination, also
// into another warehouse.

func (s State) kind() inventory.EventKind {
	if s.wf == Putaway {
		return inventory.KindPutaway
	}
	return inventory.KindMove
}

func stepTransfer(s *State, cat Catalog, in Input) (Verdict, []inventory.Event) {
	switch s.st {
	case stFrom:
		if in.Cmd == CmdEnter && s.wf == Putaway {
			if sug := s.fromSuggest(cat); sug != "" {
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
		s.from = l.Code
		if s.wf == Move {
			s.st = stItem
			return okf("From %s", l.Code), nil
		}
		return s.transferAdvance(cat, in, okf("From %s", l.Code), 0)

	case stItem:
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if len(s.units) == 0 {
				if s.wf == Move {
					return errorf("Scan an ITEM to move from %s first", s.from), nil
				}
				return errorf("That is location %s: scan the ITEM first", l.Code), nil
			}
			return s.transferRecord(cat, l)
		}
		if in.Cmd == CmdEnter && len(s.units) > 0 {
			s.st = stTo
			return okf("%s: scan the TO location", plural(len(s.units), "line")), nil
		}
		if in.SSCC != "" && in.GTIN == "" && in.Cmd == CmdNone {
			if v, acts, ok := s.takePallet(cat, in); ok {
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
			return s.transferSerial(cat, r.serial, in.Raw, r.state)
		}
		if r.prod.Tracking == inventory.TrackLot && s.lot == "" {
			s.st = stLot
			return okf("%s: scan the LOT", short(r.prod)), nil
		}
		if s.wf == Putaway {
			s.from = ""
		}
		return s.transferAdvance(cat, in, okf("%s", itemText(r.prod, s.lot)), r.count)

	case stLot:
		lot, _, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		s.lot = lot
		if s.wf == Putaway {
			s.from = ""
		}
		return s.transferAdvance(cat, in, okf("Lot %s", lot), in.Count)

	case stQty:
		avail, v := s.available(cat)
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
		return s.transferQty(cat, n, avail)

	case stSerial:
		if in.Cmd == CmdEnter {
			s.clearItem()
			if s.wf == Putaway {
				if len(s.units) == 0 {
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
			if len(s.units) == 0 {
				return errorf("Scan a SERIAL first"), nil
			}
			return s.transferRecord(cat, l)
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return s.transferSerial(cat, serial, in.Raw, nil)

	case stTo:
		if in.Cmd == CmdEnter {
			if sug := s.suggestTo(cat); sug != "" {
				l, err := cat.Location(sug)
				if err != nil {
					return lookupErr(err, "location "+sug), nil
				}
				return s.transferRecord(cat, l)
			}
		}
		l, v := needLocation(cat, in, "TO")
		if v.Level == Error {
			return v, nil
		}
		return s.transferRecord(cat, l)
	}
	return errorf("Nothing to do here: Esc"), nil
}

// transferAdvance finds the from-location (put-away) and the quantity of
// the current lot or untracked item.
func (s *State) transferAdvance(cat Catalog, in Input, v Verdict, count int64) (Verdict, []inventory.Event) {
	if s.from == "" {
		rows, hv := holders(cat, s.item.GTIN, s.lot)
		if hv.Level == Error {
			return hv, nil
		}
		rows = s.minusCollected(rows)
		switch len(rows) {
		case 0:
			return errorf("No stock of %s on record", itemText(s.item, s.lot)), nil
		case 1:
			s.from = rows[0].Location
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
			s.from = staged[0]
		}
	}
	avail, av := s.available(cat)
	if av.Level == Error {
		return av, nil
	}
	if avail <= 0 {
		return errorf("No %s at %s%s", itemText(s.item, s.lot), s.from, elsewhere(cat, s.item.GTIN, s.lot, s.from)), nil
	}
	if count == 0 && s.ctx.Unattended {
		count = 1
	}
	if count == 0 {
		s.st = stQty
		return v, nil
	}
	qv, acts := s.transferQty(cat, count, avail)
	return alongside(qv, v), acts
}

// available is the stock of the current item and lot at from, less what
// this move already collected.
func (s State) available(cat Catalog) (int64, Verdict) {
	n, v := stockAt(cat, s.from, s.item.GTIN, s.lot)
	for _, u := range s.units {
		if u.GTIN == s.item.GTIN && u.Lot == s.lot && u.From == s.from {
			n -= u.Qty
		}
	}
	return n, v
}

func (s State) minusCollected(rows []StockRow) []StockRow {
	out := rows[:0:0]
	for _, r := range rows {
		for _, u := range s.units {
			if u.GTIN == r.GTIN && u.Lot == r.Lot && u.From == r.Location {
				r.Qty -= u.Qty
			}
		}
		if r.Qty > 0 {
			out = append(out, r)
		}
	}
	return out
}

func (s *State) transferQty(cat Catalog, n, avail int64) (Verdict, []inventory.Event) {
	if n > avail {
		return errorf("Only %d of %s at %s", avail, itemText(s.item, s.lot), s.from), nil
	}
	s.units = append(s.units, unit{GTIN: s.item.GTIN, Lot: s.lot, From: s.from, Qty: n, Raw: s.raw, SSCC: s.sscc})
	v := okf("%d × %s", n, itemText(s.item, s.lot))
	if st, held := lotHeld(cat, s.item.GTIN, s.lot); held && !s.toQuarantine(cat) {
		v = warnf("%d × %s: lot is %s, put it in a quarantine location", n, itemText(s.item, s.lot), st)
	}
	return s.unitDone(cat, v)
}

// transferSerial takes one serialised unit; st is its state when the scan
// already found it.
func (s *State) transferSerial(cat Catalog, serial, raw string, st *inventory.SerialState) (Verdict, []inventory.Event) {
	for _, u := range s.units {
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
	if s.wf == Move && st.Location != s.from {
		return errorf("Serial %s is at %s, not %s", serial, st.Location, s.from), nil
	}
	s.st = stSerial
	s.units = append(s.units, unit{GTIN: s.item.GTIN, Lot: st.Lot, Serial: serial, From: st.Location, Qty: 1, Raw: raw})
	v := okf("Serial %s (%d scanned)", serial, len(s.units))
	if s.ctx.Location != "" {
		l, err := cat.Location(s.ctx.Location)
		if err != nil {
			return lookupErr(err, "location "+s.ctx.Location), nil
		}
		item := s.item
		rv, acts := s.transferRecord(cat, l)
		if rv.Level != Error && !s.ctx.Unattended {
			s.item, s.st = item, stSerial
		}
		return alongside(rv, v), acts
	}
	return v, nil
}

// unitDone moves on after a lot/untracked unit was collected.
func (s *State) unitDone(cat Catalog, v Verdict) (Verdict, []inventory.Event) {
	if s.ctx.Location != "" {
		l, err := cat.Location(s.ctx.Location)
		if err != nil {
			return lookupErr(err, "location "+s.ctx.Location), nil
		}
		rv, acts := s.transferRecord(cat, l)
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
func (s *State) takePallet(cat Catalog, in Input) (v Verdict, acts []inventory.Event, ok bool) {
	lines, known, pv := pallet(cat, in.SSCC)
	if pv.Level == Error {
		return pv, nil, true
	}
	if !known {
		return Verdict{}, nil, false
	}
	for _, u := range s.units {
		if u.SSCC == in.SSCC {
			return errorf("Pallet …%s already scanned", last4(in.SSCC)), nil, true
		}
	}
	var n int64
	for _, l := range lines {
		for _, p := range l.Places {
			if s.wf == Move && p.Location != s.from {
				continue
			}
			if len(p.Serials) > 0 {
				for _, sn := range p.Serials {
					s.units = append(s.units, unit{GTIN: l.GTIN, Lot: l.Lot, Serial: sn, From: p.Location, Qty: 1, Raw: in.Raw, SSCC: in.SSCC})
				}
				n += int64(len(p.Serials))
				continue
			}
			if p.Qty > 0 {
				s.units = append(s.units, unit{GTIN: l.GTIN, Lot: l.Lot, From: p.Location, Qty: p.Qty, Raw: in.Raw, SSCC: in.SSCC})
				n += p.Qty
			}
		}
	}
	if n == 0 {
		if s.wf == Move {
			return errorf("Nothing of pallet …%s is at %s", last4(in.SSCC), s.from), nil, true
		}
		return errorf("Nothing of pallet …%s is in stock any more", last4(in.SSCC)), nil, true
	}
	s.clearItem()
	v, acts = s.unitDone(cat, okf("Pallet …%s: %s on it", last4(in.SSCC), units(n)))
	return v, acts, true
}

// fromSuggest is the from-location a FROM prompt offers (Enter takes it):
// where most of the current item and lot is, less what was collected
// already, and never the pick drop location (what is there is picked).
// Move asks for its from-location first and offers none.
func (s State) fromSuggest(cat Catalog) string {
	if s.wf != Putaway && s.wf != Pick {
		return ""
	}
	rows, v := holders(cat, s.item.GTIN, s.lot)
	if v.Level == Error {
		return ""
	}
	_, held := lotHeld(cat, s.item.GTIN, s.lot)
	for _, r := range s.minusCollected(rows) {
		if s.wf == Pick && r.Location == s.drop {
			continue
		}
		if held {
			// A held lot is put away into quarantine, not out of it.
			if l, err := cat.Location(r.Location); err == nil && l.Kind == inventory.LocQuarantine {
				continue
			}
		}
		return r.Location
	}
	return ""
}

// suggestTo is where the first collected lot already is (put-away by lot),
// else the last destination — unless that is a bin holding another lot of
// a collected product: units of one lot are stored together, so Enter must
// not mix lots without the operator scanning the bin.
func (s State) suggestTo(cat Catalog) string {
	if q := s.heldHome(cat); q != "" {
		return q
	}
	if h := s.lotHome(cat); h != "" {
		return h
	}
	for _, u := range s.units {
		if u.From == s.lastTo {
			return "" // the stock is there already: it cannot go there
		}
	}
	if s.lastTo != "" {
		if l, err := cat.Location(s.lastTo); err == nil && l.Kind == inventory.LocBin {
			if _, lot := s.otherLotAt(cat, s.lastTo); lot != "" {
				return ""
			}
			for _, u := range s.units {
				if keepApart(cat, u.GTIN, u.Lot, l).Level == Error {
					return "" // a held lot does not go back to a bin
				}
			}
		}
	}
	return s.lastTo
}

// toQuarantine reports whether the fixed destination is a quarantine
// location.
func (s State) toQuarantine(cat Catalog) bool {
	if s.ctx.Location == "" {
		return false
	}
	l, err := cat.Location(s.ctx.Location)
	return err == nil && l.Kind == inventory.LocQuarantine
}

// heldHome is, for a held (recalled, quarantined) lot, the quarantine
// location it should go to (see quarantinePlace), "" if the lot is not
// held.
func (s State) heldHome(cat Catalog) string {
	if len(s.units) == 0 {
		return ""
	}
	u := s.units[0]
	if _, held := lotHeld(cat, u.GTIN, u.Lot); !held {
		return ""
	}
	return quarantinePlace(cat, u.GTIN, u.Lot, u.From, u.From)
}

// otherLotAt finds, among the collected products, one that loc already
// holds in another lot than the one collected: its GTIN and that lot, or
// "" when loc keeps every collected lot apart. Lookup errors count as
// nothing found: this only informs a suggestion or a warning.
func (s State) otherLotAt(cat Catalog, loc string) (gtin, lot string) {
	for _, u := range s.units {
		if u.Lot == "" {
			continue
		}
		rows, err := cat.Stock(StockFilter{Location: loc, GTIN: u.GTIN})
		if err != nil {
			continue
		}
		for _, r := range rows {
			if r.Qty > 0 && r.GTIN == u.GTIN && r.Lot != "" && r.Lot != u.Lot {
				return u.GTIN, r.Lot
			}
		}
	}
	return "", ""
}

// lotHome is a bin that already holds the first collected lot (put-away
// keeps a lot together), "" if none or the lot is held.
func (s State) lotHome(cat Catalog) string {
	if s.wf == Putaway && len(s.units) > 0 {
		u := s.units[0]
		if _, held := lotHeld(cat, u.GTIN, u.Lot); u.Lot != "" && !held {
			rows, _ := holders(cat, u.GTIN, u.Lot)
			for _, r := range rows {
				if r.Location == u.From {
					continue
				}
				if l, err := cat.Location(r.Location); err == nil && l.Kind == inventory.LocBin {
					return r.Location
				}
			}
		}
	}
	return ""
}

// transferRecord drafts the collected units into l.
func (s *State) transferRecord(cat Catalog, l inventory.Location) (Verdict, []inventory.Event) {
	var acts []inventory.Event
	v := Verdict{Level: OK}
	home := s.lotHome(cat)
	for _, u := range s.units {
		if u.From == l.Code {
			return errorf("%s is where the stock is now: scan the TO location", l.Code), nil
		}
		if kv := keepApart(cat, u.GTIN, u.Lot, l); kv.Level == Error {
			return kv, nil
		}
		acts = append(acts, inventory.Event{
			Operator: s.ctx.Operator, Kind: s.kind(),
			GTIN: u.GTIN, Lot: u.Lot, Serial: u.Serial, Qty: u.Qty,
			From: u.From, To: l.Code, Raw: u.Raw, SSCC: u.SSCC,
		})
	}
	if len(acts) == 0 {
		return errorf("Nothing scanned to move yet"), nil
	}
	var total int64
	for _, a := range acts {
		total += a.Qty
	}
	v = okf("%s → %s%s", units(total), l.Code, s.unitsText(cat))
	if home != "" && home != l.Code {
		v = warnf("%s → %s%s; lot %s is also at %s", units(total), l.Code, s.unitsText(cat), s.units[0].Lot, home)
	}
	if l.Kind == inventory.LocBin {
		if gtin, lot := s.otherLotAt(cat, l.Code); lot != "" {
			name := gtin
			if p, err := cat.Product(gtin); err == nil {
				name = short(p)
			}
			v = worse(v, warnf("%s also holds %s lot %s: lots now mixed", l.Code, name, lot))
		}
	}
	if from, err := cat.Location(acts[0].From); err == nil && from.Warehouse != l.Warehouse {
		v.Reason += fmt.Sprintf(" (warehouse %s → %s)", from.Warehouse, l.Warehouse)
	}
	for _, u := range s.units {
		if u.Lot == "" {
			continue
		}
		if lt, ok := knownLot(cat, u.GTIN, u.Lot); ok && lt.Status != inventory.LotReleased && l.Kind != inventory.LocQuarantine {
			v = worse(v, warnf("Lot %s is %s: %s is not a quarantine place", u.Lot, lt.Status, l.Code))
			break
		}
	}
	s.lastTo = l.Code
	s.units = nil
	s.clearItem()
	if s.wf == Move {
		s.st = stItem // same from-location: move more, or Esc for another
	} else {
		s.from = ""
		s.st = stItem
	}
	return v, acts
}

// unitsText names what the collected units are when they are one product
// and lot: " (SAL500 Lot L1)"; "" for a mix.
func (s State) unitsText(cat Catalog) string {
	if len(s.units) == 0 {
		return ""
	}
	u := s.units[0]
	for _, o := range s.units[1:] {
		if o.GTIN != u.GTIN || o.Lot != u.Lot {
			return ""
		}
	}
	p := inventory.Product{GTIN: u.GTIN}
	if got, err := cat.Product(u.GTIN); err == nil {
		p = got
	}
	return " (" + itemText(p, u.Lot) + ")"
}

func promptTransfer(s State, cat Catalog) Prompt {
	var p Prompt
	if s.from != "" {
		p.Info = append(p.Info, "From "+s.from)
	}
	if s.item.GTIN != "" {
		p.Info = append(p.Info, short(s.item)+" "+s.item.Name)
		if t := lotText(s.lot, ""); t != "" {
			p.Info = append(p.Info, t)
		}
	}
	if n := len(s.units); n > 0 {
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
			p.Suggest = s.fromSuggest(cat)
		}
	case stItem:
		p.Want, p.Text, p.Why = WantItem, "Scan ITEM", "to "+verb
		if s.wf == Putaway {
			p.Text = "Scan ITEM or SSCC"
		}
		if len(s.units) > 0 {
			p.Want, p.Why = WantItemOrPlace, "or scan TO location"
		}
	case stLot:
		p.Want, p.Text, p.Why = WantLot, "Scan LOT", short(s.item)+" is lot-tracked"
	case stQty:
		p.Want, p.Text, p.Why = WantQty, "Key QTY", "how many to "+verb
		if n, v := s.available(cat); v.Level != Error && n > 0 {
			p.Suggest = fmt.Sprint(n)
			p.Why = fmt.Sprintf("%d at %s, Enter = all", n, s.from)
		}
	case stSerial:
		p.Want, p.Text, p.Why = WantSerial, "Scan SERIAL", "one scan per unit"
		if len(s.units) > 0 {
			p.Why = "or scan TO location"
		}
	case stTo:
		p.Want, p.Text, p.Why = WantLocation, "Scan TO location", "where it goes"
		p.Suggest = s.suggestTo(cat)
		if h := s.lotHome(cat); h != "" {
			p.Why = "lot already at " + h
		}
	}
	return p
}

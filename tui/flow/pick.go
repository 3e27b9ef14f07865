package flow

import (
	"slices"

	"github.com/scanterm/scanterm/inventory"
)

// Pick: pick list → drop location → per line: item → lot (verified, FEFO
// suggested, blocked lots refused, another lot only with a recorded
// override) → from → quantity or one serial per unit.

// picking is what Pick keeps beyond the item in hand.
type picking struct {
	doc      string // the pick list
	drop     string // where picked units go
	from     string // where the current item is picked from
	override string // the operator's reason for another lot than the list's
	skipped  []int  // lines left for later
}

// startPick asks for the pick list, or opens the one the context presets.
func startPick(s *State, cat Catalog) Verdict {
	pk := &picking{}
	s.job, s.st = pk, stDoc
	if id := s.ctx.PickList; id != "" {
		return pk.openPick(s, cat, id)
	}
	return Verdict{}
}

func (pk *picking) clone() job {
	n := *pk
	n.skipped = append([]int(nil), pk.skipped...)
	return &n
}

func (pk *picking) docID() string { return pk.doc }
func (pk *picking) clearItem()    { pk.override = "" }

func (pk *picking) openPick(s *State, cat Catalog, id string) Verdict {
	pl, err := cat.PickList(id)
	if err != nil {
		return lookupErr(err, "pick list "+id)
	}
	if pl.Status == inventory.DocClosed {
		return errorf("Pick list %s is closed", pl.ID)
	}
	pk.doc = pl.ID
	s.clearItem()
	pk.skipped = nil
	pk.from = ""
	if pk.drop == "" {
		pk.drop = s.ctx.Location
	}
	if pk.drop == "" {
		s.st = stDrop
	} else {
		s.st = stItem
	}
	return okf("Pick list %s, %s", pl.ID, plural(len(pl.Lines), "line"))
}

// pickLine is the line being worked: the current item's, else the first
// open line not skipped, else the first skipped one. ok is false when
// every line is picked.
func (pk *picking) pickLine(s State, cat Catalog) (line inventory.PickLine, remaining int64, ok bool, err error) {
	return listLine(cat, pk.doc, s.fresh, s.line, pk.skipped)
}

// listLine is pickLine for list doc, fresh being what the step records:
// line cur (0: none yet), else the first open line not in skipped, else
// the first skipped one.
func listLine(cat Catalog, doc string, fresh map[int]int64, cur int, skipped []int) (line inventory.PickLine, remaining int64, ok bool, err error) {
	pl, err := cat.PickList(doc)
	if err != nil {
		return line, 0, false, err
	}
	got, err := progress(cat.Picked, doc, fresh)
	if err != nil {
		return line, 0, false, err
	}
	var first *inventory.PickLine
	for i := range pl.Lines {
		l := pl.Lines[i]
		rem := l.Qty - got[l.Line]
		if cur != 0 {
			if l.Line == cur {
				return l, rem, rem > 0, nil
			}
			continue
		}
		if rem <= 0 {
			continue
		}
		if !slices.Contains(skipped, l.Line) {
			return l, rem, true, nil
		}
		if first == nil {
			first = &pl.Lines[i]
		}
	}
	if first != nil {
		return *first, first.Qty - got[first.Line], true, nil
	}
	return line, 0, false, nil
}

// openLineOf finds an open line of the list for gtin, one naming lot
// first (when lot is set), for a scan that is not the current line's.
func (pk *picking) openLineOf(s State, cat Catalog, gtin, lot string) (inventory.PickLine, bool) {
	pl, err := cat.PickList(pk.doc)
	if err != nil {
		return inventory.PickLine{}, false
	}
	got, err := progress(cat.Picked, pk.doc, s.fresh)
	if err != nil {
		return inventory.PickLine{}, false
	}
	var any *inventory.PickLine
	for i := range pl.Lines {
		l := pl.Lines[i]
		if l.GTIN != gtin || l.Qty-got[l.Line] <= 0 {
			continue
		}
		if lot != "" && l.Lot == lot {
			return l, true
		}
		if any == nil {
			any = &pl.Lines[i]
		}
	}
	if any == nil {
		return inventory.PickLine{}, false
	}
	return *any, true
}

// complete reports whether every line of the list is picked, skipped
// ones included.
func (pk *picking) complete(s State, cat Catalog) bool {
	_, _, ok, err := listLine(cat, pk.doc, s.fresh, 0, nil)
	return err == nil && !ok
}

// leave closes a picked list: the next one is asked for.
func (pk *picking) leave(s *State) bool {
	s.clearItem()
	pk.doc, pk.from, pk.skipped = "", "", nil
	s.st = stDoc
	return true
}

func (pk *picking) step(s *State, cat Catalog, in Input) (Verdict, []inventory.Event) {
	switch s.st {
	case stDoc:
		if in.Cmd != CmdNone {
			return errorf("Scan or key the PICK LIST number"), nil
		}
		if in.GTIN != "" {
			return errorf("That is an item: scan the PICK LIST first"), nil
		}
		return pk.openPick(s, cat, text(in)), nil

	case stDrop:
		if in.Cmd == CmdEnter {
			if sug := dropSuggest(cat, pk.from); sug != "" {
				in = Input{Raw: sug, Keyed: true, At: in.At}
			}
		}
		l, v := needLocation(cat, in, "DROP")
		if v.Level == Error {
			return v, nil
		}
		pk.drop = l.Code
		s.st = stItem
		return okf("Picking to %s", l.Code), nil

	case stItem:
		line, _, ok, err := pk.pickLine(*s, cat)
		if err != nil {
			return lookupErr(err, "pick list "+pk.doc), nil
		}
		if !ok {
			return errorf("Every line is picked: Esc"), nil
		}
		switch in.Cmd {
		case CmdSkip:
			if !slices.Contains(pk.skipped, line.Line) {
				pk.skipped = append(pk.skipped, line.Line)
			}
			pk.from = ""
			return okf("Line %d left for later", line.Line), nil
		case CmdEnter:
			return errorf("Scan the ITEM of line %d", line.Line), nil
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			pk.from = l.Code
			if line.From != "" && line.From != l.Code {
				return warnf("At %s; the list says %s", l.Code, line.From), nil
			}
			return okf("At %s: scan the ITEM", l.Code), nil
		}
		r, v, got := readItem(s, cat, in, true)
		if !got {
			return v, nil
		}
		if r.prod.GTIN != line.GTIN {
			// The shelf decides the order, not the list: any open line
			// of this product takes the scan.
			if other, ok := pk.openLineOf(*s, cat, r.prod.GTIN, r.lot); ok {
				line = other
			}
		}
		if r.prod.GTIN != line.GTIN {
			want := line.GTIN
			if p, err := cat.Product(line.GTIN); err == nil {
				want = short(p)
			}
			return errorf("Wrong item %s: line %d wants %s", short(r.prod), line.Line, want), nil
		}
		s.item, s.line, s.raw = r.prod, line.Line, in.Raw
		switch r.prod.Tracking {
		case inventory.TrackSerial:
			if r.serial == "" {
				s.st = stSerial
				return okf("%s: scan the SERIAL", short(r.prod)), nil
			}
			return pk.pickSerial(s, cat, in, r.serial, in.Raw, r.state)
		case inventory.TrackLot:
			if r.lot == "" {
				s.st = stLot
				return okf("%s: scan the LOT", short(r.prod)), nil
			}
			return pk.pickLot(s, cat, in, r.lot, r.expiry, r.count)
		}
		return pk.pickFrom(s, cat, in, Verdict{Level: OK, Reason: short(r.prod)}, r.count)

	case stLot:
		lot, exp, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		return pk.pickLot(s, cat, in, lot, exp, in.Count)

	case stOverride:
		line, _, _, err := pk.pickLine(*s, cat)
		if err != nil {
			return lookupErr(err, "pick list "+pk.doc), nil
		}
		listed := in.Cmd == CmdNone && ((in.GS1 && in.Lot == line.Lot && (in.GTIN == "" || in.GTIN == s.item.GTIN)) ||
			(!in.GS1 && text(in) == line.Lot))
		if listed {
			if len(s.serials) > 0 {
				return errorf("Serial %s is lot %s: key a reason, or Esc and scan a unit of lot %s", s.serials[0], s.lot, line.Lot), nil
			}
			s.lot, pk.override = line.Lot, ""
			return pk.pickFrom(s, cat, in, okf("Lot %s as listed", line.Lot), in.Count)
		}
		rl := reasons(cat)
		if code, label, ok := rl.pick(in); ok {
			pk.override = code
			v := warnf("Override recorded: %s", label)
			if len(s.serials) > 0 {
				serial := s.serials[0]
				s.serials, s.sraws = nil, nil
				return pk.pickSerialRecord(s, cat, serial, s.raw, v)
			}
			return pk.pickFrom(s, cat, in, v, 0)
		}
		return errorf("Key %s for the reason, or Esc", rl.keys()), nil

	case stFrom:
		if in.Cmd == CmdEnter {
			if sug := fromSuggest(cat, s.item.GTIN, s.lot, pk.drop, nil); sug != "" {
				in = Input{Raw: sug, Keyed: true} // Enter takes the suggestion
			}
		}
		l, v := needLocation(cat, in, "FROM")
		if v.Level == Error {
			return v, nil
		}
		pk.from = l.Code
		return pk.pickFrom(s, cat, in, okf("From %s", l.Code), 0)

	case stQty:
		_, rem, _, err := pk.pickLine(*s, cat)
		if err != nil {
			return lookupErr(err, "pick list "+pk.doc), nil
		}
		avail, v := stockAt(cat, pk.from, s.item.GTIN, s.lot)
		if v.Level == Error {
			return v, nil
		}
		var n int64
		if in.Cmd == CmdEnter {
			n = min(rem, avail)
			if n <= 0 {
				return errorf("Nothing left to pick here"), nil
			}
		} else {
			if n, v = parseQty(in); v.Level == Error {
				return v, nil
			}
		}
		return pk.pickQty(s, cat, n, rem, avail)

	case stSerial:
		if in.Cmd == CmdEnter {
			s.clearItem()
			s.st = stItem
			return okf("Line left part-picked"), nil
		}
		if _, ok, _ := asLocation(cat, in); ok {
			return errorf("Scan a SERIAL of %s", short(s.item)), nil
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return pk.pickSerial(s, cat, in, serial, in.Raw, nil)
	}
	return errorf("Nothing to do here: Esc"), nil
}

// pickFrom settles the from-location, then the quantity.
func (pk *picking) pickFrom(s *State, cat Catalog, in Input, v Verdict, count int64) (Verdict, []inventory.Event) {
	line, rem, _, err := pk.pickLine(*s, cat)
	if err != nil {
		return lookupErr(err, "pick list "+pk.doc), nil
	}
	if pk.from == "" && line.From != "" {
		if n, sv := stockAt(cat, line.From, s.item.GTIN, s.lot); sv.Level == Error {
			return sv, nil
		} else if n > 0 {
			pk.from = line.From
		} else {
			v = worse(v, warnf("None at %s as listed", line.From))
		}
	}
	if pk.from == "" {
		all, hv := holders(cat, s.item.GTIN, s.lot)
		if hv.Level == Error {
			return hv, nil
		}
		var rows []StockRow
		for _, r := range all {
			if r.Location != pk.drop { // what is at the drop is picked already
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			return errorf("No %s in stock on record", itemText(s.item, s.lot)), nil
		}
		if len(rows) > 1 {
			s.st = stFrom
			return worse(v, okf("In %d places: scan the FROM location", len(rows))), nil
		}
		pk.from = rows[0].Location
	}
	if pk.from == pk.drop {
		return errorf("%s is the drop location: pick from elsewhere", pk.drop), nil
	}
	avail, av := stockAt(cat, pk.from, s.item.GTIN, s.lot)
	if av.Level == Error {
		return av, nil
	}
	if avail <= 0 {
		return errorf("No %s at %s%s", itemText(s.item, s.lot), pk.from, elsewhere(cat, s.item.GTIN, s.lot, pk.from)), nil
	}
	if count == 0 && s.ctx.Unattended {
		count = 1
	}
	if count > 0 {
		qv, acts := pk.pickQty(s, cat, count, rem, avail)
		return worse(qv, v), acts
	}
	s.st = stQty
	return v, nil
}

func (pk *picking) pickQty(s *State, cat Catalog, n, rem, avail int64) (Verdict, []inventory.Event) {
	if n > rem {
		return errorf("Line %d needs only %d more", s.line, rem), nil
	}
	if n > avail {
		return errorf("Only %d at %s", avail, pk.from), nil
	}
	e := pk.pickEvent(*s)
	e.Qty, e.Lot, e.Raw = n, s.lot, s.raw
	v := okf("Picked %d × %s → %s", n, short(s.item), pk.drop)
	pk.afterPick(s, n, rem)
	return v, []inventory.Event{e}
}

func (pk *picking) pickEvent(s State) inventory.Event {
	return inventory.Event{
		Operator: s.ctx.Operator, Kind: inventory.KindPick, GTIN: s.item.GTIN,
		From: pk.from, To: pk.drop, Doc: pk.doc, DocLine: s.line, Override: pk.override,
	}
}

// afterPick moves to the next line once this one is complete.
func (pk *picking) afterPick(s *State, n, rem int64) {
	if n >= rem || s.ctx.Unattended {
		s.clearItem()
		pk.from = ""
		s.st = stItem
		return
	}
	if s.item.Tracking == inventory.TrackSerial {
		s.st = stSerial
		return
	}
	// Part of the line is left: the rest may be another lot or place,
	// so it starts again from the item scan.
	s.clearItem()
	pk.from = ""
	s.st = stItem
}

// pickSerial verifies one unit and records its pick.
func (pk *picking) pickSerial(s *State, cat Catalog, in Input, serial, raw string, st *inventory.SerialState) (Verdict, []inventory.Event) {
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
	line, _, _, err := pk.pickLine(*s, cat)
	if err != nil {
		return lookupErr(err, "pick list "+pk.doc), nil
	}
	if v := lotBlock(cat, s.item.GTIN, st.Lot, "", s.today(in)); v.Level == Error {
		return pk.pickInstead(*s, cat, in, line, st.Lot, v), nil
	}
	if v := shelfLifeBlock(*s, cat, in, pk.salesOrder(cat), st.Lot, "", pk.drop); v.Level == Error {
		return v, nil
	}
	if st.Location == pk.drop {
		return errorf("Serial %s is at the drop location already", serial), nil
	}
	s.lot = st.Lot
	pk.from = st.Location
	var v Verdict
	if why, blocked := pk.listedBlocked(*s, cat, line, in); blocked && st.Lot != line.Lot && pk.override == "" {
		pk.override = "listed lot " + why
		v = warnf("Listed lot %s is %s: picking lot %s", line.Lot, why, st.Lot)
	}
	if line.Lot != "" && st.Lot != line.Lot && pk.override == "" {
		if s.ctx.Unattended {
			return errorf("Serial %s is lot %s, not the list's %s", serial, st.Lot, line.Lot), nil
		}
		s.serials, s.sraws = []string{serial}, []string{raw}
		s.raw = raw
		s.st = stOverride
		return warnf("Serial %s is lot %s, not the list's %s: reason?", serial, st.Lot, line.Lot), nil
	}
	if v.Level == None {
		v = Verdict{Level: OK}
	}
	if line.From != "" && st.Location != line.From {
		v = worse(v, warnf("Serial %s taken from %s, list says %s", serial, st.Location, line.From))
	}
	return pk.pickSerialRecord(s, cat, serial, raw, v)
}

func (pk *picking) pickSerialRecord(s *State, cat Catalog, serial, raw string, v Verdict) (Verdict, []inventory.Event) {
	_, rem, _, err := pk.pickLine(*s, cat)
	if err != nil {
		return lookupErr(err, "pick list "+pk.doc), nil
	}
	e := pk.pickEvent(*s)
	e.Serial, e.Lot, e.Qty, e.Raw = serial, s.lot, 1, raw
	done := int64(1)
	ok := okf("Picked %s (%d left on line %d)", serial, rem-done, s.line)
	pk.afterPick(s, 1, rem)
	return worse(ok, v), []inventory.Event{e}
}

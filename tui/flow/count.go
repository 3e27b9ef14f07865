package flow

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// Count: location → items (lot and counted quantity, or each serial) →
// Enter finishes; lines on record but not counted are confirmed as zero.
// Each count event sets the stock of that product and lot at the location.

// counting is what Count keeps beyond the item in hand.
type counting struct {
	place   string           // the location being counted
	counted []string         // countKey of each line and serial counted there
	count   map[string]int64 // unattended count: running totals per countKey
}

// startCount asks for the location, or opens the station's own.
func startCount(s *State, cat Catalog) Verdict {
	ct := &counting{}
	s.job, s.st = ct, stFrom
	if s.ctx.Location != "" {
		return ct.openCount(s, cat, s.ctx.Location)
	}
	return Verdict{}
}

func (ct *counting) clone() job {
	n := *ct
	n.counted = append([]string(nil), ct.counted...)
	n.count = maps.Clone(ct.count)
	return &n
}

// clearItem keeps what was counted: the location's count goes on.
func (ct *counting) clearItem() {}

func (ct *counting) openCount(s *State, cat Catalog, code string) Verdict {
	l, err := cat.Location(code)
	if err != nil {
		return lookupErr(err, "location "+code)
	}
	ct.place = l.Code
	ct.counted = nil
	ct.count = nil
	s.clearItem()
	s.st = stItem
	rows, _ := cat.Stock(StockFilter{Location: l.Code})
	return okf("Counting %s: %s on record", l.Code, plural(len(positive(rows)), "line"))
}

func countKey(gtin, lot string) string { return gtin + "\x00" + lot }

// countGaps is what the count of a location has not covered yet.
type countGaps struct {
	// rest are the lines (product and lot) on record nobody counted;
	// for a serialised product they are the units the catalog could not
	// name (no SerialSource, or fewer units listed than on record).
	rest []StockRow
	// missing are the serialised units on record at the place that were
	// not scanned.
	missing []inventory.SerialState
	// listed says the catalog named the units at the place: serialised
	// units left in rest then have no serial on record there.
	listed bool
}

func (g countGaps) empty() bool { return len(g.rest) == 0 && len(g.missing) == 0 }

// gaps compares the count so far with what is on record at the location.
// A serialised unit is covered only by scanning it: counting one serial of
// a lot says nothing of the others.
func (ct *counting) gaps(s State, cat Catalog) (countGaps, Verdict) {
	var g countGaps
	rows, err := cat.Stock(StockFilter{Location: ct.place})
	if err != nil {
		return g, lookupErr(err, "stock at "+ct.place)
	}
	units, listed, v := serialsAt(cat, ct.place)
	if v.Level == Error {
		return g, v
	}
	g.listed = listed
	named := map[string]int64{} // countKey(gtin, lot) -> units listed
	for _, u := range units {
		named[countKey(u.GTIN, u.Lot)]++
		if !slices.Contains(ct.counted, countKey(u.GTIN, "#"+u.Serial)) {
			g.missing = append(g.missing, u)
		}
	}
	for _, r := range positive(rows) {
		k := countKey(r.GTIN, r.Lot)
		if p, err := cat.Product(r.GTIN); listed && err == nil && p.Tracking == inventory.TrackSerial {
			// Scanning serials covers only units with a serial on
			// record here; the rest (e.g. received before the product
			// was serialised) stay to be settled, counted line or not.
			if r.Qty <= named[k] {
				continue // each unit is in missing, or was scanned
			}
			r.Qty -= named[k]
			g.rest = append(g.rest, r)
			continue
		}
		if slices.Contains(ct.counted, k) {
			continue
		}
		g.rest = append(g.rest, r)
	}
	return g, Verdict{}
}

func (ct *counting) step(s *State, cat Catalog, in Input) (Verdict, []inventory.Event) {
	switch s.st {
	case stFrom:
		l, v := needLocation(cat, in, "count")
		if v.Level == Error {
			return v, nil
		}
		return ct.openCount(s, cat, l.Code), nil

	case stItem:
		if in.Cmd == CmdEnter {
			return ct.countFinish(s, cat)
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if l.Code == ct.place {
				return okf("Counting %s", l.Code), nil
			}
			return errorf("Finish %s first (Enter), then scan %s", ct.place, l.Code), nil
		}
		r, v, got := readItem(s, cat, in, true)
		if !got {
			return v, nil
		}
		s.item, s.raw, s.lot = r.prod, in.Raw, r.lot
		switch {
		case r.prod.Tracking == inventory.TrackSerial && r.serial == "":
			s.st = stSerial
			return okf("%s: scan each SERIAL", short(r.prod)), nil
		case r.prod.Tracking == inventory.TrackSerial:
			return ct.countSerial(s, cat, r.serial, in.Raw)
		case r.prod.Tracking == inventory.TrackLot && s.lot == "":
			s.st = stLot
			return okf("%s: scan the LOT", short(r.prod)), nil
		}
		return ct.countReady(s, cat)

	case stLot:
		lot, _, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		s.lot = lot
		return ct.countReady(s, cat)

	case stQty:
		if in.Cmd == CmdEnter {
			return errorf("Key the counted quantity (0 if none)"), nil
		}
		if _, ok, _ := asLocation(cat, in); ok {
			return errorf("Key the counted QUANTITY"), nil
		}
		n, err := strconv.ParseInt(text(in), 10, 64)
		if err != nil || n < 0 || n > 999999 {
			return errorf("Key the counted quantity in digits (0 if none)"), nil
		}
		return ct.countRecord(s, cat, n)

	case stSerial:
		if in.Cmd == CmdEnter {
			s.clearItem()
			s.st = stItem
			return okf("Scan the next ITEM, Enter to finish"), nil
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if l.Code == ct.place {
				return okf("Counting %s", l.Code), nil
			}
			return errorf("Finish %s first (Enter twice), then scan %s", ct.place, l.Code), nil
		}
		if (in.GTIN != "" && in.GTIN != s.item.GTIN) || (in.GS1 && in.Serial == "") {
			s.clearItem()
			s.st = stItem
			return ct.step(s, cat, in) // the next item: serials of this one are done
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return ct.countSerial(s, cat, serial, in.Raw)

	case stConfirm:
		if in.Cmd == CmdNone {
			// The operator found one of the units listed: count it, as
			// at the ITEM prompt, rather than refuse the scan.
			s.st = stItem
			v, acts := ct.step(s, cat, in)
			if v.Level == Error || s.st == stItem {
				if g, _ := ct.gaps(*s, cat); !g.empty() {
					s.st = stConfirm // still asking about the rest
				}
			}
			return v, acts
		}
		if in.Cmd != CmdEnter {
			return errorf("Enter: count the rest as 0; Esc: go back"), nil
		}
		g, v := ct.gaps(*s, cat)
		if v.Level == Error {
			return v, nil
		}
		var (
			acts    []inventory.Event
			unnamed int
			missing []string
			lost    []string
		)
		for _, r := range g.rest {
			if p, err := cat.Product(r.GTIN); err == nil && p.Tracking == inventory.TrackSerial {
				// Units the terminal cannot name are not zeroed
				// blindly: each needs its own trace.
				unnamed += int(r.Qty)
				missing = append(missing, fmt.Sprintf("%s ×%d", itemText(p, r.Lot), r.Qty))
				continue
			}
			acts = append(acts, inventory.Event{
				Operator: s.ctx.Operator, Kind: inventory.KindCount, GTIN: r.GTIN, Lot: r.Lot,
				Qty: 0, To: ct.place,
			})
		}
		for _, u := range g.missing {
			// Written off where it was on record, so stock matches the
			// shelf; a later count that finds it brings it back.
			acts = append(acts, inventory.Event{
				Operator: s.ctx.Operator, Kind: inventory.KindAdjust, GTIN: u.GTIN, Lot: u.Lot,
				Serial: u.Serial, Qty: -1, From: ct.place, Note: NoteNotFound,
			})
			lost = append(lost, u.Serial)
		}
		done := ct.place
		ct.countReset(s)
		v = warnf("Count of %s done", done)
		if n := len(acts) - len(lost); n > 0 {
			v.Reason += fmt.Sprintf("; %s set to 0", plural(n, "line"))
		}
		if len(lost) > 0 {
			v.Reason += fmt.Sprintf("; %s not found, written off: %s", plural(len(lost), "serial"), listText(lost, 5))
		}
		switch {
		case unnamed > 0 && g.listed:
			v.Reason += fmt.Sprintf("; %s with no serial on record here (%s): left as they were, tell a supervisor", plural(unnamed, "unit"), strings.Join(missing, ", "))
		case unnamed > 0:
			v.Reason += fmt.Sprintf("; %s not found (%s): not recorded, tell a supervisor", plural(unnamed, "serialised unit"), strings.Join(missing, ", "))
		}
		return v, acts
	}
	return errorf("Nothing to do here: Esc"), nil
}

// countReady asks for the quantity, or in a station adds one unit (or
// the barcode's count) to the running total.
func (ct *counting) countReady(s *State, cat Catalog) (Verdict, []inventory.Event) {
	if !s.ctx.Unattended {
		s.st = stQty
		return okf("%s: key the count", itemText(s.item, s.lot)), nil
	}
	if ct.count == nil {
		ct.count = map[string]int64{}
	}
	k := countKey(s.item.GTIN, s.lot)
	ct.count[k]++
	return ct.countRecord(s, cat, ct.count[k])
}

func (ct *counting) countRecord(s *State, cat Catalog, n int64) (Verdict, []inventory.Event) {
	had, v := stockAt(cat, ct.place, s.item.GTIN, s.lot)
	if v.Level == Error {
		return v, nil
	}
	e := inventory.Event{
		Operator: s.ctx.Operator, Kind: inventory.KindCount, GTIN: s.item.GTIN, Lot: s.lot,
		Qty: n, To: ct.place, Raw: s.raw,
	}
	what := itemText(s.item, s.lot)
	switch {
	case n == had:
		v = okf("Counted %d %s: matches", n, what)
	case s.ctx.Unattended:
		v = okf("Counted %d %s (record had %d)", n, what, had)
	default:
		v = warnf("Counted %d %s; record had %d (%+d)", n, what, had, n-had)
	}
	k := countKey(s.item.GTIN, s.lot)
	if !slices.Contains(ct.counted, k) {
		ct.counted = append(ct.counted, k)
	}
	s.clearItem()
	s.st = stItem
	return v, []inventory.Event{e}
}

func (ct *counting) countSerial(s *State, cat Catalog, serial, raw string) (Verdict, []inventory.Event) {
	k := countKey(s.item.GTIN, "#"+serial)
	if slices.Contains(ct.counted, k) {
		return errorf("Serial %s already counted", serial), nil
	}
	st, known, v := serialKnown(cat, s.item.GTIN, serial)
	if v.Level == Error {
		return v, nil
	}
	v = okf("Serial %s is here", serial)
	lot := ""
	switch {
	case !known:
		v = warnf("Serial %s was not on record: added", serial)
	case st.Status == inventory.SerialShipped:
		return errorf("Serial %s has shipped: record a return first", serial), nil
	case st.Location != ct.place && st.Location != "":
		return errorf("Serial %s is recorded at %s: move it here first", serial, st.Location), nil
	case st.Status != inventory.SerialInStock:
		v = warnf("Serial %s was %s: counted here", serial, statusWords(st.Status))
		lot = st.Lot
	default:
		lot = st.Lot
	}
	e := inventory.Event{
		Operator: s.ctx.Operator, Kind: inventory.KindCount, GTIN: s.item.GTIN, Lot: lot,
		Serial: serial, Qty: 1, To: ct.place, Raw: raw,
	}
	ct.counted = append(ct.counted, k, countKey(s.item.GTIN, lot))
	s.st = stSerial
	return v, []inventory.Event{e}
}

// countFinish ends the location's count, asking first when lines on
// record were not counted.
func (ct *counting) countFinish(s *State, cat Catalog) (Verdict, []inventory.Event) {
	g, v := ct.gaps(*s, cat)
	if v.Level == Error {
		return v, nil
	}
	if g.empty() {
		done := ct.place
		ct.countReset(s)
		return okf("Count of %s done", done), nil
	}
	s.st = stConfirm
	return warnf("%s on record not counted", gapText(g)), nil
}

// gapText is "2 lines", "1 serial", "1 line and 3 serials".
func gapText(g countGaps) string {
	var parts []string
	if len(g.rest) > 0 {
		parts = append(parts, plural(len(g.rest), "line"))
	}
	if len(g.missing) > 0 {
		parts = append(parts, plural(len(g.missing), "serial"))
	}
	return strings.Join(parts, " and ")
}

func (ct *counting) countReset(s *State) {
	s.finished = true
	s.clearItem()
	ct.counted, ct.count = nil, nil
	if s.ctx.Location != "" {
		s.st = stItem // a fixed location: count it again
		return
	}
	ct.place = ""
	s.st = stFrom
}

func (ct *counting) prompt(s State, cat Catalog) Prompt {
	var p Prompt
	if s.st == stFrom {
		return Prompt{Want: WantLocation, Text: "Scan LOCATION", Why: "the place to count"}
	}
	rows, _ := cat.Stock(StockFilter{Location: ct.place})
	p.Info = append(p.Info, fmt.Sprintf("%s: %d of %d lines counted", ct.place, countedLines(ct.counted, rows), len(positive(rows))))
	if s.item.GTIN != "" {
		p.Info = append(p.Info, short(s.item)+" "+s.item.Name)
		if s.lot != "" {
			p.Info = append(p.Info, "Lot "+s.lot)
		}
	}
	switch s.st {
	case stItem:
		p.Want, p.Text, p.Why = WantItemOrDone, "Scan ITEM", "Enter when the place is done"
	case stLot:
		p.Want, p.Text, p.Why = WantLot, "Scan LOT", short(s.item)+" is lot-tracked"
	case stQty:
		p.Want, p.Text, p.Why = WantQty, "Key COUNTED QTY", "what you see, 0 if none"
	case stSerial:
		p.Want, p.Text, p.Why = WantSerial, "Scan SERIAL", "each unit; Enter when done"
	case stConfirm:
		g, _ := ct.gaps(s, cat)
		p.Want, p.Text, p.Why = WantConfirm, "Enter: rest are 0", gapText(g)+" left"
		// Missing serials first: each is one traced unit, worth a
		// second look before Enter writes it off.
		var info []string
		for _, u := range g.missing {
			name := u.GTIN
			if pr, err := cat.Product(u.GTIN); err == nil {
				name = short(pr)
			}
			info = append(info, name+" "+u.Serial+" missing")
		}
		for _, r := range g.rest {
			name := r.GTIN
			if pr, err := cat.Product(r.GTIN); err == nil {
				name = short(pr)
			}
			info = append(info, strings.Join(strings.Fields(fmt.Sprintf("%s %s ×%d", name, r.Lot, r.Qty)), " "))
		}
		// All of them: the screen scrolls (↑↓), and every unit about to
		// be written off must be there to check.
		p.Info = append(p.Info, info...)
	}
	return p
}

func countedLines(counted []string, rows []StockRow) int {
	n := 0
	for _, r := range positive(rows) {
		if slices.Contains(counted, countKey(r.GTIN, r.Lot)) {
			n++
		}
	}
	return n
}

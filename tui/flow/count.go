package flow

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scanterm/scanterm/sync/wire"
)

// Count: location → items (lot and counted quantity, or each serial) →
// Enter finishes; lines on record but not counted are confirmed as zero.
// Each count event sets the stock of that product and lot at the location.

func (s *State) openCount(cat Catalog, code string) Verdict {
	l, err := cat.Location(code)
	if err != nil {
		return lookupErr(err, "location "+code)
	}
	s.to = l.Code
	s.counted = nil
	s.count = nil
	s.clearItem()
	s.st = stItem
	rows, _ := cat.Stock(StockFilter{Location: l.Code})
	return okf("Counting %s: %s on record", l.Code, plural(len(positive(rows)), "line"))
}

func positive(rows []StockRow) []StockRow {
	out := rows[:0:0]
	for _, r := range rows {
		if r.Qty > 0 {
			out = append(out, r)
		}
	}
	return out
}

func countKey(gtin, lot string) string { return gtin + "\x00" + lot }

// uncounted lists the lines on record at the location nobody counted yet
// (serialised products are compared by number of serials counted).
func (s State) uncounted(cat Catalog) ([]StockRow, Verdict) {
	rows, err := cat.Stock(StockFilter{Location: s.to})
	if err != nil {
		return nil, lookupErr(err, "stock at "+s.to)
	}
	var out []StockRow
	for _, r := range positive(rows) {
		if !contains(s.counted, countKey(r.GTIN, r.Lot)) {
			out = append(out, r)
		}
	}
	return out, Verdict{}
}

func stepCount(s *State, cat Catalog, in Input) (Verdict, []wire.Event) {
	switch s.st {
	case stFrom:
		l, v := needLocation(cat, in, "count")
		if v.Level == Error {
			return v, nil
		}
		return s.openCount(cat, l.Code), nil

	case stItem:
		if in.Cmd == CmdEnter {
			return s.countFinish(cat)
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if l.Code == s.to {
				return okf("Counting %s", l.Code), nil
			}
			return errorf("Finish %s first (Enter), then scan %s", s.to, l.Code), nil
		}
		r, v, got := readItem(s, cat, in, true)
		if !got {
			return v, nil
		}
		s.item, s.raw, s.lot = r.prod, in.Raw, r.lot
		switch {
		case r.prod.Tracking == wire.TrackSerial && r.serial == "":
			s.st = stSerial
			return okf("%s: scan each SERIAL", short(r.prod)), nil
		case r.prod.Tracking == wire.TrackSerial:
			return s.countSerial(cat, r.serial, in.Raw)
		case r.prod.Tracking == wire.TrackLot && s.lot == "":
			s.st = stLot
			return okf("%s: scan the LOT", short(r.prod)), nil
		}
		return s.countReady(cat)

	case stLot:
		lot, _, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		s.lot = lot
		return s.countReady(cat)

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
		return s.countRecord(cat, n)

	case stSerial:
		if in.Cmd == CmdEnter {
			s.clearItem()
			s.st = stItem
			return okf("Scan the next ITEM, Enter to finish"), nil
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if l.Code == s.to {
				return okf("Counting %s", l.Code), nil
			}
			return errorf("Finish %s first (Enter twice), then scan %s", s.to, l.Code), nil
		}
		if (in.GTIN != "" && in.GTIN != s.item.GTIN) || (in.GS1 && in.Serial == "") {
			s.clearItem()
			s.st = stItem
			return stepCount(s, cat, in) // the next item: serials of this one are done
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return s.countSerial(cat, serial, in.Raw)

	case stConfirm:
		if in.Cmd != CmdEnter {
			return errorf("Enter: count the rest as 0; Esc: go back"), nil
		}
		rest, v := s.uncounted(cat)
		if v.Level == Error {
			return v, nil
		}
		var (
			acts    []wire.Event
			serials int
		)
		var missing []string
		for _, r := range rest {
			if p, err := cat.Product(r.GTIN); err == nil && p.Tracking == wire.TrackSerial {
				// Missing serials are not zeroed blindly: each unit
				// needs its own trace, a supervisor settles them.
				serials += int(r.Qty)
				missing = append(missing, fmt.Sprintf("%s ×%d", itemText(p, r.Lot), r.Qty))
				continue
			}
			acts = append(acts, wire.Event{
				Operator: s.ctx.Operator, Kind: wire.KindCount, GTIN: r.GTIN, Lot: r.Lot,
				Qty: 0, To: s.to,
			})
		}
		done := s.to
		s.countReset()
		v = warnf("Count of %s done", done)
		if len(acts) > 0 {
			v.Reason += fmt.Sprintf("; %s set to 0", plural(len(acts), "line"))
		}
		if serials > 0 {
			v.Reason += fmt.Sprintf("; %s not found (%s): not recorded, tell a supervisor", plural(serials, "serialised unit"), strings.Join(missing, ", "))
		}
		return v, acts
	}
	return errorf("Nothing to do here: Esc"), nil
}

// countReady asks for the quantity, or in a station adds one unit (or
// the barcode's count) to the running total.
func (s *State) countReady(cat Catalog) (Verdict, []wire.Event) {
	if !s.ctx.Unattended {
		s.st = stQty
		return okf("%s: key the count", itemText(s.item, s.lot)), nil
	}
	if s.count == nil {
		s.count = map[string]int64{}
	}
	k := countKey(s.item.GTIN, s.lot)
	s.count[k]++
	return s.countRecord(cat, s.count[k])
}

func (s *State) countRecord(cat Catalog, n int64) (Verdict, []wire.Event) {
	had, v := stockAt(cat, s.to, s.item.GTIN, s.lot)
	if v.Level == Error {
		return v, nil
	}
	e := wire.Event{
		Operator: s.ctx.Operator, Kind: wire.KindCount, GTIN: s.item.GTIN, Lot: s.lot,
		Qty: n, To: s.to, Raw: s.raw,
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
	if !contains(s.counted, k) {
		s.counted = append(s.counted, k)
	}
	s.clearItem()
	s.st = stItem
	return v, []wire.Event{e}
}

func (s *State) countSerial(cat Catalog, serial, raw string) (Verdict, []wire.Event) {
	k := countKey(s.item.GTIN, "#"+serial)
	if contains(s.counted, k) {
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
	case st.Status == SerialShipped:
		return errorf("Serial %s has shipped: record a return first", serial), nil
	case st.Location != s.to && st.Location != "":
		return errorf("Serial %s is recorded at %s: move it here first", serial, st.Location), nil
	case st.Status != SerialInStock:
		v = warnf("Serial %s was %s: counted here", serial, statusWords(st.Status))
		lot = st.Lot
	default:
		lot = st.Lot
	}
	e := wire.Event{
		Operator: s.ctx.Operator, Kind: wire.KindCount, GTIN: s.item.GTIN, Lot: lot,
		Serial: serial, Qty: 1, To: s.to, Raw: raw,
	}
	s.counted = append(s.counted, k, countKey(s.item.GTIN, lot))
	s.st = stSerial
	return v, []wire.Event{e}
}

// countFinish ends the location's count, asking first when lines on
// record were not counted.
func (s *State) countFinish(cat Catalog) (Verdict, []wire.Event) {
	rest, v := s.uncounted(cat)
	if v.Level == Error {
		return v, nil
	}
	if len(rest) == 0 {
		done := s.to
		s.countReset()
		return okf("Count of %s done", done), nil
	}
	s.st = stConfirm
	return warnf("%s on record not counted", plural(len(rest), "line")), nil
}

func (s *State) countReset() {
	s.finished = true
	s.clearItem()
	s.counted, s.count = nil, nil
	if s.ctx.Location != "" {
		s.st = stItem // a fixed location: count it again
		return
	}
	s.to = ""
	s.st = stFrom
}

func promptCount(s State, cat Catalog) Prompt {
	var p Prompt
	if s.st == stFrom {
		return Prompt{Want: WantLocation, Text: "Scan LOCATION", Why: "the place to count"}
	}
	rows, _ := cat.Stock(StockFilter{Location: s.to})
	p.Info = append(p.Info, fmt.Sprintf("%s: %d of %d lines counted", s.to, countedLines(s, rows), len(positive(rows))))
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
		rest, _ := s.uncounted(cat)
		p.Want, p.Text, p.Why = WantConfirm, "Enter: rest are 0", plural(len(rest), "line")+" not counted"
		for i, r := range rest {
			if i == 4 {
				p.Info = append(p.Info, fmt.Sprintf("… %d more", len(rest)-4))
				break
			}
			name := r.GTIN
			if pr, err := cat.Product(r.GTIN); err == nil {
				name = short(pr)
			}
			p.Info = append(p.Info, fmt.Sprintf("%s %s ×%d", name, r.Lot, r.Qty))
		}
	}
	return p
}

func countedLines(s State, rows []StockRow) int {
	n := 0
	for _, r := range positive(rows) {
		if contains(s.counted, countKey(r.GTIN, r.Lot)) {
			n++
		}
	}
	return n
}

// plural is "1 line", "2 lines".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

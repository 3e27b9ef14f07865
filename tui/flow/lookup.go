package flow

import (
	"errors"
	"fmt"
	"slices"

	"github.com/scanterm/scanterm/inventory"
)

// Look-up: scan anything — product, lot, serial, location or document —
// and see what it is, where it is and what happened to it. A recalled or
// quarantined lot raises Prompt.Alert. Nothing is recorded.

// lookupLines caps the context lines a look-up returns.
const lookupLines = 40

func stepLookup(s State, cat Catalog, in Input) (State, Outcome) {
	if in.Cmd != CmdNone {
		return s, s.outcome(cat, Verdict{})
	}
	info, alert, v := lookup(cat, in, s.today(in))
	out := s.outcome(cat, v)
	if len(info) > lookupLines {
		info = append(info[:lookupLines-1], fmt.Sprintf("… %d more", len(info)-lookupLines+1))
	}
	out.Prompt.Info = info
	out.Prompt.Alert = alert
	return s, out
}

func lookup(cat Catalog, in Input, today string) (info []string, alert bool, v Verdict) {
	if l, ok, lv := asLocation(cat, in); lv.Level == Error {
		return nil, false, lv
	} else if ok {
		return lookupLocation(cat, l, today)
	}
	if in.GTIN != "" {
		p, err := cat.Product(in.GTIN)
		if err != nil {
			return nil, false, lookupErr(err, "product "+in.GTIN)
		}
		switch {
		case in.Serial != "":
			return lookupSerial(cat, p, in.Serial)
		case in.Lot != "":
			return lookupLot(cat, p, in.Lot, today)
		}
		return lookupProduct(cat, p, today)
	}
	if in.GS1 {
		if in.SSCC != "" {
			return nil, false, errorf("Pallet %s: its label names no item", in.SSCC)
		}
		return nil, false, errorf("Lot or date without item: scan the item label")
	}
	code := text(in)
	if in.GS1Err == nil {
		if info, ok := lookupDoc(cat, code); ok {
			return info, false, okf("Document %s", code)
		}
	}
	if st, err := cat.Serial("", code); err == nil {
		p, err := cat.Product(st.GTIN)
		if err != nil {
			p = inventory.Product{GTIN: st.GTIN}
		}
		return lookupSerial(cat, p, st.Serial)
	} else if !errors.Is(err, ErrNotFound) {
		return nil, false, lookupErr(err, "serial "+code)
	}
	if in.GS1Err != nil {
		return nil, false, unreadable(in.GS1Err)
	}
	if info, alert, v, ok := lookupLotCode(cat, code, today); ok {
		return info, alert, v
	}
	return nil, false, errorf("%q is no item, lot, serial, place or document here", fitN(code, 20))
}

// lookupLotCode finds a lot by its code alone, among the lots in stock of
// every product: "where is lot L?" is asked without the item label. One
// product shows the lot; several list the products, for the item label
// to tell them apart. ok is false when neither stock nor a lot record
// (see LotFinder) carries the code.
func lookupLotCode(cat Catalog, code, today string) (info []string, alert bool, v Verdict, ok bool) {
	if code == "" {
		return nil, false, Verdict{}, false
	}
	rows, err := cat.Stock(StockFilter{Lot: code})
	if err != nil {
		return nil, false, lookupErr(err, "lot "+code), true
	}
	var (
		gtins []string
		qty   = map[string]int64{}
	)
	for _, r := range rows {
		if r.Lot != code || r.Qty <= 0 {
			continue
		}
		if !slices.Contains(gtins, r.GTIN) {
			gtins = append(gtins, r.GTIN)
		}
		qty[r.GTIN] += r.Qty
	}
	product := func(gtin string) inventory.Product {
		if p, err := cat.Product(gtin); err == nil {
			return p
		}
		return inventory.Product{GTIN: gtin}
	}
	if len(gtins) == 0 {
		// No stock carries it: the lot may still be known (all shipped,
		// expired and written off, announced by the hub).
		if lf, has := unmemo(cat).(LotFinder); has {
			lots, err := lf.LotsByCode(code)
			if err != nil {
				return nil, false, lookupErr(err, "lot "+code), true
			}
			for _, l := range lots {
				gtins = append(gtins, l.GTIN)
			}
		}
	}
	switch len(gtins) {
	case 0:
		return nil, false, Verdict{}, false
	case 1:
		info, alert, v := lookupLot(cat, product(gtins[0]), code, today)
		return info, alert, v, true
	}
	for _, g := range gtins {
		p := product(g)
		line := fmt.Sprintf("%s %s ×%d", short(p), p.Name, qty[g])
		if w := blockedWord(cat, g, code, today); w != "" {
			line += " " + w
			alert = true
		}
		info = append(info, line)
	}
	return info, alert, okf("Lot %s of %d products: scan the item label", code, len(gtins)), true
}

// blockedWord is how a listing marks a lot that may not be picked:
// RECALLED, QUARANTINE or EXPIRED (on today), "" for a released lot in date.
func blockedWord(cat Catalog, gtin, lot, today string) string {
	if lot == "" {
		return ""
	}
	l, ok := knownLot(cat, gtin, lot)
	switch {
	case !ok:
		return ""
	case l.Status != inventory.LotReleased && l.Status != "":
		return upper(string(l.Status))
	case l.Expiry != "" && today != "" && l.Expiry < today:
		return "EXPIRED"
	}
	return ""
}

func lookupLocation(cat Catalog, l inventory.Location, today string) ([]string, bool, Verdict) {
	info := []string{fmt.Sprintf("%s %s, %s", l.Code, l.Kind, l.Warehouse)}
	rows, err := cat.Stock(StockFilter{Location: l.Code})
	if err != nil {
		return nil, false, lookupErr(err, "stock at "+l.Code)
	}
	rows = positive(rows)
	if len(rows) == 0 {
		info = append(info, "Empty")
	}
	alert := false
	for _, r := range rows {
		name := r.GTIN
		if p, err := cat.Product(r.GTIN); err == nil {
			name = short(p)
		}
		line := fmt.Sprintf("%s %s ×%d", name, r.Lot, r.Qty)
		if w := blockedWord(cat, r.GTIN, r.Lot, today); w != "" {
			line = fmt.Sprintf("%s %s ×%d %s", name, r.Lot, r.Qty, w)
			alert = true
		}
		info = append(info, line)
	}
	v := okf("Location %s", l.Code)
	if alert {
		v = warnf("%s holds a blocked lot", l.Code)
	}
	return info, alert, v
}

func lookupProduct(cat Catalog, p inventory.Product, today string) ([]string, bool, Verdict) {
	info := []string{short(p) + " " + p.Name, "GTIN " + p.GTIN, "Tracking: " + string(p.Tracking)}
	rows, v := holders(cat, p.GTIN, "")
	if v.Level == Error {
		return nil, false, v
	}
	var total int64
	for _, r := range rows {
		total += r.Qty
	}
	info = append(info, fmt.Sprintf("In stock: %d", total))
	alert := false
	for _, r := range rows {
		line := fmt.Sprintf("%s %s ×%d", r.Location, r.Lot, r.Qty)
		if w := blockedWord(cat, p.GTIN, r.Lot, today); w != "" {
			line += " " + w
			alert = true
		}
		info = append(info, line)
	}
	return info, alert, okf("%s", short(p))
}

func lookupLot(cat Catalog, p inventory.Product, lot, today string) ([]string, bool, Verdict) {
	info := []string{short(p) + " " + p.Name}
	v := okf("Lot %s", lot)
	alert := false
	if l, err := cat.Lot(p.GTIN, lot); err == nil {
		info = append(info, lotText(lot, l.Expiry))
		switch l.Status {
		case inventory.LotRecalled, inventory.LotQuarantine:
			// The red line says the status; the verdict says what to do,
			// so the screen does not say the status twice.
			info = append(info, fmt.Sprintf("LOT %s IS %s", lot, upper(string(l.Status))))
			alert = true
			v = warnf("Do not pick or ship this lot")
		default:
			if l.Expiry != "" && today != "" && l.Expiry < today {
				info = append(info, "EXPIRED")
				alert = true
				v = warnf("Lot %s expired on %s", lot, l.Expiry)
			}
		}
	} else if errors.Is(err, ErrNotFound) {
		info = append(info, "Lot "+lot+" (no lot record)")
	} else {
		return nil, false, lookupErr(err, "lot "+lot)
	}
	rows, hv := holders(cat, p.GTIN, lot)
	if hv.Level == Error {
		return nil, false, hv
	}
	for _, r := range rows {
		info = append(info, fmt.Sprintf("At %s ×%d", r.Location, r.Qty))
	}
	evs, err := cat.History(p.GTIN, lot, "", 0)
	if err != nil {
		return nil, false, lookupErr(err, "history of lot "+lot)
	}
	hist, xv := historyLines(cat, evs)
	if xv.Level != None {
		alert = true
		v = worse(v, xv)
	}
	return append(info, hist...), alert, v
}

// historyLines shows events one per line; an event the hub raised an open
// exception on is marked "!" and followed by what is wrong in floor words
// (hubWords: the hub's own message, with event ids and sequence numbers,
// is for the supervisor at the hub), and xv counts them (a Warning).
func historyLines(cat Catalog, evs []inventory.Event) (lines []string, xv Verdict) {
	open := map[string][]string{}
	base := unmemo(cat)
	if src, ok := base.(ExceptionSource); ok {
		// An unreadable exception list hides no history: the events
		// are still shown, only unmarked.
		if xs, err := src.Exceptions(); err == nil {
			for _, x := range xs {
				if !x.Resolved && x.EventID != "" {
					open[x.EventID] = append(open[x.EventID], hubWords(x.Code))
				}
			}
		}
	}
	n := 0
	for _, e := range evs {
		msgs := open[e.ID]
		if len(msgs) == 0 {
			lines = append(lines, histLine(e))
			continue
		}
		lines = append(lines, "! "+histLine(e))
		for _, m := range msgs {
			lines = append(lines, "! "+m)
			n++
		}
	}
	if n > 0 {
		xv = warnf("Hub flagged %s here (marked !)", plural(n, "event"))
	}
	return lines, xv
}

// hubWords says in floor words what a hub exception code means and what
// to do (docs/exceptions.md has the supervisor's side).
func hubWords(code string) string {
	switch code {
	case "serial_duplicate":
		return "Hub: this unit was already in. Tell a supervisor"
	case "serial_location":
		return "Hub: the unit was elsewhere. Count both places"
	case "serial_shipped":
		return "Hub: the unit was shipped. Tell a supervisor"
	case "serial_shipped_twice":
		return "Hub: unit shipped twice. Tell a supervisor"
	case "negative_stock":
		return "Hub: more taken than it had there. Count the place"
	case "recalled_lot_moved":
		return "Hub: lot is recalled. Quarantine the units"
	case "quarantined_lot_moved", "quarantined_lot_picked", "quarantined_lot_shipped":
		return "Hub: lot is in quarantine. Put it back in quarantine"
	case "expired_lot_picked", "expired_lot_shipped":
		return "Hub: lot had expired. Quarantine the units"
	case "over_receipt":
		return "Hub: more received than ordered. Tell a supervisor"
	case "short_shelf_life":
		return "Hub: lot too short-dated. Take it back"
	case "unknown_location":
		return "Hub does not know this place. Tell a supervisor"
	case "unknown_document":
		return "Hub does not know this order. Tell a supervisor"
	case "invalid_event":
		return "Hub could not apply this. Tell a supervisor"
	}
	return "Hub flagged this. Tell a supervisor"
}

func lookupSerial(cat Catalog, p inventory.Product, serial string) ([]string, bool, Verdict) {
	info := []string{short(p) + " " + p.Name, "Serial " + serial}
	st, known, v := serialKnown(cat, p.GTIN, serial)
	if v.Level == Error {
		return nil, false, v
	}
	if !known {
		return info, false, warnf("Serial %s is not on record", serial)
	}
	where := statusWords(st.Status)
	if st.Location != "" {
		where += " at " + st.Location
	}
	info = append(info, where)
	alert := false
	v = okf("Serial %s: %s", serial, where)
	if st.Lot != "" {
		info = append(info, "Lot "+st.Lot)
		if l, ok := knownLot(cat, p.GTIN, st.Lot); ok && l.Status != inventory.LotReleased {
			info = append(info, fmt.Sprintf("LOT %s IS %s", st.Lot, upper(string(l.Status))))
			alert = true
			v = warnf("Do not pick or ship this unit")
		}
	}
	evs, err := cat.History(p.GTIN, "", serial, 0)
	if err != nil {
		return nil, false, lookupErr(err, "history of "+serial)
	}
	hist, xv := historyLines(cat, evs)
	if xv.Level != None {
		alert = true
		v = worse(v, xv)
	}
	return append(info, hist...), alert, v
}

// lookupDoc describes a document by its id, if one has it.
func lookupDoc(cat Catalog, id string) ([]string, bool) {
	if po, err := cat.PurchaseOrder(id); err == nil {
		got, _ := cat.Received(id)
		info := []string{"PO " + po.ID + " " + po.Supplier}
		for _, l := range po.Lines {
			info = append(info, fmt.Sprintf("%d: %s %d/%d", l.Line, l.GTIN, got[l.Line], l.Qty))
		}
		return info, true
	}
	if pl, err := cat.PickList(id); err == nil {
		got, _ := cat.Picked(id)
		info := []string{"Pick " + pl.ID + " for " + pl.SalesOrder}
		for _, l := range pl.Lines {
			info = append(info, fmt.Sprintf("%d: %s %s %d/%d", l.Line, l.GTIN, l.Lot, got[l.Line], l.Qty))
		}
		return info, true
	}
	if so, err := cat.SalesOrder(id); err == nil {
		got, _ := cat.Shipped(id)
		info := []string{"Order " + so.ID + " " + so.Customer}
		for _, l := range so.Lines {
			info = append(info, fmt.Sprintf("%d: %s %d/%d", l.Line, l.GTIN, got[l.Line], l.Qty))
		}
		return info, true
	}
	if ra, err := cat.ReturnAuth(id); err == nil {
		info := []string{"RA " + ra.ID + " order " + ra.SalesOrder}
		for _, l := range ra.Lines {
			info = append(info, fmt.Sprintf("%d: %s %s%s ×%d", l.Line, l.GTIN, l.Lot, l.Serial, l.Qty))
		}
		return info, true
	}
	return nil, false
}

// histLine is one event in a 30-column line: "11-02 ship 1 SO-1".
func histLine(e inventory.Event) string {
	where := e.To
	switch e.Kind {
	case inventory.KindShip:
		where = e.Doc
	case inventory.KindMove, inventory.KindPutaway, inventory.KindPick:
		where = e.From + "→" + e.To
	}
	return fmt.Sprintf("%s %s %d %s", e.At.Format("01-02"), e.Kind, e.Qty, where)
}

package flow

import (
	"fmt"
	"slices"

	"github.com/scanterm/scanterm/inventory"
)

// Receive: PO → item → lot → expiry → quantity or serials → location.

// receiving is what Receive keeps beyond the item in hand.
type receiving struct {
	doc       string // the purchase order
	confirmed bool   // the operator accepted an over-receipt
	override  string // the reason codes given for overrides of this item, if the terminal has codes
	expiredOK bool   // the operator gave a reason to receive an expired lot
	heldSaid  bool   // the held-lot warning was given for this item
	lastTo    string // last receiving location, suggested again
}

// startReceive asks for the PO, or opens the one the context presets.
func startReceive(s *State, cat Catalog) Verdict {
	rc := &receiving{}
	s.job, s.st = rc, stDoc
	if id := s.ctx.PO; id != "" {
		return rc.openPO(s, cat, id)
	}
	return Verdict{}
}

func (rc *receiving) clone() job    { n := *rc; return &n }
func (rc *receiving) docID() string { return rc.doc }

func (rc *receiving) clearItem() {
	rc.confirmed, rc.heldSaid, rc.override, rc.expiredOK = false, false, "", false
}

// leave keeps a fully received PO open: the prompt says so, and more
// (over-receipt) may still come.
func (rc *receiving) leave(*State) bool { return false }

func (rc *receiving) openPO(s *State, cat Catalog, id string) Verdict {
	po, err := cat.PurchaseOrder(id)
	if err != nil {
		return lookupErr(err, "purchase order "+id)
	}
	if po.Status == inventory.DocClosed {
		return errorf("PO %s is closed: nothing more to receive", po.ID)
	}
	rc.doc = po.ID
	s.clearItem()
	s.st = stItem
	return okf("PO %s from %s", po.ID, po.Supplier)
}

// poLine is the PO line the current item is received against and how many
// units it still expects (negative once over-received).
func (rc *receiving) poLine(s State, cat Catalog) (inventory.POLine, int64, error) {
	po, err := cat.PurchaseOrder(rc.doc)
	if err != nil {
		return inventory.POLine{}, 0, err
	}
	got, err := progress(cat.Received, rc.doc, s.fresh)
	if err != nil {
		return inventory.POLine{}, 0, err
	}
	for _, l := range po.Lines {
		if l.Line == s.line {
			return l, l.Qty - got[l.Line], nil
		}
	}
	return inventory.POLine{}, 0, fmt.Errorf("PO %s has no line %d", rc.doc, s.line)
}

// complete reports whether every PO line is received.
func (rc *receiving) complete(s State, cat Catalog) bool {
	po, err := cat.PurchaseOrder(rc.doc)
	if err != nil {
		return false
	}
	got, err := progress(cat.Received, rc.doc, s.fresh)
	if err != nil {
		return false
	}
	for _, l := range po.Lines {
		if got[l.Line] < l.Qty {
			return false
		}
	}
	return true
}

func (rc *receiving) step(s *State, cat Catalog, in Input) (Verdict, []inventory.Event) {
	switch s.st {
	case stDoc:
		if in.Cmd != CmdNone {
			return errorf("Scan or key the PO number"), nil
		}
		if in.GTIN != "" || in.SSCC != "" {
			return errorf("That is an item: scan the PO number first"), nil
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			return errorf("That is location %s: scan the PO number first", l.Code), nil
		}
		return rc.openPO(s, cat, text(in)), nil

	case stItem:
		if in.SSCC != "" && in.Cmd == CmdNone {
			// An SSCC is unique: a pallet already received is a double scan.
			lines, known, pv := pallet(cat, in.SSCC)
			if pv.Level == Error {
				return pv, nil
			}
			for _, l := range lines {
				if known && l.Qty > 0 {
					return errorf("Pallet …%s was already received (%s line %d): Esc", last4(in.SSCC), l.Doc, l.DocLine), nil
				}
			}
		}
		r, v, got := readItem(s, cat, in, false)
		if !got {
			return v, nil
		}
		po, err := cat.PurchaseOrder(rc.doc)
		if err != nil {
			return lookupErr(err, "purchase order "+rc.doc), nil
		}
		done, err := progress(cat.Received, rc.doc, s.fresh)
		if err != nil {
			return lookupErr(err, "receipts of "+rc.doc), nil
		}
		line := 0
		for _, l := range po.Lines {
			if l.GTIN != r.prod.GTIN {
				continue
			}
			if line == 0 {
				line = l.Line
			}
			if done[l.Line] < l.Qty {
				line = l.Line
				break
			}
		}
		if line == 0 {
			return errorf("%s is not on PO %s", short(r.prod), rc.doc), nil
		}
		if r.prod.Tracking == inventory.TrackSerial && r.count > 1 {
			return errorf("%s is serialised: scan each unit's serial, not a case", short(r.prod)), nil
		}
		s.item, s.line, s.raw, s.sscc = r.prod, line, in.Raw, r.sscc
		s.lot, s.expiry = r.lot, r.expiry
		v = okf("%s, PO line %d", short(r.prod), line)
		if r.sscc != "" {
			// Say what the pallet label brought in, not only the product.
			n := r.count
			if n == 0 {
				n = 1
			}
			v = okf("Pallet …%s: %d × %s, PO line %d", last4(r.sscc), n, itemText(r.prod, r.lot), line)
		}
		if r.prod.Tracking != inventory.TrackSerial && r.count > 0 {
			s.qty = r.count
		}
		return rc.advance(s, cat, in, v, r.serial)

	case stLot:
		lot, exp, v := readLot(cat, s, in)
		if v.Level == Error {
			return v, nil
		}
		s.lot = lot
		if exp != "" {
			s.expiry = exp
		}
		serial := ""
		if in.GS1 && s.item.Tracking == inventory.TrackSerial {
			serial = in.Serial
		}
		if in.Count > 0 && s.item.Tracking != inventory.TrackSerial {
			s.qty = in.Count
		}
		return rc.advance(s, cat, in, okf("Lot %s", lot), serial)

	case stExpiry:
		exp, v := readExpiry(s, in)
		if v.Level == Error {
			return v, nil
		}
		s.expiry = exp
		return rc.advance(s, cat, in, v, "")

	case stQty:
		if in.Cmd == CmdEnter {
			_, rem, err := rc.poLine(*s, cat)
			if err != nil {
				return lookupErr(err, "PO line"), nil
			}
			if rem <= 0 {
				return errorf("Line is fully received: key the quantity"), nil
			}
			s.qty = rem
		} else {
			if _, ok, _ := asLocation(cat, in); ok {
				return errorf("Key the QUANTITY first, then scan the location"), nil
			}
			if in.GS1 && !in.Keyed {
				return errorf("Key the QUANTITY in digits"), nil
			}
			n, v := parseQty(in)
			if v.Level == Error {
				return v, nil
			}
			s.qty = n
		}
		return rc.advance(s, cat, in, okf("Qty %d", s.qty), "")

	case stOverride:
		rv, ok := rc.takeExpiredReason(s, cat, in)
		if !ok {
			return rv, nil
		}
		return rc.advance(s, cat, in, rv, "")

	case stConfirm:
		if rv, took, has := rc.confirmOver(s, cat, in); has {
			if !took {
				return rv, nil
			}
			av, acts := rc.advance(s, cat, in, okf("Qty %d", s.qty), "")
			return worse(av, rv), acts
		}
		switch {
		case in.Cmd == CmdEnter:
			rc.confirmed = true
		case in.Cmd == CmdNone && (!in.GS1 || in.Keyed):
			n, v := parseQty(in)
			if v.Level == Error {
				return errorf("Enter confirms %d; or key another quantity", s.qty), nil
			}
			s.qty = n
		default:
			return errorf("Enter confirms %d; or key another quantity", s.qty), nil
		}
		return rc.advance(s, cat, in, okf("Qty %d", s.qty), "")

	case stSerial:
		if in.Cmd == CmdEnter {
			if len(s.serials) == 0 {
				return errorf("Scan a SERIAL, or Esc"), nil
			}
			s.st = stTo
			return okf("%d serials: scan the location", len(s.serials)), nil
		}
		if l, ok, lv := asLocation(cat, in); lv.Level == Error {
			return lv, nil
		} else if ok {
			if len(s.serials) == 0 {
				return errorf("Scan a SERIAL first"), nil
			}
			return rc.record(s, cat, l)
		}
		if in.GS1 && in.Lot != "" && s.lot != "" && in.Lot != s.lot {
			return errorf("Lot %s differs from %s: finish these first (Enter)", in.Lot, s.lot), nil
		}
		serial, v := readSerial(s, in)
		if v.Level == Error {
			return v, nil
		}
		return rc.takeSerial(s, cat, serial, in.Raw)

	case stTo:
		if sug := rc.suggestTo(*s, cat); in.Cmd == CmdEnter && sug != "" {
			in = Input{Raw: sug, Keyed: true} // Enter takes the suggestion
		}
		l, v := needLocation(cat, in, "receiving")
		if v.Level == Error {
			return v, nil
		}
		return rc.record(s, cat, l)
	}
	return errorf("Nothing to do here: Esc"), nil
}

// advance moves to the first thing the current item still lacks,
// and records when nothing is missing and the location is fixed.
func (rc *receiving) advance(s *State, cat Catalog, in Input, v Verdict, serial string) (Verdict, []inventory.Event) {
	p := s.item
	if p.Tracking == inventory.TrackLot && s.lot == "" {
		s.st = stLot
		return v, nil
	}
	if s.lot != "" {
		if l, ok := knownLot(cat, p.GTIN, s.lot); ok && l.Expiry != "" {
			switch {
			case s.expiry == "":
				s.expiry = l.Expiry
			case s.expiry != l.Expiry:
				v = worse(v, warnf("Label expiry %s, lot record says %s: recording the label date; tell a supervisor", s.expiry, l.Expiry))
			}
		}
	}
	if st, blocked := lotHeld(cat, p.GTIN, s.lot, s.expiry, s.today(in)); blocked && !rc.heldSaid {
		// Say it at once, not after recording: it goes to quarantine.
		rc.heldSaid = true
		if st == "expired" && s.expiry != "" {
			v = worse(v, warnf("Lot %s expired on %s: receive it into quarantine", s.lot, s.expiry))
		} else {
			v = worse(v, warnf("Lot %s is %s: receive it into quarantine", s.lot, st))
		}
	}
	if p.ExpiryRequired && s.expiry == "" {
		s.st = stExpiry
		return v, nil
	}
	if ev, asked := rc.askExpired(s, cat, in, v); asked {
		return ev, nil
	}
	if s.expiry != "" {
		if t := s.today(in); t != "" && s.expiry < t && v.Level < Warning {
			v = worse(v, warnf("Lot expired on %s", s.expiry))
		}
	}
	if p.Tracking == inventory.TrackSerial {
		s.st = stSerial
		if serial != "" {
			sv, acts := rc.takeSerial(s, cat, serial, in.Raw)
			return worse(v, sv), acts
		}
		return v, nil
	}
	if s.qty == 0 {
		if !s.ctx.Unattended {
			s.st = stQty
			return v, nil
		}
		s.qty = 1
	}
	_, rem, err := rc.poLine(*s, cat)
	if err != nil {
		return lookupErr(err, "PO line"), nil
	}
	if s.qty > rem && !rc.confirmed {
		over := warnf("%d is %d more than the %d still open on line %d", s.qty, s.qty-rem, rem, s.line)
		if rem <= 0 {
			over = warnf("Line %d is already fully received: %d more is over", s.line, s.qty)
		}
		if !s.ctx.Unattended {
			s.st = stConfirm
			over.Reason += overAsk(cat)
			if v.Reason == fmt.Sprintf("Qty %d", s.qty) {
				return over, nil // "Qty 20" after it says nothing new
			}
			return worse(v, over), nil
		}
		v = worse(v, over)
	}
	if s.ctx.Location != "" {
		l, err := cat.Location(s.ctx.Location)
		if err != nil {
			return lookupErr(err, "location "+s.ctx.Location), nil
		}
		rv, acts := rc.record(s, cat, l)
		return worse(rv, v), acts
	}
	s.st = stTo
	return v, nil
}

// takeSerial captures one unit; with a fixed location it is recorded
// at once.
func (rc *receiving) takeSerial(s *State, cat Catalog, serial, raw string) (Verdict, []inventory.Event) {
	if slices.Contains(s.serials, serial) {
		return errorf("Serial %s already scanned", serial), nil
	}
	st, known, v := serialKnown(cat, s.item.GTIN, serial)
	if v.Level == Error {
		return v, nil
	}
	if known && st.Location != "" {
		return errorf("Serial %s is already in stock at %s", serial, st.Location), nil
	}
	if known && st.Status == inventory.SerialShipped {
		return errorf("Serial %s has shipped before: use Return", serial), nil
	}
	pl, rem, err := rc.poLine(*s, cat)
	if err != nil {
		return lookupErr(err, "PO line"), nil
	}
	s.serials = append(s.serials, serial)
	s.sraws = append(s.sraws, raw)
	v = okf("Serial %s (%d of %d)", serial, len(s.serials), rem)
	if s.ctx.Location != "" {
		// Each unit is recorded at once: count it against the whole line,
		// not against what was left before it ("1 of 2", then "1 of 1").
		v = okf("Serial %s (%d of %d on line %d)", serial, pl.Qty-rem+1, pl.Qty, pl.Line)
	}
	if int64(len(s.serials)) > rem {
		v = warnf("Serial %s is over what PO line %d expects", serial, s.line)
	}
	if s.ctx.Location != "" {
		l, err := cat.Location(s.ctx.Location)
		if err != nil {
			return lookupErr(err, "location "+s.ctx.Location), nil
		}
		item, lot, exp, line, sr := s.item, s.lot, s.expiry, s.line, s.raw
		rv, acts := rc.record(s, cat, l)
		if int64(1) < rem && !s.ctx.Unattended {
			// More units of this line to come: stay on its serials (a
			// station takes whole labels only, so it starts over).
			s.item, s.lot, s.expiry, s.line, s.raw = item, lot, exp, line, sr
			s.st = stSerial
		}
		return worse(rv, v), acts
	}
	if rem > 0 && int64(len(s.serials)) == rem {
		s.st = stTo
		v = okf("Serial %s: all %d scanned, scan the location", serial, rem)
	}
	return v, nil
}

// record drafts the receipt into l and returns to the item prompt.
func (rc *receiving) record(s *State, cat Catalog, l inventory.Location) (Verdict, []inventory.Event) {
	if v := keepApart(cat, s.item.GTIN, s.lot, s.expiry, s.day(), l); v.Level == Error {
		return v, nil
	}
	base := inventory.Event{
		Operator: s.ctx.Operator, Kind: inventory.KindReceive,
		GTIN: s.item.GTIN, Lot: s.lot, Expiry: s.expiry,
		To: l.Code, Doc: rc.doc, DocLine: s.line, SSCC: s.sscc, Override: rc.override,
	}
	var acts []inventory.Event
	n := s.qty
	if s.item.Tracking == inventory.TrackSerial {
		for i, sn := range s.serials {
			e := base
			e.Serial, e.Qty, e.Raw = sn, 1, s.sraws[i]
			acts = append(acts, e)
		}
		n = int64(len(acts))
	} else {
		e := base
		e.Qty, e.Raw = s.qty, s.raw
		acts = append(acts, e)
	}
	v := okf("Received %d × %s → %s", n, short(s.item), l.Code)
	if st, held := lotHeld(cat, s.item.GTIN, s.lot, s.expiry, s.day()); held && l.Kind != inventory.LocQuarantine {
		// A dock or staging place may hold it on its way: say where to.
		next := "a quarantine location"
		if q := quarantinePlace(cat, s.item.GTIN, s.lot, l.Code, l.Code); q != "" {
			next = q
		}
		v = warnf("Received %d × %s → %s; lot %s is %s: move it to %s", n, short(s.item), l.Code, s.lot, st, next)
	}
	rc.lastTo = l.Code
	s.clearItem()
	s.st = stItem
	return v, acts
}

// suggestTo is the receiving location Enter takes: the last one, unless
// the lot is held (recalled, in quarantine): then a quarantine location.
func (rc *receiving) suggestTo(s State, cat Catalog) string {
	if _, held := lotHeld(cat, s.item.GTIN, s.lot, s.expiry, s.day()); held {
		return quarantinePlace(cat, s.item.GTIN, s.lot, rc.lastTo, "")
	}
	if rc.lastTo == "" {
		return ""
	}
	if l, err := cat.Location(rc.lastTo); err == nil && keepApart(cat, s.item.GTIN, s.lot, s.expiry, s.day(), l).Level == Error {
		return ""
	}
	return rc.lastTo
}

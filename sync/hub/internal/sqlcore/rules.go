package sqlcore

import (
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// The rules the hub re-checks for every event it applies, on the in-memory
// view of the projections one push loaded (see applier.run).

// stockEffects lists the (location, signed delta) pairs an event applies;
// set reports a count, whose single pair sets the quantity instead.
func stockEffects(e inventory.Event) (locs []string, deltas []int64, set bool) {
	switch e.Kind {
	case inventory.KindReceive, inventory.KindReturn:
		return []string{e.To}, []int64{e.Qty}, false
	case inventory.KindPutaway, inventory.KindMove, inventory.KindPick:
		return []string{e.From, e.To}, []int64{-e.Qty, e.Qty}, false
	case inventory.KindShip:
		return []string{e.From}, []int64{-e.Qty}, false
	case inventory.KindCount:
		if e.Serial != "" {
			return []string{e.To}, []int64{1}, false // see serialFound
		}
		return []string{e.To}, []int64{e.Qty}, true
	case inventory.KindAdjust:
		return []string{e.AdjustLocation()}, []int64{e.Qty}, false
	}
	return nil, nil, false
}

// serialFound is what a count of one serialised unit, or one leaving a
// place (move, pick, ship, write-off), means for stock, judged by where
// the hub had the unit just before, so that stock always counts the units
// the serial projection has in each place. A count: nothing when the unit
// was there already (here); else one more where it was counted and one
// less where the hub had it (from, of lot). A unit leaving: one less where
// the hub had it (from), even when the terminal thought it elsewhere (the
// serial_location exception says so), and nothing when the hub no longer
// had it in the building (gone).
type serialFound struct {
	here, gone bool
	from, lot  string
}

// takesOut reports whether an event takes its unit out of a place.
func takesOut(e inventory.Event) bool {
	switch e.Kind {
	case inventory.KindPutaway, inventory.KindMove, inventory.KindPick:
		return e.From != e.To
	case inventory.KindShip:
		return true
	case inventory.KindAdjust:
		return e.Qty < 0
	}
	return false
}

// foundBy reads, before a serial event is applied, where the hub has the
// unit (a.serials loaded).
func (a *applier) foundBy(e inventory.Event) serialFound {
	r := a.serials[serialKey{e.GTIN, e.Serial}]
	in := r != nil && present(r.status)
	if e.Kind != inventory.KindCount {
		if !in {
			return serialFound{gone: true}
		}
		return serialFound{from: r.loc, lot: r.lot}
	}
	switch {
	case !in:
		return serialFound{}
	case r.loc == e.To:
		return serialFound{here: true}
	}
	return serialFound{from: r.loc, lot: r.lot}
}

// applyUnit checks one valid event against the serial and lot rules and
// updates the serial projection; it reports whether the event broke a
// serial rule. Events break rules and are applied all the same, because
// they happened on the floor.
func (a *applier) applyUnit(e inventory.Event) (serialConflict bool) {
	if e.Serial != "" {
		n := len(a.exc)
		a.applySerial(e)
		serialConflict = len(a.exc) > n
	}
	if e.Lot != "" {
		lr := a.lots[lotKey(e.GTIN, e.Lot)]
		switch {
		case lr == nil && e.Kind == inventory.KindReceive:
			a.lots[lotKey(e.GTIN, e.Lot)] = &lotRow{lot: inventory.Lot{GTIN: e.GTIN, Lot: e.Lot, Expiry: e.Expiry, Status: inventory.LotReleased}, created: true}
		case lr != nil && lr.lot.Status == inventory.LotRecalled && isOutbound(e.Kind) && !a.quarantine[e.To]:
			// (A move or put-away into a quarantine location is what a
			// recall asks for, not a breach.)
			a.raise(e, "recalled_lot_moved", a.recalledMoveMessage(e, fromNanos(lr.updatedAt)), "")
		case lr != nil && lr.lot.Status == inventory.LotQuarantine && (e.Kind == inventory.KindMove || e.Kind == inventory.KindPutaway) && !a.quarantine[e.To]:
			// The terminal warns against this; a move it let through (the
			// operator went on, or it had not pulled the quarantine) puts
			// held stock where pickers find it.
			a.raise(e, "quarantined_lot_moved", a.quarantinedMoveMessage(e), "")
		case e.Kind != inventory.KindPick && e.Kind != inventory.KindShip:
		case lr != nil && lr.lot.Status == inventory.LotQuarantine:
			a.raise(e, "quarantined_lot_"+outWord(e.Kind), a.blockedOutMessage(e, "is in quarantine at the hub"), "")
		case expiredOn(e, lr):
			a.raise(e, "expired_lot_"+outWord(e.Kind), a.blockedOutMessage(e, "expired "+lotExpiry(e, lr)), "")
		}
	}
	return serialConflict
}

// applyStock adds one valid event to the stock projection. When a serial
// conflict explains the event, stock going negative is the same conflict,
// and one exception is what a supervisor should see.
func (a *applier) applyStock(e inventory.Event, serialConflict bool, found serialFound) {
	if found.here {
		return // a unit counted where it is: nothing changes
	}
	locs, deltas, set := stockEffects(e)
	if e.Kind == inventory.KindCount && e.Serial != "" && found.from != "" {
		// Found here, but the hub had it elsewhere: it leaves that place.
		locs, deltas = append([]string{found.from}, locs...), append([]int64{-1}, deltas...)
	}
	for i, l := range locs {
		k := stockKey{e.GTIN, e.Lot, l}
		if e.Serial != "" && deltas[i] < 0 {
			// A unit leaves where the hub has it, whatever the event says.
			if found.gone {
				continue // the hub had no such unit in the building
			}
			k = stockKey{e.GTIN, found.lot, found.from}
		}
		r := a.stock[k]
		if set {
			r.qty = deltas[i]
		} else {
			r.qty += deltas[i]
			if deltas[i] < 0 && r.qty < 0 && !serialConflict {
				a.raise(e, "negative_stock", fmt.Sprintf("event %s (%s by %s seq %d) takes stock of %s%s at %s below zero (%d); last stock event there: %s",
					e.ID, e.Kind, a.device, e.Seq, e.GTIN, lotSuffix(e.Lot), l, r.qty, orNone(r.lastEvent)), r.lastEvent)
			}
		}
		r.lastEvent, r.dirty = e.ID, true
	}
}

func isOutbound(k inventory.EventKind) bool {
	return k == inventory.KindMove || k == inventory.KindPutaway || k == inventory.KindPick || k == inventory.KindShip
}

func present(status string) bool {
	return status == serInStock || status == serPicked || status == serReturned
}

func (a *applier) applySerial(e inventory.Event) {
	r := a.serials[serialKey{e.GTIN, e.Serial}]
	who := fmt.Sprintf("event %s (%s by %s seq %d)", e.ID, e.Kind, a.device, e.Seq)
	switch e.Kind {
	case inventory.KindReceive, inventory.KindReturn:
		if present(r.status) {
			a.raise(e, "serial_duplicate", fmt.Sprintf("%s brings serial %s of %s in at %s, but it is already %s at %s after event %s",
				who, e.Serial, e.GTIN, e.To, r.status, r.loc, r.lastEvent), r.lastEvent)
		}
		r.status, r.loc = serInStock, e.To
		if e.Kind == inventory.KindReturn {
			r.status = serReturned
		}
	case inventory.KindPutaway, inventory.KindMove, inventory.KindPick:
		switch {
		case r.status == serShipped:
			a.raise(e, "serial_shipped", fmt.Sprintf("%s moves serial %s of %s, which event %s shipped", who, e.Serial, e.GTIN, r.lastEvent), r.lastEvent)
		case present(r.status) && r.loc != e.From:
			a.raise(e, "serial_location", fmt.Sprintf("%s moves serial %s of %s from %s, but event %s put it at %s: one serial in two places",
				who, e.Serial, e.GTIN, e.From, r.lastEvent, r.loc), r.lastEvent)
		}
		r.status, r.loc = serInStock, e.To
		if e.Kind == inventory.KindPick {
			r.status = serPicked
		}
	case inventory.KindShip:
		switch {
		case r.status == serShipped:
			a.raise(e, "serial_shipped_twice", fmt.Sprintf("%s ships serial %s of %s, already shipped by event %s", who, e.Serial, e.GTIN, r.lastEvent), r.lastEvent)
		case present(r.status) && r.loc != e.From:
			a.raise(e, "serial_location", fmt.Sprintf("%s ships serial %s of %s from %s, but event %s put it at %s: one serial in two places",
				who, e.Serial, e.GTIN, e.From, r.lastEvent, r.loc), r.lastEvent)
		}
		r.status, r.loc = serShipped, ""
	case inventory.KindCount:
		// A count that found the unit puts it there; found where the hub
		// has it elsewhere, another terminal moved it meanwhile.
		switch {
		case r.status == serShipped:
			a.raise(e, "serial_shipped", fmt.Sprintf("%s counts serial %s of %s at %s, which event %s shipped", who, e.Serial, e.GTIN, e.To, r.lastEvent), r.lastEvent)
		case present(r.status) && r.loc != e.To:
			a.raise(e, "serial_location", fmt.Sprintf("%s counts serial %s of %s at %s, but event %s put it at %s: one serial in two places",
				who, e.Serial, e.GTIN, e.To, r.lastEvent, r.loc), r.lastEvent)
		}
		r.status, r.loc = serInStock, e.To
	case inventory.KindAdjust:
		loc := e.AdjustLocation()
		if e.Qty > 0 {
			r.status, r.loc = serInStock, loc
			break
		}
		// A write-off (a count did not find it) where the hub has the
		// unit elsewhere: the count missed a move another terminal made.
		if present(r.status) && r.loc != loc {
			a.raise(e, "serial_location", fmt.Sprintf("%s writes off serial %s of %s at %s, but event %s put it at %s",
				who, e.Serial, e.GTIN, loc, r.lastEvent, r.loc), r.lastEvent)
		}
		r.status, r.loc = serScrapped, ""
	default:
		return
	}
	if e.Lot != "" {
		r.lot = e.Lot
	}
	r.lastEvent, r.lastKind, r.dirty = e.ID, string(e.Kind), true
}

func lotSuffix(lot string) string {
	if lot == "" {
		return ""
	}
	return " lot " + lot
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

package sqlcore

import (
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// The rules the hub re-checks for every event it applies, on the in-memory
// view of the projections one push loaded (see applier.run).

// applyUnit checks one valid event against the serial and lot rules and
// updates the serial projection to next, the unit's state after the event
// (inventory.EffectOf); it reports whether the event broke a serial rule.
// Events break rules and are applied all the same, because they happened
// on the floor.
func (a *applier) applyUnit(e inventory.Event, next inventory.Unit) (serialConflict bool) {
	if e.Serial != "" {
		n := len(a.exc)
		a.applySerial(e, next)
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
		case expiredOn(e, lr, a.correctedAt(e)):
			a.raise(e, "expired_lot_"+outWord(e.Kind), a.blockedOutMessage(e, "expired "+lotExpiry(e, lr)), "")
		default:
			if why, short := a.shortShelfLife(e, lr); short {
				a.raise(e, "short_shelf_life", a.blockedOutMessage(e, why), "")
			}
		}
	}
	return serialConflict
}

// applyStock adds one valid event's stock changes (eff, from
// inventory.EffectOf) to the stock projection. A quantity count's effect
// is worked out here, from the stock the events before it left. When a
// serial conflict explains the event, stock going negative is the same
// conflict, and one exception is what a supervisor should see.
func (a *applier) applyStock(e inventory.Event, serialConflict bool, eff inventory.Effect) {
	if e.SetsStock() {
		// Its place was loaded (run lists every change's place).
		eff, _ = inventory.EffectOf(e, inventory.Before{Qty: a.stock[stockKey{e.GTIN, e.Lot, e.To}].qty})
	}
	for _, c := range eff.Stock {
		r := a.stock[stockKey{e.GTIN, c.Lot, c.Location}]
		r.qty += c.Delta
		if c.Delta < 0 && r.qty < 0 && !serialConflict {
			a.raise(e, "negative_stock", fmt.Sprintf("event %s (%s by %s seq %d) takes stock of %s%s at %s below zero (%d); last stock event there: %s",
				e.ID, e.Kind, a.device, e.Seq, e.GTIN, lotSuffix(c.Lot), c.Location, r.qty, orNone(r.lastEvent)), r.lastEvent)
		}
		r.lastEvent, r.dirty = e.ID, true
	}
}

func isOutbound(k inventory.EventKind) bool {
	return k == inventory.KindMove || k == inventory.KindPutaway || k == inventory.KindPick || k == inventory.KindShip
}

// applySerial raises the serial rules an event breaks, judged by where the
// hub had the unit just before (the facts inventory.EffectOf read), then
// records next, the unit's state after it.
func (a *applier) applySerial(e inventory.Event, next inventory.Unit) {
	r := a.serials[serialKey{e.GTIN, e.Serial}]
	u := r.unit
	in, shipped := u.Status.InBuilding(), u.Status == inventory.SerialShipped
	who := fmt.Sprintf("event %s (%s by %s seq %d)", e.ID, e.Kind, a.device, e.Seq)
	switch e.Kind {
	case inventory.KindReceive, inventory.KindReturn:
		if in {
			a.raise(e, "serial_duplicate", fmt.Sprintf("%s brings serial %s of %s in at %s, but it is already %s at %s after event %s",
				who, e.Serial, e.GTIN, e.To, u.Status, u.Location, r.lastEvent), r.lastEvent)
		}
	case inventory.KindPutaway, inventory.KindMove, inventory.KindPick:
		switch {
		case shipped:
			a.raise(e, "serial_shipped", fmt.Sprintf("%s moves serial %s of %s, which event %s shipped", who, e.Serial, e.GTIN, r.lastEvent), r.lastEvent)
		case in && u.Location != e.From:
			a.raise(e, "serial_location", fmt.Sprintf("%s moves serial %s of %s from %s, but event %s put it at %s: one serial in two places",
				who, e.Serial, e.GTIN, e.From, r.lastEvent, u.Location), r.lastEvent)
		}
	case inventory.KindShip:
		switch {
		case shipped:
			a.raise(e, "serial_shipped_twice", fmt.Sprintf("%s ships serial %s of %s, already shipped by event %s", who, e.Serial, e.GTIN, r.lastEvent), r.lastEvent)
		case in && u.Location != e.From:
			a.raise(e, "serial_location", fmt.Sprintf("%s ships serial %s of %s from %s, but event %s put it at %s: one serial in two places",
				who, e.Serial, e.GTIN, e.From, r.lastEvent, u.Location), r.lastEvent)
		}
	case inventory.KindCount:
		// A count that found the unit puts it there; found where the hub
		// has it elsewhere, another terminal moved it meanwhile.
		switch {
		case shipped:
			a.raise(e, "serial_shipped", fmt.Sprintf("%s counts serial %s of %s at %s, which event %s shipped", who, e.Serial, e.GTIN, e.To, r.lastEvent), r.lastEvent)
		case in && u.Location != e.To:
			a.raise(e, "serial_location", fmt.Sprintf("%s counts serial %s of %s at %s, but event %s put it at %s: one serial in two places",
				who, e.Serial, e.GTIN, e.To, r.lastEvent, u.Location), r.lastEvent)
		}
	case inventory.KindAdjust:
		// A write-off (a count did not find it) where the hub has the
		// unit elsewhere: the count missed a move another terminal made.
		if loc := e.AdjustLocation(); e.Qty < 0 && in && u.Location != loc {
			a.raise(e, "serial_location", fmt.Sprintf("%s writes off serial %s of %s at %s, but event %s put it at %s",
				who, e.Serial, e.GTIN, loc, r.lastEvent, u.Location), r.lastEvent)
		}
	}
	r.unit = next
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

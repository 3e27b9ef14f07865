package inventory

import "fmt"

// How an event changes stock and serial state, in one place. The
// terminal's projection (localdb), its pallet view, the hub's applier and
// the hub's traces all call EffectOf, so a unit cannot be in one place on
// the terminal and in another on the hub for the same ledger.
//
// The rule only says what changes. Whether the change breaks a rule (a
// serial received twice, stock going below zero) is judged by the caller
// from the same Before it passes here: the terminal refuses such actions,
// the hub records them and raises an exception, and both apply the
// effect the same way.

// Unit is where the projection has one serialised unit.
type Unit struct {
	Status   SerialStatus // "" for a unit the projection has never seen
	Location string       // empty unless the unit is in the building
	Lot      string
}

// Before is what the projection holds just before an event, as far as the
// event's effect depends on it.
type Before struct {
	// Unit is the event's serialised unit; read only for an event with a
	// serial.
	Unit Unit
	// Qty is the quantity on hand of the event's product and lot at its
	// To location; read only for a quantity count (see Event.SetsStock).
	Qty int64
}

// StockChange is one change of the quantity on hand of the event's product
// at one location and lot.
type StockChange struct {
	Location string
	Lot      string
	Delta    int64
}

// Effect is what one event does to the projections.
type Effect struct {
	// Stock lists the changes in order (what leaves before what arrives).
	// A quantity count lists its change even when it is zero, so a
	// projection that records the last event per stock row records the
	// count there.
	Stock []StockChange
	// Unit is the serialised unit's state after the event (zero for an
	// event without a serial).
	Unit Unit
	// Gone reports an event that takes a serialised unit out of a place
	// the projection did not have in the building (never seen, shipped or
	// scrapped): nothing leaves any place. The hub records the event as
	// it is; the terminal asks whether the place the event names holds
	// the unit before it lets the action through.
	Gone bool
}

// SetsStock reports whether the event is a quantity count, which sets the
// quantity at To: its effect needs Before.Qty.
func (e Event) SetsStock() bool { return e.Kind == KindCount && e.Serial == "" }

// EffectOf says how the event changes stock and serial state, given what
// the projection holds just before it. It does no I/O. An event of a kind
// it does not know is an error.
//
// A quantity-tracked event adds and takes quantities where it says:
// receive and return add at To; putaway, move and pick take from From and
// add at To (nothing when From is To); ship takes from From; adjust adds
// its signed quantity at Event.AdjustLocation; a count sets the quantity
// at To.
//
// A serialised unit is followed where the projection has it: one leaving
// a place (putaway, move, pick, ship, a write-off) leaves where the
// projection has it, whatever From says, and from no place when the
// projection has it out of the building (Gone). A count of the unit where
// the projection has it changes nothing; counted elsewhere, it moves
// there; counted when out of the building, it comes back in. Units
// arriving (receive, return, a positive adjust) arrive at their place
// even when the projection has them elsewhere: that is a conflict the
// caller judges, and stock counts the unit twice until it is resolved.
// The unit's lot after the event is the event's, or the one it had when
// the event names none.
func EffectOf(e Event, before Before) (Effect, error) {
	if e.Serial != "" {
		return serialEffect(e, before.Unit)
	}
	var eff Effect
	switch e.Kind {
	case KindReceive, KindReturn:
		eff.add(e.To, e.Lot, e.Qty)
	case KindPutaway, KindMove, KindPick:
		if e.From != e.To {
			eff.add(e.From, e.Lot, -e.Qty)
			eff.add(e.To, e.Lot, e.Qty)
		}
	case KindShip:
		eff.add(e.From, e.Lot, -e.Qty)
	case KindAdjust:
		eff.add(e.AdjustLocation(), e.Lot, e.Qty)
	case KindCount:
		eff.add(e.To, e.Lot, e.Qty-before.Qty)
	default:
		return Effect{}, fmt.Errorf("unknown event kind %q", e.Kind)
	}
	return eff, nil
}

// serialEffect is EffectOf for an event with a serial.
func serialEffect(e Event, u Unit) (Effect, error) {
	in := u.Status.InBuilding()
	var eff Effect
	// leave takes the unit out of where the projection has it.
	leave := func(qty int64) {
		if !in {
			eff.Gone = true
			return
		}
		eff.add(u.Location, u.Lot, -qty)
	}
	next := Unit{Status: SerialInStock, Location: e.To, Lot: e.Lot}
	switch e.Kind {
	case KindReceive, KindReturn:
		eff.add(e.To, e.Lot, e.Qty)
		if e.Kind == KindReturn {
			next.Status = SerialReturned
		}
	case KindPutaway, KindMove, KindPick:
		if e.From != e.To {
			leave(e.Qty)
			eff.add(e.To, e.Lot, e.Qty)
		}
		if e.Kind == KindPick {
			next.Status = SerialPicked
		}
	case KindShip:
		leave(e.Qty)
		next.Status, next.Location = SerialShipped, ""
	case KindAdjust:
		if e.Qty < 0 { // a write-off (e.g. a count did not find it)
			leave(-e.Qty)
			next.Status, next.Location = SerialScrapped, ""
			break
		}
		next.Location = e.AdjustLocation()
		eff.add(next.Location, e.Lot, e.Qty)
	case KindCount: // one unit, found where it was counted
		switch {
		case in && u.Location == e.To:
		case in:
			leave(1)
			eff.add(e.To, e.Lot, 1)
		default:
			eff.add(e.To, e.Lot, 1)
		}
	default:
		return Effect{}, fmt.Errorf("unknown event kind %q", e.Kind)
	}
	if next.Lot == "" {
		next.Lot = u.Lot
	}
	eff.Unit = next
	return eff, nil
}

// add lists a change; stock lives at a place, so one without a location
// (an event missing the location its kind needs) changes nothing.
func (eff *Effect) add(loc, lot string, delta int64) {
	if loc == "" {
		return
	}
	eff.Stock = append(eff.Stock, StockChange{Location: loc, Lot: lot, Delta: delta})
}

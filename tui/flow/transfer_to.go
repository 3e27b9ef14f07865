package flow

import (
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// Where put-away and move units go: the destination offered (where the
// lot already is, quarantine for a held lot, the last one), the checks on
// the one scanned, and the events that record the move.

// suggestTo is where the first collected lot already is (put-away by lot),
// else the last destination — unless that is a bin holding another lot of
// a collected product: units of one lot are stored together, so Enter must
// not mix lots without the operator scanning the bin.
func (tr *transferring) suggestTo(s State, cat Catalog) string {
	if q := tr.heldHome(s, cat); q != "" {
		return q
	}
	if h := tr.lotHome(s, cat); h != "" {
		return h
	}
	for _, u := range tr.units {
		if u.From == tr.lastTo {
			return "" // the stock is there already: it cannot go there
		}
	}
	if tr.lastTo != "" {
		if l, err := cat.Location(tr.lastTo); err == nil && l.Kind == inventory.LocBin {
			if _, lot := tr.otherLotAt(s, cat, tr.lastTo); lot != "" {
				return ""
			}
			for _, u := range tr.units {
				if keepApart(cat, u.GTIN, u.Lot, "", s.day(), l).Level == Error {
					return "" // a held lot does not go back to a bin
				}
			}
		}
	}
	return tr.lastTo
}

// lotHome is a bin that already holds the first collected lot (put-away
// keeps a lot together), "" if none or the lot is held.
func (tr *transferring) lotHome(s State, cat Catalog) string {
	if s.wf == Putaway && len(tr.units) > 0 {
		u := tr.units[0]
		if _, held := lotHeld(cat, u.GTIN, u.Lot, "", s.day()); u.Lot != "" && !held {
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

// heldHome is, for a held (recalled, quarantined) lot, the quarantine
// location it should go to (see quarantinePlace), "" if the lot is not
// held.
func (tr *transferring) heldHome(s State, cat Catalog) string {
	if len(tr.units) == 0 {
		return ""
	}
	u := tr.units[0]
	if _, held := lotHeld(cat, u.GTIN, u.Lot, "", s.day()); !held {
		return ""
	}
	return quarantinePlace(cat, u.GTIN, u.Lot, u.From, u.From)
}

// otherLotAt finds, among the collected products, one that loc already
// holds in another lot than the one collected: its GTIN and that lot, or
// "" when loc keeps every collected lot apart. Lookup errors count as
// nothing found: this only informs a suggestion or a warning.
func (tr *transferring) otherLotAt(s State, cat Catalog, loc string) (gtin, lot string) {
	for _, u := range tr.units {
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

// toQuarantine reports whether the fixed destination is a quarantine
// location.
func (tr *transferring) toQuarantine(s State, cat Catalog) bool {
	if s.ctx.Location == "" {
		return false
	}
	l, err := cat.Location(s.ctx.Location)
	return err == nil && l.Kind == inventory.LocQuarantine
}

// record drafts the collected units into l.
func (tr *transferring) record(s *State, cat Catalog, l inventory.Location) (Verdict, []inventory.Event) {
	var acts []inventory.Event
	v := Verdict{Level: OK}
	home := tr.lotHome(*s, cat)
	for _, u := range tr.units {
		if u.From == l.Code {
			return errorf("%s is where the stock is now: scan the TO location", l.Code), nil
		}
		if kv := keepApart(cat, u.GTIN, u.Lot, "", s.day(), l); kv.Level == Error {
			return kv, nil
		}
		acts = append(acts, inventory.Event{
			Operator: s.ctx.Operator, Kind: transferKind(s.wf),
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
	v = okf("%s → %s%s", units(total), l.Code, tr.unitsText(*s, cat))
	if home != "" && home != l.Code {
		v = warnf("%s → %s%s; lot %s is also at %s", units(total), l.Code, tr.unitsText(*s, cat), tr.units[0].Lot, home)
	}
	if l.Kind == inventory.LocBin {
		if gtin, lot := tr.otherLotAt(*s, cat, l.Code); lot != "" {
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
	for _, u := range tr.units {
		if u.Lot == "" {
			continue
		}
		if lt, ok := knownLot(cat, u.GTIN, u.Lot); ok && lt.Status != inventory.LotReleased && l.Kind != inventory.LocQuarantine {
			v = worse(v, warnf("Lot %s is %s: %s is not a quarantine place", u.Lot, lt.Status, l.Code))
			break
		}
	}
	tr.lastTo = l.Code
	tr.units = nil
	s.clearItem()
	if s.wf == Move {
		s.st = stItem // same from-location: move more, or Esc for another
	} else {
		tr.from = ""
		s.st = stItem
	}
	return v, acts
}

// unitsText names what the collected units are when they are one product
// and lot: " (SAL500 Lot L1)"; "" for a mix.
func (tr *transferring) unitsText(s State, cat Catalog) string {
	if len(tr.units) == 0 {
		return ""
	}
	u := tr.units[0]
	for _, o := range tr.units[1:] {
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

package flow

import (
	"fmt"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// Which lot a pick takes: the list's, else FEFO; a blocked lot is refused
// with what to pick instead, and another lot than the list's needs a
// reason.

// pickLot verifies a scanned lot against the rules and the list.
func (pk *picking) pickLot(s *State, cat Catalog, in Input, lot, expiry string, count int64) (Verdict, []inventory.Event) {
	line, _, _, err := pk.pickLine(*s, cat)
	if err != nil {
		return lookupErr(err, "pick list "+pk.doc), nil
	}
	if v := lotBlock(cat, s.item.GTIN, lot, expiry, s.today(in)); v.Level == Error {
		return pk.pickInstead(*s, cat, in, line, lot, v), nil
	}
	if v := shelfLifeBlock(*s, cat, in, pk.salesOrder(cat), lot, expiry, pk.drop); v.Level == Error {
		return v, nil
	}
	s.lot = lot
	if why, blocked := pk.listedBlocked(*s, cat, line, in); blocked && lot != line.Lot {
		// The listed lot may not be picked at all: another pickable lot
		// is the rule, not an exception, so no one is asked why.
		pk.override = "listed lot " + why
		v := warnf("Listed lot %s is %s: picking lot %s", line.Lot, why, lot)
		if f, ok := pk.fefo(*s, cat, in); ok && f.Lot != lot {
			v = worse(v, warnf("FEFO suggests %s (exp %s)", f.Lot, f.Expiry))
		}
		return pk.pickFrom(s, cat, in, v, count)
	}
	if line.Lot != "" && lot != line.Lot {
		if s.ctx.Unattended {
			return errorf("Lot %s is not the list's %s: an override needs a person", lot, line.Lot), nil
		}
		s.st = stOverride
		return warnf("Lot %s is not the list's %s: give a reason or Esc", lot, line.Lot), nil
	}
	v := okf("Lot %s", lot)
	if line.Lot == "" {
		if f, ok := pk.fefo(*s, cat, in); ok && f.Lot != lot {
			v = warnf("Lot %s; FEFO suggests %s (exp %s)", lot, f.Lot, f.Expiry)
		}
	}
	return pk.pickFrom(s, cat, in, v, count)
}

// listedBlocked reports whether the line's listed lot may not be picked
// (recalled, in quarantine, expired) and in a few words why.
func (pk *picking) listedBlocked(s State, cat Catalog, line inventory.PickLine, in Input) (string, bool) {
	if line.Lot == "" {
		return "", false
	}
	if v := lotBlock(cat, line.GTIN, line.Lot, "", s.today(in)); v.Level != Error {
		if pk.shortForOrder(cat, line.GTIN, line.Lot, "", s.today(in)) {
			return "short-dated", true
		}
		return "", false
	}
	l, _ := knownLot(cat, line.GTIN, line.Lot)
	switch l.Status {
	case inventory.LotRecalled:
		return "recalled", true
	case inventory.LotQuarantine:
		return "in quarantine", true
	}
	return "expired", true
}

// fefo is the first pickable lot of the current item.
func (pk *picking) fefo(s State, cat Catalog, in Input) (inventory.FEFOCandidate, bool) {
	today := s.today(in)
	var t = s.ctx.Today
	if !in.At.IsZero() {
		t = in.At
	}
	cands, err := cat.FEFO(s.item.GTIN, t)
	if err != nil {
		return inventory.FEFOCandidate{}, false
	}
	for _, c := range cands {
		// Stock without a lot (serial units, goods received untracked)
		// is no lot to suggest; the catalog lists released lots only.
		if c.Lot == "" || c.Qty <= 0 {
			continue
		}
		if c.Expiry != "" && today != "" && c.Expiry < today {
			continue
		}
		if pk.shortForOrder(cat, s.item.GTIN, c.Lot, c.Expiry, today) {
			continue // the order's customer would refuse it
		}
		return c, true
	}
	return inventory.FEFOCandidate{}, false
}

// pickInstead turns the refusal of a blocked lot into the next step: the
// lot the list names when it may be picked, else the FEFO lot, else any
// other lot.
func (pk *picking) pickInstead(s State, cat Catalog, in Input, line inventory.PickLine, lot string, v Verdict) Verdict {
	why := strings.TrimSuffix(v.Reason, ": do not pick or ship")
	switch f, ok := pk.fefo(s, cat, in); {
	case line.Lot != "" && line.Lot != lot && lotBlock(cat, line.GTIN, line.Lot, "", s.today(in)).Level != Error:
		v.Reason = why + ": set it aside, pick lot " + line.Lot
		if line.From == "" { // (a line with a place shows it already)
			if rows, _ := holders(cat, line.GTIN, line.Lot); len(rows) > 0 {
				v.Reason += " at " + rows[0].Location
			}
		}
	case ok && f.Lot != lot:
		v.Reason = fmt.Sprintf("%s: set it aside, pick lot %s at %s (FEFO)", why, f.Lot, f.Location)
	case ok:
		v.Reason = why + ": set it aside, pick another lot"
	default:
		v.Reason = why + ": set it aside; no other lot to pick: skip the line (F3), tell a supervisor"
	}
	return v
}

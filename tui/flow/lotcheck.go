package flow

import (
	"errors"

	"github.com/scanterm/scanterm/inventory"
)

// Lot checks: which lots are held (recalled, in quarantine) or may not
// leave their place, and where held stock goes.

// knownLot is the lot's master record, if the terminal has one.
func knownLot(cat Catalog, gtin, lot string) (inventory.Lot, bool) {
	l, err := cat.Lot(gtin, lot)
	return l, err == nil
}

// lotHeld reports whether a lot is recalled, in quarantine or expired,
// and which, in words for a message. Expired stock is kept apart like
// quarantined stock: out of pickable bins. expiry is what the label says
// ("" = the lot record's), today the date to judge it on ("" = do not).
func lotHeld(cat Catalog, gtin, lot, expiry, today string) (string, bool) {
	if lot == "" {
		return "", false
	}
	l, ok := knownLot(cat, gtin, lot)
	switch {
	case ok && l.Status == inventory.LotRecalled:
		return "RECALLED", true
	case ok && l.Status == inventory.LotQuarantine:
		return "in quarantine", true
	}
	if expiry == "" {
		expiry = l.Expiry
	}
	if expiry != "" && today != "" && expiry < today {
		return "expired", true
	}
	return "", false
}

// lotBlock refuses a lot that may not leave its place: expired,
// quarantined or recalled. expiry is what the label says, if anything.
func lotBlock(cat Catalog, gtin, lot, expiry, today string) Verdict {
	if lot == "" {
		if expiry != "" && today != "" && expiry < today {
			return errorf("Expired on %s: do not pick or ship", expiry)
		}
		return Verdict{}
	}
	l, err := cat.Lot(gtin, lot)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return lookupErr(err, "lot "+lot)
	}
	switch l.Status {
	case inventory.LotRecalled:
		return errorf("Lot %s is RECALLED: do not pick or ship", lot)
	case inventory.LotQuarantine:
		return errorf("Lot %s is in quarantine: do not pick or ship", lot)
	}
	if expiry == "" {
		expiry = l.Expiry
	}
	if expiry != "" && today != "" && expiry < today {
		return errorf("Lot %s expired on %s: do not pick or ship", lot, expiry)
	}
	return Verdict{}
}

// keepApart refuses to store a held lot in a pickable bin: recalled,
// quarantined or expired stock goes to a quarantine location (docks and
// staging may hold it on its way there).
func keepApart(cat Catalog, gtin, lot, expiry, today string, l inventory.Location) Verdict {
	if l.Kind != inventory.LocBin {
		return Verdict{}
	}
	if st, held := lotHeld(cat, gtin, lot, expiry, today); held {
		return errorf("Lot %s is %s: %s is a pickable bin, scan a quarantine location", lot, st, l.Code)
	}
	return Verdict{}
}

// quarantinePlace is where a held lot should go, in the warehouse of near
// when it has a quarantine location (a recalled lot is not sent across
// warehouses by one Enter): a quarantine location that holds the lot
// already (most units first), else the first quarantine location there;
// only then one in another warehouse. "" when there is none. Never skip,
// the place the units come from.
func quarantinePlace(cat Catalog, gtin, lot, near, skip string) string {
	wh := ""
	if near != "" {
		if l, err := cat.Location(near); err == nil {
			wh = l.Warehouse
		}
	}
	var holding []inventory.Location // quarantine locations holding the lot
	rows, _ := holders(cat, gtin, lot)
	for _, r := range rows {
		if r.Location == skip {
			continue
		}
		if l, err := cat.Location(r.Location); err == nil && l.Kind == inventory.LocQuarantine {
			holding = append(holding, l)
		}
	}
	var all []inventory.Location
	if src, ok := unmemo(cat).(LocationLister); ok {
		if qs, err := src.LocationsOfKind(inventory.LocQuarantine); err == nil {
			all = qs
		}
	}
	for _, pass := range [][]inventory.Location{holding, all} {
		for _, q := range pass {
			if q.Code != skip && (wh == "" || q.Warehouse == wh) {
				return q.Code
			}
		}
	}
	for _, pass := range [][]inventory.Location{holding, all} {
		for _, q := range pass {
			if q.Code != skip {
				return q.Code
			}
		}
	}
	return ""
}

package flow

import (
	"fmt"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// The return authorisation: which of its lines a returned unit is, the
// order it names, and how much of each line has come back.

// raLine finds the RA line covering the current unit (0 when no RA).
func (rt *returning) raLine(s State, cat Catalog, serial string) (int, Verdict) {
	if rt.ra == "" {
		return 0, Verdict{}
	}
	ra, err := cat.ReturnAuth(rt.ra)
	if err != nil {
		return 0, lookupErr(err, "return authorisation "+rt.ra)
	}
	var lots, serials []string // what the RA authorises of this product
	for _, l := range ra.Lines {
		if l.GTIN != s.item.GTIN {
			continue
		}
		if (l.Serial != "" && l.Serial != serial) || (l.Lot != "" && s.lot != "" && l.Lot != s.lot) {
			if l.Serial != "" {
				serials = append(serials, l.Serial)
			} else if l.Lot != "" {
				lots = append(lots, l.Lot)
			}
			continue
		}
		return l.Line, Verdict{}
	}
	// Name what is wrong: the product may well be on the RA in another
	// lot or serial than the one in hand.
	switch {
	case len(serials) > 0 && serial != "":
		return 0, errorf("Serial %s is not on %s: it authorises %s %s", serial, rt.ra, short(s.item), listWords("SN", serials))
	case len(lots) > 0 && s.lot != "":
		return 0, errorf("Lot %s is not on %s: it authorises %s %s", s.lot, rt.ra, short(s.item), listWords("lot", lots))
	}
	return 0, errorf("%s is not on return authorisation %s", short(s.item), rt.ra)
}

// raNamesLot says whether the chosen RA has a line for this lot by name.
func (rt *returning) raNamesLot(cat Catalog, gtin, lot string) bool {
	ra, err := cat.ReturnAuth(rt.ra)
	if err != nil {
		return false
	}
	for _, l := range ra.Lines {
		if l.GTIN == gtin && l.Lot == lot {
			return true
		}
	}
	return false
}

// listWords is "lot L1" or "lot L1, L2": what an RA authorises, for a
// refusal.
func listWords(word string, vs []string) string {
	return word + " " + strings.Join(vs, ", ")
}

// raOrder is the sales order the return authorisation names ("" without
// an RA).
func (rt *returning) raOrder(s State, cat Catalog) (string, Verdict) {
	if rt.ra == "" {
		return "", Verdict{}
	}
	ra, err := cat.ReturnAuth(rt.ra)
	if err != nil {
		return "", lookupErr(err, "return authorisation "+rt.ra)
	}
	return ra.SalesOrder, Verdict{}
}

// raOver warns when this return takes an RA line past what it authorises.
func (rt *returning) raOver(s State, cat Catalog) Verdict {
	if rt.ra == "" || s.line == 0 {
		return Verdict{}
	}
	ra, err := cat.ReturnAuth(rt.ra)
	if err != nil {
		return lookupErr(err, "return authorisation "+rt.ra)
	}
	var line inventory.RetLine
	for _, l := range ra.Lines {
		if l.Line == s.line {
			line = l
		}
	}
	done, known, v := returnedOn(cat, ra.ID, line)
	if v.Level == Error || !known || done+s.qty <= line.Qty {
		return v
	}
	return warnf("RA %s line %d authorises %d, %d already returned: this makes %d", ra.ID, line.Line, line.Qty, done, done+s.qty)
}

// returnedOn is how many units were returned on an RA line: from the
// catalog's ReturnProgress, else from the history of the line's lot or
// serial. known is false when neither can tell.
func returnedOn(cat Catalog, ra string, line inventory.RetLine) (n int64, known bool, v Verdict) {
	base := unmemo(cat)
	if rp, ok := base.(ReturnProgress); ok {
		got, err := rp.Returned(ra)
		if err != nil {
			return 0, false, lookupErr(err, "returns on "+ra)
		}
		return got[line.Line], true, Verdict{}
	}
	if line.Lot == "" && line.Serial == "" {
		return 0, false, Verdict{}
	}
	evs, err := cat.History(line.GTIN, line.Lot, line.Serial, 0)
	if err != nil {
		return 0, false, lookupErr(err, "history of RA "+ra)
	}
	for _, e := range evs {
		if e.Kind == inventory.KindReturn && e.Doc == ra && e.DocLine == line.Line {
			n += e.Qty
		}
	}
	return n, true, Verdict{}
}

// raLines shows what a return authorisation expects back, so the operator
// can check the parcel against it: the order and customer, then one line
// per authorised return ("1: SAL500 lot L2 ×2").
func raLines(cat Catalog, id string) []string {
	ra, err := cat.ReturnAuth(id)
	if err != nil {
		return nil
	}
	out := []string{strings.TrimSpace("Order " + ra.SalesOrder + " " + ra.Customer)}
	for _, l := range ra.Lines {
		name := l.GTIN
		if p, err := cat.Product(l.GTIN); err == nil {
			name = short(p)
		}
		switch {
		case l.Serial != "":
			name += " SN " + l.Serial
		case l.Lot != "":
			name += " lot " + l.Lot
		}
		out = append(out, fmt.Sprintf("%d: %s ×%d", l.Line, name, l.Qty))
	}
	return out
}

package flow

import (
	"errors"
	"fmt"
	"unicode"

	"github.com/scanterm/scanterm/inventory"
)

// itemRead is what one input says about an item.
type itemRead struct {
	prod   inventory.Product
	lot    string
	expiry string
	serial string
	count  int64
	sscc   string
	state  *inventory.SerialState // the unit, when it was found by its serial alone
}

// readItem interprets an input where an item is expected. got is false
// when the input was not an item: v is then an Error, or a Warning after a
// lot or expiry scanned before its product was kept in s for later.
// bySerial lets a bare serial (keyed, or GS1 (21) alone) find its unit.
func readItem(s *State, cat Catalog, in Input, bySerial bool) (r itemRead, v Verdict, got bool) {
	if in.Cmd != CmdNone {
		return r, errorf("Scan the ITEM"), false
	}
	if in.GS1Err != nil {
		// A plain location code can look like broken GS1 (digits only).
		if loc, ok, lv := asLocation(cat, in); lv.Level == Error {
			return r, lv, false
		} else if ok {
			return r, errorf("That is location %s, not an item: scan the ITEM", loc.Code), false
		}
		if bySerial {
			if st, err := cat.Serial("", text(in)); err == nil {
				p, perr := cat.Product(st.GTIN)
				if perr != nil {
					return r, lookupErr(perr, "product "+st.GTIN), false
				}
				r.prod, r.serial, r.lot, r.state = p, st.Serial, st.Lot, &st
				return r, Verdict{}, true
			}
		}
		return r, unreadable(in.GS1Err), false
	}
	gtin := in.GTIN
	if in.SSCC != "" && gtin == "" {
		return r, errorf("Pallet %s carries no contents: scan an item label", in.SSCC), false
	}
	if gtin == "" {
		switch {
		case in.Lot != "" || in.Expiry != "":
			if in.Lot != "" {
				s.pendLot = in.Lot
			}
			if in.Expiry != "" {
				s.pendExp = in.Expiry
			}
			what := "Lot " + in.Lot
			if in.Lot == "" {
				what = "Expiry " + in.Expiry
			}
			return r, warnf("%s noted: now scan the ITEM", what), false
		case in.Location != "":
			return r, errorf("That is a location label: scan the ITEM"), false
		}
		if in.GS1 && in.Serial == "" {
			return r, errorf("This GS1 label names no item: scan the item label"), false
		}
		code := in.Serial
		if code == "" {
			code = text(in)
		}
		if loc, ok, lv := asLocation(cat, in); lv.Level == Error {
			return r, lv, false
		} else if ok {
			return r, errorf("That is location %s, not an item: scan the ITEM", loc.Code), false
		}
		if bySerial && code != "" {
			st, err := cat.Serial("", code)
			if err == nil {
				p, perr := cat.Product(st.GTIN)
				if perr != nil {
					return r, lookupErr(perr, "product "+st.GTIN), false
				}
				r.prod, r.serial, r.lot, r.state = p, st.Serial, st.Lot, &st
				s.pendLot, s.pendExp = "", ""
				return r, Verdict{}, true
			}
			if !errors.Is(err, ErrNotFound) {
				return r, lookupErr(err, "serial "+code), false
			}
		}
		return r, errorf("%q is not an item barcode: scan the ITEM", fitN(code, 20)), false
	}
	p, err := cat.Product(gtin)
	if err != nil {
		return r, lookupErr(err, "product "+gtin), false
	}
	r.prod, r.serial, r.count, r.sscc = p, in.Serial, in.Count, in.SSCC
	r.lot, r.expiry = in.Lot, in.Expiry
	if r.lot == "" {
		r.lot = s.pendLot
	}
	if r.expiry == "" {
		r.expiry = s.pendExp
	}
	s.pendLot, s.pendExp = "", ""
	if p.Tracking == inventory.TrackNone {
		r.lot = ""
	}
	return r, Verdict{}, true
}

// readLot reads an input where a lot code is expected. A GS1 label of
// another product is refused.
func readLot(cat Catalog, s *State, in Input) (lot, expiry string, v Verdict) {
	if in.Cmd != CmdNone {
		return "", "", errorf("This item needs a lot: scan or key it")
	}
	if in.GS1 && !in.Keyed {
		if in.GTIN != "" && in.GTIN != s.item.GTIN {
			return "", "", errorf("Different item (%s): scan the LOT of %s", in.GTIN, short(s.item))
		}
		if in.Lot == "" {
			return "", "", errorf("No lot in this barcode: scan the LOT")
		}
		return in.Lot, in.Expiry, Verdict{}
	}
	if l, ok, lv := asLocation(cat, in); lv.Level == Error {
		return "", "", lv
	} else if ok {
		return "", "", errorf("That is location %s: scan the LOT", l.Code)
	}
	code := text(in)
	if err := validLot(code); err != nil {
		return "", "", errorf("Lot %v: scan or key it again", err)
	}
	return code, "", Verdict{}
}

// validLot applies GS1 AI (10)'s shape: 1 to 20 printable characters.
func validLot(code string) error {
	if code == "" {
		return errors.New("is empty")
	}
	if len([]rune(code)) > 20 {
		return errors.New("is longer than 20 characters")
	}
	for _, r := range code {
		if !unicode.IsPrint(r) || r == ' ' {
			return fmt.Errorf("has a character %q a lot cannot have", r)
		}
	}
	return nil
}

// readSerial reads one unit's serial where a serial is expected; a GS1
// label of another product is refused.
func readSerial(s *State, in Input) (serial string, v Verdict) {
	if in.GS1 && !in.Keyed {
		if in.GTIN != "" && in.GTIN != s.item.GTIN {
			return "", errorf("Different item (%s): scan a SERIAL of %s", in.GTIN, short(s.item))
		}
		if in.Serial == "" {
			return "", errorf("No serial in this barcode: scan the SERIAL")
		}
		return in.Serial, Verdict{}
	}
	code := text(in)
	if code == "" || len([]rune(code)) > 20 {
		return "", errorf("A serial has 1 to 20 characters: scan it again")
	}
	return code, Verdict{}
}

// serialKnown is what the catalog knows of a serial (ok false if nothing).
func serialKnown(cat Catalog, gtin, serial string) (inventory.SerialState, bool, Verdict) {
	st, err := cat.Serial(gtin, serial)
	if errors.Is(err, ErrNotFound) {
		return st, false, Verdict{}
	}
	if err != nil {
		return st, false, lookupErr(err, "serial "+serial)
	}
	return st, true, Verdict{}
}

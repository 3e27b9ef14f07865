package flow

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner/gs1"
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

// unreadable refuses a malformed GS1 barcode, what to do first: the
// verdict area of a small screen shows about three lines. A *gs1.Error's
// own message is for the operator; its "gs1:" prefix and byte offset are
// for programmers and are left out.
func unreadable(err error) Verdict {
	msg := err.Error()
	var ge *gs1.Error
	if errors.As(err, &ge) && ge.Message != "" {
		msg = ge.Message
	}
	return errorf("Unreadable barcode, rescan: %s", msg)
}

// asLocation reports whether the input is a known location's label. A GS1
// (414) label names its location outright; any other GS1 data is not a
// location; a plain code is one if the catalog knows it.
func asLocation(cat Catalog, in Input) (inventory.Location, bool, Verdict) {
	if in.Cmd != CmdNone {
		return inventory.Location{}, false, Verdict{}
	}
	if in.Location != "" {
		l, err := cat.Location(in.Location)
		if err != nil {
			return l, false, lookupErr(err, "location "+in.Location)
		}
		return l, true, Verdict{}
	}
	if in.GS1 && (in.GTIN != "" || in.SSCC != "" || in.Lot != "" || in.Serial != "" || in.Expiry != "") {
		return inventory.Location{}, false, Verdict{}
	}
	code := text(in)
	if code == "" {
		return inventory.Location{}, false, Verdict{}
	}
	l, err := cat.Location(code)
	if errors.Is(err, ErrNotFound) {
		return l, false, Verdict{}
	}
	if err != nil {
		return l, false, lookupErr(err, "location "+code)
	}
	return l, true, Verdict{}
}

// needLocation reads an input where a location is expected.
func needLocation(cat Catalog, in Input, what string) (inventory.Location, Verdict) {
	if in.Cmd != CmdNone {
		return inventory.Location{}, errorf("Scan the %s location", what)
	}
	l, ok, v := asLocation(cat, in)
	if v.Level == Error {
		return l, v
	}
	if !ok {
		switch {
		case in.GTIN != "" || in.SSCC != "":
			return l, errorf("That is an item: scan the %s location", what)
		case in.GS1:
			return l, errorf("Not a location label: scan the %s location", what)
		}
		return l, errorf("Unknown location %q: scan the %s location", fitN(text(in), 20), what)
	}
	return l, Verdict{}
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

// parseQty reads a keyed quantity.
func parseQty(in Input) (int64, Verdict) {
	if !in.Keyed && (in.GTIN != "" || in.SSCC != "") {
		return 0, errorf("That is an item: key the QTY, or Esc")
	}
	t := text(in)
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || strings.HasPrefix(t, "+") {
		return 0, errorf("Key a quantity in digits, then Enter")
	}
	if n <= 0 {
		return 0, errorf("Quantity must be at least 1")
	}
	if n > 999999 {
		return 0, errorf("Quantity %d is too large", n)
	}
	return n, Verdict{}
}

// parseDate reads a keyed date: YYMMDD (as on GS1 labels), YYYYMMDD or
// YYYY-MM-DD. Day 00 means the month's last day, as in GS1.
func parseDate(t string) (string, bool) {
	t = strings.TrimSpace(t)
	if len(t) == 10 && t[4] == '-' && t[7] == '-' {
		t = t[:4] + t[5:7] + t[8:]
	}
	if len(t) == 6 {
		t = "20" + t
	}
	if len(t) != 8 {
		return "", false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	y, _ := strconv.Atoi(t[:4])
	m, _ := strconv.Atoi(t[4:6])
	d, _ := strconv.Atoi(t[6:])
	if m < 1 || m > 12 || y < 2000 {
		return "", false
	}
	if d == 0 {
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
		return last.Format(time.DateOnly), true
	}
	tm := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if tm.Day() != d {
		return "", false
	}
	return tm.Format(time.DateOnly), true
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

// stockAt sums stock of a product (and lot, when given) at a location.
func stockAt(cat Catalog, loc, gtin, lot string) (int64, Verdict) {
	rows, err := cat.Stock(StockFilter{Location: loc, GTIN: gtin, Lot: lot})
	if err != nil {
		return 0, lookupErr(err, "stock")
	}
	var n int64
	for _, r := range rows {
		if lot == "" || r.Lot == lot {
			n += r.Qty
		}
	}
	return n, Verdict{}
}

// elsewhere says where else a product and lot are in stock, for a refusal
// that found none at not: " (it is at A-01)", " (it is at A-01, B-02 …)",
// or "" when nowhere.
func elsewhere(cat Catalog, gtin, lot, not string) string {
	rows, v := holders(cat, gtin, lot)
	if v.Level == Error {
		return ""
	}
	var at []string
	for _, r := range rows {
		if r.Location != not && !contains(at, r.Location) {
			at = append(at, r.Location)
		}
	}
	switch {
	case len(at) == 0:
		return ""
	case len(at) > 2:
		return " (it is at " + at[0] + ", " + at[1] + " …)"
	}
	return " (it is at " + strings.Join(at, ", ") + ")"
}

// holders lists the locations holding a product and lot, most stock first.
func holders(cat Catalog, gtin, lot string) ([]StockRow, Verdict) {
	rows, err := cat.Stock(StockFilter{GTIN: gtin, Lot: lot})
	if err != nil {
		return nil, lookupErr(err, "stock")
	}
	out := rows[:0:0]
	for _, r := range rows {
		if r.Qty > 0 && (lot == "" || r.Lot == lot) {
			out = append(out, r)
		}
	}
	for i := 1; i < len(out); i++ { // insertion sort: a handful of rows
		for j := i; j > 0 && out[j].Qty > out[j-1].Qty; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, Verdict{}
}

// short names a product in a few characters: SKU, else name, else GTIN.
func short(p inventory.Product) string {
	switch {
	case p.SKU != "":
		return p.SKU
	case p.Name != "":
		return fitN(p.Name, 14)
	}
	return p.GTIN
}

// lotText describes lot and expiry for a context line.
func lotText(lot, expiry string) string {
	switch {
	case lot != "" && expiry != "":
		return "Lot " + lot + " exp " + expiry
	case lot != "":
		return "Lot " + lot
	case expiry != "":
		return "Exp " + expiry
	}
	return ""
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// itemText names a product and its lot for a message: "SAL500 Lot L1".
func itemText(p inventory.Product, lot string) string {
	if lot == "" {
		return short(p)
	}
	return short(p) + " " + lotText(lot, "")
}

package flow

import (
	"strconv"
	"strings"
	"time"
)

// Expiry dates: read from a GS1 (17) element or keyed by a person.

// readExpiry reads an expiry from a GS1 (17) scan or a keyed date.
func readExpiry(s *State, in Input) (string, Verdict) {
	var exp string
	switch {
	case in.Cmd != CmdNone:
		return "", errorf("Key the expiry date as YYMMDD")
	case in.GS1 && !in.Keyed:
		// Keyed digits are a date as asked, even when they happen to
		// read as GS1 (20270117 is also a valid GTIN-8).
		if in.GTIN != "" && in.GTIN != s.item.GTIN {
			return "", errorf("Different item (%s): key the EXPIRY", in.GTIN)
		}
		if in.Lot != "" && in.Lot != s.lot {
			return "", errorf("Label of lot %s, not %s: key the EXPIRY", in.Lot, s.lot)
		}
		if in.Expiry == "" {
			return "", errorf("No expiry (17) in this barcode: key it as YYMMDD")
		}
		exp = in.Expiry
	default:
		d, ok := parseDate(text(in))
		if !ok {
			return "", errorf("Not a date: key expiry as YYMMDD, e.g. 271231")
		}
		exp = d
	}
	if t := s.today(in); t != "" && exp < t {
		return exp, warnf("Expiry %s is already past", exp)
	}
	return exp, okf("Expiry %s", exp)
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

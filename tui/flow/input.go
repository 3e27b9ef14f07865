package flow

import (
	"errors"
	"time"

	"github.com/scanterm/scanterm/scanner/gs1"
)

// ScanInput builds the Input for one scan from its text (scanner.Scan.Text:
// AIM identifier + data) and what gs1.Parse made of it. A gs1.ErrNotGS1
// error means a plain code (location, document id, badge, serial, keyed
// quantity); any other error is kept in GS1Err and reported only where an
// item barcode was expected. at is the scan's time (zero: Context.Today).
func ScanInput(raw string, m gs1.Message, err error, at time.Time) Input {
	in := Input{Raw: raw, At: at}
	if err != nil {
		if !errors.Is(err, gs1.ErrNotGS1) && !errors.Is(err, gs1.ErrEmpty) {
			in.GS1Err = err
		}
		return in
	}
	in.GS1 = true
	in.GTIN = m.GTIN()
	in.Lot = m.Lot()
	in.Serial = m.Serial()
	in.SSCC = m.SSCC()
	var (
		exp time.Time
		ok  bool
	)
	if at.IsZero() {
		exp, ok = m.Expiry()
	} else {
		exp, ok = m.Date("17", at)
	}
	if ok {
		in.Expiry = exp.Format(time.DateOnly)
	}
	if n, ok := m.Count(); ok && n > 0 {
		in.Count = n
	}
	if gln, ext, ok := m.Location(); ok {
		in.Location = gln
		if ext != "" {
			in.Location += "/" + ext
		}
	}
	return in
}

// Decode parses raw with gs1.Parse and returns its Input; keyed marks an
// entry typed by a person. opt may be nil (strict GS1).
func Decode(raw string, keyed bool, opt *gs1.Options, at time.Time) Input {
	if !at.IsZero() {
		o := gs1.Options{}
		if opt != nil {
			o = *opt
		}
		o.Now = func() time.Time { return at }
		opt = &o
	}
	m, err := gs1.Parse(raw, opt)
	in := ScanInput(raw, m, err, at)
	in.Keyed = keyed
	return in
}

package flow

import (
	"errors"
	"strings"
	"time"

	"github.com/scanterm/scanterm/scanner/gs1"
)

// ScanInput builds the Input for one scan from its text (scanner.Scan.Text:
// AIM identifier + data) and what gs1.Parse made of it. A gs1.ErrNotGS1
// error means a plain code (location, document id, badge, serial, keyed
// quantity); any other error is kept in GS1Err and reported only where an
// item barcode was expected. at is the scan's time (zero: Context.Today).
//
// Data that is not marked as GS1 (no GS1 AIM identifier, no GS, no
// brackets) and does not parse as GS1 on its own is a plain code: a
// manufacturer serial "2198765" or lot "1012345678" only looks like a lone
// (21) or (10) element, and must be kept whole.
func ScanInput(raw string, m gs1.Message, err error, at time.Time) Input {
	return scanInput(raw, m, err, at, nil)
}

// scanInput is ScanInput for data parsed with opt (GS substitutes).
func scanInput(raw string, m gs1.Message, err error, at time.Time, opt *gs1.Options) Input {
	in := Input{Raw: raw, At: at}
	if m2, err2, o2, ok := tolerant(raw, err, at, opt); ok {
		return scanInput(raw, m2, err2, at, o2)
	}
	if err != nil && errors.Is(err, gs1.ErrMissingAI) {
		if !gs1Marked(raw, opt) {
			return in // plain code that happens to start like an AI
		}
		// A lot or expiry label on its own: GS1 wants (01) beside (10) and
		// (17), but two-label packaging exists and operators scan them in
		// any order. Read it again under a placeholder GTIN and keep only
		// what it carries, so the engine can hold it for the product.
		if m2, err2 := reparse(raw, at, opt); err2 == nil {
			m2.Elements = m2.Elements[1:]
			return scanInput(raw, m2, nil, at, opt)
		}
	}
	if err != nil {
		if !errors.Is(err, gs1.ErrNotGS1) && !errors.Is(err, gs1.ErrEmpty) {
			in.GS1Err = err
		}
		return in
	}
	in.GS1 = true
	in.Unknown = m.Unknown
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
	if host, hidden, split, ok := m.SuspectMissingSeparator(); ok && heldAI(host, hidden) {
		in.Unsplit, in.UnsplitAI = split, [2]string{host, hidden}
	}
	return in
}

// heldAI reports whether a lot or serial that may hide another AI hides
// one the engine reads (lot, serial, expiry, count): only then would a
// dropped GS record a wrong value. A serial "2198765" that could hide
// (98) company data is taken as it reads.
func heldAI(host, hidden string) bool {
	if host != "10" && host != "21" {
		return false
	}
	switch hidden {
	case "10", "21", "17", "30", "37":
		return true
	}
	return false
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
	in := scanInput(raw, m, err, at, opt)
	in.Keyed = keyed
	return in
}

// gs1Marked reports whether raw says of itself that it is GS1: an AIM
// symbology identifier (gs1.Parse has already refused those that carry no
// GS1, such as ]C0), a GS (FNC1) anywhere or one of opt's stand-ins for
// it, or bracketed AIs. Only such data may be read as a partial GS1
// message; a bare code never is.
func gs1Marked(raw string, opt *gs1.Options) bool {
	if strings.HasPrefix(raw, "]") || strings.HasPrefix(raw, "(") || strings.IndexByte(raw, '\x1d') >= 0 {
		return true
	}
	if opt != nil {
		for _, sep := range opt.Separators {
			if sep != "" && strings.Contains(raw, sep) {
				return true
			}
		}
	}
	return false
}

// placeholderGTIN has a valid check digit and names no product.
const placeholderGTIN = "00000000000000"

// reparse reads raw with a placeholder (01) in front, in raw's own form,
// with opt's GS stand-ins.
func reparse(raw string, at time.Time, opt *gs1.Options) (gs1.Message, error) {
	var data string
	switch {
	case len(raw) >= 3 && raw[0] == ']':
		data = raw[:3] + "01" + placeholderGTIN + raw[3:]
	case len(raw) > 0 && raw[0] == '(':
		data = "(01)" + placeholderGTIN + raw
	case len(raw) > 0 && raw[0] == '\x1d':
		data = "01" + placeholderGTIN + raw[1:]
	default:
		data = "01" + placeholderGTIN + raw
	}
	o := gs1.Options{}
	if opt != nil {
		o = *opt
	}
	if !at.IsZero() {
		o.Now = func() time.Time { return at }
	}
	m, err := gs1.Parse(data, &o)
	if err != nil {
		return m, err
	}
	if len(m.Elements) == 0 || m.Elements[0].AI != "01" || m.Elements[0].Value != placeholderGTIN {
		return m, errors.New("placeholder not first")
	}
	return m, nil
}

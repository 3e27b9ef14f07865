package gs1

import (
	"time"
)

// Options tune Parse. The zero value (or a nil *Options) is strict GS1.
type Options struct {
	// Separators are stand-ins for the GS (FNC1) separator that some
	// keyboard-wedge scanners cannot send, e.g. "<GS>", "^]", "~". Off by
	// default: with none set only the byte 0x1D separates elements.
	Separators []string
	// Now gives the current date for the GS1 century rule (YYMMDD dates).
	// nil means time.Now.
	Now func() time.Time
	// TolerateUnknown keeps an Application Identifier the dictionary does
	// not know instead of refusing the scan, when it can be delimited
	// without knowing it (see unknown.go); Message.Unknown lists such AIs.
	// Known AIs keep every rule. Off by default: strict GS1.
	TolerateUnknown bool
}

// Form says which kind of input Parse recognised.
type Form string

// The forms Parse detects.
const (
	FormScan      Form = "scan"      // AIM symbology identifier + element string (]C1, ]e0, ]d2, ]Q3, ]J1)
	FormElement   Form = "element"   // raw element string, GS (0x1D) between elements
	FormBracketed Form = "bracketed" // (01)09506000134352(10)ABC
	FormDL        Form = "dl"        // GS1 Digital Link URI
	FormGTIN      Form = "gtin"      // plain EAN/UPC: GTIN-8, -12, -13 or -14
)

// Element is one Application Identifier with its value, exactly as encoded
// (no implied decimal point applied, no padding).
type Element struct{ AI, Value string }

// Message is a decoded, validated GS1 message.
type Message struct {
	Form      Form
	Symbology string    // AIM symbology identifier such as "]d2", "" when none was sent
	Elements  []Element // in scan order; exact repeats are kept once
	// Unknown lists the AIs of Elements the dictionary does not know,
	// kept under Options.TolerateUnknown; nil otherwise.
	Unknown []string

	ref refTime // year of Options.Now at parse time; 0 = the clock when asked
}

// Get returns the value of the first element with this AI.
func (m Message) Get(ai string) (string, bool) {
	for i := range m.Elements {
		if m.Elements[i].AI == ai {
			return m.Elements[i].Value, true
		}
	}
	return "", false
}

// Has reports whether the message carries ai.
func (m Message) Has(ai string) bool {
	_, ok := m.Get(ai)
	return ok
}

// GTIN returns the 14-digit GTIN from (01), else (02), else "" (a plain
// EAN/UPC is stored as (01) padded to 14 digits).
func (m Message) GTIN() string {
	if v, ok := m.Get("01"); ok {
		return v
	}
	v, _ := m.Get("02")
	return v
}

// Lot returns the batch/lot number (10), "" if absent.
func (m Message) Lot() string { v, _ := m.Get("10"); return v }

// Serial returns the serial number (21), "" if absent.
func (m Message) Serial() string { v, _ := m.Get("21"); return v }

// SSCC returns the Serial Shipping Container Code (00), "" if absent.
func (m Message) SSCC() string { v, _ := m.Get("00"); return v }

// CPV returns the consumer product variant (22), "" if absent.
func (m Message) CPV() string { v, _ := m.Get("22"); return v }

// Expiry returns the expiration date (17) with the GS1 century rule,
// measured against the current time; DD=00 means the last day of the month.
func (m Message) Expiry() (time.Time, bool) { return m.dateAt("17", m.now()) }

// BestBefore returns the best-before date (15).
func (m Message) BestBefore() (time.Time, bool) { return m.dateAt("15", m.now()) }

// Production returns the production date (11).
func (m Message) Production() (time.Time, bool) { return m.dateAt("11", m.now()) }

// Date returns any YYMMDD-dated AI (11, 12, 13, 15, 16, 17) as a date,
// resolving the century against now.
func (m Message) Date(ai string, now time.Time) (time.Time, bool) { return m.dateAt(ai, now) }

func (m Message) dateAt(ai string, now time.Time) (time.Time, bool) {
	v, ok := m.Get(ai)
	if !ok || len(v) < 6 {
		return time.Time{}, false
	}
	return yymmddTime(v[:6], now)
}

// Count returns the variable count (30), else the count of trade items (37).
func (m Message) Count() (int64, bool) {
	v, ok := m.Get("30")
	if !ok {
		v, ok = m.Get("37")
	}
	if !ok {
		return 0, false
	}
	return atoi64(v)
}

func atoi64(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

package gs1

import (
	"strconv"
	"strings"
)

// Measure is a trade or logistic measure from AIs 310n–369n. The fourth AI
// digit n is the number of implied decimals: (3103)001250 is 1.250 kg.
type Measure struct {
	AI       string // e.g. "3103"
	Title    string // the GS1 data title, e.g. "NET WEIGHT (kg)"
	Unit     string // unit symbol, e.g. "kg", "lb", "m²", "l"
	Digits   int64  // the encoded digits as an integer (1250)
	Decimals int    // implied decimals (3)
}

// Float returns the measure as a float64 (for display; use Digits and
// Decimals for exact arithmetic).
func (x Measure) Float() float64 { return scaled(x.Digits, x.Decimals) }

// String formats the measure with its decimals and unit: "1.250 kg".
func (x Measure) String() string { return decimal(x.Digits, x.Decimals) + " " + x.Unit }

// Amount is an amount payable or a price from AIs 390n–393n, optionally
// with an ISO 4217 numeric currency (391n, 393n). n is the implied decimals.
type Amount struct {
	AI       string // e.g. "3932"
	Title    string // "AMOUNT" or "PRICE"
	Currency string // ISO 4217 numeric code such as "978" (EUR), "" for the local currency
	Digits   int64
	Decimals int
}

// Float returns the amount as a float64 (for display only).
func (x Amount) Float() float64 { return scaled(x.Digits, x.Decimals) }

// String formats the amount with its decimals and currency code.
func (x Amount) String() string {
	s := decimal(x.Digits, x.Decimals)
	if x.Currency != "" {
		s += " " + x.Currency
	}
	return s
}

// Measures returns every 310n–369n element in scan order.
func (m Message) Measures() []Measure {
	var out []Measure
	for _, e := range m.Elements {
		if len(e.AI) != 4 || e.AI[0] != '3' || e.AI[1] < '1' || e.AI[1] > '6' {
			continue
		}
		unit := measureUnit(e.AI[:3])
		if unit == "" {
			continue
		}
		n, ok := atoi64(e.Value)
		if !ok {
			continue
		}
		out = append(out, Measure{AI: e.AI, Title: Title(e.AI), Unit: unit, Digits: n, Decimals: int(e.AI[3] - '0')})
	}
	return out
}

// Measure returns the first measure whose AI starts with prefix, e.g.
// "310" for the net weight in kg or "330" for the gross weight.
func (m Message) Measure(prefix string) (Measure, bool) {
	for _, x := range m.Measures() {
		if strings.HasPrefix(x.AI, prefix) {
			return x, true
		}
	}
	return Measure{}, false
}

// NetWeight returns the net weight, (310n) in kg or else (320n) in lb.
func (m Message) NetWeight() (Measure, bool) {
	if x, ok := m.Measure("310"); ok {
		return x, true
	}
	return m.Measure("320")
}

// Amounts returns every 390n–393n element in scan order.
func (m Message) Amounts() []Amount {
	var out []Amount
	for _, e := range m.Elements {
		if len(e.AI) != 4 || e.AI[:2] != "39" || e.AI[2] < '0' || e.AI[2] > '3' {
			continue
		}
		a := Amount{AI: e.AI, Title: Title(e.AI), Decimals: int(e.AI[3] - '0')}
		v := e.Value
		if e.AI[2] == '1' || e.AI[2] == '3' {
			if len(v) < 4 {
				continue
			}
			a.Currency, v = v[:3], v[3:]
		}
		n, ok := atoi64(v)
		if !ok {
			continue
		}
		a.Digits = n
		out = append(out, a)
	}
	return out
}

// GLN returns the Global Location Number in ai (410–417) and, for (414),
// the GLN extension component (254) if the message carries one.
func (m Message) GLN(ai string) (gln, ext string, ok bool) {
	gln, ok = m.Get(ai)
	if ok && ai == "414" {
		ext, _ = m.Get("254")
	}
	return gln, ext, ok
}

// ShipTo returns the ship-to / deliver-to GLN (410).
func (m Message) ShipTo() (string, bool) { return m.Get("410") }

// Location returns the physical location GLN (414) and its extension (254).
func (m Message) Location() (gln, ext string, ok bool) { return m.GLN("414") }

func scaled(d int64, dec int) float64 {
	f := float64(d)
	for i := 0; i < dec; i++ {
		f /= 10
	}
	return f
}

func decimal(d int64, dec int) string {
	s := strconv.FormatInt(d, 10)
	if dec <= 0 {
		return s
	}
	for len(s) <= dec {
		s = "0" + s
	}
	return s[:len(s)-dec] + "." + s[len(s)-dec:]
}

// measureUnit maps the first three digits of a 31nn–36nn AI to its unit.
func measureUnit(p string) string {
	switch p {
	case "310", "330":
		return "kg"
	case "311", "312", "313", "331", "332", "333":
		return "m"
	case "314", "334":
		return "m²"
	case "315", "335":
		return "l"
	case "316", "336":
		return "m³"
	case "337":
		return "kg/m²"
	case "320", "340":
		return "lb"
	case "321", "324", "327", "341", "344", "347":
		return "in"
	case "322", "325", "328", "342", "345", "348":
		return "ft"
	case "323", "326", "329", "343", "346", "349":
		return "yd"
	case "350", "353":
		return "in²"
	case "351", "354":
		return "ft²"
	case "352", "355":
		return "yd²"
	case "356":
		return "oz t"
	case "357":
		return "oz"
	case "360", "362":
		return "qt"
	case "361", "363":
		return "gal"
	case "364", "367":
		return "in³"
	case "365", "368":
		return "ft³"
	case "366", "369":
		return "yd³"
	}
	return ""
}

// SuspectMissingSeparator reports whether a variable-length value could be
// two elements run together because a keyboard-wedge scanner dropped the
// GS between them: "10ABC21XYZ" parses as lot "ABC21XYZ" but may have been
// lot "ABC" and serial "XYZ". It returns the AI whose value may have
// swallowed another, the AI that seems hidden at its end, and the value
// as it would split. A correct message can look like this too (lot "L2112"
// reads as "L" + (21) "12"), so use it to ask the operator — for example
// when a serialised product's scan has a lot but no serial — never to refuse.
//
// A message whose variable-length element is followed by another element
// carried a GS there, so its scanner keeps separators: nothing in it is
// suspected ("10LOT<GS>21SN00300" is serial SN00300, not SN00 and count 0).
func (m Message) SuspectMissingSeparator() (host, hidden, split string, ok bool) {
	if m.Form != FormScan && m.Form != FormElement {
		return "", "", "", false
	}
	for _, e := range m.Elements[:max(len(m.Elements)-1, 0)] {
		if def := lookup(e.AI); def != nil && !def.fixed {
			return "", "", "", false
		}
	}
	for _, e := range m.Elements {
		def := lookup(e.AI)
		if def == nil || def.fixed {
			continue
		}
		v := e.Value
		for k := def.minLen; k+3 <= len(v); k++ {
			rest := v[k:]
			l := aiLength(rest)
			if l == 0 || l >= len(rest) || m.Has(rest[:l]) {
				continue
			}
			nd := lookup(rest[:l])
			if nd == nil || checkValue(nd, rest[:l], rest[l:], 0) != nil || checkValue(def, e.AI, v[:k], 0) != nil {
				continue
			}
			return e.AI, rest[:l], "(" + e.AI + ")" + v[:k] + "(" + rest[:l] + ")" + rest[l:], true
		}
	}
	return "", "", "", false
}

package inventory

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds on the values the warehouse accepts. Lots and serials follow GS1
// (AI 10 and AI 21: 1 to 20 characters of character set 82); the other
// bounds are far above any real value and low enough that no sum of stock
// can overflow and no record can swell every terminal's copy.
const (
	MaxLotLen    = 20            // GS1 AI (10)
	MaxSerialLen = 20            // GS1 AI (21)
	MaxCodeLen   = 64            // location codes, document, device, operator and event ids
	MaxTextLen   = 200           // names, suppliers, customers, notes
	MaxRawLen    = 4096          // the barcode data kept on an event
	MaxQty       = 1_000_000_000 // units one event may move; stock sums stay far from int64's range
)

// ErrInvalid marks a value that can never be true; errors.Is matches every
// *ValueError against it.
var ErrInvalid = errors.New("invalid value")

// ValueError says which value is wrong and why, in words for a supervisor
// or an import file's author.
type ValueError struct {
	Field  string // "gtin", "lot", "qty", …; "" for a rule of the event as a whole
	Value  string // the offending value, shortened for the message
	Reason string
}

func (e *ValueError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	if e.Value == "" {
		return e.Field + ": " + e.Reason
	}
	return fmt.Sprintf("%s %s: %s", e.Field, strconv.Quote(shorten(e.Value)), e.Reason)
}

func (e *ValueError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, value, format string, args ...any) error {
	return &ValueError{Field: field, Value: value, Reason: fmt.Sprintf(format, args...)}
}

// shorten keeps messages readable when the value is a megabyte of junk.
func shorten(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// CheckGTIN accepts a GTIN normalised to 14 digits with a valid check digit.
func CheckGTIN(g string) error {
	if len(g) != 14 || !allDigits(g) {
		return invalid("gtin", g, "want 14 digits")
	}
	if want := CheckDigit(g[:13]); g[13] != want {
		return invalid("gtin", g, "check digit is %c, want %c", g[13], want)
	}
	return nil
}

// CheckDigit is the GS1 mod-10 check digit of the digits in d.
func CheckDigit(d string) byte {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 0 {
			v *= 3
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}

// CheckLot accepts a lot code as GS1 AI (10) allows it.
func CheckLot(lot string) error { return checkCS82("lot", lot, MaxLotLen) }

// CheckSerial accepts a serial number as GS1 AI (21) allows it.
func CheckSerial(serial string) error { return checkCS82("serial", serial, MaxSerialLen) }

// cs82 is GS1 character set 82 (the set of AI 10 and 21): the printable
// ASCII characters but space, #, $, @, [, \, ], ^, `, {, |, } and ~.
var cs82 = func() (set [256]bool) {
	for _, c := range []byte(`!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`) {
		set[c] = true
	}
	return set
}()

func checkCS82(field, s string, max int) error {
	if s == "" {
		return invalid(field, s, "empty")
	}
	if len(s) > max {
		return invalid(field, s, "%d characters, at most %d", len(s), max)
	}
	for i := 0; i < len(s); i++ {
		if !cs82[s[i]] {
			return invalid(field, s, "character %s at position %d is not allowed in a GS1 %s", quoteByte(s[i]), i+1, field)
		}
	}
	return nil
}

func quoteByte(c byte) string {
	if c == ' ' {
		return "space"
	}
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("0x%02X", c)
	}
	return strconv.QuoteRune(rune(c))
}

// CheckDate accepts a real calendar date written YYYY-MM-DD.
func CheckDate(field, d string) error {
	if _, err := time.Parse("2006-01-02", d); err != nil || len(d) != 10 {
		return invalid(field, d, "want a real date as YYYY-MM-DD")
	}
	return nil
}

// CheckCode accepts an identifier people key in or scan: a location code,
// a document, device, operator or event id. It is 1 to MaxCodeLen
// characters of valid UTF-8, without spaces, control characters or markup,
// and never a path (a slash inside, as in a GLN and extension, is fine).
func CheckCode(field, s string) error {
	if s == "" {
		return invalid(field, s, "empty")
	}
	if len(s) > MaxCodeLen {
		return invalid(field, s, "%d characters, at most %d", len(s), MaxCodeLen)
	}
	if !utf8.ValidString(s) {
		return invalid(field, s, "not valid UTF-8")
	}
	for i, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\\' || r == '<' || r == '>' {
			return invalid(field, s, "character %q at position %d is not allowed in a code", r, i+1)
		}
	}
	if s[0] == '/' || strings.Contains(s, "..") {
		return invalid(field, s, "a code is not a path")
	}
	return nil
}

// CheckText accepts free text such as a name or a note: valid UTF-8, no
// control characters, at most max bytes.
func CheckText(field, s string, max int) error {
	if len(s) > max {
		return invalid(field, s, "%d bytes, at most %d", len(s), max)
	}
	if !utf8.ValidString(s) {
		return invalid(field, s, "not valid UTF-8")
	}
	for i, r := range s {
		if unicode.IsControl(r) {
			return invalid(field, s, "control character %U at position %d", r, i+1)
		}
	}
	return nil
}

// CheckQty accepts a quantity whose size one event may carry.
func CheckQty(q int64) error {
	if q > MaxQty || q < -MaxQty {
		return invalid("qty", strconv.FormatInt(q, 10), "at most %d units in one event", MaxQty)
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Check says what makes an event impossible, or nil. It is the one door
// every event passes: the terminal checks before it records, the hub before
// it applies (an event that fails is stored as an exception and never
// touches stock).
func (e Event) Check() error {
	if err := e.CheckShape(); err != nil {
		return err
	}
	need := func(reason string) error { return &ValueError{Reason: reason} }
	if e.ID == "" {
		return need("event has no id")
	}
	if e.GTIN == "" {
		return need("event has no gtin")
	}
	if e.Serial != "" && e.Kind != KindCount && e.Kind != KindAdjust && e.Qty != 1 {
		return need(fmt.Sprintf("a serialised unit moves with quantity 1, not %d", e.Qty))
	}
	if err := CheckCode("id", e.ID); err != nil {
		return err
	}
	if err := CheckGTIN(e.GTIN); err != nil {
		return err
	}
	if e.Lot != "" {
		if err := CheckLot(e.Lot); err != nil {
			return err
		}
	}
	if e.Serial != "" {
		if err := CheckSerial(e.Serial); err != nil {
			return err
		}
	}
	if e.Expiry != "" {
		if err := CheckDate("expiry", e.Expiry); err != nil {
			return err
		}
	}
	if err := CheckQty(e.Qty); err != nil {
		return err
	}
	for _, c := range []struct{ field, v string }{{"from", e.From}, {"to", e.To}, {"doc", e.Doc}, {"operator", e.Operator}} {
		if c.v == "" {
			continue
		}
		if err := CheckCode(c.field, c.v); err != nil {
			return err
		}
	}
	if e.DocLine < 0 || e.DocLine > 1_000_000 {
		return invalid("doc_line", strconv.Itoa(e.DocLine), "want a line number")
	}
	for _, t := range []struct{ field, v string }{{"override", e.Override}, {"note", e.Note}} {
		if err := CheckText(t.field, t.v, MaxTextLen); err != nil {
			return err
		}
	}
	for _, f := range e.Flags {
		if err := CheckCode("flag", f); err != nil {
			return err
		}
	}
	if len(e.Raw) > MaxRawLen || !utf8.ValidString(e.Raw) {
		return invalid("raw", e.Raw, "barcode data over %d bytes or not valid UTF-8", MaxRawLen)
	}
	if e.SSCC != "" && (len(e.SSCC) != 18 || !allDigits(e.SSCC) || CheckDigit(e.SSCC[:17]) != e.SSCC[17]) {
		return invalid("sscc", e.SSCC, "want 18 digits with a valid check digit")
	}
	return nil
}

// CheckShape holds the rules of each kind: which places it needs and which
// quantities make sense. The terminal checks a draft with it before the
// draft has an id; Check includes it.
func (e Event) CheckShape() error {
	need := func(reason string) error { return &ValueError{Reason: reason} }
	switch e.Kind {
	case KindReceive, KindReturn:
		if e.To == "" {
			return need("a " + string(e.Kind) + " needs a to location")
		}
	case KindPutaway, KindMove, KindPick:
		if e.From == "" || e.To == "" {
			return need("a " + string(e.Kind) + " needs from and to locations")
		}
	case KindShip:
		if e.From == "" {
			return need("a ship needs a from location")
		}
	case KindCount:
		if e.To == "" {
			return need("a count needs a to location")
		}
		if e.Qty < 0 {
			return need("a count cannot be negative")
		}
	case KindAdjust:
		if e.To == "" && e.From == "" {
			return need("an adjust needs a location")
		}
		if e.Qty == 0 {
			return need("an adjust of zero changes nothing")
		}
	default:
		return need(fmt.Sprintf("unknown kind %q", e.Kind))
	}
	if e.Kind != KindCount && e.Kind != KindAdjust && e.Qty <= 0 {
		return need(fmt.Sprintf("quantity %d must be positive", e.Qty))
	}
	return nil
}

package evdev

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key codes (linux/input-event-codes.h) the translator handles itself.
const (
	KeyEsc        = 1
	KeyTab        = 15
	KeyRightBrace = 27
	KeyEnter      = 28
	KeyLeftCtrl   = 29
	KeyLeftShift  = 42
	KeyRightShift = 54
	KeyLeftAlt    = 56
	KeyCapsLock   = 58
	KeyKP7        = 71
	KeyKP8        = 72
	KeyKP9        = 73
	KeyKP4        = 75
	KeyKP5        = 76
	KeyKP6        = 77
	KeyKP1        = 79
	KeyKP2        = 80
	KeyKP3        = 81
	KeyKP0        = 82
	KeyKPEnter    = 96
	KeyRightCtrl  = 97
	KeyRightAlt   = 100
)

// Level is the shift level a key is pressed at.
type Level int

const (
	LevelNormal Level = iota
	LevelShift
	// LevelAltGr is the third level (right Alt on European layouts).
	LevelAltGr
)

// Keymap maps a key code to the character it types. More layouts are
// added as Table values in Keymaps.
type Keymap interface {
	// Char is the character for code at level (caps lock already folded
	// in for letters by the caller), and whether there is one.
	Char(code uint16, level Level) (rune, bool)
	// HasAltGr says whether right Alt is AltGr on this layout (so it does
	// not start an Alt+numpad code).
	HasAltGr() bool
}

// Table is a Keymap from tables indexed by key code.
type Table struct {
	Normal, Shifted, AltGr map[uint16]rune
}

// Char implements Keymap.
func (t Table) Char(code uint16, level Level) (rune, bool) {
	var r rune
	var ok bool
	switch level {
	case LevelShift:
		r, ok = t.Shifted[code]
	case LevelAltGr:
		r, ok = t.AltGr[code]
	default:
		r, ok = t.Normal[code]
	}
	return r, ok
}

// HasAltGr implements Keymap.
func (t Table) HasAltGr() bool { return len(t.AltGr) > 0 }

// rows builds a table from key code ranges and the characters on them.
func rows(pairs ...any) map[uint16]rune {
	m := map[uint16]rune{}
	for i := 0; i < len(pairs); i += 2 {
		code := uint16(pairs[i].(int))
		for _, r := range pairs[i+1].(string) {
			m[code] = r
			code++
		}
	}
	return m
}

// Keymaps returns the known layouts by name, built afresh on each call so
// no caller can change another's tables.
func Keymaps() map[string]Keymap {
	return map[string]Keymap{
		// US QWERTY, what scanners default to.
		"us": Table{
			Normal: rows(2, "1234567890-=", 16, "qwertyuiop[]", 30, "asdfghjkl;'`", 43, `\zxcvbnm,./`,
				55, "*", 57, " ", 71, "789-456+1230.", 98, "/", 86, `\`),
			Shifted: rows(2, "!@#$%^&*()_+", 16, "QWERTYUIOP{}", 30, `ASDFGHJKL:"~`, 43, "|ZXCVBNM<>?",
				55, "*", 57, " ", 71, "789-456+1230.", 98, "/", 86, "|"),
		},
		// German QWERTZ (dead keys ´ ` ^ left out: scanners do not use them).
		"de": Table{
			Normal: rows(2, "1234567890ß", 16, "qwertzuiopü+", 30, "asdfghjklöä", 43, "#yxcvbnm,.-",
				55, "*", 57, " ", 71, "789-456+1230,", 98, "/", 86, "<"),
			Shifted: rows(2, `!"§$%&/()=?`, 16, "QWERTZUIOPÜ*", 30, "ASDFGHJKLÖÄ", 41, "°", 43, "'YXCVBNM;:_",
				55, "*", 57, " ", 71, "789-456+1230,", 98, "/", 86, ">"),
			AltGr: rows(3, "²³", 8, "{[]}\\", 16, "@", 18, "€", 27, "~", 50, "µ", 86, "|"),
		},
	}
}

// LookupKeymap returns the layout called name.
func LookupKeymap(name string) (Keymap, error) {
	km, ok := Keymaps()[strings.ToLower(name)]
	if !ok {
		var names []string
		for n := range Keymaps() {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("unknown keyboard layout %q (known: %s)", name, strings.Join(names, ", "))
	}
	return km, nil
}

// Translator follows modifier state and turns key events into text.
type Translator struct {
	km                 Keymap
	lshift, rshift     bool
	lctrl, rctrl       bool
	lalt, ralt, altgr  bool
	caps               bool
	altCode, altDigits int
	altLeadingZero     bool
}

// NewTranslator returns a translator for km.
func NewTranslator(km Keymap) *Translator { return &Translator{km: km} }

// Reset releases all modifiers.
func (t *Translator) Reset() { *t = Translator{km: t.km} }

var kpDigit = map[uint16]int{KeyKP0: 0, KeyKP1: 1, KeyKP2: 2, KeyKP3: 3, KeyKP4: 4,
	KeyKP5: 5, KeyKP6: 6, KeyKP7: 7, KeyKP8: 8, KeyKP9: 9}

// Key handles one EV_KEY event (value 1 press, 0 release, 2 repeat) and
// appends the text it types to out.
//
// Enter and keypad Enter type '\r', Tab '\t'. Ctrl with a key types the
// control character; Ctrl with the key right of P is GS (0x1D) on every
// layout. Right Alt is AltGr on layouts that have one. Alt held while keypad digits
// are typed types the character with that decimal code when Alt is
// released (Alt+0029 and Alt+029 both give GS); codes from 128 are
// Latin-1 with a leading zero (Windows Alt+0nnn) and dropped otherwise.
func (t *Translator) Key(code uint16, value int32, out []byte) []byte {
	press := value != 0
	switch code {
	case KeyLeftShift:
		t.lshift = press
		return out
	case KeyRightShift:
		t.rshift = press
		return out
	case KeyLeftCtrl:
		t.lctrl = press
		return out
	case KeyRightCtrl:
		t.rctrl = press
		return out
	case KeyLeftAlt, KeyRightAlt:
		if code == KeyLeftAlt {
			t.lalt = press
		} else if t.km.HasAltGr() {
			t.altgr = press
			return out
		} else {
			t.ralt = press
		}
		if !press && !t.lalt && !t.ralt && t.altDigits > 0 {
			out = t.altChar(out)
		}
		if !press && !t.lalt && !t.ralt {
			t.altCode, t.altDigits, t.altLeadingZero = 0, 0, false
		}
		return out
	case KeyCapsLock:
		if value == 1 {
			t.caps = !t.caps
		}
		return out
	}
	if !press {
		return out
	}
	if t.lalt || t.ralt {
		if d, ok := kpDigit[code]; ok {
			if t.altDigits == 0 && d == 0 {
				t.altLeadingZero = true
			}
			if t.altDigits < 4 {
				t.altCode = t.altCode*10 + d
				t.altDigits++
			}
		}
		return out // other Alt chords type nothing
	}
	switch code {
	case KeyEnter, KeyKPEnter:
		return append(out, '\r')
	case KeyTab:
		return append(out, '\t')
	}
	ctrl := t.lctrl || t.rctrl
	if ctrl && code == KeyRightBrace {
		// GS is Ctrl on the key right of P (']' on US) on every layout:
		// scanners send key positions, not characters.
		return append(out, 0x1D)
	}
	level := LevelNormal
	switch {
	case t.altgr:
		level = LevelAltGr
	case t.lshift || t.rshift:
		level = LevelShift
	}
	r, ok := t.km.Char(code, level)
	if !ok {
		return out
	}
	if t.caps && level != LevelAltGr && unicode.IsLetter(r) {
		flip := LevelShift
		if level == LevelShift {
			flip = LevelNormal
		}
		if r2, ok := t.km.Char(code, flip); ok {
			r = r2
		}
	}
	if ctrl {
		// Ctrl+@..Ctrl+_ and Ctrl+letter are the C0 control characters.
		u := r
		if u >= 'a' && u <= 'z' {
			u -= 'a' - 'A'
		}
		if u >= '@' && u <= '_' {
			return append(out, byte(u-'@'))
		}
		return out
	}
	return utf8.AppendRune(out, r)
}

func (t *Translator) altChar(out []byte) []byte {
	c := t.altCode
	switch {
	case c > 0 && c < 128:
		return append(out, byte(c))
	case c >= 128 && c < 256 && t.altLeadingZero:
		return utf8.AppendRune(out, rune(c))
	}
	return out
}

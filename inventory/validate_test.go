package inventory_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner/gs1"
)

func goodEvent() inventory.Event {
	return inventory.Event{ID: "01J0000000000000000000000A", Device: "t1", Seq: 1, Operator: "1001",
		At: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC), Kind: inventory.KindReceive,
		GTIN: "09506000134352", Lot: "S26-002", Expiry: "2027-01-31", Qty: 24, To: "DOCK-1", Doc: "PO-1001", DocLine: 1,
		Raw: "0109506000134352\x1d17270131\x1d10S26-002"}
}

func TestEventCheck(t *testing.T) {
	tests := []struct {
		name string
		edit func(*inventory.Event)
		want string // "" = accepted; else a part of the message
	}{
		{"a good receipt", func(*inventory.Event) {}, ""},
		{"a serial unit", func(e *inventory.Event) { e.Serial, e.Qty = "SN-0001", 1 }, ""},
		{"a write-off", func(e *inventory.Event) { e.Kind, e.Qty, e.From, e.To = inventory.KindAdjust, -3, "A-01", "" }, ""},
		{"unknown kind", func(e *inventory.Event) { e.Kind = "teleport" }, `unknown kind "teleport"`},
		{"no id", func(e *inventory.Event) { e.ID = "" }, "event has no id"},
		{"GTIN of script", func(e *inventory.Event) { e.GTIN = "<script>alert(1)</script>" }, "gtin"},
		{"GTIN check digit", func(e *inventory.Event) { e.GTIN = "09506000134353" }, "check digit is 3, want 2"},
		{"GTIN of 13 digits", func(e *inventory.Event) { e.GTIN = "9506000134352" }, "want 14 digits"},
		{"lot over 20", func(e *inventory.Event) { e.Lot = strings.Repeat("L", 21) }, "21 characters, at most 20"},
		{"lot of 2 MB", func(e *inventory.Event) { e.Lot = strings.Repeat("L", 2<<20) }, "at most 20"},
		{"lot with space", func(e *inventory.Event) { e.Lot = "LOT 1" }, "space at position 4"},
		{"serial with NUL", func(e *inventory.Event) { e.Serial, e.Qty = "S\x00", 1 }, "0x00 at position 2"},
		{"expiry not a date", func(e *inventory.Event) { e.Expiry = "2027-02-30" }, "real date"},
		{"qty overflow", func(e *inventory.Event) { e.Qty = 9223372036854775807 }, "at most 1000000000"},
		{"negative adjust overflow", func(e *inventory.Event) { e.Kind, e.Qty = inventory.KindAdjust, -9223372036854775807 }, "at most 1000000000"},
		{"qty zero", func(e *inventory.Event) { e.Qty = 0 }, "quantity 0 must be positive"},
		{"serial qty 2", func(e *inventory.Event) { e.Serial, e.Qty = "S1", 2 }, "quantity 1, not 2"},
		{"location as a path", func(e *inventory.Event) { e.To = "../../etc/shadow" }, "not a path"},
		{"location with markup", func(e *inventory.Event) { e.From, e.Kind = "<b>A</b>", inventory.KindMove }, "not allowed in a code"},
		{"GLN and extension as a code", func(e *inventory.Event) { e.To = "9506000000008/A1" }, ""},
		{"location too long", func(e *inventory.Event) { e.To = strings.Repeat("A", 65) }, "at most 64"},
		{"move without from", func(e *inventory.Event) { e.Kind = inventory.KindMove }, "needs from and to"},
		{"note with control", func(e *inventory.Event) { e.Note = "restock\x07" }, "control character"},
		{"raw of invalid UTF-8", func(e *inventory.Event) { e.Raw = "\xff\xfe" }, "raw"},
		{"SSCC check digit", func(e *inventory.Event) { e.SSCC = "106141411234567890" }, "sscc"},
		{"SSCC good", func(e *inventory.Event) { e.SSCC = "106141411234567897" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := goodEvent()
			tt.edit(&e)
			err := e.Check()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Check() = %v, want accepted", err)
			case tt.want != "" && err == nil:
				t.Fatalf("Check() accepted %+v, want %q", e, tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("Check() = %q, want it to say %q", err, tt.want)
			case err != nil && !errors.Is(err, inventory.ErrInvalid):
				t.Fatalf("Check() = %v, not errors.Is ErrInvalid", err)
			}
			if err != nil && len(err.Error()) > 300 {
				t.Fatalf("message of %d bytes: a huge value must be shortened", len(err.Error()))
			}
		})
	}
}

// The door and the scanner must agree on what a lot or serial can be: a
// value the door accepts is one a GS1 barcode can carry, and the reverse.
func TestLotSerialAgreeWithGS1(t *testing.T) {
	for c := 0; c < 256; c++ {
		v := "A" + string([]byte{byte(c)}) + "B"
		_, perr := gs1.Parse("]C10109506000134352"+"10"+v, nil)
		gs1OK := perr == nil
		if doorOK := inventory.CheckLot(v) == nil; doorOK != gs1OK {
			t.Errorf("byte 0x%02X in a lot: door says %v, GS1 parse says %v (%v)", c, doorOK, gs1OK, perr)
		}
	}
	for n := 1; n <= 22; n++ {
		v := strings.Repeat("7", n)
		_, perr := gs1.Parse("]C10109506000134352"+"21"+v, nil)
		if doorOK := inventory.CheckSerial(v) == nil; doorOK != (perr == nil) {
			t.Errorf("serial of %d characters: door says %v, GS1 parse says %v", n, doorOK, perr)
		}
	}
}

func TestCheckGTINAgreesWithGS1(t *testing.T) {
	base := "0950600013435"
	for d := byte('0'); d <= '9'; d++ {
		g := base + string(d)
		_, perr := gs1.Parse("]C101"+g, nil)
		if doorOK := inventory.CheckGTIN(g) == nil; doorOK != (perr == nil) {
			t.Errorf("GTIN %s: door says %v, GS1 parse says %v", g, doorOK, perr)
		}
	}
}

func TestCheckText(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"Salmon fillet 500 g", true}, {"Crème brûlée", true}, {"tab\there", false},
		{"bad \xff utf8", false}, {strings.Repeat("x", inventory.MaxTextLen), true}, {strings.Repeat("x", inventory.MaxTextLen+1), false},
	} {
		if got := inventory.CheckText("name", tt.in, inventory.MaxTextLen) == nil; got != tt.ok {
			t.Errorf("CheckText(%.30q) ok = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

// FuzzEventCheck: no input panics the door, and what it accepts is within
// every bound the stores rely on.
func FuzzEventCheck(f *testing.F) {
	good, _ := json.Marshal(goodEvent())
	f.Add(good)
	f.Add([]byte(`{"id":"x","kind":"count","gtin":"09506000134352","qty":-1,"to":"A"}`))
	f.Add([]byte(`{"id":"x","kind":"adjust","gtin":"09506000134352","qty":9223372036854775807,"to":"A"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var e inventory.Event
		if json.Unmarshal(data, &e) != nil {
			return
		}
		if e.Check() != nil {
			return
		}
		if e.Qty > inventory.MaxQty || e.Qty < -inventory.MaxQty || len(e.Lot) > 20 || len(e.Serial) > 20 ||
			inventory.CheckGTIN(e.GTIN) != nil || !utf8.ValidString(e.To+e.From+e.Doc) {
			t.Fatalf("accepted out-of-bounds event %+v", e)
		}
	})
}

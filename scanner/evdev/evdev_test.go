package evdev

import (
	"bytes"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the recorded streams in testdata")

// Records written out by hand from struct input_event, independently of
// Encode: KEY_A (30) pressed at 1.000002 s.
func TestDecodeHandWrittenRecords(t *testing.T) {
	rec64, _ := hex.DecodeString("0100000000000000" + "0200000000000000" + "0100" + "1e00" + "01000000")
	rec32, _ := hex.DecodeString("01000000" + "02000000" + "0100" + "1e00" + "01000000")
	for _, tc := range []struct {
		l   RecordLayout
		rec []byte
	}{{Layout64, rec64}, {Layout32, rec32}} {
		evs, n := Decode(append(tc.rec, 0xAA), tc.l) // plus a partial record
		if n != tc.l.Size || len(evs) != 1 {
			t.Fatalf("%s: Decode consumed %d bytes, %d events", tc.l.Name, n, len(evs))
		}
		want := Event{Time: time.Unix(1, 2000), Type: EvKey, Code: 30, Value: 1}
		if evs[0] != want {
			t.Errorf("%s: event = %+v, want %+v", tc.l.Name, evs[0], want)
		}
		if got := Encode(nil, want, tc.l); !bytes.Equal(got, tc.rec) {
			t.Errorf("%s: Encode = %x, want %x", tc.l.Name, got, tc.rec)
		}
	}
}

// keystrokes types s on a US keyboard the way a HID scanner does: each key
// with EV_MSC scan code, press, SYN, release, SYN; shift around capitals;
// GS as Ctrl+] ("ctrl") or Alt+numpad 0 0 2 9 ("alt4") or 0 2 9 ("alt3").
func keystrokes(t *testing.T, s, gs string) []Event {
	t.Helper()
	rev := map[rune][2]int{} // rune -> code, shift
	km := Keymaps()["us"].(Table)
	for c, r := range km.Normal {
		if c < 71 || c > 83 { // keep main-block digits, not the keypad
			rev[r] = [2]int{int(c), 0}
		}
	}
	for c, r := range km.Shifted {
		if _, ok := rev[r]; !ok {
			rev[r] = [2]int{int(c), 1}
		}
	}
	at := time.Unix(1700000000, 0)
	var evs []Event
	emit := func(typ, code uint16, v int32) {
		at = at.Add(1500 * time.Microsecond)
		evs = append(evs, Event{Time: at, Type: typ, Code: code, Value: v})
	}
	key := func(code uint16, v int32) {
		emit(EvMsc, 4, int32(0x70000+int(code)))
		emit(EvKey, code, v)
		emit(EvSyn, 0, 0)
	}
	tap := func(code uint16) { key(code, 1); key(code, 0) }
	for _, r := range s {
		switch {
		case r == '\r':
			tap(KeyEnter)
		case r == 0x1D && gs == "ctrl":
			key(KeyLeftCtrl, 1)
			tap(KeyRightBrace)
			key(KeyLeftCtrl, 0)
		case r == 0x1D:
			digits := []uint16{KeyKP0, KeyKP0, KeyKP2, KeyKP9}
			if gs == "alt3" {
				digits = digits[1:]
			}
			key(KeyLeftAlt, 1)
			for _, d := range digits {
				tap(d)
			}
			key(KeyLeftAlt, 0)
		default:
			k, ok := rev[r]
			if !ok {
				t.Fatalf("cannot type %q", r)
			}
			if k[1] == 1 {
				key(KeyLeftShift, 1)
			}
			tap(uint16(k[0]))
			if k[1] == 1 {
				key(KeyLeftShift, 0)
			}
		}
	}
	return evs
}

const typed = "]d2010950600013435217261231\x1d10Lot-42/B\x1d21Sn:0001\r]E09506000134352\r"

// TestRecordedStreams decodes recorded event streams of a scanner typing
// two scans, in both layouts and all three GS conventions, read in
// chunks that split records.
func TestRecordedStreams(t *testing.T) {
	for _, l := range []RecordLayout{Layout64, Layout32} {
		for _, gs := range []string{"ctrl", "alt4", "alt3"} {
			name := strings.ReplaceAll(l.Name, "-", "") + "-" + gs + ".bin"
			path := filepath.Join("testdata", name)
			if *update {
				var b []byte
				for _, e := range keystrokes(t, typed, gs) {
					b = Encode(b, e, l)
				}
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rec, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to record)", err)
			}
			for _, chunk := range []int{len(rec), 4096, l.Size, 7, 1} {
				km, _ := LookupKeymap("us")
				d := NewDecoder(l, km)
				var got []byte
				for i := 0; i < len(rec); i += chunk {
					got = append(got, d.Feed(rec[i:min(i+chunk, len(rec))])...)
				}
				if string(got) != typed {
					t.Errorf("%s chunk %d: typed %q, want %q", name, chunk, got, typed)
				}
			}
		}
	}
}

func TestTranslatorModifiers(t *testing.T) {
	km, err := LookupKeymap("US")
	if err != nil {
		t.Fatal(err)
	}
	tr := NewTranslator(km)
	var out []byte
	press := func(codes ...uint16) {
		for _, c := range codes {
			out = tr.Key(c, 1, out)
		}
	}
	release := func(codes ...uint16) {
		for _, c := range codes {
			out = tr.Key(c, 0, out)
		}
	}
	press(KeyCapsLock)
	release(KeyCapsLock)
	press(30) // caps: A
	press(KeyRightShift, 30, 2)
	release(KeyRightShift) // caps+shift: a, then !
	press(KeyCapsLock)
	press(KeyRightCtrl, KeyRightBrace)
	release(KeyRightCtrl)
	press(KeyRightAlt, KeyKP1, KeyKP3)
	press(30) // ignored inside an Alt chord
	release(KeyRightAlt)
	press(KeyLeftAlt, KeyKP0, KeyKP2, KeyKP3, KeyKP3)
	release(KeyLeftAlt) // Alt+0233 = é
	press(KeyLeftAlt, KeyKP2, KeyKP3, KeyKP3)
	release(KeyLeftAlt) // Alt+233 (CP437) dropped
	press(KeyKP4, KeyTab, KeyKPEnter, KeyEsc)
	want := "Aa!\x1d\r" + "é" + "4\t\r"
	if string(out) != want {
		t.Fatalf("typed %q, want %q", out, want)
	}
	if _, err := LookupKeymap("xx"); err == nil || !strings.Contains(err.Error(), "us") {
		t.Errorf("LookupKeymap(xx) = %v", err)
	}
}

// TestGermanLayout types through the QWERTZ table, with AltGr for ']'
// and GS from Ctrl on the key right of P (which types '+' there).
func TestGermanLayout(t *testing.T) {
	km, err := LookupKeymap("de")
	if err != nil {
		t.Fatal(err)
	}
	tr := NewTranslator(km)
	var out []byte
	tap := func(codes ...uint16) {
		for _, c := range codes {
			out = tr.Key(c, 1, out)
			out = tr.Key(c, 0, out)
		}
	}
	hold := func(mod uint16, codes ...uint16) {
		out = tr.Key(mod, 1, out)
		tap(codes...)
		out = tr.Key(mod, 0, out)
	}
	hold(KeyRightAlt, 10) // AltGr+9 = ]
	tap(32, 3, 11, 2)     // d 2 0 1
	hold(KeyLeftCtrl, KeyRightBrace)
	tap(2, 11) // 1 0
	hold(KeyLeftShift, 38)
	tap(24, 20, 53, 44, 21, 27) // o t - y z +
	hold(KeyLeftAlt, KeyKP0, KeyKP2, KeyKP9)
	want := "]d201\x1d10Lot-yz+\x1d"
	if string(out) != want {
		t.Fatalf("typed %q, want %q", out, want)
	}
}

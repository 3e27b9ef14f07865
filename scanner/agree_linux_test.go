//go:build linux

package scanner_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/evdev"
	"github.com/scanterm/scanterm/scanner/ptytest"
)

// usKeys types text on the US layout as evdev records (shift where
// needed, GS as Ctrl+], '\r' as Enter).
func usKeys(t *testing.T, text string) []byte {
	t.Helper()
	km := evdev.Keymaps()["us"].(evdev.Table)
	type key struct {
		code  uint16
		shift bool
	}
	rev := map[rune]key{}
	for c, r := range km.Normal {
		if c < 71 || c > 83 {
			rev[r] = key{c, false}
		}
	}
	for c, r := range km.Shifted {
		if _, ok := rev[r]; !ok {
			rev[r] = key{c, true}
		}
	}
	l := evdev.NativeLayout()
	var b []byte
	ev := func(c uint16, v int32) { b = evdev.Encode(b, evdev.Event{Type: evdev.EvKey, Code: c, Value: v}, l) }
	for _, r := range text {
		switch r {
		case '\r':
			ev(evdev.KeyEnter, 1)
			ev(evdev.KeyEnter, 0)
		case scanner.GS:
			ev(evdev.KeyLeftCtrl, 1)
			ev(evdev.KeyRightBrace, 1)
			ev(evdev.KeyRightBrace, 0)
			ev(evdev.KeyLeftCtrl, 0)
		default:
			k, ok := rev[r]
			if !ok {
				t.Fatalf("no US key for %q", r)
			}
			if k.shift {
				ev(evdev.KeyLeftShift, 1)
			}
			ev(k.code, 1)
			ev(k.code, 0)
			if k.shift {
				ev(evdev.KeyLeftShift, 0)
			}
		}
	}
	return b
}

// TestSourcesAgree: one GS1 DataMatrix barcode read through every input
// path yields the same AIM and data. The serial path is a real pty; the
// evdev path decodes the key records and frames them with the evdev
// spec's framing, as the evdev source does (its device I/O needs a real
// input device, see TestEvdevSourceFIFO for the read loop).
func TestSourcesAgree(t *testing.T) {
	const aim = "]d2"
	want := aim + gs1Data
	got := map[string]string{}

	// Image.
	var img bytes.Buffer
	if err := png.Encode(&img, gs1DataMatrix(t, gs1Data)); err != nil {
		t.Fatal(err)
	}
	imgs, err := scanner.DecodeImage(&img, "image")
	if err != nil || len(imgs) != 1 {
		t.Fatalf("image: %v %v", imgs, err)
	}
	got["image"] = imgs[0].Text()

	// Serial over a pty.
	line := ptytest.New(t, "ttyACM0")
	src, _ := scanner.Open("serial:"+line.Path+"?suffix=crlf", fastRetry())
	r := start(t, src)
	r.waitConnected()
	line.Write([]byte(want + "\r\n"))
	got["serial"] = r.scan().Text()

	// Stdin.
	var stdinScan scanner.Scan
	src, _ = scanner.Open("stdin", scanner.Options{Stdin: strings.NewReader(want + "\n")})
	src.Run(context.Background(), func(e scanner.Event) {
		if e.Scan != nil {
			stdinScan = *e.Scan
		}
	})
	got["stdin"] = stdinScan.Text()

	// Evdev key records.
	spec, err := scanner.ParseSpec("evdev:/dev/input/event0")
	if err != nil {
		t.Fatal(err)
	}
	km, _ := evdev.LookupKeymap(spec.Layout)
	typed := evdev.NewDecoder(evdev.NativeLayout(), km).Feed(usKeys(t, want+"\r"))
	frames := scanner.NewFramer(spec.Frame).Feed(typed, t0)
	if len(frames) != 1 {
		t.Fatalf("evdev: %d frames from %q", len(frames), typed)
	}
	got["evdev"] = frames[0].AIM + string(frames[0].Data)

	// Keyboard wedge at 200 keys/s, GS as Ctrl+].
	w := scanner.NewWedge(scanner.WedgeConfig{})
	var wedge []scanner.Scan
	for _, k := range typing(want+"\r", 0, 5) {
		wedge = append(wedge, w.Key(k.k, t0.Add(time.Duration(k.ms)*time.Millisecond)).Scans...)
	}
	if len(wedge) != 1 {
		t.Fatalf("wedge: %d scans", len(wedge))
	}
	got["wedge"] = wedge[0].Text()
	// Paste.
	got["paste"] = w.Paste(want, t0).Scans[0].Text()

	for name, text := range got {
		if text != want {
			t.Errorf("%s: %q, want %q", name, text, want)
		}
	}
	if len(got) != 6 {
		t.Errorf("only %d sources checked", len(got))
	}
}

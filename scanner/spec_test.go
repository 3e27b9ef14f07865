package scanner_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
)

func TestParseSpec(t *testing.T) {
	s, err := scanner.ParseSpec("serial:/dev/ttyUSB0?baud=115200&data=7&parity=e&stop=2&suffix=crlf&gap=30ms&aim=0&max=512")
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind != "serial" || s.Path != "/dev/ttyUSB0" || s.Baud != 115200 || s.DataBits != 7 || s.Parity != "even" ||
		s.StopBits != "2" || !bytes.Equal(s.Frame.Suffix, []byte("\r\n")) || s.Frame.Gap != 30*time.Millisecond ||
		s.Frame.AIM != scanner.AIMOff || s.Frame.Max != 512 {
		t.Fatalf("spec = %+v", s)
	}
	s, err = scanner.ParseSpec("serial:usb=05E0:1200:ABC123?suffix=0x03")
	if err != nil || s.USB == nil || s.USB.VID != "05e0" || s.USB.PID != "1200" || s.USB.SerialNumber != "ABC123" ||
		!bytes.Equal(s.Frame.Suffix, []byte{3}) || s.Baud != 9600 {
		t.Fatalf("usb spec = %+v, %v", s, err)
	}
	s, err = scanner.ParseSpec("serial:/dev/ttyS1?suffix=none")
	if err != nil || s.Frame.Gap != 50*time.Millisecond || s.Frame.Suffix != nil || s.Frame.SuffixAnyEOL {
		t.Fatalf("suffix=none: %+v, %v", s.Frame, err)
	}
	s, err = scanner.ParseSpec("evdev:/dev/input/by-id/usb-Honeywell-event-kbd?suffix=tab&grab=0")
	if err != nil || s.Grab || !bytes.Equal(s.Frame.Suffix, []byte("\t")) || s.Layout != "us" {
		t.Fatalf("evdev: %+v, %v", s, err)
	}
	s, err = scanner.ParseSpec("stdin?aim=0")
	if err != nil || s.Kind != "stdin" || s.Frame.AIM != scanner.AIMOff {
		t.Fatalf("stdin: %+v, %v", s, err)
	}
	if s, err := scanner.ParseSpec("serial:ttyACM1"); err != nil || s.Path != "/dev/ttyACM1" {
		t.Fatalf("bare serial name: %+v, %v", s, err)
	}
	if s, err := scanner.ParseSpec("evdev:usb-Zebra_DS2208-event-kbd"); err != nil || s.Path != "/dev/input/by-id/usb-Zebra_DS2208-event-kbd" {
		t.Fatalf("bare evdev name: %+v, %v", s, err)
	}
	if s, err := scanner.ParseSpec("image:a.png"); err != nil || s.Path != "a.png" {
		t.Fatalf("image: %+v, %v", s, err)
	}
	for _, bad := range []struct{ spec, want string }{
		{"", "unknown source kind"},
		{"tcp:1.2.3.4", "unknown source kind"},
		{"serial:", "missing device path"},
		{"serial:/dev/x?baud=fast", "baud"},
		{"serial:/dev/x?baud=9600&baud=19200", "twice"},
		{"serial:/dev/x?parity=x", "parity"},
		{"serial:/dev/x?data=9", "data bits"},
		{"serial:/dev/x?stop=3", "stop bits"},
		{"serial:/dev/x?suffix=0x1d", "GS is data"},
		{"serial:/dev/x?suffix=0xZZ", "one byte"},
		{"serial:/dev/x?suffix=semicolon", "suffix"},
		{"serial:/dev/x?gap=0", "gap"},
		{"serial:/dev/x?gap=soon", "duration"},
		{"serial:/dev/x?max=1", "max"},
		{"serial:/dev/x?aim=maybe", "aim"},
		{"serial:/dev/x?colour=red", "unknown option"},
		{"serial:/dev/x?layout=us", "evdev sources only"},
		{"serial:usb=5e0:1200", "4 hex digits"},
		{"serial:usb=05e0", "VID:PID"},
		{"evdev:", "missing device path"},
		{"evdev:/dev/input/event0?baud=9600", "serial sources only"},
		{"evdev:/dev/input/event0?suffix=lf", "enter or tab"},
		{"evdev:/dev/input/event0?suffix=none", "enter or tab"},
		{"image:", "missing image file"},
		{"image:a.png?x=1", "no options"},
		{"stdin?suffix=cr", "stdin"},
		{"stdinx", "unknown source kind"},
		{"serial:/dev/x?%zz", "options"},
	} {
		_, err := scanner.ParseSpec(bad.spec)
		if !errors.Is(err, scanner.ErrSpec) || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseSpec(%q) = %v, want ErrSpec mentioning %q", bad.spec, err, bad.want)
		}
	}
}

func TestSplitAIM(t *testing.T) {
	for _, tc := range []struct{ in, aim, data string }{
		{"]C1010", "]C1", "010"}, {"]d2", "]d2", ""}, {"]E09506", "]E0", "9506"},
		{"]1ab", "", "]1ab"}, {"]C", "", "]C"}, {"C1]", "", "C1]"}, {"", "", ""},
	} {
		if aim, data := scanner.SplitAIM(tc.in); aim != tc.aim || data != tc.data {
			t.Errorf("SplitAIM(%q) = %q %q", tc.in, aim, data)
		}
	}
}

func TestStdinSource(t *testing.T) {
	in := strings.NewReader("]C1010950600013435210AB\x1d21X\r\n\nLOC-A01\n]E09506000134352")
	src, err := scanner.Open("stdin", scanner.Options{Stdin: in, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = src.Run(context.Background(), func(e scanner.Event) {
		if e.Scan != nil {
			if e.Scan.Source != "stdin" || !e.Scan.At.Equal(t0) {
				t.Errorf("scan meta = %q %v", e.Scan.Source, e.Scan.At)
			}
			got = append(got, e.Scan.AIM+"|"+string(e.Scan.Data))
		}
	})
	want := []string{"]C1|010950600013435210AB\x1d21X", "|LOC-A01", "]E0|9506000134352"}
	if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Run = %v, scans %q, want %q", err, got, want)
	}
	if got := (scanner.Scan{AIM: "]C1", Data: []byte("01X")}).Text(); got != "]C101X" {
		t.Errorf("Text = %q", got)
	}
}

// FuzzParseSpec: any string gives a spec or an ErrSpec error, never a
// panic, and an accepted spec opens.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"serial:/dev/ttyACM0?baud=115200&suffix=cr&aim=1", "serial:usb=05e0:1200?suffix=0x03&gap=30ms",
		"evdev:/dev/input/event3?suffix=tab&layout=us&grab=0", "stdin", "image:x.png", "serial:/dev/x?max=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := scanner.ParseSpec(spec)
		if err != nil {
			if !errors.Is(err, scanner.ErrSpec) {
				t.Fatalf("error without ErrSpec: %v", err)
			}
			return
		}
		if s.Frame.Max < 16 || s.Frame.Max > 1<<20 {
			t.Fatalf("max %d accepted", s.Frame.Max)
		}
		if _, err := scanner.OpenSpec(s, scanner.Options{}); err != nil && !errors.Is(err, scanner.ErrSpec) {
			t.Fatalf("OpenSpec: %v", err)
		}
	})
}

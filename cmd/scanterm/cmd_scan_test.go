package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/scanterm/scanterm/scanner/ptytest"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func runScanCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	args = append([]string{"scan", "--data", t.TempDir()}, args...)
	err := run(context.Background(), ioStreams{In: strings.NewReader(stdin), Out: &out, Err: &errb}, args)
	return out.String(), errb.String(), err
}

func TestScanStdinJSON(t *testing.T) {
	in := "]d2010950600013435217261231\x1d10LOT-42\x1d21SN1\r\nLOC-A01\n]C10109506000134353\n"
	out, _, err := runScanCmd(t, in, "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	var first struct {
		Source, AIM, Data string
		GS1               struct {
			OK                        bool
			Form, Symbology           string
			AIs                       [][2]string
			GTIN, Lot, Serial, Expiry string
		}
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Source != "stdin" || first.AIM != "]d2" || first.Data != "010950600013435217261231\x1d10LOT-42\x1d21SN1" ||
		!first.GS1.OK || first.GS1.GTIN != "09506000134352" || first.GS1.Lot != "LOT-42" || first.GS1.Serial != "SN1" ||
		first.GS1.Expiry != "2026-12-31" || first.GS1.Symbology != "]d2" || len(first.GS1.AIs) != 4 {
		t.Fatalf("first = %+v", first)
	}
	if !strings.Contains(lines[0], `"data":"010950600013435217261231\u001d10LOT-42`) {
		t.Errorf("GS not escaped as \\u001d: %s", lines[0])
	}
	if !strings.Contains(lines[1], `"aim":"","data":"LOC-A01","gs1":{"ok":false,"error":{"code":"not_gs1"`) {
		t.Errorf("plain code line: %s", lines[1])
	}
	if !strings.Contains(lines[2], `"code":"check_digit"`) {
		t.Errorf("bad check digit line: %s", lines[2])
	}
}

func TestScanStdinHuman(t *testing.T) {
	out, _, err := runScanCmd(t, "]C1010950600013435210AB\x1d21X\nLOC-A01\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"stdin  ]C1 GS1-128  010950600013435210AB<GS>21X", "(01) 09506000134352  GTIN",
		"(10) AB", "(21) X", "-- stdin connected", "(no AIM id)  LOC-A01", "not GS1: a plain code"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestScanSerialPTY runs the command against a pty standing in for a
// serial scanner, unplugs it mid-run and checks the next scan still comes.
func TestScanSerialPTY(t *testing.T) {
	line := ptytest.New(t, "ttyACM0")
	out := &syncBuffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, ioStreams{In: strings.NewReader(""), Out: out, Err: out},
			[]string{"scan", "--data", t.TempDir(), "--source", "serial:" + line.Path + "?baud=115200&suffix=crlf", "--wait", "--count", "2"})
	}()
	waitFor := func(s string) {
		t.Helper()
		for !strings.Contains(out.String(), s) {
			select {
			case err := <-done:
				t.Fatalf("scan ended early (%v):\n%s", err, out.String())
			case <-ctx.Done():
				t.Fatalf("never saw %q:\n%s", s, out.String())
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
	waitFor(line.Path + " connected")
	line.Write([]byte("]d2010950600013435210L1\x1d21S1\r\n"))
	waitFor("(21) S1")
	line.Unplug()
	waitFor("disconnected")
	line.Plug()
	line.Write([]byte("]E09506000134352\r\n"))
	if err := <-done; err != nil {
		t.Fatalf("scan: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{"]d2 GS1 DataMatrix  010950600013435210L1<GS>21S1", "]E0 EAN-13 / UPC-A  9506000134352",
		"(01) 09506000134352"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestScanImage(t *testing.T) {
	bm, err := qrcode.NewQRCodeWriter().Encode("010950600013435210LOT\x1d21SER", gozxing.BarcodeFormat_QR_CODE, 200, 200,
		map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_GS1_FORMAT: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "label.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, bm); err != nil {
		t.Fatal(err)
	}
	f.Close()
	blank := filepath.Join(dir, "blank.txt")
	os.WriteFile(blank, []byte("not an image"), 0o644)
	out, _, err := runScanCmd(t, "", "--json", "--image", path, blank)
	if err == nil || !strings.Contains(err.Error(), "not a PNG or JPEG") {
		t.Errorf("err = %v, want the bad file reported", err)
	}
	if !strings.Contains(out, `"aim":"]Q3","data":"010950600013435210LOT\u001d21SER"`) || !strings.Contains(out, `"serial":"SER"`) {
		t.Errorf("output:\n%s", out)
	}
}

func TestScanErrors(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"--source", "serial:" + filepath.Join(t.TempDir(), "ttyUSB9")}, false, "is the scanner plugged in"},
		{[]string{"--source", "serial:/dev/null"}, false, "not a serial port"},
		{[]string{"--source", "evdev:/dev/input/by-id/none-event-kbd"}, false, "device not found"},
		{[]string{"--source", "serial:/dev/x?baud=fast"}, true, "baud"},
		{[]string{"--source", "carrier-pigeon"}, true, "unknown source kind"},
		{[]string{"--bogus"}, true, "bogus"},
		{[]string{"stray.png"}, true, "after --image"},
		{[]string{"--list", "--source", "stdin"}, true, "--list"},
		{[]string{"--count", "-1"}, true, "--count"},
	} {
		_, _, err := runScanCmd(t, "", tc.args...)
		if err == nil || errors.Is(err, errUsage) != tc.usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("scan %q: err = %v, want usage=%v containing %q", tc.args, err, tc.usage, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("scan %q: error is not one line: %q", tc.args, err)
		}
	}
}

func TestScanListAndHelp(t *testing.T) {
	out, _, err := runScanCmd(t, "", "--list")
	if err != nil || !strings.Contains(out, "Serial ports:") || !strings.Contains(out, "HID keyboards") {
		t.Fatalf("--list: %v\n%s", err, out)
	}
	out, _, err = runScanCmd(t, "", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: scanterm scan") || !strings.Contains(out, "Example") ||
		!strings.Contains(out, "-source") {
		t.Fatalf("--help: %v\n%s", err, out)
	}
}

// A lot that swallowed its serial (no GS before (21)) is shown with the
// reading a GS would give, in text and JSON; a good scan has no note.
func TestScanNotesLotThatMayHideSerial(t *testing.T) {
	in := "]C1010950600013436910L121SN-9\n]C1010950600013436910L1\x1d21SN-9\n"
	out, _, err := runScanCmd(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "note: (10) may hide (21)") != 1 || !strings.Contains(out, "(10)L1(21)SN-9 (the terminal holds this scan)") {
		t.Fatalf("want one note for the first scan only:\n%s", out)
	}
	js, _, err := runScanCmd(t, in, "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(js), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"may_hide":"(10)L1(21)SN-9"`) || strings.Contains(lines[1], "may_hide") {
		t.Fatalf("json:\n%s", js)
	}
}

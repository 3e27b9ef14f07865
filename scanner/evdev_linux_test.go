//go:build linux

package scanner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.bug.st/serial"
	"golang.org/x/sys/unix"

	"github.com/scanterm/scanterm/scanner/evdev"
)

// typeRecords encodes key taps for text made of lower-case letters,
// digits, Enter ('\r') and GS (sent as Ctrl+]), in the native layout.
func typeRecords(t *testing.T, text string) []byte {
	t.Helper()
	l := evdev.NativeLayout()
	codes := map[rune]uint16{'\r': evdev.KeyEnter, '0': 11, ']': evdev.KeyRightBrace}
	for i, r := range "123456789" {
		codes[r] = uint16(2 + i)
	}
	for i, r := range "qwertyuiop" {
		codes[r] = uint16(16 + i)
	}
	for i, r := range "asdfghjkl" {
		codes[r] = uint16(30 + i)
	}
	for i, r := range "zxcvbnm" {
		codes[r] = uint16(44 + i)
	}
	var b []byte
	key := func(c uint16, v int32) {
		b = evdev.Encode(b, evdev.Event{Type: evdev.EvKey, Code: c, Value: v}, l)
		b = evdev.Encode(b, evdev.Event{Type: evdev.EvSyn}, l)
	}
	for _, r := range text {
		if r == GS {
			key(evdev.KeyLeftCtrl, 1)
			key(evdev.KeyRightBrace, 1)
			key(evdev.KeyRightBrace, 0)
			key(evdev.KeyLeftCtrl, 0)
			continue
		}
		c, ok := codes[r]
		if !ok {
			t.Fatalf("typeRecords: no key for %q", r)
		}
		key(c, 1)
		key(c, 0)
	}
	return b
}

// TestEvdevSourceFIFO runs the evdev source's read/reconnect path on a
// real FIFO carrying recorded input_event bytes (a container has no
// /dev/uinput to make a real input device; the ioctls are tested below).
func TestEvdevSourceFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "event7")
	if err := unix.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	// O_RDWR: opening does not wait for a reader, and data written while
	// the reader is away stays in the pipe.
	w, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	src, err := Open("evdev:"+path, Options{Backoff: Backoff{Min: time.Millisecond, Max: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	src.(*evdevSource).deviceIoctls = false
	ctx, cancel := context.WithCancel(context.Background())
	ev := make(chan Event, 1000)
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, func(e Event) { ev <- e }) }()
	defer func() {
		cancel()
		<-done
	}()
	nextScan := func() Scan {
		t.Helper()
		for {
			select {
			case e := <-ev:
				if e.Scan != nil {
					return *e.Scan
				}
			case <-time.After(20 * time.Second):
				t.Fatal("no scan")
			}
		}
	}
	rec := typeRecords(t, "]d201095060001343521\x1d10lot7\r")
	// Written in two pieces that split a record.
	w.Write(rec[:37])
	w.Write(rec[37:])
	s := nextScan()
	if s.AIM != "]d2" || string(s.Data) != "01095060001343521\x1d10lot7" || s.Source != path {
		t.Fatalf("scan = %+v", s)
	}
	// "Unplug": the writer goes away; "replug" and type the next scan.
	w.Close()
	for disconnected := false; !disconnected; {
		select {
		case e := <-ev:
			disconnected = e.Status != nil && !e.Status.Connected && e.Status.Err != nil
		case <-time.After(20 * time.Second):
			t.Fatal("no disconnect after the writer went away")
		}
	}
	w, err = os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.Write(typeRecords(t, "abc123\r"))
	if s := nextScan(); s.AIM != "" || string(s.Data) != "abc123" {
		t.Fatalf("after replug: scan = %+v", s)
	}
}

func TestEvdevOpenErrors(t *testing.T) {
	opt := Options{FailFast: true}
	run := func(spec string) error {
		src, err := Open(spec, opt)
		if err != nil {
			return err
		}
		return src.Run(context.Background(), func(Event) {})
	}
	if err := run("evdev:/dev/input/by-id/no-such-scanner-event-kbd"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing device: %v", err)
	}
	if err := run("evdev:/dev/null"); !errors.Is(err, ErrNotDevice) || !strings.Contains(err.Error(), "evdev") {
		t.Errorf("/dev/null: %v", err)
	}
	if _, err := Open("evdev:/dev/null?layout=klingon", opt); !errors.Is(err, ErrSpec) {
		t.Errorf("bad layout: %v", err)
	}
}

// The permission advice names the group to join; as root the tests
// cannot provoke EACCES, so the classifier is checked directly.
func TestClassifyOpenAdvice(t *testing.T) {
	for _, tc := range []struct {
		group string
		err   error
		kind  error
		want  string
	}{
		{"input", &os.PathError{Op: "open", Path: "/dev/input/event3", Err: syscall.EACCES}, ErrPermission, `join the "input" group`},
		{"dialout", syscall.EACCES, ErrPermission, `join the "dialout" group`},
		{"dialout", syscall.EBUSY, ErrBusy, "fuser"},
		{"dialout", syscall.ENOENT, ErrNotFound, "plugged in"},
		{"dialout", syscall.ENOTTY, ErrNotDevice, "not a serial port"},
		// go.bug.st/serial's own codes; the zero PortError is PortBusy.
		{"dialout", &serial.PortError{}, ErrBusy, "another program has the serial port open"},
	} {
		err := classifyOpen("/dev/x", tc.group, "serial port", tc.err)
		if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, tc.err) {
			t.Errorf("classifyOpen(%v) = %v, want %v containing %q", tc.err, err, tc.kind, tc.want)
		}
	}
}

// The evdev ioctl numbers, recomputed from the _IOC encoding in
// asm-generic/ioctl.h: dir<<30 | size<<16 | type<<8 | nr.
func TestEvdevIoctlNumbers(t *testing.T) {
	ioc := func(dir, typ, nr, size uint) uint { return dir<<30 | size<<16 | typ<<8 | nr }
	const read, write = 2, 1
	if got := ioc(read, 'E', 0x01, 4); got != eviocgversion {
		t.Errorf("EVIOCGVERSION = %#x, want %#x", uint(eviocgversion), got)
	}
	if got := ioc(write, 'E', 0x90, 4); got != eviocgrab {
		t.Errorf("EVIOCGRAB = %#x, want %#x", uint(eviocgrab), got)
	}
}

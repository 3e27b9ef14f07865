//go:build linux

package scanner_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/ptytest"
)

// hang guards a wait for an event: a test that sees nothing for this long
// has failed (it is not a speed assertion).
const hang = 20 * time.Second

type runner struct {
	t    *testing.T
	ev   chan scanner.Event
	done chan error
	stop context.CancelFunc
}

func start(t *testing.T, src scanner.Source) *runner {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{t: t, ev: make(chan scanner.Event, 100), done: make(chan error, 1), stop: cancel}
	go func() { r.done <- src.Run(ctx, func(e scanner.Event) { r.ev <- e }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(hang):
			t.Errorf("Run did not return after cancel")
		}
	})
	return r
}

func (r *runner) next() scanner.Event {
	r.t.Helper()
	select {
	case e := <-r.ev:
		return e
	case err := <-r.done:
		r.t.Fatalf("source stopped: %v", err)
	case <-time.After(hang):
		r.t.Fatalf("no event within %v", hang)
	}
	return scanner.Event{}
}

// scan waits for the next scan, failing on any other event unless it is a
// status with Connected == wantStatus... statuses are returned via skip.
func (r *runner) scan() scanner.Scan {
	r.t.Helper()
	for {
		e := r.next()
		if e.Scan != nil {
			return *e.Scan
		}
		r.t.Logf("status: connected=%v err=%v", e.Status.Connected, e.Status.Err)
	}
}

func (r *runner) status() scanner.Status {
	r.t.Helper()
	e := r.next()
	if e.Status == nil {
		r.t.Fatalf("got scan %q, want a status", e.Scan.Text())
	}
	return *e.Status
}

func (r *runner) waitConnected() {
	r.t.Helper()
	for {
		s := r.status()
		if s.Connected && s.Err == nil {
			return
		}
	}
}

func fastRetry() scanner.Options {
	return scanner.Options{Backoff: scanner.Backoff{Min: time.Millisecond, Max: 20 * time.Millisecond}}
}

func wantScan(t *testing.T, got scanner.Scan, aim, data string) {
	t.Helper()
	if got.AIM != aim || string(got.Data) != data {
		t.Fatalf("scan = AIM %q data %q, want AIM %q data %q", got.AIM, got.Data, aim, data)
	}
}

const gs1Frame = "]d2010950600013435217261231\x1d10LOT-42\x1d21SN0001"

func TestSerialPTYFramesIntact(t *testing.T) {
	line := ptytest.New(t, "ttyACM0")
	src, err := scanner.Open("serial:"+line.Path+"?baud=115200&suffix=crlf", fastRetry())
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, src)
	r.waitConnected()

	// One frame in one write.
	line.Write([]byte(gs1Frame + "\r\n"))
	s := r.scan()
	wantScan(t, s, "]d2", gs1Frame[3:])
	if s.Source != line.Path {
		t.Errorf("Source = %q, want %q", s.Source, line.Path)
	}
	if !bytes.Contains(s.Data, []byte{scanner.GS}) {
		t.Errorf("GS lost: %q", s.Data)
	}

	// Split writes: byte by byte, the CRLF itself split.
	for _, b := range []byte("]C1010950600013435210ABC\r\n") {
		line.Write([]byte{b})
	}
	wantScan(t, r.scan(), "]C1", "010950600013435210ABC")

	// Merged writes: three frames in one write, then half a frame and
	// the rest with the next whole one.
	line.Write([]byte("]E09506000134352\r\n]Q3011234\x1d21X\r\nPLAIN-1\r\n]C10"))
	wantScan(t, r.scan(), "]E0", "9506000134352")
	wantScan(t, r.scan(), "]Q3", "011234\x1d21X")
	wantScan(t, r.scan(), "", "PLAIN-1")
	line.Write([]byte("0012345678901234567\r"))
	line.Write([]byte("\nLOC-A01\r\n"))
	wantScan(t, r.scan(), "]C1", "00012345678901234567")
	wantScan(t, r.scan(), "", "LOC-A01")
}

func TestSerialPTYReconnect(t *testing.T) {
	line := ptytest.New(t, "ttyACM0")
	src, err := scanner.Open("serial:"+line.Path+"?suffix=cr", fastRetry())
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, src)
	r.waitConnected()
	line.Write([]byte("]C1first\r"))
	wantScan(t, r.scan(), "]C1", "first")

	for round := range 3 {
		// Half a scan, then the cable is pulled.
		line.Write([]byte("]C1half"))
		line.Unplug()
		st := r.status()
		if st.Connected || st.Err == nil || !strings.Contains(st.Err.Error(), "disconnected") {
			t.Fatalf("round %d: status after unplug = %+v, want disconnected", round, st)
		}
		// Plug back behind the same path and send at once, before the
		// reader has reopened: the scan must not be lost.
		line.Plug()
		next := "]C1next-" + string(rune('0'+round))
		line.Write([]byte(next + "\r"))
		wantScan(t, r.scan(), "]C1", next[3:])
	}
}

func TestSerialPTYGapFraming(t *testing.T) {
	line := ptytest.New(t, "ttyUSB0")
	src, err := scanner.Open("serial:"+line.Path+"?suffix=none&gap=20ms", fastRetry())
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, src)
	r.waitConnected()
	line.Write([]byte("]d201095060001343521"))
	line.Write([]byte("0LOT\x1d21S"))
	wantScan(t, r.scan(), "]d2", "010950600013435210LOT\x1d21S")
	line.Write([]byte("SECOND"))
	wantScan(t, r.scan(), "", "SECOND")
}

func TestSerialPTYMaxFrame(t *testing.T) {
	line := ptytest.New(t, "ttyACM0")
	src, err := scanner.Open("serial:"+line.Path+"?suffix=lf&max=16", fastRetry())
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, src)
	r.waitConnected()
	line.Write([]byte(strings.Repeat("X", 40) + "\n0123456789\n"))
	st := r.status()
	var oe *scanner.OverflowError
	if !errors.As(st.Err, &oe) || oe.Max != 16 || !st.Connected {
		t.Fatalf("status = %+v, want an OverflowError with Max 16 while connected", st)
	}
	wantScan(t, r.scan(), "", "0123456789")
}

func TestSerialFailFastMissing(t *testing.T) {
	opt := fastRetry()
	opt.FailFast = true
	src, err := scanner.Open("serial:"+t.TempDir()+"/ttyACM9", opt)
	if err != nil {
		t.Fatal(err)
	}
	err = src.Run(context.Background(), func(scanner.Event) {})
	if !errors.Is(err, scanner.ErrNotFound) || !strings.Contains(err.Error(), "plugged in") {
		t.Fatalf("Run = %v, want ErrNotFound with advice", err)
	}
}

func TestSerialNotATTY(t *testing.T) {
	opt := fastRetry()
	opt.FailFast = true
	src, err := scanner.Open("serial:/dev/null", opt)
	if err != nil {
		t.Fatal(err)
	}
	err = src.Run(context.Background(), func(scanner.Event) {})
	if !errors.Is(err, scanner.ErrNotDevice) {
		t.Fatalf("Run = %v, want ErrNotDevice", err)
	}
}

func TestSerialRetriesUntilPlugged(t *testing.T) {
	line := ptytest.New(t, "ttyACM0")
	line.Unplug()
	src, err := scanner.Open("serial:"+line.Path, fastRetry())
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, src)
	st := r.status()
	if st.Connected || !errors.Is(st.Err, scanner.ErrNotFound) {
		t.Fatalf("first status = %+v, want not connected / ErrNotFound", st)
	}
	line.Plug()
	line.Write([]byte("LATE\r\n"))
	wantScan(t, r.scan(), "", "LATE")
}

func TestSerialByUSBID(t *testing.T) {
	line := ptytest.New(t, "ttyACM3")
	opt := fastRetry()
	opt.Ports = func() ([]scanner.PortInfo, error) {
		return []scanner.PortInfo{
			{Name: "/dev/ttyS0"},
			{Name: line.Path, IsUSB: true, VID: "05e0", PID: "1200", SerialNumber: "S1"},
		}, nil
	}
	src, err := scanner.Open("serial:usb=05E0:1200?suffix=cr", opt)
	if err != nil {
		t.Fatal(err)
	}
	if src.Name() != "usb:05e0:1200" {
		t.Errorf("Name = %q", src.Name())
	}
	r := start(t, src)
	r.waitConnected()
	line.Write([]byte("]C1X\r"))
	wantScan(t, r.scan(), "]C1", "X")

	opt.FailFast = true
	src2, _ := scanner.Open("serial:usb=05e0:1200:OTHER", opt)
	if err := src2.Run(context.Background(), func(scanner.Event) {}); !errors.Is(err, scanner.ErrNotFound) {
		t.Fatalf("wrong serial number: Run = %v, want ErrNotFound", err)
	}
}

// TestReconnectBackoffInjected drives the retry schedule with an injected
// Sleep: delays double up to Max, and a device that stays absent is
// reported once, not on every attempt.
func TestReconnectBackoffInjected(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var slept []time.Duration
	opt := scanner.Options{
		Backoff: scanner.Backoff{Min: 100 * time.Millisecond, Max: 800 * time.Millisecond},
		Sleep: func(ctx context.Context, d time.Duration) error {
			slept = append(slept, d)
			if len(slept) == 6 {
				cancel()
				return ctx.Err()
			}
			return nil
		},
	}
	src, err := scanner.Open("serial:"+t.TempDir()+"/ttyACM0", opt)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []scanner.Status
	if err := src.Run(ctx, func(e scanner.Event) { statuses = append(statuses, *e.Status) }); err != nil {
		t.Fatalf("Run = %v, want nil after cancel", err)
	}
	want := []time.Duration{100, 200, 400, 800, 800, 800}
	for i := range want {
		want[i] *= time.Millisecond
	}
	if fmt.Sprint(slept) != fmt.Sprint(want) {
		t.Errorf("slept %v, want %v", slept, want)
	}
	if len(statuses) != 1 || statuses[0].Connected || !errors.Is(statuses[0].Err, scanner.ErrNotFound) {
		t.Errorf("statuses = %+v, want one not-found", statuses)
	}
}

package scanner_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/evdev"
)

// benchStream is 100 typical scans (GS1 DataMatrix with GTIN, expiry,
// lot, serial; ~50 bytes) with CRLF.
func benchStream() ([]byte, int) {
	var b bytes.Buffer
	for i := range 100 {
		b.WriteString("]d2010950600013435217261231\x1d10LOT-4242\x1d21SN")
		b.WriteString(string(rune('A'+i%26)) + "000123456\r\n")
	}
	return b.Bytes(), 100
}

func benchFramer(b *testing.B, cfg scanner.FrameConfig, chunk int) {
	stream, n := benchStream()
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	f := scanner.NewFramer(cfg)
	frames := 0
	for b.Loop() {
		for i := 0; i < len(stream); i += chunk {
			frames += len(f.Feed(stream[i:min(i+chunk, len(stream))], t0))
		}
	}
	if frames != n*b.N {
		b.Fatalf("%d frames, want %d", frames, n*b.N)
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "scans/s")
}

func BenchmarkFramerCRLF4K(b *testing.B) {
	benchFramer(b, scanner.FrameConfig{Suffix: []byte("\r\n")}, 4096)
}
func BenchmarkFramerCRLFByte(b *testing.B) {
	benchFramer(b, scanner.FrameConfig{Suffix: []byte("\r\n")}, 1)
}
func BenchmarkFramerEOL64(b *testing.B) { benchFramer(b, scanner.FrameConfig{SuffixAnyEOL: true}, 64) }

// BenchmarkSerialPTY measures whole scans through a real pty, opened by
// go.bug.st/serial, framed and delivered: the end-to-end serial path.
func BenchmarkSerialPTY(b *testing.B) {
	line := newBenchLine(b)
	src, err := scanner.Open("serial:"+line.Path+"?baud=115200&suffix=crlf", scanner.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	scans := make(chan struct{}, 1024)
	connected := make(chan struct{}, 1)
	go src.Run(ctx, func(e scanner.Event) {
		if e.Scan != nil {
			scans <- struct{}{}
		} else if e.Status.Connected {
			connected <- struct{}{}
		}
	})
	<-connected
	stream, n := benchStream()
	b.SetBytes(int64(len(stream)))
	for b.Loop() {
		line.Write(stream)
		for range n {
			select {
			case <-scans:
			case <-time.After(10 * time.Second):
				b.Fatal("scan lost")
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "scans/s")
}

func BenchmarkEvdevDecode(b *testing.B) {
	l := evdev.Layout64
	km, _ := evdev.LookupKeymap("us")
	var rec []byte
	key := func(c uint16, v int32) {
		rec = evdev.Encode(rec, evdev.Event{Type: evdev.EvMsc, Code: 4, Value: int32(c)}, l)
		rec = evdev.Encode(rec, evdev.Event{Type: evdev.EvKey, Code: c, Value: v}, l)
		rec = evdev.Encode(rec, evdev.Event{Type: evdev.EvSyn}, l)
	}
	for range 50 { // 50 keystrokes: one scan's worth
		key(11, 1)
		key(11, 0)
	}
	key(evdev.KeyEnter, 1)
	key(evdev.KeyEnter, 0)
	d := evdev.NewDecoder(l, km)
	b.SetBytes(int64(len(rec)))
	for b.Loop() {
		if len(d.Feed(rec)) != 51 {
			b.Fatal("bad decode")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "scans/s")
}

func BenchmarkWedgeScan(b *testing.B) {
	keys := typing("]d2010950600013435217261231\x1d10LOT-4242\x1d21SNA000123456\r", 0, 4)
	w := scanner.NewWedge(scanner.WedgeConfig{})
	at := t0
	for b.Loop() {
		var got int
		for _, k := range keys {
			at = at.Add(4 * time.Millisecond)
			got += len(w.Key(k.k, at).Scans)
		}
		if got != 1 {
			b.Fatal("no scan")
		}
	}
	b.ReportMetric(float64(b.N*len(keys))/b.Elapsed().Seconds(), "keys/s")
}

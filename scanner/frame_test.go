package scanner_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
)

var t0 = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

type chunk struct {
	ms int // arrival, milliseconds after t0
	b  string
}

func frames(f *scanner.Framer, chunks []chunk, idleAt int) []string {
	var out []string
	add := func(fs []scanner.Frame) {
		for _, fr := range fs {
			if fr.Overflow > 0 {
				out = append(out, fmt.Sprintf("OVERFLOW(%d,%q)", fr.Overflow, fr.Data))
			} else {
				out = append(out, fr.AIM+"|"+string(fr.Data))
			}
		}
	}
	for _, c := range chunks {
		add(f.Feed([]byte(c.b), t0.Add(time.Duration(c.ms)*time.Millisecond)))
	}
	if idleAt > 0 {
		add(f.Idle(t0.Add(time.Duration(idleAt) * time.Millisecond)))
	}
	return out
}

func TestFramer(t *testing.T) {
	crlf := scanner.FrameConfig{Suffix: []byte("\r\n")}
	for _, tc := range []struct {
		name   string
		cfg    scanner.FrameConfig
		chunks []chunk
		idleAt int
		want   []string
	}{
		{"crlf whole", crlf, []chunk{{0, "]C1010950600013435210AB\x1d21X\r\n"}}, 0,
			[]string{"]C1|010950600013435210AB\x1d21X"}},
		{"crlf split in suffix", crlf, []chunk{{0, "]d2ABC\r"}, {1, "\n]d2DEF\r"}, {2, "\n"}}, 0,
			[]string{"]d2|ABC", "]d2|DEF"}},
		{"lone CR is data under crlf", crlf, []chunk{{0, "A\rB\r\n"}}, 0, []string{"|A\rB"}},
		{"eol any", scanner.FrameConfig{SuffixAnyEOL: true}, []chunk{{0, "A\r\nB\nC\r"}, {1, "\nD\r\r\n"}}, 0,
			[]string{"|A", "|B", "|C", "|D"}},
		{"aim off", scanner.FrameConfig{SuffixAnyEOL: true, AIM: scanner.AIMOff}, []chunk{{0, "]C1X\n"}}, 0, []string{"|]C1X"}},
		{"not an aim", scanner.FrameConfig{SuffixAnyEOL: true}, []chunk{{0, "]1AB\n]C\n"}}, 0, []string{"|]1AB", "|]C"}},
		{"custom byte", scanner.FrameConfig{Suffix: []byte{0x03}}, []chunk{{0, "\x02ABC\x03DE"}, {5, "F\x03"}}, 0,
			[]string{"|\x02ABC", "|DEF"}},
		{"gap only", scanner.FrameConfig{Gap: 30 * time.Millisecond}, []chunk{{0, "]E0"}, {10, "123"}, {39, "4"}, {80, "NEXT"}}, 200,
			[]string{"]E0|1234", "|NEXT"}},
		{"gap not yet", scanner.FrameConfig{Gap: 30 * time.Millisecond}, []chunk{{0, "ABC"}}, 29, nil},
		{"suffix plus gap", scanner.FrameConfig{Suffix: []byte("\r"), Gap: 50 * time.Millisecond},
			[]chunk{{0, "A\rB"}, {100, "C\r"}}, 0, []string{"|A", "|B", "|C"}},
		{"overflow then good", scanner.FrameConfig{Suffix: []byte("\n"), Max: 16},
			[]chunk{{0, "0123456789"}, {1, "0123456789"}, {2, "XX\nGOOD\n"}}, 0,
			[]string{`OVERFLOW(20,"0123456789012345")`, "|GOOD"}},
		{"overflow suffix straddles", scanner.FrameConfig{Suffix: []byte("\r\n"), Max: 16},
			[]chunk{{0, "0123456789abcdefghij\r"}, {1, "\nOK\r\n"}}, 0,
			[]string{`OVERFLOW(21,"0123456789abcdef")`, "|OK"}},
		{"overflow ends at gap", scanner.FrameConfig{Gap: 10 * time.Millisecond, Max: 16},
			[]chunk{{0, "0123456789abcdefghij"}, {50, "OK"}}, 100,
			[]string{`OVERFLOW(20,"0123456789abcdef")`, "|OK"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := frames(scanner.NewFramer(tc.cfg), tc.chunks, tc.idleAt)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("frames = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFramerDeadlineAndReset(t *testing.T) {
	f := scanner.NewFramer(scanner.FrameConfig{Suffix: []byte("\r"), Gap: 20 * time.Millisecond})
	if _, ok := f.Deadline(); ok {
		t.Fatal("deadline with nothing pending")
	}
	f.Feed([]byte("PART"), t0)
	if dl, ok := f.Deadline(); !ok || !dl.Equal(t0.Add(20*time.Millisecond)) {
		t.Fatalf("Deadline = %v %v", dl, ok)
	}
	if n := f.Reset(); n != 4 {
		t.Fatalf("Reset dropped %d, want 4", n)
	}
	if got := f.Feed([]byte("NEW\r"), t0.Add(time.Second)); len(got) != 1 || string(got[0].Data) != "NEW" {
		t.Fatalf("after reset: %+v", got)
	}
}

func TestOverflowErrorMessage(t *testing.T) {
	err := error(&scanner.OverflowError{Max: 16, Dropped: 40, Head: []byte("XXXX")})
	var oe *scanner.OverflowError
	if !errors.As(err, &oe) || !bytes.Contains([]byte(err.Error()), []byte("suffix")) {
		t.Fatalf("%v", err)
	}
}

func TestBackoff(t *testing.T) {
	b := scanner.Backoff{Min: 100 * time.Millisecond, Max: time.Second}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for i, w := range want {
		if got := b.Delay(i + 1); got != w*time.Millisecond {
			t.Errorf("Delay(%d) = %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
	if got := (scanner.Backoff{}).Delay(1); got != scanner.DefaultBackoff().Min {
		t.Errorf("zero Backoff Delay(1) = %v", got)
	}
	if got := b.Delay(1000); got != time.Second {
		t.Errorf("Delay(1000) = %v", got)
	}
}

// FuzzFramer checks that framing never panics, never yields a frame over
// the limit or containing its suffix, and does not depend on how the
// stream was split into reads.
func FuzzFramer(f *testing.F) {
	f.Add([]byte("]C1010950600013435210AB\x1d21X\r\n]E09506000134352\r\n"), uint8(3), uint8(0))
	f.Add([]byte("A\rB\nC\r\nD"), uint8(1), uint8(1))
	f.Add(bytes.Repeat([]byte("X"), 300), uint8(7), uint8(2))
	f.Add([]byte("\x02DATA\x03\x02MORE\x03"), uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, split uint8, mode uint8) {
		cfgs := []scanner.FrameConfig{
			{Suffix: []byte("\r\n"), Max: 64},
			{SuffixAnyEOL: true, Max: 64},
			{Suffix: []byte("\n"), Max: 16},
			{Suffix: []byte{0x03}, Max: 32, AIM: scanner.AIMOff},
		}
		cfg := cfgs[int(mode)%len(cfgs)]
		run := func(step int) []scanner.Frame {
			fr := scanner.NewFramer(cfg)
			var out []scanner.Frame
			for i := 0; i < len(data); i += step {
				out = append(out, fr.Feed(data[i:min(i+step, len(data))], t0)...)
			}
			return out
		}
		whole := run(max(len(data), 1))
		parts := run(int(split)%17 + 1)
		if len(whole) != len(parts) {
			t.Fatalf("%d frames whole, %d split", len(whole), len(parts))
		}
		for i := range whole {
			a, b := whole[i], parts[i]
			if a.AIM != b.AIM || !bytes.Equal(a.Data, b.Data) || (a.Overflow > 0) != (b.Overflow > 0) {
				t.Fatalf("frame %d differs: %+v vs %+v", i, a, b)
			}
			if a.Overflow == 0 {
				if len(a.AIM)+len(a.Data) > cfg.Max {
					t.Fatalf("frame over max: %d", len(a.Data))
				}
				if len(cfg.Suffix) > 0 && bytes.Contains(append([]byte(a.AIM), a.Data...), cfg.Suffix) {
					t.Fatalf("frame contains suffix: %q", a.Data)
				}
				if len(a.Data)+len(a.AIM) == 0 {
					t.Fatalf("empty frame")
				}
			}
		}
	})
}

// TestFuzzSeedsPresent keeps the checked-in corpus honest: the seeds in
// testdata/fuzz are run by plain go test, so they must exist.
func TestFuzzSeedsPresent(t *testing.T) {
	for _, name := range []string{"FuzzFramer", "FuzzParseSpec"} {
		ents, err := os.ReadDir(filepath.Join("testdata", "fuzz", name))
		if err != nil || len(ents) == 0 {
			t.Errorf("no seed corpus for %s: %v", name, err)
		}
	}
}

// A frame one byte over the limit whose last byte could have started the
// suffix is still refused when the gap ends it.
func TestFramerMaxAtGap(t *testing.T) {
	f := scanner.NewFramer(scanner.FrameConfig{Suffix: []byte("\r\n"), Gap: 10 * time.Millisecond, Max: 16})
	f.Feed([]byte("0123456789abcdef\r"), t0)
	got := f.Idle(t0.Add(time.Second))
	if len(got) != 1 || got[0].Overflow != 17 {
		t.Fatalf("frames = %+v, want one overflow of 17", got)
	}
}

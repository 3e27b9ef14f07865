package scanner_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
)

// keyAt is a key message arriving at ms milliseconds.
type keyAt struct {
	ms int
	k  scanner.Key
}

// typing makes key messages for s with a fixed gap: '\r' is Enter,
// '\t' Tab, 0x1D Ctrl+], '\x1b' some other key (Esc). Raw holds a label
// so tests can see which keys were handed back.
func typing(s string, startMs, gapMs int) []keyAt {
	var out []keyAt
	for i, r := range s {
		k := scanner.Key{Kind: scanner.KeyRune, Text: string(r)}
		switch r {
		case '\r':
			k = scanner.Key{Kind: scanner.KeyEnter}
		case '\t':
			k = scanner.Key{Kind: scanner.KeyTab}
		case 0x1D:
			k = scanner.Key{Kind: scanner.KeyGS}
		case 0x1b:
			k = scanner.Key{Kind: scanner.KeyOther}
		}
		k.Raw = fmt.Sprintf("%q", r)
		out = append(out, keyAt{startMs + i*gapMs, k})
	}
	return out
}

// feed runs keys through w, then Flushes at flushMs if > 0, and returns
// what came out as a readable log: scans as SCAN(aim|data), keys by label.
func feed(w *scanner.Wedge, keys []keyAt, flushMs int) []string {
	var log []string
	add := func(r scanner.Result) {
		for _, k := range r.Keys {
			log = append(log, k.Raw.(string))
		}
		for _, s := range r.Scans {
			log = append(log, "SCAN("+s.AIM+"|"+strings.ReplaceAll(string(s.Data), "\x1d", "<GS>")+")")
		}
	}
	for _, ka := range keys {
		add(w.Key(ka.k, t0.Add(time.Duration(ka.ms)*time.Millisecond)))
	}
	if flushMs > 0 {
		add(w.Flush(t0.Add(time.Duration(flushMs) * time.Millisecond)))
	}
	return log
}

func TestWedge(t *testing.T) {
	scan := "]C1010950600013435210AB\x1d21X\r"
	for _, tc := range []struct {
		name  string
		cfg   scanner.WedgeConfig
		keys  []keyAt
		flush int
		want  string
	}{
		{"scanner at 250 keys/s", scanner.WedgeConfig{}, typing(scan, 0, 4), 0,
			"SCAN(]C1|010950600013435210AB<GS>21X)"},
		{"scanner at 100 keys/s", scanner.WedgeConfig{}, typing(scan, 0, 10), 0,
			"SCAN(]C1|010950600013435210AB<GS>21X)"},
		{"person typing", scanner.WedgeConfig{}, typing("12\r", 0, 150), 500,
			`'1' '2' '\r'`},
		{"person: fast rollover then Enter", scanner.WedgeConfig{}, typing("ab\r", 0, 10), 0,
			`'a' 'b' '\r'`},
		{"two scans back to back", scanner.WedgeConfig{}, append(typing("LOC-A01\r", 0, 3), typing("]E09506000134352\r", 30, 3)...), 0,
			"SCAN(|LOC-A01) SCAN(]E0|9506000134352)"},
		{"person then scan", scanner.WedgeConfig{}, append(typing("7", 0, 1), typing("BIN-12\r", 300, 5)...), 0,
			"'7' SCAN(|BIN-12)"},
		{"burst broken by a pause is typing", scanner.WedgeConfig{}, append(typing("ABC", 0, 5), typing("DEF\r", 200, 5)...), 0,
			`'A' 'B' 'C' 'D' 'E' 'F' '\r'`},
		{"other key releases held keys in order", scanner.WedgeConfig{}, typing("AB\x1bCDEF\r", 0, 5), 0,
			`'A' 'B' '\x1b' SCAN(|CDEF)`},
		{"held keys flushed after the gap", scanner.WedgeConfig{}, typing("ABCDEF", 0, 5), 100,
			`'A' 'B' 'C' 'D' 'E' 'F'`},
		{"flush too early holds", scanner.WedgeConfig{}, typing("ABCDEF", 0, 5), 30, ""},
		{"no-suffix scanner", scanner.WedgeConfig{NoSuffix: true}, typing("]E09506000134352", 0, 5), 200,
			"SCAN(]E0|9506000134352)"},
		{"tab suffix", scanner.WedgeConfig{Suffix: scanner.KeyTab}, typing("ABCDE\tX\rYYYY\t", 0, 5), 0,
			`SCAN(|ABCDE) 'X' '\r' SCAN(|YYYY)`},
		{"GS substitute", scanner.WedgeConfig{GS: "<GS>"}, typing("]d2010950600013435210L1<GS>21S\r", 0, 3), 0,
			"SCAN(]d2|010950600013435210L1<GS>21S)"},
		{"aim off", scanner.WedgeConfig{AIM: scanner.AIMOff}, typing("]C1ABC\r", 0, 3), 0, "SCAN(|]C1ABC)"},
		{"slow threshold", scanner.WedgeConfig{MaxGap: 80 * time.Millisecond, MinLen: 2}, typing("AB\r", 0, 60), 0,
			"SCAN(|AB)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(feed(scanner.NewWedge(tc.cfg), tc.keys, tc.flush), " ")
			if got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestWedgeDeadlineAndPaste(t *testing.T) {
	w := scanner.NewWedge(scanner.WedgeConfig{Source: "kbd"})
	if _, ok := w.Deadline(); ok {
		t.Fatal("deadline with nothing held")
	}
	w.Key(scanner.Key{Kind: scanner.KeyRune, Text: "A", Raw: "A"}, t0)
	dl, ok := w.Deadline()
	if !ok || !dl.Equal(t0.Add(scanner.DefaultWedgeGap)) {
		t.Fatalf("Deadline = %v %v", dl, ok)
	}
	// Paste releases the held key first, then is one scan.
	r := w.Paste("]d2010950600013435217261231\x1d10LOT\r\n", t0.Add(time.Millisecond))
	if len(r.Keys) != 1 || r.Keys[0].Raw != "A" || len(r.Scans) != 1 {
		t.Fatalf("Paste = %+v", r)
	}
	s := r.Scans[0]
	if s.AIM != "]d2" || string(s.Data) != "010950600013435217261231\x1d10LOT" || s.Source != "kbd" {
		t.Fatalf("pasted scan = %+v", s)
	}
	if r := w.Paste("\n", t0); len(r.Scans)+len(r.Keys) != 0 {
		t.Fatalf("empty paste = %+v", r)
	}
	if c := w.Config(); c.MaxGap != scanner.DefaultWedgeGap || c.MinLen != 4 || c.Suffix != scanner.KeyEnter {
		t.Errorf("defaults = %+v", c)
	}
}

package consolefont

import (
	"bytes"
	"testing"
)

// TestDebianTables holds the parser to what the fonts are known to
// carry and lack, so a parser that read nothing (and so passed every
// screen, or failed every one) cannot go unnoticed.
func TestDebianTables(t *testing.T) {
	fonts, err := LoadDebian()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Debian {
		runes := fonts[name]
		for _, r := range "AZaz09>_+!¦→×…·—•↑↓✗\uFFFD" {
			if !runes[r] {
				t.Errorf("%s: no glyph for %q", name, r)
			}
		}
		// What the fonts lack, and why scanterm has a console mode.
		for _, r := range "✓▏␝" {
			if runes[r] {
				t.Errorf("%s: has a glyph for %q; console mode may no longer need to replace it", name, r)
			}
		}
	}
}

func TestTableRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, {0x36, 0x04}, {0x36, 0x04, 0x02, 0xff}, bytes.Repeat([]byte{0x72}, 40)} {
		if _, err := Table(b); err == nil {
			t.Errorf("Table(%x): no error", b)
		}
	}
}

// TestMissing names the rune and the fonts that lack it, and skips what
// every font has.
func TestMissing(t *testing.T) {
	set := Set{"A": Runes{'x': true, 'y': true}, "B": Runes{'x': true}}
	got := set.Missing("xxy\nx")
	if len(got) != 1 || got[0] != `'y' (U+0079) not in B` {
		t.Fatalf("Missing = %q", got)
	}
}

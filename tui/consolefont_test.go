package tui

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// The Linux console draws a character only if the loaded font's Unicode
// table maps it to a glyph; anything else becomes the font's replacement
// glyph. These are the console fonts Debian's console-setup installs that
// a handheld is set up with (the Latin and universal sets, in the Fixed,
// Terminus and VGA faces). A screen in console mode must draw with runes
// every one of them carries.
var consoleFonts = []string{
	"Lat15-Fixed16", "Uni2-Fixed16", "Lat15-Terminus16", "Uni3-Terminus16", "Uni1-VGA16",
}

// consoleFontDir is where console-setup-linux installs them.
const consoleFontDir = "/usr/share/consolefonts"

// fontRunes is a font's Unicode table: every rune it has a glyph for.
type fontRunes map[rune]bool

// loadConsoleFonts reads the fonts' Unicode tables once per test binary.
var loadConsoleFonts = sync.OnceValues(func() (map[string]fontRunes, error) {
	out := map[string]fontRunes{}
	for _, name := range consoleFonts {
		path := filepath.Join(consoleFontDir, name+".psf.gz")
		runes, err := readPSF(path)
		if err != nil {
			return nil, fmt.Errorf("%w (Debian's console-setup-linux ships it: make test-deps installs it)", err)
		}
		out[name] = runes
	}
	return out, nil
})

// readPSF reads the Unicode table of a gzipped PC Screen Font, version 1
// or 2 (the formats of the kernel's console fonts, described in the kbd
// project's psf.h and psffontop.c).
func readPSF(path string) (fontRunes, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	runes, err := psfTable(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return runes, nil
}

var errPSF = errors.New("not a PSF font with a Unicode table")

// psfTable parses a PSF font's Unicode table. Only single code points
// count: the table's sequences (a base and combining marks drawn as one
// glyph) are not what the screens print.
func psfTable(b []byte) (fontRunes, error) {
	runes := fontRunes{}
	switch {
	case len(b) >= 4 && b[0] == 0x36 && b[1] == 0x04: // PSF1
		mode, charSize := b[2], int(b[3])
		n := 256
		if mode&0x01 != 0 { // PSF1_MODE512
			n = 512
		}
		if mode&0x06 == 0 { // neither PSF1_MODEHASTAB nor PSF1_MODESEQ
			return nil, errPSF
		}
		start := 4 + n*charSize
		if start > len(b) {
			return nil, fmt.Errorf("%w: truncated", errPSF)
		}
		table, inSeq := b[start:], false
		for i := 0; i+1 < len(table); i += 2 {
			switch u := binary.LittleEndian.Uint16(table[i:]); u {
			case 0xFFFF: // end of this glyph's entries
				inSeq = false
			case 0xFFFE: // sequences follow
				inSeq = true
			default:
				if !inSeq {
					runes[rune(u)] = true
				}
			}
		}
	case len(b) >= 32 && bytes.Equal(b[:4], []byte{0x72, 0xb5, 0x4a, 0x86}): // PSF2
		header := binary.LittleEndian.Uint32(b[8:])
		flags := binary.LittleEndian.Uint32(b[12:])
		n := binary.LittleEndian.Uint32(b[16:])
		charSize := binary.LittleEndian.Uint32(b[20:])
		if flags&0x01 == 0 { // PSF2_HAS_UNICODE_TABLE
			return nil, errPSF
		}
		start := uint64(header) + uint64(n)*uint64(charSize)
		if start > uint64(len(b)) {
			return nil, fmt.Errorf("%w: truncated", errPSF)
		}
		for _, entry := range bytes.Split(b[start:], []byte{0xFF}) {
			if i := bytes.IndexByte(entry, 0xFE); i >= 0 {
				entry = entry[:i] // sequences follow
			}
			for len(entry) > 0 {
				r, size := utf8.DecodeRune(entry)
				runes[r] = true
				entry = entry[size:]
			}
		}
	default:
		return nil, errPSF
	}
	return runes, nil
}

// missingGlyphs lists the runes of text (escape sequences stripped first)
// that some console font lacks, with the fonts that lack them.
func missingGlyphs(t *testing.T, text string) []string {
	t.Helper()
	fonts, err := loadConsoleFonts()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[rune]bool{}
	var out []string
	for _, r := range text {
		if r == '\n' || seen[r] {
			continue
		}
		seen[r] = true
		var lack []string
		for _, name := range consoleFonts {
			if !fonts[name][r] {
				lack = append(lack, name)
			}
		}
		if len(lack) > 0 {
			out = append(out, fmt.Sprintf("%q (U+%04X) not in %s", r, r, strings.Join(lack, ", ")))
		}
	}
	return out
}

// TestConsoleFontTables holds the parser to what the fonts are known to
// carry and lack, so a parser that read nothing (and so passed every
// screen, or failed every one) cannot go unnoticed.
func TestConsoleFontTables(t *testing.T) {
	fonts, err := loadConsoleFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range consoleFonts {
		runes := fonts[name]
		for _, r := range "AZaz09>_+!¦→×…·—•↑↓✗\uFFFD" {
			if !runes[r] {
				t.Errorf("%s: no glyph for %q", name, r)
			}
		}
		// What the issue found missing, and why console mode exists.
		for _, r := range "✓▏␝" {
			if runes[r] {
				t.Errorf("%s: has a glyph for %q; console mode may no longer need to replace it", name, r)
			}
		}
	}
}

func TestPSFTableRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, {0x36, 0x04}, {0x36, 0x04, 0x02, 0xff}, bytes.Repeat([]byte{0x72}, 40)} {
		if _, err := psfTable(b); err == nil {
			t.Errorf("psfTable(%x): no error", b)
		}
	}
}

// TestConsoleMarksFitTheFonts checks the replacement table itself: every
// replacement is in every font and as wide as the mark it replaces.
func TestConsoleMarksFitTheFonts(t *testing.T) {
	frame := GlyphsConsole.apply("✓▏␝")
	if frame != "+_¦" {
		t.Fatalf("console marks = %q", frame)
	}
	if miss := missingGlyphs(t, frame); len(miss) > 0 {
		t.Fatalf("console marks the fonts lack: %s", strings.Join(miss, "; "))
	}
	if GlyphsUnicode.apply("✓▏␝") != "✓▏␝" {
		t.Fatal("unicode mode changed the marks")
	}
}

// Package consolefont reads the Unicode tables of the Linux console's PC
// Screen Fonts (PSF 1 and 2, gzipped, as /usr/share/consolefonts holds
// them), so tests can hold what scanterm draws on the console to the
// glyphs the console can draw. The formats are described in the kbd
// project's psf.h and psffontop.c.
package consolefont

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Debian lists the console fonts Debian's console-setup installs that a
// handheld is set up with: the Latin and universal sets in the Fixed,
// Terminus and VGA faces. What scanterm draws in console mode must be in
// every one of them.
var Debian = []string{
	"Lat15-Fixed16", "Uni2-Fixed16", "Lat15-Terminus16", "Uni3-Terminus16", "Uni1-VGA16",
}

// Dir is where Debian's console-setup-linux installs them.
const Dir = "/usr/share/consolefonts"

// Runes is a font's Unicode table: every rune it has a glyph for.
type Runes map[rune]bool

// Set is several fonts' tables by name.
type Set map[string]Runes

// LoadDebian reads the tables of the fonts in [Debian] from [Dir].
func LoadDebian() (Set, error) {
	set := Set{}
	for _, name := range Debian {
		runes, err := Read(filepath.Join(Dir, name+".psf.gz"))
		if err != nil {
			return nil, fmt.Errorf("%w (Debian's console-setup-linux ships it: make test-deps installs it)", err)
		}
		set[name] = runes
	}
	return set, nil
}

// Missing lists each rune of text (plain text: strip escape sequences
// first) that some font of the set lacks, with the fonts that lack it.
// Newlines are not drawn and not checked.
func (s Set) Missing(text string) []string {
	names := make([]string, 0, len(s))
	for name := range s {
		names = append(names, name)
	}
	sort.Strings(names)
	seen := map[rune]bool{}
	var out []string
	for _, r := range text {
		if r == '\n' || seen[r] {
			continue
		}
		seen[r] = true
		var lack []string
		for _, name := range names {
			if !s[name][r] {
				lack = append(lack, name)
			}
		}
		if len(lack) > 0 {
			out = append(out, fmt.Sprintf("%q (U+%04X) not in %s", r, r, strings.Join(lack, ", ")))
		}
	}
	return out
}

// Read reads the Unicode table of a gzipped PSF font.
func Read(path string) (Runes, error) {
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
	runes, err := Table(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return runes, nil
}

// ErrNoTable is a font that is not PSF or has no Unicode table.
var ErrNoTable = errors.New("not a PSF font with a Unicode table")

// Table parses a PSF font's Unicode table. Only single code points
// count: the table's sequences (a base and combining marks drawn as one
// glyph) are not what the screens print.
func Table(b []byte) (Runes, error) {
	runes := Runes{}
	switch {
	case len(b) >= 4 && b[0] == 0x36 && b[1] == 0x04: // PSF1
		mode, charSize := b[2], int(b[3])
		n := 256
		if mode&0x01 != 0 { // PSF1_MODE512
			n = 512
		}
		if mode&0x06 == 0 { // neither PSF1_MODEHASTAB nor PSF1_MODESEQ
			return nil, ErrNoTable
		}
		start := 4 + n*charSize
		if start > len(b) {
			return nil, fmt.Errorf("%w: truncated", ErrNoTable)
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
			return nil, ErrNoTable
		}
		start := uint64(header) + uint64(n)*uint64(charSize)
		if start > uint64(len(b)) {
			return nil, fmt.Errorf("%w: truncated", ErrNoTable)
		}
		for _, entry := range bytes.Split(b[start:], []byte{0xFF}) {
			if i := bytes.IndexByte(entry, 0xFE); i >= 0 {
				entry = entry[:i] // sequences follow
			}
			for len(entry) > 0 {
				r, size := utf8.DecodeRune(entry)
				if r != utf8.RuneError || size > 1 {
					runes[r] = true
				}
				entry = entry[size:]
			}
		}
	default:
		return nil, ErrNoTable
	}
	return runes, nil
}

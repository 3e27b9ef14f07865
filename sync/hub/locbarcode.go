package hub

import (
	"errors"
	"fmt"
	"strings"

	"github.com/scanterm/scanterm/scanner/gs1"
)

// glnExtMax is the longest GLN extension component, AI (254).
const glnExtMax = 20

// LooksLikeGLNLabel reports whether a location barcode is written as a GS1
// physical location, "GLN/EXT": 13 digits, a slash, then the extension. The
// terminal looks a scanned (414)+(254) label up in exactly that form.
func LooksLikeGLNLabel(s string) bool {
	if len(s) < 14 || s[13] != '/' {
		return false
	}
	for i := range 13 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CheckLocationBarcode refuses a "GLN/EXT" location barcode that no label
// could carry: it builds the element string (414)GLN(254)EXT and runs it
// through scanner/gs1, the parser the terminal scans with, so the GLN's
// check digit and the extension's length and character set follow the same
// rules. Other barcodes are not GS1 location labels and pass.
func CheckLocationBarcode(s string) error {
	if !LooksLikeGLNLabel(s) {
		return nil
	}
	gln, ext := s[:13], s[14:]
	switch {
	case ext == "":
		return fmt.Errorf("barcode %q: GLN with an empty extension; drop the %q or add the extension", s, "/")
	case len(ext) > glnExtMax:
		// Checked here: gs1 would read the overflow as a next element and
		// blame a scanner that dropped a separator.
		return fmt.Errorf("barcode %q: extension %q has %d characters; GS1 (254) allows 1 to %d, so no label can carry it", s, ext, len(ext), glnExtMax)
	}
	m, err := gs1.Parse("]C1414"+gln+"254"+ext, nil)
	if err != nil {
		var ge *gs1.Error
		if !errors.As(err, &ge) {
			return fmt.Errorf("barcode %q: %w", s, err)
		}
		if errors.Is(err, gs1.ErrCheckDigit) {
			return fmt.Errorf("barcode %q: GLN %s has a wrong check digit (the last digit should be %c); a label printed with it cannot be scanned, correct the GLN", s, gln, checkDigit(gln[:12]))
		}
		what := "GLN " + gln
		if ge.AI == "254" {
			what = fmt.Sprintf("extension %q", ext)
		}
		// The message starts with the AI's title, which what already says.
		msg := ge.Message
		if strings.HasPrefix(msg, "("+ge.AI+")") {
			if _, rest, ok := strings.Cut(msg, ": "); ok {
				msg = rest
			}
		}
		return fmt.Errorf("barcode %q: %s: %s; a label printed with it cannot be scanned", s, what, msg)
	}
	// What the terminal will build from the scanned label must be the
	// barcode itself, or the lookup misses.
	if g, e, ok := m.Location(); !ok || g+"/"+e != s {
		return fmt.Errorf("barcode %q: a label with it scans as %s/%s, not as written", s, g, e)
	}
	return nil
}

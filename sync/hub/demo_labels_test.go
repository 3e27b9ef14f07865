package hub

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/scanner/gs1"
)

// A demo location whose label cannot be scanned would make the demo's
// look-up and put-away fail for reasons no operator could fix: every GLN
// barcode in the demo data must be a valid (414)+(254) pair.
func TestDemoLocationBarcodesScan(t *testing.T) {
	for _, loc := range DemoData().Locations {
		if loc.Barcode == "" {
			continue
		}
		gln, ext, ok := strings.Cut(loc.Barcode, "/")
		if !ok {
			t.Errorf("location %s barcode %q: want GLN/extension", loc.Code, loc.Barcode)
			continue
		}
		if _, err := gs1.Parse("(414)"+gln+"(254)"+ext, nil); err != nil {
			t.Errorf("location %s barcode %q does not scan: %v", loc.Code, loc.Barcode, err)
		}
	}
}

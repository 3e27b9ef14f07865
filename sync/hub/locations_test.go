package hub_test

import (
	"context"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// importLocations imports the locations codes as bins of warehouse W1, as
// a site has its layout before the first scan: the hub flags events at a
// location it does not hold (unknown_location), which is not what the
// tests that use this are about.
func importLocations(t *testing.T, st hub.Store, codes ...string) {
	t.Helper()
	var b store.Batch
	for _, c := range codes {
		b.Locations = append(b.Locations, inventory.Location{Code: c, Kind: inventory.LocBin, Warehouse: "W1"})
	}
	if _, err := st.Import(context.Background(), b, time.Now()); err != nil {
		t.Fatalf("import locations %v: %v", codes, err)
	}
}

// eventLocations lists every location evs name, once each.
func eventLocations(evs ...inventory.Event) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range evs {
		for _, l := range []string{e.From, e.To} {
			if l != "" && !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	return out
}

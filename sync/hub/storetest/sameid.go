package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testConcurrentSameIDs: a copied data folder enrolled as a second device
// delivers the events it holds that the hub lacks, while the original
// pushes the same events (same ids, same content) at the same moment,
// each through its own store handle (two hub processes on one database).
// Whichever comes second finds the first's events and does not apply them
// again: stock counts each unit once, in every round.
func testConcurrentSameIDs(t *testing.T, open func(t *testing.T) store.Store) {
	s1, s2 := open(t), open(t)
	device(t, s1, "orig")
	device(t, s1, "copy")
	const rounds, n = 8, 10
	for r := range rounds {
		evs := func(dev string) []inventory.Event {
			out := make([]inventory.Event, n)
			for i := range out {
				seq := int64(r*n + i + 1)
				e := Ev(dev, seq, inventory.KindReceive, gtinPlain, "", "", 1, "", "A-01")
				e.ID = fmt.Sprintf("shared-%d-%d", r, i) // the copy holds the original's ids
				e.At = t0
				out[i] = e
			}
			return out
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, p := range []struct {
			s   store.Store
			dev string
		}{{s1, "orig"}, {s2, "copy"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = p.s.Push(ctx, p.dev, evs(p.dev), t0)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", r, err)
			}
		}
		rows, err := s1.Stock(ctx, store.StockFilter{GTINs: []string{gtinPlain}, Locations: []string{"A-01"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Qty != int64((r+1)*n) {
			t.Fatalf("round %d: stock at A-01 %+v, want %d: a unit pushed by both at once was counted twice", r, rows, (r+1)*n)
		}
	}
}

package catalog_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestCatalogContract holds the adapter over a real terminal database to
// the contract the engine's test catalog also passes: the seed's master
// data arrives as a pull, its events are recorded through the ledger's
// rules, and the engine's look-ups then see what the fake says they see.
func TestCatalogContract(t *testing.T) {
	flowtest.CatalogContract(t, func(t *testing.T, s flowtest.Seed) flow.Catalog {
		ctx := context.Background()
		db, err := localdb.Open(ctx, filepath.Join(t.TempDir(), "terminal.db"),
			localdb.Options{Now: func() time.Time { return flowtest.ContractNow }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.SetDevice(ctx, "term-contract"); err != nil {
			t.Fatal(err)
		}
		if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "c1", Products: s.Products, Locations: s.Locations, Lots: s.Lots,
			PurchaseOrders: s.PurchaseOrders, PickLists: s.PickLists, SalesOrders: s.SalesOrders, Returns: s.ReturnAuths}); err != nil {
			t.Fatal(err)
		}
		for i, e := range s.Events {
			if _, err := db.Append(ctx, e); err != nil {
				t.Fatalf("seed event %d (%s %s %s%s): %v", i, e.Kind, e.GTIN, e.Lot, e.Serial, err)
			}
		}
		return catalog.New(ctx, db)
	})
}

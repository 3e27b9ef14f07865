package localdb

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestShelfLifeAndReasons: a product's minimum shelf life and the
// override reason codes survive a pull; an older version never replaces
// a newer one, and an inactive reason is known but not offered.
func TestShelfLifeAndReasons(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"), Options{Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g := "09506000134352"
	err = db.ApplyChanges(ctx, wire.Changes{Cursor: "1",
		Products:    []inventory.Product{{GTIN: g, SKU: "SAL", Name: "Saline", Tracking: inventory.TrackLot, MinShelfLifeDays: 90, Version: 2}},
		SalesOrders: []inventory.SalesOrder{{ID: "SO-1", Customer: "Hospital", Status: inventory.DocOpen, MinShelfLifeDays: 180, Version: 2}},
		Reasons: []inventory.Reason{
			{Code: "NOTFOUND", Label: "listed lot not found", Active: true, Version: 2},
			{Code: "OLD", Label: "retired reason", Active: false, Version: 2},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2", Reasons: []inventory.Reason{{Code: "NOTFOUND", Label: "stale", Active: false, Version: 1}}}); err != nil {
		t.Fatal(err)
	}
	p, err := db.Product(ctx, g)
	if err != nil || p.MinShelfLifeDays != 90 {
		t.Fatalf("product %+v, %v", p, err)
	}
	so, err := db.SalesOrder(ctx, "SO-1")
	if err != nil || so.MinShelfLifeDays != 180 {
		t.Fatalf("order %+v, %v", so, err)
	}
	act, err := db.Reasons(ctx, false)
	if err != nil || len(act) != 1 || act[0].Code != "NOTFOUND" || act[0].Label != "listed lot not found" {
		t.Fatalf("active reasons %+v, %v", act, err)
	}
	all, err := db.Reasons(ctx, true)
	if err != nil || len(all) != 2 {
		t.Fatalf("all reasons %+v, %v", all, err)
	}
}

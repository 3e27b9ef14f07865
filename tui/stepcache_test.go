package tui

import (
	"context"
	"errors"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

func TestStepCatalogIsPerCall(t *testing.T) {
	db := stocked(t)
	ctx := context.Background()
	sc := newStepCatalog(catalog.New(ctx, db))
	got, err := sc.Received("PO-1")
	if err != nil || got[1] != 25 {
		t.Fatalf("received %v, %v", got, err)
	}
	got[1] = 999 // a caller changing its copy changes nothing else
	if again, _ := sc.Received("PO-1"); again[1] != 25 {
		t.Fatalf("cached progress changed by a caller: %v", again)
	}
	put(t, db, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinLot, Lot: "L-A", Expiry: "2027-06-30", Qty: 5, To: "A-01", Doc: "PO-1", DocLine: 1})
	// The same call's memo keeps its answer; the next call sees the event.
	if same, _ := sc.Received("PO-1"); same[1] != 25 {
		t.Fatalf("memo within a call changed: %v", same)
	}
	if next, _ := newStepCatalog(catalog.New(ctx, db)).Received("PO-1"); next[1] != 30 {
		t.Fatalf("a new call does not see the new receipt: %v", next)
	}
	if _, err := sc.PurchaseOrder("PO-404"); !errors.Is(err, flow.ErrNotFound) {
		t.Fatalf("unknown PO: %v, want flow.ErrNotFound", err)
	}
}

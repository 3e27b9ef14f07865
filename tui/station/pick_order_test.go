package station_test

import (
	"context"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/station"
)

// A fixed pick station takes the list's lines in the order the units
// arrive: line 2 first is picked for line 2, not refused for line 1.
func TestStationPicksAnyOpenLine(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	db := openDB(t, now())
	ctx := context.Background()
	const plain = "09506000134376"
	err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2",
		Products:  []inventory.Product{{GTIN: plain, SKU: "GLOVE", Name: "Gloves", Tracking: inventory.TrackNone, Version: 1}},
		Locations: []inventory.Location{{Code: "STG-1", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1}},
		PickLists: []inventory.PickList{{ID: "PL-7", SalesOrder: "SO-7", Status: inventory.DocOpen, Version: 1, Lines: []inventory.PickLine{
			{Line: 1, GTIN: lotGTIN, Lot: "L1", Qty: 1, From: "A-01"},
			{Line: 2, GTIN: plain, Qty: 1, From: "A-01"},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindCount, Operator: "op", GTIN: plain, Qty: 3, To: "A-01"}); err != nil {
		t.Fatal(err)
	}
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Pick, Context: flow.Context{PickList: "PL-7", Location: "STG-1", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r := st.Handle(ctx, scanner.Scan{Data: []byte(plain), At: now()})
	if !r.OK || r.Event == nil {
		t.Fatalf("line 2 first: %+v", r)
	}
	evs, err := db.Events(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if e := evs[len(evs)-1]; e.Kind != inventory.KindPick || e.GTIN != plain || e.DocLine != 2 || e.To != "STG-1" {
		t.Fatalf("recorded %+v", e)
	}
}

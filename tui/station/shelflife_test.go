package station_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/station"
)

// TestShelfLifeStation: a pick station refuses a lot with less shelf life
// than the order's customer asks, naming the date and the lot that
// qualifies, records nothing for it, and picks the qualifying lot.
func TestShelfLifeStation(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	db := openDB(t, now()) // L1 expires 2028-01-31, 2 at A-01
	ctx := context.Background()
	err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2",
		Lots: []inventory.Lot{{GTIN: lotGTIN, Lot: "L0", Expiry: "2027-02-28", Status: inventory.LotReleased, Version: 1}},
		SalesOrders: []inventory.SalesOrder{{ID: "SO-1", Customer: "Hospital", Status: inventory.DocOpen, MinShelfLifeDays: 180, Version: 1,
			Lines: []inventory.SOLine{{Line: 1, GTIN: lotGTIN, Qty: 2}}}},
		PickLists: []inventory.PickList{{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.PickLine{{Line: 1, GTIN: lotGTIN, Qty: 2}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindCount, Operator: "op", GTIN: lotGTIN, Lot: "L0", Qty: 3, To: "A-01"}); err != nil {
		t.Fatal(err)
	}
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Pick, Context: flow.Context{PickList: "PL-1", Location: "A-02", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r := st.Handle(ctx, scanner.Scan{Data: []byte("(01)" + lotGTIN + "(10)L0")})
	if r.OK || r.Verdict != "error" || r.Event != nil ||
		!strings.Contains(r.Reason, "Lot L0 expires 2027-02-28: Hospital needs 2027-05-25 or later (180 days): take lot L1 at A-01") {
		t.Fatalf("short lot: %+v", r)
	}
	if r := st.Handle(ctx, scanner.Scan{Data: []byte("(01)" + lotGTIN + "(10)L1")}); !r.OK || r.Event == nil {
		t.Fatalf("qualifying lot: %+v", r)
	}
}

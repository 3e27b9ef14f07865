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

// A receiving station whose fixed place is a pickable bin refuses a lot
// that expired before it arrived, as it refuses a quarantined one.
func TestStationRefusesExpiredLotIntoBin(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	db := openDB(t, now())
	ctx := context.Background()
	err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2",
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-9", Supplier: "Acme", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.POLine{{Line: 1, GTIN: lotGTIN, Qty: 10}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Receive, Context: flow.Context{PO: "PO-9", Location: "A-01", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r := st.Handle(ctx, scanner.Scan{Data: []byte("(01)" + lotGTIN + "(17)260131(10)LOLD"), At: now()})
	if r.OK || !strings.Contains(r.Reason, "Lot LOLD is expired: A-01 is a pickable bin") {
		t.Fatalf("expired lot into A-01: %+v", r)
	}
	r = st.Handle(ctx, scanner.Scan{Data: []byte("(01)" + lotGTIN + "(17)281231(10)LNEW"), At: now()})
	if !r.OK {
		t.Fatalf("a lot in date: %+v", r)
	}
}

// A station on a handheld whose clock is a day slow (the offset the last
// sync saved) judges expiry on the hub's date: a lot expiring on the
// device's today has expired at the hub, and the pickable bin refuses it.
func TestStationJudgesExpiryOnHubTime(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name   string
		offset time.Duration
		ok     bool
	}{
		{"clock right", 0, true},
		{"clock a day slow", -24 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t, now())
			ctx := context.Background()
			if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2",
				PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-9", Supplier: "Acme", Status: inventory.DocOpen, Version: 1,
					Lines: []inventory.POLine{{Line: 1, GTIN: lotGTIN, Qty: 10}}}},
			}); err != nil {
				t.Fatal(err)
			}
			st, err := station.New(ctx, db, station.Config{Workflow: flow.Receive, Context: flow.Context{PO: "PO-9", Location: "A-01", Operator: "op"},
				Now: now, ClockOffset: func() time.Duration { return tc.offset }})
			if err != nil {
				t.Fatal(err)
			}
			r := st.Handle(ctx, scanner.Scan{Data: []byte("(01)" + lotGTIN + "(17)261126(10)LEDGE"), At: now()})
			if r.OK != tc.ok || (!tc.ok && !strings.Contains(r.Reason, "A-01 is a pickable bin")) {
				t.Fatalf("lot expiring on the device's today, offset %v: %+v", tc.offset, r)
			}
		})
	}
}

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

// TestPalletStations: a receiving station records the pallet's SSCC in
// the real ledger, a second scan of the label is refused, and a put-away
// station moves the pallet by its SSCC alone.
func TestPalletStations(t *testing.T) {
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return at }
	db := openDB(t, at)
	ctx := context.Background()
	const sscc = "095060001234567893"
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2",
		Locations:      []inventory.Location{{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1}},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-9", Supplier: "S", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: lotGTIN, Qty: 20}}, Version: 1}},
	}); err != nil {
		t.Fatal(err)
	}
	run := func(cfg station.Config, scans ...string) []station.Result {
		t.Helper()
		cfg.Now = now
		st, err := station.New(ctx, db, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var rs []station.Result
		src := scanner.NewReaderSource("test", strings.NewReader(strings.Join(scans, "\n")+"\n"), scanner.Options{Now: now})
		if err := st.Run(ctx, src, func(r station.Result) { rs = append(rs, r) }, nil); err != nil {
			t.Fatal(err)
		}
		return rs
	}
	label := "(00)" + sscc + "(02)" + lotGTIN + "(37)10(10)L1(17)280131"
	rs := run(station.Config{Workflow: flow.Receive, Context: flow.Context{PO: "PO-9", Location: "DOCK-1", Operator: "op"}}, label, label)
	if len(rs) != 2 || !rs[0].OK || rs[0].Event == nil || rs[1].OK || !strings.Contains(rs[1].Reason, "already received") {
		t.Fatalf("receive results %+v", rs)
	}
	lines, err := db.Pallet(ctx, sscc)
	if err != nil || len(lines) != 1 || lines[0].Qty != 10 {
		t.Fatalf("pallet after receipt: %+v, %v", lines, err)
	}
	rs = run(station.Config{Workflow: flow.Putaway, Context: flow.Context{Location: "A-02", Operator: "op"}}, "(00)"+sscc)
	if len(rs) != 1 || !rs[0].OK || rs[0].Event == nil {
		t.Fatalf("put-away by SSCC: %+v", rs)
	}
	lines, err = db.Pallet(ctx, sscc)
	if err != nil || len(lines) != 1 || len(lines[0].Places) != 1 || lines[0].Places[0].Location != "A-02" || lines[0].Places[0].Qty != 10 {
		t.Fatalf("pallet after put-away: %+v, %v", lines, err)
	}
}

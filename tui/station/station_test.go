package station_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/station"
)

const lotGTIN = "09506000134352"

func openDB(t testing.TB, now time.Time) *localdb.DB {
	t.Helper()
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(t.TempDir(), "terminal.db"), localdb.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.ApplyChanges(ctx, wire.Changes{Cursor: "1",
		Products: []inventory.Product{{GTIN: lotGTIN, SKU: "SAL", Name: "Saline", Tracking: inventory.TrackLot, Version: 1}},
		Locations: []inventory.Location{
			{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
		},
		Lots: []inventory.Lot{{GTIN: lotGTIN, Lot: "L1", Expiry: "2028-01-31", Status: inventory.LotReleased, Version: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindCount, Operator: "op", GTIN: lotGTIN, Lot: "L1", Qty: 2, To: "A-01"}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestRunCountStation(t *testing.T) {
	db := openDB(t, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Count, Context: flow.Context{Location: "A-02", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if p := st.Prompt(); p.Text != "Scan ITEM" {
		t.Fatalf("prompt %q", p.Text)
	}
	src := scanner.NewReaderSource("test", strings.NewReader("(01)"+lotGTIN+"(10)L1\nA-09\n(01)"+lotGTIN+"(10)L1\r\n"), scanner.Options{Now: now})
	var results []station.Result
	var statuses []scanner.Status
	if err := st.Run(ctx, src, func(r station.Result) { results = append(results, r) }, func(s scanner.Status) { statuses = append(statuses, s) }); err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || len(statuses) == 0 {
		t.Fatalf("results %+v statuses %+v", results, statuses)
	}
	if !results[0].OK || results[0].Event == nil || results[0].Event.Seq != 2 {
		t.Fatalf("first count %+v", results[0])
	}
	if results[1].OK || results[1].Verdict != "error" || !strings.Contains(results[1].Reason, "A-09") {
		t.Fatalf("unknown location %+v", results[1])
	}
	if !results[2].OK || results[2].Event == nil || results[2].Event.Seq != 3 {
		t.Fatalf("second count %+v", results[2])
	}
	rows, err := db.Stock(ctx, localdb.StockFilter{Location: "A-02"})
	if err != nil || len(rows) != 1 || rows[0].Qty != 2 {
		t.Fatalf("two scans counted at A-02 must set stock 2: %+v %v", rows, err)
	}
}

// A refusal by the ledger that the engine could not foresee (here: the
// ledger's clock is past the lot's expiry, the scan's is not) reaches the
// result with its rule code; nothing is recorded and the station goes on.
func TestLedgerRefusal(t *testing.T) {
	db := openDB(t, time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2",
		PickLists: []inventory.PickList{{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.PickLine{{Line: 1, GTIN: lotGTIN, Qty: 2, From: "A-01"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	scanDay := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Pick, Context: flow.Context{PickList: "PL-1", Location: "A-02", Operator: "op"}})
	if err != nil {
		t.Fatal(err)
	}
	r := st.Handle(ctx, scanner.Scan{Data: []byte("(01)" + lotGTIN + "(10)L1"), At: scanDay})
	if r.OK || r.Verdict != "error" || r.Code != "lot_expired" || r.Event != nil {
		t.Fatalf("result %+v", r)
	}
	if evs, err := db.Events(ctx, 1, 10); err != nil || len(evs) != 0 {
		t.Fatalf("recorded %+v (err %v)", evs, err)
	}
	if _, err := station.New(ctx, db, station.Config{Workflow: flow.Receive, Context: flow.Context{PO: "PO-404"}}); err == nil || !strings.Contains(err.Error(), "PO-404") {
		t.Fatalf("unknown PO: %v", err)
	}
}

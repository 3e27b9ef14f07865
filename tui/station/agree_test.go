package station_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

const agreeSerial = "09506000134369"

// agreeDB is a small warehouse with stock, a pick list and a shipment.
func agreeDB(tb testing.TB, path string, now time.Time) *localdb.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := localdb.Open(ctx, path, localdb.Options{Now: func() time.Time { return now }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	err = db.ApplyChanges(ctx, wire.Changes{Cursor: "1",
		Products: []inventory.Product{
			{GTIN: lotGTIN, SKU: "SAL", Name: "Saline", Tracking: inventory.TrackLot, ExpiryRequired: true, Version: 1},
			{GTIN: agreeSerial, SKU: "PUMP", Name: "Pump", Tracking: inventory.TrackSerial, Version: 1},
		},
		Locations: []inventory.Location{
			{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "B-01", Kind: inventory.LocBin, Warehouse: "W2", Version: 1},
			{Code: "STG-1", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1},
			{Code: "Q-1", Kind: inventory.LocQuarantine, Warehouse: "W1", Version: 1},
		},
		Lots: []inventory.Lot{
			{GTIN: lotGTIN, Lot: "L1", Expiry: "2028-01-31", Status: inventory.LotReleased, Version: 1},
			{GTIN: lotGTIN, Lot: "LR", Expiry: "2028-01-31", Status: inventory.LotRecalled, Version: 1},
			{GTIN: lotGTIN, Lot: "LX", Expiry: "2026-01-31", Status: inventory.LotReleased, Version: 1},
		},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-1", Supplier: "Acme", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.POLine{{Line: 1, GTIN: lotGTIN, Qty: 5}, {Line: 2, GTIN: agreeSerial, Qty: 2}}}},
		SalesOrders: []inventory.SalesOrder{{ID: "SO-1", Customer: "Clinic", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.SOLine{{Line: 1, GTIN: lotGTIN, Qty: 3}, {Line: 2, GTIN: agreeSerial, Qty: 2}}}},
		PickLists: []inventory.PickList{{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.PickLine{{Line: 1, GTIN: lotGTIN, Lot: "L1", Qty: 3, From: "A-01"}, {Line: 2, GTIN: agreeSerial, Qty: 2}}}},
		Returns: []inventory.ReturnAuth{{ID: "RA-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.RetLine{{Line: 1, GTIN: agreeSerial, Qty: 1}}}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range []inventory.Event{
		{Kind: inventory.KindReceive, GTIN: lotGTIN, Lot: "L1", Expiry: "2028-01-31", Qty: 6, To: "A-01"},
		{Kind: inventory.KindReceive, GTIN: lotGTIN, Lot: "LR", Expiry: "2028-01-31", Qty: 2, To: "A-01"},
		{Kind: inventory.KindReceive, GTIN: lotGTIN, Lot: "LX", Expiry: "2026-01-31", Qty: 2, To: "DOCK-1"},
		{Kind: inventory.KindReceive, GTIN: agreeSerial, Serial: "S1", Qty: 1, To: "A-01"},
		{Kind: inventory.KindReceive, GTIN: agreeSerial, Serial: "S2", Qty: 1, To: "DOCK-1"},
		{Kind: inventory.KindReceive, GTIN: agreeSerial, Serial: "S3", Qty: 1, To: "A-01"},
		{Kind: inventory.KindPick, GTIN: agreeSerial, Serial: "S3", Qty: 1, From: "A-01", To: "STG-1", Doc: "PL-1", DocLine: 2},
	} {
		e.Operator = "op"
		if _, err := db.Append(ctx, e); err != nil {
			tb.Fatal(err)
		}
	}
	return db
}

// FuzzLedgerAgrees drives random inputs through every workflow over a
// real terminal database and records what the engine drafts: whatever the
// engine accepts, the ledger must accept too. A refusal by the ledger is a
// rule the engine does not know, which the operator would meet as an error
// after the engine said OK.
func FuzzLedgerAgrees(f *testing.F) {
	lot := "(01)" + lotGTIN + "(10)"
	ser := "(01)" + agreeSerial + "(21)"
	for _, s := range []string{
		"k:PO-1\n" + lot + "N1(17)281231\nk:5\nDOCK-1\n" + ser + "S9\nk:S8\nA-01",
		lot + "L1\nk:2\nB-01\n" + ser + "S2\nQ-1",
		"A-01\n" + lot + "L1\nk:6\n" + ser + "S1\nSTG-1",
		"k:PL-1\nSTG-1\n" + lot + "LR\n" + lot + "L1\nk:3\n" + ser + "S1",
		"k:SO-1\n" + ser + "S3\n" + lot + "L1\nENTER",
		"k:RA-1\n" + ser + "S3\nk:2\nQ-1",
		"A-01\n" + lot + "L1\nk:4\n" + ser + "S1\nENTER\nENTER\nENTER",
		"DOCK-1\n" + lot + "LX\nk:2\nENTER\nENTER",
	} {
		for w := range flow.Workflows() {
			f.Add(uint8(w), s)
		}
	}
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	// Sub-test temp dirs carry '#' in their names, which SQLite URIs
	// refuse: one folder for the whole target, one file per input.
	dir := f.TempDir()
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, w uint8, script string) {
		wfs := flow.Workflows()
		wf := wfs[int(w)%len(wfs)]
		path := filepath.Join(dir, fmt.Sprintf("t%d.db", n.Add(1)))
		t.Cleanup(func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suffix)
			}
		})
		db := agreeDB(t, path, now)
		ctx := context.Background()
		cat := catalog.New(ctx, db)
		st, _ := flow.Start(wf, flow.Context{Operator: "op", Today: now}, cat)
		lines := strings.Split(script, "\n")
		if len(lines) > 24 {
			lines = lines[:24]
		}
		for _, l := range lines {
			var in flow.Input
			switch {
			case l == "ESC":
				st, _ = flow.Back(st, cat)
				continue
			case l == "ENTER":
				in = flow.Input{Cmd: flow.CmdEnter}
			case l == "SKIP":
				in = flow.Input{Cmd: flow.CmdSkip}
			case strings.HasPrefix(l, "k:"):
				in = flow.Decode(l[2:], true, nil, now)
			default:
				in = flow.Decode(l, false, nil, now)
			}
			next, out := flow.Step(st, cat, in)
			if len(out.Actions) > 0 {
				if _, err := db.AppendBatch(ctx, out.Actions); err != nil {
					var re *localdb.RuleError
					if !errors.As(err, &re) {
						t.Fatalf("append: %v", err)
					}
					t.Fatalf("%s %q: engine said %v %q but the ledger refused %+v: %v", wf, l, out.Verdict.Level, out.Verdict.Reason, out.Actions, err)
				}
			}
			st = next
		}
	})
}

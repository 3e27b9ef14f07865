package station_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

// The engine's drafts must be what the ledger accepts: this drives every
// workflow as an operator would (interactive, not a station) over a real
// terminal database, recording each step's actions with AppendBatch the way
// the TUI does, from receipt to return, and checks the stock and serial
// state the ledger ends with.
func TestLifecycleOverLedger(t *testing.T) {
	const (
		lot    = "09506000134352"
		serial = "09506000134369"
	)
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	db, err := localdb.Open(ctx, filepath.Join(t.TempDir(), "terminal.db"), localdb.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "hh-1"); err != nil {
		t.Fatal(err)
	}
	err = db.ApplyChanges(ctx, wire.Changes{Cursor: "1",
		Products: []inventory.Product{
			{GTIN: lot, SKU: "SAL500", Name: "Saline", Tracking: inventory.TrackLot, ExpiryRequired: true, Version: 1},
			{GTIN: serial, SKU: "PUMP", Name: "Pump", Tracking: inventory.TrackSerial, Version: 1},
		},
		Locations: []inventory.Location{
			{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "B-01", Kind: inventory.LocBin, Warehouse: "W2", Version: 1},
			{Code: "STG-1", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1},
			{Code: "Q-1", Kind: inventory.LocQuarantine, Warehouse: "W1", Version: 1},
		},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-1", Supplier: "Acme", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.POLine{{Line: 1, GTIN: lot, Qty: 10}, {Line: 2, GTIN: serial, Qty: 2}}}},
		SalesOrders: []inventory.SalesOrder{{ID: "SO-1", Customer: "Clinic", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.SOLine{{Line: 1, GTIN: lot, Qty: 3}, {Line: 2, GTIN: serial, Qty: 1}}}},
		PickLists: []inventory.PickList{{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.PickLine{
				{Line: 1, GTIN: lot, Lot: "L2", Qty: 2, From: "A-02"},
				{Line: 2, GTIN: serial, Qty: 1},
				{Line: 3, GTIN: lot, Qty: 1},
			}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.New(ctx, db)

	// drive plays one workflow; "!" before an input means it must be
	// refused, "?" that a warning is expected.
	drive := func(wf flow.Workflow, inputs ...string) {
		t.Helper()
		st, out := flow.Start(wf, flow.Context{Operator: "op1", Today: now}, cat)
		if out.Verdict.Level == flow.Error {
			t.Fatalf("%s start: %s", wf, out.Verdict.Reason)
		}
		for _, raw := range inputs {
			want := flow.OK
			switch {
			case strings.HasPrefix(raw, "!"):
				want, raw = flow.Error, raw[1:]
			case strings.HasPrefix(raw, "?"):
				want, raw = flow.Warning, raw[1:]
			}
			var in flow.Input
			switch {
			case raw == "ENTER":
				in = flow.Input{Cmd: flow.CmdEnter}
			case strings.HasPrefix(raw, "k:"):
				in = flow.Decode(raw[2:], true, nil, now)
			default:
				in = flow.Decode(raw, false, nil, now)
			}
			next, out := flow.Step(st, cat, in)
			if out.Verdict.Level != want {
				t.Fatalf("%s %q: verdict %v %q, want %v (prompt %q)", wf, raw, out.Verdict.Level, out.Verdict.Reason, want, out.Prompt.Text)
			}
			if len(out.Actions) > 0 {
				if _, err := db.AppendBatch(ctx, out.Actions); err != nil {
					t.Fatalf("%s %q: the ledger refused the engine's draft %+v: %v", wf, raw, out.Actions, err)
				}
			}
			st = next
		}
	}

	drive(flow.Receive, "k:PO-1",
		"(01)"+lot+"(17)281231(10)L1", "k:10", "DOCK-1",
		"(01)"+serial+"(21)S1", "k:S2", "DOCK-1",
		"(01)"+lot+"(17)290131(10)L2", "?k:4", "ENTER", "DOCK-1",
		"!(01)"+serial+"(21)S1")
	drive(flow.Putaway,
		"(01)"+lot+"(10)L1", "ENTER", "A-01",
		"(01)"+lot+"(10)L2", "ENTER", "A-02",
		"(01)"+serial+"(21)S1", "k:S2", "A-01")
	drive(flow.Move, "A-02", "(01)"+lot+"(10)L2", "k:2", "B-01")
	drive(flow.Pick, "k:PL-1", "STG-1",
		"?(01)"+lot+"(10)L1", "?k:1", "k:2",
		"(01)"+serial+"(21)S1",
		"(01)"+lot+"(10)L1", "k:1")
	drive(flow.Ship, "k:PL-1",
		"(01)"+serial+"(21)S1",
		"!(01)"+serial+"(21)S2",
		"(01)"+lot+"(10)L1", "ENTER")
	drive(flow.Return, "(01)"+serial+"(21)S1", "k:2", "!A-01", "Q-1")
	drive(flow.Count, "A-01", "(01)"+lot+"(10)L1", "?k:6", "(01)"+serial+"(21)S2", "ENTER")
	// A recall pulled from the hub is flagged at once.
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "2", Lots: []inventory.Lot{{GTIN: lot, Lot: "L2", Expiry: "2029-01-31", Status: inventory.LotRecalled, Version: 2}}}); err != nil {
		t.Fatal(err)
	}
	drive(flow.Lookup, "(01)"+serial+"(21)S1", "(01)"+lot+"(10)L1", "?(01)"+lot+"(10)L2", "?B-01")
	// A recalled lot is warned at once and refused into a pickable bin.
	drive(flow.Move, "B-01", "(01)"+lot+"(10)L2", "?k:2", "!A-02", "Q-1")

	stock := map[string]int64{}
	rows, err := db.Stock(ctx, localdb.StockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		stock[r.Location+" "+r.GTIN[12:]+" "+r.Lot] = r.Qty
	}
	want := map[string]int64{
		"A-01 52 L1":  6, // 10 received, 3 picked, counted 6 of 7
		"A-02 52 L2":  2, // 4 received; 2 went to W2
		"B-01 52 L2":  0, //
		"Q-1 52 L2":   2, // and, recalled, to quarantine
		"A-01 69 ":    1, // S2
		"Q-1 69 ":     1, // S1 back, quarantined
		"STG-1 52 L1": 0, // picked 3, shipped 3
	}
	for k, q := range want {
		if stock[k] != q {
			t.Errorf("stock %s = %d, want %d (all: %v)", k, stock[k], q, stock)
		}
	}
	s1, err := db.Serial(ctx, serial, "S1")
	if err != nil || s1.Location != "Q-1" {
		t.Errorf("S1 %+v %v", s1, err)
	}
	evs, err := db.Events(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var override, note bool
	for _, e := range evs {
		override = override || (e.Kind == inventory.KindPick && e.Override != "")
		note = note || (e.Kind == inventory.KindReturn && e.Note == "quarantine" && e.Doc == "SO-1")
	}
	if !override || !note {
		t.Errorf("override recorded %v, return traced to SO-1 with disposition %v", override, note)
	}
}

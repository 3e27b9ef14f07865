package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
)

// stockTestDir makes a data folder with a terminal database holding a
// small warehouse: saline lot L1 received on PO-7 from Acme, put away,
// partly shipped on SO-9; pump serial P1 received and shipped, P2 in stock.
func stockTestDir(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC) }
	db, err := localdb.Open(ctx, filepath.Join(dir, dbFile), localdb.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "term-7"); err != nil {
		t.Fatal(err)
	}
	err = db.ApplyChanges(ctx, wire.Changes{Cursor: "c",
		Products: []inventory.Product{
			{GTIN: "09506000134352", Name: "Saline", Tracking: inventory.TrackLot, Version: 1},
			{GTIN: "09506000111117", Name: "Pump", Tracking: inventory.TrackSerial, Version: 1},
		},
		Locations: []inventory.Location{{Code: "DOCK", Version: 1}, {Code: "A-01", Version: 1}, {Code: "B-02", Version: 1}, {Code: "Q", Kind: inventory.LocQuarantine, Version: 1}},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-7", Supplier: "Acme Pharma", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.POLine{{Line: 1, GTIN: "09506000134352", Qty: 50}}}},
		SalesOrders: []inventory.SalesOrder{{ID: "SO-9", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []inventory.Event{
		{Kind: inventory.KindReceive, GTIN: "09506000134352", Lot: "L1", Expiry: "2027-01-31", Qty: 50, To: "DOCK", Doc: "PO-7", DocLine: 1},
		{Kind: inventory.KindPutaway, GTIN: "09506000134352", Lot: "L1", Qty: 30, From: "DOCK", To: "A-01"},
		{Kind: inventory.KindShip, GTIN: "09506000134352", Lot: "L1", Qty: 12, From: "A-01", Doc: "SO-9"},
		{Kind: inventory.KindReceive, GTIN: "09506000111117", Serial: "P1", Qty: 1, To: "DOCK"},
		{Kind: inventory.KindReceive, GTIN: "09506000111117", Serial: "P2", Qty: 1, To: "DOCK"},
		{Kind: inventory.KindMove, GTIN: "09506000111117", Serial: "P2", Qty: 1, From: "DOCK", To: "B-02"},
		{Kind: inventory.KindShip, GTIN: "09506000111117", Serial: "P1", Qty: 1, From: "DOCK", Doc: "SO-9"},
	} {
		d.Operator = "op1"
		if _, err := db.Append(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runLocalCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &errb}, args)
	return out.String(), errb.String(), err
}

func TestStockCommand(t *testing.T) {
	dir := stockTestDir(t)
	// Lot L0 expired long ago; it sits in quarantine and shows as expired.
	db, err := localdb.Open(context.Background(), filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(context.Background(), inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: "09506000134352", Lot: "L0", Expiry: "2020-01-31", Qty: 3, To: "Q"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, _, err := runLocalCmd(t, "stock", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LOCATION", "A-01", "09506000134352", "L1", "18", "DOCK", "20", "B-02", "2027-01-31", "released"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "2020-01-31  expired") {
		t.Errorf("lot L0 past its expiry must show expired:\n%s", out)
	}
	js, _, _ := runLocalCmd(t, "stock", "--json", "--lot", "L0", "--data", dir)
	if !strings.Contains(js, `"lot_status":"expired"`) {
		t.Errorf("json of an expired lot: %q", js)
	}
	out, _, err = runLocalCmd(t, "stock", "--json", "--location", "A-01", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var row localdb.StockRow
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &row) != nil || row.Qty != 18 || row.Lot != "L1" {
		t.Fatalf("json: %q", out)
	}
	out, _, _ = runLocalCmd(t, "stock", "--gtin", "9506000111117", "--json", "--data", dir)
	if n := strings.Count(out, "\n"); n != 1 || !strings.Contains(out, `"location":"B-02"`) {
		t.Errorf("by 13-digit GTIN: %q", out)
	}
	out, _, _ = runLocalCmd(t, "stock", "--lot", "NOPE", "--data", dir)
	if !strings.Contains(out, "no stock") {
		t.Errorf("empty result: %q", out)
	}
}

func TestStockCommandErrors(t *testing.T) {
	empty := t.TempDir()
	_, _, err := runLocalCmd(t, "stock", "--data", empty)
	if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "no terminal database in "+empty+": run scanterm enroll first or pass --data") {
		t.Errorf("missing db: %v", err)
	}
	if _, _, err := runLocalCmd(t, "stock", "--bogus"); !errors.Is(err, errUsage) || strings.Contains(err.Error(), "\n") {
		t.Errorf("bad flag: %v", err)
	}
	if _, _, err := runLocalCmd(t, "stock", "--gtin", "abc", "--data", empty); !errors.Is(err, errUsage) {
		t.Errorf("bad gtin: %v", err)
	}
	if _, _, err := runLocalCmd(t, "stock", "extra", "--data", empty); !errors.Is(err, errUsage) {
		t.Errorf("extra arg: %v", err)
	}
	out, _, err := runLocalCmd(t, "stock", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: scanterm stock") || !strings.Contains(out, "Example") || !strings.Contains(out, "--location") {
		t.Errorf("help: %v\n%s", err, out)
	}
}

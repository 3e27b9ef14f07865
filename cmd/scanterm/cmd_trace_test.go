package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
)

func TestTraceLotCommand(t *testing.T) {
	dir := stockTestDir(t)
	out, _, err := runLocalCmd(t, "trace", "lot", "L1", "--gtin", "09506000134352", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Lot L1 of 09506000134352 Saline", "on hand 38", "PO PO-7 from Acme Pharma",
		"A-01", "SO-9 (City Hospital)  12 of", "receive", "putaway", "ship"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Flags before the subcommand work too, and JSON is one document.
	out, _, err = runLocalCmd(t, "trace", "--json", "--data", dir, "lot", "L1")
	if err != nil {
		t.Fatal(err)
	}
	var tr localdb.LotTrace
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(tr.Movements) != 3 || len(tr.Receipts) != 1 || tr.Receipts[0].Supplier != "Acme Pharma" || len(tr.Shipments) != 1 {
		t.Errorf("trace = %+v", tr)
	}
}

func TestTraceSerialCommand(t *testing.T) {
	dir := stockTestDir(t)
	out, _, err := runLocalCmd(t, "trace", "serial", "P1", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Serial P1 of 09506000111117 Pump: shipped, not in the building") || !strings.Contains(out, "SO-9") {
		t.Errorf("output:\n%s", out)
	}
	out, _, err = runLocalCmd(t, "trace", "serial", "P2", "--json", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var st serialTrace
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.State.Status != inventory.SerialInStock || st.State.Location != "B-02" || len(st.History) != 2 || st.History[1].Kind != "move" {
		t.Errorf("json = %+v", st)
	}
}

func TestTraceCommandErrors(t *testing.T) {
	dir := stockTestDir(t)
	for _, args := range [][]string{
		{"trace"}, {"trace", "lot"}, {"trace", "box", "X"}, {"trace", "lot", "A", "B"}, {"trace", "pallet", "095060001234567893", "--gtin", "09506000134352"}, {"trace", "lot", "L1", "--nope"},
		{"trace", "lot", "L1", "--gtin", "12"},
	} {
		_, _, err := runLocalCmd(t, append(args, "--data", dir)...)
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want usage error", args, err)
		}
	}
	if _, _, err := runLocalCmd(t, "trace", "serial", "NOPE", "--data", dir); err == nil || !strings.Contains(err.Error(), "not known on this terminal") {
		t.Errorf("unknown serial: %v", err)
	}
	if _, _, err := runLocalCmd(t, "trace", "lot", "NOPE", "--data", dir); err == nil || !strings.Contains(err.Error(), "not known on this terminal") {
		t.Errorf("unknown lot: %v", err)
	}
	if _, _, err := runLocalCmd(t, "trace", "lot", "L1", "--data", t.TempDir()); err == nil || !strings.Contains(err.Error(), "run scanterm enroll first") {
		t.Errorf("missing db: %v", err)
	}
	// A lot code starting with '-' after "--".
	if _, _, err := runLocalCmd(t, "trace", "--data", dir, "lot", "--", "-L"); err == nil || !strings.Contains(err.Error(), "lot -L is not known") {
		t.Errorf("dash lot: %v", err)
	}
	out, _, err := runLocalCmd(t, "trace", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "trace serial SERIAL") || !strings.Contains(out, "Example") {
		t.Errorf("help: %v\n%s", err, out)
	}
}

// TestTraceShowsOpenHubExceptions: the hub's exception on the
// ship of L1 (seq 3) and a push rejection on P1's ship (seq 7) show in the
// FLAGS column, under the table and in --json; a resolved one does not.
func TestTraceShowsOpenHubExceptions(t *testing.T) {
	dir := stockTestDir(t)
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := db.Events(ctx, 0, 100)
	if err != nil || len(evs) != 7 {
		t.Fatal(err, len(evs))
	}
	err = db.ApplyChanges(ctx, wire.Changes{Cursor: "c2", Exceptions: []inventory.Exception{
		{ID: 1, Code: "recalled_lot_moved", Message: "ships recalled lot L1 to City Hospital (SO-9)", EventID: evs[2].ID, Device: "term-7", Seq: 3, Version: 1},
		{ID: 2, Code: "negative_stock", Message: "resolved long ago", EventID: evs[1].ID, Device: "term-7", Seq: 2, Resolved: true, Version: 1},
	}})
	if err == nil {
		err = db.RecordRejections(ctx, []wire.Rejection{{Seq: 7, Code: "serial_conflict", Message: "P1 was shipped by term-2"}})
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	out, _, err := runLocalCmd(t, "trace", "lot", "L1", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SO-9  op1       !recalled_lot_moved", "Open hub exceptions (1)",
		"! seq 3  recalled_lot_moved  ships recalled lot L1 to City Hospital (SO-9) (#1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("lot trace lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "negative_stock") || strings.Contains(out, "resolved long ago") {
		t.Errorf("a resolved exception is shown:\n%s", out)
	}
	out, _, err = runLocalCmd(t, "trace", "lot", "L1", "--json", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var tr localdb.LotTrace
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	if len(tr.Exceptions) != 1 || tr.Exceptions[0].Seq != 3 || tr.Exceptions[0].Code != "recalled_lot_moved" || tr.Exceptions[0].EventID != evs[2].ID {
		t.Errorf("json exceptions = %+v", tr.Exceptions)
	}

	out, _, err = runLocalCmd(t, "trace", "serial", "P1", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "!serial_conflict") || !strings.Contains(out, "! seq 7  serial_conflict  P1 was shipped by term-2 (not pulled yet)") {
		t.Errorf("serial trace:\n%s", out)
	}
	out, _, err = runLocalCmd(t, "trace", "serial", "P1", "--json", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var st serialTrace
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Exceptions) != 1 || st.Exceptions[0].Seq != 7 || st.Exceptions[0].Message != "P1 was shipped by term-2" {
		t.Errorf("serial json exceptions = %+v", st.Exceptions)
	}
	// A serial with no exception lists none, as an empty array.
	out, _, _ = runLocalCmd(t, "trace", "serial", "P2", "--json", "--data", dir)
	if !strings.Contains(out, `"exceptions": []`) {
		t.Errorf("P2 json:\n%s", out)
	}
}

func TestTracePalletCommand(t *testing.T) {
	dir := stockTestDir(t)
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const sscc = "095060001234567893"
	for _, d := range []inventory.Event{
		{Kind: inventory.KindReceive, GTIN: "09506000134352", Lot: "L2", Expiry: "2028-06-30", Qty: 10, To: "DOCK", Doc: "PO-7", DocLine: 1, SSCC: sscc},
		{Kind: inventory.KindPutaway, GTIN: "09506000134352", Lot: "L2", Qty: 6, From: "DOCK", To: "A-01", SSCC: sscc},
	} {
		d.Operator = "op1"
		if _, err = db.Append(ctx, d); err != nil {
			break
		}
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runLocalCmd(t, "trace", "pallet", "(00)"+sscc, "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Pallet " + sscc, "09506000134352 Saline lot L2 expiry 2028-06-30: received 10 on PO-7 line 1",
		"now: A-01              6", "now: DOCK              4"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runLocalCmd(t, "trace", "pallet", sscc, "--json", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var pt palletTrace
	if err := json.Unmarshal([]byte(out), &pt); err != nil {
		t.Fatal(err)
	}
	if pt.SSCC != sscc || len(pt.Lines) != 1 || pt.Lines[0].Qty != 10 || len(pt.Lines[0].Places) != 2 {
		t.Errorf("json = %+v", pt)
	}
	if _, _, err := runLocalCmd(t, "trace", "pallet", "095060001234567886", "--data", dir); err == nil || !strings.Contains(err.Error(), "pallet 095060001234567886 is not known on this terminal") {
		t.Errorf("unknown pallet: %v", err)
	}
}

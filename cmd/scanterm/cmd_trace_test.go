package main

import (
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/localdb"
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
	if st.State.Status != localdb.SerialInStock || st.State.Location != "B-02" || len(st.History) != 2 || st.History[1].Kind != "move" {
		t.Errorf("json = %+v", st)
	}
}

func TestTraceCommandErrors(t *testing.T) {
	dir := stockTestDir(t)
	for _, args := range [][]string{
		{"trace"}, {"trace", "lot"}, {"trace", "pallet", "X"}, {"trace", "lot", "A", "B"}, {"trace", "lot", "L1", "--nope"},
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

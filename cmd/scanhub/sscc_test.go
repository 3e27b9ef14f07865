package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestPalletSSCC: a pallet label pushed with an event over HTTP comes back
// from events --json (as an extra key, the other keys unchanged), export
// json and csv, and trace, and an event without one keeps the old shape.
func TestPalletSSCC(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	scanhub(t, "demo", "--db", db)
	var added struct{ Device, Code string }
	if err := json.Unmarshal([]byte(scanhub(t, "device", "add", "dock-1", "--db", db, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	url, _ := serve(t, "--db", db, "--listen", "127.0.0.1:0")
	var enr wire.EnrollResponse
	if st := post(t, url+"/v1/enroll", "", wire.EnrollRequest{Code: added.Code}, &enr); st != 200 {
		t.Fatalf("enroll: %d", st)
	}
	const sscc = "009506000134350004"
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	evs := []inventory.Event{
		{ID: "e1", Device: "dock-1", Seq: 1, Operator: "1001", At: at, Kind: inventory.KindReceive, GTIN: hub.DemoGTINLot, Lot: "S26-002",
			Qty: 24, To: "DOCK-1", Doc: "PO-1001", SSCC: sscc},
		{ID: "e2", Device: "dock-1", Seq: 2, Operator: "1001", At: at.Add(time.Minute), Kind: inventory.KindPutaway, GTIN: hub.DemoGTINLot, Lot: "S26-002",
			Qty: 24, From: "DOCK-1", To: "A-01"},
	}
	var pr wire.PushResponse
	if st := post(t, url+"/v1/events", enr.Token, wire.PushRequest{Events: evs}, &pr); st != 200 || pr.AckSeq != 2 || len(pr.Rejected) != 0 {
		t.Fatalf("push: %d %+v", st, pr)
	}

	documented := []string{"at", "device", "doc", "expiry", "from", "gtin", "id", "kind", "lot", "qty", "received_at", "serial", "seq", "to"}
	lines := strings.Split(strings.TrimSpace(scanhub(t, "events", "--db", db, "--json")), "\n")
	if len(lines) != 2 {
		t.Fatalf("events --json: %d lines", len(lines))
	}
	for i, want := range [][]string{append(append([]string{}, documented...), "sscc"), documented} {
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &m); err != nil {
			t.Fatal(err)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sort.Strings(want)
		if !reflect.DeepEqual(keys, want) {
			t.Errorf("events --json line %d keys %v, want %v", i+1, keys, want)
		}
		if i == 0 && m["sscc"] != sscc {
			t.Errorf("events --json line 1 sscc %v, want %s", m["sscc"], sscc)
		}
	}

	// The table has an SSCC column: the label on the receipt, "-" after.
	table := strings.Split(strings.TrimSpace(scanhub(t, "events", "--db", db)), "\n")
	if len(table) != 3 || !strings.Contains(table[0], " SSCC ") || !strings.Contains(table[1], " "+sscc+" ") || strings.Contains(table[2], sscc) {
		t.Errorf("events table does not show the pallet label:\n%s", strings.Join(table, "\n"))
	}

	var rec exportRecord
	first, _, _ := strings.Cut(scanhub(t, "export", "events", "--db", db), "\n")
	if err := json.Unmarshal([]byte(first), &rec); err != nil || rec.ID != "e1" || rec.SSCC != sscc {
		t.Errorf("export json first line: %s (%v)", first, err)
	}
	rows, err := csv.NewReader(strings.NewReader(scanhub(t, "export", "events", "--format", "csv", "--db", db))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("export csv: %d rows, %v", len(rows), err)
	}
	last := len(rows[0]) - 1
	if rows[0][last] != "sscc" || rows[1][last] != sscc || rows[2][last] != "" {
		t.Errorf("export csv sscc column: %q / %q / %q", rows[0][last], rows[1][last], rows[2][last])
	}

	out := scanhub(t, "trace", "lot", "S26-002", "--gtin", hub.DemoGTINLot, "--db", db)
	if !strings.Contains(out, "by dock-1 under pallet "+sscc+"\n") || strings.Count(out, "pallet "+sscc) != 2 {
		t.Errorf("trace lot text does not name the pallet on the receipt and its history line:\n%s", out)
	}
	var lt hub.LotTrace
	if err := json.Unmarshal([]byte(scanhub(t, "trace", "lot", "S26-002", "--gtin", hub.DemoGTINLot, "--db", db, "--json")), &lt); err != nil {
		t.Fatal(err)
	}
	if len(lt.Receipts) != 1 || lt.Receipts[0].Event.SSCC != sscc || len(lt.Events) != 2 || lt.Events[1].SSCC != "" {
		t.Errorf("trace lot json: %+v", lt)
	}
}

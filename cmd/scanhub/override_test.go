package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

// TestOverrideShown: an override's reason code and the operator who gave
// it show in `scanhub events --json` and in the trace's history.
func TestOverrideShown(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	st, err := hub.OpenStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(ctx, hub.Batch{Products: []inventory.Product{{GTIN: "09506000134352", SKU: "SAL", Name: "Saline", Tracking: inventory.TrackLot}}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := st.AddDevice(ctx, "t1", "code-t1", now.Add(time.Hour), now); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enroll(ctx, "code-t1", "tok-t1", "1.0", now); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	e := inventory.Event{ID: "0190a1b2-0000-7000-8000-000000000001", Device: "t1", Seq: 1, Operator: "1001", At: at, Kind: inventory.KindReceive,
		GTIN: "09506000134352", Lot: "L1", Qty: 7, To: "DOCK", Doc: "PO-1", DocLine: 1, Override: "SUPV"}
	if _, err := st.Push(ctx, "t1", []inventory.Event{e}, at); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := scanhub(t, "events", "--json", "--db", dsn)
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &line); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if line["override"] != "SUPV" || line["override_by"] != "1001" {
		t.Fatalf("events --json: %s", out)
	}
	if tr := scanhub(t, "trace", "lot", "L1", "--gtin", "09506000134352", "--db", dsn); !strings.Contains(tr, "override SUPV") || !strings.Contains(tr, "operator 1001") {
		t.Fatalf("trace:\n%s", tr)
	}
}

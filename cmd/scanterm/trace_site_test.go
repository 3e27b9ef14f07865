package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
)

// TestTraceAcrossTerminals: on an enrolled terminal, scanterm trace adds
// what the hub holds of other terminals' events, and says plainly when it
// could not ask and the answer is this terminal's records only.
func TestTraceAcrossTerminals(t *testing.T) {
	ctx := context.Background()
	st, url := syncTestHub(t)
	dock, hand := enrolledDir(t, st, url, "dock"), enrolledDir(t, st, url, "hand")
	db, err := localdb.Open(ctx, filepath.Join(dock, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: "09506000000015", Lot: "L9", Qty: 5, To: "DOCK1"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, dir := range []string{dock, hand} {
		if out, errs, err := runSyncCmd(ctx, "sync", "--once", "--data", dir); err != nil {
			t.Fatalf("sync: %v\n%s%s", err, out, errs)
		}
	}
	out, errs, err := runSyncCmd(ctx, "trace", "lot", "L9", "--data", hand)
	if err != nil {
		t.Fatalf("trace: %v\n%s", err, errs)
	}
	for _, want := range []string{"Across the site (the hub, every terminal):", "on hand: DOCK1 5", "dock ", "receive"} {
		if !strings.Contains(out, want) {
			t.Errorf("trace on the handheld lacks %q:\n%s", want, out)
		}
	}
	// The hub out of reach: the same trace says what it is.
	e, err := client.LoadEnrollment(hand)
	if err != nil {
		t.Fatal(err)
	}
	e.HubURL = "http://127.0.0.1:1"
	if err := client.SaveEnrollment(hand, e); err != nil {
		t.Fatal(err)
	}
	out, _, err = runSyncCmd(ctx, "trace", "lot", "L9", "--data", hand)
	if err != nil || !strings.Contains(out, "This terminal's records only: the hub could not be asked") || strings.Contains(out, "Across the site") {
		t.Errorf("offline trace: %v\n%s", err, out)
	}
	// JSON output stays the local trace alone.
	out, _, err = runSyncCmd(ctx, "trace", "lot", "L9", "--json", "--data", hand)
	if err != nil || strings.Contains(out, "records only") {
		t.Errorf("trace --json: %v\n%s", err, out)
	}
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

// lotDB is a demo hub with one terminal that received 20 × SAL500 lot
// S26-002, put 14 away to A-01, picked 6 to STG-1 and shipped 4 of them on
// SO-5001, counted 3 of lot S26-050 (known by that event alone, no lot
// record) at A-02, and a second, revoked terminal.
func lotDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	scanhub(t, "demo", "--db", db)
	st, err := hub.OpenStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, d := range []string{"t1", "t2"} {
		if err := st.AddDevice(ctx, d, "code-"+d, now.Add(time.Hour), now); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Enroll(ctx, "code-"+d, "tok-"+d, "1", now); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RevokeDevice(ctx, "t2", now); err != nil {
		t.Fatal(err)
	}
	ev := func(seq int64, kind inventory.EventKind, qty int64, from, to, doc string) inventory.Event {
		return inventory.Event{ID: fmt.Sprintf("t1-%d", seq), Device: "t1", Seq: seq, Operator: "1001", At: now, Kind: kind,
			GTIN: hub.DemoGTINLot, Lot: "S26-002", Qty: qty, From: from, To: to, Doc: doc}
	}
	r, err := st.Push(ctx, "t1", []inventory.Event{
		ev(1, inventory.KindReceive, 20, "", "DOCK-1", "PO-1001"),
		ev(2, inventory.KindPutaway, 14, "DOCK-1", "A-01", ""),
		ev(3, inventory.KindPick, 6, "A-01", "STG-1", "PL-5001"),
		ev(4, inventory.KindShip, 4, "STG-1", "", "SO-5001"),
		{ID: "t1-5", Device: "t1", Seq: 5, Operator: "1001", At: now, Kind: inventory.KindCount, GTIN: hub.DemoGTINLot, Lot: "S26-050", Qty: 3, To: "A-02"},
	}, now)
	if err != nil || len(r.Rejected) != 0 || r.AckSeq != 5 {
		t.Fatalf("push: %+v %v", r, err)
	}
	return db
}

func TestLotRecallRefusesUnknown(t *testing.T) {
	db := lotDB(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"lot", "recall", "S26-0002", "--gtin", hub.DemoGTINLot},
			[]string{"lot S26-0002 of SAL500 (09506000134352) is not known to the hub", "known lots: S24-001 S25-007 S25-014 S26-002 S26-010 S26-050)", "--create", "nothing changed"}},
		{[]string{"lot", "quarantine", "X1", "--gtin", "09506000999999"},
			[]string{"no product with GTIN 09506000999999 is known to the hub", "nothing changed"}},
		{[]string{"lot", "recall", "X1", "--gtin", "09506000999999", "--create"},
			[]string{"no product with GTIN 09506000999999"}},
		{[]string{"lot", "release", "M-77X", "--gtin", hub.DemoGTINMasks, "--json"},
			[]string{"lot M-77X of MASK-FFP2 (09506000134406) is not known", "known lots: M-77)", "--create to release"}},
	} {
		out, err := try(append(tc.args, "--db", db)...)
		if err == nil || errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a plain error (exit 1)", tc.args, err)
			continue
		}
		if out != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: printed %q, error %q: want one line and no output", tc.args, out, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %q lacks %q", tc.args, err, w)
			}
		}
	}
	// Nothing was recalled by the refusals.
	out := scanhub(t, "trace", "lot", "S26-002", "--gtin", hub.DemoGTINLot, "--db", db, "--json")
	if !strings.Contains(out, `"status":"released"`) {
		t.Fatalf("S26-002 after refused recalls: %s", out)
	}
	if _, err := try("trace", "lot", "S26-0002", "--db", db); err == nil {
		t.Fatal("a refused recall left a lot record behind")
	}
}

func TestLotRecallPrintsImpact(t *testing.T) {
	db := lotDB(t)
	out := scanhub(t, "lot", "recall", "S26-002", "--gtin", hub.DemoGTINLot, "--db", db)
	for _, w := range []string{
		"lot S26-002 of SAL500 (09506000134352) is now recalled\n",
		"1 terminal gets it on its next pull",
		"On hand: 16 units\n", "  A-01   W1  8\n", "  DOCK-1  W1  6\n", "  STG-1  W1  2\n",
		"Shipped: 4 units\n", "  SO-5001  City Hospital  4\n",
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(w), " ")) {
			t.Errorf("recall output lacks %q:\n%s", w, out)
		}
	}
	var got lotChange
	if err := json.Unmarshal([]byte(scanhub(t, "lot", "quarantine", "S26-002", "--gtin", hub.DemoGTINLot, "--db", db, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	im := got.Impact
	if got.Lot.Lot != "S26-002" || got.Status != inventory.LotQuarantine || got.Expiry != "2027-01-31" || got.Created ||
		im.OnHandTotal != 16 || len(im.OnHand) != 3 || im.ShippedTotal != 4 || im.Terminals != 1 ||
		len(im.Shipped) != 1 || im.Shipped[0] != (hub.OrderShipped{Order: "SO-5001", Customer: "City Hospital", Qty: 4}) {
		t.Fatalf("--json: %+v", got)
	}
}

func TestLotCreatePreRecalls(t *testing.T) {
	db := lotDB(t)
	out := scanhub(t, "lot", "recall", "S27-001", "--gtin", hub.DemoGTINLot, "--create", "--db", db)
	for _, w := range []string{"lot S27-001 of SAL500 (09506000134352) is now recalled (new lot record: not received yet)", "On hand: none", "Shipped: none"} {
		if !strings.Contains(out, w) {
			t.Errorf("pre-recall output lacks %q:\n%s", w, out)
		}
	}
	// Now known: no --create needed, and --create on a known lot is harmless.
	var got lotChange
	if err := json.Unmarshal([]byte(scanhub(t, "lot", "recall", "S27-001", "--gtin", hub.DemoGTINLot, "--create", "--db", db, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.Created || got.Status != inventory.LotRecalled || got.Impact.OnHand == nil || got.Impact.Shipped == nil {
		t.Fatalf("second recall: %+v", got)
	}
	scanhub(t, "lot", "release", "S27-001", "--gtin", hub.DemoGTINLot, "--db", db)
	// A lot the hub knows only from a scan needs no --create either.
	if out := scanhub(t, "lot", "quarantine", "S26-050", "--gtin", hub.DemoGTINLot, "--db", db); !strings.Contains(out, "On hand: 3 units") {
		t.Fatalf("quarantine of a lot known by a count:\n%s", out)
	}
}

package station_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/station"
)

// A fixed scanner that dropped the GS between lot and serial reads one
// lot "L121SN-9": unattended, nobody can confirm it, so every such scan is
// refused with the split reading, and nothing is recorded.
func TestStationRefusesLotThatMayHideSerial(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	db := openDB(t, now())
	ctx := context.Background()
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Count, Context: flow.Context{Location: "A-02", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	swallowed := "01" + lotGTIN + "10L121SN-9"
	for i := range 2 {
		r := st.Handle(ctx, scanner.Scan{Data: []byte(swallowed), At: now()})
		if r.OK || r.Verdict != "error" || !strings.Contains(r.Reason, "(10)L1(21)SN-9") || len(r.Events) != 0 {
			t.Fatalf("scan %d: %+v", i+1, r)
		}
	}
	evs, err := db.Events(ctx, 0, 100)
	if err != nil || len(evs) != 1 {
		t.Fatalf("only the seed's count may be on the ledger: %d events, %v", len(evs), err)
	}
}

// TestStationTrustsScannerThatKeepsGS: once a fixed scanner has sent a GS
// between two elements, it keeps separators: its lot "L121SN-9" is that
// lot, recorded, while another scanner's same scan is still refused.
func TestStationTrustsScannerThatKeepsGS(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	db := openDB(t, now())
	ctx := context.Background()
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Count, Context: flow.Context{Location: "A-02", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	swallowed := "01" + lotGTIN + "10L121SN-9"
	scan := func(source, data string) station.Result {
		return st.Handle(ctx, scanner.Scan{Data: []byte(data), Source: source, At: now()})
	}
	if r := scan("serial:/dev/ttyS0", swallowed); r.OK {
		t.Fatalf("before the scanner showed it keeps GS: %+v", r)
	}
	if r := scan("serial:/dev/ttyS0", "01"+lotGTIN+"10L7\x1d30"+"2"); !r.OK {
		t.Fatalf("a scan with a GS between lot and count: %+v", r)
	}
	r := scan("serial:/dev/ttyS0", swallowed)
	if !r.OK || r.Event == nil {
		t.Fatalf("the same scanner's lot that reads like lot and serial: %+v", r)
	}
	if evs, err := db.Events(ctx, r.Event.Seq-1, 1); err != nil || len(evs) != 1 || evs[0].Lot != "L121SN-9" {
		t.Fatalf("recorded %+v, %v; want lot L121SN-9", evs, err)
	}
	if r := scan("serial:/dev/ttyS1", swallowed); r.OK {
		t.Fatalf("another scanner's: %+v", r)
	}
}

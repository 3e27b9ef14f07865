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

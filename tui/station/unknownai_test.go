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

// TestUnknownAIStation: a fixed scanner's scan that carries an AI the
// dictionary does not know is recorded with a warning when the AIs the
// step needs are there, and the event keeps the whole scan; a malformed
// known AI is still refused.
func TestUnknownAIStation(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	db := openDB(t, now())
	ctx := context.Background()
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Count, Context: flow.Context{Location: "A-02", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	good := "]C101" + lotGTIN + "10L1\x1d7260NEWDATA"
	r := st.Handle(ctx, scanner.Scan{Data: []byte(good)})
	if !r.OK || r.Verdict != "warning" || !strings.Contains(r.Reason, "unknown AI (7260)") || r.Event == nil {
		t.Fatalf("scan with an unknown AI: %+v", r)
	}
	evs, err := db.Events(ctx, r.Event.Seq-1, 1)
	if err != nil || len(evs) != 1 || evs[0].Raw != good || evs[0].Lot != "L1" {
		t.Fatalf("recorded %+v (err %v); want raw %q", evs, err, good)
	}
	bad := "]C101" + lotGTIN + "10L1\x1d7260NEWDATA\x1d17271332"
	if r := st.Handle(ctx, scanner.Scan{Data: []byte(bad)}); r.OK || r.Verdict != "error" || r.Event != nil {
		t.Fatalf("malformed known AI: %+v", r)
	}
}

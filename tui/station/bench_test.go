package station_test

import (
	"context"
	"testing"
	"time"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/station"
)

// BenchmarkHandle is one station scan end to end on a real database file
// (WAL, synchronous=FULL): decode, step, append and commit one count event.
func BenchmarkHandle(b *testing.B) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	db := openDB(b, now)
	ctx := context.Background()
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Count, Context: flow.Context{Location: "A-02", Operator: "op"}, Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	sc := scanner.Scan{Data: []byte("(01)" + lotGTIN + "(10)L1"), At: now}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := st.Handle(ctx, sc); !r.OK || r.Event == nil {
			b.Fatalf("%+v", r)
		}
	}
}

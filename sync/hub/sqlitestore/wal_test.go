package sqlitestore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// TestCheckpointBoundsWAL: once the WAL holds more than the limit, the
// writer empties the file after its next group instead of leaving it at
// its largest (a passive checkpoint copies the pages back but keeps the
// file, and under steady pushes never lets SQLite start it over). Below
// the limit it stays passive.
func TestCheckpointBoundsWAL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.b.walLimit = 200
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	if err := s.AddDevice(ctx, "t1", "code-t1", t0.Add(time.Hour), t0); err != nil {
		t.Fatal(err)
	}
	walSize := func() int64 {
		t.Helper()
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	seq := int64(0)
	pushPages := func(batches int) {
		t.Helper()
		for range batches {
			evs := make([]inventory.Event, 200)
			for i := range evs {
				seq++
				evs[i] = inventory.Event{ID: fmt.Sprintf("ev-%d", seq), Device: "t1", Seq: seq, Operator: "1001", At: t0,
					Kind: inventory.KindReceive, GTIN: "09506000134376", Qty: 1, To: "DOCK", Note: fmt.Sprintf("%0200d", seq)}
			}
			if _, err := s.Push(ctx, "t1", evs, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	pushPages(1)
	before := walSize()
	if err := s.b.checkpoint(); err != nil {
		t.Fatal(err)
	}
	if after := walSize(); after != before || after == 0 {
		t.Fatalf("a WAL below the limit: %d bytes, then %d after the checkpoint; want it left as it was", before, after)
	}
	pushPages(20) // well past 200 pages
	if big := walSize(); big < 200*4096 {
		t.Fatalf("WAL of %d bytes after 4,000 events: the test writes too little", big)
	}
	if err := s.b.checkpoint(); err != nil {
		t.Fatal(err)
	}
	pushPages(1) // the writer empties the WAL after this group
	if after := walSize(); after != 0 {
		t.Fatalf("WAL past the limit: %d bytes after the checkpoint and a push, want it emptied", after)
	}
	if n, err := s.Events(ctx, store.EventFilter{Device: "t1"}); err != nil || len(n) != int(seq) {
		t.Fatalf("events after the checkpoints: %d, %v", len(n), err)
	}
}

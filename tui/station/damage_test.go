package station_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/station"
)

// A station on a terminal.db with a damaged page acknowledges no scan: the
// result is an error with code database_damaged and says what to do.
func TestDamagedDatabaseRecordsNoScan(t *testing.T) {
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	path := filepath.Join(t.TempDir(), "terminal.db")
	db, err := localdb.Open(ctx, path, localdb.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "1",
		Products:  []inventory.Product{{GTIN: lotGTIN, SKU: "SAL", Name: "Saline", Tracking: inventory.TrackLot, Version: 1}},
		Locations: []inventory.Location{{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1}},
	}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i += 100 {
		var batch []inventory.Event
		for j := i; j < i+100; j++ {
			batch = append(batch, inventory.Event{Kind: inventory.KindCount, Operator: "op", GTIN: lotGTIN, Lot: "L" + strings.Repeat("X", j%10), Qty: int64(j + 1), To: "A-01"})
		}
		if _, err := db.AppendBatch(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	// Flip the last 64 bytes of the ledger's root page (cells fill a page
	// from its end), found through SQLite's own catalogue.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var root int
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'events'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := root*4096 - 64; i < root*4096; i++ {
		b[i] ^= 0xFF
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	db, err = localdb.Open(ctx, path, localdb.Options{Now: now})
	if err != nil {
		t.Fatalf("open: %v (a damaged file still opens, so its queue can be pushed)", err)
	}
	defer db.Close()
	st, err := station.New(ctx, db, station.Config{Workflow: flow.Count, Context: flow.Context{Location: "A-01", Operator: "op"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	src := scanner.NewReaderSource("test", strings.NewReader("(01)"+lotGTIN+"(10)LNEW\n"), scanner.Options{Now: now})
	var results []station.Result
	if err := st.Run(ctx, src, func(r station.Result) { results = append(results, r) }, func(scanner.Status) {}); err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Event != nil {
			t.Fatalf("a scan was acknowledged on a damaged database: %+v", r)
		}
	}
	last := results[len(results)-1]
	if last.OK || last.Code != station.CodeDatabaseDamaged || !strings.Contains(last.Reason, "move terminal.db aside") {
		t.Fatalf("last result = %+v, want database_damaged saying what to do", last)
	}
}

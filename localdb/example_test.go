package localdb_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
)

// A receipt, a pick and a refused shipment of a recalled lot.
func ExampleDB_Append() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "localdb-example-")
	defer os.RemoveAll(dir)
	now := func() time.Time { return time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC) }
	db, err := localdb.Open(ctx, filepath.Join(dir, "terminal.db"), localdb.Options{Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	db.SetDevice(ctx, "term-1")
	db.ApplyChanges(ctx, wire.Changes{Cursor: "c1",
		Products:  []inventory.Product{{GTIN: "09506000134352", Name: "Saline", Tracking: inventory.TrackLot, Version: 1}},
		Locations: []inventory.Location{{Code: "DOCK1", Version: 1}, {Code: "STAGE", Version: 1}},
	})

	ev, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: "09506000134352",
		Lot: "L1", Expiry: "2027-01-31", Qty: 10, To: "DOCK1"})
	fmt.Println(ev.Device, ev.Seq, ev.Kind, err)

	db.ApplyChanges(ctx, wire.Changes{Cursor: "c2",
		Lots: []inventory.Lot{{GTIN: "09506000134352", Lot: "L1", Expiry: "2027-01-31", Status: inventory.LotRecalled, Version: 1}}})
	_, err = db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.KindPick, GTIN: "09506000134352",
		Lot: "L1", Qty: 2, From: "DOCK1", To: "STAGE"})
	fmt.Println(errors.Is(err, localdb.ErrLotRecalled), err)

	n, _, _ := db.OutboxStats(ctx)
	fmt.Println("queued for the hub:", n)
	// Output:
	// term-1 1 receive <nil>
	// true lot L1 is recalled: do not pick it, set it aside
	// queued for the hub: 1
}

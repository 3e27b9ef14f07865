package localdb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestHubProgress: what the hub says other terminals received on a PO
// adds to this terminal's own receipts; a newer report replaces an older
// one, an older one arriving late changes nothing.
func TestHubProgress(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 5, "A-01")) // PO-1 line 1, this terminal
	got := func() map[int]int64 {
		t.Helper()
		m, err := db.Received(ctx, "PO-1")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if m := got(); m[1] != 5 || len(m) != 1 {
		t.Fatalf("own receipts only: %v", m)
	}
	apply := func(ps ...inventory.DocProgress) {
		t.Helper()
		if err := db.ApplyChanges(ctx, wire.Changes{Progress: ps}); err != nil {
			t.Fatal(err)
		}
	}
	apply(inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t2", Qty: 30, Version: 10},
		inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 2, Device: "t2", Qty: 1, Version: 10},
		inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t3", Qty: 4, Version: 11},
		inventory.DocProgress{Doc: "PL-1", Kind: inventory.KindPick, Line: 1, Device: "t2", Qty: 7, Version: 12})
	if m := got(); m[1] != 39 || m[2] != 1 || len(m) != 2 {
		t.Fatalf("own 5 + t2 30 + t3 4 on line 1, t2 1 on line 2: %v", m)
	}
	if m, _ := db.Picked(ctx, "PL-1"); m[1] != 7 {
		t.Fatalf("picked by t2: %v", m)
	}
	apply(inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t2", Qty: 35, Version: 13}) // t2 received 5 more
	apply(inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t2", Qty: 30, Version: 10}) // a stale copy
	if m := got(); m[1] != 44 {
		t.Fatalf("after t2's newer total and a stale one: %v, want 44 on line 1", m)
	}
}

// TestOwnProgressFromTheHub: the hub's rows of this terminal's own events
// replace its ledger's count up to the included seq, never add to it: not
// between the pages of a pull (the rows wait for its last page), not after
// a new incarnation whose hub seqs start over the seq base, not after a
// rebuild.
func TestOwnProgressFromTheHub(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	if _, err := db.StartIncarnation(ctx, "t1", 0, 0); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 5, "A-01"))
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 3, "A-01"))
	want := func(n int64, when string) {
		t.Helper()
		m, err := db.Received(ctx, "PO-1")
		if err != nil || m[1] != n {
			t.Fatalf("%s: received %v (%v), want %d on line 1", when, m, err, n)
		}
	}
	own := func(qty, version int64) inventory.DocProgress {
		return inventory.DocProgress{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t1", Qty: qty, Version: version}
	}
	apply := func(ch wire.Changes, when string) {
		t.Helper()
		if err := db.ApplyChanges(ctx, sameLedger(t, db, ch)); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
	}
	want(8, "own receipts, nothing pulled")
	apply(wire.Changes{Progress: []inventory.DocProgress{own(5, 20)}, More: true, Cursor: "20"}, "first page")
	want(8, "a pull's first page holding the hub's count of the first receipt")
	apply(wire.Changes{IncludesSeq: 1, Cursor: "21"}, "last page")
	want(8, "the pull complete: 5 from the hub, 3 of the terminal's own after it")
	apply(wire.Changes{Progress: []inventory.DocProgress{own(8, 22)}, IncludesSeq: 2, Cursor: "22"}, "next pull")
	want(8, "everything from the hub")

	// Enrolled again (a restored folder): the hub's seqs of this
	// incarnation start at its last seq, 2; before its push is recognised
	// the hub includes none of them, yet it holds the ledger's first two.
	if _, err := db.StartIncarnation(ctx, "t1", 1, 2); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 4, "A-01"))
	want(12, "new incarnation, own receipt unsent")
	apply(wire.Changes{IncludesSeq: 2, IncludesID: "the previous incarnation's last", Cursor: "23"}, "pull of the new incarnation before its push")
	want(12, "new incarnation pulled before its push")
	apply(wire.Changes{Progress: []inventory.DocProgress{own(12, 24)}, IncludesSeq: 2 + 3, Cursor: "24"}, "pull after its push")
	want(12, "new incarnation pushed and pulled")
	if err := db.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	want(12, "after a rebuild")
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 1, "A-01"))
	want(13, "one more after a rebuild")
	if err := db.ResetSite(ctx); err != nil {
		t.Fatal(err)
	}
	want(13, "site state forgotten: the ledger alone")
}

// TestOwnProgressUpgrade: a terminal file from before the hub sent a
// terminal's own progress answers the same after the upgrade, and the
// hub's first row of its own replaces the stand-in.
func TestOwnProgressUpgrade(t *testing.T) {
	ctx := context.Background()
	steps, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/data_v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "terminal.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(steps[:9:9], string(data),
		`INSERT INTO doc_progress (doc, kind, doc_line, qty) SELECT doc, kind, doc_line, SUM(qty) FROM events
			WHERE doc <> '' GROUP BY doc, kind, doc_line`, // what Append kept
		// The receipt (seq 1) was pulled back included; another terminal
		// received 7 on the same line.
		`INSERT INTO meta (key, value) VALUES ('included_seq', '1')`,
		`INSERT INTO hub_progress (doc, kind, doc_line, device, qty, version) VALUES ('PO-OLD', 'receive', 1, 'term-2', 7, 30)`,
		`PRAGMA user_version = 9`) {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := func(n int64, when string) {
		t.Helper()
		if m, err := db.Received(ctx, "PO-OLD"); err != nil || m[1] != n {
			t.Fatalf("%s: received %v (%v), want %d", when, m, err, n)
		}
	}
	want(47, "after the upgrade")
	if err := db.ApplyChanges(ctx, wire.Changes{Progress: []inventory.DocProgress{
		{Doc: "PO-OLD", Kind: inventory.KindReceive, Line: 1, Device: "term-old", Qty: 40, Version: 31}}, IncludesSeq: 2, Cursor: "31"}); err != nil {
		t.Fatal(err)
	}
	want(47, "after the hub's own row")
}

// TestRestoredLedgerPull: a data folder restored from a backup pulls from
// a hub that holds more of its name than the folder does. The hub's count
// of the lost receipts shows; a receipt recorded after the restore takes a
// seq the hub's count covers, yet shows (in progress and in stock) until
// the hub has it, not hidden as if included.
func TestRestoredLedgerPull(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	if _, err := db.StartIncarnation(ctx, "t1", 0, 0); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 5, "A-01"))
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 3, "A-01"))
	if err := db.AckThrough(ctx, 2); err != nil {
		t.Fatal(err)
	}
	own := func(qty, version int64) []inventory.DocProgress {
		return []inventory.DocProgress{{Doc: "PO-1", Kind: inventory.KindReceive, Line: 1, Device: "t1", Qty: qty, Version: version}}
	}
	stock := func(qty, version int64) []inventory.StockLevel {
		return []inventory.StockLevel{{GTIN: gtinLot, Lot: "L-A", Location: "A-01", Qty: qty, Version: version}}
	}
	apply := func(ch wire.Changes) {
		t.Helper()
		if err := db.ApplyChanges(ctx, sameLedger(t, db, ch)); err != nil {
			t.Fatal(err)
		}
	}
	want := func(received, onA01 int64, when string) {
		t.Helper()
		m, err := db.Received(ctx, "PO-1")
		if err != nil || m[1] != received {
			t.Fatalf("%s: received %v (%v), want %d", when, m, err, received)
		}
		if got := onHand(t, db, gtinLot, "L-A")["A-01"]; got != onA01 {
			t.Fatalf("%s: %d on A-01, want %d", when, got, onA01)
		}
	}
	apply(wire.Changes{Progress: own(8, 10), Stock: stock(8, 10), IncludesSeq: 2, Cursor: "10"})
	want(8, 8, "synced")
	// Restored: this folder is the backup; the hub had two more receipts
	// of one each from it since (seqs 3 and 4), which the folder lost.
	apply(wire.Changes{Progress: own(10, 11), Stock: stock(10, 11), IncludesSeq: 4, IncludesID: "a receipt the folder lost", Cursor: "11"})
	want(10, 10, "restored and pulled")
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-12-31", 6, "A-01")) // seq 3 here, not the hub's 3
	want(16, 16, "a receipt after the restore")
	apply(wire.Changes{IncludesSeq: 4, IncludesID: "a receipt the folder lost", Cursor: "12"})
	want(16, 16, "pulled again before the push that shows the divergence")
	if err := db.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	want(16, 16, "rebuilt")
}

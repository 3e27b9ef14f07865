package tui

import (
	"context"
	"database/sql"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	_ "github.com/mattn/go-sqlite3" // to hold the write lock from a second connection

	"github.com/scanterm/scanterm/localdb"
)

// gs1Lot is a GS1-128 scan of the lot product: GTIN, expiry 2027-12-31
// and lot LOT7 in one barcode.
const gs1Lot = "]C101" + gtinLot + "17271231" + "10LOT7"

func stockAt(t *testing.T, db *localdb.DB, loc, gtin, lot string) int64 {
	t.Helper()
	rows, err := db.Stock(context.Background(), localdb.StockFilter{Location: loc, GTIN: gtin, Lot: lot})
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, r := range rows {
		n += r.Qty
	}
	return n
}

func eventCount(t *testing.T, db *localdb.DB) int {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func TestReceiveLotProduct(t *testing.T) {
	db := openDB(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.must("Receive", "Scan PO")
	h.scan("PO-1")
	h.must("Scan ITEM", "PO-1 from Acme Pharma")
	// One GS1 barcode fills product, lot and expiry.
	h.scan(gs1Lot)
	h.must("Key QTY", "Lot LOT7", "2027-12-31")
	h.typeSlow("10")
	h.must("Scan LOCATION")
	if n := eventCount(t, db); n != 0 {
		t.Fatalf("%d events before the step completed", n)
	}
	h.scan("DOCK1")
	h.must("Received 10", "Scan ITEM", "q 1")
	if h.app.lastBell != VerdictOK {
		t.Fatalf("bell = %v, want OK", h.app.lastBell)
	}
	if n := stockAt(t, db, "DOCK1", gtinLot, "LOT7"); n != 10 {
		t.Fatalf("stock of LOT7 at DOCK1 = %d, want 10", n)
	}
}

// TestRecordingFailureKeepsState: while another process holds the write
// lock the step cannot be recorded; the operator reads why, the prompt and
// state stay, nothing is stored, and the same scan works once the lock is
// gone.
func TestRecordingFailureKeepsState(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/terminal.db"
	db, err := localdb.Open(ctx, path, localdb.Options{Now: func() time.Time { return testStart }, BusyTimeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "term-test"); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, seed()); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.scan("PO-1")
	h.scan(gs1Lot)
	h.typeSlow("10")
	h.must("Scan LOCATION")

	other, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	h.scan("DOCK1")
	h.must("Not recorded", "Scan LOCATION")
	if h.app.lastBell != VerdictBad {
		t.Fatalf("bell = %v, want bad", h.app.lastBell)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if n := eventCount(t, db); n != 0 {
		t.Fatalf("%d events stored after a failed recording", n)
	}
	h.scan("DOCK1")
	h.must("Received 10")
	if n := stockAt(t, db, "DOCK1", gtinLot, "LOT7"); n != 10 {
		t.Fatalf("stock = %d, want 10", n)
	}
}

// TestScansWhileRecordingQueue: scans that arrive while a step is being
// recorded wait their turn, in order; none is lost.
func TestScansWhileRecordingQueue(t *testing.T) {
	db := openDB(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.now = h.now.Add(time.Second)
	at := h.now
	h.process([]tea.Msg{
		ScanMsg{Text: "PO-1", Source: "serial", At: at},
		ScanMsg{Text: gs1Lot, Source: "serial", At: at},
		ScanMsg{Text: "10", Source: "keyed", Keyed: true, At: at},
		ScanMsg{Text: "DOCK1", Source: "serial", At: at},
	})
	h.must("Received 10", "Scan ITEM")
	if n := stockAt(t, db, "DOCK1", gtinLot, "LOT7"); n != 10 {
		t.Fatalf("stock = %d, want 10", n)
	}
}

func TestWorkflowEscBacksOut(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("1")
	h.scan("PO-1")
	h.scan(gs1Lot)
	h.must("Key QTY")
	// Esc with typed text clears the text first.
	h.key("5")
	h.must("> 5")
	h.key("esc")
	h.must("Key QTY")
	h.mustNot("> 5")
	h.key("esc")
	h.must("Scan ITEM")
	h.key("esc")
	h.key("esc")
	h.key("esc")
	h.must("Menu · Ana")
}

func TestWorkflowRefusalIsRed(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("1")
	h.scan("PO-404")
	h.must("✗", "Scan PO")
	if h.app.lastBell != VerdictBad {
		t.Fatalf("bell = %v, want bad", h.app.lastBell)
	}
}

func TestGoldenReceive(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.key("1")
	golden(t, h, "receive_po")
	h.scan("PO-1")
	h.scan(gs1Lot)
	golden(t, h, "receive_qty")
	h.typeSlow("10")
	h.scan("DOCK1")
	golden(t, h, "receive_done")
	h.scan("PO-404")
}

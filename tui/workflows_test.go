package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

// put records events through the ledger, as earlier work on the floor
// would have.
func put(t testing.TB, db *localdb.DB, evs ...inventory.Event) {
	t.Helper()
	for _, e := range evs {
		if e.Operator == "" {
			e.Operator = "op1"
		}
		if _, err := db.Append(context.Background(), e); err != nil {
			t.Fatalf("append %+v: %v", e, err)
		}
	}
}

// stocked is a database with lots L-A (20 at A-01), L-B (5 at A-02) and
// serials S1, S2 (at A-01) on hand.
func stocked(t *testing.T) *localdb.DB {
	db := openDB(t)
	put(t, db,
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinLot, Lot: "L-A", Expiry: "2027-06-30", Qty: 20, To: "A-01", Doc: "PO-1", DocLine: 1},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinLot, Lot: "L-B", Expiry: "2027-03-31", Qty: 5, To: "A-02", Doc: "PO-1", DocLine: 1},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "A-01", Doc: "PO-1", DocLine: 2},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S2", Qty: 1, To: "A-01", Doc: "PO-1", DocLine: 2},
	)
	return db
}

// scans of the fixture products.
const (
	scanLA      = "]C101" + gtinLot + "17270630" + "10L-A"
	scanLB      = "]C101" + gtinLot + "17270331" + "10L-B"
	scanRecall  = "]C101" + gtinLot + "10L-RECALL"
	scanSerial1 = "]C101" + gtinSerial + "21S1"
)

func serialAt(t *testing.T, db *localdb.DB, serial string) inventory.SerialState {
	t.Helper()
	s, err := db.Serial(context.Background(), gtinSerial, serial)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func lastEvent(t *testing.T, db *localdb.DB) inventory.Event {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 0)
	if err != nil || len(evs) == 0 {
		t.Fatalf("events: %v (%d)", err, len(evs))
	}
	return evs[len(evs)-1]
}

func TestReceiveSerialsNofN(t *testing.T) {
	db := openDB(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.scan("PO-1")
	h.scan("]C101" + gtinSerial + "21X1")
	h.must("SERIAL 2 of 2")
	h.scan("]C101" + gtinSerial + "21X2")
	h.must("Scan LOCATION")
	h.scan("DOCK1")
	h.must("✓")
	for _, s := range []string{"X1", "X2"} {
		if st := serialAt(t, db, s); st.Status != inventory.SerialInStock || st.Location != "DOCK1" {
			t.Fatalf("serial %s: %+v", s, st)
		}
	}
}

func TestPutaway(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("2")
	h.must("Put-away", "Scan ITEM")
	h.scan(scanLA)
	h.must("Key QTY", "20 at A-01")
	h.typeSlow("5")
	h.must("Scan TO")
	// A-02 holds lot L-B of the same product: the put-away is recorded,
	// with a warning that the bin now mixes lots.
	h.scan("A-02")
	h.must("! A-02 also holds MED lot L-B", "5 units → A-02")
	if h.app.lastBell != VerdictWarn {
		t.Fatalf("bell = %v, want warning", h.app.lastBell)
	}
	if a, b := stockAt(t, db, "A-01", gtinLot, "L-A"), stockAt(t, db, "A-02", gtinLot, "L-A"); a != 15 || b != 5 {
		t.Fatalf("L-A: A-01 %d, A-02 %d; want 15, 5", a, b)
	}
	// Into a place that holds no other lot: no mixing warning.
	h.scan(scanLA)
	h.must("Scan FROM")
	h.scan("A-01")
	h.typeSlow("5")
	h.scan("QUAR")
	h.must("5 units → QUAR")
	h.mustNot("also holds")
	if q := stockAt(t, db, "QUAR", gtinLot, "L-A"); q != 5 {
		t.Fatalf("L-A at QUAR = %d, want 5", q)
	}
}

func TestMoveSerial(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("3")
	h.scan("A-01")
	h.scan(scanSerial1)
	h.must("Serial S1")
	h.scan("A-02")
	h.must("→ A-02")
	if st := serialAt(t, db, "S1"); st.Location != "A-02" {
		t.Fatalf("S1 at %q, want A-02", st.Location)
	}
	if st := serialAt(t, db, "S2"); st.Location != "A-01" {
		t.Fatalf("S2 at %q, want A-01", st.Location)
	}
}

func TestPickListedLot(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("4")
	h.scan("PL-1")
	h.scan("STAGE")
	h.must("Line 1 of 1", "Lot L-A", "From A-01")
	h.scan(scanLA)
	h.typeSlow("4")
	h.must("Picked 4", "pick 6")
	if containsAll(h.screen(), "Scan ITEM") {
		h.scan(scanLA) // the next unit of the same line
	}
	h.must("Key QTY", "Enter=6")
	h.key("enter") // accept the suggested 6
	h.must("Picked 6", "complete")
	if n := stockAt(t, db, "STAGE", gtinLot, "L-A"); n != 10 {
		t.Fatalf("STAGE L-A = %d, want 10", n)
	}
}

func TestPickOtherLotNeedsRecordedOverride(t *testing.T) {
	db := stocked(t)
	put(t, db, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinLot, Lot: "L-B", Expiry: "2027-03-31", Qty: 5, To: "A-01", Doc: "PO-1", DocLine: 1})
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("4")
	h.scan("PL-1")
	h.scan("STAGE")
	h.scan(scanLB)
	h.must("Why lot L-B?", "1 listed lot not found")
	if h.app.lastBell != VerdictWarn {
		t.Fatalf("bell = %v, want warn", h.app.lastBell)
	}
	h.typeSlow("2")
	h.typeSlow("5")
	ev := lastEvent(t, db)
	if ev.Kind != inventory.KindPick || ev.Lot != "L-B" || ev.Override == "" {
		t.Fatalf("last event %+v: want a pick of L-B with the override reason", ev)
	}
}

func TestPickRefusesRecalledLot(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("4")
	h.scan("PL-1")
	h.scan("STAGE")
	before := eventCount(t, db)
	h.scan(scanRecall)
	h.must("✗", "RECALLED")
	if h.app.lastBell != VerdictBad {
		t.Fatalf("bell = %v, want bad", h.app.lastBell)
	}
	if eventCount(t, db) != before {
		t.Fatal("a refused scan recorded something")
	}
}

func TestShipPickedUnits(t *testing.T) {
	db := stocked(t)
	put(t, db, inventory.Event{Kind: inventory.KindPick, GTIN: gtinLot, Lot: "L-A", Qty: 10, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 1})
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("5")
	h.scan("SO-1")
	h.must("SO-1: 0 of 10 shipped")
	h.scan(scanLA)
	h.key("enter")
	h.must("Shipped 10", "SO-1 complete")
	if n := stockAt(t, db, "STAGE", gtinLot, "L-A"); n != 0 {
		t.Fatalf("STAGE L-A = %d after shipping, want 0", n)
	}
	if ev := lastEvent(t, db); ev.Kind != inventory.KindShip || ev.Doc != "SO-1" {
		t.Fatalf("last event %+v", ev)
	}
}

func TestReturnToQuarantine(t *testing.T) {
	db := stocked(t)
	put(t, db,
		inventory.Event{Kind: inventory.KindPick, GTIN: gtinLot, Lot: "L-A", Qty: 10, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 1},
		inventory.Event{Kind: inventory.KindShip, GTIN: gtinLot, Lot: "L-A", Qty: 10, From: "STAGE", Doc: "SO-1", DocLine: 1})
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("6")
	h.scan("RA-1")
	h.scan(scanLA)
	h.must("Went out on SO-1", "Enter=2")
	h.key("enter") // the 2 RA-1 authorises
	h.must("1 restock", "2 quarantine")
	h.typeSlow("2")
	h.scan("QUAR")
	h.must("Returned 2")
	if n := stockAt(t, db, "QUAR", gtinLot, "L-A"); n != 2 {
		t.Fatalf("QUAR L-A = %d, want 2", n)
	}
	if ev := lastEvent(t, db); ev.Kind != inventory.KindReturn || ev.Note != "quarantine" {
		t.Fatalf("last event %+v", ev)
	}
}

func TestCountLocation(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("7")
	h.scan("A-01")
	h.must("Counting A-01")
	h.scan(scanLA)
	h.typeSlow("18")
	h.must("record had 20")
	if n := stockAt(t, db, "A-01", gtinLot, "L-A"); n != 18 {
		t.Fatalf("A-01 L-A = %d after the count, want 18", n)
	}
}

func TestLookupShowsRecallInRed(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("8")
	h.scan(scanSerial1)
	h.must("Serial S1", "in stock at A-01")
	h.scan("A-01")
	h.must("A-01 bin, W1", "MED L-A ×20")
	h.scan(scanRecall)
	h.must("RECALLED")
	if !h.app.cur.(*workflow).out.Prompt.Alert {
		t.Fatal("a recalled lot is not shown as an alert")
	}
	// The alert lines are drawn in the Bad style (red).
	body := h.app.cur.Body(30, 10)
	found := false
	for _, l := range body {
		if l == h.app.env.st.Bad.Render("LOT L-RECALL IS RECALLED") {
			found = true
		}
	}
	if !found {
		t.Fatalf("recall line not red: %q", body)
	}
}

func TestDocLinesView(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.must("F2: list open documents")
	h.key("f2")
	h.must("1 open", "1 PO-1 Acme Pharma, 2 lines")
	h.key("down")
	h.key("enter")
	h.must("PO PO-1 from Acme Pharma", "Scan ITEM")
	h.key("f2")
	h.must("PO-1: 2 lines", "1 MED 25/100", "✓ 2 PUMP 2/2")
	h.key("esc")
	h.mustNot("PO-1: 2 lines")
	h.must("Scan ITEM")
}

func TestOpenDocsPickAndShip(t *testing.T) {
	h := newHarness(t, stocked(t), nil)
	h.signIn()
	h.key("4")
	h.key("f2")
	h.must("PL-1 for SO-1, 1 line")
	h.key("esc")
	h.mustNot("PL-1 for SO-1")
	h.must("Scan PICK LIST")
	h.key("f2")
	h.key("enter")
	h.must("Pick list PL-1")
	for i := 0; i < 5 && !containsAll(h.screen(), "1 Receive"); i++ {
		h.key("esc")
	}
	h.key("5")
	h.key("f2")
	h.must("1 SO-1 (list PL-1)")
	h.key("1")
	h.must("Order SO-1")
}

// TestReturnListsOpenRAs: F2 on Return lists the open return
// authorisations; a number picks one.
func TestReturnListsOpenRAs(t *testing.T) {
	h := newHarness(t, stocked(t), nil)
	h.signIn()
	h.key("6")
	h.must("F2: list open documents")
	h.key("f2")
	h.must("1 open", "1 RA-1 City Hospital (SO-1)")
	h.mustNot("Cannot list")
	h.key("1")
	h.must("Return · RA-1", "RA RA-1 for order SO-1", "1: MED lot L-A ×2")
	h.mustNot("F2: list open documents")
	// Once the RA is chosen F2 lists its lines with what came back.
	h.key("f2")
	h.must("RA-1: 1 line", "1 MED L-A 0/2")
	h.mustNot("1 lines")
}

// TestF2WithoutDocumentsSaysSoOnce: F2 in a workflow that has no
// documents says so in one plain sentence, not as a failure.
func TestF2WithoutDocumentsSaysSoOnce(t *testing.T) {
	h := newHarness(t, stocked(t), nil)
	h.signIn()
	h.key("2")
	h.key("f2")
	h.must("Put-away works without a")
	h.mustNot("Cannot list")
	h.mustNot("✗")
}

// TestReturnOverRAUntracked: a return past what an RA line of an untracked
// product authorises is warned (the catalog counts the RA's returns).
func TestReturnOverRAUntracked(t *testing.T) {
	const gtinBag = "09506000000022" // quantity only
	db := stocked(t)
	if err := db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2",
		Products: []inventory.Product{{GTIN: gtinBag, SKU: "BAG", Name: "Bag", Tracking: inventory.TrackNone, Version: 1}},
		Returns: []inventory.ReturnAuth{
			{ID: "RA-2", SalesOrder: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.RetLine{{Line: 1, GTIN: gtinBag, Qty: 1}}},
		}}); err != nil {
		t.Fatal(err)
	}
	put(t, db, inventory.Event{Kind: inventory.KindReturn, GTIN: gtinBag, Qty: 1, To: "QUAR", Doc: "RA-2", DocLine: 1, Note: "quarantine"})
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("6")
	h.scan("RA-2")
	h.scan("]C101" + gtinBag)
	h.key("enter")
	h.must("RA RA-2 line 1 authorises 1,", "1 already returned")
}

// TestRALines: an RA's lines read with what came back of each, for the F2
// list once the RA is chosen.
func TestRALines(t *testing.T) {
	db := stocked(t)
	put(t, db, inventory.Event{Kind: inventory.KindReturn, GTIN: gtinLot, Lot: "L-A", Qty: 1, To: "QUAR", Doc: "RA-1", DocLine: 1, Note: "quarantine"})
	lines, err := docLines(catalog.New(context.Background(), db), flow.Return, "RA-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].text != "  1 MED L-A 1/2" || lines[0].done {
		t.Fatalf("RA-1 lines = %+v", lines)
	}
}

// TestPalletPutAwayBySSCC: a pallet received under its SSCC label is put
// away by scanning the SSCC alone: the TUI's catalog tells the engine what
// is on it.
func TestPalletPutAwayBySSCC(t *testing.T) {
	const sscc = "095060001343528907"
	db := openDB(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("1")
	h.scan("PO-1")
	h.scan("(00)" + sscc + "(02)" + gtinLot + "(37)12(10)L-P(17)270101")
	h.scan("DOCK1")
	h.must("Received 12")
	h.key("esc")
	h.key("esc")
	h.key("esc")
	h.must("1 Receive")
	h.key("2")
	h.scan("(00)" + sscc)
	h.mustNot("carries no contents")
	h.must("12 units on it", "Scan TO")
	h.scan("A-01")
	if n := stockAt(t, db, "A-01", gtinLot, "L-P"); n != 12 {
		t.Fatalf("L-P at A-01 = %d, want 12:\n%s", n, h.screen())
	}
	if ev := lastEvent(t, db); ev.SSCC != sscc {
		t.Fatalf("put-away SSCC %q, want %q", ev.SSCC, sscc)
	}
}

// TestLookupMarksHubExceptions: Look-up marks an event the hub raised an
// exception on (the TUI's catalog hands the engine the exceptions).
func TestLookupMarksHubExceptions(t *testing.T) {
	db := stocked(t)
	evs, err := db.Events(context.Background(), 0, 0)
	if err != nil || len(evs) == 0 {
		t.Fatal(err)
	}
	ev := evs[0] // the receipt of L-A
	if err := db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2", Exceptions: []inventory.Exception{
		{ID: 1, Code: "recalled_lot_moved", Message: "received a recalled lot", EventID: ev.ID, Seq: ev.Seq, RaisedAt: testStart, Version: 1},
	}}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, nil)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.signIn()
	h.key("8")
	h.scan(scanLA)
	// Floor words on the handheld; the hub's own text stays at the hub.
	h.must("! Hub: lot is recalled. Quarantine the units", "Hub flagged 1 event here")
	h.mustNot("received a recalled lot")
	h.mustNot("exception(s)")
}

// TestLookupLotWithoutStock: Look-up finds lot L-OLD by its code alone
// though nothing of it is on hand (the hub announced it; it expired).
func TestLookupLotWithoutStock(t *testing.T) {
	db := stocked(t)
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("8")
	h.typeSlow("L-OLD")
	h.must("Lot L-OLD expired on", "Lot L-OLD exp 2026-01-31", "EXPIRED")
	h.mustNot("is no item")
}

// TestDateRulesJudgeOnHubTime: a handheld whose clock is a day slow (the
// offset sync learned) judges a lot expiring today at the device as
// expired, because at the hub it is already tomorrow; with a right clock
// the same look-up finds it good.
func TestDateRulesJudgeOnHubTime(t *testing.T) {
	for _, tc := range []struct {
		name    string
		offset  time.Duration // device clock minus the hub's
		expired bool
	}{
		{"clock right", 0, false},
		{"clock a day slow", -24 * time.Hour, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			if err := db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2", Lots: []inventory.Lot{
				{GTIN: gtinLot, Lot: "L-EDGE", Expiry: testStart.Format(time.DateOnly), Status: inventory.LotReleased, Version: 2}}}); err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, db, func(c *Config) { c.ClockOffset = func() time.Duration { return tc.offset } })
			h.signIn()
			h.key("8")
			h.typeSlow("L-EDGE")
			h.must("Lot L-EDGE exp " + testStart.Format(time.DateOnly))
			if tc.expired {
				h.must("Lot L-EDGE expired on", "EXPIRED")
			} else {
				h.mustNot("EXPIRED")
			}
		})
	}
}

// TestShipListsOrdersOfClosedPickLists: the hub closes a pick list once it
// is fully picked; its order still waits to be shipped, so Ship's F2 list
// keeps it while Pick's drops the list, until the order is closed too.
func TestShipListsOrdersOfClosedPickLists(t *testing.T) {
	db := stocked(t)
	ctx := context.Background()
	pl, err := db.PickList(ctx, "PL-1")
	if err != nil {
		t.Fatal(err)
	}
	pl.Status, pl.Version = inventory.DocClosed, pl.Version+1
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "closed-1", PickLists: []inventory.PickList{pl}}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, nil)
	h.signIn()
	h.key("4")
	h.key("f2")
	h.mustNot("PL-1 for SO-1")
	h.key("esc")
	for i := 0; i < 5 && !containsAll(h.screen(), "1 Receive"); i++ {
		h.key("esc")
	}
	h.key("5")
	h.key("f2")
	h.must("1 SO-1 (list PL-1)")
	h.key("1")
	h.must("Order SO-1")

	so, err := db.SalesOrder(ctx, "SO-1")
	if err != nil {
		t.Fatal(err)
	}
	so.Status, so.Version = inventory.DocClosed, so.Version+1
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "closed-2", SalesOrders: []inventory.SalesOrder{so}}); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, db, nil)
	h2.signIn()
	h2.key("5")
	h2.key("f2")
	h2.mustNot("SO-1 (list PL-1)")
}

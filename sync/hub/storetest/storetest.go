// Package storetest is the conformance suite every hub store passes: the
// same tests run against sync/hub/sqlitestore and sync/hub/pgstore so the
// two cannot drift apart.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// Factory creates a fresh, empty database for one test and returns a
// function that opens a new handle (its own connections, as a second hub
// process would have) on that database. The suite closes the handles.
type Factory func(t *testing.T) (open func(t *testing.T) store.Store)

// Run runs the conformance suite.
func Run(t *testing.T, f Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open func(t *testing.T) store.Store)
	}{
		{"Enrolment", testEnrolment},
		{"Reinstate", testReinstate},
		{"QueueReport", testQueueReport},
		{"PushOnce", testPushOnce},
		{"PushGap", testPushGap},
		{"BadEventDoesNotBlock", testBadEvent},
		{"DoorRefusesImpossible", testDoorRefusesImpossible},
		{"UnknownReferences", testUnknownReferences},
		{"SerialShippedTwice", testSerialShippedTwice},
		{"SerialTwoPlaces", testSerialTwoPlaces},
		{"CountedSerials", testCountedSerials},
		{"SerialCountStock", testSerialCountStock},
		{"WriteOffElsewhere", testWriteOffElsewhere},
		{"DocProgress", testDocProgress},
		{"OverReceipt", testOverReceipt},
		{"OverReceiptConcurrent", testOverReceiptConcurrent},
		{"DocClosedWhenDone", testDocClosedWhenDone},
		{"DocClosedConcurrent", testDocClosedConcurrent},
		{"NegativeStock", testNegativeStock},
		{"RecalledLotMoved", testRecalledLotMoved},
		{"BlockedLotOut", testBlockedLotOut},
		{"ShortShelfLife", testShortShelfLife},
		{"ReasonsInChanges", testReasonsInChanges},
		{"ChangeLotStatus", testChangeLotStatus},
		{"RecalledLotMessages", testRecalledLotMessages},
		{"ImportAndChanges", testImportAndChanges},
		{"ChangesPaging", testChangesPaging},
		{"ExceptionsInChanges", testExceptionsInChanges},
		{"EventsFilter", testEventsFilter},
		{"SSCCRoundTrip", testSSCCRoundTrip},
		{"ConcurrentHandles", testConcurrentHandles},
		{"ConcurrentSameIDs", testConcurrentSameIDs},
		{"Console", testConsole},
		{"SiteChanges", testSiteChanges},
	}
	// These count what an import and a pull bring, so they start empty.
	bare := map[string]bool{"ImportAndChanges": true, "ChangesPaging": true}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			open := f(t)
			if !bare[tc.name] {
				layout(t, open(t))
			}
			tc.fn(t, func(t *testing.T) store.Store {
				t.Helper()
				s := open(t)
				t.Cleanup(func() { s.Close() })
				return s
			})
		})
	}
}

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
)

// GTINs with valid check digits.
const (
	gtinPlain  = "09506000134352"
	gtinLot    = "09506000134369"
	gtinSerial = "09506000134376"
)

// layout imports the site's locations every test records at, as a site
// has them before its first scan: an event at a location the hub does not
// hold raises unknown_location (see testUnknownReferences). It closes s.
func layout(t *testing.T, s store.Store) {
	t.Helper()
	defer s.Close()
	var b store.Batch
	for _, c := range []string{"A-01", "A-02", "A-03", "A-1", "B-01", "BIN-A", "BIN-B", "C-01", "D-01", "E-01", "F-01", "STG"} {
		b.Locations = append(b.Locations, inventory.Location{Code: c, Kind: inventory.LocBin, Warehouse: "W1"})
	}
	b.Locations = append(b.Locations, inventory.Location{Code: "DOCK", Kind: inventory.LocDock, Warehouse: "W1"},
		inventory.Location{Code: "STAGE", Kind: inventory.LocStaging, Warehouse: "W1"})
	if _, err := s.Import(ctx, b, t0); err != nil {
		t.Fatalf("import the site's locations: %v", err)
	}
}

// device adds and enrols a device; the token hash is "tok-"+name.
func device(t *testing.T, s store.Store, name string) {
	t.Helper()
	if err := s.AddDevice(ctx, name, "code-"+name, t0.Add(time.Hour), t0); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Enroll(ctx, "code-"+name, "tok-"+name, "1.0", t0); err != nil || got != name {
		t.Fatalf("enroll %s: %q %v", name, got, err)
	}
}

// Ev builds a test event.
func Ev(dev string, seq int64, kind inventory.EventKind, gtin, lot, serial string, qty int64, from, to string) inventory.Event {
	return inventory.Event{ID: fmt.Sprintf("%s-%d", dev, seq), Device: dev, Seq: seq, Operator: "1001", At: t0.Add(time.Duration(seq) * time.Second),
		Kind: kind, GTIN: gtin, Lot: lot, Serial: serial, Qty: qty, From: from, To: to}
}

func push(t *testing.T, s store.Store, dev string, evs ...inventory.Event) wire.PushResponse {
	t.Helper()
	r, err := s.Push(ctx, dev, evs, t0)
	if err != nil {
		t.Fatalf("push %s: %v", dev, err)
	}
	return r
}

func events(t *testing.T, s store.Store, f store.EventFilter) []store.Event {
	t.Helper()
	evs, err := s.Events(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func exceptions(t *testing.T, s store.Store) []inventory.Exception {
	t.Helper()
	xs, err := s.Exceptions(ctx, store.ExceptionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return xs
}

func testEnrolment(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	if err := s.AddDevice(ctx, "t1", "c1", t0.Add(time.Minute), t0); err != nil {
		t.Fatal(err)
	}
	// Re-adding before enrolment replaces the code.
	if err := s.AddDevice(ctx, "t1", "c2", t0.Add(time.Minute), t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enroll(ctx, "c1", "tok", "", t0); !errors.Is(err, store.ErrBadCode) {
		t.Fatalf("replaced code: %v, want ErrBadCode", err)
	}
	if _, err := s.Enroll(ctx, "c2", "tok", "", t0.Add(2*time.Minute)); !errors.Is(err, store.ErrBadCode) {
		t.Fatalf("expired code: %v, want ErrBadCode", err)
	}
	if name, err := s.Enroll(ctx, "c2", "tok", "v1", t0); err != nil || name != "t1" {
		t.Fatalf("enroll: %q %v", name, err)
	}
	if _, err := s.Enroll(ctx, "c2", "tok2", "", t0); !errors.Is(err, store.ErrBadCode) {
		t.Fatalf("second use of a code: %v, want ErrBadCode", err)
	}
	if err := s.AddDevice(ctx, "t1", "c3", t0.Add(time.Minute), t0); !errors.Is(err, store.ErrExists) {
		t.Fatalf("add enrolled device: %v, want ErrExists", err)
	}
	d, err := s.Authenticate(ctx, "tok")
	if err != nil || d.Name != "t1" || d.AppVersion != "v1" || !d.Enrolled {
		t.Fatalf("authenticate: %+v %v", d, err)
	}
	if _, err := s.Authenticate(ctx, "other"); !errors.Is(err, store.ErrUnauthorized) {
		t.Fatalf("unknown token: %v", err)
	}
	if err := s.RevokeDevice(ctx, "t1", t0); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Authenticate(ctx, "tok"); !errors.Is(err, store.ErrRevoked) || d.Name != "t1" {
		t.Fatalf("revoked token: %+v %v", d, err)
	}
	if _, err := s.Push(ctx, "t1", []inventory.Event{Ev("t1", 1, inventory.KindReceive, gtinPlain, "", "", 1, "", "DOCK")}, t0); !errors.Is(err, store.ErrRevoked) {
		t.Fatalf("push revoked: %v", err)
	}
	if err := s.RevokeDevice(ctx, "nobody", t0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoke unknown: %v", err)
	}
	ds, err := s.Devices(ctx)
	if err != nil || len(ds) != 1 || !ds[0].Revoked {
		t.Fatalf("devices: %+v %v", ds, err)
	}
}

func testPushOnce(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	b := []inventory.Event{
		Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 10, "", "DOCK"),
		Ev("t1", 2, inventory.KindMove, gtinLot, "L1", "", 4, "DOCK", "A-01"),
		Ev("t1", 3, inventory.KindMove, gtinLot, "L1", "", 1, "DOCK", "A-02"),
	}
	if r := push(t, s, "t1", b...); r.AckSeq != 3 || r.Expected != 0 || len(r.Rejected) != 0 {
		t.Fatalf("first push: %+v", r)
	}
	// Resending all of it, or an overlapping batch, applies only what is new.
	if r := push(t, s, "t1", b...); r.AckSeq != 3 {
		t.Fatalf("resend: %+v", r)
	}
	more := append(b[1:], Ev("t1", 4, inventory.KindMove, gtinLot, "L1", "", 5, "DOCK", "A-03"))
	if r := push(t, s, "t1", more...); r.AckSeq != 4 || len(r.Rejected) != 0 {
		t.Fatalf("overlap: %+v", r)
	}
	got := events(t, s, store.EventFilter{Device: "t1"})
	if len(got) != 4 {
		t.Fatalf("%d events stored, want 4", len(got))
	}
	for i, e := range got {
		if e.Seq != int64(i+1) || e.ID != fmt.Sprintf("t1-%d", i+1) || e.ReceivedAt.IsZero() || !e.At.Equal(t0.Add(time.Duration(i+1)*time.Second)) {
			t.Fatalf("event %d stored as %+v", i, e)
		}
	}
	// 10 in, 10 moved out of DOCK: exactly 0 left, so no negative-stock
	// exception (which applying seq 2..3 twice would have raised).
	if xs := exceptions(t, s); len(xs) != 0 {
		t.Fatalf("exceptions: %+v", xs)
	}
	d, err := s.Device(ctx, "t1")
	if err != nil || d.AckSeq != 4 {
		t.Fatalf("device: %+v %v", d, err)
	}
	if _, err := s.Push(ctx, "nobody", b, t0); !errors.Is(err, store.ErrUnauthorized) {
		t.Fatalf("unknown device push: %v", err)
	}
}

func testPushGap(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"))
	r := push(t, s, "t1", Ev("t1", 3, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"), Ev("t1", 4, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"))
	if r.AckSeq != 1 || r.Expected != 2 {
		t.Fatalf("gap: %+v, want ack 1 expected 2", r)
	}
	if n := len(events(t, s, store.EventFilter{})); n != 1 {
		t.Fatalf("gap stored something: %d events", n)
	}
	// A hole inside a batch: the contiguous start is applied.
	r = push(t, s, "t1", Ev("t1", 2, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"), Ev("t1", 4, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"))
	if r.AckSeq != 2 {
		t.Fatalf("hole in batch: %+v, want ack 2", r)
	}
	if n := len(events(t, s, store.EventFilter{})); n != 2 {
		t.Fatalf("%d events, want 2", n)
	}
}

func testBadEvent(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	bad := Ev("t1", 2, "teleport", gtinPlain, "", "", 1, "", "DOCK")
	r := push(t, s, "t1",
		Ev("t1", 1, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"),
		bad,
		Ev("t1", 3, inventory.KindMove, gtinPlain, "", "", 5, "DOCK", "A-01"))
	if r.AckSeq != 3 || len(r.Rejected) != 1 || r.Rejected[0].Seq != 2 || r.Rejected[0].Code != "invalid_event" || r.Rejected[0].Exception == 0 {
		t.Fatalf("bad event: %+v", r)
	}
	got := events(t, s, store.EventFilter{})
	if len(got) != 3 || got[1].Kind != "teleport" {
		t.Fatalf("bad event not stored as sent: %+v", got)
	}
	xs := exceptions(t, s)
	if len(xs) != 1 || xs[0].EventID != bad.ID || xs[0].Device != "t1" || xs[0].Seq != 2 {
		t.Fatalf("exceptions: %+v", xs)
	}
	if r := push(t, s, "t1", Ev("t1", 4, inventory.KindMove, gtinPlain, "", "", 5, "A-01", "A-02")); r.AckSeq != 4 || len(r.Rejected) != 0 {
		t.Fatalf("after bad event: %+v", r)
	}
}

func testSerialShippedTwice(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinSerial, "", "S1", 1, "", "DOCK"))
	// Both terminals, offline, ship the same unit.
	if r := push(t, s, "t1", Ev("t1", 2, inventory.KindShip, gtinSerial, "", "S1", 1, "DOCK", "")); len(r.Rejected) != 0 {
		t.Fatalf("first ship rejected: %+v", r)
	}
	r := push(t, s, "t2", Ev("t2", 1, inventory.KindShip, gtinSerial, "", "S1", 1, "DOCK", ""))
	if r.AckSeq != 1 || len(r.Rejected) != 1 || r.Rejected[0].Code != "serial_shipped_twice" {
		t.Fatalf("second ship: %+v", r)
	}
	xs := exceptions(t, s)
	if len(xs) != 1 || xs[0].EventID != "t2-1" || xs[0].OtherEvent != "t1-2" {
		t.Fatalf("exception must name both events: %+v", xs)
	}
	if n := len(events(t, s, store.EventFilter{Serial: "S1"})); n != 3 {
		t.Fatalf("%d events for S1, want all 3 kept", n)
	}
}

func testSerialTwoPlaces(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinSerial, "L1", "S9", 1, "", "DOCK"),
		Ev("t1", 2, inventory.KindMove, gtinSerial, "L1", "S9", 1, "DOCK", "A-01"))
	r := push(t, s, "t2", Ev("t2", 1, inventory.KindMove, gtinSerial, "L1", "S9", 1, "DOCK", "B-01"))
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "serial_location" {
		t.Fatalf("move from a place the serial is not: %+v", r)
	}
	r = push(t, s, "t2", Ev("t2", 2, inventory.KindReceive, gtinSerial, "L1", "S9", 1, "", "DOCK"))
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "serial_duplicate" {
		t.Fatalf("receiving a serial in stock: %+v", r)
	}
	xs := exceptions(t, s)
	if len(xs) != 2 || xs[0].OtherEvent != "t1-2" || xs[1].OtherEvent != "t2-1" {
		t.Fatalf("exceptions: %+v", xs)
	}
}

func testNegativeStock(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 5, "", "A-01"))
	if r := push(t, s, "t1", Ev("t1", 2, inventory.KindPick, gtinLot, "L1", "", 4, "A-01", "STAGE")); len(r.Rejected) != 0 {
		t.Fatalf("pick within stock: %+v", r)
	}
	r := push(t, s, "t2", Ev("t2", 1, inventory.KindPick, gtinLot, "L1", "", 3, "A-01", "STAGE"))
	if len(r.Rejected) != 1 || r.Rejected[0].Code != "negative_stock" {
		t.Fatalf("pick below zero: %+v", r)
	}
	if xs := exceptions(t, s); len(xs) != 1 || xs[0].OtherEvent != "t1-2" {
		t.Fatalf("exception: %+v", xs)
	}
	// A count sets the stock: no exception, and later picks see it.
	push(t, s, "t1", Ev("t1", 3, inventory.KindCount, gtinLot, "L1", "", 7, "", "A-01"))
	if r := push(t, s, "t1", Ev("t1", 4, inventory.KindPick, gtinLot, "L1", "", 7, "A-01", "STAGE")); len(r.Rejected) != 0 {
		t.Fatalf("pick after count: %+v", r)
	}
}

func testRecalledLotMoved(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinLot, "L7", "", 5, "", "A-01"))
	lot, err := s.SetLotStatus(ctx, gtinLot, "L7", inventory.LotRecalled, t0)
	if err != nil || lot.Status != inventory.LotRecalled || lot.Version == 0 {
		t.Fatalf("recall: %+v %v", lot, err)
	}
	r := push(t, s, "t1", Ev("t1", 2, inventory.KindShip, gtinLot, "L7", "", 2, "A-01", ""),
		Ev("t1", 3, inventory.KindCount, gtinLot, "L7", "", 3, "", "A-01"))
	if len(r.Rejected) != 1 || r.Rejected[0].Seq != 2 || r.Rejected[0].Code != "recalled_lot_moved" {
		t.Fatalf("shipping a recalled lot: %+v", r)
	}
	// Moving the recalled lot into quarantine is what the recall asks
	// for; moving it to a dock is still a breach.
	if _, err := s.Import(ctx, store.Batch{Locations: []inventory.Location{{Code: "Q-1", Kind: inventory.LocQuarantine, Warehouse: "W1"},
		{Code: "DOCK", Kind: inventory.LocDock, Warehouse: "W1"}}}, t0); err != nil {
		t.Fatal(err)
	}
	r = push(t, s, "t1", Ev("t1", 4, inventory.KindMove, gtinLot, "L7", "", 1, "A-01", "Q-1"),
		Ev("t1", 5, inventory.KindPutaway, gtinLot, "L7", "", 1, "A-01", "DOCK"))
	if len(r.Rejected) != 1 || r.Rejected[0].Seq != 5 || r.Rejected[0].Code != "recalled_lot_moved" {
		t.Fatalf("recalled lot moved into quarantine, then to a dock: %+v", r)
	}
	if _, err := s.SetLotStatus(ctx, gtinLot, "L7", inventory.LotReleased, t0); err != nil {
		t.Fatal(err)
	}
	if r := push(t, s, "t1", Ev("t1", 6, inventory.KindShip, gtinLot, "L7", "", 1, "A-01", "")); len(r.Rejected) != 0 {
		t.Fatalf("released lot: %+v", r)
	}
}

func demoBatch() store.Batch {
	return store.Batch{
		Operators: []inventory.Operator{{ID: "1001", Name: "Ana", Badge: "OP1001", PINHash: inventory.PINHash("1001", "1234"), Active: true}},
		Products: []inventory.Product{
			{GTIN: gtinPlain, SKU: "P1", Name: "Plain", Tracking: inventory.TrackNone},
			{GTIN: gtinLot, SKU: "P2", Name: "Lotted", Tracking: inventory.TrackLot, ExpiryRequired: true},
		},
		Locations:      []inventory.Location{{Code: "DOCK", Kind: inventory.LocDock, Warehouse: "W1"}},
		Lots:           []inventory.Lot{{GTIN: gtinLot, Lot: "L1", Expiry: "2027-01-31", Status: inventory.LotReleased}},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO1", Supplier: "ACME", Status: inventory.DocOpen, Lines: []inventory.POLine{{Line: 1, GTIN: gtinLot, Qty: 10}}}},
		PickLists:      []inventory.PickList{{ID: "PL1", SalesOrder: "SO1", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gtinLot, Qty: 2}}}},
		SalesOrders:    []inventory.SalesOrder{{ID: "SO1", Customer: "Shop", Status: inventory.DocOpen, Lines: []inventory.SOLine{{Line: 1, GTIN: gtinLot, Qty: 2}}}},
		Returns:        []inventory.ReturnAuth{{ID: "RA1", SalesOrder: "SO1", Customer: "Shop", Status: inventory.DocOpen, Lines: []inventory.RetLine{{Line: 1, GTIN: gtinLot, Qty: 1}}}},
	}
}

func pullAll(t *testing.T, s store.Store, dev, since string, limit int) (wire.Changes, string) {
	t.Helper()
	var all wire.Changes
	for i := 0; ; i++ {
		ch, err := s.Changes(ctx, dev, since, limit)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Cursor == "" {
			t.Fatal("empty cursor")
		}
		if since != "" {
			a, _ := strconv.ParseInt(since, 10, 64)
			b, _ := strconv.ParseInt(ch.Cursor, 10, 64)
			if b < a {
				t.Fatalf("cursor went back from %s to %s", since, ch.Cursor)
			}
		}
		all.Operators = append(all.Operators, ch.Operators...)
		all.Products = append(all.Products, ch.Products...)
		all.Locations = append(all.Locations, ch.Locations...)
		all.Lots = append(all.Lots, ch.Lots...)
		all.PurchaseOrders = append(all.PurchaseOrders, ch.PurchaseOrders...)
		all.PickLists = append(all.PickLists, ch.PickLists...)
		all.SalesOrders = append(all.SalesOrders, ch.SalesOrders...)
		all.Returns = append(all.Returns, ch.Returns...)
		all.Reasons = append(all.Reasons, ch.Reasons...)
		all.Exceptions = append(all.Exceptions, ch.Exceptions...)
		all.Progress = append(all.Progress, ch.Progress...)
		all.Stock = append(all.Stock, ch.Stock...)
		all.Serials = append(all.Serials, ch.Serials...)
		since = ch.Cursor
		if !ch.More {
			return all, since
		}
		if i > 10000 {
			t.Fatal("changes never end")
		}
	}
}

func testImportAndChanges(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	b := demoBatch()
	res, err := s.Import(ctx, b, t0)
	if err != nil || res.Inserted != b.Len() || res.Updated != 0 {
		t.Fatalf("import: %+v %v", res, err)
	}
	ch, cur := pullAll(t, s, "t1", "", 100)
	if len(ch.Operators) != 1 || len(ch.Products) != 2 || len(ch.Locations) != 1 || len(ch.Lots) != 1 ||
		len(ch.PurchaseOrders) != 1 || len(ch.PickLists) != 1 || len(ch.SalesOrders) != 1 || len(ch.Returns) != 1 {
		t.Fatalf("changes: %+v", ch)
	}
	if ch.PurchaseOrders[0].Lines[0].Qty != 10 || ch.Operators[0].PINHash != inventory.PINHash("1001", "1234") || ch.Products[0].Version == 0 {
		t.Fatalf("records changed in transit: %+v", ch)
	}
	// Importing the same again changes nothing and hands out nothing.
	res, err = s.Import(ctx, b, t0)
	if err != nil || res.Unchanged != b.Len() {
		t.Fatalf("reimport: %+v %v", res, err)
	}
	if ch, _ := pullAll(t, s, "t1", cur, 100); len(ch.Products)+len(ch.Lots)+len(ch.PurchaseOrders) != 0 {
		t.Fatalf("reimport produced changes: %+v", ch)
	}
	// A changed record comes again with a higher version.
	old := ch.Products[0].Version
	b.Products[0].Name = "Renamed"
	res, err = s.Import(ctx, store.Batch{Products: b.Products[:1]}, t0)
	if err != nil || res.Updated != 1 {
		t.Fatalf("update: %+v %v", res, err)
	}
	ch2, cur2 := pullAll(t, s, "t1", cur, 100)
	if len(ch2.Products) != 1 || ch2.Products[0].Name != "Renamed" || ch2.Products[0].Version <= old {
		t.Fatalf("update changes: %+v", ch2)
	}
	// A recall reaches terminals through changes.
	if _, err := s.SetLotStatus(ctx, gtinLot, "L1", inventory.LotRecalled, t0); err != nil {
		t.Fatal(err)
	}
	ch3, _ := pullAll(t, s, "t1", cur2, 100)
	if len(ch3.Lots) != 1 || ch3.Lots[0].Status != inventory.LotRecalled || ch3.Lots[0].Expiry != "2027-01-31" {
		t.Fatalf("recall changes: %+v", ch3)
	}
	if _, err := s.Changes(ctx, "t1", "x1", 10); !errors.Is(err, store.ErrBadCursor) {
		t.Fatalf("bad cursor: %v", err)
	}
	m, err := s.Master(ctx)
	if err != nil || m.Len() != b.Len() {
		t.Fatalf("master: %d %v", m.Len(), err)
	}
}

func testChangesPaging(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	var b store.Batch
	for i := range 25 {
		b.Locations = append(b.Locations, inventory.Location{Code: fmt.Sprintf("BIN-%02d", i), Kind: inventory.LocBin, Warehouse: "W1"})
	}
	if _, err := s.Import(ctx, b, t0); err != nil {
		t.Fatal(err)
	}
	ch, err := s.Changes(ctx, "t1", "", 10)
	if err != nil || len(ch.Locations) != 10 || !ch.More {
		t.Fatalf("first page: %d more=%v %v", len(ch.Locations), ch.More, err)
	}
	all, _ := pullAll(t, s, "t1", "", 10)
	seen := map[string]bool{}
	for _, l := range all.Locations {
		if seen[l.Code] {
			t.Fatalf("location %s twice", l.Code)
		}
		seen[l.Code] = true
	}
	if len(seen) != 25 {
		t.Fatalf("paged %d locations, want 25", len(seen))
	}
}

func testExceptionsInChanges(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	_, cur1 := pullAll(t, s, "t1", "", 100)
	_, cur2 := pullAll(t, s, "t2", "", 100)
	push(t, s, "t1", Ev("t1", 1, inventory.KindShip, gtinPlain, "", "", 1, "A-01", ""))
	ch, cur1b := pullAll(t, s, "t1", cur1, 100)
	if len(ch.Exceptions) != 1 || ch.Exceptions[0].Code != "negative_stock" || ch.Exceptions[0].Resolved {
		t.Fatalf("t1 exceptions: %+v", ch.Exceptions)
	}
	if ch, _ := pullAll(t, s, "t2", cur2, 100); len(ch.Exceptions) != 0 {
		t.Fatalf("t2 sees t1's exception: %+v", ch.Exceptions)
	}
	x, err := s.ResolveException(ctx, ch.Exceptions[0].ID, "counted, fine", t0)
	if err != nil || !x.Resolved || x.Note != "counted, fine" {
		t.Fatalf("resolve: %+v %v", x, err)
	}
	ch, _ = pullAll(t, s, "t1", cur1b, 100)
	if len(ch.Exceptions) != 1 || !ch.Exceptions[0].Resolved {
		t.Fatalf("resolution not pulled: %+v", ch.Exceptions)
	}
	if _, err := s.ResolveException(ctx, 999, "x", t0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("resolve unknown: %v", err)
	}
	if xs, err := s.Exceptions(ctx, store.ExceptionFilter{Unresolved: true}); err != nil || len(xs) != 0 {
		t.Fatalf("unresolved: %+v %v", xs, err)
	}
}

func testEventsFilter(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	device(t, s, "t2")
	push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 5, "", "DOCK"), Ev("t1", 2, inventory.KindReceive, gtinLot, "L2", "", 5, "", "DOCK"))
	e3 := Ev("t2", 1, inventory.KindReceive, gtinSerial, "L1", "S1", 1, "", "DOCK")
	e3.Flags, e3.Raw, e3.Doc, e3.DocLine, e3.Expiry = []string{"negative_stock"}, "\x1d0109506000134376", "PO1", 2, "2027-01-31"
	push(t, s, "t2", e3)
	if n := len(events(t, s, store.EventFilter{Lot: "L1"})); n != 2 {
		t.Fatalf("lot L1: %d", n)
	}
	if n := len(events(t, s, store.EventFilter{Lot: "L1", GTIN: gtinLot})); n != 1 {
		t.Fatalf("lot L1 of gtinLot: %d", n)
	}
	got := events(t, s, store.EventFilter{Serial: "S1"})
	if len(got) != 1 || got[0].Raw != e3.Raw || got[0].Flags[0] != "negative_stock" || got[0].DocLine != 2 || got[0].Expiry != "2027-01-31" {
		t.Fatalf("serial S1: %+v", got)
	}
	all := events(t, s, store.EventFilter{})
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].HubID < all[j].HubID }) {
		t.Fatal("events not in hub order")
	}
	if n := len(events(t, s, store.EventFilter{AfterID: all[0].HubID, Limit: 1})); n != 1 {
		t.Fatalf("after+limit: %d", n)
	}
	if n := len(events(t, s, store.EventFilter{Since: t0.Add(time.Second)})); n != 0 {
		t.Fatalf("since after all: %d", n)
	}
}

// testConcurrentHandles pushes the same batches at once through two handles
// (as two hub processes would) and many goroutines: each (device, seq) must
// be applied exactly once, projections included.
func testConcurrentHandles(t *testing.T, open func(t *testing.T) store.Store) {
	a, b := open(t), open(t)
	const devices, batches, size = 4, 5, 20
	for d := range devices {
		device(t, a, fmt.Sprintf("d%d", d))
	}
	var wg sync.WaitGroup
	errc := make(chan error, devices*4)
	for d := range devices {
		name := fmt.Sprintf("d%d", d)
		for w := range 4 {
			st := a
			if w%2 == 1 {
				st = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range batches {
					var evs []inventory.Event
					for i := range size {
						seq := int64(k*size + i + 1)
						// Every device receives into the same location, so
						// pushes of different devices contend for one row.
						evs = append(evs, Ev(name, seq, inventory.KindReceive, gtinLot, "L1", "", 1, "", "DOCK"))
					}
					for {
						r, err := st.Push(ctx, name, evs, t0)
						if err != nil {
							errc <- err
							return
						}
						if r.Expected == 0 {
							break
						}
						// Another worker has not pushed the earlier batch yet.
						time.Sleep(time.Millisecond)
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	got := events(t, a, store.EventFilter{})
	if len(got) != devices*batches*size {
		t.Fatalf("%d events stored, want %d", len(got), devices*batches*size)
	}
	// The stock row must count each event once: a count of the exact
	// total raises nothing, and one more pick than that goes negative.
	device(t, a, "checker")
	total := int64(devices * batches * size)
	r := push(t, b, "checker", Ev("checker", 1, inventory.KindPick, gtinLot, "L1", "", total, "DOCK", "STAGE"))
	if len(r.Rejected) != 0 {
		t.Fatalf("stock short of %d: %+v", total, r)
	}
	r = push(t, b, "checker", Ev("checker", 2, inventory.KindPick, gtinLot, "L1", "", 1, "DOCK", "STAGE"))
	if len(r.Rejected) != 1 {
		t.Fatalf("stock above %d: %+v", total, r)
	}
	for d := range devices {
		dv, err := b.Device(ctx, fmt.Sprintf("d%d", d))
		if err != nil || dv.AckSeq != batches*size {
			t.Fatalf("device d%d: %+v %v", d, dv, err)
		}
	}
}

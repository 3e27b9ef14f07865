package hub_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// TestLotSummaryAgreesWithTrace: the summary the console's lot pages and
// the recall impact read (aggregate queries) says what the full trace
// says: per document, the receipts, shipments and returns; the number of
// events and the latest ones; the exceptions; and stock as the hub's stock
// projection holds it. On both stores, for a lot of two products.
func TestLotSummaryAgreesWithTrace(t *testing.T) {
	for name, dsn := range stores {
		t.Run(name, func(t *testing.T) { testLotSummaryAgreesWithTrace(t, dsn(t)) })
	}
}

func testLotSummaryAgreesWithTrace(t *testing.T, dsn string) {
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	if _, err := hub.LoadDemo(ctx, st, t0); err != nil {
		t.Fatal(err)
	}
	if err := st.AddDevice(ctx, "d1", "code-d1", t0.Add(time.Hour), t0); err != nil {
		t.Fatal(err)
	}
	var evs []inventory.Event
	add := func(e inventory.Event) {
		e.ID, e.Device, e.Seq, e.Operator = fmt.Sprintf("ls-%d", len(evs)+1), "d1", int64(len(evs)+1), "1001"
		e.At = t0.Add(time.Duration(len(evs)) * time.Minute)
		evs = append(evs, e)
	}
	for i := range 30 {
		add(inventory.Event{Kind: inventory.KindReceive, GTIN: hub.DemoGTINLot, Lot: "LS-1", Expiry: "2027-06-30", Qty: 2, To: "DOCK-1", Doc: "PO-1001", DocLine: 1})
		add(inventory.Event{Kind: inventory.KindPutaway, GTIN: hub.DemoGTINLot, Lot: "LS-1", Qty: 2, From: "DOCK-1", To: "A-01"})
		if i%3 == 0 {
			add(inventory.Event{Kind: inventory.KindPick, GTIN: hub.DemoGTINLot, Lot: "LS-1", Qty: 2, From: "A-01", To: "STG-1", Doc: "PL-5001", DocLine: 1})
			add(inventory.Event{Kind: inventory.KindShip, GTIN: hub.DemoGTINLot, Lot: "LS-1", Qty: 2, From: "STG-1", Doc: "SO-5001", DocLine: 1})
		}
	}
	add(inventory.Event{Kind: inventory.KindReturn, GTIN: hub.DemoGTINLot, Lot: "LS-1", Qty: 1, To: "Q-1", Doc: "RA-9001", DocLine: 1})
	add(inventory.Event{Kind: inventory.KindShip, GTIN: hub.DemoGTINLot, Lot: "LS-1", Qty: 1, From: "A-01", Doc: "SO-4001", DocLine: 1})
	add(inventory.Event{Kind: inventory.KindMove, GTIN: hub.DemoGTINLot, Lot: "LS-1", Qty: 500, From: "B-01", To: "B-02"}) // negative stock: an exception
	add(inventory.Event{Kind: inventory.KindReceive, GTIN: hub.DemoGTINSerial, Lot: "LS-1", Serial: "LS-SN-1", Qty: 1, To: "DOCK-1", Doc: "PO-1001", DocLine: 2})
	if _, err := st.Push(ctx, "d1", evs, t0); err != nil {
		t.Fatal(err)
	}
	ts, err := hub.TraceLot(ctx, st, "", "LS-1")
	if err != nil {
		t.Fatal(err)
	}
	ss, err := st.LotSummary(ctx, "", "LS-1", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != len(ts) || len(ss) != 2 {
		t.Fatalf("%d summaries, %d traces; want one per product, 2", len(ss), len(ts))
	}
	for i, s := range ss {
		tr := ts[i]
		if s.GTIN != tr.GTIN || s.Events != len(tr.Events) {
			t.Fatalf("product %s: %d events summed, trace %s has %d", s.GTIN, s.Events, tr.GTIN, len(tr.Events))
		}
		want := map[string]int64{}
		for _, r := range tr.Receipts {
			want["receive "+r.Event.Doc] += r.Event.Qty
		}
		for _, sh := range tr.Shipments {
			want["ship "+sh.Event.Doc] += sh.Event.Qty
		}
		for _, r := range tr.Returns {
			want["return "+r.Event.Doc] += r.Event.Qty
		}
		got := map[string]int64{}
		for _, d := range s.Docs {
			got[string(d.Kind)+" "+d.Doc] += d.Qty
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("product %s documents: summary %v, trace %v", s.GTIN, got, want)
		}
		n := min(5, len(tr.Events))
		if len(s.Latest) != n {
			t.Fatalf("product %s: %d latest events, want %d", s.GTIN, len(s.Latest), n)
		}
		for j, e := range s.Latest {
			if e.ID != tr.Events[len(tr.Events)-n+j].ID {
				t.Errorf("product %s latest %d: %s, trace %s", s.GTIN, j, e.ID, tr.Events[len(tr.Events)-n+j].ID)
			}
		}
		if len(s.Exceptions) != len(tr.Exceptions) {
			t.Errorf("product %s: %d exceptions summed, trace %d", s.GTIN, len(s.Exceptions), len(tr.Exceptions))
		}
		rows, err := st.Stock(ctx, store.StockFilter{GTINs: []string{s.GTIN}, Lot: "LS-1"})
		if err != nil {
			t.Fatal(err)
		}
		stock := map[string]int64{}
		for _, r := range rows {
			if r.Qty != 0 {
				stock[r.Location] += r.Qty
			}
		}
		now := map[string]int64{}
		for _, n := range s.Now {
			now[n.Location] = n.Qty
		}
		if fmt.Sprint(now) != fmt.Sprint(stock) {
			t.Errorf("product %s now: summary %v, stock %v", s.GTIN, now, stock)
		}
	}
	if len(ss[0].Exceptions)+len(ss[1].Exceptions) == 0 {
		t.Error("the move of 500 from B-01 raised no exception: the test proves nothing about them")
	}
	imp, err := hub.ImpactOfLot(ctx, st, hub.DemoGTINLot, "LS-1")
	if err != nil {
		t.Fatal(err)
	}
	if imp.ShippedTotal != 21 || len(imp.Shipped) != 2 || imp.Shipped[1].Order != "SO-5001" || imp.Shipped[1].Customer != "City Hospital" || imp.Returned != 1 {
		t.Fatalf("impact %+v: want 21 shipped on SO-4001 and SO-5001 (City Hospital), 1 returned", imp)
	}
}

package localdb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/scanterm/scanterm/inventory"
)

func TestAppendFillsAndStores(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	d := receive(gtinLot, "L-A", "", "2027-03-31", 12, "DOCK1")
	d.Operator = "op1"
	d.Raw = "]d2010950600013435217270331" + "\x1d" + "10L-A"
	d.Note = "pallet 3"
	ev, err := db.Append(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Seq != 1 || ev.Device != "term-1" || len(ev.ID) != 36 || !ev.At.Equal(testNow) {
		t.Fatalf("filled fields wrong: %+v", ev)
	}
	evs, err := db.Events(ctx, 0, 10)
	if err != nil || len(evs) != 1 {
		t.Fatalf("%v %d", err, len(evs))
	}
	got := evs[0]
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", ev) {
		t.Errorf("stored event differs:\n got %+v\nwant %+v", got, ev)
	}
	if got.Raw != d.Raw {
		t.Errorf("raw data not kept byte for byte: %q", got.Raw)
	}
	n, oldest, err := db.OutboxStats(ctx)
	if err != nil || n != 1 || !oldest.Equal(testNow) {
		t.Errorf("outbox: %d %v %v", n, oldest, err)
	}
	st, err := db.LotState(ctx, gtinLot, "L-A")
	if err != nil || st.OnHand != 12 || st.Expiry != "2027-03-31" || st.Status != inventory.LotReleased || st.Version != 0 {
		t.Errorf("lot state: %+v %v", st, err)
	}
}

func TestSeqGaplessAcrossRefusals(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	for i := 1; i <= 5; i++ {
		ev := mustAppend(t, db, receive(gtinNone, "", "", "", 1, "DOCK1"))
		if ev.Seq != int64(2*i-1) {
			t.Fatalf("seq = %d, want %d", ev.Seq, 2*i-1)
		}
		if _, err := db.Append(ctx, receive(gtinLot, "", "", "", 1, "DOCK1")); err == nil {
			t.Fatal("expected refusal")
		}
		ev = mustAppend(t, db, move(inventory.KindMove, gtinNone, "", "", 1, "DOCK1", "A-01"))
		if ev.Seq != int64(2*i) {
			t.Fatalf("seq = %d, want %d", ev.Seq, 2*i)
		}
	}
}

func TestConcurrentAppendsStayGapless(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				if _, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinNone, Qty: 1, To: "DOCK1"}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	evs, _ := db.Events(ctx, 0, 1000)
	if len(evs) != 100 {
		t.Fatalf("%d events", len(evs))
	}
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Fatalf("gap at %d: seq %d", i+1, ev.Seq)
		}
	}
	rows, _ := db.Stock(ctx, StockFilter{Location: "DOCK1"})
	if len(rows) != 1 || rows[0].Qty != 100 {
		t.Errorf("stock = %+v", rows)
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinNone, "", "", "", 1, "DOCK1"))
	for _, q := range []string{"UPDATE events SET qty = 5", "DELETE FROM events"} {
		_, err := db.sql.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", q, err)
		}
	}
}

// TestInterruptedAppendLeavesNothing fails an append after each of its
// steps and checks that no event, outbox row or projection change is left.
func TestInterruptedAppendLeavesNothing(t *testing.T) {
	for _, step := range []string{"event", "outbox", "projection"} {
		t.Run(step, func(t *testing.T) {
			ctx := context.Background()
			db := openTest(t, Options{})
			mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-03-31", 10, "DOCK1"))
			before := snapshot(t, db)
			db.failAt = step
			_, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.KindPutaway, GTIN: gtinLot, Lot: "L-A", Qty: 4, From: "DOCK1", To: "A-01"})
			if err == nil || !strings.Contains(err.Error(), "interrupted") {
				t.Fatalf("err = %v", err)
			}
			_, err = db.AppendBatch(ctx, []inventory.Event{
				{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "DOCK1"},
				{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S2", Qty: 1, To: "DOCK1"},
			})
			if err == nil {
				t.Fatal("batch not interrupted")
			}
			db.failAt = ""
			if after := snapshot(t, db); after != before {
				t.Errorf("partial write left behind:\n%s\nvs\n%s", before, after)
			}
			evs, _ := db.Events(ctx, 0, 100)
			if len(evs) != 1 {
				t.Errorf("%d events, want 1", len(evs))
			}
			if n, _, err := db.OutboxStats(ctx); err != nil || n != 1 {
				t.Errorf("outbox %d, want 1 (err %v)", n, err)
			}
			if ev := mustAppend(t, db, receive(gtinNone, "", "", "", 1, "DOCK1")); ev.Seq != 2 {
				t.Errorf("next seq = %d, want 2", ev.Seq)
			}
		})
	}
}

func TestAppendBatchAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	drafts := []inventory.Event{
		{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "DOCK1", Doc: "PO-1", DocLine: 2},
		{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S2", Qty: 1, To: "DOCK1", Doc: "PO-1", DocLine: 2},
		{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "DOCK1", Doc: "PO-1", DocLine: 2}, // duplicate
	}
	_, err := db.AppendBatch(ctx, drafts)
	if !errors.Is(err, ErrSerialInStock) || !strings.Contains(err.Error(), "unit 3 of 3") {
		t.Fatalf("err = %v", err)
	}
	if evs, err := db.Events(ctx, 0, 10); err != nil || len(evs) != 0 {
		t.Fatalf("partial batch stored: %d events (err %v)", len(evs), err)
	}
	evs, err := db.AppendBatch(ctx, drafts[:2])
	if err != nil || len(evs) != 2 || evs[0].Seq != 1 || evs[1].Seq != 2 || evs[0].ID == evs[1].ID {
		t.Fatalf("%v %+v", err, evs)
	}
	got, _ := db.Received(ctx, "PO-1")
	if got[2] != 2 {
		t.Errorf("received = %v", got)
	}
	if evs, err := db.AppendBatch(ctx, nil); err != nil || evs != nil {
		t.Errorf("empty batch: %v %v", evs, err)
	}
}

func TestAppendHonoursContext(t *testing.T) {
	db := openTest(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.Append(ctx, receive(gtinNone, "", "", "", 1, "DOCK1")); err == nil {
		t.Fatal("append with a cancelled context succeeded")
	}
	if evs, err := db.Events(context.Background(), 0, 10); err != nil || len(evs) != 0 {
		t.Fatalf("event stored despite cancelled context (err %v)", err)
	}
}

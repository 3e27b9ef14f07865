package client_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// siteMaster adds to masterData what the site tests need: a second
// warehouse and a bin there.
func siteMaster(h *testHub) {
	h.tb.Helper()
	b := masterData
	b.Locations = []inventory.Location{{Code: "B-01", Kind: inventory.LocBin, Warehouse: "W2"}}
	b.Products = nil
	if _, err := h.store().Import(context.Background(), b, time.Now()); err != nil {
		h.tb.Fatal(err)
	}
}

// storyOrder imports the sales order and pick list TestSiteTwoTerminals
// picks and ships on.
func storyOrder(h *testHub) {
	h.tb.Helper()
	var b hub.Batch
	b.SalesOrders = []inventory.SalesOrder{{ID: "SO-9", Customer: "Clinic", Status: inventory.DocOpen,
		Lines: []inventory.SOLine{{Line: 1, GTIN: gtinBox, Qty: 4}, {Line: 2, GTIN: gtinPump, Qty: 1}}}}
	b.PickLists = []inventory.PickList{{ID: "PL-9", SalesOrder: "SO-9", Status: inventory.DocOpen,
		Lines: []inventory.PickLine{{Line: 1, GTIN: gtinBox, Qty: 4}, {Line: 2, GTIN: gtinPump, Qty: 1}}}}
	if _, err := h.store().Import(context.Background(), b, time.Now()); err != nil {
		h.tb.Fatal(err)
	}
}

// view is what a terminal's rules read: stock per product, lot and place
// (rows above zero) and each unit's status and place.
type view struct {
	Stock   map[[3]string]int64
	Serials map[string]string // serial -> "status@location"
}

func viewOf(t *testing.T, tm *terminal, serials ...string) view {
	t.Helper()
	ctx := context.Background()
	rows, err := tm.db.Stock(ctx, localdb.StockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	v := view{Stock: map[[3]string]int64{}, Serials: map[string]string{}}
	for _, r := range rows {
		v.Stock[[3]string{r.GTIN, r.Lot, r.Location}] = r.Qty
	}
	for _, s := range serials {
		st, err := tm.db.Serial(ctx, gtinPump, s)
		if err == nil {
			v.Serials[s] = string(st.Status) + "@" + st.Location
		}
	}
	return v
}

// checkOnce is the exactly-once invariant, checked after every step: the
// view the terminal kept step by step is the one built from scratch (the
// replica plus its own events after the included seq), and it holds the
// units the floor holds (want, by place; every other place empty): none
// counted twice, none lost.
func checkOnce(t *testing.T, step string, tm *terminal, want map[[3]string]int64, serials ...string) {
	t.Helper()
	ctx := context.Background()
	before := viewOf(t, tm, serials...)
	if err := tm.db.Rebuild(ctx); err != nil {
		t.Fatalf("%s: rebuild: %v", step, err)
	}
	if after := viewOf(t, tm, serials...); !reflect.DeepEqual(before, after) {
		t.Fatalf("%s: %s's view kept step by step\n%v\ndiffers from the one built from scratch\n%v", step, tm.enr.Device, before, after)
	}
	for k, q := range want {
		if q == 0 {
			delete(want, k)
		}
	}
	if !reflect.DeepEqual(before.Stock, want) {
		t.Fatalf("%s: %s sees stock\n%v\nthe floor holds\n%v", step, tm.enr.Device, before.Stock, want)
	}
}

func (tm *terminal) do(t *testing.T, drafts ...inventory.Event) []inventory.Event {
	t.Helper()
	for i := range drafts {
		drafts[i].Operator = "op1"
		if drafts[i].Qty == 0 {
			drafts[i].Qty = 1
		}
	}
	evs, err := tm.db.AppendBatch(context.Background(), drafts)
	if err != nil {
		t.Fatalf("%s: %v", tm.enr.Device, err)
	}
	return evs
}

func (tm *terminal) sync(t *testing.T) client.Report {
	t.Helper()
	c := client.New(tm.db, tm.enr, client.Options{})
	defer c.Close()
	rep, err := c.SyncOnce(context.Background())
	if err != nil {
		t.Fatalf("sync %s: %v", tm.enr.Device, err)
	}
	return rep
}

func (tm *terminal) push(t *testing.T) {
	t.Helper()
	c := client.New(tm.db, tm.enr, client.Options{})
	defer c.Close()
	if _, err := c.Push(context.Background()); err != nil {
		t.Fatalf("push %s: %v", tm.enr.Device, err)
	}
}

// pullOnly applies every page of changes straight from the hub's store,
// as a pull does, without pushing first: the state after a push reached
// the hub but its answer (the ack) was lost.
func (tm *terminal) pullOnly(t *testing.T, h *testHub) {
	t.Helper()
	ctx := context.Background()
	for {
		cur, err := tm.db.Cursor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := h.store().Changes(ctx, tm.enr.Device, cur, 7, tm.enr.Warehouses...)
		if err != nil {
			t.Fatal(err)
		}
		if err := tm.db.ApplyChanges(ctx, ch); err != nil {
			t.Fatal(err)
		}
		if !ch.More {
			return
		}
	}
}

// restart closes the terminal's database and opens it again, as after a
// kill -9 and a restart (every step commits or leaves nothing).
func (tm *terminal) restart(t *testing.T) {
	t.Helper()
	tm.db.Close()
	db, err := localdb.Open(context.Background(), tm.db.Path(), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tm.db = db
}

// TestSiteTwoTerminals is the story of one warehouse and many terminals:
// the dock terminal receives and syncs; the handheld pulls, puts away,
// picks and ships those goods; a third terminal takes back a shipped unit
// and finds the shipment. The exactly-once invariant is checked on every
// terminal after every step, including between push, ack and pull.
func TestSiteTwoTerminals(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) {
			h := startHub(t, dsn(t))
			storyOrder(h)
			dock := newTerminal(t, h, h.url(), "dock", localdb.Options{})
			hand := newTerminal(t, h, h.url(), "hand", localdb.Options{})
			box := func(loc string) [3]string { return [3]string{gtinBox, "", loc} }
			pump := func(loc string) [3]string { return [3]string{gtinPump, "", loc} }
			floor := map[[3]string]int64{}
			check := func(step string, tms ...*terminal) {
				t.Helper()
				for _, tm := range tms {
					checkOnce(t, step, tm, clone(floor), "P1", "P2")
				}
			}

			dock.do(t, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinBox, Qty: 10, To: "DOCK1"},
				inventory.Event{Kind: inventory.KindReceive, GTIN: gtinPump, Serial: "P1", To: "DOCK1"},
				inventory.Event{Kind: inventory.KindReceive, GTIN: gtinPump, Serial: "P2", To: "DOCK1"})
			floor[box("DOCK1")], floor[pump("DOCK1")] = 10, 2
			check("dock received", dock)
			dock.push(t)
			check("dock pushed, not pulled", dock)
			dock.sync(t)
			check("dock synced", dock)

			hand.sync(t)
			check("handheld pulled", hand)
			hand.do(t, inventory.Event{Kind: inventory.KindPutaway, GTIN: gtinBox, Qty: 10, From: "DOCK1", To: "A-01"},
				inventory.Event{Kind: inventory.KindPutaway, GTIN: gtinPump, Serial: "P1", From: "DOCK1", To: "A-01"})
			floor[box("DOCK1")], floor[box("A-01")] = 0, 10
			floor[pump("DOCK1")], floor[pump("A-01")] = 1, 1
			check("handheld put away", hand)
			// The push reaches the hub, its answer is lost (ack not
			// recorded), the terminal dies; after a restart it pulls.
			for _, e := range hand.ledger() {
				if _, err := h.store().Push(context.Background(), "hand", []inventory.Event{e}, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			hand.restart(t)
			check("handheld pushed, ack lost, restarted", hand)
			hand.pullOnly(t, h)
			check("handheld pulled before the ack", hand)
			hand.sync(t) // now the ack
			check("handheld acked", hand)

			hand.do(t, inventory.Event{Kind: inventory.KindPick, GTIN: gtinBox, Qty: 4, From: "A-01", To: "A-02", Doc: "PL-9"},
				inventory.Event{Kind: inventory.KindPick, GTIN: gtinPump, Serial: "P1", From: "A-01", To: "A-02", Doc: "PL-9"})
			floor[box("A-01")], floor[box("A-02")], floor[pump("A-01")], floor[pump("A-02")] = 6, 4, 0, 1
			check("handheld picked", hand)
			hand.do(t, inventory.Event{Kind: inventory.KindShip, GTIN: gtinBox, Qty: 4, From: "A-02", Doc: "SO-9"},
				inventory.Event{Kind: inventory.KindShip, GTIN: gtinPump, Serial: "P1", From: "A-02", Doc: "SO-9"})
			floor[box("A-02")], floor[pump("A-02")] = 0, 0
			check("handheld shipped", hand)
			hand.push(t)
			check("handheld pushed", hand)
			dock.sync(t)
			check("dock sees the handheld's work", dock)
			hand.sync(t)
			check("handheld synced", hand, dock)
			if reflect.DeepEqual(viewOf(t, dock, "P1", "P2"), view{}) || !reflect.DeepEqual(viewOf(t, dock, "P1", "P2"), viewOf(t, hand, "P1", "P2")) {
				t.Fatalf("views differ after sync:\ndock %v\nhand %v", viewOf(t, dock, "P1", "P2"), viewOf(t, hand, "P1", "P2"))
			}

			// A third terminal takes P1 back and finds the shipment the
			// handheld made.
			ret := newTerminal(t, h, h.url(), "returns", localdb.Options{})
			check("returns terminal enrolled", ret)
			hist, err := ret.db.SerialHistory(context.Background(), gtinPump, "P1")
			if err != nil || len(hist) == 0 {
				t.Fatalf("history of P1 on the returns terminal: %v %v", hist, err)
			}
			if last := hist[len(hist)-1]; last.Kind != inventory.KindShip || last.Doc != "SO-9" || last.Device != "hand" {
				t.Fatalf("the returns terminal does not see P1's shipment: %+v", last)
			}
			ret.do(t, inventory.Event{Kind: inventory.KindReturn, GTIN: gtinPump, Serial: "P1", To: "DOCK1"})
			floor[pump("DOCK1")] = 2
			check("returned", ret)
			ret.sync(t)
			dock.sync(t)
			hand.sync(t)
			check("all synced", ret, dock, hand)
			if xs, err := h.store().Exceptions(context.Background(), hub.ExceptionFilter{}); err != nil || len(xs) != 0 {
				t.Fatalf("the story raised exceptions: %+v (%v)", xs, err)
			}
		})
	}
}

// TestSiteOfflineConflict: two terminals pick the same unit while both
// are offline. Both events are kept, the hub raises one exception, and
// both views agree after they sync.
func TestSiteOfflineConflict(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	a := newTerminal(t, h, h.url(), "a", localdb.Options{})
	b := newTerminal(t, h, h.url(), "b", localdb.Options{})
	a.do(t, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinPump, Serial: "P7", To: "DOCK1"})
	a.sync(t)
	b.sync(t)
	a.do(t, inventory.Event{Kind: inventory.KindPick, GTIN: gtinPump, Serial: "P7", From: "DOCK1", To: "A-01"})
	b.do(t, inventory.Event{Kind: inventory.KindPick, GTIN: gtinPump, Serial: "P7", From: "DOCK1", To: "A-02"})
	a.sync(t)
	b.sync(t)
	a.sync(t)
	if n := len(h.events("a")) + len(h.events("b")); n != 3 {
		t.Fatalf("hub holds %d events, want all 3", n)
	}
	xs, err := h.store().Exceptions(context.Background(), hub.ExceptionFilter{})
	if err != nil || len(xs) != 1 || xs[0].Device != "b" {
		t.Fatalf("exceptions: %+v %v", xs, err)
	}
	got, err := b.db.Exceptions(context.Background())
	if err != nil || len(got) != 1 || got[0].ID != xs[0].ID {
		t.Fatalf("terminal b's exceptions: %+v %v", got, err)
	}
	va, vb := viewOf(t, a, "P7"), viewOf(t, b, "P7")
	if !reflect.DeepEqual(va, vb) || va.Serials["P7"] != "picked@A-02" {
		t.Fatalf("views after sync:\na %v\nb %v", va, vb)
	}
	checkOnce(t, "a after conflict", a, clone(va.Stock), "P7")
	checkOnce(t, "b after conflict", b, clone(vb.Stock), "P7")
}

// TestSiteWarehouseLimit: a terminal limited to W1 never receives a stock
// or serial row of W2, at the protocol and in its view.
func TestSiteWarehouseLimit(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	siteMaster(h)
	other := newTerminal(t, h, h.url(), "other", localdb.Options{})
	w1 := newTerminal(t, h, h.url(), "w1", localdb.Options{})
	other.sync(t)
	other.do(t, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinBox, Qty: 5, To: "B-01"},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinPump, Serial: "Q1", To: "B-01"},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinBox, Qty: 3, To: "DOCK1"},
		inventory.Event{Kind: inventory.KindReceive, GTIN: gtinPump, Serial: "Q2", To: "DOCK1"})
	other.sync(t)
	// Before the limit, the whole site; enrolling again with --warehouse
	// starts its state afresh (scanterm enroll calls ResetSite).
	w1.sync(t)
	if v := viewOf(t, w1, "Q1"); v.Stock[[3]string{gtinBox, "", "B-01"}] != 5 {
		t.Fatalf("whole-site terminal lacks W2 stock: %v", v)
	}
	w1.enr.Warehouses = []string{"W1"}
	if err := w1.db.ResetSite(context.Background()); err != nil {
		t.Fatal(err)
	}
	w1.sync(t)
	v := viewOf(t, w1, "Q1", "Q2")
	want := view{Stock: map[[3]string]int64{{gtinBox, "", "DOCK1"}: 3, {gtinPump, "", "DOCK1"}: 1}, Serials: map[string]string{"Q2": "in_stock@DOCK1"}}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("W1 terminal sees\n%v\nwant\n%v", v, want)
	}
	// At the protocol: every page the W1 terminal is sent.
	ctx := context.Background()
	var rows []string
	for cur := ""; ; {
		ch, err := h.store().Changes(ctx, "w1", cur, 3, "W1")
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, siteRows(ch)...)
		if cur = ch.Cursor; !ch.More {
			break
		}
	}
	sort.Strings(rows)
	for _, r := range rows {
		if r == "stock@B-01" || r == "serial Q1" {
			t.Fatalf("W1 terminal was sent a W2 row: %s (all: %v)", r, rows)
		}
	}
	if len(rows) == 0 {
		t.Fatal("W1 terminal was sent nothing")
	}
	checkOnce(t, "W1 terminal", w1, clone(want.Stock), "Q2")
}

func siteRows(ch wire.Changes) []string {
	var out []string
	for _, s := range ch.Stock {
		out = append(out, "stock@"+s.Location)
	}
	for _, s := range ch.Serials {
		out = append(out, "serial "+s.Serial)
	}
	return out
}

func clone(m map[[3]string]int64) map[[3]string]int64 {
	out := make(map[[3]string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestSiteFirstPullResumes: a first pull of many pages killed half-way
// (the database closed between pages, as by kill -9) resumes where it
// stopped, and the view only moves when the last page is in.
func TestSiteFirstPullResumes(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	dock := newTerminal(t, h, h.url(), "dock", localdb.Options{})
	late := newTerminal(t, h, h.url(), "late", localdb.Options{})
	var drafts []inventory.Event
	for i := range 40 {
		drafts = append(drafts, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinPump, Serial: fmt.Sprintf("R%02d", i), To: "DOCK1"})
	}
	dock.do(t, drafts...)
	dock.sync(t)
	ctx := context.Background()
	for range 3 { // three pages of a first pull, then the process dies
		cur, err := late.db.Cursor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := h.store().Changes(ctx, "late", cur, 7)
		if err != nil {
			t.Fatal(err)
		}
		if !ch.More {
			t.Fatal("the pull ended within three pages; make it longer")
		}
		if err := late.db.ApplyChanges(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	late.restart(t)
	if v := viewOf(t, late, "R00"); len(v.Stock) != 0 || len(v.Serials) != 0 {
		t.Fatalf("the view moved before the pull ended: %v", v)
	}
	before, _ := late.db.Cursor(ctx)
	rep := late.sync(t)
	if rep.Pulled == 0 || rep.Pages == 0 {
		t.Fatalf("resumed pull: %+v", rep)
	}
	if after, _ := late.db.Cursor(ctx); after == before {
		t.Fatal("the cursor did not move")
	}
	checkOnce(t, "resumed first pull", late, map[[3]string]int64{{gtinPump, "", "DOCK1"}: 40}, "R00", "R39")
	if v := viewOf(t, late, "R00", "R39"); v.Serials["R00"] != "in_stock@DOCK1" || v.Serials["R39"] != "in_stock@DOCK1" {
		t.Fatalf("units after the resumed pull: %v", v)
	}
}

package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testConsole: accounts (unique names, password change signs sessions
// out), sessions (found by hash with the account's current role, touched,
// deleted), API tokens, and the console's read models: stock levels by
// product, lot and location, and document progress summed over devices.
func testConsole(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	if err := s.AddUser(ctx, store.User{Name: "alice", Role: store.RoleAdmin, PasswordHash: "h1"}, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, store.User{Name: "alice", Role: store.RoleSupervisor, PasswordHash: "h2"}, t0); !errors.Is(err, store.ErrExists) {
		t.Fatalf("second alice: %v, want ErrExists", err)
	}
	if u, err := s.User(ctx, "alice"); err != nil || u.Role != store.RoleAdmin || u.PasswordHash != "h1" || !u.CreatedAt.Equal(t0) {
		t.Fatalf("user: %+v %v", u, err)
	}
	if _, err := s.User(ctx, "bob"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
	if err := s.CreateSession(ctx, "sess-1", "alice", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchSession(ctx, "sess-1", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// A second handle (another hub process) sees the session.
	s2 := open(t)
	if se, err := s2.Session(ctx, "sess-1"); err != nil || se.User != "alice" || se.Role != store.RoleAdmin || !se.LastSeen.Equal(t0.Add(time.Minute)) {
		t.Fatalf("session: %+v %v", se, err)
	}
	if _, err := s.Session(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}
	if err := s.SetPassword(ctx, "alice", "h3"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "sess-1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("session after password change: %v, want ErrNotFound", err)
	}
	if err := s.SetPassword(ctx, "bob", "h"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("password of unknown user: %v", err)
	}
	s.CreateSession(ctx, "sess-2", "alice", t0)
	if err := s.DeleteSession(ctx, "sess-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "sess-2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted session: %v", err)
	}
	s.CreateSession(ctx, "sess-old", "alice", t0)
	s.CreateSession(ctx, "sess-new", "alice", t0.Add(time.Hour))
	if n, err := s.DeleteIdleSessions(ctx, t0.Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("delete idle sessions: %d %v", n, err)
	}
	if _, err := s.Session(ctx, "sess-new"); err != nil {
		t.Fatalf("a recent session was deleted: %v", err)
	}
	if us, err := s.Users(ctx); err != nil || len(us) != 1 {
		t.Fatalf("users: %v %v", us, err)
	}

	if err := s.AddAPIToken(ctx, "erp", store.RoleSupervisor, "th-1", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "erp", store.RoleAdmin, "th-2", t0); !errors.Is(err, store.ErrExists) {
		t.Fatalf("second erp token: %v", err)
	}
	if tk, err := s.APIToken(ctx, "th-1"); err != nil || tk.Name != "erp" || tk.Role != store.RoleSupervisor {
		t.Fatalf("token: %+v %v", tk, err)
	}
	for _, h := range []string{"", "th-2"} {
		if _, err := s.APIToken(ctx, h); !errors.Is(err, store.ErrUnauthorized) {
			t.Fatalf("token %q: %v, want ErrUnauthorized", h, err)
		}
	}

	for i, reason := range []string{"supplier notice", "found at supplier: false alarm"} {
		action := []string{"recall", "release"}[i]
		if err := s.AddAudit(ctx, store.AuditEntry{At: t0.Add(time.Duration(i) * time.Hour), User: "alice", Action: action, Subject: "lot:G/L1", Reason: reason}); err != nil {
			t.Fatal(err)
		}
	}
	s.AddAudit(ctx, store.AuditEntry{At: t0, User: "alice", Action: "revoke", Subject: "terminal:t9"})
	if es, err := s2.Audit(ctx, "lot:G/L1"); err != nil || len(es) != 2 || es[0].Action != "recall" || es[1].Reason != "found at supplier: false alarm" || !es[1].At.Equal(t0.Add(time.Hour)) {
		t.Fatalf("audit of lot:G/L1: %+v %v", es, err)
	}
	if es, err := s.Audit(ctx, "lot:none"); err != nil || len(es) != 0 {
		t.Fatalf("audit of nothing: %+v %v", es, err)
	}

	device(t, s, "t1")
	rcv := Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 10, "", "DOCK")
	rcv.Doc, rcv.DocLine = "PO-1", 1
	put := Ev("t1", 2, inventory.KindPutaway, gtinLot, "L1", "", 4, "DOCK", "A-1")
	other := Ev("t1", 3, inventory.KindReceive, gtinPlain, "", "", 2, "", "DOCK")
	other.Doc, other.DocLine = "PO-1", 2
	push(t, s, "t1", rcv, put, other)
	device(t, s, "t2")
	more := Ev("t2", 1, inventory.KindReceive, gtinLot, "L1", "", 5, "", "DOCK")
	more.Doc, more.DocLine = "PO-1", 1
	push(t, s, "t2", more)

	if evs := events(t, s, store.EventFilter{Device: "t1", Seq: 2}); len(evs) != 1 || evs[0].Kind != inventory.KindPutaway {
		t.Fatalf("event t1 #2: %+v", evs)
	}
	stock := func(f store.StockFilter) []store.StockRow {
		t.Helper()
		rows, err := s.Stock(ctx, f)
		if err != nil {
			t.Fatalf("stock %+v: %v", f, err)
		}
		return rows
	}
	rows := stock(store.StockFilter{GTINs: []string{gtinLot}, ByProduct: true})
	want := []store.StockRow{{GTIN: gtinLot, Lot: "L1", Location: "A-1", Warehouse: "W1", Qty: 4, LotStatus: inventory.LotReleased}, {GTIN: gtinLot, Lot: "L1", Location: "DOCK", Warehouse: "W1", Qty: 11, LotStatus: inventory.LotReleased}}
	if len(rows) != 2 || rows[0] != want[0] || rows[1] != want[1] {
		t.Fatalf("stock of %s: %+v", gtinLot, rows)
	}
	if rows := stock(store.StockFilter{Locations: []string{"DOCK"}}); len(rows) != 2 {
		t.Fatalf("stock at DOCK: %+v", rows)
	}
	if rows := stock(store.StockFilter{Lot: "L1", Locations: []string{"A-1"}, Limit: 5}); len(rows) != 1 || rows[0].Qty != 4 {
		t.Fatalf("L1 at A-1: %+v", rows)
	}
	if rows := stock(store.StockFilter{GTINs: []string{}}); len(rows) != 0 {
		t.Fatalf("no products asked for: %+v", rows)
	}
	// The console's first page: by product, cut at the limit, with or
	// without a warehouse (filtered after the query, so the limit too).
	if rows := stock(store.StockFilter{ByProduct: true, Limit: 1}); len(rows) != 1 || rows[0].GTIN != gtinPlain {
		t.Fatalf("first row by product: %+v", rows)
	}
	if rows := stock(store.StockFilter{ByProduct: true, Warehouse: "W1", Limit: 2}); len(rows) != 2 || rows[1].GTIN != gtinLot || rows[1].Location != "A-1" {
		t.Fatalf("two rows of W1 by product: %+v", rows)
	}
	if rows := stock(store.StockFilter{Warehouse: "W2"}); len(rows) != 0 {
		t.Fatalf("stock in W2, where nothing is: %+v", rows)
	}
	cs, err := s.CountEvents(ctx, t0.Add(-90*time.Minute), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// Received at t0: the second hour-wide bucket after since.
	if len(cs) != 2 || cs[0] != (store.EventCount{Bucket: 1, Kind: "putaway", N: 1}) || cs[1] != (store.EventCount{Bucket: 1, Kind: "receive", N: 3}) {
		t.Fatalf("event counts: %+v", cs)
	}
	if cs, err := s.CountEvents(ctx, t0.Add(time.Second), time.Hour); err != nil || len(cs) != 0 {
		t.Fatalf("counts after the last event: %+v %v", cs, err)
	}
	prog, err := s.DocProgress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog) != 2 || prog[0] != (store.LineProgress{Doc: "PO-1", Kind: "receive", Line: 1, Qty: 15}) || prog[1].Qty != 2 {
		t.Fatalf("progress: %+v", prog)
	}
}

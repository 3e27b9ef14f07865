package console_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/console"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// benchEvents is how many events the page benchmarks load
// (SCANHUB_BENCH_EVENTS; the target is 5,000,000, which takes long
// to load on a small machine).
func benchEvents(b *testing.B) int {
	if v := os.Getenv("SCANHUB_BENCH_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1000 {
			b.Fatalf("SCANHUB_BENCH_EVENTS=%q: want a number of at least 1000", v)
		}
		return n
	}
	return 200_000
}

// BenchmarkPages times each page's server side (handler, store, template)
// over a hub holding benchEvents events: 10 terminals receiving, putting
// away, picking and shipping 500 lots of the demo products through the
// day before the clock's.
func BenchmarkPages(b *testing.B) {
	n := benchEvents(b)
	dir := b.TempDir()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(dir, "hub.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := hub.LoadDemo(ctx, st, t0); err != nil {
		b.Fatal(err)
	}
	hash, _ := console.HashPassword(adminPW)
	st.AddUser(ctx, store.User{Name: "alice", Role: store.RoleAdmin, PasswordHash: hash}, t0)
	start := time.Now()
	loadEvents(b, st, n)
	wal := int64(-1)
	if fi, err := os.Stat(filepath.Join(dir, "hub.db-wal")); err == nil {
		wal = fi.Size()
	}
	b.Logf("loaded %d events in %s; WAL %.1f MiB", n, time.Since(start).Round(time.Second), float64(wal)/(1<<20))

	now := t0.Add(24 * time.Hour)
	con, err := console.New(st, console.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.CreateSession(ctx, hub.HashSecret("bench-session"), "alice", now); err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"/today", "/stock?q=SAL500", "/stock?warehouse=W1", "/lot?gtin=" + hub.DemoGTINLot + "&lot=L-0042",
		"/lot/status?gtin=" + hub.DemoGTINLot + "&lot=L-0042&action=recall", "/lot/report?gtin=" + hub.DemoGTINLot + "&lot=L-0042",
		"/exceptions", "/terminals", "/documents", "/events", "/events?device=t-03", "/events?lot=L-0042"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", p, nil)
				req.AddCookie(&http.Cookie{Name: "scanhub_session", Value: "bench-session"})
				w := httptest.NewRecorder()
				con.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d %.300s", p, w.Code, w.Body.String())
				}
			}
		})
	}
}

// loadEvents pushes n events from 10 terminals, in batches of 5000.
func loadEvents(b *testing.B, st store.Store, n int) {
	b.Helper()
	const devices = 10
	seqs := make([]int64, devices)
	for d := range devices {
		name := fmt.Sprintf("t-%02d", d)
		code, err := hub.AddDevice(ctx, st, name, time.Hour, t0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Enroll(ctx, hub.HashSecret(hub.NormalizeCode(code)), hub.HashSecret("tok-"+name), "1.0", t0); err != nil {
			b.Fatal(err)
		}
	}
	kinds := []inventory.EventKind{inventory.KindReceive, inventory.KindPutaway, inventory.KindPick, inventory.KindShip}
	batch := map[int][]inventory.Event{}
	flush := func(d int) {
		if len(batch[d]) == 0 {
			return
		}
		if _, err := st.Push(ctx, fmt.Sprintf("t-%02d", d), batch[d], t0); err != nil {
			b.Fatal(err)
		}
		batch[d] = batch[d][:0]
	}
	for i := range n {
		d := i % devices
		seqs[d]++
		cycle := i / devices // each terminal walks one lot through 4 steps
		lot := fmt.Sprintf("L-%04d", (cycle/4)%500)
		e := inventory.Event{ID: fmt.Sprintf("t-%02d-%d", d, seqs[d]), Device: fmt.Sprintf("t-%02d", d), Seq: seqs[d], Operator: "1001",
			At: t0.Add(time.Duration(i) * time.Second / 100), Kind: kinds[cycle%4], GTIN: hub.DemoGTINLot, Lot: lot, Qty: 2}
		switch e.Kind {
		case inventory.KindReceive:
			e.To, e.Doc, e.DocLine = "DOCK-1", "PO-1001", 1
		case inventory.KindPutaway:
			e.From, e.To = "DOCK-1", "A-01"
		case inventory.KindPick:
			e.From, e.To = "A-01", "STG-1"
		case inventory.KindShip:
			e.From, e.Doc, e.DocLine = "STG-1", "SO-5001", 1
		}
		batch[d] = append(batch[d], e)
		if len(batch[d]) == 5000 {
			flush(d)
		}
	}
	for d := range devices {
		flush(d)
	}
}

package tui

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui/flow"
)

// BenchmarkScanToScreen measures one scan from message in to screen drawn:
// the engine's step (catalog reads), the event committed to a real SQLite
// file with synchronous=FULL (localdb's setting), and the view rendered.
// The workflow is unattended receiving (PO and dock preset), so every scan
// records one event. Reports p50 and p99 in milliseconds.
func BenchmarkScanToScreen(b *testing.B) {
	db := openDB(b)
	ctx := context.Background()
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "c2", PurchaseOrders: []inventory.PurchaseOrder{
		{ID: "PO-B", Supplier: "Bench", Status: inventory.DocOpen, Version: 1, Lines: []inventory.POLine{{Line: 1, GTIN: gtinLot, Qty: 1 << 40}}},
	}}); err != nil {
		b.Fatal(err)
	}
	// The lot before a GS: a last lot such as "B210" read without any GS
	// is held as one that may hide a serial (flow/unsplit.go).
	scanToScreen(b, db, func(i int) string { return fmt.Sprintf("]C101%s10B%d\x1d17271231", gtinLot, i) })
}

// scanToScreen times b.N scans into unattended receiving on PO-B at DOCK1,
// each from ScanMsg in to the frame rendered at 80×24, and reports p50
// and p99; it fails unless every scan recorded one event. scan(i) is the
// i-th barcode (from 0).
func scanToScreen(b *testing.B, db *localdb.DB, scan func(i int) string) {
	h := newHarness(b, db, nil)
	h.send(tea80x24())
	h.signIn()
	h.send(openMsg{s: newWorkflow(h.app.env, flow.Receive, flow.Context{PO: "PO-B", Location: "DOCK1", Unattended: true})})
	before := eventCountTB(b, h)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.now = h.now.Add(time.Second)
		msg := ScanMsg{Text: scan(i), Source: "serial", At: h.now}
		t0 := time.Now()
		h.send(msg)
		_ = h.app.render()
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	if got := eventCountTB(b, h) - before; got != b.N {
		b.Fatalf("%d events recorded for %d scans:\n%s", got, b.N, h.screen())
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[min(len(lat)-1, len(lat)*99/100)]), "p99-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// eventCountTB is how many events the harness's terminal holds unsent
// (never enrolled: all of them). Events would stop at its default page.
func eventCountTB(tb testing.TB, h *harness) int {
	tb.Helper()
	n, _, err := h.db.OutboxStats(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkRenderPickList5000 measures drawing the pick screen with the
// F2 list of a 5,000-line pick list open, at 80×24 (the whole frame:
// title, prompt, lines, status bar, help).
func BenchmarkRenderPickList5000(b *testing.B) {
	db := openDB(b)
	pl := inventory.PickList{ID: "PL-BIG", SalesOrder: "SO-BIG", Status: inventory.DocOpen, Version: 1}
	for i := 1; i <= 5000; i++ {
		pl.Lines = append(pl.Lines, inventory.PickLine{Line: i, GTIN: gtinLot, Lot: fmt.Sprintf("L%04d", i), Qty: int64(i%7 + 1), From: fmt.Sprintf("A-%02d", i%50)})
	}
	if err := db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2", PickLists: []inventory.PickList{pl}}); err != nil {
		b.Fatal(err)
	}
	h := newHarness(b, db, nil)
	h.send(tea80x24())
	h.signIn()
	h.send(openMsg{s: newWorkflow(h.app.env, flow.Pick, flow.Context{PickList: "PL-BIG"})})
	h.key("f2")
	h.key("pgdown")
	if s := h.screen(); !containsAll(s, "PL-BIG: 5000 lines", "L0011") {
		b.Fatalf("lines not shown:\n%s", s)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = h.app.render()
	}
}

package client_test

// Devices over their life (docs/device-lifecycle.md): a data folder
// restored from a backup, a folder copied onto a second handheld, an event
// id used twice. Real hub stores, real HTTP on 127.0.0.1, real terminal
// files copied as a technician would.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

// snapshot closes the terminal's database, copies its folder's files and
// opens it again: a backup taken the way a technician would.
func (tm *terminal) snapshot() map[string][]byte {
	tm.tb.Helper()
	tm.reopen(func() {})
	var b map[string][]byte
	tm.reopen(func() {
		b = copyFiles(tm.tb, tm.dir, "terminal.db")
		if e, err := os.ReadFile(filepath.Join(tm.dir, client.EnrollmentFile)); err == nil {
			b[client.EnrollmentFile] = e
		}
	})
	return b
}

// restore puts a snapshot back into the terminal's folder, enrolment
// included.
func (tm *terminal) restore(b map[string][]byte) {
	tm.tb.Helper()
	tm.reopen(func() {
		restoreFiles(tm.tb, tm.dir, "terminal.db", b)
		if e, ok := b[client.EnrollmentFile]; ok {
			if err := os.WriteFile(filepath.Join(tm.dir, client.EnrollmentFile), e, 0o600); err != nil {
				tm.tb.Fatal(err)
			}
		}
	})
}

// clone copies the terminal's folder to a new one (name), as copying a
// data folder onto a second handheld does.
func (tm *terminal) clone(name string) *terminal {
	tm.tb.Helper()
	b := tm.snapshot()
	dir := filepath.Join(tm.tb.TempDir(), name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tm.tb.Fatal(err)
	}
	c := &terminal{tb: tm.tb, dir: dir, enr: tm.enr}
	c.restore(b)
	return c
}

// reopen closes the database (if open), runs f, and opens it again.
func (tm *terminal) reopen(f func()) {
	tm.tb.Helper()
	if tm.db != nil {
		if err := tm.db.Close(); err != nil {
			tm.tb.Fatal(err)
		}
	}
	f()
	db, err := localdb.Open(context.Background(), filepath.Join(tm.dir, "terminal.db"), localdb.Options{})
	if err != nil {
		tm.tb.Fatal(err)
	}
	tm.db = db
	tm.tb.Cleanup(func() { db.Close() })
	if e, err := client.LoadEnrollment(tm.dir); err == nil {
		tm.enr = e
	}
}

// syncOnce runs one round with a fresh client.
func (tm *terminal) syncOnce() (client.Report, error) {
	c := client.New(tm.db, tm.enr, client.Options{BatchEvents: 7})
	defer c.Close()
	return c.SyncOnce(context.Background())
}

// enrolWith trades code for a token as scanterm enroll does: Enroll, Adopt,
// SaveEnrollment.
func (tm *terminal) enrolWith(url, code string) string {
	tm.tb.Helper()
	ctx := context.Background()
	e, err := client.Enroll(ctx, url, code, client.EnrollOptions{})
	if err != nil {
		tm.tb.Fatalf("enroll: %v", err)
	}
	msg, err := client.Adopt(ctx, tm.db, e)
	if err != nil {
		tm.tb.Fatalf("adopt: %v", err)
	}
	if err := client.SaveEnrollment(tm.dir, e); err != nil {
		tm.tb.Fatal(err)
	}
	tm.enr = e
	return msg
}

// hubIDs counts, by event id, the events the hub holds (all devices).
func hubIDs(tb testing.TB, h *testHub) map[string]int {
	tb.Helper()
	evs, err := h.store().Events(context.Background(), hub.EventFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range evs {
		out[e.ID]++
	}
	return out
}

// exactlyOnce fails unless the hub holds every id of want once and
// nothing else.
func exactlyOnce(tb testing.TB, h *testHub, want map[string]bool) {
	tb.Helper()
	got := hubIDs(tb, h)
	for id := range want {
		if got[id] != 1 {
			tb.Errorf("hub holds event %s %d times, want once", id, got[id])
		}
	}
	for id := range got {
		if !want[id] {
			tb.Errorf("hub holds event %s that no terminal recorded", id)
		}
	}
}

func exceptionsOf(tb testing.TB, h *testHub, device, code string) []inventory.Exception {
	tb.Helper()
	xs, err := h.store().Exceptions(context.Background(), hub.ExceptionFilter{Device: device})
	if err != nil {
		tb.Fatal(err)
	}
	var out []inventory.Exception
	for _, x := range xs {
		if x.Code == code {
			out = append(out, x)
		}
	}
	return out
}

func ids(evs ...[]inventory.Event) map[string]bool {
	out := map[string]bool{}
	for _, l := range evs {
		for _, e := range l {
			out[e.ID] = true
		}
	}
	return out
}

// TestRestoredTerminalDiverges is the restore story: 10 scans
// synced, a backup, 10 more synced, the backup restored, 15 new scans. The
// hub refuses instead of taking them for re-sends, the terminal keeps its
// queue; reinstated and enrolled again, every event lands once.
func TestRestoredTerminalDiverges(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) { testRestoredTerminalDiverges(t, dsn(t)) })
	}
}

func testRestoredTerminalDiverges(t *testing.T, dsn string) {
	h := startHub(t, dsn)
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	first := tm.receive(10)
	if _, err := tm.syncOnce(); err != nil {
		t.Fatal(err)
	}
	backup := tm.snapshot()
	second := tm.receive(10)
	if rep, err := tm.syncOnce(); err != nil || rep.Queue != 0 {
		t.Fatalf("second sync: %+v %v", rep, err)
	}
	tm.restore(backup)
	third := tm.receive(15)
	for round := 0; round < 2; round++ {
		rep, err := tm.syncOnce()
		if !errors.Is(err, client.ErrDiverged) {
			t.Fatalf("round %d: sync of a restored terminal: %+v %v, want ErrDiverged", round, rep, err)
		}
		if rep.Queue != 15 || !strings.Contains(rep.Error, "seq 11") {
			t.Fatalf("round %d: report %+v: want queue 15 and the first differing seq named", round, rep)
		}
	}
	if x := exceptionsOf(t, h, "t1", "device_diverged"); len(x) != 1 || x[0].Seq != 11 {
		t.Fatalf("device_diverged exceptions %+v, want one at seq 11", x)
	}
	if d, err := h.store().Device(context.Background(), "t1"); err != nil || !d.Diverged || d.AckSeq != 20 {
		t.Fatalf("device t1 %+v %v: want diverged at ack 20", d, err)
	}

	code, err := hub.ReinstateDevice(context.Background(), h.store(), "t1", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if msg := tm.enrolWith(h.url(), code); !strings.Contains(msg, "incarnation 1") {
		t.Fatalf("enrolment said %q, want a new incarnation", msg)
	}
	if rep, err := tm.syncOnce(); err != nil || rep.Queue != 0 {
		t.Fatalf("sync after re-enrolment: %+v %v", rep, err)
	}
	exactlyOnce(t, h, ids(first, second, third))
	if x := exceptionsOf(t, h, "t1", "invalid_event"); len(x) != 0 {
		t.Fatalf("recognised events flagged: %+v", x)
	}
	// The new incarnation goes on as any device does.
	fourth := tm.receive(3)
	if rep, err := tm.syncOnce(); err != nil || rep.Queue != 0 {
		t.Fatalf("sync after more scans: %+v %v", rep, err)
	}
	exactlyOnce(t, h, ids(first, second, third, fourth))
	if d, _ := h.store().Device(context.Background(), "t1"); d.Diverged || d.Incarnation != 1 || d.AckSeq != 20+28 {
		t.Fatalf("device t1 after recovery %+v", d)
	}
}

// TestCopiedTerminalsRunAtOnce: one folder copied onto a second handheld,
// both scanning. The first to push keeps the name; the other is refused
// until enrolled as a new device, and then both copies' events are on the
// hub once each.
func TestCopiedTerminalsRunAtOnce(t *testing.T) {
	h := startHub(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	a := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	shared := a.receive(10)
	if _, err := a.syncOnce(); err != nil {
		t.Fatal(err)
	}
	b := a.clone("t1-copy")
	aEvs, bEvs := a.receive(10), b.receive(15)
	if _, err := a.syncOnce(); err != nil {
		t.Fatal(err)
	}
	if rep, err := b.syncOnce(); !errors.Is(err, client.ErrDiverged) || rep.Queue != 15 {
		t.Fatalf("the copy's sync: %+v %v, want ErrDiverged with its queue kept", rep, err)
	}
	// The copy whose ledger the hub holds is not held up.
	aEvs = append(aEvs, a.receive(5)...)
	if rep, err := a.syncOnce(); err != nil || rep.Queue != 0 {
		t.Fatalf("the original's sync after the copy diverged: %+v %v", rep, err)
	}
	code, err := hub.AddDevice(context.Background(), h.store(), "t2", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if msg := b.enrolWith(h.url(), code); !strings.Contains(msg, "recorded as t1") {
		t.Fatalf("enrolment of the copy said %q", msg)
	}
	bEvs = append(bEvs, b.receive(4)...)
	aEvs = append(aEvs, a.receive(2)...)
	for _, tm := range []*terminal{b, a} {
		if rep, err := tm.syncOnce(); err != nil || rep.Queue != 0 {
			t.Fatalf("sync of %s: %+v %v", tm.enr.Device, rep, err)
		}
	}
	exactlyOnce(t, h, ids(shared, aEvs, bEvs))
	if got := len(h.events("t2")); got != 15+4 {
		t.Fatalf("hub holds %d events of t2, want the copy's 19 new ones", got)
	}
}

// TestEventIDUsedTwice: an event whose id another event holds is stored as
// invalid_event and never applied; the queue behind it continues.
func TestEventIDUsedTwice(t *testing.T) {
	h := startHub(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	ctx := context.Background()
	for _, d := range []string{"t1", "t2"} {
		if _, err := hub.AddDevice(ctx, h.store(), d, time.Hour, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	ev := func(dev string, seq int64, id string, qty int64) inventory.Event {
		return inventory.Event{ID: id, Device: dev, Seq: seq, Operator: "op1", At: at, Kind: inventory.KindReceive, GTIN: gtinBox, Qty: qty, To: "DOCK1"}
	}
	const id1, id2, id3 = "01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-000000000002", "01900000-0000-7000-8000-000000000003"
	if _, err := h.store().Push(ctx, "t1", []inventory.Event{ev("t1", 1, id1, 5)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := h.store().Push(ctx, "t2", []inventory.Event{ev("t2", 1, id2, 1), ev("t2", 2, id1, 7), ev("t2", 3, id3, 1)}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if resp.AckSeq != 3 || len(resp.Rejected) != 1 || resp.Rejected[0].Seq != 2 || resp.Rejected[0].Code != "invalid_event" ||
		!strings.Contains(resp.Rejected[0].Message, "already used") {
		t.Fatalf("push with a reused id: %+v", resp)
	}
	if x := exceptionsOf(t, h, "t2", "invalid_event"); len(x) != 1 || x[0].EventID != id1 || x[0].Seq != 2 {
		t.Fatalf("invalid_event exceptions of t2: %+v", x)
	}
	// The same event sent again (a copy enrolled as t2 re-sends t1's
	// event) is recognised, not flagged.
	resp, err = h.store().Push(ctx, "t2", []inventory.Event{ev("t2", 4, id1, 5)}, time.Now())
	if err != nil || resp.AckSeq != 4 || len(resp.Rejected) != 0 {
		t.Fatalf("push of an event the hub holds: %+v %v", resp, err)
	}
	if n := hubIDs(t, h)[id1]; n != 2 {
		t.Fatalf("hub holds %d rows of %s, want t1's and t2's flagged one", n, id1)
	}
}

// TestRestoredQueueNotAckedAhead: a backup taken while scans were still
// queued, restored after the hub received more. The hub answers the first
// small batch with its last seq, past the batch: the terminal must not
// take that as an acknowledgement of its new scans under the same seqs
// (they are other events), or they would leave the queue unsent.
func TestRestoredQueueNotAckedAhead(t *testing.T) {
	h := startHub(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	first := tm.receive(5)
	backup := tm.snapshot() // five scans queued
	if _, err := tm.syncOnce(); err != nil {
		t.Fatal(err)
	}
	second := tm.receive(3)
	if _, err := tm.syncOnce(); err != nil {
		t.Fatal(err)
	}
	tm.restore(backup)
	third := tm.receive(3) // seqs 6..8 here, other events than the hub's 6..8
	small := client.New(tm.db, tm.enr, client.Options{BatchEvents: 2})
	rep, err := small.SyncOnce(context.Background())
	small.Close()
	// Batches 1-2 and 3-4 are acknowledged, 5-6 refused whole.
	if !errors.Is(err, client.ErrDiverged) || rep.Queue != 4 {
		t.Fatalf("sync of the restored terminal: %+v %v, want ErrDiverged with seq 5 and its 3 new scans queued", rep, err)
	}
	code, err := hub.ReinstateDevice(context.Background(), h.store(), "t1", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tm.enrolWith(h.url(), code)
	if rep, err := tm.syncOnce(); err != nil || rep.Queue != 0 {
		t.Fatalf("sync after re-enrolment: %+v %v", rep, err)
	}
	exactlyOnce(t, h, ids(first, second, third))
}

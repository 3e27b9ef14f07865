package client_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

const gtinSaline = "09506000134352" // lot-tracked with expiry

// TestClockOffExpiry: a handheld whose clock is 24 h off either way. The
// hub judges the expiry of what it picked on corrected time (a slow clock
// does not hide an expired pick, a fast one does not invent one) and flags
// clock_skew once; the terminal, once it has synced, judges its own expiry
// rule on corrected time too and reports its clock as off.
func TestClockOffExpiry(t *testing.T) {
	for _, tc := range []struct {
		name       string
		skew       time.Duration
		expiredDay int  // the lot's expiry relative to the hub's today
		hubFlags   bool // expired_lot_picked on the hub
		termLater  bool // the terminal refuses a later pick once corrected
	}{
		// Slow: the terminal thinks it is the expiry day (still good);
		// the hub knows the lot expired yesterday.
		{name: "slow", skew: -24 * time.Hour, expiredDay: -1, hubFlags: true, termLater: true},
		// Fast: the terminal thinks the lot expired yesterday; it is
		// the expiry day at the hub, still good.
		{name: "fast", skew: 24 * time.Hour, expiredDay: 0, hubFlags: false, termLater: false},
	} {
		t.Run(tc.name, func(t *testing.T) { testClockOffExpiry(t, tc.skew, tc.expiredDay, tc.hubFlags, tc.termLater) })
	}
}

func testClockOffExpiry(t *testing.T, skew time.Duration, expiredDay int, hubFlags, termLater bool) {
	ctx := context.Background()
	h := startHub(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	hubNow := time.Now().UTC()
	expiry := hubNow.AddDate(0, 0, expiredDay).Format(time.DateOnly)
	if _, err := h.store().Import(ctx, hub.Batch{
		Products: []inventory.Product{{GTIN: gtinSaline, SKU: "SAL", Name: "Saline", Tracking: inventory.TrackLot, ExpiryRequired: true}},
		Lots:     []inventory.Lot{{GTIN: gtinSaline, Lot: "L1", Expiry: expiry, Status: inventory.LotReleased}},
	}, time.Now()); err != nil {
		t.Fatal(err)
	}
	device := func() time.Time { return time.Now().Add(skew) }
	clock := client.NewClock(device)

	dir := filepath.Join(t.TempDir(), "t1")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := localdb.Open(ctx, filepath.Join(dir, "terminal.db"), localdb.Options{Now: device, ClockOffset: clock.Offset})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := client.Enroll(ctx, h.url(), h.addDevice("t1"), client.EnrollOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Adopt(ctx, db, e); err != nil {
		t.Fatal(err)
	}
	// The first pull, by a client with a clock of its own: the
	// terminal's rules still know nothing of the offset and judge on the
	// device date.
	first := client.New(db, e, client.Options{Clock: client.NewClock(device), Now: device})
	if _, err := first.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	first.Close()
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: gtinSaline, Lot: "L1", Expiry: expiry, Qty: 5, To: "A-01"}); err != nil {
		t.Fatal(err)
	}
	pick := inventory.Event{Kind: inventory.KindPick, Operator: "op1", GTIN: gtinSaline, Lot: "L1", Qty: 1, From: "A-01", To: "A-02"}
	_, err = db.Append(ctx, pick)
	if skew < 0 && err != nil {
		t.Fatalf("slow terminal refused a pick on what it takes for the expiry day: %v", err)
	}
	if skew > 0 && !errors.Is(err, localdb.ErrLotExpired) {
		t.Fatalf("fast terminal took a pick of what it takes for an expired lot: %v", err)
	}
	c := client.New(db, e, client.Options{Clock: clock, Now: device})
	defer c.Close()
	if rep, err := c.SyncOnce(ctx); err != nil || rep.Queue != 0 {
		t.Fatalf("sync: %+v %v", rep, err)
	}
	if st := c.Status(); !st.ClockOff || (st.ClockOffset-skew).Abs() > time.Minute {
		t.Fatalf("status after sync: clock offset %v off %v, want about %v", st.ClockOffset, st.ClockOff, skew)
	}

	xs, err := h.store().Exceptions(ctx, hub.ExceptionFilter{Device: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	skews, expired := 0, 0
	for _, x := range xs {
		switch x.Code {
		case "clock_skew":
			skews++
		case "expired_lot_picked":
			expired++
		}
	}
	if skews != 1 || (expired == 1) != hubFlags || expired > 1 {
		t.Fatalf("hub exceptions: %d clock_skew, %d expired_lot_picked; want 1 and flagged=%v: %+v", skews, expired, hubFlags, xs)
	}
	evs, err := h.store().Events(ctx, hub.EventFilter{Device: "t1"})
	if err != nil || len(evs) == 0 {
		t.Fatalf("hub events: %v %v", evs, err)
	}
	if d := evs[0].At.Sub(evs[0].CorrectedAt); (d - skew).Abs() > time.Minute {
		t.Fatalf("hub stores device time %v and corrected %v: want them %v apart", evs[0].At, evs[0].CorrectedAt, skew)
	}

	// Corrected, the terminal's own rule now agrees with the hub.
	_, err = db.Append(ctx, pick)
	if termLater != errors.Is(err, localdb.ErrLotExpired) || (!termLater && err != nil) {
		t.Fatalf("pick after the clock was learned: %v; want refused=%v", err, termLater)
	}
	// A second push in the same episode raises no second clock_skew.
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	xs, err = h.store().Exceptions(ctx, hub.ExceptionFilter{Device: "t1"})
	if err != nil || countCode(xs, "clock_skew") != 1 {
		t.Fatalf("clock_skew raised again in one episode: %+v %v", xs, err)
	}

	// A restart (or a station process, which does not sync): its clock
	// starts from the offset the sync saved, before any hub answers, and
	// judges as the corrected terminal did.
	off, ok, err := db.ClockOffset(ctx)
	if err != nil || !ok || (off-skew).Abs() > time.Minute {
		t.Fatalf("saved clock offset %v (saved %v, %v), want about %v", off, ok, err, skew)
	}
	restarted := client.NewClock(device)
	restarted.Seed(off)
	db2, err := localdb.Open(ctx, filepath.Join(dir, "terminal.db"), localdb.Options{Now: device, ClockOffset: restarted.Offset})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if _, err := db2.Append(ctx, pick); termLater != errors.Is(err, localdb.ErrLotExpired) || (!termLater && err != nil) {
		t.Fatalf("pick after a restart: %v; want refused=%v", err, termLater)
	}
	if !restarted.Off() {
		t.Fatal("a restarted terminal does not know its clock is off until the hub answers")
	}
}

func countCode(xs []inventory.Exception, code string) int {
	n := 0
	for _, x := range xs {
		if x.Code == code {
			n++
		}
	}
	return n
}

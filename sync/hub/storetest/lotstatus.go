package storetest

import (
	"errors"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testChangeLotStatus: a supervisor's status change refuses a product or a
// lot the hub has never seen (a typo must not look like a recall), changes
// nothing when it refuses, and pre-sets a lot not yet received only when
// asked to create it.
func testChangeLotStatus(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	if _, _, err := s.ChangeLotStatus(ctx, gtinLot, "L1", inventory.LotRecalled, true, t0); !errors.Is(err, store.ErrUnknownProduct) || !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("recall of a product the hub has no record of (even with create): %v, want ErrUnknownProduct", err)
	}
	if _, err := s.Import(ctx, demoBatch(), t0); err != nil {
		t.Fatal(err)
	}
	// L1 has a lot record; L5 only events (pushed before the product had
	// lot records, or by a count); L1X and L9 are unknown.
	push(t, s, "t1", Ev("t1", 1, inventory.KindCount, gtinLot, "L5", "", 4, "", "DOCK"))
	for _, lot := range []string{"L1X", "L9"} {
		if _, _, err := s.ChangeLotStatus(ctx, gtinLot, lot, inventory.LotRecalled, false, t0); !errors.Is(err, store.ErrUnknownLot) || !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("recall of unknown lot %s: %v, want ErrUnknownLot", lot, err)
		}
	}
	if _, _, err := s.ChangeLotStatus(ctx, gtinPlain, "L1", inventory.LotRecalled, false, t0); !errors.Is(err, store.ErrUnknownLot) {
		t.Fatalf("lot L1 under another product: %v, want ErrUnknownLot (a lot code is per product)", err)
	}
	m, err := s.Master(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Lots) != 1 || m.Lots[0].Lot != "L1" || m.Lots[0].Status != inventory.LotReleased {
		t.Fatalf("refusals changed the lots: %+v", m.Lots)
	}

	l, created, err := s.ChangeLotStatus(ctx, gtinLot, "L1", inventory.LotRecalled, false, t0)
	if err != nil || created || l.Status != inventory.LotRecalled || l.Expiry != "2027-01-31" || l.Version == 0 {
		t.Fatalf("recall of a known lot: %+v created=%v %v", l, created, err)
	}
	l, created, err = s.ChangeLotStatus(ctx, gtinLot, "L5", inventory.LotQuarantine, false, t0)
	if err != nil || !created || l.Status != inventory.LotQuarantine {
		t.Fatalf("quarantine of a lot known by its events only: %+v created=%v %v", l, created, err)
	}
	l, created, err = s.ChangeLotStatus(ctx, gtinLot, "L9", inventory.LotRecalled, true, t0)
	if err != nil || !created || l.Status != inventory.LotRecalled {
		t.Fatalf("pre-recall with create: %+v created=%v %v", l, created, err)
	}
	// Now known: a second change needs no create, and the recall is
	// enforced when the lot arrives and moves.
	if _, created, err := s.ChangeLotStatus(ctx, gtinLot, "L9", inventory.LotRecalled, false, t0); err != nil || created {
		t.Fatalf("second recall of the pre-recalled lot: created=%v %v", created, err)
	}
	r := push(t, s, "t1", Ev("t1", 2, inventory.KindReceive, gtinLot, "L9", "", 3, "", "DOCK"),
		Ev("t1", 3, inventory.KindPutaway, gtinLot, "L9", "", 3, "DOCK", "A-01"))
	if len(r.Rejected) != 1 || r.Rejected[0].Seq != 3 || r.Rejected[0].Code != "recalled_lot_moved" {
		t.Fatalf("moving a pre-recalled lot after receipt: %+v", r)
	}
	ch, _ := pullAll(t, s, "t1", "", 0)
	got := map[string]inventory.LotStatus{}
	for _, l := range ch.Lots {
		got[l.Lot] = l.Status
	}
	if got["L1"] != inventory.LotRecalled || got["L5"] != inventory.LotQuarantine || got["L9"] != inventory.LotRecalled {
		t.Fatalf("lots a terminal pulls: %v", got)
	}
}

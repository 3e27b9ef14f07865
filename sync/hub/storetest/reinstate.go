package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testReinstate revokes a device that still has events queued, reinstates
// it and lets it enrol again under its own name: the old token stays
// refused, the new one resumes at the next seq, nothing is lost or stored
// twice.
func testReinstate(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	if r := push(t, s, "t1", Ev("t1", 1, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"), Ev("t1", 2, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK")); r.AckSeq != 2 {
		t.Fatalf("first push: %+v", r)
	}
	if err := s.ReinstateDevice(ctx, "t1", "again", t0.Add(time.Hour), t0); !errors.Is(err, store.ErrNotRevoked) {
		t.Fatalf("reinstate an active device: %v, want ErrNotRevoked", err)
	}
	if err := s.ReinstateDevice(ctx, "nobody", "again", t0.Add(time.Hour), t0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("reinstate unknown: %v, want ErrNotFound", err)
	}
	if err := s.RevokeDevice(ctx, "t1", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDevice(ctx, "t1", "c-add", t0.Add(time.Hour), t0); !errors.Is(err, store.ErrExists) {
		t.Fatalf("add a revoked device: %v, want ErrExists", err)
	}
	if err := s.ReinstateDevice(ctx, "t1", "again", t0.Add(time.Hour), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "tok-t1"); err == nil {
		t.Fatal("the revoked token works again after reinstate")
	}
	d, err := s.Device(ctx, "t1")
	if err != nil || d.Revoked || d.Enrolled || d.AckSeq != 2 {
		t.Fatalf("reinstated device before enrolment: %+v %v", d, err)
	}
	// A second reinstate while the code is unused is refused: the device is
	// no longer revoked (device add reissues its code).
	if err := s.ReinstateDevice(ctx, "t1", "again2", t0.Add(time.Hour), t0); !errors.Is(err, store.ErrNotRevoked) {
		t.Fatalf("second reinstate: %v, want ErrNotRevoked", err)
	}
	if name, err := s.Enroll(ctx, "again", "tok2-t1", "1.1", t0.Add(2*time.Minute)); err != nil || name != "t1" {
		t.Fatalf("enrol with the reinstate code: %q %v", name, err)
	}
	if _, err := s.Enroll(ctx, "again", "tok3-t1", "1.1", t0.Add(2*time.Minute)); !errors.Is(err, store.ErrBadCode) {
		t.Fatalf("reinstate code used twice: %v", err)
	}
	if _, err := s.Authenticate(ctx, "tok-t1"); !errors.Is(err, store.ErrUnauthorized) {
		t.Fatalf("old token after re-enrolment: %v, want ErrUnauthorized", err)
	}
	if d, err := s.Authenticate(ctx, "tok2-t1"); err != nil || d.Name != "t1" || d.AckSeq != 2 {
		t.Fatalf("new token: %+v %v", d, err)
	}
	// The terminal resends from its queue, overlapping what the hub has.
	r := push(t, s, "t1", Ev("t1", 2, inventory.KindReceive, gtinPlain, "", "", 5, "", "DOCK"), Ev("t1", 3, inventory.KindPick, gtinPlain, "", "", 10, "DOCK", "STG"))
	if r.AckSeq != 3 || len(r.Rejected) != 0 {
		t.Fatalf("push after reinstate: %+v", r)
	}
	evs := events(t, s, store.EventFilter{Device: "t1"})
	if len(evs) != 3 {
		t.Fatalf("%d events after reinstate, want 3", len(evs))
	}
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
	}
}

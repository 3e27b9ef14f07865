package storetest

import (
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/hub/store"
)

// testQueueReport: a terminal's queue report is kept with the device, its
// oldest event's time put on the hub's clock with the device's offset,
// and shown with the offset itself.
func testQueueReport(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	if err := s.SetClock(ctx, "t1", time.Hour, t0); err != nil { // an hour ahead
		t.Fatal(err)
	}
	rep := &store.QueueReport{Len: 3, Oldest: t0.Add(30 * time.Minute)} // device clock
	if err := s.Seen(ctx, "t1", "v2", rep, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	d, err := s.Device(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Queue != 3 || !d.QueueOldest.Equal(t0.Add(-30*time.Minute)) || !d.QueueReported.Equal(t0.Add(time.Minute)) ||
		d.ClockOffset != time.Hour || d.ClockOffsetSeconds != 3600 || d.AppVersion != "v2" {
		t.Fatalf("device after a report of 3 (oldest at device time %v, an hour ahead): %+v", rep.Oldest, d)
	}
	if err := s.Seen(ctx, "t1", "", nil, t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if d, err = s.Device(ctx, "t1"); err != nil || d.Queue != 3 || d.AppVersion != "v2" || !d.LastSeen.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("seen without a report or version: %+v %v", d, err)
	}
	if err := s.Seen(ctx, "t1", "", &store.QueueReport{}, t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if d, err = s.Device(ctx, "t1"); err != nil || d.Queue != 0 || !d.QueueOldest.IsZero() || !d.QueueReported.Equal(t0.Add(3*time.Minute)) {
		t.Fatalf("after an empty queue: %+v %v", d, err)
	}
}

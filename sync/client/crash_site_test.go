package client_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/client/internal/faultproxy"
)

// TestKill9SiteView is the site view's exactly-once invariant under real
// SIGKILLs: a terminal process syncing (pushes of 10 events, pulls of 5
// rows a page) is killed right after the hub answered its k-th request of
// a round, k = 1..4, twice, so the kills land after pushes the hub
// committed but the terminal never saw acknowledged, and between pull
// pages; rounds 5 and 10 finish. After
// every kill the terminal's view is checked: what it kept step by step is
// what it builds from scratch; its own units (at A-01) are counted once
// whatever the hub had acknowledged; another terminal's units (pumps at
// DOCK1) are all there as of one of that terminal's syncs, never a
// partial pull and never twice. A last clean sync shows the floor exactly.
func TestKill9SiteView(t *testing.T) {
	h := startHub(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	h.stop()
	h.opt.ChangesLimit = 5
	h.start()
	var child atomic.Pointer[os.Process]
	var killAt atomic.Int64
	var killed atomic.Int32
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(),
		AfterHub: func(n int64, status int) {
			if n == killAt.Load() {
				if proc := child.Load(); proc != nil {
					killed.Add(1)
					proc.Kill()
				}
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	dock := newTerminal(t, h, h.url(), "dock", localdb.Options{})
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	tm.enr.HubURL = p.URL
	if err := client.SaveEnrollment(tm.dir, tm.enr); err != nil {
		t.Fatal(err)
	}
	box := func(loc string) [3]string { return [3]string{gtinBox, "", loc} }
	pump := [3]string{gtinPump, "", "DOCK1"}
	own := int64(0)
	docked := []int64{0} // the dock's stock as of each of its syncs
	kills := int32(0)
	for round := 1; round <= 10; round++ {
		// Six units, six serial rows and a stock row: a pull of two pages.
		var units []inventory.Event
		for i := range 6 {
			units = append(units, inventory.Event{Kind: inventory.KindReceive, GTIN: gtinPump, Serial: fmt.Sprintf("P%d-%d", round, i), To: "DOCK1"})
		}
		dock.do(t, units...)
		dock.sync(t)
		docked = append(docked, docked[len(docked)-1]+6)
		drafts := make([]inventory.Event, 10)
		for i := range drafts {
			drafts[i] = inventory.Event{Kind: inventory.KindReceive, GTIN: gtinBox, To: "A-01"}
		}
		tm.do(t, drafts...)
		own += 10

		// The push or pull page after which it dies; every fifth round
		// it is left to finish, and then sees all of the dock's units.
		k := (round-1)%5 + 1
		if k == 5 {
			k = 1000
		}
		killAt.Store(p.Requests() + int64(k))
		err := runChildSync(t, tm.dir, &child)
		switch {
		case killed.Load() == kills+1:
			kills++
		case err != nil:
			t.Fatalf("round %d: the terminal failed without being killed: %v", round, err)
		case k != 1000:
			t.Fatalf("round %d: the terminal finished its sync in fewer than %d requests", round, k)
		}
		v := checkSelf(t, tm)
		if got := v.Stock[box("A-01")]; got != own {
			t.Fatalf("round %d (killed after request %d): t1 sees %d of its own %d units at A-01", round, k, got, own)
		}
		if got := v.Stock[pump]; !slices.Contains(docked, got) || (k == 1000 && got != docked[len(docked)-1]) {
			t.Fatalf("round %d (killed after request %d): t1 sees %d of the dock's units, not the dock's stock as of any of its syncs %v", round, k, got, docked)
		}
		t.Logf("round %d: kill after request %d (%d kills so far); queue %d, dock's units seen %d of %d", round, k, kills, tm.queue(), v.Stock[pump], docked[len(docked)-1])
	}
	c := tm.client(client.Options{BatchEvents: 10})
	syncUntilEmpty(t, c, 20)
	checkOnce(t, "after a clean sync", tm, map[[3]string]int64{box("A-01"): own, pump: docked[len(docked)-1]})
	sameLedger(t, h, tm)
}

// checkSelf checks that tm's view kept step by step is the one it builds
// from scratch, and returns it.
func checkSelf(t *testing.T, tm *terminal) view {
	t.Helper()
	before := viewOf(t, tm)
	if err := tm.db.Rebuild(t.Context()); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if after := viewOf(t, tm); !reflect.DeepEqual(before, after) {
		t.Fatalf("the view kept step by step\n%v\ndiffers from the one built from scratch\n%v", before, after)
	}
	return before
}

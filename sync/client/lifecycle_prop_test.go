package client_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/client/internal/faultproxy"
	"github.com/scanterm/scanterm/sync/hub"
)

// TestHistoriesEndWithUnionOnce is a property test over random histories of
// one device's data folder: scans, syncs through a network that drops,
// cuts, duplicates and restarts, backups, restores of a backup, copies onto
// more handhelds, and the technician's recoveries (reinstate, or a new
// device for a copy). Whatever the history, once every copy is recovered
// and synced the hub holds the union of all copies' ledgers, each event
// exactly once, and nothing no terminal recorded; and every copy shows
// the purchase order's progress the hub counts, each receipt once.
//
// Sixty histories, not six: seeds 37 and 56 found an ack past the batch
// that dropped two new scans of a restored folder (TestRestoredQueueNotAckedAhead).
func TestHistoriesEndWithUnionOnce(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testHistory(t, seed, 40) })
	}
}

type copyState struct {
	tm      *terminal
	backups []map[string][]byte
	stuck   bool // stopped until enrolled again
}

type history struct {
	t        *testing.T
	rng      *rand.Rand
	h        *testHub
	url      string // through the fault proxy
	copies   []*copyState
	recorded map[string]bool
	names    int
	log      []string
}

func testHistory(t *testing.T, seed uint64, steps int) {
	h := startHub(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	po := inventory.PurchaseOrder{ID: "PO-LIFE", Supplier: "ACME", Lines: []inventory.POLine{{Line: 1, GTIN: gtinBox, Qty: 10000}}}
	if _, err := h.store().Import(context.Background(), hub.Batch{PurchaseOrders: []inventory.PurchaseOrder{po}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 14))
	faults := faultproxy.All()
	var mu sync.Mutex // the proxy plans on its own goroutines
	net := rand.New(rand.NewPCG(seed, 4))
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(), Restart: h.restart, Delay: time.Millisecond,
		Plan: func(n int64, r *http.Request) faultproxy.Fault {
			mu.Lock()
			defer mu.Unlock()
			if net.IntN(3) != 0 {
				return faultproxy.Pass
			}
			return faults[net.IntN(len(faults))]
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	hs := &history{t: t, rng: rng, h: h, url: p.URL, recorded: map[string]bool{}}
	first := newTerminal(t, h, h.url(), "d0", localdb.Options{})
	first.enr.HubURL = p.URL
	hs.copies = []*copyState{{tm: first}}
	defer func() {
		if t.Failed() {
			t.Logf("history (seed %d):\n%s", seed, strings.Join(hs.log, "\n"))
		}
	}()
	for i := 0; i < steps; i++ {
		c := hs.copies[rng.IntN(len(hs.copies))]
		switch r := rng.IntN(10); {
		case r < 4:
			n := 1 + rng.IntN(4)
			for _, e := range c.tm.receiveOn("PO-LIFE", n) {
				hs.recorded[e.ID] = true
			}
			hs.note("%s records %d", c.tm.dir, n)
		case r < 7:
			hs.sync(c)
		case r == 7:
			c.backups = append(c.backups, c.tm.snapshot())
			hs.note("%s backed up", c.tm.dir)
		case r == 8 && len(c.backups) > 0:
			c.tm.restore(c.backups[rng.IntN(len(c.backups))])
			c.tm.enr.HubURL = p.URL
			c.stuck = false // it may well be; its next sync says
			hs.note("%s restored", c.tm.dir)
		case r == 8 && len(hs.copies) < 4:
			n := &copyState{tm: c.tm.clone(fmt.Sprintf("copy%d", len(hs.copies)))}
			n.tm.enr.HubURL = p.URL
			hs.copies = append(hs.copies, n)
			hs.note("%s copied to %s", c.tm.dir, n.tm.dir)
		case r == 9 && c.stuck:
			hs.recover(c)
		}
	}
	// The technician's round: every copy recovered and synced, the
	// network still faulty; bounded so a broken recovery fails.
	for round := 0; ; round++ {
		if round == 60 {
			t.Fatalf("copies not all synced after %d rounds", round)
		}
		done := true
		for _, c := range hs.copies {
			if c.stuck {
				hs.recover(c)
			}
			if rep, err := hs.sync(c); err != nil || rep.Queue != 0 {
				done = false
			}
		}
		if done {
			break
		}
	}
	want := map[string]bool{}
	for _, c := range hs.copies {
		for _, e := range c.tm.ledger() {
			want[e.ID] = true
		}
	}
	got := hubIDs(t, h)
	for id := range want {
		if got[id] != 1 {
			t.Errorf("hub holds event %s %d times, want once", id, got[id])
		}
	}
	for id, n := range got {
		if !hs.recorded[id] || n != 1 {
			t.Errorf("hub holds event %s %d times (recorded by a terminal: %v)", id, n, hs.recorded[id])
		}
	}
	// One more pull each brings every copy the others' last pushes.
	for _, c := range hs.copies {
		for round := 0; ; round++ {
			if _, err := hs.sync(c); err == nil {
				break
			} else if round == 20 {
				t.Fatalf("last pull of %s: %v", c.tm.dir, err)
			}
		}
		// The hub holds receipts a restored folder lost as well: len(got).
		if m, err := c.tm.db.Received(context.Background(), "PO-LIFE"); err != nil || m[1] != int64(len(got)) {
			t.Errorf("%s shows %d received on PO-LIFE (%v); the hub holds %d receipts", c.tm.dir, m[1], err, len(got))
		}
	}
}

func (hs *history) note(format string, args ...any) {
	hs.log = append(hs.log, fmt.Sprintf(format, args...))
}

// sync runs one round; a refusal that needs a person marks the copy stuck.
func (hs *history) sync(c *copyState) (client.Report, error) {
	rep, err := c.tm.syncOnce()
	hs.note("%s (%s) syncs: queue %d, err %v", c.tm.dir, c.tm.enr.Device, rep.Queue, err)
	if err != nil && (errors.Is(err, client.ErrDiverged) || errors.Is(err, client.ErrUnknownToken) ||
		errors.Is(err, client.ErrRevoked) || strings.Contains(err.Error(), "enrol this terminal again")) {
		c.stuck = true
	}
	return rep, err
}

// recover does what the README tells a technician: a copy that shares its
// device name with another copy is enrolled as a new device; a lone one is
// reinstated (revoked first when the hub neither revoked nor saw it
// diverge: its token was lost, for example to a restore of an old
// enrolment).
func (hs *history) recover(c *copyState) {
	t, ctx := hs.t, context.Background()
	shared := false
	for _, o := range hs.copies {
		shared = shared || (o != c && o.tm.enr.Device == c.tm.enr.Device)
	}
	var code string
	var err error
	if shared {
		hs.names++
		name := fmt.Sprintf("d%d", hs.names)
		code, err = hub.AddDevice(ctx, hs.h.store(), name, time.Hour, time.Now())
		hs.note("%s: new device %s", c.tm.dir, name)
	} else {
		name := c.tm.enr.Device
		d, derr := hs.h.store().Device(ctx, name)
		if derr != nil {
			t.Fatal(derr)
		}
		if !d.Diverged && !d.Revoked {
			if err := hs.h.store().RevokeDevice(ctx, name, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		code, err = hub.ReinstateDevice(ctx, hs.h.store(), name, time.Hour, time.Now())
		hs.note("%s: reinstate %s", c.tm.dir, name)
	}
	if err != nil {
		t.Fatal(err)
	}
	e, err := client.Enroll(ctx, hs.url, code, client.EnrollOptions{Timeout: 5 * time.Second})
	if err != nil {
		hs.note("  enrolment failed: %v", err) // the code may be spent: the next recovery asks again
		return
	}
	msg, err := client.Adopt(ctx, c.tm.db, e)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SaveEnrollment(c.tm.dir, e); err != nil {
		t.Fatal(err)
	}
	c.tm.enr, c.stuck = e, false
	hs.note("  enrolled as %s: %s", e.Device, msg)
}

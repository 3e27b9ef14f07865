package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/client/internal/faultproxy"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

func TestEnrollPushPull(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	if tm.enr.Fingerprint != "" {
		t.Errorf("plain http enrolment pinned %q", tm.enr.Fingerprint)
	}
	tm.receive(25)
	c := tm.client(client.Options{BatchEvents: 10, AppVersion: "v9.9-test"})
	st0 := c.Status()
	rep, err := c.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pushed != 25 || rep.Batches != 3 || rep.AckSeq != 25 || rep.Queue != 0 {
		t.Errorf("report %+v, want 25 pushed in 3 batches, ack 25, queue 0", rep)
	}
	sameLedger(t, h, tm)
	if d, err := h.store().Device(context.Background(), "t1"); err != nil || d.AppVersion != "v9.9-test" || d.AckSeq != 25 {
		t.Errorf("hub's device record %+v, %v: want app version v9.9-test, ack 25", d, err)
	}
	st := c.Status()
	if !st.Online || st.Queue != 0 || st.AckSeq != 25 || st.LastError != "" || st.LastPush.IsZero() || st.LastPull.IsZero() {
		t.Errorf("status after sync %+v (before: %+v)", st, st0)
	}
	// Nothing left: a second round pushes nothing and stays in sync.
	rep, err = c.SyncOnce(context.Background())
	if err != nil || rep.Pushed != 0 || rep.Batches != 0 {
		t.Errorf("second round: %+v, %v", rep, err)
	}
	// A recall at the hub reaches the terminal on the next pull.
	if _, err := h.store().SetLotStatus(context.Background(), gtinBox, "L9", inventory.LotRecalled, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if l, err := tm.db.Lot(context.Background(), gtinBox, "L9"); err != nil || l.Status != inventory.LotRecalled {
		t.Errorf("lot after pull: %+v, %v; want recalled", l, err)
	}
}

// TestFaults pushes through a proxy that breaks requests in every way it
// can, in a seeded random order, restarting the hub now and then; at the
// end the hub holds exactly the terminal's ledger.
func TestFaults(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) {
			h := startHub(t, dsn(t))
			rng := rand.New(rand.NewPCG(8, 2026))
			faults := faultproxy.All()
			p, err := faultproxy.Start(faultproxy.Options{
				Target: h.url(),
				Plan: func(n int64, r *http.Request) faultproxy.Fault {
					if n <= int64(len(faults)) {
						return faults[n-1] // each fault at least once, first
					}
					if rng.IntN(3) == 0 {
						return faultproxy.Pass
					}
					return faults[rng.IntN(len(faults))]
				},
				Delay:   5 * time.Millisecond,
				Restart: h.restart,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
			tm.enr.HubURL = p.URL
			c := tm.client(client.Options{BatchEvents: 7, Timeout: 10 * time.Second})
			total := 0
			for i, n := range []int{1, 30, 5, 100, 2, 60} {
				tm.receive(n)
				total += n
				if i%2 == 1 {
					continue // let the queue build up across rounds
				}
				syncUntilEmpty(t, c, 200)
			}
			_, errs := syncUntilEmpty(t, c, 200)
			sameLedger(t, h, tm)
			if got := len(tm.ledger()); got != total {
				t.Fatalf("ledger holds %d events, want %d", got, total)
			}
			counts := p.Counts()
			for _, f := range faults {
				if counts[f] == 0 {
					t.Errorf("fault %v never injected (counts %v)", f, counts)
				}
			}
			t.Logf("faults injected: %v; %d failed rounds in the last drain", counts, len(errs))
		})
	}
}

func TestRevokedKeepsQueue(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	tm.receive(3)
	if err := h.store().RevokeDevice(context.Background(), "t1", time.Now()); err != nil {
		t.Fatal(err)
	}
	c := tm.client(client.Options{})
	_, err := c.SyncOnce(context.Background())
	if !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("SyncOnce after revocation: %v, want ErrRevoked", err)
	}
	st := c.Status()
	if st.Cause != client.CauseRevoked || !st.Stopped || st.Queue != 3 || !strings.Contains(st.Message, "revoked this terminal (t1)") ||
		!strings.Contains(st.Message, "3 unsent events are kept") {
		t.Errorf("status %+v: want revoked, stopped, queue 3 and a message saying the events are kept", st)
	}
	if tm.queue() != 3 {
		t.Errorf("queue %d after refusal, want 3 kept", tm.queue())
	}
	if n := len(h.events("t1")); n != 0 {
		t.Errorf("hub stored %d events of a revoked device", n)
	}
	// The loop stops too, with the same error, instead of retrying.
	err = c.Run(context.Background())
	if !errors.Is(err, client.ErrRevoked) {
		t.Errorf("Run after revocation: %v, want ErrRevoked", err)
	}
}

// rawPush posts events with a device's token, as a misbehaving terminal would.
func rawPush(t *testing.T, url, token string, protocol int, evs []inventory.Event) (int, wire.Error) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	json.NewEncoder(zw).Encode(wire.PushRequest{Events: evs})
	zw.Close()
	req, _ := http.NewRequest("POST", url+"/v1/events", &buf)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(wire.HeaderProtocol, strconv.Itoa(protocol))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var we wire.Error
	json.NewDecoder(resp.Body).Decode(&we)
	return resp.StatusCode, we
}

func TestOtherDevicesEventsRefused(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	a := newTerminal(t, h, h.url(), "ta", localdb.Options{})
	b := newTerminal(t, h, h.url(), "tb", localdb.Options{})
	evs := b.receive(2)                                                       // tb's events...
	status, we := rawPush(t, h.url(), a.enr.Token, wire.ProtocolVersion, evs) // ...pushed with ta's token
	if status != http.StatusForbidden {
		t.Errorf("pushing another device's events: HTTP %d %+v, want 403", status, we)
	}
	if n := len(h.events("ta")) + len(h.events("tb")); n != 0 {
		t.Errorf("hub stored %d events after the refusal", n)
	}
	// The client refuses before sending when its database names another
	// device than its enrolment.
	c := client.New(b.db, a.enr, client.Options{})
	defer c.Close()
	if _, err := c.SyncOnce(context.Background()); err == nil || !strings.Contains(err.Error(), "different devices") {
		t.Errorf("SyncOnce with a mismatched enrolment: %v", err)
	}
	if n := len(h.events("ta")); n != 0 {
		t.Errorf("hub stored %d events for ta", n)
	}
}

func TestProtocolMismatch(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	evs := tm.receive(1)
	status, we := rawPush(t, h.url(), tm.enr.Token, wire.ProtocolVersion+1, evs)
	if status != http.StatusUpgradeRequired || we.Code != "protocol_version" {
		t.Errorf("push with protocol v%d: HTTP %d %+v, want 426 protocol_version", wire.ProtocolVersion+1, status, we)
	}
	if n := len(h.events("t1")); n != 0 {
		t.Errorf("hub stored %d events of another protocol version", n)
	}
	// The client sees a hub of another version as ErrProtocol with a clear
	// message (a proxy rewrites the version, as a newer hub would refuse ours).
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(), Plan: func(int64, *http.Request) faultproxy.Fault {
		return faultproxy.WrongProtocol
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tm.enr.HubURL = p.URL
	c := tm.client(client.Options{})
	_, err = c.SyncOnce(context.Background())
	if !errors.Is(err, client.ErrProtocol) {
		t.Fatalf("SyncOnce against another protocol version: %v, want ErrProtocol", err)
	}
	if st := c.Status(); !st.Stopped || !strings.Contains(st.Message, "protocol version") || st.Queue != 1 {
		t.Errorf("status %+v", st)
	}
}

// TestHubLostEventsResendFromLedger: the hub is restored from a backup
// older than what it acknowledged; it answers a gap and the terminal
// resends the missing seqs from its ledger (the outbox no longer has them).
func TestHubLostEventsResendFromLedger(t *testing.T) {
	dir := t.TempDir()
	h := startHub(t, "sqlite:"+dir+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	c := tm.client(client.Options{BatchEvents: 4})
	tm.receive(10)
	syncUntilEmpty(t, c, 3)
	h.stop()
	backup := copyFiles(t, dir, "hub.db")
	h.start()
	tm.receive(10)
	syncUntilEmpty(t, c, 3) // hub now holds 1..20, outbox empty
	h.stop()
	restoreFiles(t, dir, "hub.db", backup) // hub back to 1..10
	h.start()
	tm.receive(5)
	rep, err := c.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Resent != 10 || rep.AckSeq != 25 {
		t.Errorf("report %+v: want 10 resent from the ledger, ack 25", rep)
	}
	sameLedger(t, h, tm)
}

// TestTwoTerminalsShipSameSerial: two terminals, offline, each ship the same
// serial; the hub keeps both events and raises one exception that names
// both, which the second terminal learns of.
func TestTwoTerminalsShipSameSerial(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) { testTwoTerminalsShipSameSerial(t, dsn(t)) })
	}
}

func testTwoTerminalsShipSameSerial(t *testing.T, dsn string) {
	h := startHub(t, dsn)
	ctx := context.Background()
	var orders hub.Batch
	for _, so := range []string{"SO-1", "SO-2"} {
		orders.SalesOrders = append(orders.SalesOrders, inventory.SalesOrder{ID: so, Customer: "Shop", Status: inventory.DocOpen,
			Lines: []inventory.SOLine{{Line: 1, GTIN: gtinPump, Qty: 1}}})
	}
	if _, err := h.store().Import(ctx, orders, time.Now()); err != nil {
		t.Fatal(err)
	}
	a := newTerminal(t, h, h.url(), "ta", localdb.Options{})
	// tb does not know what ta received, so it records the shipment with
	// local negative stock flagged rather than refused.
	b := newTerminal(t, h, h.url(), "tb", localdb.Options{NegativeStock: localdb.AllowAndFlag})
	ca, cb := a.client(client.Options{}), b.client(client.Options{})
	for _, s := range []string{"S1", "S2"} {
		if _, err := a.db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: gtinPump, Serial: s, Qty: 1, To: "A-01"}); err != nil {
			t.Fatal(err)
		}
	}
	syncUntilEmpty(t, ca, 3)
	// Both offline now: each ships S1.
	shipA, err := a.db.Append(ctx, inventory.Event{Kind: inventory.KindShip, Operator: "op1", GTIN: gtinPump, Serial: "S1", Qty: 1, From: "A-01", Doc: "SO-1"})
	if err != nil {
		t.Fatal(err)
	}
	shipB, err := b.db.Append(ctx, inventory.Event{Kind: inventory.KindShip, Operator: "op2", GTIN: gtinPump, Serial: "S1", Qty: 1, From: "A-01", Doc: "SO-2"})
	if err != nil {
		t.Fatal(err)
	}
	syncUntilEmpty(t, ca, 3)
	rep, err := cb.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RejectedCount != 1 {
		t.Errorf("tb's push: %d rejections %+v, want 1", rep.RejectedCount, rep.Rejected)
	}
	sameLedger(t, h, a)
	sameLedger(t, h, b)
	excs, err := h.store().Exceptions(ctx, hub.ExceptionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(excs) != 1 {
		t.Fatalf("hub exceptions %+v, want exactly one", excs)
	}
	x := excs[0]
	if x.EventID != shipB.ID || x.OtherEvent != shipA.ID || x.Device != "tb" {
		t.Errorf("exception %+v: want it on tb's ship %s naming ta's %s", x, shipB.ID, shipA.ID)
	}
	// tb knows (from the rejection, and the pull brought the exception).
	local, err := b.db.Exceptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(local) != 1 || local[0].ID != x.ID || local[0].EventID != shipB.ID {
		t.Errorf("tb's exceptions %+v, want the hub's %d", local, x.ID)
	}
}

// TestTimeoutAndServerErrorsRetry: answers slower than the client's timeout
// (after the hub committed) and 503s are retried until the hub holds the
// ledger exactly once.
func TestTimeoutAndServerErrorsRetry(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	// The client's timeout is far above what a passing request takes even
	// on a loaded CI machine under -race, and the slow answers are far
	// above the timeout: the rounds fail exactly where the plan says.
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(), Delay: 1500 * time.Millisecond,
		Plan: func(n int64, r *http.Request) faultproxy.Fault {
			switch {
			case n <= 2:
				return faultproxy.SlowAnswer // beyond the 1 s timeout below
			case n <= 4:
				return faultproxy.Unavailable
			}
			return faultproxy.Pass
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	tm.enr.HubURL = p.URL
	tm.receive(9)
	c := tm.client(client.Options{BatchEvents: 4, Timeout: time.Second})
	var errs []error
	for range 10 {
		_, err := c.SyncOnce(context.Background())
		if err == nil {
			break
		}
		errs = append(errs, err)
		if st := c.Status(); st.Stopped || st.Online {
			t.Fatalf("after %v: status %+v, want offline and retrying", err, st)
		}
	}
	// Rounds 1 and 2: the push times out and the pull is not tried (the
	// hub did not answer); round 3: push and pull get 503; round 4 works.
	if len(errs) != 3 {
		t.Errorf("%d failed rounds (%v), want 3", len(errs), errs)
	}
	var timeouts, unavailable int
	for _, err := range errs {
		if strings.Contains(err.Error(), "Client.Timeout") || strings.Contains(err.Error(), "deadline exceeded") {
			timeouts++
		}
		var he *client.HTTPError
		if errors.As(err, &he) && he.Status == http.StatusServiceUnavailable {
			unavailable++
		}
	}
	if timeouts == 0 || unavailable == 0 {
		t.Errorf("errors %v: want timeouts and 503s among them", errs)
	}
	if tm.queue() != 0 {
		t.Fatalf("queue %d after the retries", tm.queue())
	}
	sameLedger(t, h, tm)
}

// TestHubBodyLimitShrinksBatches: a hub with a small body limit answers
// 413; the client halves its batches until they fit, delivers everything,
// and keeps the smaller size for later rounds.
func TestHubBodyLimitShrinksBatches(t *testing.T) {
	h := &testHub{tb: t, dsn: "sqlite:" + t.TempDir() + "/hub.db", opt: hub.Options{MaxBodyBytes: 16 << 10}}
	h.start()
	t.Cleanup(h.stop)
	if _, err := h.store().Import(context.Background(), masterData, time.Now()); err != nil {
		t.Fatal(err)
	}
	var tooLarge atomic.Int32
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(), AfterHub: func(n int64, status int) {
		if status == http.StatusRequestEntityTooLarge {
			tooLarge.Add(1)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	tm.enr.HubURL = p.URL
	tm.receive(300)
	c := tm.client(client.Options{BatchEvents: 500})
	rep, err := c.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pushed != 300 || rep.Queue != 0 || tooLarge.Load() == 0 {
		t.Fatalf("report %+v after %d answers 413: want 300 pushed after some", rep, tooLarge.Load())
	}
	sameLedger(t, h, tm)
	tooLarge.Store(0)
	tm.receive(300)
	rep, err = c.SyncOnce(context.Background())
	if err != nil || rep.Pushed != 300 {
		t.Fatalf("second round %+v, %v", rep, err)
	}
	if n := tooLarge.Load(); n != 0 {
		t.Errorf("second round got %d answers 413: the smaller batch size was not kept", n)
	}
	sameLedger(t, h, tm)
}

// TestQueueReportedToHub: a terminal whose pushes the hub cannot take for
// a while (503) still pulls, and its pull tells the hub what it holds
// unsent: the hub's devices list shows the count and the oldest event's
// time, and after a round that delivers them, an empty queue.
func TestQueueReportedToHub(t *testing.T) {
	h := startHub(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	var refuse atomic.Bool
	refuse.Store(true)
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(), Plan: func(n int64, r *http.Request) faultproxy.Fault {
		if refuse.Load() && r.Method == "POST" && r.URL.Path == "/v1/events" {
			return faultproxy.Unavailable
		}
		return faultproxy.Pass
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	tm.enr.HubURL = p.URL
	before := time.Now()
	tm.receive(5)
	c := tm.client(client.Options{})
	if rep, err := c.SyncOnce(context.Background()); err == nil || rep.Queue != 5 || rep.Pages == 0 {
		t.Fatalf("round with pushes refused: %+v %v; want an error, queue 5 and a pull", rep, err)
	}
	d, err := h.store().Device(context.Background(), "t1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Queue != 5 || d.QueueOldest.Before(before.Add(-time.Minute)) || d.QueueOldest.After(time.Now().Add(time.Minute)) {
		t.Fatalf("the hub's view of t1: queue %d, oldest %v; want 5 and about %v", d.Queue, d.QueueOldest, before)
	}
	refuse.Store(false)
	if rep, err := c.SyncOnce(context.Background()); err != nil || rep.Queue != 0 {
		t.Fatalf("round after the hub recovered: %+v %v", rep, err)
	}
	if d, err = h.store().Device(context.Background(), "t1"); err != nil || d.Queue != 0 || !d.QueueOldest.IsZero() {
		t.Fatalf("the hub's view after delivery: %+v %v", d, err)
	}
}

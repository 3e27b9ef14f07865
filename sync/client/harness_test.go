package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

// Master data both sides share in these tests.
const (
	gtinBox  = "09506000000015" // quantity only
	gtinPump = "09506000111117" // serialised
)

var masterData = hub.Batch{
	Products: []inventory.Product{
		{GTIN: gtinBox, SKU: "BOX", Name: "Carton", Tracking: inventory.TrackNone},
		{GTIN: gtinPump, SKU: "PUMP", Name: "Infusion pump", Tracking: inventory.TrackSerial},
	},
	Locations: []inventory.Location{
		{Code: "DOCK1", Kind: inventory.LocDock, Warehouse: "W1"},
		{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1"},
		{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1"},
	},
}

// testHub is a real hub (sync/hub over a real store) serving real HTTP on
// 127.0.0.1. It can be stopped and started again on the same address, with
// the store closed and reopened in between, like a process restart.
type testHub struct {
	tb  testing.TB
	dsn string

	mu   sync.Mutex
	addr string // fixed after the first start
	st   hub.Store
	srv  *http.Server
	h    *hub.Server
	tls  *tlsFiles // serve HTTPS with this certificate when set
	opt  hub.Options
}

type tlsFiles struct{ cert, key string }

// dsns are the stores every store-dependent test runs on.
func dsns(tb testing.TB) map[string]func(testing.TB) string {
	return map[string]func(testing.TB) string{
		"sqlite": func(tb testing.TB) string {
			return "sqlite:" + filepath.Join(tb.TempDir(), "hub.db")
		},
		"postgres": pgDSN,
	}
}

func startHub(tb testing.TB, dsn string) *testHub {
	tb.Helper()
	h := &testHub{tb: tb, dsn: dsn}
	h.start()
	tb.Cleanup(h.stop)
	ctx := context.Background()
	if _, err := h.store().Import(ctx, masterData, time.Now()); err != nil {
		tb.Fatalf("import master data: %v", err)
	}
	return h
}

func (h *testHub) start() {
	h.tb.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, h.dsn)
	if err != nil {
		h.tb.Fatalf("open hub store: %v", err)
	}
	addr := h.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	for i := 0; ; i++ { // the old socket may linger a moment after a restart
		ln, err = net.Listen("tcp", addr)
		if err == nil || i == 100 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		st.Close()
		h.tb.Fatalf("hub listen: %v", err)
	}
	h.addr = ln.Addr().String()
	h.st = st
	h.h = hub.New(st, h.opt)
	// Refused handshakes (the pinning tests) are expected: keep them out of the log.
	h.srv = &http.Server{Handler: h.h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	if h.tls != nil {
		go h.srv.ServeTLS(ln, h.tls.cert, h.tls.key)
	} else {
		go h.srv.Serve(ln)
	}
}

// stop closes the server (dropping connections in flight) and the store.
func (h *testHub) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.srv == nil {
		return
	}
	h.srv.Close()
	h.st.Close()
	h.srv, h.st = nil, nil
}

func (h *testHub) restart() {
	h.stop()
	h.start()
}

func (h *testHub) url() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tls != nil {
		return "https://" + h.addr
	}
	return "http://" + h.addr
}

func (h *testHub) store() hub.Store {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.st
}

func (h *testHub) addDevice(name string) string {
	h.tb.Helper()
	code, err := hub.AddDevice(context.Background(), h.store(), name, time.Hour, time.Now())
	if err != nil {
		h.tb.Fatalf("add device %s: %v", name, err)
	}
	return code
}

// events returns what the hub holds for device, in seq order.
func (h *testHub) events(device string) []inventory.Event {
	h.tb.Helper()
	evs, err := h.store().Events(context.Background(), hub.EventFilter{Device: device})
	if err != nil {
		h.tb.Fatalf("hub events of %s: %v", device, err)
	}
	out := make([]inventory.Event, len(evs))
	for i, e := range evs {
		out[i] = e.Event
	}
	return out
}

// terminal is a real terminal data folder: localdb on a file, enrolled.
type terminal struct {
	tb  testing.TB
	dir string
	db  *localdb.DB
	enr client.Enrollment
}

// newTerminal enrols a terminal named name with h (through url, which may
// be a proxy) and pulls the master data.
func newTerminal(tb testing.TB, h *testHub, url, name string, opt localdb.Options) *terminal {
	tb.Helper()
	ctx := context.Background()
	dir := filepath.Join(tb.TempDir(), name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	db, err := localdb.Open(ctx, filepath.Join(dir, "terminal.db"), opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	e, err := client.Enroll(ctx, url, h.addDevice(name), client.EnrollOptions{})
	if err != nil {
		tb.Fatalf("enroll %s: %v", name, err)
	}
	if err := db.SetDevice(ctx, e.Device); err != nil {
		tb.Fatal(err)
	}
	if err := client.SaveEnrollment(dir, e); err != nil {
		tb.Fatal(err)
	}
	c := client.New(db, e, client.Options{})
	defer c.Close()
	if _, err := c.SyncOnce(ctx); err != nil {
		tb.Fatalf("first sync of %s: %v", name, err)
	}
	if _, err := db.Product(ctx, gtinBox); err != nil {
		tb.Fatalf("%s has no master data after the first pull: %v", name, err)
	}
	return &terminal{tb: tb, dir: dir, db: db, enr: e}
}

// receive records n receipts of one carton each, in one transaction per
// chunk of 1000 (the fast way to build a large queue).
func (tm *terminal) receive(n int) []inventory.Event {
	tm.tb.Helper()
	return tm.receiveOn("", n)
}

// receiveOn records n receipts of one carton each on line 1 of doc (none
// when doc is "").
func (tm *terminal) receiveOn(doc string, n int) []inventory.Event {
	tm.tb.Helper()
	line := 0
	if doc != "" {
		line = 1
	}
	var out []inventory.Event
	for n > 0 {
		k := min(n, 1000)
		drafts := make([]inventory.Event, k)
		for i := range drafts {
			drafts[i] = inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: gtinBox, Qty: 1, To: "DOCK1", Doc: doc, DocLine: line}
		}
		evs, err := tm.db.AppendBatch(context.Background(), drafts)
		if err != nil {
			tm.tb.Fatalf("append: %v", err)
		}
		out = append(out, evs...)
		n -= k
	}
	return out
}

func (tm *terminal) client(opt client.Options) *client.Client {
	c := client.New(tm.db, tm.enr, opt)
	tm.tb.Cleanup(c.Close)
	return c
}

func (tm *terminal) ledger() []inventory.Event {
	tm.tb.Helper()
	var out []inventory.Event
	for {
		after := int64(0)
		if len(out) > 0 {
			after = out[len(out)-1].Seq
		}
		evs, err := tm.db.Events(context.Background(), after, 1000)
		if err != nil {
			tm.tb.Fatal(err)
		}
		out = append(out, evs...)
		if len(evs) < 1000 {
			return out
		}
	}
}

func (tm *terminal) queue() int {
	tm.tb.Helper()
	n, _, err := tm.db.OutboxStats(context.Background())
	if err != nil {
		tm.tb.Fatal(err)
	}
	return n
}

// sameLedger fails unless the hub holds exactly the terminal's ledger for
// its device: same seqs 1..N without gap or duplicate, same event ids and
// contents.
func sameLedger(tb testing.TB, h *testHub, tm *terminal) {
	tb.Helper()
	local, remote := tm.ledger(), h.events(tm.enr.Device)
	if err := compareLedgers(local, remote); err != nil {
		tb.Fatalf("terminal %s and hub differ: %v", tm.enr.Device, err)
	}
}

func compareLedgers(local, remote []inventory.Event) error {
	seen := map[int64]bool{}
	for _, e := range remote {
		if seen[e.Seq] {
			return fmt.Errorf("hub holds seq %d twice", e.Seq)
		}
		seen[e.Seq] = true
	}
	if len(local) != len(remote) {
		return fmt.Errorf("terminal has %d events, hub %d", len(local), len(remote))
	}
	for i := range local {
		l, r := local[i], remote[i]
		if l.Seq != int64(i+1) {
			return fmt.Errorf("terminal ledger has seq %d at position %d", l.Seq, i+1)
		}
		if r.Seq != l.Seq || r.ID != l.ID || r.Kind != l.Kind || r.GTIN != l.GTIN || r.Qty != l.Qty ||
			r.Serial != l.Serial || r.Lot != l.Lot || r.From != l.From || r.To != l.To || r.Device != l.Device || !r.At.Equal(l.At) {
			return fmt.Errorf("seq %d differs:\n terminal %+v\n hub      %+v", l.Seq, l, r)
		}
	}
	return nil
}

// syncUntilEmpty runs SyncOnce until the queue is empty and a round
// succeeded, tolerating the injected faults; it gives up after max rounds.
func syncUntilEmpty(tb testing.TB, c *client.Client, limit int) (rounds int, errs []error) {
	tb.Helper()
	for rounds = 1; rounds <= limit; rounds++ {
		rep, err := c.SyncOnce(context.Background())
		if err == nil && rep.Queue == 0 {
			return rounds, errs
		}
		if err != nil {
			if errors.Is(err, client.ErrRevoked) || errors.Is(err, client.ErrProtocol) {
				tb.Fatalf("round %d: unexpected fatal error %v", rounds, err)
			}
			errs = append(errs, err)
		}
	}
	tb.Fatalf("queue not empty after %d rounds; last errors: %v", limit, errs[max(0, len(errs)-3):])
	return rounds, errs
}

// waitStatus reads statuses until ok accepts one. It fails the test if the
// loop stops (Stopped, or Run returned on done) first, so a broken loop
// fails instead of hanging.
func waitStatus(tb testing.TB, sub <-chan client.Status, done <-chan error, what string, ok func(client.Status) bool) client.Status {
	tb.Helper()
	for {
		select {
		case st := <-sub:
			if ok(st) {
				return st
			}
			if st.Stopped {
				tb.Fatalf("waiting for %s: the loop stopped: %+v", what, st)
			}
		case err := <-done:
			tb.Fatalf("waiting for %s: Run returned %v", what, err)
		}
	}
}

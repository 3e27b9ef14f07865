package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net"
	"net/http"
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

// syncTestHub is a real hub on a real SQLite file serving HTTP on
// 127.0.0.1, with a carton product and a dock location.
func syncTestHub(t *testing.T) (hub.Store, string) {
	t.Helper()
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Import(ctx, hub.Batch{
		Products:  []inventory.Product{{GTIN: "09506000000015", SKU: "BOX", Name: "Carton", Tracking: inventory.TrackNone}},
		Locations: []inventory.Location{{Code: "DOCK1", Kind: inventory.LocDock, Warehouse: "W1"}},
	}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: hub.New(st, hub.Options{})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); st.Close() })
	return st, "http://" + ln.Addr().String()
}

func runSyncCmd(ctx context.Context, args ...string) (string, string, error) {
	var out, errb strings.Builder
	err := run(ctx, ioStreams{In: strings.NewReader(""), Out: &out, Err: &errb}, args)
	return out.String(), errb.String(), err
}

// enrolledDir enrols a new terminal folder as device name.
func enrolledDir(t *testing.T, st hub.Store, url, name string) string {
	t.Helper()
	code, err := hub.AddDevice(context.Background(), st, name, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), name)
	if out, errs, err := runSyncCmd(context.Background(), "enroll", url, code, "--data", dir); err != nil {
		t.Fatalf("enroll: %v\n%s%s", err, out, errs)
	}
	return dir
}

func appendCartons(t *testing.T, dir string, n int) {
	t.Helper()
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for range n {
		if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: "09506000000015", Qty: 2, To: "DOCK1", Lot: ""}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEnrollCommand(t *testing.T) {
	ctx := context.Background()
	st, url := syncTestHub(t)
	code, err := hub.AddDevice(ctx, st, "term-1", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "term")
	// Flags after the positional arguments work as the synopsis shows.
	out, errs, err := runSyncCmd(ctx, "enroll", url, code, "--data", dir)
	if err != nil {
		t.Fatalf("enroll: %v\n%s", err, errs)
	}
	for _, want := range []string{"enrolled as device term-1 with hub " + url, "enrollment.json (mode 0600)", "first sync: pushed 0 events", "pulled 2 changes"} {
		if !strings.Contains(out, want) {
			t.Errorf("enroll output lacks %q:\n%s", want, out)
		}
	}
	fi, err := os.Stat(filepath.Join(dir, client.EnrollmentFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("enrollment.json: %v, mode %v", err, fi.Mode().Perm())
	}
	db, err := localdb.Open(ctx, filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if dev, err := db.Device(ctx); err != nil || dev != "term-1" {
		t.Errorf("local device %q, %v; want term-1", dev, err)
	}
	if _, err := db.Product(ctx, "09506000000015"); err != nil {
		t.Errorf("master data not pulled: %v", err)
	}
	db.Close()

	// Enrolling the folder under another device (a copied folder, with a
	// code from scanhub device add) renumbers its ledger for the new name
	// and queues it again: the hub recognises what term-1 already sent.
	appendCartons(t, dir, 1)
	code2, err := hub.AddDevice(ctx, st, "term-9", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	out, _, err = runSyncCmd(ctx, "enroll", url, code2, "--data", dir)
	if err != nil || !strings.Contains(out, "recorded as term-1) continue as device term-9") {
		t.Errorf("re-enrol as another device: %v\n%s", err, out)
	}
	if e, err := client.LoadEnrollment(dir); err != nil || e.Device != "term-9" {
		t.Errorf("enrolment after re-enrolling: %+v, %v; want term-9", e, err)
	}
	if evs, err := st.Events(ctx, hub.EventFilter{Device: "term-9"}); err != nil || len(evs) != 1 {
		t.Errorf("hub holds %d events of term-9 (%v), want the one carton term-1 had not sent", len(evs), err)
	}

	// --warehouse (repeatable) is stored with the enrolment and said.
	code3, err := hub.AddDevice(ctx, st, "term-3", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir3 := filepath.Join(t.TempDir(), "term3")
	out, errs, err = runSyncCmd(ctx, "enroll", url, code3, "--data", dir3, "--warehouse", "W1", "--warehouse", "W2", "--warehouse", "W1")
	if err != nil || !strings.Contains(out, "limited to warehouse W1, W2") {
		t.Fatalf("enroll --warehouse: %v\n%s%s", err, out, errs)
	}
	if e, err := client.LoadEnrollment(dir3); err != nil || strings.Join(e.Warehouses, ",") != "W1,W2" {
		t.Errorf("enrolment with warehouses: %+v, %v", e, err)
	}

	// The code was single-use.
	_, _, err = runSyncCmd(ctx, "enroll", "--data", filepath.Join(t.TempDir(), "x"), url, code)
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("enrol with a used code: %v, want a refusal", err)
	}
	// Usage errors exit 2 with one line.
	for _, args := range [][]string{{"enroll"}, {"enroll", url}, {"enroll", url, code, "extra"}, {"enroll", "--bogus", url, code}} {
		if _, _, err := runSyncCmd(ctx, args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	// Plain http to a hub off this machine is refused unless asked for.
	_, _, err = runSyncCmd(ctx, "enroll", "http://192.0.2.1:8765", "ABCD", "--data", filepath.Join(t.TempDir(), "y"))
	if !errors.Is(err, client.ErrInsecureURL) {
		t.Errorf("plain http off loopback: %v, want ErrInsecureURL", err)
	}
	out, _, err = runSyncCmd(ctx, "enroll", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: scanterm enroll URL CODE") || !strings.Contains(out, "Example:") || !strings.Contains(out, "-fingerprint") {
		t.Errorf("enroll --help: %v\n%s", err, out)
	}
}

func TestSyncCommandOnce(t *testing.T) {
	ctx := context.Background()
	st, url := syncTestHub(t)
	dir := enrolledDir(t, st, url, "term-2")
	appendCartons(t, dir, 3)
	out, errs, err := runSyncCmd(ctx, "sync", "--once", "--data", dir)
	if err != nil {
		t.Fatalf("sync --once: %v\n%s", err, errs)
	}
	if !strings.Contains(out, "pushed 3 events in 1 batch (hub holds seq 1..3)") || !strings.Contains(out, "queue 0") {
		t.Errorf("sync --once output:\n%s", out)
	}
	evs, err := st.Events(ctx, hub.EventFilter{Device: "term-2"})
	if err != nil || len(evs) != 3 {
		t.Fatalf("hub holds %d events (%v), want 3", len(evs), err)
	}
	appendCartons(t, dir, 2)
	out, _, err = runSyncCmd(ctx, "sync", "--once", "--json", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var rep client.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("sync --once --json printed %q: %v", out, err)
	}
	if rep.Pushed != 2 || rep.AckSeq != 5 || rep.Queue != 0 || rep.Error != "" {
		t.Errorf("report %+v", rep)
	}

	// Revoked: the command fails, says what to do, keeps the queue.
	appendCartons(t, dir, 1)
	if err := st.RevokeDevice(ctx, "term-2", time.Now()); err != nil {
		t.Fatal(err)
	}
	_, errs, err = runSyncCmd(ctx, "sync", "--once", "--data", dir)
	if !errors.Is(err, client.ErrRevoked) || !strings.Contains(errs, "1 unsent events are kept") {
		t.Errorf("sync of a revoked terminal: %v\nstderr: %s", err, errs)
	}
}

func TestSyncCommandErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, _, err := runSyncCmd(ctx, "sync", "--once", "--data", dir); !errors.Is(err, client.ErrNotEnrolled) {
		t.Errorf("sync of a folder never enrolled: %v, want ErrNotEnrolled", err)
	}
	for _, args := range [][]string{{"sync", "extra"}, {"sync", "--once=maybe"}, {"sync", "--pull-every", "0s"}} {
		if _, _, err := runSyncCmd(ctx, append(args, "--data", dir)...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	out, _, err := runSyncCmd(ctx, "sync", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: scanterm sync") || !strings.Contains(out, "Example:") {
		t.Errorf("sync --help: %v\n%s", err, out)
	}
}

// TestSyncCommandLoop runs `scanterm sync` (no --once) until the events
// another process queued reached the hub, then interrupts it.
func TestSyncCommandLoop(t *testing.T) {
	st, url := syncTestHub(t)
	dir := enrolledDir(t, st, url, "term-3")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		out string
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, _, err := runSyncCmd(ctx, "sync", "--json", "--poll", "10ms", "--data", dir)
		done <- result{out, err}
	}()
	appendCartons(t, dir, 4) // as the TUI would, from another connection
	db, err := localdb.Open(context.Background(), filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Done when the hub holds the events and the terminal has taken the
	// hub's answer (its outbox is empty): stopping between the two would
	// cancel a push the hub already committed, which is a valid run but
	// one whose report says nothing was pushed.
	for {
		evs, err := st.Events(context.Background(), hub.EventFilter{Device: "term-3"})
		if err != nil {
			t.Fatal(err)
		}
		queued, _, err := db.OutboxStats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 4 && queued == 0 {
			break
		}
		select { // waiting for a condition, not asserting a duration
		case r := <-done:
			t.Fatalf("sync loop ended before the events reached the hub: %v\n%s", r.err, r.out)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	r := <-done
	if r.err != nil {
		t.Fatalf("sync loop: %v", r.err)
	}
	pushed := 0
	for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
		var rep client.Report
		if err := json.Unmarshal([]byte(line), &rep); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		pushed += rep.Pushed
	}
	if pushed != 4 {
		t.Errorf("rounds printed %d pushed events, want 4:\n%s", pushed, r.out)
	}
}

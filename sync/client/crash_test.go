package client_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/client/internal/faultproxy"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/pgtest"
)

// childEnv makes the test binary act as a terminal that syncs DIR until its
// queue is empty (see TestMain); the crash test kill -9s it mid-push.
const childEnv = "SCANTERM_SYNC_TEST_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(childSync(dir))
	}
	if dsn := os.Getenv(hubChildEnv); dsn != "" {
		os.Exit(childHub(dsn))
	}
	pgtest.Main(m) // stops the shared PostgreSQL after the tests
}

func childSync(dir string) int {
	ctx := context.Background()
	e, err := client.LoadEnrollment(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	db, err := localdb.Open(ctx, filepath.Join(dir, "terminal.db"), localdb.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer db.Close()
	c := client.New(db, e, client.Options{BatchEvents: 10})
	defer c.Close()
	for range 1000 {
		if rep, err := c.SyncOnce(ctx); err == nil && rep.Queue == 0 {
			return 0
		}
	}
	return 4
}

// runChildSync runs a terminal process that syncs dir until its queue is
// empty (childSync), publishing it in child while it runs so a test hook
// can kill it, and returns how it ended.
func runChildSync(t *testing.T, dir string, child *atomic.Pointer[os.Process]) error {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	child.Store(cmd.Process)
	defer child.Store(nil)
	return cmd.Wait()
}

// TestKill9MidPush kills a terminal process with SIGKILL right after the
// hub committed one of its batches and before the answer reached it, three
// times, then lets a restarted terminal finish: the hub ends with exactly
// the terminal's ledger.
func TestKill9MidPush(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) { testKill9MidPush(t, dsn(t)) })
	}
}

func testKill9MidPush(t *testing.T, dsn string) {
	h := startHub(t, dsn)
	var child atomic.Pointer[os.Process]
	var killAt atomic.Int64
	var killed atomic.Int32
	p, err := faultproxy.Start(faultproxy.Options{Target: h.url(),
		AfterHub: func(n int64, status int) {
			if n == killAt.Load() {
				if proc := child.Load(); proc != nil {
					killed.Add(1) // before the kill: Wait may return before the next line runs
					proc.Kill()   // SIGKILL: no deferred code, no clean close
				}
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	tm.enr.HubURL = p.URL
	if err := client.SaveEnrollment(tm.dir, tm.enr); err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 3; round++ {
		tm.receive(45)
		before := tm.queue()
		killAt.Store(p.Requests() + int64(round)) // the round-th push of this child
		err := runChildSync(t, tm.dir, &child)
		if killed.Load() != int32(round) {
			t.Fatalf("round %d: child was not killed mid-push (exit %v)", round, err)
		}
		after := tm.queue()
		hubHas := len(h.events("t1"))
		// Killed after the hub committed a batch whose answer it never saw:
		// the hub holds more than the terminal has deleted from its queue.
		ledgerLen := len(tm.ledger())
		t.Logf("round %d: queue %d -> %d, hub holds %d of %d", round, before, after, hubHas, ledgerLen)
		if after == 0 || hubHas <= ledgerLen-after {
			t.Fatalf("round %d: queue %d, hub holds %d of %d: the kill did not land between commit and ack", round, after, hubHas, ledgerLen)
		}
	}
	c := tm.client(client.Options{BatchEvents: 10})
	syncUntilEmpty(t, c, 5)
	sameLedger(t, h, tm)
}

// TestKill9HubMidApply kills the hub process with SIGKILL while it reads or
// applies a large batch (at a few different moments), restarts it on the
// same store, and lets the terminal finish: the hub ends with exactly the
// terminal's ledger, whatever part of the batch had committed.
func TestKill9HubMidApply(t *testing.T) {
	for name, dsn := range dsns(t) {
		t.Run(name, func(t *testing.T) { testKill9HubMidApply(t, dsn(t)) })
	}
}

func testKill9HubMidApply(t *testing.T, dsn string) {
	ctx := context.Background()
	url, code, proc := hubProcess(t, dsn, "")
	tm := benchTerminal(t, url, code)
	var hubProc atomic.Pointer[os.Process]
	hubProc.Store(proc)
	var killAt atomic.Int64
	var wait atomic.Int64 // how long after forwarding to kill, in µs
	// killed is the running kill's done channel, handed over under a
	// mutex: the client learns of the kill through a TCP connection,
	// which the race detector does not see as synchronisation.
	var mu sync.Mutex
	var killed chan struct{}
	p, err := faultproxy.Start(faultproxy.Options{Target: url,
		BeforeHub: func(n int64) {
			if n != killAt.Load() {
				return
			}
			proc := hubProc.Load()
			done := make(chan struct{})
			mu.Lock()
			killed = done
			mu.Unlock()
			go func() {
				defer close(done)
				time.Sleep(time.Duration(wait.Load()) * time.Microsecond)
				proc.Kill()
				proc.Wait()
			}()
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tm.enr.HubURL = p.URL
	c := tm.client(client.Options{BatchEvents: 500})
	addr := strings.TrimPrefix(url, "http://")
	for i, us := range []int64{0, 20_000, 50_000, 100_000, 200_000} {
		tm.receive(1000)
		wait.Store(us)
		killAt.Store(p.Requests() + 1) // this round's push
		if _, err := c.Push(ctx); err == nil {
			// The hub answered before the kill landed: still a valid
			// run, the next rounds converge all the same.
			t.Logf("kill %d (%d µs) landed after the answer", i+1, us)
		}
		mu.Lock()
		done := killed
		killed = nil
		mu.Unlock()
		if done != nil {
			<-done
		}
		t.Logf("kill %d, %d µs after forwarding: hub holds %d of %d events", i+1, us, hubCount(t, dsn), len(tm.ledger()))
		_, _, proc := hubProcess(t, dsn, addr)
		hubProc.Store(proc)
	}
	syncUntilEmpty(t, c, 5)
	st, err := hub.OpenStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.Events(ctx, hub.EventFilter{Device: "bench"})
	if err != nil {
		t.Fatal(err)
	}
	remote := make([]inventory.Event, len(evs))
	for i, e := range evs {
		remote[i] = e.Event
	}
	if err := compareLedgers(tm.ledger(), remote); err != nil {
		t.Fatalf("after hub kills: %v", err)
	}
}

// hubCount opens the hub's store (the hub process is dead) and counts the
// events it holds for device "bench".
func hubCount(t *testing.T, dsn string) int {
	t.Helper()
	st, err := hub.OpenStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.Events(context.Background(), hub.EventFilter{Device: "bench"})
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

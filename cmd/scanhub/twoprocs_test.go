package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/pgtest"
	"github.com/scanterm/scanterm/sync/wire"
)

// asScanhubEnv makes the test binary run as the scanhub command itself
// (main with the process's arguments), so the tests can start real
// "scanhub serve" processes without a separate build step.
const asScanhubEnv = "SCANHUB_TEST_AS_SCANHUB"

func TestMain(m *testing.M) {
	if os.Getenv(asScanhubEnv) == "1" {
		main() // exits non-zero itself on an error
		os.Exit(0)
	}
	pgtest.Main(m) // stops the shared PostgreSQL after the tests
}

// hubProc is a "scanhub serve" OS process.
type hubProc struct {
	url  string
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has been waited for
	err  error         // its exit, once done is closed
}

var listenLine = regexp.MustCompile(`^scanhub: listening on (http://127\.0\.0\.1:\d+)$`)

// startHubProc starts "scanhub serve --db dsn --listen 127.0.0.1:0" as a
// child process and returns once it has printed the address it listens on.
// At the end of the test it is stopped with SIGTERM unless it is dead.
func startHubProc(t *testing.T, dsn string) *hubProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--db", dsn, "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), asScanhubEnv+"=1")
	cmd.Stderr = os.Stderr
	// If the test binary dies, the hub dies with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &hubProc{cmd: cmd, done: make(chan struct{})}
	sc := bufio.NewScanner(stdout)
	var before []string
	for sc.Scan() {
		if m := listenLine.FindStringSubmatch(sc.Text()); m != nil {
			h.url = m[1]
			break
		}
		before = append(before, sc.Text())
	}
	// Keep draining so the hub never blocks on stdout, then reap it.
	go func() {
		io.Copy(io.Discard, stdout)
		h.err = cmd.Wait()
		close(h.done)
	}()
	if h.url == "" {
		cmd.Process.Kill()
		<-h.done
		t.Fatalf("scanhub serve exited (%v) without printing its address; it printed %q", h.err, before)
	}
	t.Cleanup(func() {
		select {
		case <-h.done:
			return
		default:
		}
		cmd.Process.Signal(syscall.SIGTERM)
		<-h.done
		if h.err != nil {
			t.Errorf("scanhub serve on %s: %v after SIGTERM", h.url, h.err)
		}
	})
	return h
}

// push sends one batch over HTTP; a transport error is returned, not
// fatal, since a hub may be killed under it.
func push(hc *http.Client, url, token string, evs []inventory.Event) (wire.PushResponse, int, error) {
	var out wire.PushResponse
	b, err := json.Marshal(wire.PushRequest{Events: evs})
	if err != nil {
		return out, 0, err
	}
	req, err := http.NewRequest("POST", url+"/v1/events", bytes.NewReader(b))
	if err != nil {
		return out, 0, err
	}
	req.Header.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return out, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return out, resp.StatusCode, fmt.Errorf("HTTP %d: %s", resp.StatusCode, body)
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return out, resp.StatusCode, err // the hub died while answering
	}
	return out, resp.StatusCode, nil
}

// procEvent is event seq of device dev; every goroutine that pushes it
// builds the same one. Every fifth event moves one box DOCK-1 -> A-01, the
// others receive seq%3+1 boxes into DOCK-1, so a device never moves more
// than it has received before and the projection never goes below zero.
func procEvent(dev string, seq int64) inventory.Event {
	e := inventory.Event{ID: fmt.Sprintf("%s-%d", dev, seq), Device: dev, Seq: seq, Operator: "1001",
		At: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Second), GTIN: hub.DemoGTINPlain}
	if seq%5 == 0 {
		e.Kind, e.Qty, e.From, e.To = inventory.KindMove, 1, "DOCK-1", "A-01"
	} else {
		e.Kind, e.Qty, e.To, e.Doc = inventory.KindReceive, seq%3+1, "DOCK-1", "PO-1001"
	}
	return e
}

func procBatch(dev string, first, n int64) []inventory.Event {
	evs := make([]inventory.Event, n)
	for i := range evs {
		evs[i] = procEvent(dev, first+int64(i))
	}
	return evs
}

// TestTwoHubProcessesOnePostgres runs two "scanhub serve" processes on one
// PostgreSQL database and has several goroutines push the same batches
// (same device, same seqs) to both at once, as terminals retrying through a
// load balancer would. Then it kills one hub with SIGKILL while a push to it
// is in flight; the pushers fail over to the other, which keeps serving,
// and the retried pushes converge. Each (device, seq) is stored exactly
// once, every device's last seq is its last event, and the stock projection
// counts every event once.
func TestTwoHubProcessesOnePostgres(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t)
	scanhub(t, "demo", "--db", dsn)
	a, b := startHubProc(t, dsn), startHubProc(t, dsn)
	hubs := []*hubProc{a, b}
	hc := &http.Client{Timeout: time.Minute}

	const batch = 20
	devices := []string{"shared", "t1", "t2", "t3"}
	tokens := map[string]string{}
	for i, d := range devices {
		var added struct{ Code string }
		if err := json.Unmarshal([]byte(scanhub(t, "device", "add", d, "--db", dsn, "--json")), &added); err != nil {
			t.Fatal(err)
		}
		var enr wire.EnrollResponse
		if st := post(t, hubs[i%2].url+"/v1/enroll", "", wire.EnrollRequest{Code: added.Code, AppVersion: "procs"}, &enr); st != 200 || enr.Token == "" {
			t.Fatalf("enrol %s: %d", d, st)
		}
		tokens[d] = enr.Token
	}
	// pushers is how many goroutines push each device's batches: "shared"
	// by four (two on each hub), the others by two (one on each hub).
	pushers := map[string]int{"shared": 4, "t1": 2, "t2": 2, "t3": 2}

	var bAcks, failovers atomic.Int64
	var bDead atomic.Bool
	// pushAll has every pusher send batches [from, to) of its device, each
	// to its own hub until that hub dies, then to the other: a pusher moves
	// on only once a hub acknowledged the whole batch.
	pushAll := func(from, to int64) {
		var wg sync.WaitGroup
		for _, d := range devices {
			for g := range pushers[d] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					target := hubs[g%2]
					for k := from; k < to; k++ {
						evs := procBatch(d, k*batch+1, batch)
						for attempt := 0; ; attempt++ {
							if attempt == 1000 {
								t.Errorf("%s batch %d: no hub took it in 1000 attempts", d, k)
								return
							}
							resp, _, err := push(hc, target.url, tokens[d], evs)
							if err != nil {
								// Refused, cut or half answered by the
								// killed hub: the batch goes to the other.
								if target == b && bDead.Load() {
									failovers.Add(1)
									target = a // the load balancer's health check
									continue
								}
								t.Errorf("%s batch %d to %s: %v", d, k, target.url, err)
								return
							}
							if target == b {
								bAcks.Add(1)
							}
							if resp.Expected == 0 && resp.AckSeq >= evs[len(evs)-1].Seq {
								break
							}
							t.Errorf("%s batch %d: answered %+v", d, k, resp) // gaps cannot happen: batches go in order
							return
						}
					}
				}()
			}
		}
		wg.Wait()
	}

	// Round 1: both hubs up.
	pushAll(0, 5)
	check(t, ctx, dsn, devices, 5*batch)

	// Round 2: a push to hub b is half sent (headers and part of the body)
	// when b gets SIGKILL, after it has acknowledged some pushes of this
	// round; the other pushers are running on both hubs meanwhile.
	half := procBatch("shared", 5*batch+1, batch)
	conn := halfPush(t, b.url, tokens["shared"], half)
	defer conn.Close()
	start := bAcks.Load()
	killed, pushed := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(killed)
		// Kill once b has taken a few pushes of this round, or once the
		// round is over if it never does (the test then fails on b's
		// missing acks rather than hanging).
	wait:
		for bAcks.Load() < start+3 {
			select {
			case <-b.done:
				return
			case <-pushed:
				break wait
			case <-time.After(time.Millisecond):
			}
		}
		bDead.Store(true)
		b.cmd.Process.Kill() // SIGKILL: no deferred code, no graceful shutdown
	}()
	pushAll(5, 12)
	close(pushed)
	<-killed
	if bAcks.Load() < start+3 {
		t.Fatalf("hub b took %d pushes in round 2 before the kill, want 3 or more", bAcks.Load()-start)
	}
	<-b.done
	var exit *exec.ExitError
	if !errors.As(b.err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("hub b ended with %v, want killed by SIGKILL (it must be alive until the kill)", b.err)
	}
	// The half-sent push never got an answer: it was in flight at the kill.
	conn.Write([]byte(`]}`))
	if reply, err := io.ReadAll(conn); len(reply) != 0 {
		t.Fatalf("the half-sent push was answered (%v): %q", err, reply)
	}
	// Its retry goes to the surviving hub, which already has that batch
	// from the other pushers and takes it once; then it keeps serving new
	// batches for every device, including the ones that were on b.
	if resp, _, err := push(hc, a.url, tokens["shared"], half); err != nil || resp.AckSeq < 6*batch {
		t.Fatalf("retry of the half-sent push on hub a: %+v %v", resp, err)
	}
	bDead.Store(true)
	pushAll(12, 15)
	t.Logf("hub b acknowledged %d pushes in round 1 and %d in round 2 before SIGKILL; %d pushes failed over to hub a", start, bAcks.Load()-start, failovers.Load())
	check(t, ctx, dsn, devices, 15*batch)
}

// halfPush opens a connection to the hub and sends a push's headers and
// the first half of its body, leaving the request in flight.
func halfPush(t *testing.T, url, token string, evs []inventory.Event) net.Conn {
	t.Helper()
	body, err := json.Marshal(wire.PushRequest{Events: evs})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /v1/events HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n%s: %d\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
		strings.TrimPrefix(url, "http://"), token, wire.HeaderProtocol, wire.ProtocolVersion, len(body))
	if _, err := conn.Write(body[:len(body)/2]); err != nil {
		t.Fatal(err)
	}
	return conn
}

// check opens the store itself and asserts every device holds seqs 1..n
// exactly once, with last seq n, no exception, and stock that counts each
// event once.
func check(t *testing.T, ctx context.Context, dsn string, devices []string, n int64) {
	t.Helper()
	st, err := hub.OpenStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var dock, bin int64
	for _, d := range devices {
		evs, err := st.Events(ctx, hub.EventFilter{Device: d})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]int{}
		for _, e := range evs {
			seen[e.Seq]++
			if want := procEvent(d, e.Seq); e.ID != want.ID || e.Qty != want.Qty || e.Kind != want.Kind {
				t.Errorf("%s seq %d stored as %s %s %d, sent as %s %s %d", d, e.Seq, e.ID, e.Kind, e.Qty, want.ID, want.Kind, want.Qty)
			}
		}
		for s := int64(1); s <= n; s++ {
			if seen[s] != 1 {
				t.Errorf("%s seq %d stored %d times", d, s, seen[s])
			}
		}
		if int64(len(evs)) != n {
			t.Errorf("%s: %d events stored, want %d", d, len(evs), n)
		}
		dev, err := st.Device(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if dev.AckSeq != n {
			t.Errorf("%s: last seq %d, want %d", d, dev.AckSeq, n)
		}
		for s := int64(1); s <= n; s++ {
			if e := procEvent(d, s); e.Kind == inventory.KindMove {
				dock, bin = dock-e.Qty, bin+e.Qty
			} else {
				dock += e.Qty
			}
		}
	}
	xs, err := st.Exceptions(ctx, hub.ExceptionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 0 {
		t.Errorf("%d exceptions, want none; first: %+v", len(xs), xs[0])
	}
	// The projection itself, read from the database both hubs wrote.
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	stock := map[string]int64{}
	rows, err := c.Query(ctx, `SELECT loc, qty FROM stock WHERE gtin = $1`, hub.DemoGTINPlain)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var loc string
		var qty int64
		if err := rows.Scan(&loc, &qty); err != nil {
			t.Fatal(err)
		}
		stock[loc] += qty
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if stock["DOCK-1"] != dock || stock["A-01"] != bin {
		t.Errorf("stock DOCK-1 %d, A-01 %d; want %d and %d (each event once)", stock["DOCK-1"], stock["A-01"], dock, bin)
	}
}

package hub_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// startGuardedHub serves a hub the way scanhub serve does: a real listener
// on 127.0.0.1 behind LimitListener, with NewHTTPServer's deadlines.
func startGuardedHub(t testing.TB, l hub.Limits) *testHub {
	t.Helper()
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := hub.New(st, hub.Options{Limits: l, Logger: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := hub.NewHTTPServer(srv, l, log)
	go hs.Serve(hub.LimitListener(ln, l, log))
	t.Cleanup(func() { hs.Close() })
	return &testHub{srv: srv, url: "http://" + ln.Addr().String()}
}

// dialFrom opens a TCP connection to the hub from a given loopback
// address, so one test can play several clients.
func dialFrom(t testing.TB, h *testHub, from string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		t.Fatalf("dial from %s: %v", from, err)
	}
	return c
}

// slowEnrol starts an enrolment whose body promises 100,000 bytes and
// sends one: the slow-body attack on the route that needs no token.
func slowEnrol(c net.Conn) error {
	_, err := fmt.Fprintf(c, "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\n%s: %d\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
		wire.HeaderProtocol, wire.ProtocolVersion)
	return err
}

// closedWithin reports whether the hub ends the connection (answers and
// closes, or just closes) within d.
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// The enrolment route answers in seconds or not at all: a body that
// trickles in is cut at the route's deadline, not after minutes.
func TestSlowEnrolBodyIsCut(t *testing.T) {
	h := startGuardedHub(t, hub.Limits{ShortBody: 200 * time.Millisecond})
	c := dialFrom(t, h, "127.0.0.2")
	defer c.Close()
	if err := slowEnrol(c); err != nil {
		t.Fatal(err)
	}
	if !closedWithin(c, 10*time.Second) {
		t.Fatal("a slow enrolment body still holds its connection after 10 s (deadline 200 ms)")
	}
}

// Headers that trickle in are cut at the header timeout.
func TestSlowHeadersAreCut(t *testing.T) {
	h := startGuardedHub(t, hub.Limits{HeaderTimeout: 200 * time.Millisecond})
	c := dialFrom(t, h, "127.0.0.2")
	defer c.Close()
	fmt.Fprint(c, "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\n")
	if !closedWithin(c, 10*time.Second) {
		t.Fatal("slow headers still hold their connection after 10 s (timeout 200 ms)")
	}
}

// One address cannot hold more than its share of connections; the
// terminals on other addresses keep syncing.
func TestConnectionCapPerAddress(t *testing.T) {
	const perAddr = 16
	h := startGuardedHub(t, hub.Limits{MaxConnsPerAddr: perAddr})
	tok := h.enroll(t, "t1")
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < 4*perAddr; i++ {
		c := dialFrom(t, h, "127.0.0.2")
		conns = append(conns, c)
		slowEnrol(c)
	}
	var held atomic.Int32
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !closedWithin(c, 500*time.Millisecond) {
				held.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := held.Load(); n > perAddr {
		t.Fatalf("one address holds %d connections, the limit is %d", n, perAddr)
	}
	if held.Load() == 0 {
		t.Fatal("the hub held none of the attacker's connections: the test did not exercise the cap")
	}
	pushSeq(t, h, tok, "t1", 1)
}

// pushSeq pushes one valid receipt as device dev over real HTTP and
// checks it is acked.
func pushSeq(tb testing.TB, h *testHub, tok, dev string, seq int64) {
	tb.Helper()
	ev := inventory.Event{ID: fmt.Sprintf("%s-%d", dev, seq), Device: dev, Seq: seq, Operator: "1001", At: time.Now().UTC(),
		Kind: inventory.KindReceive, GTIN: "09506000134352", Lot: "L1", Qty: 1, To: "DOCK"}
	var resp wire.PushResponse
	if st := call(tb, h, "POST", "/v1/events", tok, wire.PushRequest{Events: []inventory.Event{ev}}, &resp); st != 200 || resp.AckSeq != seq {
		tb.Fatalf("push seq %d: status %d, %+v", seq, st, resp)
	}
}

// call is one JSON request to the hub for tests and benchmarks alike.
func call(tb testing.TB, h *testHub, method, path, tok string, body, out any) int {
	tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(method, h.url+path, bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode
}

// Ten wrong codes from one address within a minute close enrolment to
// that address for the rest of the minute; other addresses still enrol.
func TestWrongCodesBackOff(t *testing.T) {
	h := startGuardedHub(t, hub.Limits{BadCodes: 10})
	enrolFrom := func(from, code string) (int, string) {
		c := dialFrom(t, h, from)
		defer c.Close()
		body := fmt.Sprintf(`{"code":%q}`, code)
		fmt.Fprintf(c, "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\n%s: %d\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
			wire.HeaderProtocol, wire.ProtocolVersion, len(body), body)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for i := 0; i < 10; i++ {
		if st, body := enrolFrom("127.0.0.2", "WRONG-"+strconv.Itoa(i)); st != 401 || !strings.Contains(body, "bad_code") {
			t.Fatalf("wrong code %d: %d %s", i, st, body)
		}
	}
	if st, body := enrolFrom("127.0.0.2", "WRONG-X"); st != 429 || !strings.Contains(body, `"rate_limited"`) {
		t.Fatalf("11th wrong code: %d %s, want 429 rate_limited", st, body)
	}
	code, err := h.srv.AddDevice(context.Background(), "t9", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if st, body := enrolFrom("127.0.0.2", code); st != 429 {
		t.Fatalf("a right code from the blocked address: %d %s, want 429 until the window passes", st, body)
	}
	if st, body := enrolFrom("127.0.0.3", code); st != 200 {
		t.Fatalf("another address with the right code: %d %s", st, body)
	}
}

// "bearer" is the same scheme as "Bearer".
func TestAuthSchemeCaseInsensitive(t *testing.T) {
	h := startHub(t)
	tok := h.enroll(t, "t1")
	for _, scheme := range []string{"bearer", "BEARER", "Bearer"} {
		var ch wire.Changes
		if st := h.raw(t, "GET", "/v1/changes", "", nil, map[string]string{"Authorization": scheme + " " + tok}, &ch); st != 200 {
			t.Errorf("Authorization %q: status %d", scheme, st)
		}
	}
}

// BenchmarkSyncUnderFlood: an enrolled terminal's push while one address
// holds as many slow enrolments as it may and keeps opening more. The
// p99 is reported as p99-ms.
func BenchmarkSyncUnderFlood(b *testing.B) {
	h := startGuardedHub(b, hub.Limits{})
	code, err := h.srv.AddDevice(context.Background(), "t1", time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	var er wire.EnrollResponse
	if st := call(b, h, "POST", "/v1/enroll", "", wire.EnrollRequest{Code: code}, &er); st != 200 {
		b.Fatalf("enrol: %d", st)
	}
	tok := er.Token
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var held []net.Conn
			defer func() {
				for _, c := range held {
					c.Close()
				}
			}()
			for i := 0; i < 2000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}
				c, err := d.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
				if err != nil {
					continue
				}
				slowEnrol(c)
				held = append(held, c)
			}
			<-stop
		}()
	}
	time.Sleep(500 * time.Millisecond)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		pushSeq(b, h, tok, "t1", int64(i+1))
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

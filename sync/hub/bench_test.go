package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/pgtest"
	"github.com/scanterm/scanterm/sync/wire"
)

// benchHub is a hub over real loopback HTTP with n enrolled devices.
type benchHub struct {
	url    string
	srv    *hub.Server
	tokens []string
	client *http.Client
}

func newBenchHub(b *testing.B, dsn string, devices int) *benchHub {
	b.Helper()
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	srv := hub.New(st, hub.Options{})
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	if _, err := hub.LoadDemo(ctx, st, time.Now()); err != nil {
		b.Fatal(err)
	}
	h := &benchHub{url: ts.URL, srv: srv, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: devices + 8}}}
	for d := range devices {
		code, err := srv.AddDevice(ctx, fmt.Sprintf("bench-%02d", d), time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		var resp wire.EnrollResponse
		if err := h.post("/v1/enroll", "", wire.EnrollRequest{Code: code}, &resp); err != nil {
			b.Fatal(err)
		}
		h.tokens = append(h.tokens, resp.Token)
	}
	return h
}

func (h *benchHub) post(path, token string, body, out any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, _ := http.NewRequest("POST", h.url+path, bytes.NewReader(data))
	req.Header.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: status %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// benchEvents is a realistic batch: cycles of a receipt into the dock,
// put-away to a bin, a move to another bin, a pick to staging, a shipment
// and a serialised unit received. Locations and lots are shared by all
// devices, so projections are updated (and contended for), not just
// inserted; every device only takes what it put there first, so the
// stock never goes negative and no exception is raised.
func benchEvents(dev string, first int64, n int) []inventory.Event {
	bins := []string{"A-01", "A-02", "A-03", "B-01", "B-02"}
	lots := []string{"S26-002", "S26-010"}
	evs := make([]inventory.Event, n)
	at := time.Now()
	for i := range evs {
		seq := first + int64(i)
		c := (seq - 1) / 6 // cycle number
		e := inventory.Event{ID: fmt.Sprintf("%s-%d", dev, seq), Device: dev, Seq: seq, Operator: "1001", At: at, GTIN: hub.DemoGTINLot,
			Lot: lots[c%2], Expiry: "2027-01-31", Qty: 2}
		from, to := bins[c%5], bins[(c+1)%5]
		switch (seq - 1) % 6 {
		case 0:
			e.Kind, e.To, e.Doc = inventory.KindReceive, "DOCK-1", "PO-1001"
		case 1:
			e.Kind, e.From, e.To = inventory.KindPutaway, "DOCK-1", from
		case 2:
			e.Kind, e.From, e.To = inventory.KindMove, from, to
		case 3:
			e.Kind, e.From, e.To, e.Doc = inventory.KindPick, to, "STG-1", "PL-5001"
		case 4:
			e.Kind, e.From, e.Doc = inventory.KindShip, "STG-1", "SO-5001"
		case 5:
			e.Kind, e.GTIN, e.Lot, e.Expiry, e.Serial, e.Qty, e.To, e.Doc = inventory.KindReceive, hub.DemoGTINSerial, "", "", fmt.Sprintf("%s-SN%d", dev, seq), 1, "DOCK-1", "PO-1001"
		}
		evs[i] = e
	}
	return evs
}

// benchIngest: 50 devices push batches of 100 at once; one iteration is one
// batch from every device (5,000 events).
func benchIngest(b *testing.B, dsn string) { benchIngestN(b, dsn, 50) }

func benchIngestN(b *testing.B, dsn string, devices int) {
	const batch = 100
	h := newBenchHub(b, dsn, devices)
	pg := pgtest.Shared()
	if !strings.HasPrefix(dsn, "postgres") {
		pg = nil
	}
	var pg0 time.Duration
	if pg != nil {
		var err error
		if pg0, err = pg.CPUTime(); err != nil {
			b.Fatal(err)
		}
	}
	next := make([]int64, devices)
	for d := range next {
		next[d] = 1
	}
	b.ResetTimer()
	start := time.Now()
	cpu0 := cpuTime()
	for range b.N {
		var wg sync.WaitGroup
		errs := make(chan error, devices)
		for d := range devices {
			wg.Add(1)
			go func() {
				defer wg.Done()
				evs := benchEvents(fmt.Sprintf("bench-%02d", d), next[d], batch)
				var resp wire.PushResponse
				if err := h.post("/v1/events", h.tokens[d], wire.PushRequest{Events: evs}, &resp); err != nil {
					errs <- err
					return
				}
				if len(resp.Rejected) > 0 {
					errs <- fmt.Errorf("device %d: unexpected exception %+v", d, resp.Rejected[0])
				}
				if resp.AckSeq != next[d]+batch-1 {
					errs <- fmt.Errorf("device %d: ack %d, want %d", d, resp.AckSeq, next[d]+batch-1)
				}
				next[d] += batch
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
	}
	el := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	b.ReportMetric(float64(b.N*devices*batch)/el.Seconds(), "events/s")
	// Throughput per CPU-second used (hub, HTTP client and load generator
	// together, plus PostgreSQL's processes): a figure the other load on a
	// shared machine does not distort.
	if pg != nil {
		// The same, with PostgreSQL's processes counted too.
		pg1, err := pg.CPUTime()
		if err != nil {
			b.Fatal(err)
		}
		cpu += pg1 - pg0
	}
	b.ReportMetric(float64(b.N*devices*batch)/cpu.Seconds(), "events/cpu-s")
	reportMemory(b)
}

// cpuTime is the user+system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportMemory reports the Go heap after a GC and the process's peak RSS
// (which includes the test binary and, for SQLite, its page cache).
func reportMemory(b *testing.B) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
	}
}

// benchPush: one device pushes one-event batches back to back; p50 and p99
// of the round trip.
func benchPush(b *testing.B, dsn string) {
	h := newBenchHub(b, dsn, 1)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		evs := benchEvents("bench-00", int64(i+1), 1)
		t0 := time.Now()
		var resp wire.PushResponse
		if err := h.post("/v1/events", h.tokens[0], wire.PushRequest{Events: evs}, &resp); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func BenchmarkIngestSQLite(b *testing.B) {
	benchIngest(b, "sqlite:"+filepath.Join(b.TempDir(), "hub.db"))
}

func BenchmarkIngestPostgres(b *testing.B) { benchIngest(b, pgtest.Start(b)) }

func BenchmarkPushOneSQLite(b *testing.B) {
	benchPush(b, "sqlite:"+filepath.Join(b.TempDir(), "hub.db"))
}

func BenchmarkPushOnePostgres(b *testing.B) { benchPush(b, pgtest.Start(b)) }

func BenchmarkIngestPostgres1(b *testing.B) { benchIngestN(b, pgtest.Start(b), 1) }

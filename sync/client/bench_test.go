package client_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

// hubChildEnv makes the test binary a hub process (see TestMain): the
// benchmarks run the hub apart so the terminal's memory is its own.
const hubChildEnv = "SCANTERM_SYNC_TEST_HUB_DSN"

// hubChildAddrEnv, when set, restarts a hub child on an existing store at
// that address (no master data import, no new device; CODE prints as "-").
const hubChildAddrEnv = "SCANTERM_SYNC_TEST_HUB_ADDR"

// childHub serves a hub on dsn with the test master data and one device
// "bench", prints "URL CODE" and serves until stdin closes.
func childHub(dsn string) int {
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer st.Close()
	addr, code := os.Getenv(hubChildAddrEnv), "-"
	if addr == "" {
		addr = "127.0.0.1:0"
		if _, err := st.Import(ctx, masterData, time.Now()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
		if code, err = hub.AddDevice(ctx, st, "bench", time.Hour, time.Now()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
	}
	var ln net.Listener
	for i := 0; ; i++ { // a killed predecessor's socket may linger a moment
		if ln, err = net.Listen("tcp", addr); err == nil || i == 100 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	srv := &http.Server{Handler: hub.New(st, hub.Options{})}
	go srv.Serve(ln)
	fmt.Printf("http://%s %s\n", ln.Addr(), code)
	io.Copy(io.Discard, os.Stdin)
	srv.Close()
	return 0
}

// startHubProcess runs a hub in a child process and returns its URL and a
// code for device "bench".
func startHubProcess(b testing.TB, dsn string) (url, code string) {
	url, code, _ = hubProcess(b, dsn, "")
	return url, code
}

// hubProcess starts a hub child on dsn (at addr when given: a restart) and
// returns its URL, the code for device "bench" and the process.
func hubProcess(b testing.TB, dsn, addr string) (url, code string, proc *os.Process) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), hubChildEnv+"="+dsn)
	if addr != "" {
		cmd.Env = append(cmd.Env, hubChildAddrEnv+"="+addr)
	}
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("hub child: %v", err)
	}
	f := strings.Fields(line)
	if len(f) != 2 {
		b.Fatalf("hub child printed %q", line)
	}
	return f[0], f[1], cmd.Process
}

// benchTerminal enrols a fresh terminal with the hub at url.
func benchTerminal(b testing.TB, url, code string) *terminal {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	db, err := localdb.Open(ctx, filepath.Join(dir, "terminal.db"), localdb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	e, err := client.Enroll(ctx, url, code, client.EnrollOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.SetDevice(ctx, e.Device); err != nil {
		b.Fatal(err)
	}
	tm := &terminal{tb: b, dir: dir, db: db, enr: e}
	if _, err := tm.client(client.Options{}).SyncOnce(ctx); err != nil {
		b.Fatal(err)
	}
	return tm
}

func benchDSN(b *testing.B, store string) string {
	if store == "postgres" {
		return pgDSN(b)
	}
	return "sqlite:" + filepath.Join(b.TempDir(), "hub.db")
}

// BenchmarkPushOneEvent: the latency of pushing a one-event batch (POST,
// hub apply and commit, answer, AckThrough), the event committed locally
// beforehand. Reports p50 and p99 per push; the target is p99 < 20 ms.
//
// The history variants first sync that many events, so the terminal's
// ledger is long and its outbox short, as on a terminal in use for months.
func BenchmarkPushOneEvent(b *testing.B) {
	for _, bc := range []struct {
		store   string
		history int
	}{{"sqlite", 0}, {"postgres", 0}, {"sqlite", 100_000}} {
		name := bc.store
		if bc.history > 0 {
			name = fmt.Sprintf("%s/history-%dk", bc.store, bc.history/1000)
		}
		b.Run(name, func(b *testing.B) {
			url, code := startHubProcess(b, benchDSN(b, bc.store))
			tm := benchTerminal(b, url, code)
			c := tm.client(client.Options{})
			ctx := context.Background()
			if bc.history > 0 {
				tm.receive(bc.history)
				if _, err := c.Push(ctx); err != nil {
					b.Fatal(err)
				}
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				tm.receive(1)
				b.StartTimer()
				t0 := time.Now()
				rep, err := c.Push(ctx)
				lat = append(lat, time.Since(t0))
				if err != nil || rep.Pushed != 1 {
					b.Fatalf("push: %+v, %v", rep, err)
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkCatchUp: a terminal that was offline with N queued events
// pushes them all (default batches: 500 events / 1 MiB). Reports the
// events per second and the terminal's peak Go heap during the catch-up,
// which must not grow with N (the hub runs in another process). Target:
// 100,000 events in < 30 s.
func BenchmarkCatchUp(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, store := range []string{"sqlite", "postgres"} {
			b.Run(fmt.Sprintf("%s/%dk", store, n/1000), func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					url, code := startHubProcess(b, benchDSN(b, store))
					tm := benchTerminal(b, url, code)
					tm.receive(n)
					c := tm.client(client.Options{})
					runtime.GC()
					var base runtime.MemStats
					runtime.ReadMemStats(&base)
					var peak atomic.Uint64
					stop := make(chan struct{})
					sampled := make(chan struct{})
					go func() { // sample the heap while the catch-up runs
						defer close(sampled)
						var ms runtime.MemStats
						for {
							runtime.ReadMemStats(&ms)
							if ms.HeapInuse > peak.Load() {
								peak.Store(ms.HeapInuse)
							}
							select {
							case <-stop:
								return
							case <-time.After(20 * time.Millisecond):
							}
						}
					}()
					b.StartTimer()
					t0 := time.Now()
					rep, err := c.Push(context.Background())
					el := time.Since(t0)
					b.StopTimer()
					close(stop)
					<-sampled
					if err != nil || rep.Pushed != n || rep.Queue != 0 {
						b.Fatalf("catch-up: %+v, %v", rep, err)
					}
					b.ReportMetric(el.Seconds(), "s/catch-up")
					b.ReportMetric(float64(n)/el.Seconds(), "events/s")
					b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
					b.ReportMetric(float64(base.HeapInuse)/(1<<20), "heap-before-MiB")
				}
			})
		}
	}
}

package client_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

// siteScale is the share of the large site (1 M serials, 100 k
// lots, 200 k stock rows) the site benchmarks build: SITE_BENCH_SCALE,
// default 0.1.
func siteScale(b *testing.B) float64 {
	s := 0.1
	if v := os.Getenv("SITE_BENCH_SCALE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 1 {
			b.Fatalf("SITE_BENCH_SCALE %q: want a number in (0, 1]", v)
		}
		s = f
	}
	return s
}

// seedSite writes a large site straight into a SQLite hub database (as
// years of pushes would have left it): lots lot records, stock rows of the
// carton over those lots and bins, serials pumps in stock over 1,000 bins
// with their stock rows, each row with its own version.
func seedSite(b *testing.B, path string, serials, lots, stock int) {
	b.Helper()
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, "sqlite:"+path)
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=10000")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	series := func(n int) string {
		return fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d) `, n-1)
	}
	base := `(SELECT value FROM counters WHERE name = 'version')`
	stmts := []string{
		series(lots) + `INSERT INTO master(kind, key, body, version, updated_at)
			SELECT 'lot', '` + gtinBox + `/L' || i, json_object('gtin', '` + gtinBox + `', 'lot', 'L' || i, 'expiry', '2027-06-30', 'status', 'released', 'version', 0),
				` + base + ` + i + 1, 0 FROM n`,
		`UPDATE counters SET value = (SELECT MAX(version) FROM master) WHERE name = 'version'`,
		series(stock) + fmt.Sprintf(`INSERT INTO stock(gtin, lot, loc, qty, last_event, version)
			SELECT '`+gtinBox+`', 'L' || (i %% %d), 'BIN-' || (i / %d), 5, 'seed', `+base+` + i + 1 FROM n`, lots, lots),
		`UPDATE counters SET value = (SELECT MAX(version) FROM stock) WHERE name = 'version'`,
		series(serials) + `INSERT INTO serials(gtin, serial, lot, status, loc, last_event, last_kind, version, prev_loc, last_device, last_seq, last_at, last_doc)
			SELECT '` + gtinPump + `', 'S' || i, '', 'in_stock', 'BIN-' || (i % 1000), 'seed-' || i, 'putaway', ` + base + ` + i + 1, '', 'seed', i + 1, '2026-11-26T12:00:00Z', '' FROM n`,
		`UPDATE counters SET value = (SELECT MAX(version) FROM serials) WHERE name = 'version'`,
		series(1000) + fmt.Sprintf(`INSERT INTO stock(gtin, lot, loc, qty, last_event, version)
			SELECT '`+gtinPump+`', '', 'BIN-' || i, %d, 'seed', `+base+` + i + 1 FROM n`, serials/1000),
		`UPDATE counters SET value = (SELECT MAX(version) FROM stock) WHERE name = 'version'`,
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			b.Fatalf("seed site: %v\n%s", err, s)
		}
	}
}

// peakRSS resets the process's peak resident set (Linux clear_refs 5)
// and returns a function reading it since, in MiB.
func peakRSS(b *testing.B) func() float64 {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset peak RSS: %v", err)
	}
	return func() float64 {
		f, err := os.Open("/proc/self/status")
		if err != nil {
			return 0
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				return kb / 1024
			}
		}
		return 0
	}
}

// selfCPU is this process's user and system CPU seconds so far.
func selfCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// procCPU is another process's user and system CPU seconds so far (from
// /proc/PID/stat, in clock ticks of 1/100 s).
func procCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	k, _ := strconv.ParseFloat(f[12], 64)
	return (u + k) / 100
}

// BenchmarkSiteFirstPull: a new terminal's first pull of a large site
// (the hub in another process, so the terminal's memory is its own):
// every page into the replica, then the view built from it. Reports the
// seconds, rows per second and the terminal process's peak RSS. Target
// at full scale: < 60 s and < 100 MB. Run with -benchtime 1x.
func BenchmarkSiteFirstPull(b *testing.B) {
	scale := siteScale(b)
	serials, lots, stock := int(1_000_000*scale), int(100_000*scale), int(200_000*scale)
	for range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "hub.db")
		seedSite(b, path, serials, lots, stock)
		url, code, proc := hubProcess(b, "sqlite:"+path, "")
		ctx := context.Background()
		db, err := localdb.Open(ctx, filepath.Join(b.TempDir(), "terminal.db"), localdb.Options{})
		if err != nil {
			b.Fatal(err)
		}
		e, err := client.Enroll(ctx, url, code, client.EnrollOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.SetDevice(ctx, e.Device); err != nil {
			b.Fatal(err)
		}
		c := client.New(db, e, client.Options{Timeout: 5 * time.Minute})
		peak := peakRSS(b)
		cpu0, hub0 := selfCPU(), procCPU(proc.Pid)
		b.StartTimer()
		t0 := time.Now()
		rep, err := c.SyncOnce(ctx)
		el := time.Since(t0)
		b.StopTimer()
		b.ReportMetric(selfCPU()-cpu0, "terminal-cpu-s")
		b.ReportMetric(procCPU(proc.Pid)-hub0, "hub-cpu-s")
		if err != nil {
			b.Fatal(err)
		}
		rows, err := db.Stock(ctx, localdb.StockFilter{GTIN: gtinPump})
		if err != nil {
			b.Fatal(err)
		}
		var units int64
		for _, r := range rows {
			units += r.Qty
		}
		if st, err := db.Serial(ctx, gtinPump, "S7"); err != nil || units != int64(serials/1000*1000) || st.Location != "BIN-7" {
			b.Fatalf("after the first pull: %d units, S7 %+v %v", units, st, err)
		}
		b.ReportMetric(el.Seconds(), "s/pull")
		b.ReportMetric(float64(rep.Pulled)/el.Seconds(), "rows/s")
		b.ReportMetric(float64(rep.Pages), "pages")
		b.ReportMetric(peak(), "peak-RSS-MiB")
		c.Close()
		db.Close()
	}
}

// BenchmarkSiteIncrementalPull: another terminal's push of 1,000 units
// received reaches this terminal in one pull (1,000 serial rows and their
// stock row), on a site of the benchmark scale. Reports p50 and p99 per
// pull; the target is p99 < 100 ms.
func BenchmarkSiteIncrementalPull(b *testing.B) {
	scale := siteScale(b)
	path := filepath.Join(b.TempDir(), "hub.db")
	seedSite(b, path, int(1_000_000*scale), int(100_000*scale), int(200_000*scale))
	h := startHub(b, "sqlite:"+path)
	tm := newTerminal(b, h, h.url(), "bench", localdb.Options{})
	h.addDevice("dock")
	c := tm.client(client.Options{})
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	var seq int64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		evs := make([]inventory.Event, 1000)
		for j := range evs {
			seq++
			evs[j] = inventory.Event{ID: fmt.Sprintf("dock-%d", seq), Device: "dock", Seq: seq, Operator: "op1", At: time.Now(),
				Kind: inventory.KindReceive, GTIN: gtinPump, Serial: fmt.Sprintf("N%d-%d", i, j), Qty: 1, To: "DOCK1"}
		}
		if _, err := h.store().Push(ctx, "dock", evs, time.Now()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		rep, err := c.SyncOnce(ctx)
		lat = append(lat, time.Since(t0))
		if err != nil || rep.Pulled != 1001 {
			b.Fatalf("incremental pull: %+v %v", rep, err)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
}

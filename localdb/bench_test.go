package localdb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"golang.org/x/sys/unix"
)

// Benchmarks at warehouse scale. The data set (1M serials, 100k lots, ~5M
// events at LOCALDB_BENCH_SCALE=1) is generated on first use and cached
// under os.TempDir; see benchDB. Append benchmarks write to a fresh copy
// of it, so the cached file stays at its scale.

func openBench(b *testing.B) (*DB, warehouse) {
	b.Helper()
	path, w := benchDB(b)
	return openBenchPath(b, path, w)
}

// openBenchCopy opens a private copy of the data set for writing.
func openBenchCopy(b *testing.B) (*DB, warehouse) {
	b.Helper()
	path, w := benchDB(b)
	cp := filepath.Join(b.TempDir(), "bench.db")
	if err := copyFile(path, cp, 0o644); err != nil {
		b.Fatal(err)
	}
	return openBenchPath(b, cp, w)
}

func openBenchPath(b *testing.B, path string, w warehouse) (*DB, warehouse) {
	b.Helper()
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, w
}

// reportLatency adds p50 and p99 of the per-op durations as metrics.
func reportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}

func BenchmarkAppend(b *testing.B) {
	db, w := openBenchCopy(b)
	ctx := context.Background()
	run := time.Now().UnixNano()
	r := rand.New(rand.NewPCG(uint64(run), 1))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate a serial receipt and a lot-tracked receipt.
		var d inventory.Event
		if i%2 == 0 {
			p := r.IntN(w.serialProducts)
			d = inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: benchGTIN(2, p), Lot: lotCode(2, p, 0),
				Serial: fmt.Sprintf("BA%x-%d", run&0xffffff, i), Qty: 1, To: "DOCK"}
		} else {
			p := r.IntN(w.lotProducts)
			d = inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: benchGTIN(1, p), Lot: lotCode(1, p, r.IntN(w.lotsPerProduct)),
				Qty: 10, To: "DOCK"}
		}
		t0 := time.Now()
		if _, err := db.Append(ctx, d); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, lat)
}

func BenchmarkAppendBatch100(b *testing.B) {
	db, w := openBenchCopy(b)
	ctx := context.Background()
	run := time.Now().UnixNano()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := i % w.serialProducts
		drafts := make([]inventory.Event, 100)
		for k := range drafts {
			drafts[k] = inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: benchGTIN(2, p), Lot: lotCode(2, p, 1),
				Serial: fmt.Sprintf("BB%x-%d-%d", run&0xffffff, i, k), Qty: 1, To: "DOCK"}
		}
		if _, err := db.AppendBatch(ctx, drafts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "events/s")
}

// queryBench runs f on random inputs and reports p50/p99 as well as ns/op.
func queryBench(b *testing.B, f func(r *rand.Rand) error) {
	r := rand.New(rand.NewPCG(9, 9))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := f(r); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, lat)
}

func BenchmarkFEFO(b *testing.B) {
	db, w := openBench(b)
	ctx := context.Background()
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	queryBench(b, func(r *rand.Rand) error {
		c, err := db.FEFO(ctx, benchGTIN(1, r.IntN(w.lotProducts)), today)
		if err == nil && len(c) == 0 {
			err = fmt.Errorf("no FEFO candidates")
		}
		return err
	})
}

func BenchmarkSerialState(b *testing.B) {
	db, w := openBench(b)
	ctx := context.Background()
	queryBench(b, func(r *rand.Rand) error {
		p := r.IntN(w.serialProducts)
		_, err := db.Serial(ctx, benchGTIN(2, p), fmt.Sprintf("SN%d-%06d", p, r.IntN(w.serialsPerProduct)))
		return err
	})
}

func BenchmarkSerialHistory(b *testing.B) {
	db, w := openBench(b)
	ctx := context.Background()
	queryBench(b, func(r *rand.Rand) error {
		p := r.IntN(w.serialProducts)
		h, err := db.SerialHistory(ctx, "", fmt.Sprintf("SN%d-%06d", p, r.IntN(w.serialsPerProduct)))
		if err == nil && len(h) < 2 {
			err = fmt.Errorf("history of %d events", len(h))
		}
		return err
	})
}

// BenchmarkLotTraceSerialLot traces a lot of a serialised product: about
// 50 units and 150 events, the heavier case.
func BenchmarkLotTraceSerialLot(b *testing.B) {
	db, w := openBench(b)
	ctx := context.Background()
	queryBench(b, func(r *rand.Rand) error {
		p := r.IntN(w.serialProducts)
		tr, err := db.LotTrace(ctx, "", lotCode(2, p, r.IntN(w.lotsPerSerialProd)))
		if err == nil && len(tr.Movements) < 50 {
			err = fmt.Errorf("trace of %d events", len(tr.Movements))
		}
		return err
	})
}

func BenchmarkLotTraceLot(b *testing.B) {
	db, w := openBench(b)
	ctx := context.Background()
	queryBench(b, func(r *rand.Rand) error {
		p := r.IntN(w.lotProducts)
		tr, err := db.LotTrace(ctx, benchGTIN(1, p), lotCode(1, p, r.IntN(w.lotsPerProduct)))
		if err == nil && len(tr.Movements) < 10 {
			err = fmt.Errorf("trace of %d events", len(tr.Movements))
		}
		return err
	})
}

func BenchmarkStockByLocation(b *testing.B) {
	db, w := openBench(b)
	ctx := context.Background()
	queryBench(b, func(r *rand.Rand) error {
		rows, err := db.Stock(ctx, StockFilter{Location: binCode(r.IntN(w.bins))})
		if err == nil && len(rows) == 0 {
			err = fmt.Errorf("empty bin")
		}
		return err
	})
}

// BenchmarkSerialsAt lists the serialised units in one bin, as a cycle
// count does to name the ones not scanned (1 M serials in the file).
func BenchmarkSerialsAt(b *testing.B) {
	db, w := openBench(b)
	ctx := context.Background()
	queryBench(b, func(r *rand.Rand) error {
		_, err := db.SerialsAt(ctx, binCode(r.IntN(w.bins)), "")
		return err
	})
}

func BenchmarkOutboxStats(b *testing.B) {
	db, _ := openBench(b)
	ctx := context.Background()
	queryBench(b, func(r *rand.Rand) error {
		_, _, err := db.OutboxStats(ctx)
		return err
	})
}

// BenchmarkOpen is Open+first query+Close on the generated file (the OS
// page cache is warm after the first iteration: this is a process start,
// not a boot).
func BenchmarkOpen(b *testing.B) {
	path, _ := benchDB(b)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		db, err := Open(ctx, path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := db.OutboxStats(ctx); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.StopTimer()
	reportLatency(b, lat)
}

// BenchmarkOpenCold evicts the database file from the OS page cache before
// each Open (posix_fadvise DONTNEED on this file only), then opens it and
// answers a first FEFO query: a terminal starting after its files went
// cold. The disk is a shared virtual disk, so this is indicative.
func BenchmarkOpenCold(b *testing.B) {
	path, w := benchDB(b)
	ctx := context.Background()
	evict := func() {
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			f, err := os.Open(p)
			if err != nil {
				continue
			}
			unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
			f.Close()
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		evict()
		b.StartTimer()
		t0 := time.Now()
		db, err := Open(ctx, path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.FEFO(ctx, benchGTIN(1, i%w.lotProducts), time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.StopTimer()
	reportLatency(b, lat)
}

// BenchmarkRebuild replays the whole ledger into fresh projections on a
// copy of the data set. At full scale one iteration takes minutes, so it
// only runs at LOCALDB_BENCH_SCALE <= 0.2 (e.g. 0.1: 500 k events).
func BenchmarkRebuild(b *testing.B) {
	if s := benchScale(b); s > 0.2 {
		b.Skipf("LOCALDB_BENCH_SCALE=%g: run Rebuild at 0.2 or less (it replays every event)", s)
	}
	db, _ := openBenchCopy(b)
	ctx := context.Background()
	var n int64
	db.sql.QueryRow("SELECT COUNT(*) FROM events").Scan(&n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.Rebuild(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*int64(b.N))/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkHealthCheck is the integrity check Open runs (before returning
// for a file up to syncCheckBytes, in the background past that).
func BenchmarkHealthCheck(b *testing.B) {
	db, _ := openBench(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.checkHealth(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

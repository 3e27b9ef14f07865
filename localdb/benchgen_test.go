package localdb

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// benchGenVersion changes whenever the generator's output changes, so a
// cached file from an older generator is not reused.
const benchGenVersion = 5

// benchScale is the warehouse size for benchmarks: 1 means 1M serials,
// 100k lots and about 5M events. Set LOCALDB_BENCH_SCALE (e.g. 0.1) on a
// small machine.
func benchScale(tb testing.TB) float64 {
	s := os.Getenv("LOCALDB_BENCH_SCALE")
	if s == "" {
		return 1
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > 10 {
		tb.Fatalf("LOCALDB_BENCH_SCALE=%q: want a number in (0, 10]", s)
	}
	return f
}

// warehouse is the shape of a generated data set.
type warehouse struct {
	lotProducts, lotsPerProduct       int // lot-tracked products and their lots
	serialProducts, lotsPerSerialProd int
	serialsPerProduct                 int
	bins                              int
	opsPerLot                         int // move/pick/ship rounds per lot-tracked lot
}

func warehouseAt(scale float64) warehouse {
	n := func(x float64) int { return max(1, int(x*scale)) }
	return warehouse{
		lotProducts: n(5000), lotsPerProduct: 16, // 80k lots
		serialProducts: n(1000), lotsPerSerialProd: 20, // 20k lots
		serialsPerProduct: 1000, // 1M serials
		bins:              max(20, n(2000)),
		opsPerLot:         8, // 3 events each: ~1.9M events
	}
}

// benchGTIN builds a valid-looking 14-digit GTIN for product i of a family.
func benchGTIN(family, i int) string {
	g := fmt.Sprintf("0%d%011d", family, i)
	return g + string(inventory.CheckDigit(g))
}

// benchDB returns the path of the generated database for the current
// scale, generating it on first use and caching it under os.TempDir keyed
// by schema version, generator version and scale, so reruns are cheap.
func benchDB(tb testing.TB) (string, warehouse) {
	tb.Helper()
	scale := benchScale(tb)
	w := warehouseAt(scale)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("scanterm-localdb-bench-s%d-g%d-x%g.db", SchemaVersion(), benchGenVersion, scale))
	if _, err := os.Stat(path); err == nil {
		return path, w
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	start := time.Now()
	n, err := generateWarehouse(context.Background(), tmp, w)
	if err != nil {
		tb.Fatalf("generate bench database: %v", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("generated %s: %d events in %v", path, n, time.Since(start).Round(time.Second))
	return path, w
}

// generateWarehouse writes a consistent ledger with its projections in
// one transaction, bypassing Append's per-event checks (the bulk path):
// the projections are computed in memory and written once at the end.
// TestBulkGeneratorMatchesRebuild proves the result equals a rebuild.
func generateWarehouse(ctx context.Context, path string, w warehouse) (int64, error) {
	db, err := Open(ctx, path, Options{})
	if err != nil {
		return 0, err
	}
	if err := db.SetDevice(ctx, "bench-term"); err != nil {
		return 0, err
	}
	ch := wire.Changes{Cursor: "bench"}
	ch.Locations = append(ch.Locations, inventory.Location{Code: "DOCK", Kind: inventory.LocDock, Version: 1}, inventory.Location{Code: "STAGE", Kind: inventory.LocStaging, Version: 1})
	for i := 0; i < w.bins; i++ {
		ch.Locations = append(ch.Locations, inventory.Location{Code: binCode(i), Kind: inventory.LocBin, Warehouse: "W1", Version: 1})
	}
	for i := 0; i < w.lotProducts; i++ {
		ch.Products = append(ch.Products, inventory.Product{GTIN: benchGTIN(1, i), Name: fmt.Sprintf("Lot product %d", i), Tracking: inventory.TrackLot, ExpiryRequired: true, Version: 1})
	}
	for i := 0; i < w.serialProducts; i++ {
		ch.Products = append(ch.Products, inventory.Product{GTIN: benchGTIN(2, i), Name: fmt.Sprintf("Serial product %d", i), Tracking: inventory.TrackSerial, Version: 1})
	}
	ch.Operators = []inventory.Operator{{ID: "op1", Name: "Bench", Active: true, Version: 1}}
	r := rand.New(rand.NewPCG(42, 7))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	expiry := func() string { return base.AddDate(0, 0, r.IntN(3*365)-180).Format("2006-01-02") }
	status := func() inventory.LotStatus {
		switch x := r.IntN(100); {
		case x < 2:
			return inventory.LotQuarantine
		case x < 3:
			return inventory.LotRecalled
		}
		return inventory.LotReleased
	}
	for i := 0; i < w.lotProducts; i++ {
		for j := 0; j < w.lotsPerProduct; j++ {
			ch.Lots = append(ch.Lots, inventory.Lot{GTIN: benchGTIN(1, i), Lot: lotCode(1, i, j), Expiry: expiry(), Status: status(), Version: 1})
		}
	}
	for i := 0; i < w.serialProducts; i++ {
		for j := 0; j < w.lotsPerSerialProd; j++ {
			ch.Lots = append(ch.Lots, inventory.Lot{GTIN: benchGTIN(2, i), Lot: lotCode(2, i, j), Expiry: expiry(), Status: inventory.LotReleased, Version: 1})
		}
	}
	if err := db.ApplyChanges(ctx, ch); err != nil {
		return 0, err
	}
	db.Close()

	// The bulk load runs without a journal: the file is thrown away if
	// generation fails, and it is switched back to WAL at the end.
	raw, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=OFF&_synchronous=OFF&_foreign_keys=off")
	if err != nil {
		return 0, err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	for _, q := range []string{"PRAGMA cache_size = -262144", "DROP INDEX events_lot", "DROP INDEX events_serial", "DROP INDEX events_doc"} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO events (seq, id, operator, at, kind, gtin, lot, serial, expiry, qty,
		from_loc, to_loc, doc, doc_line, override, note, flags, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','','','')`)
	if err != nil {
		return 0, err
	}
	type skey struct{ gtin, lot, loc string }
	type sstate struct {
		gtin string
		unit inventory.Unit
		seq  int64
	}
	stock := map[skey]int64{}
	serials := map[string]*sstate{}
	var seq int64
	at := base.UnixNano()
	emit := func(kind inventory.EventKind, gtin, lot, serial, exp string, qty int64, from, to, doc string, line int) error {
		seq++
		at += int64(time.Second)
		id, err := newUUIDv7(time.Unix(0, at))
		if err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, seq, id, "op1", at, string(kind), gtin, lot, serial, exp, qty, from, to, doc, line); err != nil {
			return err
		}
		// The projection follows the one rule, as project does.
		ev := inventory.Event{Kind: kind, GTIN: gtin, Lot: lot, Serial: serial, Qty: qty, From: from, To: to}
		var b inventory.Before
		if u := serials[gtin+"\x00"+serial]; serial != "" && u != nil {
			b.Unit = u.unit
		}
		eff, err := inventory.EffectOf(ev, b)
		if err != nil {
			return err
		}
		for _, c := range eff.Stock {
			stock[skey{gtin, c.Lot, c.Location}] += c.Delta
		}
		if serial != "" {
			serials[gtin+"\x00"+serial] = &sstate{gtin, eff.Unit, seq}
		}
		return nil
	}
	// Serialised units: received on a PO, put away by lot (a lot's units
	// share a home bin), some moved, picked and shipped.
	for i := 0; i < w.serialProducts; i++ {
		g := benchGTIN(2, i)
		for k := 0; k < w.serialsPerProduct; k++ {
			j := k % w.lotsPerSerialProd
			lot, sn := lotCode(2, i, j), fmt.Sprintf("SN%d-%06d", i, k)
			li := i*w.lotsPerSerialProd + j
			home, overflow := binCode(li%w.bins), binCode((li+w.bins/2)%w.bins)
			steps := []func() error{
				func() error {
					return emit(inventory.KindReceive, g, lot, sn, "", 1, "", "DOCK", fmt.Sprintf("PO-S%d", i), 1)
				},
				func() error { return emit(inventory.KindPutaway, g, lot, sn, "", 1, "DOCK", home, "", 0) },
			}
			x := r.IntN(100)
			loc := home
			if x < 40 {
				// Stock of a lot stays together: a move goes to the lot's
				// overflow bin.
				loc = overflow
				steps = append(steps, func() error { return emit(inventory.KindMove, g, lot, sn, "", 1, home, overflow, "", 0) })
			}
			if x < 30 {
				from := loc
				steps = append(steps, func() error {
					return emit(inventory.KindPick, g, lot, sn, "", 1, from, "STAGE", fmt.Sprintf("PL-S%d", i), 1)
				})
			}
			if x < 25 {
				steps = append(steps, func() error {
					return emit(inventory.KindShip, g, lot, sn, "", 1, "STAGE", "", fmt.Sprintf("SO-%d", r.IntN(50000)), 1)
				})
			}
			for _, s := range steps {
				if err := s(); err != nil {
					return 0, err
				}
			}
		}
	}
	// Lot-tracked stock: one receipt of 1000 per lot, put away, then rounds
	// of a move, a pick and a shipment.
	for i := 0; i < w.lotProducts; i++ {
		g := benchGTIN(1, i)
		for j := 0; j < w.lotsPerProduct; j++ {
			lot := lotCode(1, i, j)
			li := w.serialProducts*w.lotsPerSerialProd + i*w.lotsPerProduct + j
			home := binCode(li % w.bins)
			if err := emit(inventory.KindReceive, g, lot, "", "", 1000, "", "DOCK", fmt.Sprintf("PO-L%d", i), j+1); err != nil {
				return 0, err
			}
			if err := emit(inventory.KindPutaway, g, lot, "", "", 1000, "DOCK", home, "", 0); err != nil {
				return 0, err
			}
			for k := 0; k < w.opsPerLot; k++ {
				// Moves go to one of the lot's two overflow bins.
				other := binCode((li + w.bins/3 + k%2) % w.bins)
				so := fmt.Sprintf("SO-%d", r.IntN(50000))
				for _, e := range []struct {
					kind     inventory.EventKind
					qty      int64
					from, to string
					doc      string
				}{
					{inventory.KindMove, 10, home, other, ""},
					{inventory.KindPick, 5, home, "STAGE", "PL-" + so},
					{inventory.KindShip, 5, "STAGE", "", so},
				} {
					if e.from == e.to {
						continue
					}
					if err := emit(e.kind, g, lot, "", "", e.qty, e.from, e.to, e.doc, 1); err != nil {
						return 0, err
					}
				}
			}
		}
	}
	ins.Close()
	sins, err := tx.PrepareContext(ctx, "INSERT INTO stock (gtin, lot, location, qty) VALUES (?,?,?,?)")
	if err != nil {
		return 0, err
	}
	for k, q := range stock {
		if q == 0 {
			continue
		}
		if _, err := sins.ExecContext(ctx, k.gtin, k.lot, k.loc, q); err != nil {
			return 0, err
		}
	}
	sins.Close()
	serins, err := tx.PrepareContext(ctx, "INSERT INTO serials (gtin, serial, lot, status, location, last_seq) VALUES (?,?,?,?,?,?)")
	if err != nil {
		return 0, err
	}
	for k, s := range serials {
		sn := k[len(s.gtin)+1:]
		if _, err := serins.ExecContext(ctx, s.gtin, sn, s.unit.Lot, string(s.unit.Status), s.unit.Location, s.seq); err != nil {
			return 0, err
		}
	}
	serins.Close()
	// Document progress is a plain function of the ledger: the migration's
	// backfill query writes it (TestBulkGeneratorMatchesRebuild checks).
	if _, err := tx.ExecContext(ctx, `INSERT INTO doc_progress (doc, kind, doc_line, qty)
		SELECT doc, kind, doc_line, SUM(qty) FROM events WHERE doc <> '' GROUP BY doc, kind, doc_line`); err != nil {
		return 0, err
	}
	// Everything is acknowledged by the hub except the last 1000 events.
	if _, err := tx.ExecContext(ctx, "INSERT INTO outbox (seq, queued_at) SELECT seq, at FROM events WHERE seq > ?", max(0, seq-1000)); err != nil {
		return 0, err
	}
	for _, q := range []string{
		"CREATE INDEX events_lot ON events (lot, gtin)",
		"CREATE INDEX events_serial ON events (serial, gtin)",
		"CREATE INDEX events_doc ON events (doc, kind, doc_line)",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	for _, q := range []string{"ANALYZE", "PRAGMA journal_mode = WAL"} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	return seq, nil
}

func binCode(i int) string { return fmt.Sprintf("B%02d-%03d", i/100, i%100) }

func lotCode(family, product, j int) string { return fmt.Sprintf("L%d-%d-%02d", family, product, j) }

// TestBulkGeneratorMatchesRebuild proves the benchmark's bulk path writes
// the same projections Append's path would: generate a tiny warehouse,
// snapshot, rebuild from the ledger, compare; then check the migrations'
// indexes were recreated identically.
func TestBulkGeneratorMatchesRebuild(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bench.db")
	w := warehouseAt(0.002)
	w.serialsPerProduct, w.bins = 50, 20
	n, err := generateWarehouse(ctx, path, w)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	evs, _ := db.Events(ctx, 0, 1<<30)
	if int64(len(evs)) != n || n < 500 {
		t.Fatalf("%d events, generator said %d", len(evs), n)
	}
	before := snapshot(t, db)
	if err := db.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, db); after != before {
		t.Fatal("generated projections differ from a rebuild of the generated ledger")
	}
	var idx int
	db.sql.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('events_lot','events_serial','events_doc')").Scan(&idx)
	if idx != 3 {
		t.Errorf("%d event indexes after generation, want 3", idx)
	}
}

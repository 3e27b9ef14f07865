package hub_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/pgtest"
	"github.com/scanterm/scanterm/sync/wire"
)

// The terminal and the hub project events by one rule
// (inventory.EffectOf). These tests feed the same event sequences, in the
// same order, to the terminal's SQLite (localdb, its projection rebuilt
// from the ledger, and where a terminal accepts every action, appended
// one by one) and to the hub on SQLite and on PostgreSQL, and compare the
// stock and serial projections row for row. Conflicting sequences (what
// two offline terminals did that cannot both be true) are included: the
// hub records them and raises exceptions, and both sides must still agree
// on where stock and units are.

// step is one event of a sequence: the device that recorded it and what
// it did. Every step of a sequence is of the sequence's product and lot
// unless it says otherwise.
type step struct {
	dev      string
	kind     inventory.EventKind
	serial   string
	qty      int64
	from, to string
	noLot    bool // the event names no lot
}

type sequence struct {
	name   string
	serial bool // the product is serialised
	steps  []step
	// exceptions are the codes the hub raises, in order.
	exceptions []string
	// terminal says a terminal (negative stock allowed and flagged)
	// accepts every step, so the sequence is also appended one by one.
	terminal bool
}

var sequences = []sequence{
	{name: "quantity through every kind", terminal: true, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, qty: 10, to: "DOCK"},
		{dev: "t1", kind: inventory.KindPutaway, qty: 6, from: "DOCK", to: "A-01"},
		{dev: "t1", kind: inventory.KindMove, qty: 2, from: "A-01", to: "B-01"},
		{dev: "t1", kind: inventory.KindPick, qty: 3, from: "A-01", to: "STAGE"},
		{dev: "t1", kind: inventory.KindShip, qty: 3, from: "STAGE"},
		{dev: "t1", kind: inventory.KindReturn, qty: 1, to: "RET"},
		{dev: "t1", kind: inventory.KindAdjust, qty: 2, to: "A-01"},
		{dev: "t1", kind: inventory.KindAdjust, qty: -1, to: "B-01"},
		{dev: "t1", kind: inventory.KindAdjust, qty: -1, from: "A-01"},
		{dev: "t1", kind: inventory.KindCount, qty: 7, to: "DOCK"},
		{dev: "t1", kind: inventory.KindCount, qty: 0, to: "B-01"},
		{dev: "t1", kind: inventory.KindCount, qty: 2, to: "A-01"}, // what is there
	}},
	// Nothing moves, so nothing goes below zero either (the hub used to
	// take the quantity out and put it back, and raised negative_stock
	// for more than the place held).
	{name: "quantity moved within one place", terminal: true, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, qty: 5, to: "A-01"},
		{dev: "t1", kind: inventory.KindMove, qty: 8, from: "A-01", to: "A-01"},
		{dev: "t1", kind: inventory.KindPick, qty: 2, from: "A-01", to: "A-01"},
	}},
	{name: "negative stock", terminal: true, exceptions: []string{"negative_stock", "negative_stock"}, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, qty: 5, to: "A-01"},
		{dev: "t2", kind: inventory.KindShip, qty: 8, from: "A-01"},
		{dev: "t1", kind: inventory.KindMove, qty: 2, from: "A-01", to: "B-01"},
		{dev: "t2", kind: inventory.KindReceive, qty: 1, to: "B-01"},
	}},
	{name: "count sets stock, then too much leaves", terminal: true, exceptions: []string{"negative_stock"}, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, qty: 5, to: "A-01"},
		{dev: "t2", kind: inventory.KindCount, qty: 3, to: "A-01"},
		{dev: "t1", kind: inventory.KindMove, qty: 4, from: "A-01", to: "B-01"},
		{dev: "t2", kind: inventory.KindCount, qty: 0, to: "A-01"}, // clears the -1
	}},
	{name: "serial through every kind", serial: true, terminal: true, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "DOCK"},
		{dev: "t1", kind: inventory.KindReceive, serial: "S2", qty: 1, to: "DOCK"},
		{dev: "t1", kind: inventory.KindPutaway, serial: "S1", qty: 1, from: "DOCK", to: "A-01"},
		{dev: "t1", kind: inventory.KindCount, serial: "S1", qty: 1, to: "A-01"}, // where it is
		{dev: "t1", kind: inventory.KindMove, serial: "S1", qty: 1, from: "A-01", to: "B-01"},
		{dev: "t1", kind: inventory.KindPick, serial: "S1", qty: 1, from: "B-01", to: "STAGE"},
		{dev: "t1", kind: inventory.KindShip, serial: "S1", qty: 1, from: "STAGE"},
		{dev: "t1", kind: inventory.KindReturn, serial: "S1", qty: 1, to: "RET"},
		{dev: "t1", kind: inventory.KindAdjust, serial: "S1", qty: -1, from: "RET"}, // written off
		{dev: "t1", kind: inventory.KindAdjust, serial: "S1", qty: 1, to: "A-01"},   // found again
		{dev: "t1", kind: inventory.KindAdjust, serial: "S2", qty: -1, to: "DOCK"},
	}},
	// (The hub's applier used to dereference a stock row it had not
	// loaded here, and its writer died.)
	{name: "serial moved within one place", serial: true, terminal: true, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "A-01"},
		{dev: "t1", kind: inventory.KindMove, serial: "S1", qty: 1, from: "A-01", to: "A-01"},
		{dev: "t1", kind: inventory.KindPick, serial: "S1", qty: 1, from: "A-01", to: "A-01"},
	}},
	{name: "duplicate serial receipt", serial: true, exceptions: []string{"serial_duplicate"}, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "A-01"},
		{dev: "t2", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "B-01"},
	}},
	{name: "ship of a shipped serial", serial: true, exceptions: []string{"serial_shipped_twice", "serial_shipped"}, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "A-01"},
		{dev: "t1", kind: inventory.KindPick, serial: "S1", qty: 1, from: "A-01", to: "STAGE"},
		{dev: "t1", kind: inventory.KindShip, serial: "S1", qty: 1, from: "STAGE"},
		{dev: "t2", kind: inventory.KindShip, serial: "S1", qty: 1, from: "STAGE"},
		{dev: "t2", kind: inventory.KindMove, serial: "S1", qty: 1, from: "A-01", to: "B-01"},
	}},
	{name: "count found elsewhere", serial: true, exceptions: []string{"serial_location", "serial_shipped"}, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "A-01"},
		{dev: "t1", kind: inventory.KindReceive, serial: "S2", qty: 1, to: "A-01"},
		{dev: "t2", kind: inventory.KindMove, serial: "S1", qty: 1, from: "A-01", to: "B-01"},
		{dev: "t1", kind: inventory.KindCount, serial: "S1", qty: 1, to: "C-01"},
		{dev: "t1", kind: inventory.KindCount, serial: "S2", qty: 1, to: "A-01"},
		{dev: "t2", kind: inventory.KindShip, serial: "S2", qty: 1, from: "A-01"},
		{dev: "t1", kind: inventory.KindCount, serial: "S2", qty: 1, to: "A-01"}, // shipped, yet here
		{dev: "t1", kind: inventory.KindCount, serial: "S3", qty: 1, to: "A-01"}, // never seen
	}},
	{name: "write-offs", serial: true, exceptions: []string{"serial_location"}, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "A-01"},
		{dev: "t2", kind: inventory.KindMove, serial: "S1", qty: 1, from: "A-01", to: "B-01"},
		{dev: "t1", kind: inventory.KindAdjust, serial: "S1", qty: -1, from: "A-01"}, // the hub has it at B-01
		{dev: "t2", kind: inventory.KindAdjust, serial: "S1", qty: -1, from: "B-01"}, // already gone
		{dev: "t2", kind: inventory.KindAdjust, serial: "S9", qty: -1, from: "A-01"}, // never seen
	}},
	{name: "unseen serial leaves", serial: true, terminal: true, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "A-01"},
		{dev: "t2", kind: inventory.KindMove, serial: "S5", qty: 1, from: "A-01", to: "B-01"},
		{dev: "t2", kind: inventory.KindShip, serial: "S6", qty: 1, from: "C-01"},
	}},
	{name: "serial event without its lot", serial: true, steps: []step{
		{dev: "t1", kind: inventory.KindReceive, serial: "S1", qty: 1, to: "A-01"},
		{dev: "t1", kind: inventory.KindMove, serial: "S1", qty: 1, from: "A-01", to: "B-01", noLot: true},
		{dev: "t1", kind: inventory.KindCount, serial: "S1", qty: 1, to: "B-01", noLot: true},
	}},
}

// seqGTIN is a valid GTIN-14 for sequence i, so the sequences share one
// store of each kind without touching each other's rows.
func seqGTIN(i int) string {
	body := fmt.Sprintf("0950600%06d", i)
	sum := 0
	for k := 0; k < 13; k++ {
		d := int(body[k] - '0')
		if k%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return body + string(rune('0'+(10-sum%10)%10))
}

const projLot = "L1"

// projectionEvents lays the sequences out in one order, each event with
// its device's next seq.
func projectionEvents() [][]inventory.Event {
	at := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	seqs := map[string]int64{}
	out := make([][]inventory.Event, len(sequences))
	for i, sq := range sequences {
		for _, s := range sq.steps {
			seqs[s.dev]++
			at = at.Add(time.Second)
			e := inventory.Event{ID: fmt.Sprintf("%s-%d", s.dev, seqs[s.dev]), Device: s.dev, Seq: seqs[s.dev], Operator: "op1", At: at,
				Kind: s.kind, GTIN: seqGTIN(i), Lot: projLot, Serial: s.serial, Qty: s.qty, From: s.from, To: s.to}
			if s.noLot {
				e.Lot = ""
			}
			out[i] = append(out[i], e)
		}
	}
	return out
}

// projection is a store's stock and serial rows of one product, in order.
type projection struct {
	stock   []string // gtin lot location qty
	serials []string // gtin serial lot status location
}

func TestProjectionsAgree(t *testing.T) {
	ctx := context.Background()
	evs := projectionEvents()
	dir := t.TempDir()

	// The terminal: the whole ledger written as it stands, then projected.
	term := filepath.Join(dir, "terminal.db")
	ledger(t, term, slices.Concat(evs...))

	// The hubs: every event pushed by its device, in the same order.
	hubPath := filepath.Join(dir, "hub.db")
	pgURL := pgtest.Start(t)
	hubs := map[string]hub.Store{}
	for name, dsn := range map[string]string{"sqlite": "sqlite:" + hubPath, "postgres": pgURL} {
		st, err := hub.OpenStore(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		importLocations(t, st, eventLocations(slices.Concat(evs...)...)...)
		hubs[name] = st
	}
	raised := map[string]map[string][]string{} // store -> gtin -> exception codes
	for name, st := range hubs {
		raised[name] = map[string][]string{}
		for _, dev := range []string{"t1", "t2"} {
			if err := st.AddDevice(ctx, dev, "code-"+dev, time.Now().Add(time.Hour), time.Now()); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Enroll(ctx, "code-"+dev, "tok-"+dev, "test", time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		for _, sq := range evs {
			for _, e := range sq {
				r, err := st.Push(ctx, e.Device, []inventory.Event{e}, time.Now())
				if err != nil || r.AckSeq != e.Seq {
					t.Fatalf("%s: push %s: %+v %v", name, e.ID, r, err)
				}
				for _, x := range r.Rejected {
					raised[name][e.GTIN] = append(raised[name][e.GTIN], x.Code)
				}
			}
		}
	}

	termProj := readProjections(t, "sqlite3", "file:"+term+"?mode=ro", "location")
	hubProj := map[string]map[string]projection{
		"sqlite":   readProjections(t, "sqlite3", "file:"+hubPath+"?mode=ro", "loc"),
		"postgres": readPG(t, pgURL),
	}
	for i, sq := range sequences {
		g := seqGTIN(i)
		t.Run(sq.name, func(t *testing.T) {
			want := termProj[g]
			if len(want.stock) == 0 && len(want.serials) == 0 {
				t.Fatal("the terminal projects nothing")
			}
			for _, name := range []string{"sqlite", "postgres"} {
				if got := hubProj[name][g]; !reflect.DeepEqual(got, want) {
					t.Errorf("hub on %s differs from the terminal:\n hub %q\nterm %q", name, got, want)
				}
				if got := raised[name][g]; !slices.Equal(got, sq.exceptions) {
					t.Errorf("hub on %s raised %v, want %v", name, got, sq.exceptions)
				}
			}
			checkTraces(t, hubs["sqlite"], g, sq, want)
			if sq.terminal {
				if got := appended(t, filepath.Join(t.TempDir(), "appended.db"), sq, evs[i]); !reflect.DeepEqual(got, want) {
					t.Errorf("appended one by one, the terminal projects\n %q\nnot %q", got, want)
				}
			}
		})
	}
}

// checkTraces compares the hub's traces, which replay the events by the
// same rule, with its projection.
func checkTraces(t *testing.T, st hub.Store, gtin string, sq sequence, want projection) {
	t.Helper()
	ctx := context.Background()
	lotted := !slices.ContainsFunc(sq.steps, func(s step) bool { return s.noLot })
	if lotted {
		tr, err := hub.TraceLot(ctx, st, gtin, projLot)
		if err != nil || len(tr) != 1 {
			t.Fatalf("trace lot: %v %+v", err, tr)
		}
		var now []string
		for _, s := range tr[0].Now {
			now = append(now, fmt.Sprint(gtin, " ", projLot, " ", s.Location, " ", s.Qty))
		}
		if !slices.Equal(now, want.stock) {
			t.Errorf("lot trace has %q now, the projection %q", now, want.stock)
		}
	}
	for _, row := range want.serials {
		f := strings.Split(row, " ")
		tr, err := hub.TraceSerial(ctx, st, gtin, f[1])
		if err != nil || len(tr) != 1 {
			t.Fatalf("trace serial %s: %v %+v", f[1], err, tr)
		}
		s := tr[0]
		if got := strings.Join([]string{s.GTIN, s.Serial, s.Lot, s.Status, s.Location}, " "); got != row {
			t.Errorf("serial trace %q, the projection %q", got, row)
		}
	}
}

// ledger writes evs into a new terminal database's ledger as they stand
// (the terminal's rules would refuse the conflicting ones) and rebuilds
// its projections from it.
func ledger(t *testing.T, path string, evs []inventory.Event) {
	t.Helper()
	ctx := context.Background()
	db, err := localdb.Open(ctx, path, localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		if _, err := raw.ExecContext(ctx, `INSERT INTO events (seq, id, operator, at, kind, gtin, lot, serial, qty, from_loc, to_loc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, i+1, e.ID, e.Operator, e.At.UnixNano(), string(e.Kind), e.GTIN, e.Lot, e.Serial, e.Qty, e.From, e.To); err != nil {
			t.Fatalf("ledger %s: %v", e.ID, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = localdb.Open(ctx, path, localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
}

// appended appends one sequence's events one by one to a new terminal
// that knows the product and places, and reads back its projection.
func appended(t *testing.T, path string, sq sequence, evs []inventory.Event) projection {
	t.Helper()
	ctx := context.Background()
	db, err := localdb.Open(ctx, path, localdb.Options{NegativeStock: localdb.AllowAndFlag})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	tracking := inventory.TrackLot
	if sq.serial {
		tracking = inventory.TrackSerial
	}
	ch := wire.Changes{Cursor: "c1", Products: []inventory.Product{{GTIN: evs[0].GTIN, Name: sq.name, Tracking: tracking, Version: 1}}}
	for _, loc := range []string{"DOCK", "A-01", "B-01", "C-01", "STAGE", "RET"} {
		ch.Locations = append(ch.Locations, inventory.Location{Code: loc, Kind: inventory.LocBin, Warehouse: "W1", Version: 1})
	}
	if err := db.ApplyChanges(ctx, ch); err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		d := e
		d.ID, d.Device, d.Seq = "", "", 0
		if _, err := db.Append(ctx, d); err != nil {
			t.Fatalf("append %s: %v", e.ID, err)
		}
	}
	return readProjections(t, "sqlite3", "file:"+path+"?mode=ro", "location")[evs[0].GTIN]
}

// readProjections reads the stock rows other than zero and the serial
// rows, by product, from a SQLite database (terminal or hub: locCol names
// the location column).
func readProjections(t *testing.T, driver, dsn, locCol string) map[string]projection {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]projection{}
	for _, q := range []struct {
		query  string
		serial bool
	}{
		{fmt.Sprintf("SELECT gtin, lot, %s, qty FROM stock WHERE qty <> 0 ORDER BY 1, 2, 3", locCol), false},
		{fmt.Sprintf("SELECT gtin, serial, lot, status, %s FROM serials WHERE status <> '' ORDER BY 1, 2", locCol), true},
	} {
		rows, err := db.Query(q.query)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			f := make([]string, 5)
			dest := []any{&f[0], &f[1], &f[2], &f[3], &f[4]}
			if !q.serial {
				dest = dest[:4]
			}
			if err := rows.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			addRow(out, q.serial, f[0], f[1:len(dest)]...)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

func addRow(out map[string]projection, serial bool, gtin string, f ...string) {
	p := out[gtin]
	row := strings.Join(append([]string{gtin}, f...), " ")
	if serial {
		p.serials = append(p.serials, row)
	} else {
		p.stock = append(p.stock, row)
	}
	out[gtin] = p
}

// readPG reads the PostgreSQL hub's rows as readProjections does.
func readPG(t *testing.T, url string) map[string]projection {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	out := map[string]projection{}
	rows, err := c.Query(ctx, "SELECT gtin, lot, loc, qty FROM stock WHERE qty <> 0 ORDER BY 1, 2, 3")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var gtin, lot, loc string
		var qty int64
		if err := rows.Scan(&gtin, &lot, &loc, &qty); err != nil {
			t.Fatal(err)
		}
		addRow(out, false, gtin, lot, loc, fmt.Sprint(qty))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows, err = c.Query(ctx, "SELECT gtin, serial, lot, status, loc FROM serials WHERE status <> '' ORDER BY 1, 2")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var f [5]string
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4]); err != nil {
			t.Fatal(err)
		}
		addRow(out, true, f[0], f[1:]...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

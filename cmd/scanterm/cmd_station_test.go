package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner/ptytest"
	"github.com/scanterm/scanterm/sync/wire"
)

const (
	stLotGTIN    = "09506000134352" // lot-tracked, expiry required
	stSerialGTIN = "09506000134369" // serialised
)

// stationTestDir makes a data folder with a terminal database seeded the
// way a hub pull would, plus the events given.
func stationTestDir(t *testing.T, events ...inventory.Event) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := localdb.Open(ctx, filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "dock-7"); err != nil {
		t.Fatal(err)
	}
	err = db.ApplyChanges(ctx, wire.Changes{Cursor: "c1",
		Operators: []inventory.Operator{
			{ID: "rx1", Name: "Rita", Badge: "B-0001", Active: true, Version: 1},
			{ID: "gone", Name: "Former", Active: false, Version: 1},
		},
		Products: []inventory.Product{
			{GTIN: stLotGTIN, SKU: "SAL500", Name: "Saline 500ml", Tracking: inventory.TrackLot, ExpiryRequired: true, Version: 1},
			{GTIN: stSerialGTIN, SKU: "PUMP", Name: "Infusion pump", Tracking: inventory.TrackSerial, Version: 1},
		},
		Locations: []inventory.Location{
			{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "PACK", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1},
		},
		PurchaseOrders: []inventory.PurchaseOrder{{ID: "PO-1", Supplier: "Acme", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.POLine{{Line: 1, GTIN: stLotGTIN, Qty: 10}, {Line: 2, GTIN: stSerialGTIN, Qty: 2}}}},
		SalesOrders: []inventory.SalesOrder{{ID: "SO-1", Customer: "Clinic", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.SOLine{{Line: 1, GTIN: stSerialGTIN, Qty: 1}}}},
		PickLists: []inventory.PickList{{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1,
			Lines: []inventory.PickLine{{Line: 1, GTIN: stSerialGTIN, Qty: 1}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		e.Operator = "op1"
		if _, err := db.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type stationLine struct {
	OK      bool   `json:"ok"`
	Verdict string `json:"verdict"`
	Reason  string `json:"reason"`
	Next    string `json:"next"`
	Event   *struct {
		ID  string `json:"id"`
		Seq int64  `json:"seq"`
	} `json:"event"`
}

// runStation runs the command with scans on stdin and decodes its lines.
func runStation(t *testing.T, scans []string, args ...string) ([]stationLine, string) {
	t.Helper()
	var out, errb bytes.Buffer
	in := strings.NewReader(strings.Join(scans, "\n") + "\n")
	if err := run(context.Background(), ioStreams{In: in, Out: &out, Err: &errb}, append([]string{"station"}, args...)); err != nil {
		t.Fatalf("station: %v (stderr %s)", err, errb.String())
	}
	var lines []stationLine
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var sl stationLine
		if err := json.Unmarshal([]byte(l), &sl); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		lines = append(lines, sl)
	}
	if len(lines) != len(scans) {
		t.Fatalf("%d lines for %d scans:\n%s", len(lines), len(scans), out.String())
	}
	return lines, errb.String()
}

func openStationDB(t *testing.T, dir string) *localdb.DB {
	t.Helper()
	db, err := localdb.Open(context.Background(), filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStationReceive(t *testing.T) {
	dir := stationTestDir(t)
	scans := []string{
		"(01)" + stLotGTIN + "(17)281231(10)L1", // 1 unit of L1
		"]C101" + stSerialGTIN + "21S1",         // serial S1
		"(01)" + stSerialGTIN + "(21)S1",        // again: refused
		"!!not a barcode!!",                     // refused, station goes on
		"(10)L2",                                // lot before its product: kept
		stLotGTIN,                               // product of L2: expiry still missing
		"(01)" + stLotGTIN + "(17)290131(10)L3", // another lot: retried from the start
		"(00)095060001343528907(02)" + stLotGTIN + "(37)4(10)L1(17)281231", // pallet with contents
	}
	lines, _ := runStation(t, scans, "receive", "--po", "PO-1", "--location", "DOCK-1", "--operator", "B-0001", "--json", "--data", dir)
	want := []struct {
		ok      bool
		verdict string
		event   bool
		reason  string
	}{
		{true, "ok", true, "Received 1"},
		{true, "ok", true, "S1"},
		{false, "error", false, "already in stock at DOCK-1"},
		{false, "error", false, "not an item"},
		{true, "warning", false, "Lot L2 noted"},
		{true, "ok", false, ""},
		{true, "ok", true, "Received 1"},
		{true, "ok", true, "Received 4"},
	}
	var lastSeq int64
	for i, w := range want {
		l := lines[i]
		if l.OK != w.ok || l.Verdict != w.verdict || (l.Event != nil) != w.event || !strings.Contains(l.Reason, w.reason) {
			t.Errorf("scan %d %q: got %+v, want ok=%v verdict=%s event=%v reason~%q", i+1, scans[i], l, w.ok, w.verdict, w.event, w.reason)
		}
		if l.Event != nil {
			if l.Event.Seq != lastSeq+1 || l.Event.ID == "" {
				t.Errorf("scan %d: event %+v after seq %d", i+1, *l.Event, lastSeq)
			}
			lastSeq = l.Event.Seq
		}
	}
	if lines[5].Next == "" {
		t.Errorf("a scan that completed nothing must say what comes next: %+v", lines[5])
	}

	db := openStationDB(t, dir)
	ctx := context.Background()
	rows, err := db.Stock(ctx, localdb.StockFilter{Location: "DOCK-1", GTIN: stLotGTIN})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range rows {
		got[r.Lot] = r.Qty
	}
	if got["L1"] != 5 || got["L3"] != 1 || got["L2"] != 0 {
		t.Fatalf("stock at DOCK-1 %v, want L1=5 L3=1", got)
	}
	s1, err := db.Serial(ctx, stSerialGTIN, "S1")
	if err != nil || s1.Status != inventory.SerialInStock || s1.Location != "DOCK-1" {
		t.Fatalf("serial S1 %+v %v", s1, err)
	}
	recv, err := db.Received(ctx, "PO-1")
	if err != nil || recv[1] != 6 || recv[2] != 1 {
		t.Fatalf("received %v %v", recv, err)
	}
	evs, err := db.Events(ctx, 0, 100)
	if err != nil || len(evs) != 4 {
		t.Fatalf("%d events %v", len(evs), err)
	}
	for _, e := range evs {
		if e.Operator != "rx1" || e.Device != "dock-7" || e.Raw == "" {
			t.Fatalf("event %+v lacks operator, device or raw scan", e)
		}
	}
}

func TestStationShipVerify(t *testing.T) {
	dir := stationTestDir(t,
		inventory.Event{Kind: inventory.KindReceive, GTIN: stSerialGTIN, Serial: "S1", Qty: 1, To: "A-01", Doc: "PO-1", DocLine: 2},
		inventory.Event{Kind: inventory.KindReceive, GTIN: stSerialGTIN, Serial: "S2", Qty: 1, To: "A-01", Doc: "PO-1", DocLine: 2},
		inventory.Event{Kind: inventory.KindPick, GTIN: stSerialGTIN, Serial: "S1", Qty: 1, From: "A-01", To: "PACK", Doc: "PL-1", DocLine: 1},
	)
	scans := []string{
		"(01)" + stSerialGTIN + "(21)S2", // never picked
		"(01)" + stSerialGTIN + "(21)S1", // picked for PL-1 → SO-1
		"(01)" + stSerialGTIN + "(21)S1", // twice
		"(01)" + stSerialGTIN + "(21)S9", // unknown
	}
	lines, _ := runStation(t, scans, "ship", "--location", "PACK", "--json", "--data", dir)
	if lines[0].OK || !strings.Contains(lines[0].Reason, "not picked") {
		t.Errorf("unpicked unit: %+v", lines[0])
	}
	if !lines[1].OK || lines[1].Event == nil || lines[1].Event.Seq != 4 || !strings.Contains(lines[1].Reason, "SO-1") {
		t.Errorf("picked unit: %+v", lines[1])
	}
	if lines[2].OK || !strings.Contains(lines[2].Reason, "already shipped") {
		t.Errorf("second ship: %+v", lines[2])
	}
	if lines[3].OK {
		t.Errorf("unknown serial: %+v", lines[3])
	}
	db := openStationDB(t, dir)
	ctx := context.Background()
	s1, err := db.Serial(ctx, stSerialGTIN, "S1")
	if err != nil || s1.Status != inventory.SerialShipped {
		t.Fatalf("S1 %+v %v", s1, err)
	}
	evs, _ := db.Events(ctx, 3, 10)
	if len(evs) != 1 || evs[0].Kind != inventory.KindShip || evs[0].Doc != "SO-1" || evs[0].DocLine != 1 || evs[0].From != "PACK" {
		t.Fatalf("ship events %+v", evs)
	}
}

func TestStationHumanOutput(t *testing.T) {
	dir := stationTestDir(t)
	var out, errb bytes.Buffer
	in := strings.NewReader("(01)" + stLotGTIN + "(17)281231(10)L1\nA-01\n")
	err := run(context.Background(), ioStreams{In: in, Out: &out, Err: &errb},
		[]string{"station", "receive", "--po", "PO-1", "--location", "DOCK-1", "--data", dir})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "OK") || !strings.Contains(lines[0], "[seq 1]") ||
		!strings.HasPrefix(lines[1], "ERROR") || !strings.Contains(lines[1], "location A-01") {
		t.Fatalf("output:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "station receive ready") || !strings.Contains(errb.String(), "2 scans, 1 recorded, 1 refused") {
		t.Fatalf("stderr: %s", errb.String())
	}
}

func TestStationFlags(t *testing.T) {
	dir := stationTestDir(t)
	for _, tc := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"station"}, true, "exactly one WORKFLOW"},
		{[]string{"station", "dance"}, true, "unknown workflow"},
		{[]string{"station", "receive"}, true, "needs --po"},
		{[]string{"station", "pick", "--pick", "PL-1"}, true, "needs --location"},
		{[]string{"station", "count", "--location", "A-01", "--po", "PO-1"}, true, "does not take --po"},
		{[]string{"station", "ship", "--order", "SO-1", "--pick", "PL-1"}, true, "not both"},
		{[]string{"station", "lookup", "--source", "tape:/dev/st0"}, true, "--source"},
		{[]string{"station", "lookup", "--bogus"}, true, "bogus"},
		{[]string{"station", "receive", "--po", "PO-404"}, false, "No purchase order PO-404"},
		{[]string{"station", "count", "--location", "Z-99"}, false, "no location \"Z-99\""},
		{[]string{"station", "lookup", "--data", filepath.Join(dir, "nope")}, false, "no terminal database"},
		{[]string{"station", "lookup", "--operator", "nobody"}, false, "operator \"nobody\""},
		{[]string{"station", "lookup", "--operator", "gone"}, false, "not active"},
	} {
		args := tc.args
		if !stationHas(args, "--data") {
			args = append(args, "--data", dir)
		}
		var out, errb bytes.Buffer
		err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &errb}, args)
		if err == nil || errors.Is(err, errUsage) != tc.usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err %v (usage=%v), want usage=%v containing %q", tc.args, err, errors.Is(err, errUsage), tc.usage, tc.want)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error is not one line: %q", tc.args, err)
		}
	}
	var out bytes.Buffer
	err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &out}, []string{"station", "--help"})
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "Usage: scanterm station WORKFLOW") || !strings.Contains(out.String(), "Example:") || !strings.Contains(out.String(), "-location") {
		t.Fatalf("help: %v\n%s", err, out.String())
	}
}

func stationHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// stationBuf is a bytes.Buffer safe for the station goroutine and the test.
type stationBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *stationBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *stationBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A fixed scanner on a serial line (a real pty): scans arrive framed by
// CRLF, each gets its line once committed, and Ctrl-C (ctx) ends the
// station cleanly.
func TestStationSerialSource(t *testing.T) {
	dir := stationTestDir(t)
	line := ptytest.New(t, "ttyACM0")
	line.Write([]byte("(01)" + stLotGTIN + "(17)281231(10)L1\r\nA-01\r\n]C101" + stSerialGTIN + "21S5\r\n"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb stationBuf
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, ioStreams{In: strings.NewReader(""), Out: &out, Err: &errb}, []string{"station", "receive",
			"--po", "PO-1", "--location", "DOCK-1", "--json", "--data", dir,
			"--source", "serial:" + line.Path + "?baud=9600&suffix=crlf"})
	}()
	// Wait for the three results (the deadline only guards a hang).
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(out.String(), "\n") < 3 {
		select {
		case err := <-done:
			t.Fatalf("station ended early: %v\n%s\n%s", err, out.String(), errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no results after 30s:\n%s\n%s", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("station on cancel: %v", err)
	}
	var got []stationLine
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var sl stationLine
		if err := json.Unmarshal([]byte(l), &sl); err != nil {
			t.Fatal(err)
		}
		got = append(got, sl)
	}
	if len(got) != 3 || !got[0].OK || got[0].Event == nil || got[1].OK || !got[2].OK || got[2].Event == nil || got[2].Event.Seq != 2 {
		t.Fatalf("results:\n%s", out.String())
	}
}

func TestStationLookup(t *testing.T) {
	dir := stationTestDir(t,
		inventory.Event{Kind: inventory.KindReceive, GTIN: stLotGTIN, Lot: "L1", Expiry: "2028-12-31", Qty: 4, To: "A-01", Doc: "PO-1", DocLine: 1})
	var out, errb bytes.Buffer
	in := strings.NewReader("(01)" + stLotGTIN + "(10)L1\nA-01\n")
	if err := run(context.Background(), ioStreams{In: in, Out: &out, Err: &errb}, []string{"station", "lookup", "--data", dir}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"OK    Lot L1", "At A-01 ×4", "receive 4 A-01", "OK    Location A-01", "SAL500 L1 ×4"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("look-up output lacks %q:\n%s", want, out.String())
		}
	}
	db := openStationDB(t, dir)
	if evs, err := db.Events(context.Background(), 1, 10); err != nil || len(evs) != 0 {
		t.Fatalf("look-up recorded %+v (err %v)", evs, err)
	}
}

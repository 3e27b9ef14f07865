package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/ptytest"
	"github.com/scanterm/scanterm/sync/wire"
	"github.com/scanterm/scanterm/tui"
)

func TestRunFlags(t *testing.T) {
	s, _, errOut := runStreams()
	err := run(context.Background(), s, []string{"run", "--bogus"})
	if !errors.Is(err, errUsage) {
		t.Fatalf("bad flag: err = %v, want errUsage", err)
	}
	err = run(context.Background(), s, []string{"run", "extra"})
	if !errors.Is(err, errUsage) {
		t.Fatalf("extra argument: err = %v, want errUsage", err)
	}
	err = run(context.Background(), s, []string{"run", "--wedge-suffix", "space"})
	if !errors.Is(err, errUsage) {
		t.Fatalf("bad suffix: err = %v, want errUsage", err)
	}
	err = run(context.Background(), s, []string{"run", "--source", "stdin", "--data", t.TempDir()})
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "keyboard") {
		t.Fatalf("stdin source: err = %v", err)
	}
	err = run(context.Background(), s, []string{"run", "--source", "nonsense:x", "--data", t.TempDir()})
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--source") {
		t.Fatalf("bad source: err = %v", err)
	}
	_ = errOut
}

func TestRunHelp(t *testing.T) {
	s, out, _ := runStreams()
	if err := run(context.Background(), s, []string{"run", "--help"}); err == nil || !strings.Contains(out.String(), "Usage: scanterm [run]") {
		t.Fatalf("help: err=%v out=%q", err, out.String())
	}
	for _, want := range []string{"--source", "--operator", "--data", "Example:", "Sources", "serial:PATH"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// runStreams gives a command buffers for its output.
func runStreams() (ioStreams, *strings.Builder, *strings.Builder) {
	var out, errOut strings.Builder
	return ioStreams{In: strings.NewReader(""), Out: &out, Err: &errOut}, &out, &errOut
}

// ---- end-to-end: the real binary in tmux, scans through a pty ----

// Fixture GTINs (valid check digits).
const (
	e2eGTINLot    = "09506000134352" // lot-tracked, expiry required
	e2eGTINSerial = "09506000111117" // serialised
	e2eGTINNone   = "09506000000015" // quantity only
)

func e2eSeed() wire.Changes {
	return wire.Changes{
		Cursor: "c1",
		Operators: []inventory.Operator{
			{ID: "op1", Name: "Ana", Badge: "BADGE-0001", PINHash: inventory.PINHash("op1", "1234"), Active: true, Version: 1},
		},
		Products: []inventory.Product{
			{GTIN: e2eGTINNone, SKU: "BOX", Name: "Carton", Tracking: inventory.TrackNone, Version: 1},
			{GTIN: e2eGTINLot, SKU: "MED", Name: "Saline 500ml", Tracking: inventory.TrackLot, ExpiryRequired: true, Version: 1},
			{GTIN: e2eGTINSerial, SKU: "PUMP", Name: "Infusion pump", Tracking: inventory.TrackSerial, Version: 1},
		},
		Locations: []inventory.Location{
			{Code: "DOCK1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "STAGE", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1},
			{Code: "QUAR", Kind: inventory.LocQuarantine, Warehouse: "W1", Version: 1},
		},
		Lots: []inventory.Lot{
			{GTIN: e2eGTINLot, Lot: "L-RECALL", Expiry: "2027-01-31", Status: inventory.LotRecalled, Version: 1},
		},
		PurchaseOrders: []inventory.PurchaseOrder{
			{ID: "PO-1", Supplier: "Acme Pharma", Status: inventory.DocOpen, Version: 1, Lines: []inventory.POLine{
				{Line: 1, GTIN: e2eGTINLot, Qty: 100}, {Line: 2, GTIN: e2eGTINSerial, Qty: 2}}},
		},
		PickLists: []inventory.PickList{
			{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1, Lines: []inventory.PickLine{
				{Line: 1, GTIN: e2eGTINLot, Lot: "L-A", Qty: 4, From: "A-01"}}},
		},
		SalesOrders: []inventory.SalesOrder{
			{ID: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.SOLine{{Line: 1, GTIN: e2eGTINLot, Qty: 4}}},
		},
		Returns: []inventory.ReturnAuth{
			{ID: "RA-1", SalesOrder: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.RetLine{{Line: 1, GTIN: e2eGTINLot, Lot: "L-A", Qty: 1}}},
		},
	}
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// TestMain removes the scanterm binary the end-to-end tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildPath != "" {
		os.RemoveAll(filepath.Dir(buildPath))
	}
	os.Exit(code)
}

// goTool is the go command that runs these tests.
func goTool() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); runtime.GOROOT() != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "go" // from PATH
}

// scantermBinary builds this command once per test run.
func scantermBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "scanterm-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, "scanterm")
		out, err := exec.Command(goTool(), "build", "-o", buildPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// term is one scanterm run inside a tmux session, with a pty standing in
// for a serial scanner.
type term struct {
	t    *testing.T
	tmux string // tmux binary
	sock string
	data string
	line *ptytest.Line // the serial scanner's cable
}

// startTerm seeds DIR/terminal.db (plus prepare, if given, to put stock in
// place through the ledger), then runs scanterm in tmux at w×h.
func startTerm(t *testing.T, w, h int, prepare func(*localdb.DB)) *term {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is missing: the end-to-end tests need it (make test-deps installs it; or apt-get install tmux)")
	}
	data := t.TempDir()
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(data, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetDevice(ctx, "term-e2e"); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, e2eSeed()); err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(db)
	}
	db.Close()
	return runTerm(t, tmux, data, w, h)
}

// runTerm runs scanterm on data in tmux at w×h with a pty as its serial
// scanner, and waits for the sign-in screen.
func runTerm(t *testing.T, tmux, data string, w, h int) *term {
	t.Helper()
	bin := scantermBinary(t)
	line := ptytest.New(t, "ttyACM0")
	tm := &term{t: t, tmux: tmux, sock: filepath.Join(t.TempDir(), "tmux.sock"), data: data, line: line}
	cmd := bin + " run --data " + data + " --source 'serial:" + line.Path + "?suffix=crlf' 2>" + filepath.Join(data, "stderr.log")
	tm.tmuxRun("new-session", "-d", "-s", "e2e", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), cmd)
	t.Cleanup(func() { exec.Command(tmux, "-S", tm.sock, "kill-server").Run() })
	tm.waitFor("Scan badge")
	return tm
}

func (tm *term) tmuxRun(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command(tm.tmux, append([]string{"-S", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// screen is what tmux shows now.
func (tm *term) screen() string {
	out, err := exec.Command(tm.tmux, "-S", tm.sock, "capture-pane", "-p", "-t", "e2e").CombinedOutput()
	if err != nil {
		return "(no screen: " + err.Error() + ")"
	}
	return string(out)
}

// waitFor waits until the screen shows every text; it fails after a long
// while with the screen and the program's stderr.
func (tm *term) waitFor(texts ...string) {
	tm.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := tm.screen()
		ok := true
		for _, x := range texts {
			if !strings.Contains(s, x) {
				ok = false
			}
		}
		if ok {
			// The screen shows it; let the grace period of a newly
			// opened screen pass before the next key.
			time.Sleep(250 * time.Millisecond)
			return
		}
		if time.Now().After(deadline) {
			stderr, _ := os.ReadFile(filepath.Join(tm.data, "stderr.log"))
			tm.t.Fatalf("screen never showed %q:\n%s\nstderr:\n%s", texts, s, stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// keys presses keys one by one at a person's pace (the keyboard-wedge
// assembler would take a fast burst ending in Enter for a scan). Names are
// tmux key names: "Enter", "Escape", "F1", or single characters.
func (tm *term) keys(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		tm.tmuxRun("send-keys", "-t", "e2e", k)
		time.Sleep(80 * time.Millisecond)
	}
}

// typeText types text slowly and presses Enter: a keyed entry.
func (tm *term) typeText(text string) {
	tm.t.Helper()
	for _, r := range text {
		tm.tmuxRun("send-keys", "-t", "e2e", "-l", string(r))
		time.Sleep(80 * time.Millisecond)
	}
	tm.keys("Enter")
}

// scan sends one barcode through the pty, as a serial scanner would.
func (tm *term) scan(data string) {
	tm.t.Helper()
	tm.line.Write([]byte(data + "\r\n"))
}

// quit leaves scanterm and waits for the session to end.
func (tm *term) quit() {
	tm.t.Helper()
	tm.tmuxRun("send-keys", "-t", "e2e", "C-c")
	deadline := time.Now().Add(20 * time.Second)
	for exec.Command(tm.tmux, "-S", tm.sock, "has-session", "-t", "e2e").Run() == nil {
		if time.Now().After(deadline) {
			tm.t.Fatalf("scanterm did not quit:\n%s", tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// db opens the terminal's database to check what was recorded.
func (tm *term) db() *localdb.DB {
	tm.t.Helper()
	db, err := localdb.Open(context.Background(), filepath.Join(tm.data, dbFile), localdb.Options{})
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.t.Cleanup(func() { db.Close() })
	return db
}

// signIn signs op1 in with a badge scanned on the serial scanner.
func (tm *term) signIn() {
	tm.t.Helper()
	tm.scan("BADGE-0001")
	tm.waitFor("Menu", "1 Receive")
}

func TestE2ESignInMenuAndQuit(t *testing.T) {
	tm := startTerm(t, 30, 16, nil)
	tm.signIn()
	tm.waitFor("op1", "not enrolled", "scanner ok")
	tm.keys("0")
	tm.waitFor("Scan badge")
	tm.typeText("op1")
	tm.waitFor("Key PIN")
	tm.typeText("1234")
	tm.waitFor("Menu · Ana")
	// A keyboard-wedge scanner types the badge as one fast burst ending
	// in Enter: one scan, signed in without a PIN.
	tm.keys("0")
	tm.waitFor("Scan badge")
	tm.tmuxRun("send-keys", "-t", "e2e", "-l", "BADGE-0001", ";", "send-keys", "-t", "e2e", "Enter")
	tm.waitFor("Menu · Ana")
	// A bracketed paste is one scan too.
	tm.keys("0")
	tm.waitFor("Scan badge")
	tm.tmuxRun("set-buffer", "BADGE-0001")
	tm.tmuxRun("paste-buffer", "-p", "-t", "e2e")
	tm.waitFor("Menu · Ana")
	// The operator ID sent as a burst is not a badge: the PIN is asked.
	tm.keys("0")
	tm.waitFor("Scan badge")
	tm.tmuxRun("send-keys", "-t", "e2e", "-l", "op1", ";", "send-keys", "-t", "e2e", "Enter")
	tm.waitFor("Key PIN", "Ana (op1)")
	tm.typeText("1234")
	tm.waitFor("Menu · Ana")
	tm.quit()
}

// e2ePut records earlier floor work through the ledger.
func e2ePut(t *testing.T, evs ...inventory.Event) func(*localdb.DB) {
	return func(db *localdb.DB) {
		for _, e := range evs {
			e.Operator = "op1"
			if _, err := db.Append(context.Background(), e); err != nil {
				t.Fatalf("append %+v: %v", e, err)
			}
		}
	}
}

// e2eStocked: L-A 20 at A-01, serials S1 and S2 at A-01.
func e2eStocked(t *testing.T, more ...inventory.Event) func(*localdb.DB) {
	evs := append([]inventory.Event{
		{Kind: inventory.KindReceive, GTIN: e2eGTINLot, Lot: "L-A", Expiry: "2027-06-30", Qty: 20, To: "A-01", Doc: "PO-1", DocLine: 1},
		{Kind: inventory.KindReceive, GTIN: e2eGTINSerial, Serial: "S1", Qty: 1, To: "A-01", Doc: "PO-1", DocLine: 2},
		{Kind: inventory.KindReceive, GTIN: e2eGTINSerial, Serial: "S2", Qty: 1, To: "A-01", Doc: "PO-1", DocLine: 2},
	}, more...)
	return e2ePut(t, evs...)
}

const (
	e2eScanLA     = "]C101" + e2eGTINLot + "17270630" + "10L-A"
	e2eScanRecall = "]C101" + e2eGTINLot + "10L-RECALL"
)

func e2eStock(t *testing.T, db *localdb.DB, loc, gtin, lot string) int64 {
	t.Helper()
	rows, err := db.Stock(context.Background(), localdb.StockFilter{Location: loc, GTIN: gtin, Lot: lot})
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, r := range rows {
		n += r.Qty
	}
	return n
}

func e2eSerial(t *testing.T, db *localdb.DB, serial string) inventory.SerialState {
	t.Helper()
	s, err := db.Serial(context.Background(), e2eGTINSerial, serial)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestE2EReceive(t *testing.T) {
	tm := startTerm(t, 30, 16, nil)
	tm.signIn()
	tm.keys("1")
	tm.waitFor("Scan PO")
	tm.typeText("PO-1")
	tm.waitFor("Scan ITEM")
	// Lot, expiry and product in one GS1-128 scan; the quantity keyed.
	tm.scan("]C101" + e2eGTINLot + "17271231" + "10LOT7")
	tm.waitFor("Key QTY")
	tm.typeText("12")
	tm.waitFor("Scan LOCATION")
	tm.scan("DOCK1")
	tm.waitFor("Received 12")
	// Two serialised units, one serial each.
	tm.scan("]C101" + e2eGTINSerial + "21X1")
	tm.waitFor("SERIAL 2 of 2")
	tm.scan("]C101" + e2eGTINSerial + "21X2")
	tm.waitFor("Scan LOCATION")
	tm.scan("DOCK1")
	tm.waitFor("q 3")
	tm.quit()
	db := tm.db()
	if n := e2eStock(t, db, "DOCK1", e2eGTINLot, "LOT7"); n != 12 {
		t.Fatalf("LOT7 at DOCK1 = %d, want 12", n)
	}
	lot, err := db.Lot(context.Background(), e2eGTINLot, "LOT7")
	if err != nil || lot.Expiry != "2027-12-31" {
		t.Fatalf("lot LOT7: %+v, %v", lot, err)
	}
	for _, s := range []string{"X1", "X2"} {
		if st := e2eSerial(t, db, s); st.Status != inventory.SerialInStock || st.Location != "DOCK1" {
			t.Fatalf("serial %s: %+v", s, st)
		}
	}
}

func TestE2EPutaway(t *testing.T) {
	tm := startTerm(t, 80, 24, e2eStocked(t))
	tm.signIn()
	tm.keys("2")
	tm.waitFor("Put-away", "Scan ITEM")
	tm.scan(e2eScanLA)
	tm.waitFor("Key QTY")
	tm.typeText("5")
	tm.waitFor("Scan TO")
	tm.scan("A-02")
	tm.waitFor("5 units → A-02")
	tm.quit()
	db := tm.db()
	if a, b := e2eStock(t, db, "A-01", e2eGTINLot, "L-A"), e2eStock(t, db, "A-02", e2eGTINLot, "L-A"); a != 15 || b != 5 {
		t.Fatalf("L-A: A-01 %d, A-02 %d; want 15, 5", a, b)
	}
}

func TestE2EMove(t *testing.T) {
	tm := startTerm(t, 30, 16, e2eStocked(t))
	tm.signIn()
	tm.keys("3")
	tm.waitFor("Scan FROM")
	tm.scan("A-01")
	tm.waitFor("Scan ITEM")
	tm.scan("]C101" + e2eGTINSerial + "21S1")
	tm.waitFor("Serial S1")
	tm.scan("A-02")
	tm.waitFor("→ A-02")
	tm.quit()
	db := tm.db()
	if st := e2eSerial(t, db, "S1"); st.Location != "A-02" {
		t.Fatalf("S1 at %q, want A-02", st.Location)
	}
	if st := e2eSerial(t, db, "S2"); st.Location != "A-01" {
		t.Fatalf("S2 at %q, want A-01", st.Location)
	}
}

func TestE2EPick(t *testing.T) {
	tm := startTerm(t, 30, 16, e2eStocked(t))
	tm.signIn()
	tm.keys("4")
	tm.waitFor("Scan PICK LIST")
	tm.scan("PL-1")
	tm.waitFor("Scan DROP")
	tm.scan("STAGE")
	tm.waitFor("Line 1 of 1")
	// A recalled lot is refused with the reason; nothing is recorded.
	tm.scan(e2eScanRecall)
	tm.waitFor("RECALLED")
	tm.scan(e2eScanLA)
	tm.waitFor("Key QTY")
	tm.keys("Enter") // accept the suggested 4
	tm.waitFor("Picked 4")
	tm.quit()
	db := tm.db()
	if n := e2eStock(t, db, "STAGE", e2eGTINLot, "L-A"); n != 4 {
		t.Fatalf("STAGE L-A = %d, want 4", n)
	}
	if n := e2eStock(t, db, "A-01", e2eGTINLot, "L-A"); n != 16 {
		t.Fatalf("A-01 L-A = %d, want 16", n)
	}
}

func TestE2EShip(t *testing.T) {
	tm := startTerm(t, 80, 24, e2eStocked(t,
		inventory.Event{Kind: inventory.KindPick, GTIN: e2eGTINLot, Lot: "L-A", Qty: 4, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 1}))
	tm.signIn()
	tm.keys("5")
	tm.waitFor("Scan ORDER")
	tm.typeText("SO-1")
	tm.waitFor("SO-1: 0 of 4 shipped")
	tm.scan(e2eScanLA)
	tm.waitFor("Key QTY")
	tm.keys("Enter")
	tm.waitFor("Shipped 4")
	tm.quit()
	db := tm.db()
	if n := e2eStock(t, db, "STAGE", e2eGTINLot, "L-A"); n != 0 {
		t.Fatalf("STAGE L-A = %d after shipping, want 0", n)
	}
	tr, err := db.LotTrace(context.Background(), e2eGTINLot, "L-A")
	if err != nil || len(tr.Shipments) != 1 || tr.Shipments[0].SalesOrder != "SO-1" || tr.Shipments[0].Qty != 4 {
		t.Fatalf("trace shipments: %+v, %v", tr.Shipments, err)
	}
}

func TestE2EReturn(t *testing.T) {
	tm := startTerm(t, 30, 16, e2eStocked(t,
		inventory.Event{Kind: inventory.KindPick, GTIN: e2eGTINLot, Lot: "L-A", Qty: 4, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 1},
		inventory.Event{Kind: inventory.KindShip, GTIN: e2eGTINLot, Lot: "L-A", Qty: 4, From: "STAGE", Doc: "SO-1", DocLine: 1}))
	tm.signIn()
	tm.keys("6")
	tm.waitFor("Scan returned")
	tm.scan("RA-1")
	tm.waitFor("RA RA-1")
	tm.scan(e2eScanLA)
	tm.waitFor("Went out on SO-1")
	tm.keys("Enter")
	tm.waitFor("2 quarantine")
	tm.typeText("2")
	tm.waitFor("Scan LOCATION")
	tm.scan("QUAR")
	tm.waitFor("Returned 1")
	tm.quit()
	db := tm.db()
	if n := e2eStock(t, db, "QUAR", e2eGTINLot, "L-A"); n != 1 {
		t.Fatalf("QUAR L-A = %d, want 1", n)
	}
}

func TestE2ECount(t *testing.T) {
	tm := startTerm(t, 30, 16, e2eStocked(t))
	tm.signIn()
	tm.keys("7")
	tm.waitFor("Scan LOCATION")
	tm.scan("A-01")
	tm.waitFor("Counting A-01")
	tm.scan(e2eScanLA)
	tm.waitFor("COUNTED QTY")
	tm.typeText("18")
	tm.waitFor("record had 20")
	// S1 is found; S2, on record at A-01, is not: the count names it
	// before Enter and writes it off after.
	tm.scan("]C101" + e2eGTINSerial + "21S1")
	tm.waitFor("S1 is here")
	tm.keys("Enter")
	tm.waitFor("Scan ITEM")
	tm.keys("Enter")
	tm.waitFor("S2 missing", "rest are 0")
	tm.keys("Enter")
	tm.waitFor("Scan LOCATION")
	tm.quit()
	db := tm.db()
	if n := e2eStock(t, db, "A-01", e2eGTINLot, "L-A"); n != 18 {
		t.Fatalf("A-01 L-A = %d after the count, want 18", n)
	}
	if n := e2eStock(t, db, "A-01", e2eGTINSerial, ""); n != 1 {
		t.Errorf("serialised units at A-01 after the count: %d, want 1", n)
	}
	if s := e2eSerial(t, db, "S2"); s.Status != inventory.SerialScrapped {
		t.Errorf("S2 after a count that did not find it: %+v, want written off", s)
	}
	if s := e2eSerial(t, db, "S1"); s.Status != inventory.SerialInStock || s.Location != "A-01" {
		t.Errorf("S1 after the count: %+v", s)
	}
}

func TestE2ELookup(t *testing.T) {
	tm := startTerm(t, 30, 16, e2eStocked(t))
	tm.signIn()
	tm.keys("8")
	tm.waitFor("Scan anything")
	tm.scan("]C101" + e2eGTINSerial + "21S2")
	tm.waitFor("in stock at A-01")
	tm.scan(e2eScanRecall)
	tm.waitFor("RECALLED")
	// Help on ? and back with Esc, then back to the menu.
	tm.keys("?")
	tm.waitFor("Look-up · help")
	tm.keys("Escape")
	tm.keys("Escape")
	tm.waitFor("1 Receive")
	// Unplugging the scanner (the pty goes away) shows in the status bar.
	tm.line.Unplug()
	tm.waitFor("scanner OFF")
	tm.quit()
	// Look-up records nothing: only the three seeded receipts exist.
	evs, err := tm.db().Events(context.Background(), 0, 0)
	if err != nil || len(evs) != 3 {
		t.Fatalf("events after look-up: %d, %v", len(evs), err)
	}
}

// TestForwardReaderSource: a source's scans reach the UI channel as scan
// messages, whole and in order.
func TestForwardReaderSource(t *testing.T) {
	src := scanner.NewReaderSource("stdin", strings.NewReader("BADGE-0001\n]C1010950600013435210L1\x1d17271231\n"), scanner.Options{})
	ch := make(chan tea.Msg, 8)
	forward(context.Background(), src, ch, slog.New(slog.DiscardHandler))
	close(ch)
	var scans []string
	for m := range ch {
		if s, ok := m.(tui.ScanMsg); ok {
			scans = append(scans, s.Text)
		}
	}
	want := []string{"BADGE-0001", "]C1010950600013435210L1\x1d17271231"}
	if strings.Join(scans, "|") != strings.Join(want, "|") {
		t.Fatalf("scans %q, want %q", scans, want)
	}
}

// TestRunRefusesCorruptDatabase: a damaged database file is reported, not
// overwritten, and the UI does not start.
func TestRunRefusesCorruptDatabase(t *testing.T) {
	dir := t.TempDir()
	junk := []byte("this is not an SQLite database, it is a shopping list\n")
	if err := os.WriteFile(filepath.Join(dir, dbFile), junk, 0o600); err != nil {
		t.Fatal(err)
	}
	s, _, _ := runStreams()
	err := run(context.Background(), s, []string{"run", "--data", dir})
	if err == nil || !errors.Is(err, localdb.ErrCorrupt) {
		t.Fatalf("err = %v, want localdb.ErrCorrupt", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, dbFile)); string(got) != string(junk) {
		t.Fatal("the damaged file was changed")
	}
}

// TestE2EEnrolledSyncs runs the terminal enrolled with a real scanhub on
// 127.0.0.1 (demo data): operators and the PO arrive by the pull at start,
// the status bar goes online, and a received lot reaches the hub.
func TestE2EEnrolledSyncs(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is missing: the end-to-end tests need it (make test-deps installs it; or apt-get install tmux)")
	}
	hubBin := filepath.Join(filepath.Dir(scantermBinary(t)), "scanhub")
	if out, err := exec.Command(goTool(), "build", "-o", hubBin, "../scanhub").CombinedOutput(); err != nil {
		t.Fatalf("build scanhub: %v\n%s", err, out)
	}
	dir := t.TempDir()
	hubDB := "sqlite:" + filepath.Join(dir, "hub.db")
	if out, err := exec.Command(hubBin, "demo", "--db", hubDB).CombinedOutput(); err != nil {
		t.Fatalf("scanhub demo: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serve := exec.CommandContext(ctx, hubBin, "serve", "--db", hubDB, "--listen", "127.0.0.1:0")
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	serve.Stderr = serve.Stdout
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); serve.Wait() }()
	line := make([]byte, 256)
	n, err := stdout.Read(line)
	first := strings.TrimSpace(string(line[:n]))
	url := strings.TrimPrefix(first, "scanhub: listening on ")
	if err != nil || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("scanhub serve said %q (%v)", first, err)
	}
	go func() { // keep draining the hub's log so it never blocks
		buf := make([]byte, 4096)
		for {
			if _, err := stdout.Read(buf); err != nil {
				return
			}
		}
	}()
	out, err := exec.Command(hubBin, "device", "add", "term-e2e", "--db", hubDB, "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("device add: %v\n%s", err, out)
	}
	var dev struct{ Code string }
	if err := json.Unmarshal(out, &dev); err != nil || dev.Code == "" {
		t.Fatalf("device add printed %q: %v", out, err)
	}
	data := filepath.Join(dir, "term")
	if out, err := exec.Command(scantermBinary(t), "enroll", url, dev.Code, "--data", data).CombinedOutput(); err != nil {
		t.Fatalf("scanterm enroll: %v\n%s", err, out)
	}

	tm := runTerm(t, tmux, data, 80, 24)
	tm.waitFor("online")
	tm.scan("OP1001") // the demo operator's badge
	tm.waitFor("Menu · Ana")
	tm.keys("1")
	tm.waitFor("Scan PO")
	tm.scan("PO-1001")
	tm.waitFor("Scan ITEM")
	tm.scan("]C101" + "09506000134352" + "17271231" + "10LOT-E2E")
	tm.waitFor("Key QTY")
	tm.typeText("3")
	tm.waitFor("Scan LOCATION")
	tm.scan("DOCK-1")
	tm.waitFor("Received 3")
	tm.waitFor("online · q 0") // pushed and acknowledged
	tm.keys("Escape")
	tm.waitFor("Scan PO")
	tm.keys("Escape")
	tm.waitFor("9 Sync now")
	tm.keys("9")
	tm.waitFor("✓ Synced:")

	// The hub goes away: Sync now says why, in words, naming the hub.
	cancel()
	serve.Wait()
	tm.keys("9")
	tm.waitFor("Sync failed: cannot reach", "connection refused")
	tm.quit()

	out, err = exec.Command(hubBin, "events", "--db", hubDB, "--json").CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"lot":"LOT-E2E"`) {
		t.Fatalf("hub events lack the receipt: %v\n%s", err, out)
	}
}

package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
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
	for _, want := range []string{"--source", "--operator", "--data", "Example:"} {
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
	e2eGTINNone   = "09506000000012" // quantity only
)

func e2eSeed() wire.Changes {
	return wire.Changes{
		Cursor: "c1",
		Operators: []wire.Operator{
			{ID: "op1", Name: "Ana", Badge: "BADGE-0001", PINHash: wire.PINHash("op1", "1234"), Active: true, Version: 1},
		},
		Products: []wire.Product{
			{GTIN: e2eGTINNone, SKU: "BOX", Name: "Carton", Tracking: wire.TrackNone, Version: 1},
			{GTIN: e2eGTINLot, SKU: "MED", Name: "Saline 500ml", Tracking: wire.TrackLot, ExpiryRequired: true, Version: 1},
			{GTIN: e2eGTINSerial, SKU: "PUMP", Name: "Infusion pump", Tracking: wire.TrackSerial, Version: 1},
		},
		Locations: []wire.Location{
			{Code: "DOCK1", Kind: wire.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Kind: wire.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-02", Kind: wire.LocBin, Warehouse: "W1", Version: 1},
			{Code: "STAGE", Kind: wire.LocStaging, Warehouse: "W1", Version: 1},
			{Code: "QUAR", Kind: wire.LocQuarantine, Warehouse: "W1", Version: 1},
		},
		Lots: []wire.Lot{
			{GTIN: e2eGTINLot, Lot: "L-RECALL", Expiry: "2027-01-31", Status: wire.LotRecalled, Version: 1},
		},
		PurchaseOrders: []wire.PurchaseOrder{
			{ID: "PO-1", Supplier: "Acme Pharma", Status: wire.DocOpen, Version: 1, Lines: []wire.POLine{
				{Line: 1, GTIN: e2eGTINLot, Qty: 100}, {Line: 2, GTIN: e2eGTINSerial, Qty: 2}}},
		},
		PickLists: []wire.PickList{
			{ID: "PL-1", SalesOrder: "SO-1", Status: wire.DocOpen, Version: 1, Lines: []wire.PickLine{
				{Line: 1, GTIN: e2eGTINLot, Lot: "L-A", Qty: 4, From: "A-01"}}},
		},
		SalesOrders: []wire.SalesOrder{
			{ID: "SO-1", Customer: "City Hospital", Status: wire.DocOpen, Version: 1, Lines: []wire.SOLine{{Line: 1, GTIN: e2eGTINLot, Qty: 4}}},
		},
		Returns: []wire.ReturnAuth{
			{ID: "RA-1", SalesOrder: "SO-1", Customer: "City Hospital", Status: wire.DocOpen, Version: 1, Lines: []wire.RetLine{{Line: 1, GTIN: e2eGTINLot, Lot: "L-A", Qty: 1}}},
		},
	}
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

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
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		out, err := exec.Command(gobin, "build", "-o", buildPath, ".").CombinedOutput()
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
	t      *testing.T
	tmux   string // tmux binary
	sock   string
	data   string
	master *os.File
}

// startTerm seeds DIR/terminal.db (plus prepare, if given, to put stock in
// place through the ledger), then runs scanterm in tmux at w×h.
func startTerm(t *testing.T, w, h int, prepare func(*localdb.DB)) *term {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is missing: the end-to-end tests need it (make test-deps installs it; or apt-get install tmux)")
	}
	bin := scantermBinary(t)
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

	master, slave, err := pty.Open()
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	t.Cleanup(func() { master.Close(); slave.Close() })

	tm := &term{t: t, tmux: tmux, sock: filepath.Join(t.TempDir(), "tmux.sock"), data: data, master: master}
	cmd := bin + " run --data " + data + " --source 'serial:" + slave.Name() + "?suffix=crlf' 2>" + filepath.Join(data, "stderr.log")
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
	if _, err := tm.master.Write([]byte(data + "\r\n")); err != nil {
		tm.t.Fatalf("write to pty: %v", err)
	}
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
	tm.quit()
}

package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndTwoTerminals is the story with the real binaries, in
// headless station mode: the dock terminal receives a unit and syncs; the
// handheld, enrolled afterwards, puts that unit away (its first pull
// brought the dock's receipt) and syncs; a third terminal sees where the
// unit is and, through the hub, who moved it. scanhub stock agrees.
func TestEndToEndTwoTerminals(t *testing.T) {
	scanterm, scanhub := binaries(t)
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "hub.db")
	runBin(t, "", scanhub, "demo", "--db", dsn) // operator 1001
	runBin(t, "", scanhub, "import", "--db", dsn, filepath.Join("..", "..", "testdata", "e2e", "site.jsonl"))
	url := startHub(t, scanhub, dsn)
	enrol := func(name string) string {
		return enrolTerminal(t, scanterm, scanhub, dsn, url, filepath.Join(dir, name))
	}
	station := func(data, scan string, args ...string) {
		t.Helper()
		args = append(append([]string{"station"}, args...), "--operator", "1001", "--source", "stdin", "--json", "--data", data)
		out := strings.TrimSpace(runBin(t, scan+"\n", scanterm, args...))
		var v struct {
			OK     bool   `json:"ok"`
			Reason string `json:"reason"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil || !v.OK {
			t.Fatalf("station %s on %s: %s (%v)", args[1], filepath.Base(data), out, err)
		}
	}
	const scan = "]C1" + "0109506000134383" + "17281231" + "10LOT-E2E" + "\x1d" + "21SN0001"

	dock := enrol("dock-1")
	station(dock, scan, "receive", "--po", "E2E-PO-1", "--location", "E2E-DOCK")
	runBin(t, "", scanterm, "sync", "--once", "--data", dock)

	hand := enrol("hand-1")
	if out := runBin(t, "", scanterm, "stock", "--data", hand); !strings.Contains(out, "E2E-DOCK") {
		t.Fatalf("the handheld does not see the dock's receipt:\n%s", out)
	}
	station(hand, scan, "putaway", "--location", "E2E-BIN")
	runBin(t, "", scanterm, "sync", "--once", "--data", hand)
	runBin(t, "", scanterm, "sync", "--once", "--data", dock)

	for _, data := range []string{dock, hand, enrol("desk-1")} {
		out := runBin(t, "", scanterm, "stock", "--json", "--data", data)
		if strings.Count(out, "\n") != 1 || !strings.Contains(out, `"location":"E2E-BIN","qty":1`) {
			t.Errorf("%s's stock: %s", filepath.Base(data), out)
		}
	}
	out := runBin(t, "", scanterm, "trace", "serial", "SN0001", "--data", filepath.Join(dir, "desk-1"))
	for _, want := range []string{"in_stock, E2E-BIN", "Across the site", "dock-1", "hand-1", "putaway"} {
		if !strings.Contains(out, want) {
			t.Errorf("trace on a third terminal lacks %q:\n%s", want, out)
		}
	}
	if out := runBin(t, "", scanhub, "stock", "--db", dsn, "--json"); strings.Count(out, "\n") != 1 || !strings.Contains(out, `"location":"E2E-BIN"`) {
		t.Errorf("scanhub stock: %s", out)
	}
}

// TestEndToEndTwoTerminalsTUI is the same story with the handheld's real
// TUI in tmux at 30×16: the dock's station receives a pump and syncs; the
// handheld, started afterwards, pulls on start, puts the unit the dock
// received away by scanning it and the bin, and syncs with 9; the dock's
// next sync shows the unit in the bin, and so does the handheld's own
// Look-up.
func TestEndToEndTwoTerminalsTUI(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is missing: the end-to-end tests need it (make test-deps installs it; or apt-get install tmux)")
	}
	scanterm, scanhub := binaries(t)
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "hub.db")
	runBin(t, "", scanhub, "demo", "--db", dsn)
	url := startHub(t, scanhub, dsn)
	enrol := func(name string) string {
		return enrolTerminal(t, scanterm, scanhub, dsn, url, filepath.Join(dir, name))
	}
	// PUMP-X2 of the demo, serial PXA (letters: nothing in it looks like
	// another AI).
	const pump = "]C1" + "0109506000134369" + "21PXA"

	dock := enrol("dock-1")
	out := runBin(t, pump+"\n", scanterm, "station", "receive", "--po", "PO-1001", "--location", "DOCK-1", "--operator", "1001", "--source", "stdin", "--json", "--data", dock)
	if !strings.Contains(out, `"ok":true`) {
		t.Fatalf("the dock's receipt: %s", out)
	}
	runBin(t, "", scanterm, "sync", "--once", "--data", dock)

	hand := enrol("hand-1")
	tm := runTerm(t, tmux, hand, 30, 16)
	tm.scan("OP1001")
	tm.waitFor("2 Put-away", "online")
	// Its pull on start brings the dock's receipt (the last page may
	// land a moment after the status says online).
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		out := runBin(t, "", scanterm, "stock", "--json", "--data", hand)
		if strings.Contains(out, `"location":"DOCK-1","qty":1`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the handheld does not see the dock's receipt: %s", out)
		}
	}
	tm.keys("2")
	tm.waitFor("Put-away")
	tm.scan(pump)
	tm.waitFor("Serial PXA (1 scanned)")
	tm.scan("A-01")
	tm.waitFor("A-01", "q 1")
	tm.keys("Escape")
	tm.waitFor("9 Sync now")
	tm.keys("9")
	tm.waitFor("Synced")
	tm.waitFor("q 0")
	tm.keys("8")
	tm.waitFor("Look-up")
	tm.scan(pump)
	tm.waitFor("PXA", "A-01")
	tm.quit()

	runBin(t, "", scanterm, "sync", "--once", "--data", dock)
	for _, data := range []string{dock, hand} {
		out := runBin(t, "", scanterm, "stock", "--json", "--data", data)
		if !strings.Contains(out, `"location":"A-01","qty":1`) || strings.Contains(out, `"location":"DOCK-1"`) {
			t.Errorf("%s's stock after the put-away: %s", filepath.Base(data), out)
		}
	}
}

// enrolTerminal adds a device named for data's folder on the hub at dsn and
// enrols a terminal with data as its folder against url.
func enrolTerminal(t *testing.T, scanterm, scanhub, dsn, url, data string) string {
	t.Helper()
	var added struct{ Code string }
	if err := json.Unmarshal([]byte(runBin(t, "", scanhub, "device", "add", filepath.Base(data), "--db", dsn, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	runBin(t, "", scanterm, "enroll", url, added.Code, "--data", data)
	return data
}

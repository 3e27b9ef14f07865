package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
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
		t.Helper()
		var added struct{ Code string }
		if err := json.Unmarshal([]byte(runBin(t, "", scanhub, "device", "add", name, "--db", dsn, "--json")), &added); err != nil {
			t.Fatal(err)
		}
		data := filepath.Join(dir, name)
		runBin(t, "", scanterm, "enroll", url, added.Code, "--data", data)
		return data
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

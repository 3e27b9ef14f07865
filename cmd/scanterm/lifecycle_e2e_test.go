package main

// The restore story with the real binaries: a terminal's data
// folder copied aside, restored after more scans were synced, new scans on
// top. The hub must refuse instead of swallowing them, the terminal must
// say so and keep its queue, and the technician's recovery (reinstate,
// enrol) must deliver every event exactly once even when scanterm is
// killed with SIGKILL at any moment of it.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// scanReceipts records n serialised receipts through scanterm station,
// serials from first on, and returns their event ids.
func scanReceipts(t *testing.T, scanterm, data string, first, n int) []string {
	t.Helper()
	var in strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&in, "]C1"+"0109506000134383"+"17281231"+"10LOT-E2E"+"\x1d"+"21SN%05d\n", first+i)
	}
	out := runBin(t, in.String(), scanterm, "station", "receive", "--po", "E2E-PO-1", "--location", "E2E-DOCK",
		"--operator", "1001", "--source", "stdin", "--json", "--data", data)
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var v struct {
			OK    bool `json:"ok"`
			Event struct {
				ID string `json:"id"`
			} `json:"event"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil || !v.OK {
			t.Fatalf("station verdict %q (%v)", l, err)
		}
		ids = append(ids, v.Event.ID)
	}
	if len(ids) != n {
		t.Fatalf("station recorded %d scans, want %d", len(ids), n)
	}
	return ids
}

// runCode runs a binary and returns stdout and its exit code.
func runCode(t *testing.T, bin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s: %v", bin, err)
	}
	return out.String(), 0
}

// killAfter starts bin and kills it with SIGKILL after d (or lets it end).
func killAfter(t *testing.T, d time.Duration, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.RemoveAll(to); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-a", from, to).CombinedOutput(); err != nil {
		t.Fatalf("cp -a %s %s: %v\n%s", from, to, err, out)
	}
}

// hubEventIDs counts the hub's events by id (scanhub events --json).
func hubEventIDs(t *testing.T, scanhub, dsn string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(runBin(t, "", scanhub, "events", "--db", dsn, "--json")), "\n") {
		if l == "" {
			continue
		}
		var e hubEvent
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("scanhub events line %q: %v", l, err)
		}
		out[e.ID]++
	}
	return out
}

func TestEndToEndRestoredFolderRecovers(t *testing.T) {
	scanterm, scanhub := binaries(t)
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "hub.db")
	data, backup := filepath.Join(dir, "term"), filepath.Join(dir, "backup")
	runBin(t, "", scanhub, "demo", "--db", dsn)
	runBin(t, "", scanhub, "import", "--db", dsn, filepath.Join("..", "..", "testdata", "e2e", "site.jsonl"))
	url := startHub(t, scanhub, dsn)
	var added struct{ Code string }
	if err := json.Unmarshal([]byte(runBin(t, "", scanhub, "device", "add", "t1", "--db", dsn, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	runBin(t, "", scanterm, "enroll", url, added.Code, "--data", data)

	all := scanReceipts(t, scanterm, data, 1, 10)
	runBin(t, "", scanterm, "sync", "--once", "--data", data)
	copyDir(t, data, backup)
	all = append(all, scanReceipts(t, scanterm, data, 11, 10)...)
	runBin(t, "", scanterm, "sync", "--once", "--data", data)
	copyDir(t, backup, data)
	all = append(all, scanReceipts(t, scanterm, data, 21, 15)...)

	// Refused, said, kept: never queue 0 and exit 0 while events miss.
	out, rc := runCode(t, scanterm, "sync", "--once", "--json", "--data", data)
	var rep struct {
		Pushed int    `json:"pushed"`
		Queue  int    `json:"queue"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &rep); err != nil {
		t.Fatalf("sync --json: %q: %v", out, err)
	}
	if rc == 0 || rep.Queue != 15 || rep.Pushed != 0 || !strings.Contains(rep.Error, "diverged at seq 11") {
		t.Fatalf("restored terminal's sync: rc %d, %+v; want a refusal naming seq 11 with the queue of 15 kept", rc, rep)
	}
	// The refusal is in the terminal's own log.
	if b, err := os.ReadFile(filepath.Join(data, "scanterm.log")); err != nil || !strings.Contains(string(b), "diverged at seq 11") {
		t.Fatalf("scanterm.log: %v\n%s", err, b)
	}
	if xs := runBin(t, "", scanhub, "exceptions", "--db", dsn); strings.Count(xs, "device_diverged") != 1 {
		t.Fatalf("scanhub exceptions:\n%s\nwant one device_diverged", xs)
	}
	if ds := runBin(t, "", scanhub, "devices", "--db", dsn); !strings.Contains(ds, "diverged") {
		t.Fatalf("scanhub devices:\n%s\nwant t1 shown diverged", ds)
	}

	// The recovery, with scanterm killed at growing moments: each killed
	// enrolment may have spent its code, so the technician asks for
	// another (revoke and reinstate when the hub no longer sees the
	// device diverged).
	enrolled := false
	for i, d := range []time.Duration{0, 5 * time.Millisecond, 20 * time.Millisecond, 60 * time.Millisecond, time.Minute} {
		var code struct{ Code string }
		out, rc := runCode(t, scanhub, "device", "reinstate", "t1", "--db", dsn, "--json")
		if rc != 0 {
			runBin(t, "", scanhub, "device", "revoke", "t1", "--db", dsn)
			out = runBin(t, "", scanhub, "device", "reinstate", "t1", "--db", dsn, "--json")
		}
		if err := json.Unmarshal([]byte(out), &code); err != nil {
			t.Fatalf("reinstate --json %q: %v", out, err)
		}
		if d < time.Minute {
			killAfter(t, d, scanterm, "enroll", url, code.Code, "--data", data)
			killAfter(t, time.Duration(i)*10*time.Millisecond, scanterm, "sync", "--once", "--data", data)
			continue
		}
		out = runBin(t, "", scanterm, "enroll", url, code.Code, "--data", data)
		enrolled = strings.Contains(out, "incarnation") || strings.Contains(out, "first sync")
	}
	if !enrolled {
		t.Fatal("the last enrolment did not run")
	}
	out, rc = runCode(t, scanterm, "sync", "--once", "--json", "--data", data)
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &rep); err != nil || rc != 0 || rep.Queue != 0 {
		t.Fatalf("sync after recovery: rc %d %q", rc, out)
	}
	got := hubEventIDs(t, scanhub, dsn)
	if len(got) != len(all) {
		t.Errorf("hub holds %d distinct events, want %d", len(got), len(all))
	}
	for _, id := range all {
		if got[id] != 1 {
			t.Errorf("hub holds event %s %d times, want once", id, got[id])
		}
	}
}

// TestEndToEndCopiedFolderRunsAtOnce: one data folder copied onto a second
// handheld, both scanning and syncing. The copy is refused (the original
// goes on), is enrolled as a new device, and both copies' events end on
// the hub once each.
func TestEndToEndCopiedFolderRunsAtOnce(t *testing.T) {
	scanterm, scanhub := binaries(t)
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "hub.db")
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	runBin(t, "", scanhub, "demo", "--db", dsn)
	runBin(t, "", scanhub, "import", "--db", dsn, filepath.Join("..", "..", "testdata", "e2e", "site.jsonl"))
	url := startHub(t, scanhub, dsn)
	var added struct{ Code string }
	if err := json.Unmarshal([]byte(runBin(t, "", scanhub, "device", "add", "h1", "--db", dsn, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	runBin(t, "", scanterm, "enroll", url, added.Code, "--data", a)
	all := scanReceipts(t, scanterm, a, 1, 10)
	runBin(t, "", scanterm, "sync", "--once", "--data", a)
	copyDir(t, a, b)
	all = append(all, scanReceipts(t, scanterm, a, 100, 10)...)
	all = append(all, scanReceipts(t, scanterm, b, 200, 15)...)
	runBin(t, "", scanterm, "sync", "--once", "--data", a)
	if out, rc := runCode(t, scanterm, "sync", "--once", "--json", "--data", b); rc == 0 || !strings.Contains(out, `"queue":15`) {
		t.Fatalf("the copy's sync: rc %d %s; want refused with its queue of 15", rc, out)
	}
	all = append(all, scanReceipts(t, scanterm, a, 300, 3)...)
	runBin(t, "", scanterm, "sync", "--once", "--data", a) // the original is not held up

	if err := json.Unmarshal([]byte(runBin(t, "", scanhub, "device", "add", "h2", "--db", dsn, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	if out := runBin(t, "", scanterm, "enroll", url, added.Code, "--data", b); !strings.Contains(out, "continue as device h2") {
		t.Fatalf("enrolment of the copy said:\n%s", out)
	}
	all = append(all, scanReceipts(t, scanterm, b, 400, 2)...)
	for _, d := range []string{a, b} {
		if out, rc := runCode(t, scanterm, "sync", "--once", "--json", "--data", d); rc != 0 || !strings.Contains(out, `"queue":0`) {
			t.Fatalf("sync of %s: rc %d %s", d, rc, out)
		}
	}
	got := hubEventIDs(t, scanhub, dsn)
	if len(got) != len(all) {
		t.Errorf("hub holds %d distinct events, want %d", len(got), len(all))
	}
	for _, id := range all {
		if got[id] != 1 {
			t.Errorf("hub holds event %s %d times, want once", id, got[id])
		}
	}
}

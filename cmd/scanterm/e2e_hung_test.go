package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestE2EHungHub: the real terminal at 30×16 against a real hub that is
// paused (SIGSTOP: it accepts connections and never answers). "9 Sync now"
// fails with "no answer" (on the answer timeout, not minutes later), the
// menu keeps every item on screen beside the notice, and once the hub
// runs again the next round clears the stale failure.
func TestE2EHungHub(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is missing: the end-to-end tests need it (make test-deps installs it; or apt-get install tmux)")
	}
	scanterm, scanhub := binaries(t)
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "hub.db")
	data := filepath.Join(dir, "term")
	runBin(t, "", scanhub, "demo", "--db", dsn)
	url, hub := startHubProc(t, scanhub, dsn)
	var added struct{ Device, Code string }
	if err := json.Unmarshal([]byte(runBin(t, "", scanhub, "device", "add", "hh-1", "--db", dsn, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	runBin(t, "", scanterm, "enroll", url, added.Code, "--data", data)

	tm := runTerm(t, tmux, data, 30, 16)
	tm.scan("OP1001")
	tm.waitFor("Menu", "1 Receive", "online")
	if err := hub.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	resumed := false
	defer func() {
		if !resumed {
			hub.Signal(syscall.SIGCONT)
		}
	}()
	tm.keys("9")
	tm.waitFor("Sync failed", "answer in time")
	tm.waitFor("8 Look-up", "9 Sync now", "0 Sign out")
	hub.Signal(syscall.SIGCONT)
	resumed = true
	tm.keys("9")
	tm.waitFor("Synced")
	tm.waitFor("online")
	tm.quit()
}

package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/sync/wire"
)

// TestE2EEnrollByQRScan: a terminal that is not enrolled, running, is
// enrolled by scanning the link a hub console's QR code holds; it goes
// online and the demo operator arrives by the first pull, with no typing.
func TestE2EEnrollByQRScan(t *testing.T) {
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
	out, err := exec.Command(hubBin, "device", "add", "term-qr", "--db", hubDB, "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("device add: %v\n%s", err, out)
	}
	var dev struct{ Code string }
	if err := json.Unmarshal(out, &dev); err != nil || dev.Code == "" {
		t.Fatalf("device add printed %q: %v", out, err)
	}

	// A handheld fresh from the box: an empty data folder.
	data := filepath.Join(dir, "term")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	tm := runTerm(t, tmux, data, 80, 24)
	tm.waitFor("not enrolled")
	tm.scan("]Q1" + wire.EnrollLink{HubURL: url, Code: dev.Code}.String())
	tm.waitFor("Enrolled as term-qr.")
	tm.waitFor("online")
	tm.scan("OP1001") // the demo operator, pulled from the hub
	tm.waitFor("Menu · Ana")
	tm.quit()
}

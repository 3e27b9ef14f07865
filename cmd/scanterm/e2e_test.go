package main

// The foundation's end-to-end slice with real parts: two real binaries, a
// real hub on a SQLite file serving real HTTP on 127.0.0.1, a terminal with
// its own SQLite file. A GS1 scan goes in through scanterm's input, is
// decoded, recorded, pushed and reported by the hub; master data and the
// purchase order travel the other way. Each hop is checked, so a broken hop
// fails here.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/localdb"
)

var (
	e2eBuildOnce sync.Once
	e2eBuildDir  string
	e2eBuildErr  error
)

// binaries builds scanterm and scanhub once per test binary.
func binaries(t *testing.T) (scanterm, scanhub string) {
	t.Helper()
	e2eBuildOnce.Do(func() {
		e2eBuildDir, e2eBuildErr = os.MkdirTemp("", "scanterm-e2e-bin")
		if e2eBuildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", e2eBuildDir+"/", "github.com/scanterm/scanterm/cmd/scanterm", "github.com/scanterm/scanterm/cmd/scanhub")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			e2eBuildErr = &buildFailure{err, out.String()}
		}
	})
	if e2eBuildErr != nil {
		t.Fatalf("build binaries: %v", e2eBuildErr)
	}
	return filepath.Join(e2eBuildDir, "scanterm"), filepath.Join(e2eBuildDir, "scanhub")
}

type buildFailure struct {
	err error
	out string
}

func (b *buildFailure) Error() string { return b.err.Error() + "\n" + b.out }

// runBin runs a binary to completion and returns its stdout; a non-zero exit
// fails the test with both streams.
func runBin(t *testing.T, stdin string, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(bin), strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// startHub starts scanhub serve on a free loopback port and returns its URL.
func startHub(t *testing.T, scanhub, dsn string) string {
	t.Helper()
	url, _ := startHubProc(t, scanhub, dsn)
	return url
}

// startHubProc is startHub that also returns the hub's process (to pause
// it, say).
func startHubProc(t *testing.T, scanhub, dsn string) (string, *os.Process) {
	t.Helper()
	cmd := exec.Command(scanhub, "serve", "--db", dsn, "--listen", "127.0.0.1:0")
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatalf("start scanhub: %v", err)
	}
	pw.Close()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		pr.Close()
	})
	urls := make(chan string, 1)
	var logbuf bytes.Buffer
	var mu sync.Mutex
	go func() {
		re := regexp.MustCompile(`listening on (https?://\S+)`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			mu.Lock()
			logbuf.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case u := <-urls:
		return u, cmd.Process
	case <-time.After(30 * time.Second):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("scanhub did not print its listen address; output:\n%s", logbuf.String())
		return "", nil
	}
}

// hubEvent is one line of `scanhub events --json`.
type hubEvent struct {
	ID         string    `json:"id"`
	Device     string    `json:"device"`
	Seq        int64     `json:"seq"`
	Kind       string    `json:"kind"`
	GTIN       string    `json:"gtin"`
	Lot        string    `json:"lot"`
	Serial     string    `json:"serial"`
	Expiry     string    `json:"expiry"`
	Qty        int64     `json:"qty"`
	To         string    `json:"to"`
	Doc        string    `json:"doc"`
	ReceivedAt time.Time `json:"received_at"`
}

func TestEndToEndScanTravelsToHub(t *testing.T) {
	scanterm, scanhub := binaries(t)
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "hub.db")
	data := filepath.Join(dir, "term")

	// The hub: demo data (what make run uses, loaded twice to prove it is
	// idempotent) and this test's own site file.
	runBin(t, "", scanhub, "demo", "--db", dsn)
	runBin(t, "", scanhub, "demo", "--db", dsn)
	runBin(t, "", scanhub, "import", "--db", dsn, filepath.Join("..", "..", "testdata", "e2e", "site.jsonl"))
	url := startHub(t, scanhub, dsn)

	// Enrolment: a one-time code traded for a token over real HTTP; the
	// first pull brings master data and documents to the terminal.
	var added struct{ Device, Code string }
	if err := json.Unmarshal([]byte(runBin(t, "", scanhub, "device", "add", "dock-1", "--db", dsn, "--json")), &added); err != nil {
		t.Fatalf("device add --json: %v", err)
	}
	if added.Device != "dock-1" || added.Code == "" {
		t.Fatalf("device add gave %+v", added)
	}
	runBin(t, "", scanterm, "enroll", url, added.Code, "--data", data)

	// The scan: GS1-128 as a scanner delivers it, AIM id and GS included.
	const gs = "\x1d"
	scan := "]C1" + "0109506000134383" + "17281231" + "10LOT-E2E" + gs + "21SN0001"
	out := runBin(t, scan+"\n", scanterm, "station", "receive", "--po", "E2E-PO-1", "--location", "E2E-DOCK",
		"--operator", "1001", "--source", "stdin", "--json", "--data", data)
	var verdict struct {
		OK     bool   `json:"ok"`
		Reason string `json:"reason"`
		Event  struct {
			ID  string `json:"id"`
			Seq int64  `json:"seq"`
		} `json:"event"`
	}
	line := strings.TrimSpace(out)
	if err := json.Unmarshal([]byte(line), &verdict); err != nil || !verdict.OK || verdict.Event.ID == "" {
		t.Fatalf("station did not record the scan: %q (%v)", line, err)
	}

	// Recorded in the terminal's own SQLite file, decoded field by field.
	db, err := localdb.Open(context.Background(), filepath.Join(data, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := db.Events(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Fatalf("terminal ledger has %d events, want 1", len(evs))
	}
	got := evs[0]
	if got.ID != verdict.Event.ID || got.Kind != "receive" || got.GTIN != "09506000134383" || got.Lot != "LOT-E2E" ||
		got.Serial != "SN0001" || got.Expiry != "2028-12-31" || got.Qty != 1 || got.To != "E2E-DOCK" || got.Doc != "E2E-PO-1" || got.Raw != scan {
		t.Fatalf("terminal recorded %+v", got)
	}
	if n, _, err := db.OutboxStats(context.Background()); err != nil || n != 1 {
		t.Fatalf("outbox before sync: %d (%v), want 1", n, err)
	}
	db.Close()

	// Pushed over HTTP and reported by the hub.
	runBin(t, "", scanterm, "sync", "--once", "--data", data)
	var found *hubEvent
	for _, l := range strings.Split(strings.TrimSpace(runBin(t, "", scanhub, "events", "--db", dsn, "--json")), "\n") {
		var e hubEvent
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("scanhub events --json line %q: %v", l, err)
		}
		if e.ID == got.ID {
			found = &e
		}
	}
	if found == nil {
		t.Fatalf("hub does not report event %s", got.ID)
	}
	if found.Device != "dock-1" || found.Seq != 1 || found.Kind != "receive" || found.GTIN != got.GTIN || found.Lot != "LOT-E2E" ||
		found.Serial != "SN0001" || found.Expiry != "2028-12-31" || found.Qty != 1 || found.To != "E2E-DOCK" || found.Doc != "E2E-PO-1" || found.ReceivedAt.IsZero() {
		t.Fatalf("hub reports %+v", *found)
	}

	// The queue is empty once the hub acknowledged; the other direction
	// works on demand: a product imported after enrolment arrives with the
	// next sync.
	extra := filepath.Join(dir, "extra.jsonl")
	if err := os.WriteFile(extra, []byte(`{"type":"product","gtin":"09506000134390","sku":"E2E-NEW","name":"Added later","tracking":"lot","expiry_required":false}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runBin(t, "", scanhub, "import", "--db", dsn, extra)
	runBin(t, "", scanterm, "sync", "--once", "--data", data)
	db, err = localdb.Open(context.Background(), filepath.Join(data, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _, err := db.OutboxStats(context.Background()); err != nil || n != 0 {
		t.Fatalf("outbox after sync: %d (%v), want 0", n, err)
	}
	p, err := db.Product(context.Background(), "09506000134390")
	if err != nil || p.SKU != "E2E-NEW" {
		t.Fatalf("product imported on the hub after enrolment not pulled: %+v %v", p, err)
	}
	if _, err := db.PurchaseOrder(context.Background(), "E2E-PO-1"); err != nil {
		t.Fatalf("purchase order not on the terminal: %v", err)
	}
}

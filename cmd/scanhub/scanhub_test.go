package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// scanhub runs one command and returns its stdout; it fails the test on
// an error.
func scanhub(t *testing.T, args ...string) string {
	t.Helper()
	out, err := try(args...)
	if err != nil {
		t.Fatalf("scanhub %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func try(args ...string) (string, error) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	if err != nil && errb.Len() > 0 {
		err = fmt.Errorf("%w\nstderr: %s", err, errb.String())
	}
	return out.String(), err
}

func TestBadFlagsAndHelp(t *testing.T) {
	for name := range commands() {
		_, err := try(name, "--bogus")
		if !errors.Is(err, errUsage) {
			t.Errorf("%s --bogus: %v, want a usage error", name, err)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s --bogus: error is not one line: %q", name, err)
		}
		out, err := try(name, "--help")
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: scanhub "+name) || !strings.Contains(out, "Example:") || !strings.Contains(out, "-db") {
			t.Errorf("%s --help: %v\n%s", name, err, out)
		}
	}
	if _, err := try("frobnicate"); !errors.Is(err, errUsage) {
		t.Errorf("unknown command: %v", err)
	}
	if _, err := try("devices", "--db", "mysql://x"); !errors.Is(err, errUsage) {
		t.Errorf("bad --db: %v", err)
	}
	if _, err := try("lot", "recall", "L1", "--db", "sqlite:"+filepath.Join(t.TempDir(), "h.db")); !errors.Is(err, errUsage) {
		t.Errorf("lot without --gtin: %v", err)
	}
	if _, err := try("exceptions", "resolve", "1", "--db", "sqlite:"+filepath.Join(t.TempDir(), "h.db")); !errors.Is(err, errUsage) {
		t.Errorf("resolve without --note: %v", err)
	}
	// An empty serial or lot would match every event that has none.
	for _, what := range []string{"serial", "lot"} {
		if _, err := try("trace", what, " ", "--db", "sqlite:"+filepath.Join(t.TempDir(), "h.db")); !errors.Is(err, errUsage) {
			t.Errorf("trace %s of a blank: %v, want a usage error", what, err)
		}
	}
}

func TestTLSMode(t *testing.T) {
	for _, c := range []struct {
		host, cert string
		insecure   bool
		want       string
	}{
		{"127.0.0.1", "", false, tlsPlain}, {"::1", "", false, tlsPlain}, {"localhost", "", false, tlsPlain},
		{"0.0.0.0", "", false, tlsSelfSigned}, {"", "", false, tlsSelfSigned}, {"10.1.2.3", "", false, tlsSelfSigned},
		{"10.1.2.3", "", true, tlsPlain}, {"10.1.2.3", "c.pem", false, tlsGiven}, {"127.0.0.1", "c.pem", false, tlsGiven},
	} {
		if got := tlsMode(c.host, c.cert, c.insecure); got != c.want {
			t.Errorf("tlsMode(%q, %q, %v) = %s, want %s", c.host, c.cert, c.insecure, got, c.want)
		}
	}
}

// serve starts scanhub serve in the background and returns the URL it
// printed; the server stops (and must return nil) at the end of the test.
func serve(t *testing.T, args ...string) (url string, before []string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve"}, args...), strings.NewReader(""), pw, io.Discard)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	out := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			out <- sc.Text()
		}
		close(out)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	re := regexp.MustCompile(`^scanhub: listening on (https?://127\.0\.0\.1:\d+)$`)
	for l := range out {
		if m := re.FindStringSubmatch(l); m != nil {
			go func() { // keep draining so serve never blocks on stdout
				for range out {
				}
			}()
			return m[1], before
		}
		if !strings.HasPrefix(l, "scanhub: ") {
			t.Fatalf("unexpected serve output %q", l)
		}
		before = append(before, l)
	}
	t.Fatal("serve exited without printing its URL")
	return "", nil
}

func post(t *testing.T, url, token string, body, out any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

func TestServeEndToEnd(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	scanhub(t, "demo", "--db", db)
	if out := scanhub(t, "demo", "--db", db, "--json"); !strings.Contains(out, `"inserted":0`) {
		t.Fatalf("second demo load inserted something: %s", out)
	}
	var added struct{ Device, Code string }
	if err := json.Unmarshal([]byte(scanhub(t, "device", "add", "dock-1", "--db", db, "--json")), &added); err != nil || added.Device != "dock-1" || added.Code == "" {
		t.Fatalf("device add --json: %+v %v", added, err)
	}
	url, _ := serve(t, "--db", db, "--listen", "127.0.0.1:0")

	var enr wire.EnrollResponse
	if st := post(t, url+"/v1/enroll", "", wire.EnrollRequest{Code: added.Code, AppVersion: "9.9"}, &enr); st != 200 {
		t.Fatalf("enroll: %d", st)
	}
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	mk := func(seq int64, kind inventory.EventKind, gtin, lot, serial string, qty int64, from, to, doc string) inventory.Event {
		return inventory.Event{ID: fmt.Sprintf("e%d", seq), Device: "dock-1", Seq: seq, Operator: "1001", At: at.Add(time.Duration(seq) * time.Minute),
			Kind: kind, GTIN: gtin, Lot: lot, Serial: serial, Qty: qty, From: from, To: to, Doc: doc, Expiry: map[bool]string{true: "2027-01-31"}[lot != ""]}
	}
	evs := []inventory.Event{
		mk(1, inventory.KindReceive, hub.DemoGTINLot, "S26-002", "", 24, "", "DOCK-1", "PO-1001"),
		mk(2, inventory.KindPutaway, hub.DemoGTINLot, "S26-002", "", 24, "DOCK-1", "A-01", ""),
		mk(3, inventory.KindPick, hub.DemoGTINLot, "S26-002", "", 6, "A-01", "STG-1", "PL-5001"),
		mk(4, inventory.KindShip, hub.DemoGTINLot, "S26-002", "", 6, "STG-1", "", "SO-5001"),
		mk(5, inventory.KindReceive, hub.DemoGTINSerial, "", "PX2-0001", 1, "", "DOCK-1", "PO-1001"),
		mk(6, inventory.KindShip, hub.DemoGTINSerial, "", "PX2-0001", 1, "DOCK-1", "", "SO-5001"),
		mk(7, inventory.KindShip, hub.DemoGTINSerial, "", "PX2-0001", 1, "DOCK-1", "", "SO-5001"),
	}
	var pr wire.PushResponse
	if st := post(t, url+"/v1/events", enr.Token, wire.PushRequest{Events: evs}, &pr); st != 200 || pr.AckSeq != 7 || len(pr.Rejected) != 1 || pr.Rejected[0].Code != "serial_shipped_twice" {
		t.Fatalf("push: %d %+v", st, pr)
	}

	// events --json: one line per event with the documented fields.
	lines := strings.Split(strings.TrimSpace(scanhub(t, "events", "--db", db, "--json", "--device", "dock-1")), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d event lines", len(lines))
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "device", "seq", "kind", "gtin", "lot", "serial", "expiry", "qty", "from", "to", "doc", "at", "received_at"} {
		if _, ok := first[k]; !ok {
			t.Errorf("events --json has no %q: %s", k, lines[0])
		}
	}
	if first["id"] != "e1" || first["lot"] != "S26-002" || first["expiry"] != "2027-01-31" || first["doc"] != "PO-1001" {
		t.Fatalf("first event: %s", lines[0])
	}
	// events as a table: who did it, beside which terminal.
	table := strings.Split(strings.TrimSpace(scanhub(t, "events", "--db", db, "--device", "dock-1")), "\n")
	if len(table) != 8 || !strings.HasPrefix(table[0], "DEVICE  SEQ  OPERATOR  KIND") || !strings.HasPrefix(table[1], "dock-1  1    1001      receive") {
		t.Fatalf("events table:\n%s", strings.Join(table, "\n"))
	}

	// trace lot: supplier from the PO, the shipment's customer, stock now.
	var lt hub.LotTrace
	if err := json.Unmarshal([]byte(scanhub(t, "trace", "lot", "S26-002", "--gtin", hub.DemoGTINLot, "--db", db, "--json")), &lt); err != nil {
		t.Fatal(err)
	}
	if len(lt.Receipts) != 1 || lt.Receipts[0].Supplier != "Acme Medical" || len(lt.Shipments) != 1 || lt.Shipments[0].Customer != "City Hospital" ||
		lt.Shipped != 6 || len(lt.Now) != 1 || lt.Now[0].Location != "A-01" || lt.Now[0].Qty != 18 || lt.Record == nil {
		t.Fatalf("trace lot: %+v", lt)
	}
	if out := scanhub(t, "trace", "lot", "S26-002", "--db", db); !strings.Contains(out, "Acme Medical") || !strings.Contains(out, "A-01") {
		t.Fatalf("trace lot text:\n%s", out)
	}
	var stt hub.SerialTrace
	if err := json.Unmarshal([]byte(scanhub(t, "trace", "serial", "PX2-0001", "--db", db, "--json")), &stt); err != nil {
		t.Fatal(err)
	}
	if stt.Status != "shipped" || len(stt.Shipments) != 2 || len(stt.Events) != 3 {
		t.Fatalf("trace serial: %+v", stt)
	}

	// The exception names both events and can be resolved.
	var x inventory.Exception
	if err := json.Unmarshal([]byte(scanhub(t, "exceptions", "--db", db, "--json")), &x); err != nil {
		t.Fatal(err)
	}
	if x.EventID != "e7" || x.OtherEvent != "e6" || x.Resolved {
		t.Fatalf("exception: %+v", x)
	}
	scanhub(t, "exceptions", "resolve", strconv.FormatInt(x.ID, 10), "--note", "second scan was a re-print", "--db", db)
	if out := scanhub(t, "exceptions", "--open", "--db", db, "--json"); out != "" {
		t.Fatalf("resolved exception still open: %s", out)
	}

	// devices: acked seq and app version.
	var d hub.Device
	if err := json.Unmarshal([]byte(scanhub(t, "devices", "--db", db, "--json")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "dock-1" || d.AckSeq != 7 || d.AppVersion != "9.9" || d.Revoked || d.LastSeen.IsZero() {
		t.Fatalf("devices: %+v", d)
	}

	// export: csv header + 7 rows; json since the future is empty.
	csvOut := scanhub(t, "export", "events", "--format", "csv", "--db", db)
	if n := strings.Count(csvOut, "\n"); n != 8 || !strings.HasPrefix(csvOut, "hub_id,id,device,seq") {
		t.Fatalf("export csv (%d lines):\n%s", n, csvOut)
	}
	if out := scanhub(t, "export", "events", "--since", "2999-01-01", "--db", db); out != "" {
		t.Fatalf("export since the future: %s", out)
	}

	// Recall: the status is on the hub for the next pull; revoke: 401 revoked.
	scanhub(t, "lot", "recall", "S26-002", "--gtin", "9506000134352", "--db", db)
	scanhub(t, "device", "revoke", "dock-1", "--db", db)
	var e wire.Error
	if st := post(t, url+"/v1/events", enr.Token, wire.PushRequest{}, &e); st != 401 || e.Code != "revoked" {
		t.Fatalf("revoked push: %d %+v", st, e)
	}
	if out := scanhub(t, "device", "list", "--db", db); !strings.Contains(out, "revoked") {
		t.Fatalf("device list:\n%s", out)
	}
}

func TestServeWithCertificate(t *testing.T) {
	dir := t.TempDir()
	_, fp, err := hub.SelfSignedCert(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	url, before := serve(t, "--db", "sqlite:"+filepath.Join(dir, "hub.db"), "--listen", "127.0.0.1:0",
		"--tls-cert", filepath.Join(dir, hub.CertFile), "--tls-key", filepath.Join(dir, hub.KeyFile))
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("url %s", url)
	}
	if len(before) != 1 || before[0] != "scanhub: certificate fingerprint "+fp {
		t.Fatalf("lines before the URL %q, want the fingerprint %s", before, fp)
	}
}

func TestImportCommand(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	bad := filepath.Join("..", "..", "testdata", "import", "errors.jsonl")
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"import", bad, "--db", db}, strings.NewReader(""), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "nothing imported") {
		t.Fatalf("bad file: %v", err)
	}
	if !strings.Contains(errb.String(), bad+":1: product: gtin") || !strings.Contains(errb.String(), bad+`:6: location: barcode "9506000000009/A09": GLN 9506000000009 has a wrong check digit`) ||
		strings.Count(errb.String(), "\n") != 6 {
		t.Fatalf("problems:\n%s", errb.String())
	}
	if _, err := try("import", filepath.Join(t.TempDir(), "missing.csv"), "--db", db); err == nil || errors.Is(err, errUsage) {
		t.Fatalf("missing file: %v", err)
	}
	good := filepath.Join("..", "..", "testdata", "import", "site.jsonl")
	if out := scanhub(t, "import", good, "--db", db, "--json"); !strings.Contains(out, `"inserted":14`) {
		t.Fatalf("import: %s", out)
	}
	if out := scanhub(t, "import", good, "--db", db, "--json"); !strings.Contains(out, `"unchanged":14`) {
		t.Fatalf("reimport: %s", out)
	}
	var so bytes.Buffer
	err = run(context.Background(), []string{"import", "-", "--db", db}, strings.NewReader(`{"type":"location","code":"Z-9","kind":"bin","warehouse":"W9"}`), &so, io.Discard)
	if err != nil || !strings.Contains(so.String(), "1 new") {
		t.Fatalf("stdin import: %v %s", err, so.String())
	}
}

func TestPublicAddr(t *testing.T) {
	host, _ := os.Hostname()
	for _, c := range []struct{ host, want string }{
		{"127.0.0.1", "127.0.0.1:8765"}, {"::1", "[::1]:8765"}, {"hub.example", "hub.example:8765"},
		{"0.0.0.0", net.JoinHostPort(host, "8765")}, {"", net.JoinHostPort(host, "8765")}, {"::", net.JoinHostPort(host, "8765")},
	} {
		if got := publicAddr(c.host, &net.TCPAddr{Port: 8765}); got != c.want {
			t.Errorf("publicAddr(%q) = %s, want %s", c.host, got, c.want)
		}
	}
}

// TestTraceHistoryShowsNote: a write-off's note ("count: not found") and a
// return's disposition show in the text history, not only in JSON.
func TestTraceHistoryShowsNote(t *testing.T) {
	var b strings.Builder
	printEvents(&b, []hub.Event{{Event: inventory.Event{Kind: inventory.KindAdjust, Qty: -1, From: "B-01", Note: "count: not found", Device: "t1", Seq: 7}}})
	if !strings.Contains(b.String(), "B-01 ->") || !strings.Contains(b.String(), "(count: not found)") {
		t.Errorf("history line does not show the note:\n%s", b.String())
	}
}

package hub_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

const gtinA = "09506000134352"

func TestPushAndAck(t *testing.T) {
	for name, dsn := range stores {
		t.Run(name, func(t *testing.T) { testPushAndAck(t, startHubOn(t, dsn(t))) })
	}
}

func testPushAndAck(t *testing.T, h *testHub) {
	tok := h.enroll(t, "t1")
	var resp wire.PushResponse
	evs := []inventory.Event{ev("t1", 1, inventory.KindReceive, gtinA, "L1", "", 10, "", "DOCK"), ev("t1", 2, inventory.KindMove, gtinA, "L1", "", 4, "DOCK", "A-01")}
	if st := h.do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: evs}, &resp); st != 200 || resp.AckSeq != 2 || resp.Expected != 0 {
		t.Fatalf("push: %d %+v", st, resp)
	}
	// The same batch again is acknowledged and not applied twice.
	if st := h.do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: evs}, &resp); st != 200 || resp.AckSeq != 2 {
		t.Fatalf("repush: %d %+v", st, resp)
	}
	// A gap applies nothing and names the expected seq.
	gap := []inventory.Event{ev("t1", 4, inventory.KindMove, gtinA, "L1", "", 1, "DOCK", "A-01")}
	if st := h.do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: gap}, &resp); st != 200 || resp.AckSeq != 2 || resp.Expected != 3 {
		t.Fatalf("gap: %d %+v", st, resp)
	}
	// gzip request and response.
	var resp2 wire.PushResponse
	next := []inventory.Event{ev("t1", 3, inventory.KindMove, gtinA, "L1", "", 1, "DOCK", "A-01")}
	if st := h.raw(t, "POST", "/v1/events", tok, gz(t, wire.PushRequest{Events: next}), map[string]string{"Content-Encoding": "gzip"}, &resp2); st != 200 || resp2.AckSeq != 3 {
		t.Fatalf("gzip push: %d %+v", st, resp2)
	}
	got, err := h.srv.Store().Events(context.Background(), hub.EventFilter{Device: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("stored %d events, want 3", len(got))
	}
}

func TestRefusals(t *testing.T) {
	for name, dsn := range stores {
		t.Run(name, func(t *testing.T) { testRefusals(t, startHubOn(t, dsn(t))) })
	}
}

func testRefusals(t *testing.T, h *testHub) {
	tok := h.enroll(t, "t1")
	tok2 := h.enroll(t, "t2")
	one := wire.PushRequest{Events: []inventory.Event{ev("t1", 1, inventory.KindReceive, gtinA, "L1", "", 10, "", "DOCK")}}
	var e wire.Error
	cases := []struct {
		name   string
		status int
		code   wire.Code
		send   func() int
	}{
		{"no token", 401, "unauthorized", func() int { return h.do(t, "POST", "/v1/events", "", one, &e) }},
		{"bad token", 401, "unauthorized", func() int { return h.do(t, "POST", "/v1/events", "nope", one, &e) }},
		{"other device", 403, "wrong_device", func() int { return h.do(t, "POST", "/v1/events", tok2, one, &e) }},
		{"malformed", 400, "malformed", func() int {
			return h.raw(t, "POST", "/v1/events", tok, strings.NewReader(`{"events":[{`), nil, &e)
		}},
		{"oversized", 413, "too_large", func() int {
			return h.raw(t, "POST", "/v1/events", tok, strings.NewReader(`{"events":[],"x":"`+strings.Repeat("a", 70<<10)+`"}`), nil, &e)
		}},
		{"wrong version", 426, "protocol_version", func() int {
			return h.raw(t, "POST", "/v1/events", tok, strings.NewReader(`{"events":[]}`), map[string]string{wire.HeaderProtocol: "2"}, &e)
		}},
	}
	for _, c := range cases {
		e = wire.Error{}
		if st := c.send(); st != c.status || e.Code != c.code {
			t.Errorf("%s: got %d %+v, want %d %s", c.name, st, e, c.status, c.code)
		}
	}
	got, err := h.srv.Store().Events(context.Background(), hub.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("refused requests stored %d events", len(got))
	}
	if err := h.srv.Store().RevokeDevice(context.Background(), "t1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if st := h.do(t, "POST", "/v1/events", tok, one, &e); st != 401 || e.Code != "revoked" {
		t.Fatalf("revoked: %d %+v", st, e)
	}
}

func TestEnrolRefusals(t *testing.T) {
	h := startHub(t)
	code, err := h.srv.AddDevice(context.Background(), "t1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var e wire.Error
	if st := h.do(t, "POST", "/v1/enroll", "", wire.EnrollRequest{Code: "NOPE-NOPE-NOPE"}, &e); st != 401 || e.Code != "bad_code" {
		t.Fatalf("unknown code: %d %+v", st, e)
	}
	var resp wire.EnrollResponse
	// Codes are read off a screen: case and dashes do not matter.
	lower := strings.ToLower(strings.ReplaceAll(code, "-", ""))
	if st := h.do(t, "POST", "/v1/enroll", "", wire.EnrollRequest{Code: lower}, &resp); st != 200 || resp.Device != "t1" {
		t.Fatalf("enrol: %d %+v", st, resp)
	}
	if st := h.do(t, "POST", "/v1/enroll", "", wire.EnrollRequest{Code: code}, &e); st != 401 || e.Code != "bad_code" {
		t.Fatalf("second use: %d %+v", st, e)
	}
	// The token works; only its hash is stored, so the store cannot hand it out.
	var ch wire.Changes
	if st := h.do(t, "GET", "/v1/changes", resp.Token, nil, &ch); st != 200 || ch.Cursor == "" {
		t.Fatalf("changes with the new token: %d %+v", st, ch)
	}
	if _, err := h.srv.Store().Authenticate(context.Background(), resp.Token); err == nil {
		t.Fatal("the store accepts the raw token: it must keep only a hash")
	}
	if _, err := h.srv.Store().Authenticate(context.Background(), hub.HashSecret(resp.Token)); err != nil {
		t.Fatalf("token hash: %v", err)
	}
}

func TestChangesOverHTTP(t *testing.T) {
	h := startHub(t)
	tok := h.enroll(t, "t1")
	if _, err := hub.LoadDemo(context.Background(), h.srv.Store(), time.Now()); err != nil {
		t.Fatal(err)
	}
	var ch wire.Changes
	// gzip answer when accepted; the Go client decompresses transparently
	// only when it asked itself, so ask explicitly and check the header.
	req, _ := http.NewRequest("GET", h.url+"/v1/changes?since=&limit=10", nil)
	req.Header.Set(wire.HeaderProtocol, "1")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("changes: %d encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(zr).Decode(&ch); err != nil {
		t.Fatal(err)
	}
	if !ch.More || ch.Cursor == "" {
		t.Fatalf("first page of 10: %+v", ch)
	}
	n := 0
	for since := ""; ; {
		var page wire.Changes
		if st := h.do(t, "GET", "/v1/changes?since="+since, tok, nil, &page); st != 200 {
			t.Fatalf("changes: %d", st)
		}
		n += len(page.Products) + len(page.Locations) + len(page.Lots) + len(page.Operators) + len(page.PurchaseOrders) + len(page.PickLists) + len(page.SalesOrders) + len(page.Returns)
		since = page.Cursor
		if !page.More {
			break
		}
	}
	if n != hub.DemoData().Len() {
		t.Fatalf("pulled %d records, want %d", n, hub.DemoData().Len())
	}
	var e wire.Error
	if st := h.do(t, "GET", "/v1/changes?since=abc", tok, nil, &e); st != 400 || e.Code != "malformed" {
		t.Fatalf("bad cursor: %d %+v", st, e)
	}
	if st := h.do(t, "GET", "/v1/changes", "", nil, &e); st != 401 {
		t.Fatalf("changes without token: %d", st)
	}
}

func TestGzipBombAndOrder(t *testing.T) {
	h := startHub(t)
	tok := h.enroll(t, "t1")
	// 64 KiB limit: a small gzip body that inflates past it is refused.
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"events":[],"pad":"`))
	zw.Write(bytes.Repeat([]byte("a"), 1<<20))
	zw.Write([]byte(`"}`))
	zw.Close()
	var e wire.Error
	if st := h.raw(t, "POST", "/v1/events", tok, &buf, map[string]string{"Content-Encoding": "gzip"}, &e); st != 413 || e.Code != "too_large" {
		t.Fatalf("gzip bomb: %d %+v", st, e)
	}
	out := wire.PushRequest{Events: []inventory.Event{ev("t1", 2, inventory.KindReceive, gtinA, "", "", 1, "", "D"), ev("t1", 1, inventory.KindReceive, gtinA, "", "", 1, "", "D")}}
	if st := h.do(t, "POST", "/v1/events", tok, out, &e); st != 400 || e.Code != "malformed" {
		t.Fatalf("out of order: %d %+v", st, e)
	}
	if st := h.raw(t, "POST", "/v1/events", tok, strings.NewReader("{}"), map[string]string{"Content-Encoding": "br"}, &e); st != 415 {
		t.Fatalf("brotli: %d %+v", st, e)
	}
	if st := h.raw(t, "POST", "/v1/events", tok, strings.NewReader("{}"), map[string]string{wire.HeaderProtocol: ""}, &e); st != 426 || !strings.Contains(e.Message, "protocol 1") {
		t.Fatalf("no version header: %d %+v", st, e)
	}
	if n, err := h.srv.Store().Events(context.Background(), hub.EventFilter{}); err != nil || len(n) != 0 {
		t.Fatalf("refused requests stored %d events (err %v)", len(n), err)
	}
}

func TestSelfSignedFingerprint(t *testing.T) {
	dir := t.TempDir()
	cert, fp, err := hub.SelfSignedCert(dir, []string{"10.0.0.5"})
	if err != nil {
		t.Fatal(err)
	}
	_, fp2, err := hub.SelfSignedCert(dir, nil)
	if err != nil || fp2 != fp {
		t.Fatalf("second start made a new certificate: %s vs %s (%v)", fp2, fp, err)
	}
	if st, err := os.Stat(filepath.Join(dir, hub.KeyFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", st.Mode(), err)
	}
	st, err := hub.OpenStore(context.Background(), "sqlite:"+filepath.Join(dir, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts := httptest.NewUnstartedServer(hub.New(st, hub.Options{}))
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	ts.StartTLS()
	defer ts.Close()
	// A client pinning the fingerprint, as scanterm enroll does.
	var seen string
	cl := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			seen = hub.Fingerprint(raw[0])
			return nil
		}}}}
	req, _ := http.NewRequest("GET", ts.URL+"/v1/changes", nil)
	req.Header.Set(wire.HeaderProtocol, "1")
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen != fp || !strings.HasPrefix(fp, "sha256:") || len(fp) != len("sha256:")+64 {
		t.Fatalf("served certificate %s, printed fingerprint %s", seen, fp)
	}
}

// TestQueueReport: a pull that reports the terminal's unsent queue is
// what the hub's devices list says of it; a malformed report is refused
// with the parameter named, and a pull without one (an older terminal)
// leaves the last report as it was.
func TestQueueReport(t *testing.T) {
	h := startHub(t)
	tok := h.enroll(t, "t1")
	oldest := time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Second)
	var ch wire.Changes
	if st := h.do(t, "GET", "/v1/changes?queue=7&queue_oldest="+oldest.Format(time.RFC3339), tok, nil, &ch); st != 200 {
		t.Fatalf("pull with a queue report: %d", st)
	}
	device := func() hub.Device {
		t.Helper()
		d, err := h.srv.Store().Device(context.Background(), "t1")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := device(); d.Queue != 7 || !d.QueueOldest.Equal(oldest) || d.QueueReported.IsZero() {
		t.Fatalf("after a report of 7, oldest %v: %+v", oldest, d)
	}
	for _, q := range []string{"queue=-1", "queue=many", "queue=2&queue_oldest=yesterday"} {
		var e wire.Error
		if st := h.do(t, "GET", "/v1/changes?"+q, tok, nil, &e); st != 400 || e.Code != wire.CodeMalformed || !strings.Contains(e.Message, "queue") {
			t.Errorf("%s: %d %+v, want 400 malformed naming the parameter", q, st, e)
		}
	}
	if st := h.do(t, "GET", "/v1/changes", tok, nil, &ch); st != 200 {
		t.Fatalf("pull without a report: %d", st)
	}
	if d := device(); d.Queue != 7 {
		t.Fatalf("a pull without a report changed the queue: %+v", d)
	}
	if st := h.do(t, "GET", "/v1/changes?queue=0", tok, nil, &ch); st != 200 {
		t.Fatal(st)
	}
	if d := device(); d.Queue != 0 || !d.QueueOldest.IsZero() {
		t.Fatalf("after a report of 0: %+v", d)
	}
}

// TestOwnProgressOnAsk: a pull carries the pulling terminal's own document
// progress only when it asks for it (own_progress=1); an older terminal,
// which adds its whole ledger itself, gets the other terminals' rows only.
func TestOwnProgressOnAsk(t *testing.T) {
	h := startHub(t)
	toks := map[string]string{"t1": h.enroll(t, "t1"), "t2": h.enroll(t, "t2")}
	for dev, tok := range toks {
		e := ev(dev, 1, inventory.KindReceive, gtinA, "L1", "", 3, "", "DOCK")
		e.Doc, e.DocLine = "PO-9", 1
		var resp wire.PushResponse
		if st := h.do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: []inventory.Event{e}}, &resp); st != 200 || resp.AckSeq != 1 {
			t.Fatalf("push of %s: %d %+v", dev, st, resp)
		}
	}
	devices := func(query string) []string {
		t.Helper()
		var ch wire.Changes
		if st := h.do(t, "GET", "/v1/changes"+query, toks["t1"], nil, &ch); st != 200 {
			t.Fatalf("pull %q: %d", query, st)
		}
		var out []string
		for _, p := range ch.Progress {
			out = append(out, p.Device)
		}
		slices.Sort(out)
		return out
	}
	if got := devices("?" + wire.ParamOwnProgress + "=1"); !slices.Equal(got, []string{"t1", "t2"}) {
		t.Fatalf("a pull asking for its own progress got rows of %v", got)
	}
	if got := devices(""); !slices.Equal(got, []string{"t2"}) {
		t.Fatalf("an older terminal's pull got rows of %v, want t2's only", got)
	}
}

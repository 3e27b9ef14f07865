package hub_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/pgtest"
	"github.com/scanterm/scanterm/sync/wire"
)

// testHub is a hub on a fresh SQLite file behind real HTTP on 127.0.0.1.
type testHub struct {
	srv *hub.Server
	url string
}

func startHub(t *testing.T) *testHub {
	t.Helper()
	return startHubOn(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
}

// stores names the stores the HTTP tests run on.
var stores = map[string]func(t *testing.T) string{
	"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "hub.db") },
	"postgres": func(t *testing.T) string { return pgtest.Start(t) },
}

func startHubOn(t *testing.T, dsn string) *testHub {
	t.Helper()
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := hub.New(st, hub.Options{MaxBodyBytes: 64 << 10})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testHub{srv: srv, url: ts.URL}
}

// enroll adds a device and trades its code for a token over HTTP.
func (h *testHub) enroll(t *testing.T, name string) string {
	t.Helper()
	code, err := h.srv.AddDevice(context.Background(), name, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var resp wire.EnrollResponse
	if st := h.do(t, "POST", "/v1/enroll", "", wire.EnrollRequest{Code: code, AppVersion: "test"}, &resp); st != 200 {
		t.Fatalf("enroll %s: status %d", name, st)
	}
	if resp.Device != name || resp.Token == "" {
		t.Fatalf("enroll answered %+v", resp)
	}
	return resp.Token
}

func (h *testHub) do(t *testing.T, method, path, token string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	return h.raw(t, method, path, token, rd, nil, out)
}

func (h *testHub) raw(t *testing.T, method, path, token string, body io.Reader, hdr map[string]string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, h.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, data, err)
		}
	}
	return resp.StatusCode
}

func ev(device string, seq int64, kind inventory.EventKind, gtin, lot, serial string, qty int64, from, to string) inventory.Event {
	return inventory.Event{ID: fmt.Sprintf("ev-%s-%d", device, seq), Device: device, Seq: seq, Operator: "1001",
		At: time.Date(2026, 11, 26, 10, 0, int(seq), 0, time.UTC), Kind: kind, GTIN: gtin, Lot: lot, Serial: serial, Qty: qty, From: from, To: to}
}

func gz(t *testing.T, v any) io.Reader {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return &buf
}

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }

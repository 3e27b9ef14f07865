package console_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/console"
	"github.com/scanterm/scanterm/sync/hub/store"
)

var ctx = context.Background()

// t0 is the fixture's clock at start: the demo's lots S24-001 are expired
// and S26-002 is not.
var t0 = time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)

// Passwords of the fixture's accounts.
const (
	adminPW = "admin password 1"
	supPW   = "supervisor password 1"
)

// clock is the console's injected time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// site is a hub on a fresh SQLite file with the demo data, a terminal's
// events and two accounts, served as scanhub serve serves it (sync
// protocol under /v1/, console elsewhere) on 127.0.0.1.
type site struct {
	st    store.Store
	clock *clock
	url   string
	srv   *httptest.Server
}

// Hashing is deliberately slow; the fixture's hashes are made once.
var (
	hashOnce           sync.Once
	adminHash, supHash string
)

func newSite(t *testing.T, tlsToo ...bool) *site {
	t.Helper()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := hub.LoadDemo(ctx, st, t0); err != nil {
		t.Fatal(err)
	}
	hashOnce.Do(func() {
		adminHash, _ = console.HashPassword(adminPW)
		supHash, _ = console.HashPassword(supPW)
	})
	for _, u := range []store.User{{Name: "alice", Role: store.RoleAdmin, PasswordHash: adminHash}, {Name: "sam", Role: store.RoleSupervisor, PasswordHash: supHash}} {
		if err := st.AddUser(ctx, u, t0); err != nil {
			t.Fatal(err)
		}
	}
	pushFloor(t, st)
	ck := &clock{t: t0}
	s := &site{st: st, clock: ck}
	hubSrv := hub.New(st, hub.Options{Now: ck.Now})
	con, err := console.New(st, console.Options{Now: ck.Now})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/", hubSrv)
	mux.Handle("/", con)
	if len(tlsToo) > 0 && tlsToo[0] {
		s.srv = httptest.NewTLSServer(mux)
	} else {
		s.srv = httptest.NewServer(mux)
	}
	t.Cleanup(s.srv.Close)
	s.url = s.srv.URL
	return s
}

// pushFloor enrols terminal hh-1 and pushes a morning's work: lot S26-002
// received on PO-1001, put away, picked and shipped to City Hospital on
// SO-5001; and a ship of lot S26-010 from a place that has none
// (negative_stock).
func pushFloor(t *testing.T, st store.Store) {
	t.Helper()
	code, err := hub.AddDevice(ctx, st, "hh-1", time.Hour, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enroll(ctx, hub.HashSecret(hub.NormalizeCode(code)), hub.HashSecret("tok"), "1.0", t0); err != nil {
		t.Fatal(err)
	}
	g := hub.DemoGTINLot
	ev := func(seq int64, kind inventory.EventKind, lot string, qty int64, from, to, doc string, line int) inventory.Event {
		return inventory.Event{ID: "hh-1-" + string(rune('a'+seq)), Device: "hh-1", Seq: seq, Operator: "1001", At: t0.Add(time.Duration(seq) * time.Minute),
			Kind: kind, GTIN: g, Lot: lot, Qty: qty, From: from, To: to, Doc: doc, DocLine: line}
	}
	evs := []inventory.Event{
		ev(1, inventory.KindReceive, "S26-002", 24, "", "DOCK-1", "PO-1001", 1),
		ev(2, inventory.KindPutaway, "S26-002", 24, "DOCK-1", "A-01", "", 0),
		ev(3, inventory.KindPick, "S26-002", 6, "A-01", "STG-1", "PL-5001", 1),
		ev(4, inventory.KindShip, "S26-002", 6, "STG-1", "", "SO-5001", 1),
		ev(5, inventory.KindShip, "S26-010", 5, "A-03", "", "SO-5001", 1),
	}
	if _, err := st.Push(ctx, "hh-1", evs, t0); err != nil {
		t.Fatal(err)
	}
	// Its clock runs 2 minutes fast (under the clock_skew limit) and its
	// last pull reported 3 events not yet delivered, the oldest 20
	// minutes old.
	if err := st.SetClock(ctx, "hh-1", 2*time.Minute, t0); err != nil {
		t.Fatal(err)
	}
	if err := st.Seen(ctx, "hh-1", "", &store.QueueReport{Len: 3, Oldest: t0.Add(-18 * time.Minute)}, t0); err != nil {
		t.Fatal(err)
	}
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see each 303.
type browser struct {
	t   *testing.T
	s   *site
	c   *http.Client
	hdr http.Header // added to every request
}

func (s *site) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	// A client of its own (the server's Client is shared): its own jar.
	c := &http.Client{Transport: s.srv.Client().Transport, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, s: s, c: c, hdr: http.Header{}}
}

type answer struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values, hdr ...string) answer {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.s.url+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.hdr {
		req.Header[k] = v
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: string(data)}
}

func (b *browser) get(path string) answer { b.t.Helper(); return b.do("GET", path, nil) }

func (b *browser) post(path string, form url.Values) answer {
	b.t.Helper()
	// What a browser sends on a form posted from the console's own page.
	return b.do("POST", path, form, "Sec-Fetch-Site", "same-origin", "Origin", b.s.url)
}

func (b *browser) signIn(name, pw string) answer {
	b.t.Helper()
	return b.post("/signin", url.Values{"name": {name}, "password": {pw}, "next": {"/today"}})
}

// signedIn returns a browser signed in as alice (admin) or sam (supervisor).
func (s *site) signedIn(t *testing.T, name string) *browser {
	t.Helper()
	b := s.browser(t)
	pw := map[string]string{"alice": adminPW, "sam": supPW}[name]
	if a := b.signIn(name, pw); a.status != http.StatusSeeOther || a.header.Get("Location") != "/today" {
		t.Fatalf("sign in %s: %d %s %.300s", name, a.status, a.header.Get("Location"), a.body)
	}
	return b
}

// apiJSON decodes an answer's JSON object.
func apiJSON(t *testing.T, a answer) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(a.body), &m); err != nil {
		t.Fatalf("not a JSON object (%d): %v: %.300s", a.status, err, a.body)
	}
	return m
}

func wantStatus(t *testing.T, a answer, want int, what string) {
	t.Helper()
	if a.status != want {
		t.Fatalf("%s: status %d, want %d: %.500s", what, a.status, want, a.body)
	}
}

func wantIn(t *testing.T, a answer, what string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(a.body, s) {
			t.Fatalf("%s: %q missing from the page: %.2000s", what, s, a.body)
		}
	}
}

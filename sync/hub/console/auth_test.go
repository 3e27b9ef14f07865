package console_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

func TestSignInAndOut(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	a := b.get("/today")
	wantStatus(t, a, http.StatusSeeOther, "today before sign-in")
	if got := a.header.Get("Location"); got != "/signin?next=%2Ftoday" {
		t.Fatalf("redirect to %q", got)
	}
	wantIn(t, b.get("/signin"), "sign-in page", `name="password"`, `type="password"`, `<label for="name">`)
	a = b.signIn("alice", "wrong password!")
	wantStatus(t, a, http.StatusUnauthorized, "wrong password")
	wantIn(t, a, "wrong password", "Wrong name or password.")
	a = b.signIn("nobody", adminPW)
	wantStatus(t, a, http.StatusUnauthorized, "unknown account")

	a = b.signIn("alice", adminPW)
	wantStatus(t, a, http.StatusSeeOther, "sign in")
	ck := a.header.Get("Set-Cookie")
	for _, want := range []string{"scanhub_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(ck, want) {
			t.Errorf("session cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("cookie over plain HTTP marked Secure: %q", ck)
	}
	wantIn(t, b.get("/today"), "today", "Today, 2026-11-26", "alice (admin)")

	wantStatus(t, b.post("/signout", url.Values{}), http.StatusSeeOther, "sign out")
	wantStatus(t, b.get("/today"), http.StatusSeeOther, "today after sign-out")
}

func TestSignInNextStaysOnSite(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	for next, want := range map[string]string{"/stock?q=x": "/stock?q=x", "//evil.example/": "/today", "https://evil.example/": "/today", `/\evil`: "/today"} {
		a := b.post("/signin", url.Values{"name": {"sam"}, "password": {supPW}, "next": {next}})
		if a.status != http.StatusSeeOther || a.header.Get("Location") != want {
			t.Errorf("next=%q: %d to %q, want %q", next, a.status, a.header.Get("Location"), want)
		}
	}
}

func TestSecureCookieUnderTLS(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t)
	a := b.signIn("alice", adminPW)
	wantStatus(t, a, http.StatusSeeOther, "sign in over TLS")
	if ck := a.header.Get("Set-Cookie"); !strings.Contains(ck, "Secure") || !strings.Contains(ck, "HttpOnly") {
		t.Fatalf("cookie over TLS %q: want Secure and HttpOnly", ck)
	}
	wantStatus(t, b.get("/stock"), http.StatusOK, "stock over TLS")
}

func TestSessionIdleExpiry(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "sam")
	// Activity keeps the session: three steps of 29 minutes, each under
	// the 30-minute idle limit.
	for i := range 3 {
		s.clock.Advance(29 * time.Minute)
		wantStatus(t, b.get("/stock"), http.StatusOK, "active session, step "+string(rune('1'+i)))
	}
	s.clock.Advance(31 * time.Minute)
	a := b.get("/stock")
	wantStatus(t, a, http.StatusSeeOther, "idle session")
	if !strings.HasPrefix(a.header.Get("Location"), "/signin") {
		t.Fatalf("idle session sent to %q", a.header.Get("Location"))
	}
	// A session a browser left behind is deleted at the next sign-in.
	left := s.signedIn(t, "alice")
	s.clock.Advance(31 * time.Minute)
	s.signedIn(t, "sam")
	if n, err := s.st.DeleteIdleSessions(ctx, time.Time{}.Add(1)); err != nil || n != 0 {
		t.Fatalf("nothing older than the start should be left: %d %v", n, err)
	}
	wantStatus(t, left.get("/stock"), http.StatusSeeOther, "left-behind session")
	// The expired session is gone from the store, not just refused.
	wantStatus(t, b.get("/today"), http.StatusSeeOther, "after expiry")
	a = b.do("GET", "/api/v1/today", nil)
	wantStatus(t, a, http.StatusUnauthorized, "api after expiry")
}

func TestCrossOriginPostRefused(t *testing.T) {
	s := newSite(t)
	b := s.signedIn(t, "alice")
	xs, err := s.st.Exceptions(ctx, hub.ExceptionFilter{Unresolved: true})
	if err != nil || len(xs) == 0 {
		t.Fatalf("fixture has no open exception: %v", err)
	}
	path := "/exceptions/" + itoa(xs[0].ID) + "/resolve"
	form := url.Values{"note": {"counted"}}
	for _, hdr := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", "http://evil.example"},
	} {
		a := b.do("POST", path, form, hdr...)
		wantStatus(t, a, http.StatusForbidden, "cross-origin "+strings.Join(hdr, ": "))
		wantIn(t, a, "refusal", "cross-origin request refused")
	}
	// Sign-in and lot changes are protected the same way.
	wantStatus(t, b.do("POST", "/signin", url.Values{"name": {"alice"}, "password": {adminPW}}, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden, "cross-site sign-in")
	wantStatus(t, b.do("POST", "/lot/status", url.Values{"gtin": {hub.DemoGTINLot}, "lot": {"S26-002"}, "action": {"recall"}, "reason": {"x"}}, "Origin", "http://evil.example"),
		http.StatusForbidden, "cross-site recall")
	still, err := s.st.Exceptions(ctx, hub.ExceptionFilter{Unresolved: true})
	if err != nil || len(still) != len(xs) {
		t.Fatalf("a refused request resolved something: %d open, was %d (%v)", len(still), len(xs), err)
	}
	m, _ := s.st.Master(ctx)
	for _, l := range m.Lots {
		if l.Lot == "S26-002" && l.Status != "released" {
			t.Fatalf("a refused request recalled the lot: %s", l.Status)
		}
	}
	// The same form from the console's own page is accepted.
	wantStatus(t, b.post(path, form), http.StatusSeeOther, "same-origin resolve")
}

func TestRoles(t *testing.T) {
	s := newSite(t)
	sup := s.signedIn(t, "sam")
	for _, p := range []string{"/today", "/stock", "/lot", "/serial", "/exceptions", "/terminals", "/documents", "/events"} {
		wantStatus(t, sup.get(p), http.StatusOK, "supervisor "+p)
	}
	a := sup.get("/import")
	wantStatus(t, a, http.StatusForbidden, "supervisor import page")
	wantIn(t, a, "refusal", "needs the admin role")
	wantStatus(t, sup.post("/terminals", url.Values{"name": {"hh-9"}}), http.StatusForbidden, "supervisor enrol")
	wantStatus(t, sup.post("/terminals/hh-1/revoke", url.Values{}), http.StatusForbidden, "supervisor revoke")
	wantStatus(t, sup.post("/import/apply", url.Values{"name": {"x.csv"}, "content": {"type,gtin\n"}}), http.StatusForbidden, "supervisor import")
	if d, err := s.st.Device(ctx, "hh-1"); err != nil || d.Revoked {
		t.Fatalf("a supervisor revoked a terminal: %+v %v", d, err)
	}
	// A supervisor's terminal page has no admin buttons.
	if strings.Contains(sup.get("/terminals").body, "Revoke") {
		t.Error("supervisor sees Revoke")
	}
	adm := s.signedIn(t, "alice")
	wantStatus(t, adm.get("/import"), http.StatusOK, "admin import page")
	wantIn(t, adm.get("/terminals"), "admin terminals", "Revoke", "Enrol a terminal")
	// Two browsers, two sessions: the supervisor is still a supervisor.
	wantStatus(t, sup.get("/import"), http.StatusForbidden, "supervisor beside an admin")
}

func TestAPITokens(t *testing.T) {
	s := newSite(t)
	for name, role := range map[string]string{"erp": store.RoleSupervisor, "erp-admin": store.RoleAdmin} {
		if err := s.st.AddAPIToken(ctx, name, role, hub.HashSecret("tok-"+name), t0); err != nil {
			t.Fatal(err)
		}
	}
	b := s.browser(t)
	wantStatus(t, b.do("GET", "/api/v1/stock?q=SAL500", nil), http.StatusUnauthorized, "no token")
	wantStatus(t, b.do("GET", "/api/v1/stock?q=SAL500", nil, "Authorization", "Bearer nope"), http.StatusUnauthorized, "unknown token")
	a := b.do("GET", "/api/v1/stock?q=SAL500", nil, "Authorization", "Bearer tok-erp")
	wantStatus(t, a, http.StatusOK, "supervisor token")
	if rows := apiJSON(t, a)["rows"].([]any); len(rows) == 0 {
		t.Fatalf("stock by SKU: no rows: %s", a.body)
	}
	wantStatus(t, b.do("POST", "/api/v1/import", url.Values{"name": {"p.csv"}, "content": {"x"}}, "Authorization", "Bearer tok-erp"), http.StatusForbidden, "supervisor token import")
	wantStatus(t, b.do("POST", "/api/v1/terminals", url.Values{"name": {"hh-7"}}, "Authorization", "Bearer tok-erp-admin"), http.StatusOK, "admin token enrol")
	// A token is for the API only: pages want a session.
	a = b.do("GET", "/stock", nil, "Authorization", "Bearer tok-erp")
	wantStatus(t, a, http.StatusSeeOther, "token on a page")
}

func TestSignInRateLimited(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	for i := range 5 {
		wantStatus(t, b.signIn("alice", "guess number "+itoa(int64(i))), http.StatusUnauthorized, "guess")
	}
	a := b.signIn("alice", adminPW)
	wantStatus(t, a, http.StatusTooManyRequests, "sixth attempt, right password")
	if a.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	wantIn(t, a, "limited", "Too many failed sign-ins")
	// Another account from the same address is limited too (per address).
	wantStatus(t, b.signIn("sam", supPW), http.StatusTooManyRequests, "other account, same address")
	s.clock.Advance(16 * time.Minute)
	wantStatus(t, b.signIn("alice", adminPW), http.StatusSeeOther, "after the window")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

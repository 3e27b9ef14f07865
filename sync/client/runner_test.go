package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// closedURL is a loopback address nothing listens on: connection refused.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	return url
}

// silentURL is a loopback listener that takes connections and never
// answers, or (hangUp) closes each one at once.
func silentURL(t *testing.T, hangUp bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			if hangUp {
				conn.Close()
				continue
			}
			go func() { <-done; conn.Close() }()
		}
	}()
	return "http://" + ln.Addr().String()
}

// hubAnswering is an HTTP server on 127.0.0.1 answering every request
// with status and a wire.Error of code: a hub state the real hub does not
// reach in a test (a 503, a code it does not send yet).
func hubAnswering(t *testing.T, status int, code wire.Code) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(wire.Error{Code: code, Message: "as the test says"})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestStatusCauses: each way a round can fail, against a real hub (or a
// real socket) on 127.0.0.1, gives the status its cause, the gist for the
// status bar, a sentence naming the hub, and the sentinel for errors.Is;
// the hub's answers are told apart by wire code, not by text.
func TestStatusCauses(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	// A proxy in front of the real hub handler that claims another
	// protocol version, so the hub answers its own 426.
	oldTerm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set(wire.HeaderProtocol, "0")
		h.h.ServeHTTP(w, r)
	}))
	defer oldTerm.Close()
	// The real hub over TLS with a certificate other than the one pinned.
	tlsHub := httptest.NewTLSServer(h.h)
	defer tlsHub.Close()

	cases := []struct {
		name string
		// setup points the terminal somewhere or changes its enrolment.
		setup    func(tm *terminal)
		opt      client.Options
		cause    client.Cause
		why      string
		stopped  bool
		sentence string
		sentinel error
		code     wire.Code // the hub's wire code, when it answered
	}{
		{name: "ok", setup: func(*terminal) {}, cause: client.CauseOK},
		{name: "connection refused", setup: func(tm *terminal) { tm.enr.HubURL = closedURL(t) },
			cause: client.CauseOffline, why: "refused", sentence: ": connection refused (is scanhub running there?)"},
		{name: "no answer", setup: func(tm *terminal) { tm.enr.HubURL = silentURL(t, false) }, opt: client.Options{Timeout: 200 * time.Millisecond},
			cause: client.CauseOffline, why: "no answer", sentence: ": no answer in time"},
		{name: "cut off", setup: func(tm *terminal) { tm.enr.HubURL = silentURL(t, true) },
			cause: client.CauseOffline, why: "cut off", sentence: ": the connection was cut"},
		{name: "hub error", setup: func(tm *terminal) { tm.enr.HubURL = hubAnswering(t, http.StatusServiceUnavailable, wire.CodeInternal) },
			cause: client.CauseHubError, why: "error", sentence: "failed: push: POST /v1/events: hub answered HTTP 503", code: wire.CodeInternal},
		{name: "revoked", setup: func(tm *terminal) {
			if err := h.store().RevokeDevice(context.Background(), tm.enr.Device, time.Now()); err != nil {
				t.Fatal(err)
			}
		}, cause: client.CauseRevoked, why: "revoked", stopped: true, sentence: "The hub has revoked this terminal",
			sentinel: client.ErrRevoked, code: wire.CodeRevoked},
		{name: "unknown token", setup: func(tm *terminal) { tm.enr.Token = "not-a-token-this-hub-issued" },
			cause: client.CauseUnknownToken, why: "unknown token", stopped: true, sentence: "The hub does not know this terminal's token",
			sentinel: client.ErrUnknownToken, code: wire.CodeUnauthorized},
		{name: "diverged", setup: func(tm *terminal) { tm.enr.HubURL = hubAnswering(t, http.StatusConflict, wire.CodeDiverged) },
			cause: client.CauseDiverged, why: "diverged", stopped: true, sentence: "its data folder was restored or copied",
			sentinel: client.ErrDiverged, code: wire.CodeDiverged},
		{name: "protocol", setup: func(tm *terminal) { tm.enr.HubURL = oldTerm.URL },
			cause: client.CauseProtocol, why: "protocol", stopped: true, sentence: "another sync protocol version",
			sentinel: client.ErrProtocol, code: wire.CodeProtocolVersion},
		{name: "refused", setup: func(tm *terminal) {
			// Another device's token: the hub refuses events naming t-refused.
			tm.enr.Token = newTerminal(t, h, h.url(), "t-other", localdb.Options{}).enr.Token
		}, cause: client.CauseRefused, why: "refused by hub", stopped: true, sentence: "Sync has stopped",
			sentinel: client.ErrForbidden, code: wire.CodeWrongDevice},
		{name: "certificate", setup: func(tm *terminal) {
			tm.enr.HubURL, tm.enr.Fingerprint = tlsHub.URL, "sha256:"+strings.Repeat("0", 64)
		}, cause: client.CauseCertificate, why: "certificate", stopped: true, sentence: "does not match the one pinned",
			sentinel: client.ErrFingerprint},
		{name: "enrolment", setup: func(tm *terminal) { tm.enr.Device = "someone-else" },
			cause: client.CauseEnrolment, why: "enrolment", stopped: true, sentence: "Sync has stopped"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tm := newTerminal(t, h, h.url(), "t-"+strings.ReplaceAll(tc.name, " ", "-"), localdb.Options{})
			tm.receive(2)
			tc.setup(tm)
			c := tm.client(tc.opt)
			if st := c.Status(); st.Cause != client.CauseConnecting {
				t.Fatalf("before the first round: cause %v, want connecting", st.Cause)
			}
			_, err := c.SyncOnce(context.Background())
			st := c.Status()
			if st.Cause != tc.cause || st.Why != tc.why || st.Stopped != tc.stopped || st.Cause.Stops() != tc.stopped {
				t.Fatalf("case %d: status cause %v why %q stopped %v, want %v %q %v (err %v)",
					i, st.Cause, st.Why, st.Stopped, tc.cause, tc.why, tc.stopped, err)
			}
			if tc.cause == client.CauseOK {
				if err != nil || st.Problem != "" || st.LastSuccess.IsZero() || st.Queue != 0 {
					t.Fatalf("a good round: %v, status %+v", err, st)
				}
				return
			}
			if err == nil || !strings.Contains(st.Problem, tc.sentence) || !st.LastSuccess.IsZero() {
				t.Fatalf("err %v, problem %q: want a failure saying %q and no success yet", err, st.Problem, tc.sentence)
			}
			if !tc.stopped && !strings.Contains(st.Problem, tm.enr.HubURL) {
				t.Errorf("problem %q does not name the hub %s", st.Problem, tm.enr.HubURL)
			}
			if tc.stopped && st.Message != st.Problem {
				t.Errorf("stopped: message %q, problem %q: want the same sentence", st.Message, st.Problem)
			}
			if st.Queue != 2 {
				t.Errorf("queue %d after a failed round, want the 2 events kept", st.Queue)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("err %v: want errors.Is %v", err, tc.sentinel)
			}
			var we *wire.Error
			if got := errors.As(err, &we); got != (tc.code != "") || (got && we.Code != tc.code) {
				t.Errorf("err %v: wire.Error %+v, want code %q", err, we, tc.code)
			}
		})
	}
}

// TestCauseNames: the JSON name of each cause is stable and distinct.
func TestCauseNames(t *testing.T) {
	seen := map[string]bool{}
	for c := client.CauseConnecting; c <= client.CauseEnrolment; c++ {
		b, err := json.Marshal(c)
		if err != nil || seen[string(b)] || strings.Contains(string(b), "cause(") {
			t.Fatalf("cause %d marshals to %s (%v)", int(c), b, err)
		}
		seen[string(b)] = true
	}
	b, _ := json.Marshal(client.Status{Cause: client.CauseUnknownToken})
	if !strings.Contains(string(b), `"cause":"unknown_token"`) {
		t.Errorf("status JSON %s", b)
	}
}

func TestRunnerNotEnrolled(t *testing.T) {
	db, err := localdb.Open(context.Background(), t.TempDir()+"/terminal.db", localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if r, err := client.Start(context.Background(), db, t.TempDir(), client.Options{}); !errors.Is(err, client.ErrNotEnrolled) || r != nil {
		t.Fatalf("Start in a folder never enrolled: %v, %v; want ErrNotEnrolled", r, err)
	}
}

// TestRunnerSyncNowSaysWhy: "Sync now" against a hub that is not there
// says so in words, naming the hub, and the status gets the gist; the
// error underneath is still there for errors.Is.
func TestRunnerSyncNowSaysWhy(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	h.stop()
	r, err := client.Start(context.Background(), tm.db, tm.dir, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.SyncNow(context.Background())
	want := "cannot reach " + h.url() + ": connection refused (is scanhub running there?)"
	var oe *client.OperatorError
	if err == nil || err.Error() != want || !errors.As(err, &oe) || oe.Err == nil {
		t.Fatalf("SyncNow = %v, want %q", err, want)
	}
	st := r.Status()
	if st.Online || st.Cause != client.CauseOffline || st.Problem != want || st.Why != "refused" {
		t.Fatalf("status = %+v", st)
	}
}

// TestRunnerReenrolWhileRunning: the hub revokes the terminal, a
// supervisor reinstates it and scanterm enroll writes a new token: the
// running terminal takes the new enrolment (on Sync now, and by itself)
// instead of staying REVOKED until restarted; the queue kept meanwhile is
// sent.
func TestRunnerReenrolWhileRunning(t *testing.T) {
	ctx := context.Background()
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t-live", localdb.Options{})
	reenrol := func() {
		t.Helper()
		code, err := hub.ReinstateDevice(ctx, h.store(), "t-live", time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		enr, err := client.Enroll(ctx, h.url(), code, client.EnrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := client.SaveEnrollment(tm.dir, enr); err != nil {
			t.Fatal(err)
		}
	}
	r, err := client.Start(ctx, tm.db, tm.dir, client.Options{ReloadEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	if err := h.store().RevokeDevice(ctx, "t-live", time.Now()); err != nil {
		t.Fatal(err)
	}
	tm.receive(1)
	if _, err := r.SyncNow(ctx); !errors.Is(err, client.ErrRevoked) || r.Status().Cause != client.CauseRevoked {
		t.Fatalf("after revoke: err %v, status %+v", err, r.Status())
	}

	// Reinstated and enrolled again: Sync now uses the new token.
	reenrol()
	rep, err := r.SyncNow(ctx)
	if err != nil || rep.Queue != 0 || r.Status().Cause != client.CauseOK {
		t.Fatalf("after re-enrol: %+v, %v, status %+v", rep, err, r.Status())
	}

	// Once more, without Sync now: the stopped loop finds the new
	// enrolment by itself and sends what was kept.
	if err := h.store().RevokeDevice(ctx, "t-live", time.Now()); err != nil {
		t.Fatal(err)
	}
	tm.receive(1)
	r.Kick()
	waitFor(t, r.Status, func(s client.Status) bool { return s.Cause == client.CauseRevoked && s.Stopped })
	reenrol()
	waitFor(t, r.Status, func(s client.Status) bool { return s.Online && s.Cause == client.CauseOK && s.Queue == 0 })
	sameLedger(t, h, tm)
}

// TestWatchEveryPushesOthersEvents: with WatchEvery, Run pushes events
// another process appended to the database (no Kick), as `scanterm sync`
// does beside the TUI or a station.
func TestWatchEveryPushesOthersEvents(t *testing.T) {
	h := startHub(t, "sqlite:"+t.TempDir()+"/hub.db")
	tm := newTerminal(t, h, h.url(), "t1", localdb.Options{})
	c := tm.client(client.Options{WatchEvery: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	waitFor(t, c.Status, func(s client.Status) bool { return s.Cause == client.CauseOK })
	tm.receive(3)
	waitFor(t, c.Status, func(s client.Status) bool { return s.AckSeq == 3 && s.Queue == 0 })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	sameLedger(t, h, tm)
}

// waitFor waits (up to a generous bound, for a loaded machine) until the
// status satisfies ok.
func waitFor(t *testing.T, status func() client.Status, ok func(client.Status) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok(status()) {
		if time.Now().After(deadline) {
			t.Fatalf("sync status never got there: %+v", status())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

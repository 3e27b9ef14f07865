package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/sync/client"
)

// TestMenuKeepsItemsUnderNotice: at 30×16 a notice of several lines
// (offline, a failed sync) never pushes "8 Look-up", "9 Sync now" or
// "0 Sign out" off screen: the menu goes to two columns and the notice
// gets the rest.
func TestMenuKeepsItemsUnderNotice(t *testing.T) {
	h := newHarness(t, openDB(t), nil)
	h.signIn()
	h.app.res = result{verdict: VerdictWarn, text: "Sync failed: http://127.0.0.1:8765 does not answer (is scanhub running there?). 4 events wait here and go when the hub answers."}
	h.must("1 Receive", "5 Ship", "8 Look-up", "9 Sync now", "0 Sign out", "Sync failed")
	if !strings.Contains(h.screen(), "is scanhub running") {
		t.Fatalf("the notice lost its cause:\n%s", h.screen())
	}
	golden(t, h, "menu_long_notice")
}

// TestStaleSyncFailureClears: "Sync failed" stays only while it is true:
// once a later round succeeds (the background loop, the hub back), the
// status bar's "online" is not contradicted by the old failure.
func TestStaleSyncFailureClears(t *testing.T) {
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}}
	h := newHarness(t, openDB(t), func(c *Config) { c.Sync = fs })
	h.signIn()
	fs.rep, fs.err = client.Report{Queue: 2}, errors.New("cannot reach http://127.0.0.1:8811: no answer in time")
	fs.after = &client.Status{Cause: client.CauseOffline, Problem: fs.err.Error(), Why: "no answer"}
	h.key("9")
	h.must("✗ Sync failed", "offline")
	h.send(tickMsg{})
	h.must("✗ Sync failed") // still true
	fs.st = client.Status{Cause: client.CauseOK, Online: true}
	h.send(tickMsg{})
	h.must("online")
	h.mustNot("Sync failed")
}

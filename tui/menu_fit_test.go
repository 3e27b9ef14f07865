package tui

import (
	"strings"
	"testing"
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

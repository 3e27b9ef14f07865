package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestCountFinish: a finished count is closed — Esc at the next LOCATION
// prompt leaves instead of reopening it — and the closing message says
// what was set to 0 and which serialised units were not found, in words.
func TestCountFinish(t *testing.T) {
	exits := func(t *testing.T, out flow.Outcome) {
		t.Helper()
		if !out.Exit {
			t.Fatalf("Esc after a finished count did not leave: prompt %q", out.Prompt.Text)
		}
	}
	runCases(t, []flowCase{
		{
			name: "everything counted: done, then Esc leaves",
			wf:   flow.Count, setup: stocked,
			steps: []step{
				{in: scan("A-02"), level: flow.OK, prompt: "Scan ITEM"},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.OK},
				{in: key("5"), level: flow.OK, acts: 1},
				{in: enter, level: flow.OK, reason: "Count of A-02 done", prompt: "Scan LOCATION"},
				{esc: true, level: flow.None, check: exits},
			},
		},
		{
			name: "a unit listed as missing and then found is scanned at the confirmation",
			wf:   flow.Count, setup: stocked,
			steps: []step{
				{in: scan("A-01"), level: flow.OK},
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, acts: 1},
				{in: enter, level: flow.OK, prompt: "Scan ITEM"},
				{in: enter, level: flow.Warning, reason: "5 lines and 1 serial", prompt: "rest are 0", check: infoHas("PUMP S2 missing")},
				{in: scan("(01)" + gSerial + "(21)S2"), level: flow.OK, reason: "Serial S2 is here", acts: 1, prompt: "SERIAL"},
				{in: enter, level: flow.OK, prompt: "Scan ITEM"},
				{in: enter, level: flow.Warning, reason: "5 lines on record not counted", prompt: "rest are 0"},
				{in: enter, level: flow.Warning, reason: "Count of A-01 done; 5 lines set to 0", acts: 5},
			},
		},
		{
			name: "units without a serial on record are not counted by scanning another's serial",
			wf:   flow.Count,
			setup: func(c *flowtest.Catalog) {
				c.SetStock("B-01", gSerial, "", 5) // received before the product was serialised
				c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S9", Status: inventory.SerialInStock, Location: "B-01"})
			},
			steps: []step{
				{in: scan("B-01"), level: flow.OK},
				{in: scan("(01)" + gSerial + "(21)S9"), level: flow.OK, reason: "Serial S9 is here", acts: 1},
				{in: enter, level: flow.OK, prompt: "Scan ITEM"},
				{in: enter, level: flow.Warning, reason: "1 line on record not counted", prompt: "rest are 0", check: infoHas("PUMP ×5")},
				{in: enter, level: flow.Warning, reason: "5 units with no serial on record here (PUMP ×5): left as they were, tell a supervisor"},
			},
		},
		{
			name: "a serialised unit with no serial on record is named, not recorded",
			wf:   flow.Count,
			setup: func(c *flowtest.Catalog) {
				stocked(c)
				c.SetStock("B-01", gSerial, "", 1) // one unit on record at B-01
			},
			steps: []step{
				{in: scan("B-01"), level: flow.OK, reason: "1 line on record"},
				{in: enter, level: flow.Warning, prompt: "rest are 0"},
				{in: enter, level: flow.Warning, reason: "Count of B-01 done; 1 unit with no serial on record here (PUMP ×1): left as they were, tell a supervisor", prompt: "Scan LOCATION"},
				{esc: true, level: flow.None, check: exits},
			},
		},
	})
}

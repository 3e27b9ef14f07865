package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// A scan matches any open line of the pick list, not only the one the
// list shows first; the drop location is offered (Enter = STG-1).
func TestPickAnyOpenLine(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "line 2 scanned first; Enter takes the staging place",
			wf:   flow.Pick, setup: pickLists,
			steps: []step{
				{in: key("PL-2"), level: flow.OK, prompt: "DROP", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "STG-1" || out.Prompt.Why != "Enter = STG-1" {
						t.Fatalf("suggest %q why %q, want STG-1", out.Prompt.Suggest, out.Prompt.Why)
					}
				}},
				{in: enter, level: flow.OK, reason: "Picking to STG-1", prompt: "Scan ITEM", check: infoHas("Line 1 of 2")},
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindPick, GTIN: gPlain, Qty: 1, To: "STG-1", Doc: "PL-2", DocLine: 2})},
			},
		},
		{
			name: "an item on no line is still refused",
			wf:   flow.Pick, setup: pickLists,
			steps: []step{
				{in: key("PL-2"), level: flow.OK},
				{in: scan("STG-1"), level: flow.OK},
				{in: scan(gSerial), level: flow.Error, reason: "Wrong item PUMP"},
			},
		},
	})
}

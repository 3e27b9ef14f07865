package flow_test

import (
	"slices"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// An expired lot is kept apart like a quarantined one: a receipt is steered
// to the quarantine location and refused from pickable bins, and so is a
// put-away or move of expired stock.
func TestExpiredLotKeptApart(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "receipt of a lot expired at receipt: quarantine suggested, a bin refused",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(17)260131(10)LOLD"), level: flow.Warning, reason: "Lot LOLD expired on 2026-01-31: receive it into quarantine", prompt: "Key QTY"},
				{in: key("2"), level: flow.Warning, prompt: "Scan LOCATION", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "Q-1" || out.Prompt.Why != "lot expired: Enter = Q-1" {
						t.Fatalf("suggest %q why %q, want Q-1", out.Prompt.Suggest, out.Prompt.Why)
					}
				}},
				{in: scan("A-01"), level: flow.Error, reason: "Lot LOLD is expired: A-01 is a pickable bin"},
				{in: enter, level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "LOLD", To: "Q-1", Qty: 2})},
			},
		},
		{
			name: "put-away of an expired lot: Q-1 suggested, a bin refused",
			wf:   flow.Putaway, setup: func(c *flowtest.Catalog) { stocked(c); c.SetStock("DOCK-1", gLot, "LX", 2) },
			steps: []step{
				{in: scan("(01)" + gLot + "(10)LX"), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.Warning, reason: "expired", prompt: "Scan TO", check: func(t *testing.T, out flow.Outcome) {
					if out.Prompt.Suggest != "Q-1" {
						t.Fatalf("suggest %q, want Q-1", out.Prompt.Suggest)
					}
				}},
				{in: scan("A-02"), level: flow.Error, reason: "A-02 is a pickable bin"},
				{in: scan("Q-1"), level: flow.OK, acts: 1},
			},
		},
	})
}

// Look-up marks an expired lot EXPIRED wherever it lists it, as it marks
// a recalled or quarantined one.
func TestLookupMarksExpired(t *testing.T) {
	runCases(t, []flowCase{{
		name: "a place holding an expired lot", wf: flow.Lookup, setup: stocked,
		steps: []step{
			{in: scan("A-01"), level: flow.Warning, reason: "holds a blocked lot", check: func(t *testing.T, out flow.Outcome) {
				if !slices.Contains(out.Prompt.Info, "SAL500 LX ×3 EXPIRED") || !out.Prompt.Alert {
					t.Fatalf("info %q alert %v", out.Prompt.Info, out.Prompt.Alert)
				}
			}},
		},
	}})
}

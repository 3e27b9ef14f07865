package flow_test

import (
	"slices"
	"testing"

	"github.com/scanterm/scanterm/tui/flow"
)

// hasFlag checks action i carries (or not) flow.FlagKeptWhole.
func keptWhole(i int, want bool) func(t *testing.T, out flow.Outcome) {
	return func(t *testing.T, out flow.Outcome) {
		t.Helper()
		if got := slices.Contains(out.Actions[i].Flags, flow.FlagKeptWhole); got != want {
			t.Fatalf("action %d flags %v: kept-whole %v, want %v", i, out.Actions[i].Flags, got, want)
		}
	}
}

// A scanner that drops the GS after a lot turns (10)L1 (21)SN-9 into one
// lot "L121SN-9": the scan is held, and recorded only when confirmed (the
// same scan again) or keyed, with the event noting it.
func TestLotThatMayHideSerial(t *testing.T) {
	swallowed := "01" + gLot + "17271231" + "10L121SN-9" // no GS before 21
	runCases(t, []flowCase{
		{
			name: "held, then confirmed by scanning it again; the event notes it",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(swallowed), level: flow.Error, reason: "Lot L121SN-9 may hide serial SN-9", prompt: "Scan ITEM"},
				{in: scan(swallowed), level: flow.OK, reason: "line 1", prompt: "Key QTY"},
				{in: key("2"), level: flow.OK, prompt: "Scan LOCATION"},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: keptWhole(0, true)},
				// Confirmed once is confirmed for the workflow: the next case passes.
				{in: scan(swallowed), level: flow.OK, prompt: "Key QTY"},
			},
		},
		{
			name: "held, then another scan: the hold is forgotten",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(swallowed), level: flow.Error, reason: "Scan again to keep it"},
				{in: scan("(01)" + gLot + "(17)271231(10)L1"), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.OK},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: keptWhole(0, false)},
			},
		},
		{
			name: "with the GS the same data is two elements and passes at once",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan("01" + gLot + "17271231" + "10L1\x1d21SN-9"), level: flow.OK, prompt: "Key QTY"},
			},
		},
		{
			name: "keyed whole: what the person typed passes, noted",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: key(swallowed), level: flow.OK, prompt: "Key QTY"},
				{in: key("1"), level: flow.OK},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: keptWhole(0, true)},
			},
		},
		{
			name: "station: nobody to confirm, refused every time",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1", Location: "DOCK-1", Unattended: true},
			steps: []step{
				{in: scan(swallowed), level: flow.Error, reason: "Check the scanner's GS setting"},
				{in: scan(swallowed), level: flow.Error, reason: "Refused"},
			},
		},
	})
}

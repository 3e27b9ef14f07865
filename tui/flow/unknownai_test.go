package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// TestUnknownAI: a scan with an AI the dictionary does not know is used
// for what the step needs, marked, and recorded with its raw data; a scan
// whose known AIs are malformed is still refused.
func TestUnknownAI(t *testing.T) {
	withNew := "]C1" + gs("01"+gLot+"17271231"+"10L9", "7260NEWDATA", "")
	withNew = withNew[:len(withNew)-1] // no trailing GS
	noLot := "]C1" + "01" + gLot + "252NEWDATA"
	badKnown := "]C1" + gs("01"+gLot+"17271332"+"10L9", "7260NEWDATA")
	runCases(t, []flowCase{
		{name: "receive: lot and expiry read, unknown kept", wf: flow.Receive, ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"}, steps: []step{
			{in: scan(withNew), level: flow.Warning, reason: "unknown AI (7260) kept", prompt: "QTY"},
			{in: key("4"), level: flow.OK, acts: 1, check: func(t *testing.T, out flow.Outcome) {
				actionIs(0, inventory.Event{Kind: inventory.KindReceive, GTIN: gLot, Lot: "L9", Expiry: "2027-12-31", Qty: 4})(t, out)
				if out.Actions[0].Raw != withNew {
					t.Fatalf("raw %q, want the whole scan %q", out.Actions[0].Raw, withNew)
				}
			}},
		}},
		{name: "receive: the lot the step needs is missing, asked for", wf: flow.Receive, ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"}, steps: []step{
			{in: scan(noLot), level: flow.Warning, reason: "(252)", prompt: "LOT"},
		}},
		{name: "malformed known AI beside an unknown one is refused", wf: flow.Receive, ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"}, steps: []step{
			{in: scan(badKnown), level: flow.Error, prompt: "ITEM"},
		}},
	})
	if in := scan(withNew); !in.GS1 || len(in.Unknown) != 1 || in.Unknown[0] != "7260" || in.Lot != "L9" {
		t.Fatalf("decoded %+v", in)
	}
	if in := flow.Decode("7260ABC", true, nil, today); in.GS1 || len(in.Unknown) != 0 {
		t.Fatalf("a bare code was read as GS1: %+v", in)
	}
}

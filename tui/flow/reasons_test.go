package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// siteReasons are a site's override reason codes; OLD is retired.
var siteReasons = []inventory.Reason{
	{Code: "NOTFOUND", Label: "listed lot not found", Active: true},
	{Code: "OLD", Label: "retired reason", Active: false},
	{Code: "SUPV", Label: "supervisor said so", Active: true},
}

func withReasons(setup func(c *flowtest.Catalog)) func(c *flowtest.Catalog) {
	return func(c *flowtest.Catalog) {
		if setup != nil {
			setup(c)
		}
		c.Reasons = siteReasons
	}
}

// TestOverrideReasons: every override the terminal allows records the
// code of the reason chosen from the master data's list (and the
// operator, as every event does); without reason codes the terminal
// behaves as before.
func TestOverrideReasons(t *testing.T) {
	choices := func(want ...string) func(t *testing.T, out flow.Outcome) {
		return func(t *testing.T, out flow.Outcome) {
			t.Helper()
			if out.Prompt.Want != flow.WantChoice || len(out.Prompt.Choices) != len(want) {
				t.Fatalf("prompt %+v, want choices %q", out.Prompt, want)
			}
			for i, w := range want {
				if out.Prompt.Choices[i].Label != w || out.Prompt.Choices[i].Key != itoa(i+1) {
					t.Fatalf("choice %d = %+v, want %q", i+1, out.Prompt.Choices[i], w)
				}
			}
		}
	}
	runCases(t, []flowCase{
		{name: "pick: another lot than the list's records the reason code", wf: flow.Pick, setup: withReasons(pickLists),
			ctx: flow.Context{PickList: "PL-1", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, reason: "give a reason", check: choices("listed lot not found", "supervisor said so")},
				{in: key("3"), level: flow.Error, reason: "Key 1-2 for the reason"},
				{in: key("2"), level: flow.Warning, reason: "Override recorded: supervisor said so", prompt: "FROM"},
				{in: scan("A-02"), level: flow.OK, prompt: "QTY"},
				{in: key("1"), level: flow.OK, acts: 1, check: func(t *testing.T, out flow.Outcome) {
					actionIs(0, inventory.Event{Kind: inventory.KindPick, Lot: "L1", Qty: 1, Override: "SUPV"})(t, out)
					if out.Actions[0].Operator != "op1" {
						t.Fatalf("operator %q", out.Actions[0].Operator)
					}
				}},
			}},
		{name: "pick: a reason code may be scanned", wf: flow.Pick, setup: withReasons(pickLists),
			ctx: flow.Context{PickList: "PL-1", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning},
				{in: scan("NOTFOUND"), level: flow.Warning, reason: "listed lot not found"},
			}},
		{name: "pick without reason codes keeps the built-in reasons and their words", wf: flow.Pick, setup: pickLists,
			ctx: flow.Context{PickList: "PL-1", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, check: choices("listed lot not found", "listed lot damaged", "supervisor instruction")},
				{in: key("2"), level: flow.Warning, prompt: "FROM"},
				{in: scan("A-02"), level: flow.OK, prompt: "QTY"},
				{in: key("1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Override: "listed lot damaged"})},
			}},
		{name: "receive: an over-receipt needs a reason, recorded on the receipt", wf: flow.Receive, setup: withReasons(nil),
			ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"},
			steps: []step{
				{in: scan(gPlain), level: flow.OK, prompt: "QTY"},
				{in: key("7"), level: flow.Warning, reason: "2 more than the 5 still open on line 3. Key the reason", prompt: "Why 7? (over PO)", check: choices("listed lot not found", "supervisor said so")},
				{in: enter, level: flow.Error, reason: "Key 1-2: why 7, more than the PO? Esc to change it"},
				{in: key("2"), level: flow.Warning, reason: "Over-receipt: supervisor said so", acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindReceive, Qty: 7, Override: "SUPV"})},
			}},
		{name: "receive: Esc at the reason changes the quantity", wf: flow.Receive, setup: withReasons(nil),
			ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"},
			steps: []step{
				{in: scan(gPlain), level: flow.OK, prompt: "QTY"},
				{in: key("7"), level: flow.Warning, prompt: "Why 7?"},
				{esc: true, level: flow.None, prompt: "QTY"},
				{in: key("5"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Qty: 5})},
			}},
		{name: "receive without reason codes: Enter accepts, no reason recorded", wf: flow.Receive,
			ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"},
			steps: []step{
				{in: scan(gPlain), level: flow.OK},
				{in: key("7"), level: flow.Warning, reason: "Enter to accept", prompt: "Enter: confirm 7"},
				{in: enter, level: flow.OK, acts: 1, check: func(t *testing.T, out flow.Outcome) {
					if out.Actions[0].Override != "" {
						t.Fatalf("override %q", out.Actions[0].Override)
					}
				}},
			}},
	})
}

// TestExpiredReceiptReason: receiving a lot already past its expiry is an
// override on a terminal with reason codes: the reason is asked before the
// receipt goes on and recorded with any other the item needs.
func TestExpiredReceiptReason(t *testing.T) {
	expired := "(01)" + gLot + "(17)261031(10)LX9"
	runCases(t, []flowCase{
		{name: "expired lot: reason asked, recorded", wf: flow.Receive, setup: withReasons(nil),
			ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"},
			steps: []step{
				{in: scan(expired), level: flow.Warning, reason: "Lot expired on 2026-10-31: key the reason to receive it", prompt: "Why receive expired?"},
				{in: enter, level: flow.Error, reason: "why receive a lot expired on 2026-10-31"},
				{in: key("1"), level: flow.Warning, reason: "Expired lot: listed lot not found", prompt: "QTY"},
				{in: key("12"), level: flow.Warning, prompt: "Why 12?"},
				{in: key("2"), level: flow.Warning, acts: 1, check: actionIs(0, inventory.Event{Lot: "LX9", Qty: 12, Override: "NOTFOUND,SUPV"})},
			}},
		{name: "expired lot without reason codes: a warning, as before", wf: flow.Receive,
			ctx: flow.Context{PO: "PO-1", Location: "DOCK-1"},
			steps: []step{
				{in: scan(expired), level: flow.Warning, reason: "Lot LX9 expired on 2026-10-31: receive it into quarantine", prompt: "QTY"},
			}},
	})
}

package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// withoutReturnProgress hides flowtest's Returned, as a Catalog that does
// not offer flow.ReturnProgress.
type withoutReturnProgress struct{ flow.Catalog }

// TestReturnOverRA: a return that takes an RA line past what it
// authorises is warned, whether the catalog counts returns per RA line or
// the engine counts them from the lot's history.
func TestReturnOverRA(t *testing.T) {
	for _, hide := range []bool{false, true} {
		name := "catalog counts returns"
		if hide {
			name = "engine counts from history"
		}
		t.Run(name, func(t *testing.T) {
			c := demo()
			shipped(c) // RA-1 authorises 2 × SAL500 lot L2 (line 1)
			c.Add(inventory.ReturnAuth{ID: "RA-3", SalesOrder: "SO-1", Status: inventory.DocOpen, Lines: []inventory.RetLine{{Line: 1, GTIN: gPlain, Qty: 1}}})
			var cat flow.Catalog = c
			if hide {
				cat = withoutReturnProgress{c}
			}
			steps := []struct {
				in     flow.Input
				level  flow.Level
				reason string
			}{
				{key("RA-1"), flow.OK, ""},
				{scan("(01)" + gLot + "(10)L2"), flow.OK, ""},
				{key("2"), flow.OK, "Qty 2"}, // 2 of 2: fine
				{key("1"), flow.OK, ""},
				{scan("A-01"), flow.OK, "Returned 2"},
				{scan("(01)" + gLot + "(10)L2"), flow.OK, ""},
				{enter, flow.Warning, "RA RA-1 line 1 authorises 2, 2 already returned: this makes 3"},
			}
			st, _ := flow.Start(flow.Return, flow.Context{Operator: "op1", Today: today}, cat)
			for i, s := range steps {
				next, out := flow.Step(st, cat, s.in)
				if out.Verdict.Level != s.level || !contains(out.Verdict.Reason, s.reason) {
					t.Fatalf("step %d %s: verdict %v %q, want %v containing %q", i+1, quote(s.in.Raw), out.Verdict.Level, out.Verdict.Reason, s.level, s.reason)
				}
				c.Apply(out.Actions...)
				st = next
			}
		})
	}
	runCases(t, []flowCase{
		{
			name: "untracked line over its RA (catalog counts)",
			wf:   flow.Return,
			setup: func(c *flowtest.Catalog) {
				shipped(c)
				c.Add(inventory.ReturnAuth{ID: "RA-3", SalesOrder: "SO-1", Status: inventory.DocOpen, Lines: []inventory.RetLine{{Line: 1, GTIN: gPlain, Qty: 1}}})
			},
			steps: []step{
				{in: key("RA-3"), level: flow.OK},
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.Warning, reason: "RA RA-3 line 1 authorises 1, 0 already returned: this makes 2", prompt: "Restock"},
			},
		},
	})
}

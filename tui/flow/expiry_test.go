package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// TestKeyedExpiry: a date keyed at the EXPIRY prompt is read as a date,
// whatever GS1 would make of its digits: 30… (count), 24… (additional id),
// 37… (count), or a YYYYMMDD that is also a valid GTIN-8.
func TestKeyedExpiry(t *testing.T) {
	for _, tc := range []struct {
		in     flow.Input
		level  flow.Level
		reason string
		want   string // expiry recorded
	}{
		{in: key("300630"), level: flow.OK, want: "2030-06-30"},
		{in: key("240101"), level: flow.Warning, reason: "already past", want: "2024-01-01"},
		{in: key("370101"), level: flow.OK, want: "2037-01-01"},
		{in: key("290630"), level: flow.OK, want: "2029-06-30"},
		{in: key("20270117"), level: flow.OK, want: "2027-01-17"}, // valid GTIN-8 too
		{in: key("2030-06-30"), level: flow.OK, want: "2030-06-30"},
		{in: key("300631"), level: flow.Error, reason: "Not a date"},
		{in: scan("300630"), level: flow.OK, want: "2030-06-30"}, // bare scan: plain code
		{in: scan("(17)300630"), level: flow.OK, want: "2030-06-30"},
		{in: scan("]C117300630"), level: flow.OK, want: "2030-06-30"},
		{in: scan("(10)OTHER(17)300630"), level: flow.Error, reason: "Label of lot OTHER"},
		{in: scan("(01)" + gPlain), level: flow.Error, reason: "Different item"},
	} {
		how := "scan "
		if tc.in.Keyed {
			how = "key "
		}
		t.Run(how+describe(step{in: tc.in}), func(t *testing.T) {
			c := demo()
			st, _ := flow.Start(flow.Receive, flow.Context{PO: "PO-1", Operator: "op1", Today: today}, c)
			st, out := flow.Step(st, c, scan("(01)"+gLot+"(10)NEWLOT2"))
			if out.Prompt.Text != "Key EXPIRY YYMMDD" {
				t.Fatalf("prompt %q, want the expiry prompt", out.Prompt.Text)
			}
			st, out = flow.Step(st, c, tc.in)
			if out.Verdict.Level != tc.level || !contains(out.Verdict.Reason, tc.reason) {
				t.Fatalf("verdict %v %q, want %v containing %q", out.Verdict.Level, out.Verdict.Reason, tc.level, tc.reason)
			}
			if tc.level == flow.Error {
				if out.Prompt.Text != "Key EXPIRY YYMMDD" {
					t.Fatalf("refused entry left the expiry prompt: %q", out.Prompt.Text)
				}
				return
			}
			if !contains(out.Verdict.Reason, tc.want) {
				t.Fatalf("verdict %q does not name expiry %s", out.Verdict.Reason, tc.want)
			}
			st, _ = flow.Step(st, c, key("2"))
			_, out = flow.Step(st, c, scan("DOCK-1"))
			actionIs(0, inventory.Event{Lot: "NEWLOT2", Expiry: tc.want, Qty: 2, To: "DOCK-1"})(t, out)
		})
	}
}

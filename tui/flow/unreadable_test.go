package flow_test

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/tui/flow"
)

// TestUnreadableBarcodeWording: a malformed GS1 barcode is refused with
// what to do first and the gs1 package's message for people, without its
// "gs1:" prefix or byte offset.
func TestUnreadableBarcodeWording(t *testing.T) {
	badGLN := "(414)" + badCheck(gln) + "(254)A1"
	for _, tc := range []struct {
		name string
		wf   flow.Workflow
		ctx  flow.Context
		raw  string
		want string // in the reason
	}{
		{"receive item, bad GTIN check digit", flow.Receive, flow.Context{PO: "PO-1"}, "]C101" + badCheck(gSerial), "check digit"},
		{"look-up, bad GLN check digit", flow.Lookup, flow.Context{}, badGLN, "(414)"},
		{"put-away item, bad GTIN check digit", flow.Putaway, flow.Context{}, "(01)" + badCheck(gLot) + "(10)L1", "check digit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := demo()
			tc.ctx.Operator, tc.ctx.Today = "op1", today
			st, _ := flow.Start(tc.wf, tc.ctx, c)
			_, out := flow.Step(st, c, scan(tc.raw))
			r := out.Verdict.Reason
			if out.Verdict.Level != flow.Error || !strings.HasPrefix(r, "Unreadable barcode, rescan: ") || !strings.Contains(r, tc.want) {
				t.Fatalf("verdict %v %q, want an error starting \"Unreadable barcode, rescan: \" naming %q", out.Verdict.Level, r, tc.want)
			}
			if strings.Contains(r, "gs1:") || strings.Contains(r, "[byte") {
				t.Fatalf("reason %q shows the package prefix or byte offset", r)
			}
		})
	}
}

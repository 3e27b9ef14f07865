package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/tui/flow"
)

// TestReturnDocIsTheRA: State.Doc names the RA a return works against, so
// the screen can title and list it.
func TestReturnDocIsTheRA(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ctx    flow.Context
		inputs []flow.Input
		want   string
	}{
		{name: "no RA yet", want: ""},
		{name: "RA keyed", inputs: []flow.Input{key("RA-1")}, want: "RA-1"},
		{name: "RA preset", ctx: flow.Context{ReturnAuth: "RA-1"}, want: "RA-1"},
		{name: "unit without an RA", inputs: []flow.Input{scan("(01)" + gSerial + "(21)S1")}, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := demo()
			shipped(c)
			tc.ctx.Operator, tc.ctx.Today = "op1", today
			st, _ := flow.Start(flow.Return, tc.ctx, c)
			for _, in := range tc.inputs {
				var out flow.Outcome
				st, out = flow.Step(st, c, in)
				if out.Verdict.Level == flow.Error {
					t.Fatalf("%q refused: %s", in.Raw, out.Verdict.Reason)
				}
			}
			if got := st.Doc(); got != tc.want {
				t.Fatalf("Doc() = %q, want %q", got, tc.want)
			}
		})
	}
}

package flow_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/scanterm/scanterm/tui/flow"
)

// FuzzStep plays arbitrary input scripts through every workflow: one input
// per line, "ESC", "ENTER" and "SKIP" as keys, "k:" for keyed text, anything
// else a scan. Whatever comes in, the engine must not panic, prompts must
// fit the 30-column screen, a refusal must draft nothing, and every drafted
// action must be complete enough for the ledger to judge.
func FuzzStep(f *testing.F) {
	seeds := []string{
		"k:PO-1\n(01)" + gLot + "(17)271231(10)L1\nk:10\nDOCK-1",
		"(10)L5\n" + gLot + "\nENTER\nA-01\nESC\nESC\nESC",
		"k:PO-1\n]C101" + gSerial + "21S1\nk:S2\nA-01",
		"(00)" + sscc + "(02)" + gLot + "(37)12(10)L3(17)270101\nENTER\nDOCK-1",
		"k:PL-1\nSTG-1\n(01)" + gLot + "(10)L1\nk:1\nA-02\nENTER\nSKIP\nSKIP",
		"A-01\n(01)" + gLot + "(10)L2\nk:3\n(01)" + gSerial + "(21)S1\nB-01",
		"k:PL-1\n(01)" + gSerial + "(21)S1\nk:RA-1\n1\n2\nQ-1",
		"A-01\n(01)" + gLot + "(10)L2\nk:7\nENTER\nENTER",
		"(414)" + gln + "(254)A1\n\x1d\x1d\n]d2\n(01)00000000000000\nk:-1\nk:999999999999",
	}
	for i, s := range seeds {
		for wf := range flow.Workflows() {
			if wf%2 == i%2 || i < 4 {
				f.Add(uint8(wf), false, s)
			}
		}
		f.Add(uint8(i), true, s)
	}
	f.Fuzz(func(t *testing.T, w uint8, unattended bool, script string) {
		wfs := flow.Workflows()
		wf := wfs[int(w)%len(wfs)]
		c := demo()
		shipped(c)
		ctx := flow.Context{Operator: "op", Today: today, Unattended: unattended}
		if unattended {
			ctx.Location = "A-02"
			if wf == flow.Return {
				ctx.Location = "Q-1"
			}
		}
		st, out := flow.Start(wf, ctx, c)
		checkOutcome(t, out)
		lines := strings.Split(script, "\n")
		if len(lines) > 40 {
			lines = lines[:40]
		}
		for _, l := range lines {
			var next flow.State
			switch {
			case l == "ESC":
				next, out = flow.Back(st, c)
			case l == "ENTER":
				next, out = flow.Step(st, c, enter)
			case l == "SKIP":
				next, out = flow.Step(st, c, skip)
			case strings.HasPrefix(l, "k:"):
				next, out = flow.Step(st, c, key(l[2:]))
			default:
				next, out = flow.Step(st, c, scan(l))
			}
			checkOutcome(t, out)
			c.Apply(out.Actions...)
			st = next
			if sug := out.Prompt.Suggest; sug != "" && wf != flow.Lookup {
				// What Enter is offered, Enter takes: a suggestion is never refused.
				if _, eo := flow.Step(st, c, enter); eo.Verdict.Level == flow.Error {
					t.Fatalf("Enter on %q offering %q refused: %q", out.Prompt.Text, sug, eo.Verdict.Reason)
				}
			}
		}
	})
}

func checkOutcome(t *testing.T, out flow.Outcome) {
	t.Helper()
	p := out.Prompt
	for _, l := range []string{p.Text, p.Why} {
		if utf8.RuneCountInString(l) > 30 {
			t.Fatalf("prompt line %q wider than 30 columns", l)
		}
	}
	for _, l := range p.Info {
		// Context lines are wrapped by the screen, never cut.
		if strings.HasSuffix(l, "…") {
			t.Fatalf("context line %q was cut", l)
		}
	}
	if out.Verdict.Level == flow.Error && len(out.Actions) > 0 {
		t.Fatalf("refusal %q drafted %d actions", out.Verdict.Reason, len(out.Actions))
	}
	if out.Verdict.Level == flow.Error && out.Verdict.Reason == "" {
		t.Fatal("refusal without a reason")
	}
	for _, a := range out.Actions {
		switch {
		case a.Kind == "" || a.GTIN == "" || a.Operator == "":
			t.Fatalf("incomplete action %+v", a)
		case a.Qty < 0 && (a.Kind != "adjust" || a.From == ""),
			a.Qty == 0 && a.Kind != "count":
			// Only an adjust takes stock off a place (From) with a
			// negative quantity: a count writing off a unit not found.
			t.Fatalf("action quantity %d: %+v", a.Qty, a)
		case a.Serial != "" && a.Qty != 1 && (a.Kind != "adjust" || a.Qty != -1):
			t.Fatalf("serial action of %d units: %+v", a.Qty, a)
		case a.From == "" && a.To == "":
			t.Fatalf("action with no location: %+v", a)
		case a.From != "" && a.From == a.To:
			t.Fatalf("action from and to the same place: %+v", a)
		}
	}
}

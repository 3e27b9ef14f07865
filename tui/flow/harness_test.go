package flow_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// today is the fixed date every test scans on.
var today = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// withCheck appends the GS1 mod-10 check digit.
func withCheck(s string) string {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return s + string(rune('0'+(10-sum%10)%10))
}

var (
	gLot    = withCheck("0950600013435") // lot-tracked, expiry required
	gSerial = withCheck("0950600013436") // serialised
	gPlain  = withCheck("0950600013437") // untracked
	gOther  = withCheck("0950600013438") // lot-tracked, on no document
	sscc    = withCheck("09506000134352890")
	gln     = withCheck("950600000000")
)

// demo is the master data every table starts from.
func demo() *flowtest.Catalog {
	return flowtest.New().Add(
		inventory.Product{GTIN: gLot, SKU: "SAL500", Name: "Saline 500ml", Tracking: inventory.TrackLot, ExpiryRequired: true},
		inventory.Product{GTIN: gSerial, SKU: "PUMP", Name: "Infusion pump", Tracking: inventory.TrackSerial},
		inventory.Product{GTIN: gPlain, SKU: "GLOVE", Name: "Gloves M", Tracking: inventory.TrackNone},
		inventory.Product{GTIN: gOther, SKU: "MASK", Name: "Masks", Tracking: inventory.TrackLot},
		inventory.Location{Code: "DOCK-1", Kind: inventory.LocDock, Warehouse: "W1"},
		inventory.Location{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1"},
		inventory.Location{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1"},
		inventory.Location{Code: "B-01", Kind: inventory.LocBin, Warehouse: "W2"},
		inventory.Location{Code: "STG-1", Kind: inventory.LocStaging, Warehouse: "W1"},
		inventory.Location{Code: "Q-1", Kind: inventory.LocQuarantine, Warehouse: "W1"},
		inventory.Location{Code: "GLN-A1", Barcode: gln + "/A1", Kind: inventory.LocBin, Warehouse: "W1"},
		inventory.PurchaseOrder{ID: "PO-1", Supplier: "Acme", Status: inventory.DocOpen, Lines: []inventory.POLine{
			{Line: 1, GTIN: gLot, Qty: 10}, {Line: 2, GTIN: gSerial, Qty: 2}, {Line: 3, GTIN: gPlain, Qty: 5},
		}},
	)
}

// Inputs.
func scan(raw string) flow.Input { return flow.Decode(raw, false, nil, today) }
func key(text string) flow.Input { return flow.Decode(text, true, nil, today) }

var (
	enter = flow.Input{Cmd: flow.CmdEnter}
	skip  = flow.Input{Cmd: flow.CmdSkip}
)

// step is one input and what must come of it.
type step struct {
	in     flow.Input
	esc    bool       // press Esc instead of in
	level  flow.Level // verdict
	reason string     // substring of the verdict's reason ("" = any)
	prompt string     // substring of the next prompt's Text ("" = any)
	acts   int        // number of actions drafted
	check  func(t *testing.T, out flow.Outcome)
}

type flowCase struct {
	name  string
	wf    flow.Workflow
	ctx   flow.Context
	setup func(c *flowtest.Catalog)
	start string // substring of the first prompt's Text
	steps []step
	after func(t *testing.T, c *flowtest.Catalog)
}

// runCases plays each case: actions are "recorded" into the in-memory
// catalog before the new state is adopted, as the TUI does.
func runCases(t *testing.T, cases []flowCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := demo()
			if tc.setup != nil {
				tc.setup(c)
			}
			ctx := tc.ctx
			ctx.Operator = "op1"
			ctx.Today = today
			st, out := flow.Start(tc.wf, ctx, c)
			checkFits(t, out.Prompt)
			if tc.start != "" && !strings.Contains(out.Prompt.Text, tc.start) {
				t.Fatalf("start prompt %q, want %q (verdict %v %q)", out.Prompt.Text, tc.start, out.Verdict.Level, out.Verdict.Reason)
			}
			for i, s := range tc.steps {
				var next flow.State
				if s.esc {
					next, out = flow.Back(st, c)
				} else {
					next, out = flow.Step(st, c, s.in)
				}
				where := func() string {
					return "step " + itoa(i+1) + " (" + describe(s) + "): verdict " + out.Verdict.Level.String() + " " + quote(out.Verdict.Reason) + ", prompt " + quote(out.Prompt.Text)
				}
				if out.Verdict.Level != s.level {
					t.Fatalf("%s; want level %v", where(), s.level)
				}
				if s.reason != "" && !strings.Contains(out.Verdict.Reason, s.reason) {
					t.Fatalf("%s; want reason containing %q", where(), s.reason)
				}
				if s.prompt != "" && !strings.Contains(out.Prompt.Text, s.prompt) {
					t.Fatalf("%s; want prompt containing %q", where(), s.prompt)
				}
				if len(out.Actions) != s.acts {
					t.Fatalf("%s; got %d actions %+v, want %d", where(), len(out.Actions), out.Actions, s.acts)
				}
				if out.Verdict.Level == flow.Error && len(out.Actions) > 0 {
					t.Fatalf("%s: an error drafted actions", where())
				}
				checkFits(t, out.Prompt)
				for _, a := range out.Actions {
					if a.Operator != "op1" || a.Kind == "" || a.GTIN == "" {
						t.Fatalf("%s: incomplete action %+v", where(), a)
					}
				}
				if s.check != nil {
					s.check(t, out)
				}
				c.Apply(out.Actions...)
				st = next
				if sug := out.Prompt.Suggest; sug != "" && tc.wf != flow.Lookup {
					// What Enter is offered, Enter takes: a suggestion is never refused.
					if _, eo := flow.Step(st, c, enter); eo.Verdict.Level == flow.Error {
						t.Fatalf("%s: Enter on %q offering %q refused: %q", where(), out.Prompt.Text, sug, eo.Verdict.Reason)
					}
				}
				if tc.wf != flow.Lookup {
					// What the step showed is what the adopted state shows
					// once its actions are recorded.
					again := flow.Refresh(st, c).Prompt
					if again.Text != out.Prompt.Text || again.Why != out.Prompt.Why || again.Suggest != out.Prompt.Suggest || strings.Join(again.Info, "|") != strings.Join(out.Prompt.Info, "|") {
						t.Fatalf("%s: prompt after recording differs:\n step:    %+v\n refresh: %+v", where(), out.Prompt, again)
					}
				}
			}
			if tc.after != nil {
				tc.after(t, c)
			}
		})
	}
}

// checkFits holds the prompt's big lines to the 30-column screen; Info
// lines are wrapped by the screen and never cut ("…") by the engine.
func checkFits(t *testing.T, p flow.Prompt) {
	t.Helper()
	for _, l := range p.Info {
		if strings.HasSuffix(l, "…") {
			t.Fatalf("context line %q was cut", l)
		}
	}
	for _, l := range []string{p.Text, p.Why} {
		if utf8.RuneCountInString(l) > 30 {
			t.Fatalf("prompt line %q is wider than 30 columns", l)
		}
	}
	for _, c := range p.Choices {
		if utf8.RuneCountInString(c.Key+" "+c.Label) > 30 {
			t.Fatalf("choice %q is wider than 30 columns", c.Label)
		}
	}
}

func describe(s step) string {
	switch {
	case s.esc:
		return "Esc"
	case s.in.Cmd != flow.CmdNone:
		return string(s.in.Cmd)
	}
	return quote(s.in.Raw)
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\x1d", "<GS>") + "\"" }

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// actionIs checks the i-th action's fields that the want sets.
func actionIs(i int, want inventory.Event) func(t *testing.T, out flow.Outcome) {
	return func(t *testing.T, out flow.Outcome) {
		t.Helper()
		if i >= len(out.Actions) {
			t.Fatalf("no action %d in %+v", i, out.Actions)
		}
		got := out.Actions[i]
		type f struct {
			name      string
			got, want any
			zero      bool
		}
		fields := []f{
			{"kind", got.Kind, want.Kind, want.Kind == ""},
			{"gtin", got.GTIN, want.GTIN, want.GTIN == ""},
			{"lot", got.Lot, want.Lot, want.Lot == ""},
			{"serial", got.Serial, want.Serial, want.Serial == ""},
			{"expiry", got.Expiry, want.Expiry, want.Expiry == ""},
			{"qty", got.Qty, want.Qty, want.Qty == 0},
			{"from", got.From, want.From, want.From == ""},
			{"to", got.To, want.To, want.To == ""},
			{"doc", got.Doc, want.Doc, want.Doc == ""},
			{"doc_line", got.DocLine, want.DocLine, want.DocLine == 0},
			{"override", got.Override, want.Override, want.Override == ""},
			{"note", got.Note, want.Note, want.Note == ""},
		}
		for _, x := range fields {
			if !x.zero && x.got != x.want {
				t.Fatalf("action %d %s = %v, want %v (%+v)", i, x.name, x.got, x.want, got)
			}
		}
	}
}

// gs builds an element string with FNC1 separators after variable fields.
func gs(parts ...string) string { return strings.Join(parts, "\x1d") }

package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

func TestWorkflowNames(t *testing.T) {
	for _, w := range flow.Workflows() {
		got, err := flow.ParseWorkflow(string(w))
		if err != nil || got != w || w.Title() == "" || len(w.Title()) > 12 {
			t.Errorf("%q: %v %v %q", w, got, err, w.Title())
		}
	}
	if _, err := flow.ParseWorkflow("dance"); err == nil {
		t.Error("unknown workflow accepted")
	}
	for l, want := range map[flow.Level]string{flow.None: "none", flow.OK: "ok", flow.Warning: "warning", flow.Error: "error"} {
		if l.String() != want {
			t.Errorf("%d.String() = %q", l, l.String())
		}
	}
}

func TestStateAccessors(t *testing.T) {
	c := demo()
	st, _ := flow.Start(flow.Receive, flow.Context{PO: "PO-1", Operator: "op"}, c)
	if st.Workflow() != flow.Receive || st.Doc() != "PO-1" || st.Context().Operator != "op" || st.Pending() != 0 {
		t.Fatalf("%v %q %+v %d", st.Workflow(), st.Doc(), st.Context(), st.Pending())
	}
	st, _ = flow.Step(st, c, scan(gSerial))
	st, _ = flow.Step(st, c, key("S1"))
	if st.Pending() != 1 {
		t.Fatalf("one serial waits for its location, Pending() = %d", st.Pending())
	}
	var zero flow.State
	if _, out := flow.Step(zero, c, key("x")); out.Verdict.Level != flow.Error {
		t.Fatal("a zero State must refuse input")
	}
	if _, out := flow.Back(zero, c); !out.Exit {
		t.Fatal("Back on a zero State exits")
	}
}

func TestBackAfterRecording(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "receive without a preset: Esc after a receipt leaves the PO, then exits",
			wf:   flow.Receive,
			steps: []step{
				{in: key("PO-1"), level: flow.OK},
				{in: scan(gPlain), level: flow.OK},
				{in: key("1"), level: flow.OK},
				{in: scan("A-01"), level: flow.OK, acts: 1, prompt: "Scan ITEM"},
				{esc: true, level: flow.None, prompt: "Scan PO"},
				{esc: true, level: flow.None, check: func(t *testing.T, out flow.Outcome) {
					if !out.Exit {
						t.Fatal("want Exit")
					}
				}},
			},
		},
		{
			name: "preset pick list: Esc after a pick returns to its first prompt, then exits",
			wf:   flow.Pick, setup: pickLists, ctx: flow.Context{PickList: "PL-2", Location: "STG-1"},
			steps: []step{
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK},
				{in: key("1"), level: flow.OK, acts: 1},
				{esc: true, level: flow.None, check: func(t *testing.T, out flow.Outcome) {
					if !out.Exit {
						t.Fatalf("want Exit, got prompt %q", out.Prompt.Text)
					}
				}},
			},
		},
		{
			name: "serial of another lot than the list's: reason, then the unit is recorded",
			wf:   flow.Pick, ctx: flow.Context{PickList: "PL-9", Location: "STG-1"},
			setup: func(c *flowtest.Catalog) {
				pickLists(c)
				c.SetSerial(inventory.SerialState{GTIN: gSerial, Serial: "S7", Lot: "K2", Status: inventory.SerialInStock, Location: "A-02"})
				c.Add(inventory.PickList{ID: "PL-9", SalesOrder: "SO-1", Status: inventory.DocOpen, Lines: []inventory.PickLine{{Line: 1, GTIN: gSerial, Lot: "K1", Qty: 1}}})
			},
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S7"), level: flow.Warning, reason: "lot K2, not the list's K1", prompt: "Why lot K2?"},
				{in: scan("(01)" + gLot + "(10)K1"), level: flow.Error, reason: "Key 1-3"},
				{in: key("2"), level: flow.Warning, reason: "Override recorded", acts: 1, check: actionIs(0, inventory.Event{Serial: "S7", Lot: "K2", From: "A-02", To: "STG-1", Override: "listed lot damaged"})},
			},
		},
	})
}

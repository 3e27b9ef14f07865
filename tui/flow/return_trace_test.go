package flow_test

import (
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// infoLacks fails when a prompt line contains sub.
func infoLacks(sub string) func(t *testing.T, out flow.Outcome) {
	return func(t *testing.T, out flow.Outcome) {
		t.Helper()
		for _, l := range out.Prompt.Info {
			if strings.Contains(l, sub) {
				t.Fatalf("prompt info %q shows %q", out.Prompt.Info, sub)
			}
		}
	}
}

func checks(fs ...func(t *testing.T, out flow.Outcome)) func(t *testing.T, out flow.Outcome) {
	return func(t *testing.T, out flow.Outcome) {
		t.Helper()
		for _, f := range fs {
			f(t, out)
		}
	}
}

// withRA adds a return authorisation of one line on order so.
func withRA(id, so string, line inventory.RetLine) func(c *flowtest.Catalog) {
	return func(c *flowtest.Catalog) {
		shipped(c)
		line.Line = 1
		c.Add(inventory.ReturnAuth{ID: id, SalesOrder: so, Customer: "Harbour Clinic", Status: inventory.DocOpen, Lines: []inventory.RetLine{line}})
	}
}

// TestReturnTraceAgainstRA: with an RA, the screen shows the shipment of
// the RA's own order, or says plainly that there is none, and never joins
// the RA's order to another order's ship date.
func TestReturnTraceAgainstRA(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "lot shipped on another order than the RA's: both named, that order's date",
			wf:   flow.Return, setup: withRA("RA-4", "SO-4", inventory.RetLine{GTIN: gLot, Lot: "L2", Qty: 2}),
			steps: []step{
				{in: key("RA-4"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.Warning, reason: "Lot L2 went out on SO-1, not on SO-4", prompt: "Key QTY", check: checks(
					infoHas("RA order SO-4"), infoHas("Went out on SO-1"), infoHas("Shipped 2026-11-01"), infoLacks("Went out on SO-4"))},
			},
		},
		{
			name: "lot shipped on the RA's order and a later one: the RA order's date",
			wf:   flow.Return,
			setup: func(c *flowtest.Catalog) {
				shipped(c)
				c.Apply(inventory.Event{Kind: inventory.KindShip, GTIN: gLot, Lot: "L2", Qty: 1, From: "A-01", Doc: "SO-2", DocLine: 1,
					At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)})
			},
			steps: []step{
				{in: key("RA-1"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)L2"), level: flow.OK, reason: "went out on SO-1", prompt: "Key QTY", check: checks(
					infoHas("Went out on SO-1"), infoHas("Shipped 2026-11-01"), infoLacks("2026-11-20"), infoLacks("RA order"))},
			},
		},
		{
			name: "lot never shipped at all: no made-up shipment",
			wf:   flow.Return, setup: withRA("RA-5", "SO-5", inventory.RetLine{GTIN: gLot, Lot: "L1", Qty: 1}),
			steps: []step{
				{in: key("RA-5"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)L1"), level: flow.Warning, reason: "No shipment of lot L1", check: checks(
					infoHas("RA order SO-5"), infoLacks("Went out"), infoLacks("Shipped"))},
			},
		},
		{
			// The demo's RA-9001: the lot went out before this terminal's
			// records begin (or from another terminal); the RA names it.
			name: "lot unknown here, named by the RA: the RA's word, no warning",
			wf:   flow.Return, setup: withRA("RA-7", "SO-7", inventory.RetLine{GTIN: gLot, Lot: "OLD-9", Qty: 2}),
			steps: []step{
				{in: key("RA-7"), level: flow.OK},
				{in: scan("(01)" + gLot + "(10)OLD-9"), level: flow.OK, reason: "Lot OLD-9 is on RA-7, from SO-7", prompt: "Key QTY", check: checks(
					infoHas("RA order SO-7"), infoLacks("Went out"))},
			},
		},
		{
			name: "serial shipped on another order than the RA's: warned, both named",
			wf:   flow.Return, setup: withRA("RA-6", "SO-6", inventory.RetLine{GTIN: gSerial, Serial: "S1", Qty: 1}),
			steps: []step{
				{in: key("RA-6"), level: flow.OK},
				{in: key("S1"), level: flow.Warning, reason: "not on SO-6", prompt: "Restock or quarantine?", check: checks(
					infoHas("RA order SO-6"), infoHas("Went out on SO-1"), infoHas("Shipped 2026-11-01"))},
				{in: key("1"), level: flow.OK},
				{in: scan("A-01"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Kind: inventory.KindReturn, Serial: "S1", Doc: "RA-6", DocLine: 1})},
			},
		},
		{
			name: "untracked product on an RA: the RA's order, no shipment claimed",
			wf:   flow.Return, setup: withRA("RA-7", "SO-7", inventory.RetLine{GTIN: gPlain, Qty: 3}),
			steps: []step{
				{in: key("RA-7"), level: flow.OK},
				{in: scan(gPlain), level: flow.OK, prompt: "Key QTY", check: checks(infoHas("RA order SO-7"), infoLacks("Went out"))},
			},
		},
	})
}

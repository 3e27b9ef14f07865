package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner/gs1"
	"github.com/scanterm/scanterm/tui/flow"
)

// TestPlainCodesStayWhole: a bare code that only starts like a GS1 AI
// ("21…", "10…", "30…", "240…", "37…") is a plain code, kept whole; data
// marked as GS1 (AIM identifier, GS, brackets) may still be a partial
// message such as a lot label on its own.
func TestPlainCodesStayWhole(t *testing.T) {
	for _, tc := range []struct {
		raw                string
		gs1                bool
		gtin, lot, ser, ex string
		count              int64
	}{
		{raw: "2198765"},
		{raw: "1012345678"},
		{raw: "10ABC"},
		{raw: "21ABC"},
		{raw: "300630"},
		{raw: "240101"},
		{raw: "370101"},
		{raw: "]C02198765"}, // Code 128 without FNC1: not GS1 at all
		{raw: "]C1212198765", gs1: true, ser: "2198765"},
		{raw: "]d2212198765", gs1: true, ser: "2198765"},
		{raw: "(21)98765", gs1: true, ser: "98765"},
		{raw: "\x1d2198765", gs1: true, ser: "98765"},
		{raw: "]C110NEWLOT", gs1: true, lot: "NEWLOT"},
		{raw: "(10)L5(17)270101", gs1: true, lot: "L5", ex: "2027-01-01"},
		{raw: "10L5\x1d17270101", gs1: true, lot: "L5", ex: "2027-01-01"},
		{raw: "]C130630", gs1: true, count: 630},
		{raw: "01" + gSerial + "21S1", gs1: true, gtin: gSerial, ser: "S1"}, // whole GS1 on its own
		{raw: gPlain, gs1: true, gtin: gPlain},
	} {
		in := scan(tc.raw)
		if in.GS1 != tc.gs1 || in.GS1Err != nil || in.GTIN != tc.gtin || in.Lot != tc.lot || in.Serial != tc.ser || in.Expiry != tc.ex || in.Count != tc.count {
			t.Errorf("%s: GS1=%v err=%v gtin=%q lot=%q serial=%q expiry=%q count=%d; want GS1=%v gtin=%q lot=%q serial=%q expiry=%q count=%d",
				quote(tc.raw), in.GS1, in.GS1Err, in.GTIN, in.Lot, in.Serial, in.Expiry, in.Count, tc.gs1, tc.gtin, tc.lot, tc.ser, tc.ex, tc.count)
		}
	}
}

// TestPlainSerialAndLotPrompts: at SERIAL and LOT prompts a bare scan is
// the whole serial or lot, in every workflow that asks for one.
func TestPlainSerialAndLotPrompts(t *testing.T) {
	runCases(t, []flowCase{
		{
			name: "receive: bare serials starting 21 and 10 are whole serials",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(gSerial), level: flow.OK, prompt: "SERIAL 1 of 2"},
				{in: scan("2198765"), level: flow.OK, reason: "Serial 2198765 (1 of 2)", prompt: "SERIAL 2 of 2"},
				{in: scan("1012345678"), level: flow.OK, reason: "Serial 1012345678: all 2", prompt: "LOCATION"},
				{in: scan("A-01"), level: flow.OK, acts: 2, check: func(t *testing.T, out flow.Outcome) {
					actionIs(0, inventory.Event{Serial: "2198765", Qty: 1, To: "A-01", DocLine: 2})(t, out)
					actionIs(1, inventory.Event{Serial: "1012345678", Qty: 1, To: "A-01", DocLine: 2})(t, out)
				}},
			},
		},
		{
			name: "receive: GS1-marked lone serial still reads as (21)",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(gSerial), level: flow.OK, prompt: "SERIAL 1 of 2"},
				{in: scan("]C1212198765"), level: flow.OK, reason: "Serial 2198765 (1 of 2)"},
				{in: scan("(21)S9"), level: flow.OK, reason: "Serial S9: all 2"},
			},
		},
		{
			name: "receive: bare lot starting 10 is the whole lot",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan(gLot), level: flow.OK, prompt: "Scan LOT"},
				{in: scan("1012345678"), level: flow.OK, reason: "Lot 1012345678", prompt: "EXPIRY"},
				{in: key("271231"), level: flow.OK, prompt: "Key QTY"},
				{in: key("2"), level: flow.OK, prompt: "LOCATION"},
				{in: scan("DOCK-1"), level: flow.OK, acts: 1, check: actionIs(0, inventory.Event{Lot: "1012345678", Expiry: "2027-12-31", Qty: 2})},
			},
		},
		{
			name: "receive: a bare code is no lot label to note before the item",
			wf:   flow.Receive, ctx: flow.Context{PO: "PO-1"},
			steps: []step{
				{in: scan("10L5"), level: flow.Error, reason: "not an item barcode", prompt: "Scan ITEM"},
				{in: scan("]C110L5"), level: flow.Warning, reason: "Lot L5 noted", prompt: "Scan ITEM"},
			},
		},
		{
			name: "count: a bare serial starting 21 is counted whole",
			wf:   flow.Count, setup: stocked, ctx: flow.Context{Location: "A-01"},
			steps: []step{
				{in: scan("(01)" + gSerial + "(21)S1"), level: flow.OK, reason: "is here", acts: 1, prompt: "SERIAL"},
				{in: scan("2198765"), level: flow.Warning, reason: "Serial 2198765 was not on record", acts: 1, check: actionIs(0, inventory.Event{Serial: "2198765", Qty: 1, To: "A-01"})},
			},
		},
	})
}

// TestPartialLabelWithGSStandIn: with GS stand-ins configured (a wedge
// scanner that cannot send GS), a lot label on its own that uses one is
// marked as GS1 and read as such; a bare code still is not.
func TestPartialLabelWithGSStandIn(t *testing.T) {
	opt := &gs1.Options{Separators: []string{"~"}}
	for _, tc := range []struct {
		raw      string
		gs1      bool
		lot, exp string
	}{
		{raw: "10L5~17270101", gs1: true, lot: "L5", exp: "2027-01-01"},
		{raw: "17270101~10L5", gs1: true, lot: "L5", exp: "2027-01-01"},
		{raw: "10L5"},
		{raw: "2198765"},
	} {
		in := flow.Decode(tc.raw, false, opt, today)
		if in.GS1 != tc.gs1 || in.GS1Err != nil || in.Lot != tc.lot || in.Expiry != tc.exp {
			t.Errorf("%q: GS1=%v err=%v lot=%q expiry=%q; want GS1=%v lot=%q expiry=%q", tc.raw, in.GS1, in.GS1Err, in.Lot, in.Expiry, tc.gs1, tc.lot, tc.exp)
		}
	}
}

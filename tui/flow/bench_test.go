package flow_test

import (
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// BenchmarkStepPick measures the engine alone (in-memory catalog) on a
// pick list of 5,000 lines: scan the item with its lot, key the quantity.
func BenchmarkStepPick(b *testing.B) {
	c := demo()
	stocked(c)
	lines := make([]inventory.PickLine, 5000)
	for i := range lines {
		lines[i] = inventory.PickLine{Line: i + 1, GTIN: gLot, Lot: "L1", Qty: 1, From: "DOCK-1"}
	}
	c.Add(inventory.PickList{ID: "BIG", Status: inventory.DocOpen, Lines: lines})
	c.SetStock("DOCK-1", gLot, "L1", 1<<40)
	item := scan("(01)" + gLot + "(10)L1")
	one := key("1")
	st, _ := flow.Start(flow.Pick, flow.Context{Operator: "op", PickList: "BIG", Location: "STG-1", Today: today}, c)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		next, out := flow.Step(st, c, item)
		next, out = flow.Step(next, c, one)
		if len(out.Actions) != 1 {
			b.Fatalf("step %d: %+v", i, out.Verdict)
		}
		if i%5000 == 4999 {
			c = demo() // the list is done: start it over
			stocked(c)
			c.Add(inventory.PickList{ID: "BIG", Status: inventory.DocOpen, Lines: lines})
			c.SetStock("DOCK-1", gLot, "L1", 1<<40)
			next, _ = flow.Start(flow.Pick, flow.Context{Operator: "op", PickList: "BIG", Location: "STG-1", Today: today}, c)
		} else {
			c.Apply(out.Actions...)
		}
		st = next
	}
}

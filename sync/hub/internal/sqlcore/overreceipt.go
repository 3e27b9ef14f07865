package sqlcore

import (
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// Over-receipt: a terminal warns when a receipt would take a purchase
// order line past its ordered quantity, counting every terminal's
// receipts it has pulled. Two terminals receiving the same line while
// offline both stay within it on their own and still overshoot together;
// only the hub sees that, and raises over_receipt on the receipt that
// takes the line past what was ordered.

// checkOverReceipt raises over_receipt when receipt e takes its order
// line past the ordered quantity; before is what this push had already
// received on the line. A line already over raises nothing more: one
// exception per line is what the buyer needs.
func (a *applier) checkOverReceipt(e inventory.Event, k progressKey, before int64) {
	ordered, ok := a.ordered[k]
	if !ok || e.Kind != inventory.KindReceive {
		return
	}
	prior := a.received[k] + before
	if prior > ordered || prior+e.Qty <= ordered {
		return
	}
	a.raise(e, "over_receipt", fmt.Sprintf("event %s (receive by %s seq %d) takes %s line %d (%s) to %d received of %d ordered: %s more than the order, counting every terminal's receipts",
		e.ID, a.device, e.Seq, e.Doc, e.DocLine, e.GTIN, prior+e.Qty, ordered, unitsOf(prior+e.Qty-ordered)), "")
}

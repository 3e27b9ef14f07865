package sqlcore

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/scanterm/scanterm/inventory"
)

// Over-receipt: a terminal warns when a receipt would take a purchase
// order line past its ordered quantity, counting every terminal's
// receipts it has pulled. Two terminals receiving the same line while
// offline both stay within it on their own and still overshoot together;
// only the hub sees that, and raises over_receipt on the receipt that
// takes the line past what was ordered.

// receiptDocs lists the purchase orders that valid receipts in evs count
// against (a document and a line), sorted so that concurrent pushes lock
// them in the same order.
func receiptDocs(evs []inventory.Event, bad []string) []string {
	seen := map[string]bool{}
	var out []string
	for i, e := range evs {
		if bad[i] == "" && e.Kind == inventory.KindReceive && e.Doc != "" && e.DocLine > 0 && !seen[e.Doc] {
			seen[e.Doc] = true
			out = append(out, e.Doc)
		}
	}
	sort.Strings(out)
	return out
}

// orderedStmts locks the purchase orders docs (where rows are locked) and
// loads their lines into a.ordered, then loads what all devices have
// received on them so far into a.received. The lock comes first: a
// concurrent push receiving on the same order waits until this one has
// committed its progress, and then counts it.
func (a *applier) orderedStmts(docs []string) []Stmt {
	a.ordered = make(map[progressKey]int64)
	a.received = make(map[progressKey]int64)
	out := masterStmts("purchase orders", kPO, docs, a.c.b.LockSuffix(), func(key, body string) error {
		var po inventory.PurchaseOrder
		if err := json.Unmarshal([]byte(body), &po); err != nil {
			return fmt.Errorf("purchase order %s record: %w", key, err)
		}
		for _, l := range po.Lines {
			a.ordered[progressKey{key, inventory.KindReceive, l.Line}] += l.Qty
		}
		return nil
	})
	inChunks(docs, func(in string, args []any) {
		out = append(out, Stmt{What: "load receipts so far", Query: `SELECT doc, doc_line, SUM(qty) FROM doc_progress WHERE kind = 'receive' AND doc IN (` + in + `) GROUP BY doc, doc_line`, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					k := progressKey{kind: inventory.KindReceive}
					var qty int64
					if err := rows.Scan(&k.doc, &k.line, &qty); err != nil {
						return err
					}
					a.received[k] = qty
				}
				return nil
			}})
	})
	return out
}

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

package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// docChoice is one open document the operator can pick instead of
// scanning its number (a new clerk does not know the PO numbers).
type docChoice struct {
	id, label string
}

// openDocsMsg answers a request for the open documents.
type openDocsMsg struct {
	docs []docChoice
	err  error
	none string // the workflow has no documents to list: why, in words
}

// loadOpenDocs lists the open documents the workflow can start from.
func (w *workflow) loadOpenDocs() tea.Cmd {
	db, ctx, wf := w.env.db, w.env.ctx, w.wf
	return func() tea.Msg {
		var out []docChoice
		switch wf {
		case flow.Receive:
			pos, err := db.OpenPurchaseOrders(ctx)
			if err != nil {
				return openDocsMsg{err: err}
			}
			for _, po := range pos {
				want := map[int]int64{}
				for _, l := range po.Lines {
					want[l.Line] = l.Qty
				}
				if fullyDone(want, func() (map[int]int64, error) { return db.Received(ctx, po.ID) }) {
					continue // every line received here or by another terminal
				}
				out = append(out, docChoice{id: po.ID, label: fmt.Sprintf("%s %s, %s", po.ID, po.Supplier, count(len(po.Lines), "line"))})
			}
		case flow.Pick, flow.Ship:
			list := db.OpenPickLists
			if wf == flow.Ship {
				// A pick list the hub closed once fully picked still
				// names an order to ship; the order's own state decides.
				list = db.PickLists
			}
			pls, err := list(ctx)
			if err != nil {
				return openDocsMsg{err: err}
			}
			for _, pl := range pls {
				want := map[int]int64{}
				for _, l := range pl.Lines {
					want[l.Line] = l.Qty
				}
				if wf == flow.Pick && fullyDone(want, func() (map[int]int64, error) { return db.Picked(ctx, pl.ID) }) {
					continue
				}
				if wf == flow.Ship {
					if so, err := db.SalesOrder(ctx, pl.SalesOrder); err == nil {
						if so.Status != inventory.DocOpen {
							continue
						}
						sw := map[int]int64{}
						for _, l := range so.Lines {
							sw[l.Line] = l.Qty
						}
						if fullyDone(sw, func() (map[int]int64, error) { return db.Shipped(ctx, so.ID) }) {
							continue
						}
					}
				}
				c := docChoice{id: pl.ID, label: fmt.Sprintf("%s for %s, %s", pl.ID, pl.SalesOrder, count(len(pl.Lines), "line"))}
				if wf == flow.Ship {
					c = docChoice{id: pl.SalesOrder, label: fmt.Sprintf("%s (list %s)", pl.SalesOrder, pl.ID)}
				}
				out = append(out, c)
			}
		case flow.Return:
			ras, err := db.OpenReturnAuths(ctx)
			if err != nil {
				return openDocsMsg{err: err}
			}
			for _, ra := range ras {
				want := map[int]int64{}
				for _, l := range ra.Lines {
					want[l.Line] = l.Qty
				}
				if fullyDone(want, func() (map[int]int64, error) { return db.Returned(ctx, ra.ID) }) {
					continue
				}
				out = append(out, docChoice{id: ra.ID, label: fmt.Sprintf("%s %s (%s)", ra.ID, ra.Customer, ra.SalesOrder)})
			}
		default:
			return openDocsMsg{none: fmt.Sprintf("%s works without a document: F2 lists documents in Receive, Pick, Ship and Return.", wf.Title())}
		}
		return openDocsMsg{docs: out}
	}
}

// fullyDone reports whether every line of a document (line -> quantity
// wanted) is done by the progress get reads (this terminal's and, after a
// pull, every other's): such a document leaves the open list. An
// unreadable progress keeps it listed.
func fullyDone(want map[int]int64, get func() (map[int]int64, error)) bool {
	if len(want) == 0 {
		return false
	}
	got, err := get()
	if err != nil {
		return false
	}
	for line, q := range want {
		if got[line] < q {
			return false
		}
	}
	return true
}

// docsBody draws the open documents with the selection, scrolled so the
// selection is visible.
func (w *workflow) docsBody(width, h int) []string {
	st := w.env.st
	if h <= 0 {
		return nil
	}
	shown := w.shownDocs()
	head := fmt.Sprintf("%d open: 1-9, or ↑↓ Enter", len(w.docs))
	if w.docFilter != "" {
		head = fmt.Sprintf("%d match %s: ↑↓ Enter", len(shown), w.docFilter)
	}
	out := []string{st.Label.Render(fitLine(head, width))}
	rows := h - 1
	top := 0
	if w.docSel >= rows {
		top = w.docSel - rows + 1
	}
	for i := top; i < len(shown) && len(out) < h; i++ {
		label := clean(shown[i].label)
		if i < 9 && w.docFilter == "" {
			label = fmt.Sprintf("%d %s", i+1, label)
		}
		line := fitLine(label, width)
		if i == w.docSel {
			line = st.Selected.Render(line)
		} else {
			line = st.MenuItem.Render(line)
		}
		out = append(out, line)
	}
	switch {
	case len(w.docs) == 0:
		out = append(out, st.Dim.Render("none: scan or key the number"))
	case len(shown) == 0:
		out = append(out, st.Dim.Render(fitLine("none match: Enter keys it", width)))
	}
	return out
}

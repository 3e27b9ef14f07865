package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

// docLine is one line of the document a workflow works against, with its
// progress, for the F2 list.
type docLine struct {
	text string // fits 30 columns: SKU
	wide string // for 60 columns and more: SKU and GTIN, to key it
	done bool
}

// docLinesMsg answers a request for the document's lines.
type docLinesMsg struct {
	doc   string
	lines []docLine
	err   error
}

// loadLines reads the document's lines and progress in a command.
func (w *workflow) loadLines() tea.Cmd {
	doc, wf, cat := w.state.Doc(), w.wf, w.cat()
	return func() tea.Msg {
		lines, err := docLines(cat, wf, doc)
		return docLinesMsg{doc: doc, lines: lines, err: err}
	}
}

// docLines lists a document's lines as short texts: line number, SKU,
// lot, done/wanted and where.
func docLines(cat *catalog.Catalog, wf flow.Workflow, doc string) ([]docLine, error) {
	names := map[string]string{}
	sku := func(gtin string) string {
		if n, ok := names[gtin]; ok {
			return n
		}
		n := gtin
		if p, err := cat.Product(gtin); err == nil {
			n = flow.ShortName(p) // as Look-up and the prompts name it
		}
		names[gtin] = n
		return n
	}
	line := func(n int, gtin, lot string, got, want int64, where string) docLine {
		t := fmt.Sprintf("%d %s", n, sku(gtin))
		if lot != "" {
			t += " " + lot
		}
		t += fmt.Sprintf(" %d/%d", got, want)
		if where != "" {
			t += " @" + where
		}
		mark := "  "
		if got >= want {
			mark = "✓ "
		}
		wide := fmt.Sprintf("%d %s %s", n, sku(gtin), gtin)
		if lot != "" {
			wide += " lot " + lot
		}
		wide += fmt.Sprintf(" %d/%d", got, want)
		if where != "" {
			wide += " @" + where
		}
		return docLine{text: clean(mark + t), wide: clean(mark + wide), done: got >= want}
	}
	var out []docLine
	switch wf {
	case flow.Receive:
		po, err := cat.PurchaseOrder(doc)
		if err != nil {
			return nil, err
		}
		got, err := cat.Received(doc)
		if err != nil {
			return nil, err
		}
		for _, l := range po.Lines {
			out = append(out, line(l.Line, l.GTIN, "", got[l.Line], l.Qty, ""))
		}
	case flow.Pick:
		pl, err := cat.PickList(doc)
		if err != nil {
			return nil, err
		}
		got, err := cat.Picked(doc)
		if err != nil {
			return nil, err
		}
		for _, l := range pl.Lines {
			out = append(out, line(l.Line, l.GTIN, l.Lot, got[l.Line], l.Qty, l.From))
		}
	case flow.Ship:
		so, err := cat.SalesOrder(doc)
		if err != nil {
			return nil, err
		}
		got, err := cat.Shipped(doc)
		if err != nil {
			return nil, err
		}
		for _, l := range so.Lines {
			out = append(out, line(l.Line, l.GTIN, "", got[l.Line], l.Qty, ""))
		}
	case flow.Return:
		ra, err := cat.ReturnAuth(doc)
		if err != nil {
			return nil, err
		}
		got, err := cat.Returned(doc)
		if err != nil {
			return nil, err
		}
		for _, l := range ra.Lines {
			lot := l.Lot
			if l.Serial != "" {
				lot = l.Serial
			}
			out = append(out, line(l.Line, l.GTIN, lot, got[l.Line], l.Qty, ""))
		}
	default:
		return nil, fmt.Errorf("%s works against no document", wf.Title())
	}
	return out, nil
}

// linesBody draws the visible window of the document's lines. Only the
// rows on screen are styled, so a 5,000-line pick list draws as fast as a
// short one.
func (w *workflow) linesBody(width, h int) []string {
	st := w.env.st
	n := len(w.lines)
	if h <= 0 {
		return nil
	}
	head := st.Label.Render(w.linesDoc + ": " + count(n, "line"))
	rows := h - 1
	if w.scroll > n-rows {
		w.scroll = max(n-rows, 0)
	}
	out := []string{head}
	for i := w.scroll; i < n && len(out) < h; i++ {
		l := w.lines[i]
		s := st.Value
		if l.done {
			s = st.OK
		}
		text := l.text
		if width >= 60 {
			text = l.wide
		}
		out = append(out, s.Render(fitLine(text, width)))
	}
	return out
}

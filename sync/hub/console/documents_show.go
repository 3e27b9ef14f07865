package console

import (
	"net/http"

	"github.com/scanterm/scanterm/inventory"
)

type documentsPage struct {
	Documents []document `json:"documents"`
}

type document struct {
	Kind    string    `json:"kind"` // purchase_order, pick_list, sales_order, return
	ID      string    `json:"id"`
	Party   string    `json:"party,omitempty"` // supplier or customer
	Status  string    `json:"status"`
	Lines   []docLine `json:"lines"`
	Ordered int64     `json:"ordered"`
	Done    int64     `json:"done"`
	State   string    `json:"state"` // not_started, in_progress, complete
}

type docLine struct {
	Line    int    `json:"line"`
	GTIN    string `json:"gtin"`
	Product string `json:"product,omitempty"`
	Lot     string `json:"lot,omitempty"`
	Ordered int64  `json:"ordered"`
	Done    int64  `json:"done"`
}

// documentsShow lists every document with its progress per line, counting
// every terminal's events.
func (c *Console) documentsShow(w http.ResponseWriter, r *http.Request) {
	docs, err := c.documents(r)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.respond(w, r, http.StatusOK, "documents", "Documents", documentsPage{Documents: docs})
}

// documents builds every document with its progress.
func (c *Console) documents(r *http.Request) ([]document, error) {
	k, err := c.catalog(r.Context())
	if err != nil {
		return nil, err
	}
	prog, err := c.st.DocProgress(r.Context())
	if err != nil {
		return nil, err
	}
	done := map[progKey]int64{}
	for _, p := range prog {
		done[progKey{p.Doc, p.Kind, p.Line}] += p.Qty
	}
	var docs []document
	add := func(kind, progress, id, party string, status inventory.DocStatus, lines []docLine) {
		d := document{Kind: kind, ID: id, Party: party, Status: string(status), Lines: lines}
		for i := range d.Lines {
			l := &d.Lines[i]
			l.Product = k.products[l.GTIN].Name
			l.Done = done[progKey{id, progress, l.Line}]
			d.Ordered += l.Ordered
			d.Done += min(l.Done, l.Ordered)
		}
		d.State = progressState(d.Done, d.Ordered)
		docs = append(docs, d)
	}
	b := k.batch
	for _, o := range b.PurchaseOrders {
		ls := make([]docLine, 0, len(o.Lines))
		for _, l := range o.Lines {
			ls = append(ls, docLine{Line: l.Line, GTIN: l.GTIN, Ordered: l.Qty})
		}
		add("purchase_order", "receive", o.ID, o.Supplier, o.Status, ls)
	}
	for _, o := range b.PickLists {
		ls := make([]docLine, 0, len(o.Lines))
		for _, l := range o.Lines {
			ls = append(ls, docLine{Line: l.Line, GTIN: l.GTIN, Lot: l.Lot, Ordered: l.Qty})
		}
		add("pick_list", "pick", o.ID, o.SalesOrder, o.Status, ls)
	}
	for _, o := range b.SalesOrders {
		ls := make([]docLine, 0, len(o.Lines))
		for _, l := range o.Lines {
			ls = append(ls, docLine{Line: l.Line, GTIN: l.GTIN, Ordered: l.Qty})
		}
		add("sales_order", "ship", o.ID, o.Customer, o.Status, ls)
	}
	for _, o := range b.Returns {
		ls := make([]docLine, 0, len(o.Lines))
		for _, l := range o.Lines {
			ls = append(ls, docLine{Line: l.Line, GTIN: l.GTIN, Lot: l.Lot, Ordered: l.Qty})
		}
		add("return", "return", o.ID, o.Customer, o.Status, ls)
	}
	if docs == nil {
		docs = []document{}
	}
	return docs, nil
}

type progKey struct {
	doc, kind string
	line      int
}

func progressState(done, ordered int64) string {
	switch {
	case done == 0:
		return "not_started"
	case done >= ordered:
		return "complete"
	}
	return "in_progress"
}

package console

import (
	"net/http"
	"strings"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// stockLimit bounds the rows one stock search shows.
const stockLimit = 500

type stockPage struct {
	Query     string     `json:"query"`
	Lot       string     `json:"lot"`
	Location  string     `json:"location"`
	Warehouse string     `json:"warehouse"`
	Searched  bool       `json:"-"`
	Rows      []stockRow `json:"rows"`
	Truncated bool       `json:"truncated"`
	Total     int64      `json:"total_qty"`
}

type stockRow struct {
	store.StockRow
	Product string   `json:"product,omitempty"`
	SKU     string   `json:"sku,omitempty"`
	State   LotState `json:"lot_state"`
}

// stockShow searches the stock projection by product (GTIN, SKU or part of
// its name), lot, location and warehouse.
func (c *Console) stockShow(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	p := stockPage{Query: strings.TrimSpace(qv.Get("q")), Lot: strings.TrimSpace(qv.Get("lot")),
		Location: strings.TrimSpace(qv.Get("location")), Warehouse: strings.TrimSpace(qv.Get("warehouse")), Rows: []stockRow{}}
	p.Searched = p.Query != "" || p.Lot != "" || p.Location != "" || p.Warehouse != ""
	if !p.Searched && !isAPI(r) {
		c.respond(w, r, http.StatusOK, "stock", "Stock", p)
		return
	}
	k, err := c.catalog(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	f := store.StockFilter{Lot: p.Lot, Limit: stockLimit + 1, ByProduct: true}
	if p.Query != "" {
		f.GTINs = []string{}
		g, gerr := hub.NormalizeGTIN(p.Query)
		low := strings.ToLower(p.Query)
		for _, pr := range k.batch.Products {
			if (gerr == nil && pr.GTIN == g) || strings.EqualFold(pr.SKU, p.Query) || strings.Contains(strings.ToLower(pr.Name), low) {
				f.GTINs = append(f.GTINs, pr.GTIN)
			}
		}
		if gerr == nil && len(f.GTINs) == 0 {
			f.GTINs = append(f.GTINs, g) // stock of a product with no record
		}
	}
	if p.Location != "" || p.Warehouse != "" {
		f.Locations = []string{}
		for _, l := range k.batch.Locations {
			if (p.Location == "" || strings.EqualFold(l.Code, p.Location)) && (p.Warehouse == "" || strings.EqualFold(l.Warehouse, p.Warehouse)) {
				f.Locations = append(f.Locations, l.Code)
			}
		}
		if p.Location != "" && p.Warehouse == "" && len(f.Locations) == 0 {
			f.Locations = append(f.Locations, p.Location)
		}
	}
	rows, err := c.st.Stock(r.Context(), f)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	if len(rows) > stockLimit {
		rows, p.Truncated = rows[:stockLimit], true
	}
	now := c.now()
	for _, row := range rows {
		pr := k.products[row.GTIN]
		sr := stockRow{StockRow: row, Product: pr.Name, SKU: pr.SKU}
		if row.Lot != "" {
			sr.State = c.lotState(k, row.GTIN, row.Lot, now)
		}
		p.Rows = append(p.Rows, sr)
		p.Total += row.Qty
	}
	c.respond(w, r, http.StatusOK, "stock", "Stock", p)
}

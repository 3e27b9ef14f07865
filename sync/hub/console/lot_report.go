package console

import (
	"errors"
	"net/http"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
)

type lotReportPage struct {
	GeneratedAt time.Time     `json:"generated_at"`
	By          string        `json:"by"`
	Trace       lotTraced     `json:"trace"`
	Impact      hub.LotImpact `json:"impact"`
}

// lotReport is the recall report a quality manager files: one lot of one
// product, what is on hand, who received it, who it shipped to. Its
// print stylesheet drops the navigation.
func (c *Console) lotReport(w http.ResponseWriter, r *http.Request) {
	gtin, lot, err := lotQuery(r)
	if err != nil || gtin == "" || lot == "" {
		c.fail(w, r, http.StatusBadRequest, "gtin and lot are required")
		return
	}
	k, err := c.catalog(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	ts, ss, err := c.lotViews(r.Context(), k, gtin, lot)
	switch {
	case errors.Is(err, hub.ErrNotFound) || (err == nil && len(ts) == 0):
		c.fail(w, r, http.StatusNotFound, "lot "+lot+" of "+gtin+" is unknown to the hub")
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	imp, err := hub.ImpactOfSummary(r.Context(), c.st, gtin, ss)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	p := lotReportPage{GeneratedAt: c.now(), By: who(r).Name, Impact: imp, Trace: ts[0]}
	c.respond(w, r, http.StatusOK, "lot_report", "Recall report: lot "+lot, p)
}

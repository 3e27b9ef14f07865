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
	ts, err := hub.TraceLot(r.Context(), c.st, gtin, lot)
	switch {
	case errors.Is(err, hub.ErrNotFound) || (err == nil && len(ts) == 0):
		c.fail(w, r, http.StatusNotFound, "lot "+lot+" of "+gtin+" is unknown to the hub")
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	imp, err := hub.ImpactOfLot(r.Context(), c.st, gtin, lot)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	k, err := c.catalog(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	ch, err := c.st.Audit(r.Context(), lotSubject(gtin, lot))
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	p := lotReportPage{GeneratedAt: c.now(), By: who(r).Name, Impact: imp,
		Trace: c.traced(k, ts[0], ch)}
	c.respond(w, r, http.StatusOK, "lot_report", "Recall report: lot "+lot, p)
}

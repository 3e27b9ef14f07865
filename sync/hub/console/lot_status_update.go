package console

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

type lotStatusResult struct {
	Lot    inventory.Lot `json:"lot"`
	Reason string        `json:"reason"`
	By     string        `json:"by"`
	Impact hub.LotImpact `json:"impact"`
}

// lotStatusUpdate applies a confirmed status change. A reason is required;
// it goes to the hub log with the account that gave it.
func (c *Console) lotStatusUpdate(w http.ResponseWriter, r *http.Request) {
	p, ok := c.lotStatusData(w, r)
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.FormValue("reason"))
	if reason == "" {
		p.Error = "Give a reason: it is logged with your name."
		if isAPI(r) {
			c.fail(w, r, http.StatusBadRequest, "reason is required")
			return
		}
		c.respond(w, r, http.StatusBadRequest, "lot_status", p.Action+" lot "+p.Lot, p)
		return
	}
	l, _, err := c.st.ChangeLotStatus(r.Context(), p.GTIN, p.Lot, lotActions[p.Action], false, c.now())
	switch {
	case errors.Is(err, hub.ErrUnknownProduct):
		c.fail(w, r, http.StatusNotFound, fmt.Sprintf("no product with GTIN %s is known to the hub; nothing changed", p.GTIN))
		return
	case errors.Is(err, hub.ErrUnknownLot):
		c.fail(w, r, http.StatusNotFound, fmt.Sprintf("lot %s of %s is unknown to the hub; nothing changed (scanhub lot --create sets a lot not yet received)", p.Lot, p.GTIN))
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	by := who(r).Name
	c.audit(r, p.Action, lotSubject(p.GTIN, p.Lot), reason)
	c.log.Warn("lot status changed from the console", "gtin", p.GTIN, "lot", p.Lot, "status", l.Status, "by", by, "reason", reason)
	to := "/lot?gtin=" + url.QueryEscape(p.GTIN) + "&lot=" + url.QueryEscape(p.Lot)
	c.done(w, r, to, fmt.Sprintf("Lot %s is now %s. %d terminal(s) get it on their next pull.", p.Lot, l.Status, p.Impact.Terminals),
		lotStatusResult{Lot: l, Reason: reason, By: by, Impact: p.Impact})
}

package console

import (
	"net/http"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

// lotActions maps the console's verbs to lot statuses.
var lotActions = map[string]inventory.LotStatus{
	"recall": inventory.LotRecalled, "quarantine": inventory.LotQuarantine, "release": inventory.LotReleased,
}

type lotStatusPage struct {
	GTIN    string        `json:"gtin"`
	Lot     string        `json:"lot"`
	Action  string        `json:"action"`
	Current LotState      `json:"current"`
	Impact  hub.LotImpact `json:"impact"`
	Error   string        `json:"-"`
}

// lotStatusConfirm shows what a recall, quarantine or release reaches
// before it is confirmed: units on hand per location, units shipped per
// order and customer, terminals that will enforce it.
func (c *Console) lotStatusConfirm(w http.ResponseWriter, r *http.Request) {
	p, ok := c.lotStatusData(w, r)
	if !ok {
		return
	}
	c.respond(w, r, http.StatusOK, "lot_status", p.Action+" lot "+p.Lot, p)
}

func (c *Console) lotStatusData(w http.ResponseWriter, r *http.Request) (lotStatusPage, bool) {
	gtin, lot, err := lotQuery(r)
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, err.Error())
		return lotStatusPage{}, false
	}
	action := r.FormValue("action")
	if _, ok := lotActions[action]; !ok {
		c.fail(w, r, http.StatusBadRequest, "action must be recall, quarantine or release")
		return lotStatusPage{}, false
	}
	if gtin == "" || lot == "" {
		c.fail(w, r, http.StatusBadRequest, "gtin and lot are required (a lot code is only unique per product)")
		return lotStatusPage{}, false
	}
	imp, err := hub.ImpactOfLot(r.Context(), c.st, gtin, lot)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return lotStatusPage{}, false
	}
	k, err := c.catalog(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return lotStatusPage{}, false
	}
	return lotStatusPage{GTIN: gtin, Lot: lot, Action: action, Current: c.lotState(k, gtin, lot, c.now()), Impact: imp}, true
}

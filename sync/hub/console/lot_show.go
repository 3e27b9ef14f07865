package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/scanterm/scanterm/sync/hub"
)

type lotPage struct {
	Lot    string      `json:"lot"`
	GTIN   string      `json:"gtin,omitempty"`
	Traces []lotTraced `json:"traces"`
}

// lotQuery reads gtin and lot from the query or form; the GTIN is
// normalised to 14 digits when given.
func lotQuery(r *http.Request) (gtin, lot string, err error) {
	lot = strings.TrimSpace(r.FormValue("lot"))
	if g := strings.TrimSpace(r.FormValue("gtin")); g != "" {
		if gtin, err = hub.NormalizeGTIN(g); err != nil {
			return "", "", err
		}
	}
	return gtin, lot, nil
}

// lotShow is the trace of a lot: where it came from, every movement with
// terminal and operator, where it is now, where it went.
func (c *Console) lotShow(w http.ResponseWriter, r *http.Request) {
	gtin, lot, err := lotQuery(r)
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	p := lotPage{Lot: lot, GTIN: gtin, Traces: []lotTraced{}}
	if lot == "" {
		if isAPI(r) {
			c.fail(w, r, http.StatusBadRequest, "lot= is required")
			return
		}
		c.respond(w, r, http.StatusOK, "lot", "Lot", p)
		return
	}
	k, err := c.catalog(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	p.Traces, _, err = c.lotViews(r.Context(), k, gtin, lot)
	switch {
	case errors.Is(err, hub.ErrNotFound):
		c.fail(w, r, http.StatusNotFound, "lot "+lot+": the hub has no events and no record of it; check the code")
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.respond(w, r, http.StatusOK, "lot", "Lot "+lot, p)
}

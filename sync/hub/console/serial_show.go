package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/scanterm/scanterm/sync/hub"
)

type serialPage struct {
	Serial string            `json:"serial"`
	GTIN   string            `json:"gtin,omitempty"`
	Traces []hub.SerialTrace `json:"traces"`
}

// serialShow is the life of one serialised unit, end to end.
func (c *Console) serialShow(w http.ResponseWriter, r *http.Request) {
	p := serialPage{Serial: strings.TrimSpace(r.FormValue("serial")), Traces: []hub.SerialTrace{}}
	if g := strings.TrimSpace(r.FormValue("gtin")); g != "" {
		var err error
		if p.GTIN, err = hub.NormalizeGTIN(g); err != nil {
			c.fail(w, r, http.StatusBadRequest, err.Error())
			return
		}
	}
	if p.Serial == "" {
		if isAPI(r) {
			c.fail(w, r, http.StatusBadRequest, "serial= is required")
			return
		}
		c.respond(w, r, http.StatusOK, "serial", "Serial", p)
		return
	}
	ts, err := hub.TraceSerial(r.Context(), c.st, p.GTIN, p.Serial)
	switch {
	case errors.Is(err, hub.ErrNotFound):
		c.fail(w, r, http.StatusNotFound, "serial "+p.Serial+": no events on the hub")
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	p.Traces = ts
	c.respond(w, r, http.StatusOK, "serial", "Serial "+p.Serial, p)
}

package console

import (
	"net/http"
	"sort"
	"strings"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

type exceptionsPage struct {
	Code   string            `json:"code"`
	Device string            `json:"device"`
	State  string            `json:"state"` // open, resolved, all
	Rows   []exceptionRow    `json:"exceptions"`
	Codes  []string          `json:"-"`
	Advice map[string]Advice `json:"advice"`
}

type exceptionRow struct {
	inventory.Exception
	Advice *Advice `json:"-"`
}

// exceptionsShow lists the hub's exceptions, open ones by default, with
// the documentation's advice beside each code.
func (c *Console) exceptionsShow(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	p := exceptionsPage{Code: strings.TrimSpace(qv.Get("code")), Device: strings.TrimSpace(qv.Get("device")), State: qv.Get("state"),
		Rows: []exceptionRow{}, Advice: map[string]Advice{}}
	switch p.State {
	case "open", "resolved", "all":
	case "":
		p.State = "open"
	default:
		c.fail(w, r, http.StatusBadRequest, "state must be open, resolved or all")
		return
	}
	xs, err := c.st.Exceptions(r.Context(), hub.ExceptionFilter{Device: p.Device, Unresolved: p.State == "open"})
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	codes := map[string]bool{}
	for code := range adviceByCode {
		codes[code] = true
	}
	for _, x := range xs {
		codes[x.Code] = true
		if (p.Code != "" && x.Code != p.Code) || (p.State == "resolved" && !x.Resolved) {
			continue
		}
		row := exceptionRow{Exception: x}
		if a, ok := adviceByCode[x.Code]; ok {
			row.Advice = &a
			p.Advice[x.Code] = a
		}
		p.Rows = append(p.Rows, row)
	}
	// Newest first: what came in last is what the floor is asking about.
	sort.SliceStable(p.Rows, func(i, j int) bool { return p.Rows[i].ID > p.Rows[j].ID })
	for code := range codes {
		p.Codes = append(p.Codes, code)
	}
	sort.Strings(p.Codes)
	c.respond(w, r, http.StatusOK, "exceptions", "Exceptions", p)
}

package console

import (
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

type enrolPage struct {
	Device  string       `json:"device"`
	Code    string       `json:"code"`
	Expires time.Time    `json:"expires"`
	Link    string       `json:"link"` // what the QR code holds
	HubURL  string       `json:"hub_url"`
	QR      template.URL `json:"-"`
	Again   bool         `json:"reinstated,omitempty"`
}

// terminalEnrol registers a terminal and shows its one-time code with a QR
// code of the hub address, code and certificate fingerprint: the
// handheld scans it and enrols itself. The code is shown once, on this
// answer, never stored in clear.
func (c *Console) terminalEnrol(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.FormValue("name"))
	code, err := hub.AddDevice(r.Context(), c.st, name, hub.DefaultCodeTTL, c.now())
	switch {
	case errors.Is(err, hub.ErrExists):
		c.fail(w, r, http.StatusConflict, err.Error())
		return
	case err != nil && hub.ValidDeviceName(name) != nil:
		c.fail(w, r, http.StatusBadRequest, err.Error())
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.showCode(w, r, name, code, false)
}

func (c *Console) showCode(w http.ResponseWriter, r *http.Request, name, code string, again bool) {
	hubURL := c.opt.HubURL
	if hubURL == "" {
		// Served without a configured address: the one the browser used.
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		hubURL = scheme + "://" + r.Host
	}
	link := wire.EnrollLink{HubURL: hubURL, Code: code, Fingerprint: c.opt.Fingerprint}.String()
	p := enrolPage{Device: name, Code: code, Expires: c.now().Add(hub.DefaultCodeTTL), Link: link, HubURL: hubURL, Again: again}
	if !isAPI(r) {
		qr, err := qrPNG(link, 6)
		if err != nil {
			c.fail(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		p.QR = qr
	}
	c.log.Info("enrolment code issued from the console", "device", name, "by", who(r).Name)
	action := "enrol"
	if again {
		action = "reinstate"
	}
	c.audit(r, action, "terminal:"+name, "")
	c.respond(w, r, http.StatusOK, "enrol", "Enrol "+name, p)
}

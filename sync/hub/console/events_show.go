package console

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
)

// eventsPageSize is how many events one page of the list shows.
const eventsPageSize = 200

type eventsPage struct {
	Device string      `json:"device"`
	GTIN   string      `json:"gtin"`
	Lot    string      `json:"lot"`
	Serial string      `json:"serial"`
	Since  string      `json:"since"` // YYYY-MM-DD
	Seq    int64       `json:"seq,omitempty"`
	After  int64       `json:"after"`
	Events []hub.Event `json:"events"`
	Next   int64       `json:"next,omitempty"` // after= for the next page; 0 when this is the last
	// CSV and NextURL are links built here from the encoded filter, so the
	// template does not escape their & and = a second time.
	CSV     template.URL `json:"-"`
	NextURL template.URL `json:"-"`
	query   url.Values
}

// eventFilter reads the list's filter from the query string.
func eventFilter(r *http.Request) (eventsPage, hub.EventFilter, error) {
	qv := r.URL.Query()
	p := eventsPage{Device: strings.TrimSpace(qv.Get("device")), GTIN: strings.TrimSpace(qv.Get("gtin")),
		Lot: strings.TrimSpace(qv.Get("lot")), Serial: strings.TrimSpace(qv.Get("serial")), Since: strings.TrimSpace(qv.Get("since")),
		Events: []hub.Event{}}
	f := hub.EventFilter{Device: p.Device, Lot: p.Lot, Serial: p.Serial}
	if p.GTIN != "" {
		g, err := hub.NormalizeGTIN(p.GTIN)
		if err != nil {
			return p, f, err
		}
		f.GTIN = g
	}
	if p.Since != "" {
		t, err := time.Parse("2006-01-02", p.Since)
		if err != nil {
			return p, f, fmt.Errorf("since %q: want a date YYYY-MM-DD", p.Since)
		}
		f.Since = t
	}
	if s := qv.Get("seq"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 || p.Device == "" {
			return p, f, fmt.Errorf("seq %q: want a positive number, with device=", s)
		}
		p.Seq, f.Seq = n, n
	}
	if a := qv.Get("after"); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil || n < 0 {
			return p, f, fmt.Errorf("after %q: want a hub event id", a)
		}
		p.After, f.AfterID = n, n
	}
	p.query = r.URL.Query()
	p.query.Del("after")
	p.CSV = template.URL("/events.csv?" + p.query.Encode())
	return p, f, nil
}

// eventsShow lists events in hub order, a page at a time.
func (c *Console) eventsShow(w http.ResponseWriter, r *http.Request) {
	p, f, err := eventFilter(r)
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	f.Limit = eventsPageSize + 1
	evs, err := c.st.Events(r.Context(), f)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	if len(evs) > eventsPageSize {
		evs = evs[:eventsPageSize]
		p.Next = evs[len(evs)-1].HubID
		q := url.Values{}
		for k, v := range p.query {
			q[k] = v
		}
		q.Set("after", strconv.FormatInt(p.Next, 10))
		p.NextURL = template.URL("/events?" + q.Encode())
	}
	p.Events = append(p.Events, evs...)
	c.respond(w, r, http.StatusOK, "events", "Events", p)
}

package console

import (
	"fmt"
	"net/http"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

// todayKinds are the movements the day's chart counts, in the order they
// are drawn.
var todayKinds = []inventory.EventKind{inventory.KindReceive, inventory.KindPutaway, inventory.KindPick, inventory.KindShip}

type todayPage struct {
	Day            string                `json:"day"` // YYYY-MM-DD, the hub's time zone
	Hours          []hourCount           `json:"hours"`
	Totals         map[string]int        `json:"totals"`
	OpenExceptions int                   `json:"open_exceptions"`
	Exceptions     []inventory.Exception `json:"latest_exceptions"`
	Terminals      []terminal            `json:"terminals"`
	Online         int                   `json:"online"`
	Offline        int                   `json:"offline"`
	// Unsent adds up the terminals' reported queues; OldestUnsent is the
	// oldest of their oldest events (zero: nothing waiting).
	Unsent       int64      `json:"unsent"`
	OldestUnsent time.Time  `json:"oldest_unsent,omitzero"`
	Now          time.Time  `json:"-"`
	InProgress   []document `json:"documents_in_progress"`
	Chart        chart      `json:"-"`
}

// hourCount is how many events of each kind the hub received in one hour.
type hourCount struct {
	Hour   int            `json:"hour"`
	Counts map[string]int `json:"counts"`
}

// todayShow is the day at a glance: movements per hour, open exceptions,
// terminals online and offline, documents in progress.
func (c *Console) todayShow(w http.ResponseWriter, r *http.Request) {
	now := c.now()
	start := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	counts, err := c.st.CountEvents(r.Context(), start, time.Hour)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	p := todayPage{Day: start.Format("2006-01-02"), Totals: map[string]int{}, Exceptions: []inventory.Exception{}, InProgress: []document{}, Now: now}
	for h := range 24 {
		p.Hours = append(p.Hours, hourCount{Hour: h, Counts: map[string]int{}})
	}
	for _, k := range todayKinds {
		p.Totals[string(k)] = 0
	}
	for _, n := range counts {
		// A day of 25 hours (end of summer time) folds its last into 23.
		h := min(n.Bucket, 23)
		if _, ok := p.Totals[n.Kind]; !ok || h < 0 {
			continue
		}
		p.Hours[h].Counts[n.Kind] += int(n.N)
		p.Totals[n.Kind] += int(n.N)
	}
	xs, err := c.st.Exceptions(r.Context(), hub.ExceptionFilter{Unresolved: true})
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	p.OpenExceptions = len(xs)
	for i := len(xs) - 1; i >= 0 && len(p.Exceptions) < 5; i-- {
		p.Exceptions = append(p.Exceptions, xs[i])
	}
	if p.Terminals, err = c.terminals(r); err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	for _, t := range p.Terminals {
		switch t.State {
		case "online":
			p.Online++
		case "offline":
			p.Offline++
		}
		if t.Revoked || t.Queue == 0 {
			continue
		}
		p.Unsent += t.Queue
		if !t.QueueOldest.IsZero() && (p.OldestUnsent.IsZero() || t.QueueOldest.Before(p.OldestUnsent)) {
			p.OldestUnsent = t.QueueOldest
		}
	}
	docs, err := c.documents(r)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	for _, d := range docs {
		if d.State == "in_progress" {
			p.InProgress = append(p.InProgress, d)
		}
	}
	p.Chart = hourChart(p.Hours)
	c.respond(w, r, http.StatusOK, "today", "Today", p)
}

// chart is an inline SVG bar chart of the day: one group of bars per
// hour, one bar per kind, each bar titled with its count (the table under
// the chart carries the same numbers, so nothing rests on colour).
type chart struct {
	Width, Height int
	Bars          []bar
	Labels        []axisLabel
	Max           int
	Legend        []legendItem
}

type bar struct {
	X, Y, W, H int
	Class      string
	Title      string
}

type axisLabel struct {
	X    int
	Text string
}

type legendItem struct {
	X     int
	Class string
	Text  string
}

func hourChart(hours []hourCount) chart {
	const group, barW, plotH, top = 40, 8, 160, 20
	ch := chart{Width: group*len(hours) + 10, Height: plotH + top + 40, Max: 1}
	for _, h := range hours {
		for _, k := range todayKinds {
			ch.Max = max(ch.Max, h.Counts[string(k)])
		}
	}
	for i, h := range hours {
		for j, k := range todayKinds {
			n := h.Counts[string(k)]
			bh := n * plotH / ch.Max
			ch.Bars = append(ch.Bars, bar{X: 5 + i*group + j*(barW+1), Y: top + plotH - bh, W: barW, H: bh, Class: "k-" + string(k),
				Title: fmt.Sprintf("%02d:00 %s: %d", h.Hour, k, n)})
		}
		if h.Hour%3 == 0 {
			ch.Labels = append(ch.Labels, axisLabel{X: 5 + i*group, Text: fmt.Sprintf("%02d", h.Hour)})
		}
	}
	for j, k := range todayKinds {
		ch.Legend = append(ch.Legend, legendItem{X: 5 + j*120, Class: "k-" + string(k), Text: string(k)})
	}
	return ch
}

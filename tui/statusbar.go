package tui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/scanterm/scanterm/sync/client"
)

// statusBar is the bottom line(s): who is signed in, whether the scanners
// are there, and how the sync is doing. Below 60 columns it takes two rows
// so nothing is cut.
func (a *App) statusBar(w int) []string {
	st := a.env.st
	op := "signed out"
	if a.env.op.ID != "" {
		op = a.env.op.ID
	}
	scan := st.BarOK.Render("scanner ok")
	var down []string
	for name, s := range a.scanners {
		if !s.Connected {
			down = append(down, name)
		}
	}
	if len(down) > 0 {
		sort.Strings(down)
		scan = st.BarBad.Render("scanner OFF")
		if w >= 60 {
			scan = st.BarBad.Render("scanner OFF: " + strings.Join(down, ","))
		}
	}

	var link string
	switch s := a.sync; {
	case a.env.sync == nil:
		link = st.BarWarn.Render("not enrolled")
	case s.Cause == client.CauseRevoked:
		link = st.BarBad.Render("REVOKED")
	case s.Cause == client.CauseUnknownToken:
		link = st.BarBad.Render("RE-ENROL")
	case s.Cause.Stops():
		// Why in a few words where there is room, as for offline.
		link = st.BarBad.Render("STOPPED")
		if w >= 60 || ansi.StringWidth(" STOPPED: "+s.Why+" · q 000 00m") <= w {
			link = st.BarBad.Render("STOPPED: " + s.Why)
		}
	case s.Online:
		link = st.BarOK.Render("online")
	case s.Cause == client.CauseConnecting:
		link = st.BarWarn.Render("connecting")
	default:
		link = st.BarWarn.Render("offline")
		if s.Why != "" {
			// Why in a few words where there is room; the full
			// sentence shows on the menu and after Sync now.
			why := st.BarWarn.Render("offline: " + s.Why)
			if w >= 60 || ansi.StringWidth(" offline: "+s.Why+" · q 000 00m") <= w {
				link = why
			}
		}
	}
	q := fmt.Sprintf("q %d", a.queue.n)
	if a.queue.err != nil {
		q = st.BarBad.Render("q ?")
	} else if a.queue.n > 0 && !a.queue.oldest.IsZero() {
		q += " " + age(a.env.now().Sub(a.queue.oldest))
	}

	sep := st.Bar.Render(" · ")
	exc := ""
	if n := a.queue.exc; n > 0 {
		// "!3" keeps the 30-column row whole even signed out with a
		// scanner off; wide screens say what it counts.
		exc = sep + st.BarBad.Render(fmt.Sprintf("!%d", n))
		if w >= 60 {
			exc = sep + st.BarBad.Render("! "+count(n, "hub problem"))
		}
	}
	if a.sync.ClockOff {
		// The clock is off the hub's by more than 5 minutes: dates on
		// this terminal are suspect until someone sets it right.
		exc += sep + st.BarBad.Render("CLOCK")
	}
	if w >= 60 {
		line := st.Bar.Render(" "+op) + sep + scan + sep + link + sep + st.Bar.Render(q) + exc
		return []string{a.barLine(line, w)}
	}
	return []string{
		a.barLine(st.Bar.Render(" "+op)+sep+scan+exc, w),
		a.barLine(st.Bar.Render(" ")+link+sep+st.Bar.Render(q), w),
	}
}

// barLine cuts or pads a status line to w cells, padding in the bar's
// colour so the bar is one solid row.
func (a *App) barLine(line string, w int) string {
	if ansi.StringWidth(line) > w {
		line = ansi.Truncate(line, w, "…")
	}
	if n := w - ansi.StringWidth(line); n > 0 {
		line += a.env.st.Bar.Render(strings.Repeat(" ", n))
	}
	return line
}

// age is a compact duration for the status bar: 45s, 12m, 3h, 2d.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
}

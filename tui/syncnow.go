package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/sync/client"
)

// syncNow runs one push-and-pull round in a command ("9 Sync now") and
// reports what it did when it ends; the result line says it is running
// meanwhile.
func (a *App) syncNow() tea.Cmd {
	s, ctx := a.env.sync, a.env.ctx
	if s == nil {
		return signal(VerdictBad, "Not enrolled: this terminal works offline only. Ask a supervisor to enrol it (scanterm enroll).")
	}
	if a.syncing {
		return signal(VerdictNone, "Sync is running: its result shows here.")
	}
	a.syncing = true
	return tea.Batch(signal(VerdictNone, "Syncing with the hub…"), func() tea.Msg {
		rep, err := s.SyncNow(ctx)
		return syncDoneMsg{rep: rep, err: err}
	})
}

// syncResult says in words what a "Sync now" round did, or why it failed
// and what happens to the work meanwhile.
func syncResult(rep client.Report, err error, cause client.Cause) result {
	// The client's own wording of a revoked or unknown token is long; at
	// 30 columns the operator needs what happened, that nothing is lost,
	// and who can fix it.
	if err != nil && cause == client.CauseRevoked {
		return result{VerdictBad, fmt.Sprintf("Terminal revoked by the hub. %s kept here. Ask a supervisor to re-enrol.", count(rep.Queue, "event"))}
	}
	if err != nil && cause == client.CauseUnknownToken {
		return result{VerdictBad, fmt.Sprintf("Hub does not know this terminal. %s kept here. Re-enrol it (scanterm enroll).", count(rep.Queue, "event"))}
	}
	if err != nil {
		text := "Sync failed: " + strings.TrimSuffix(err.Error(), ".") + "."
		if rep.Pushed > 0 {
			text += fmt.Sprintf(" Sent %s first.", count(rep.Pushed, "event"))
		}
		if rep.Queue > 0 {
			text += fmt.Sprintf(" %s kept here, sent when the hub answers.", count(rep.Queue, "event"))
		} else {
			text += " Work is kept here."
		}
		return result{VerdictBad, text}
	}
	var text string
	if rep.Pushed == 0 && rep.Pulled == 0 {
		text = "Synced: nothing to send, nothing new from the hub."
	} else {
		text = fmt.Sprintf("Synced: sent %s, received %s.", count(rep.Pushed, "event"), count(rep.Pulled, "update"))
	}
	if rep.Queue > 0 {
		text += fmt.Sprintf(" %s still waiting.", count(rep.Queue, "event"))
	}
	if rep.RejectedCount > 0 {
		text += fmt.Sprintf(" The hub refused %s: a supervisor sees why in the hub's exceptions.", count(rep.RejectedCount, "event"))
		return result{VerdictWarn, text}
	}
	return result{VerdictOK, text}
}

// staleSyncNote reports whether a result line is a sync failure or an
// offline notice, which a later successful round makes untrue.
func staleSyncNote(text string) bool {
	return strings.HasPrefix(text, "Offline: ") || strings.HasPrefix(text, "Sync failed: ")
}

// tellOffline says once, in words and on the menu (never over a scan's
// verdict), why the terminal is offline; a new reason is told again.
func (a *App) tellOffline() tea.Cmd {
	st := a.sync
	if st.Online || st.Cause.Stops() || st.Cause == client.CauseConnecting || st.Problem == "" {
		if st.Online {
			a.told = ""
		}
		return nil
	}
	if _, onMenu := a.cur.(*menu); !onMenu || a.syncing || st.Problem == a.told {
		return nil
	}
	a.told = st.Problem
	return signal(VerdictWarn, "Offline: "+strings.TrimSuffix(st.Problem, ".")+". Work is kept here and sent when the hub answers.")
}

// stoppedNote says once, short enough for 30 columns, that syncing
// stopped, that the work is kept, and who can set it going again.
func stoppedNote(c client.Cause) string {
	const kept = ": sync stopped. Work is kept here. "
	switch c {
	case client.CauseRevoked:
		return "Terminal revoked by the hub" + kept + "Ask a supervisor to re-enrol."
	case client.CauseUnknownToken:
		return "Hub does not know this terminal" + kept + "Re-enrol it (scanterm enroll)."
	case client.CauseDiverged:
		return "Hub holds other events for this terminal" + kept + "Tell a supervisor."
	case client.CauseProtocol:
		return "Hub speaks another sync version" + kept + "Update scanterm or the hub."
	case client.CauseCertificate:
		return "Hub certificate changed" + kept + "Tell a supervisor."
	case client.CauseRefused:
		return "Hub refused this terminal" + kept + "Tell a supervisor."
	default:
		return "Enrolment unusable" + kept + "Ask a supervisor to re-enrol."
	}
}

// count is "1 event", "3 events".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// tellExceptions says on the menu, once per new one, that the hub flagged
// this terminal's work (a recalled lot shipped while offline, say): the
// operator cannot fix it here, but a supervisor must hear of it. Two lines
// at 30 columns: the hub's own message (event ids, device clocks) is for
// the supervisor at the hub, and Look-up marks the events concerned.
func (a *App) tellExceptions() tea.Cmd {
	n := a.queue.exc
	if n <= a.toldExc {
		a.toldExc = n // resolved ones drop out; a new one is told again
		return nil
	}
	if _, onMenu := a.cur.(*menu); !onMenu || a.syncing {
		return nil
	}
	a.toldExc = n
	return signal(VerdictWarn, fmt.Sprintf("Hub flagged %s: tell a supervisor.", count(n, "problem")))
}

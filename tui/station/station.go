// Package station runs one workflow unattended for a fixed scanner (a
// receiving dock, a pack station, a conveyor): every scan goes through the
// step engine with the station's fixed context, the actions it yields are
// recorded in the terminal's database, and each scan gets one Result — after
// its events are committed, never before.
//
// A bad scan never stops a station: it gets an error Result and the next scan
// is taken. When a scan is refused while the workflow waits for the rest of
// an item (a lot after its product, say), the station retries that scan from
// the workflow's first prompt, so a fixed scanner cannot get stuck on an
// abandoned item.
package station

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/gs1"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

// Config is what a station runs.
type Config struct {
	Workflow flow.Workflow
	// Context presets (PO, pick list, order, location, operator). The
	// station sets Unattended itself.
	Context flow.Context
	// GS1 options for decoding scans (GS substitutes); nil is strict GS1.
	GS1 *gs1.Options
	// Now stamps scans that carry no time; nil = time.Now.
	Now func() time.Time
	// ClockOffset is how far the device clock is ahead of the hub's as
	// sync learned it: the date rules (expiry) judge a scan at its time
	// minus it. nil = 0.
	ClockOffset func() time.Duration
}

// EventRef names one committed event.
type EventRef struct {
	ID  string `json:"id"`
	Seq int64  `json:"seq"`
}

// CodeDatabaseDamaged is the Result code of a scan refused because the
// terminal's database is damaged: no further scan is recorded until the
// file is replaced (the reason says how).
const CodeDatabaseDamaged = "database_damaged"

// Result is the station's answer to one scan, printed as one JSON line.
type Result struct {
	OK      bool   `json:"ok"`
	Verdict string `json:"verdict"` // "ok" | "warning" | "error"
	Reason  string `json:"reason,omitempty"`
	// Code is the ledger's rule code when recording was refused
	// (e.g. "negative_stock"), "" otherwise.
	Code string `json:"code,omitempty"`
	// Event is the committed event; Events lists all of them when one
	// scan recorded several (a count finishing, a batch of serials).
	Event  *EventRef  `json:"event,omitempty"`
	Events []EventRef `json:"events,omitempty"`
	// Next is what the workflow waits for when the scan completed nothing
	// yet (e.g. "Scan LOT" after a product without its lot).
	Next string `json:"next,omitempty"`
	// Info is what a look-up found (what, where, history); Alert says it
	// holds a recall or quarantine.
	Info  []string `json:"info,omitempty"`
	Alert bool     `json:"alert,omitempty"`
	Scan  string   `json:"scan"`
}

// Station is one unattended workflow on one database. Use it from one
// goroutine.
type Station struct {
	db  *localdb.DB
	cat flow.Catalog
	cfg Config
	st  flow.State
	gs  flow.Separators
}

// New opens the workflow. A preset that does not exist (an unknown PO,
// location or pick list) is an error: a station must not start on a typo.
func New(ctx context.Context, db *localdb.DB, cfg Config) (*Station, error) {
	return newStation(db, catalog.New(ctx, db), cfg)
}

func newStation(db *localdb.DB, cat flow.Catalog, cfg Config) (*Station, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ClockOffset == nil {
		cfg.ClockOffset = func() time.Duration { return 0 }
	}
	cfg.Context.Unattended = true
	cfg.Context.Today = cfg.Now().Add(-cfg.ClockOffset())
	if cfg.Context.Location != "" {
		l, err := cat.Location(cfg.Context.Location)
		if err != nil {
			if errors.Is(err, flow.ErrNotFound) {
				return nil, fmt.Errorf("station: no location %q on this terminal", cfg.Context.Location)
			}
			return nil, fmt.Errorf("station: location %s: %w", cfg.Context.Location, err)
		}
		cfg.Context.Location = l.Code
	}
	st, out := flow.Start(cfg.Workflow, cfg.Context, cat)
	if out.Verdict.Level == flow.Error {
		return nil, fmt.Errorf("station: %s", out.Verdict.Reason)
	}
	return &Station{db: db, cat: cat, cfg: cfg, st: st, gs: flow.Separators{}}, nil
}

// Prompt is what the station waits for now.
func (s *Station) Prompt() flow.Prompt { return flow.Refresh(s.st, s.cat).Prompt }

// Handle takes one scan: decode, step, record, adopt. It returns after the
// events are committed (or refused).
func (s *Station) Handle(ctx context.Context, sc scanner.Scan) Result {
	at := sc.At
	if at.IsZero() {
		at = s.cfg.Now()
	}
	at = at.Add(-s.cfg.ClockOffset())
	text := sc.Text()
	in := flow.Decode(text, false, s.cfg.GS1, at)
	s.gs.Apply(sc.Source, text, false, &in)
	res := Result{Scan: text}

	next, out := flow.Step(s.st, s.cat, in)
	if out.Verdict.Level == flow.Error && s.st.Pending() == 0 {
		// The workflow may be waiting for the rest of an abandoned item:
		// try the scan from the first prompt before refusing it.
		if home, hout := flow.Start(s.cfg.Workflow, s.withToday(at), s.cat); hout.Verdict.Level != flow.Error {
			if n2, o2 := flow.Step(home, s.cat, in); o2.Verdict.Level != flow.Error {
				o2.Verdict.Reason = "(unfinished " + strings.ToLower(out.Prompt.Text) + " dropped) " + o2.Verdict.Reason
				next, out = n2, o2
			}
		}
	}
	res.Verdict = out.Verdict.Level.String()
	res.Reason = out.Verdict.Reason
	if s.cfg.Workflow == flow.Lookup {
		res.Info, res.Alert = out.Prompt.Info, out.Prompt.Alert
	}
	if out.Verdict.Level == flow.Error {
		return res
	}
	if len(out.Actions) > 0 {
		evs, err := s.db.AppendBatch(ctx, out.Actions)
		if err != nil {
			res.Verdict, res.Reason = "error", err.Error()
			var re *localdb.RuleError
			switch {
			case errors.As(err, &re):
				res.Code = re.Code
			case errors.Is(err, localdb.ErrCorrupt):
				// The reason says what to do; the code lets a script
				// stop feeding scans to a terminal that records none.
				res.Code = CodeDatabaseDamaged
			}
			return res
		}
		for _, e := range evs {
			res.Events = append(res.Events, EventRef{ID: e.ID, Seq: e.Seq})
		}
		res.Event = &res.Events[0]
		if len(res.Events) == 1 {
			res.Events = nil
		}
	} else {
		res.Next = out.Prompt.Text
	}
	s.st = next
	res.OK = true
	return res
}

func (s *Station) withToday(at time.Time) flow.Context {
	c := s.cfg.Context
	c.Today = at
	return c
}

// Run feeds every scan of src to the station until src ends (end of stdin)
// or ctx is done; each Result goes to emit, each scanner Status to status
// (either may be nil). It stops early only when the database cannot be
// written any more (it is closed, or the context ended).
func (s *Station) Run(ctx context.Context, src scanner.Source, emit func(Result), status func(scanner.Status)) error {
	err := src.Run(ctx, func(ev scanner.Event) {
		switch {
		case ev.Scan != nil:
			r := s.Handle(ctx, *ev.Scan)
			if emit != nil {
				emit(r)
			}
		case ev.Status != nil && status != nil:
			status(*ev.Status)
		}
	})
	if err != nil {
		return fmt.Errorf("station: scanner %s: %w", src.Name(), err)
	}
	return nil
}

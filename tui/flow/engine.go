package flow

import (
	"errors"
	"strings"
	"time"
)

// Start opens a workflow with its fixed context and returns the first
// prompt. Presets in ctx (a PO, a pick list, a location) are looked up at
// once; a preset that does not exist gives an Error verdict and the state
// asks for it instead.
func Start(wf Workflow, ctx Context, cat Catalog) (State, Outcome) {
	cat = memoize(cat)
	s := State{wf: wf, ctx: ctx}
	s, v := s.home(cat)
	return s, s.outcome(cat, v)
}

// Step feeds one input to the workflow. On an Error verdict the returned
// state is s itself (nothing advanced). When Outcome.Actions is not empty
// the caller records them all first and adopts the returned state only if
// that succeeded.
func Step(s State, cat Catalog, in Input) (State, Outcome) {
	if s.wf == "" {
		return s, Outcome{Verdict: errorf("No workflow started")}
	}
	in = normalise(in)
	cat = memoize(cat)
	in = s.numericCode(cat, in)
	if s.wf == Lookup {
		return stepLookup(s, cat, in)
	}
	if s.job == nil {
		return s, Outcome{Verdict: errorf("Unknown workflow %q", s.wf)}
	}
	if h, out, ok := s.holdUnsplit(cat, in); !ok {
		return h, out
	}
	n := s.clone()
	n.held = ""
	if in.Unsplit != "" && in.Cmd == CmdNone {
		n.keepWhole(in)
	}
	v, actions := n.job.step(&n, cat, in)
	if v.Level == Error {
		out := s.outcome(cat, v)
		return s, out
	}
	n.noteKeptWhole(actions)
	if d, ok := n.job.(docJob); ok && len(actions) == 0 && s.docID() == "" && d.docID() != "" && d.complete(n, cat) {
		// A document chosen that is already done (here or, after a pull,
		// on another terminal): say so before anything is scanned on it.
		v = worse(warnf("%s is already done: every line is complete", d.docID()), v)
	}
	switch {
	case len(actions) > 0:
		// Recorded steps cannot be undone by Esc: history restarts here.
		n.prev = nil
		n.fresh = freshOf(actions)
	case n.finished:
		n.prev = nil // the work is closed: Esc leaves, it does not reopen it
	default:
		old := s
		n.prev = &old
	}
	n.finished = false
	v = unknownNote(in, v)
	done := false
	if d, ok := n.job.(docJob); ok && len(n.fresh) > 0 && d.complete(n, cat) {
		done = true
		// A complete pick list or order is left for the next one; a
		// complete PO stays open (its prompt says so).
		if finished := d.docID(); d.leave(&n) {
			v = worse(v, okf("%s complete", finished))
		}
	}
	out := n.outcome(cat, v)
	out.Actions = actions
	out.Done = done
	// Once the caller adopts n, the catalog holds what was recorded:
	// counting it again on top would show lines done that are not.
	n.fresh = nil
	return n, out
}

// Back is Esc: it undoes the last accepted input (the last captured serial
// first), or, after a recorded step, returns to the workflow's first
// prompt. At the first prompt it reports Exit.
func Back(s State, cat Catalog) (State, Outcome) {
	if s.wf == "" {
		return s, Outcome{Exit: true}
	}
	cat = memoize(cat)
	switch {
	case s.st == stSerial && len(s.serials) > 0:
		n := s.clone()
		last := n.serials[len(n.serials)-1]
		n.serials = n.serials[:len(n.serials)-1]
		n.sraws = n.sraws[:len(n.sraws)-1]
		return n, n.outcome(cat, Verdict{Level: OK, Reason: "Removed serial " + last})
	case s.prev != nil:
		p := *s.prev
		return p, p.outcome(cat, Verdict{})
	}
	home, _ := State{wf: s.wf, ctx: s.ctx}.home(cat)
	if home.st == s.st && home.docID() == s.docID() && s.Pending() == 0 && s.item.GTIN == "" {
		return s, Outcome{Exit: true, Prompt: s.prompt(cat)}
	}
	// Back to the first prompt, which chooses the document again unless
	// the context presets it.
	return home, home.outcome(cat, Verdict{})
}

// Refresh rebuilds the current prompt without input, e.g. after the
// catalog changed (a sync pulled new data).
func Refresh(s State, cat Catalog) Outcome {
	return s.outcome(memoize(cat), Verdict{})
}

// home is the workflow's first prompt with its presets resolved.
func (s State) home(cat Catalog) (State, Verdict) {
	n := State{wf: s.wf, ctx: s.ctx}
	var v Verdict
	switch s.wf {
	case Receive:
		v = startReceive(&n, cat)
	case Putaway, Move:
		startTransfer(&n)
	case Pick:
		v = startPick(&n, cat)
	case Ship:
		v = startShip(&n, cat)
	case Return:
		v = startReturn(&n, cat)
	case Count:
		v = startCount(&n, cat)
	case Lookup:
		n.st = stItem
	}
	if v.Level == Error {
		return n, v
	}
	return n, Verdict{}
}

// outcome builds the answer for the state's current prompt.
func (s State) outcome(cat Catalog, v Verdict) Outcome {
	return Outcome{Verdict: v, Prompt: s.prompt(cat)}
}

// prompt asks the workflow what the screen shows next.
func (s State) prompt(cat Catalog) Prompt {
	var p Prompt
	switch {
	case s.job != nil:
		p = s.job.prompt(s, cat)
	case s.wf == Lookup:
		p = Prompt{Want: WantAnything, Text: "Scan anything", Why: "item, lot, serial or place"}
	}
	// Text and Why are the big prompt lines and are kept to 30 columns;
	// Info lines are not cut here: the screen wraps them to its own width,
	// so a wide screen shows a FEFO expiry or an override reason whole.
	p.Text = fit(p.Text)
	p.Why = fit(p.Why)
	for i := range p.Choices {
		p.Choices[i].Label = fitN(p.Choices[i].Label, 26)
	}
	return p
}

// normalise turns an empty keyed entry into Enter and trims what a
// scanner or a person adds around data.
func normalise(in Input) Input {
	in.Raw = strings.TrimRight(in.Raw, "\r\n")
	if in.Cmd == CmdNone && strings.TrimSpace(in.Raw) == "" && !in.GS1 {
		in.Cmd = CmdEnter
	}
	return in
}

// numericCode undoes a guess of gs1.Parse: any bare number of 8, 12, 13 or
// 14 digits with a valid check digit reads as a GTIN, and one numeric bin
// label, PO number or serial in ten has one. When no product has that
// GTIN and the number is a known location, document or serial, or the
// prompt wants a serial or lot, the input is the plain code it was.
func (s State) numericCode(cat Catalog, in Input) Input {
	if in.Cmd != CmdNone || !in.GS1 || in.GTIN == "" || in.Lot != "" || in.Serial != "" || in.SSCC != "" || in.Expiry != "" || in.Count != 0 {
		return in
	}
	code := strings.TrimSpace(in.Raw)
	switch len(code) {
	case 8, 12, 13, 14:
	default:
		return in // AIM-prefixed, (01)…, or not a bare GTIN-shaped number
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return in
		}
	}
	if _, err := cat.Product(in.GTIN); !errors.Is(err, ErrNotFound) {
		return in // a known product (or an error the item path reports)
	}
	plain := Input{Raw: in.Raw, Keyed: in.Keyed, At: in.At}
	if s.st == stSerial || s.st == stLot || knownCode(cat, code) {
		return plain
	}
	return in
}

// knownCode reports whether code names a location, a document or a serial.
func knownCode(cat Catalog, code string) bool {
	if _, err := cat.Location(code); err == nil {
		return true
	}
	if _, err := cat.PurchaseOrder(code); err == nil {
		return true
	}
	if _, err := cat.PickList(code); err == nil {
		return true
	}
	if _, err := cat.SalesOrder(code); err == nil {
		return true
	}
	if _, err := cat.ReturnAuth(code); err == nil {
		return true
	}
	_, err := cat.Serial("", code)
	return err == nil
}

// today is the date expiry checks compare against, as YYYY-MM-DD.
func (s State) today(in Input) string {
	t := in.At
	if t.IsZero() {
		t = s.ctx.Today
	}
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// day is the date rules judge on without an input at hand (a prompt's
// suggestion): Context.Today, "" when unset.
func (s State) day() string { return s.today(Input{}) }

// text is the plain code an input carries: the raw data without a
// symbology identifier, trimmed.
func text(in Input) string {
	r := in.Raw
	if !in.Keyed && len(r) >= 3 && r[0] == ']' {
		r = r[3:]
	}
	return strings.TrimSpace(r)
}

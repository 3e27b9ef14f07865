package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner/gs1"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

// workflow is the screen of one floor task. The engine in tui/flow decides
// what each scan means; this screen feeds it inputs one at a time from a
// tea.Cmd (the engine reads the database through the catalog), records the
// actions a completed step drafts, and only then adopts the new state.
type workflow struct {
	env  *env
	wf   flow.Workflow
	fctx flow.Context
	keys workKeys

	state   flow.State
	out     flow.Outcome // what is on screen: prompt, info
	started bool
	busy    bool
	queue   []pendingInput // inputs that arrived while a step ran
	input   lineInput
	scroll  int

	// showLines is the F2 list of the document's lines instead of the
	// context; lines is what was loaded for linesDoc.
	showLines bool
	lines     []docLine
	linesDoc  string

	// showDocs is the F2 list of open documents, before one is chosen.
	showDocs bool
	docs     []docChoice
	docSel   int
	// docFilter is what was typed over the open list: it narrows the list
	// and never reaches the entry line.
	docFilter string
}

// pendingInput is a scan, a keyed entry or Esc waiting for its turn.
type pendingInput struct {
	in   flow.Input
	back bool
}

// committedMsg is a step's answer: the engine's outcome and, when the step
// recorded actions, what the ledger stored (or why it refused).
type committedMsg struct {
	prev     flow.State // the state the step started from
	next     flow.State
	out      flow.Outcome
	recorded []inventory.Event
	err      error
	start    bool // answer to Start, not to an input
}

func newWorkflow(e *env, wf flow.Workflow, fctx flow.Context) *workflow {
	fctx.Operator = e.op.ID
	w := &workflow{env: e, wf: wf, fctx: fctx, keys: newWorkKeys(wf), input: newLineInput()}
	w.busy = true
	return w
}

func (w *workflow) cat() *catalog.Catalog { return catalog.New(w.env.ctx, w.env.db) }

// Init asks the engine for the first prompt (presets are looked up).
func (w *workflow) Init() tea.Cmd {
	wf, fctx, cat := w.wf, w.fctx, newStepCatalog(w.cat())
	if fctx.Today.IsZero() {
		fctx.Today = w.env.now().Add(-w.env.offset())
	}
	return func() tea.Msg {
		st, out := flow.Start(wf, fctx, cat)
		return committedMsg{next: st, out: out, start: true}
	}
}

// Title names the task and, once chosen, the document it works on.
func (w *workflow) Title() string {
	if d := w.state.Doc(); d != "" {
		return w.wf.Title() + " · " + clean(d)
	}
	return w.wf.Title()
}
func (w *workflow) Keys() help.KeyMap { return w.keys }
func (w *workflow) Busy() bool        { return w.busy }

// run hands the next queued input to the engine in a command, records the
// actions it drafts (all or nothing) and reports back.
func (w *workflow) run() tea.Cmd {
	if w.busy || len(w.queue) == 0 || !w.started {
		return nil
	}
	p := w.queue[0]
	w.queue = w.queue[1:]
	w.busy = true
	prev, cat, db, ctx := w.state, newStepCatalog(w.cat()), w.env.db, w.env.ctx
	return func() tea.Msg {
		var (
			next flow.State
			out  flow.Outcome
		)
		if p.back {
			next, out = flow.Back(prev, cat)
		} else {
			next, out = flow.Step(prev, cat, p.in)
		}
		m := committedMsg{prev: prev, next: next, out: out}
		if len(out.Actions) > 0 {
			m.recorded, m.err = db.AppendBatch(ctx, out.Actions)
		}
		return m
	}
}

func (w *workflow) push(p pendingInput) tea.Cmd {
	if !p.in.At.IsZero() {
		// The flow's date rules read the input's time: the hub's, as
		// near as sync knows it.
		p.in.At = p.in.At.Add(-w.env.offset())
	}
	w.queue = append(w.queue, p)
	return w.run()
}

func (w *workflow) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case committedMsg:
		return w, w.done(msg)
	case openDocsMsg:
		if msg.none != "" {
			return w, signal(VerdictNone, msg.none)
		}
		if msg.err != nil {
			return w, signal(VerdictBad, "Cannot list open documents: "+plainErr(msg.err)+".")
		}
		w.docs, w.docSel, w.showDocs, w.docFilter = msg.docs, 0, true, ""
		return w, nil
	case docLinesMsg:
		if msg.err != nil {
			return w, signal(VerdictBad, "Cannot list the lines: "+plainErr(msg.err))
		}
		w.lines, w.linesDoc, w.showLines, w.scroll = msg.lines, msg.doc, true, 0
		return w, nil
	case ScanMsg:
		in := toInput(msg)
		w.env.gs.Apply(msg.Source, msg.Text, msg.Keyed, &in)
		return w, w.push(pendingInput{in: in})
	case tea.KeyPressMsg:
		return w.key(msg)
	}
	return w, nil
}

func (w *workflow) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	if w.showDocs {
		return w, w.docsKey(msg)
	}
	switch {
	case key.Matches(msg, w.keys.Back):
		if w.showLines {
			w.showLines = false
			w.scroll = 0
			return w, nil
		}
		if w.input.Value() != "" {
			w.input.Reset()
			return w, nil
		}
		if !w.started {
			return w, func() tea.Msg { return backMsg{} }
		}
		return w, w.push(pendingInput{back: true})
	case key.Matches(msg, w.keys.Enter):
		v := strings.TrimSpace(w.input.Value())
		w.input.Reset()
		if v == "" {
			return w, w.push(pendingInput{in: flow.Input{Cmd: flow.CmdEnter, At: w.env.now()}})
		}
		return w, w.push(pendingInput{in: toInput(ScanMsg{Text: v, Source: "keyed", Keyed: true, At: w.env.now()})})
	case key.Matches(msg, w.keys.Lines):
		if w.showLines {
			w.showLines = false
			w.scroll = 0
			return w, nil
		}
		if w.state.Doc() == "" {
			return w, w.loadOpenDocs()
		}
		return w, w.loadLines()
	case key.Matches(msg, w.keys.Skip):
		return w, w.push(pendingInput{in: flow.Input{Cmd: flow.CmdSkip, At: w.env.now()}})
	case key.Matches(msg, w.keys.Up):
		if w.scroll > 0 {
			w.scroll--
		}
		return w, nil
	case key.Matches(msg, w.keys.Down):
		w.scroll++
		return w, nil
	case key.Matches(msg, w.keys.PgUp):
		w.scroll = max(w.scroll-10, 0)
		return w, nil
	case key.Matches(msg, w.keys.PgDown):
		w.scroll += 10
		return w, nil
	}
	w.input.Update(msg)
	return w, nil
}

// docsKey moves through the open documents; Enter takes the selected one
// as if its number had been keyed, Esc or F2 closes the list. Keys typed
// over the list filter it and go nowhere else: a keypad number picks the
// numbered document only before any filter text, so "PO-1001" keyed with
// the list open narrows it to PO-1001 instead of picking line 1.
func (w *workflow) docsKey(msg tea.KeyPressMsg) tea.Cmd {
	shown := w.shownDocs()
	switch {
	case key.Matches(msg, w.keys.Back):
		if w.docFilter != "" {
			w.docFilter, w.docSel = "", 0
			return nil
		}
		w.showDocs = false
	case key.Matches(msg, w.keys.Lines):
		w.showDocs, w.docFilter = false, ""
	case key.Matches(msg, w.keys.Up):
		w.docSel = max(w.docSel-1, 0)
	case key.Matches(msg, w.keys.Down):
		w.docSel = min(w.docSel+1, max(len(shown)-1, 0))
	case w.docFilter == "" && len(msg.Text) == 1 && msg.Text >= "1" && msg.Text <= "9":
		// A keypad number picks the numbered document at once.
		if n := int(msg.Text[0] - '1'); n < len(shown) {
			w.docSel = n
			return w.docsKey(tea.KeyPressMsg{Code: tea.KeyEnter})
		}
	case key.Matches(msg, w.keys.Enter):
		w.showDocs = false
		id := ""
		switch {
		case w.docSel < len(shown):
			id = shown[w.docSel].id
		case w.docFilter != "":
			id = w.docFilter // no open document matches: the engine says what it is
		}
		w.docFilter = ""
		if id != "" {
			return w.push(pendingInput{in: toInput(ScanMsg{Text: id, Source: "keyed", Keyed: true, At: w.env.now()})})
		}
	case msg.Code == tea.KeyBackspace:
		if r := []rune(w.docFilter); len(r) > 0 {
			w.docFilter, w.docSel = string(r[:len(r)-1]), 0
		}
	case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		w.docFilter += msg.Text
		w.docSel = 0
	}
	return nil
}

// shownDocs is the open documents that match the typed filter (all of
// them without one), case-insensitively on number or label.
func (w *workflow) shownDocs() []docChoice {
	if w.docFilter == "" {
		return w.docs
	}
	f := strings.ToUpper(w.docFilter)
	var out []docChoice
	for _, d := range w.docs {
		if strings.Contains(strings.ToUpper(d.id), f) || strings.Contains(strings.ToUpper(d.label), f) {
			out = append(out, d)
		}
	}
	return out
}

// done adopts a step's result: the new state only when nothing had to be
// recorded or the recording succeeded; otherwise the old state stays and
// the operator reads why.
func (w *workflow) done(m committedMsg) tea.Cmd {
	w.busy = false
	if m.start {
		w.started = true
		w.state, w.out = m.next, m.out
		return tea.Batch(w.verdict(m.out, nil), w.run())
	}
	if m.err != nil {
		w.state = m.prev
		// Inputs queued meanwhile were aimed at the prompt still showing.
		return tea.Batch(signal(VerdictBad, "Not recorded: "+plainErr(m.err)+". Nothing was saved; the step is as before."), w.run())
	}
	if m.out.Exit {
		return func() tea.Msg { return backMsg{} }
	}
	if m.next.Workflow() != "" {
		w.state = m.next
	}
	w.out = m.out
	// A step moved on: its context replaces a (now stale) list.
	w.showLines, w.showDocs = false, false
	w.scroll = 0
	return tea.Batch(w.verdict(m.out, m.recorded), w.run())
}

// verdict turns the engine's verdict into the result line, flash and bell.
func (w *workflow) verdict(out flow.Outcome, recorded []inventory.Event) tea.Cmd {
	text := out.Verdict.Reason
	if len(recorded) > 0 && text == "" {
		text = fmt.Sprintf("Recorded %d.", len(recorded))
	}
	switch out.Verdict.Level {
	case flow.OK:
		return signal(VerdictOK, text)
	case flow.Warning:
		return signal(VerdictWarn, text)
	case flow.Error:
		return signal(VerdictBad, text)
	}
	if text != "" {
		return signal(VerdictOK, text)
	}
	return signal(VerdictNone, "")
}

// plainErr is an error as a sentence fragment: rule refusals are already
// plain sentences (localdb.RuleError), storage errors say what failed.
func plainErr(err error) string {
	return strings.TrimSuffix(err.Error(), ".")
}

func (w *workflow) Head(width int) []string {
	st := w.env.st
	p := w.out.Prompt
	var lines []string
	text := p.Text
	if !w.started {
		text = "Loading…"
	}
	lines = append(lines, wrapStyled(st.Prompt, text, width)...)
	if p.Why != "" {
		lines = append(lines, wrapStyled(st.Why, p.Why, width)...)
	}
	w.input.placeholder = ""
	if p.Suggest != "" {
		w.input.placeholder = "Enter=" + p.Suggest
	}
	lines = append(lines, w.input.View(st, width))
	return lines
}

// Body shows the choices and the context lines (PO line, pick line, n of N,
// look-up results), scrolled with ↑/↓ when they do not fit.
func (w *workflow) Body(width, h int) []string {
	if w.showDocs {
		return w.docsBody(width, h)
	}
	if w.showLines {
		return w.linesBody(width, h)
	}
	st := w.env.st
	p := w.out.Prompt
	var lines []string
	for _, c := range p.Choices {
		lines = append(lines, st.MenuKey.Render(c.Key)+" "+st.MenuItem.Render(clean(c.Label)))
	}
	style := st.Value
	if p.Alert {
		style = st.Bad
	}
	for _, l := range p.Info {
		for _, wl := range wrap(l, width) {
			lines = append(lines, style.Render(wl))
		}
	}
	// Return starts from a unit or from its RA, so it asks for no
	// document yet still has a list of them.
	listable := p.Want == flow.WantDoc && hasDocs(w.wf) || w.wf == flow.Return
	if !w.showDocs && w.started && w.state.Doc() == "" && listable {
		lines = append(lines, st.Dim.Render("F2: list open documents"))
	}
	if len(w.queue) > 0 {
		lines = append(lines, st.Dim.Render(fmt.Sprintf("%d scans waiting", len(w.queue))))
	}
	if w.scroll > len(lines)-h {
		w.scroll = max(len(lines)-h, 0)
	}
	lines = lines[w.scroll:]
	return clip(lines, h, st.Dim.Render("… ↓ more"))
}

// toInput decodes a scan for the engine.
func toInput(m ScanMsg) flow.Input {
	msg, err := gs1.Parse(m.Text, nil)
	in := flow.ScanInput(m.Text, msg, err, m.At)
	in.Keyed = m.Keyed
	return in
}

// Guide is the help page's paragraph for this workflow.
func (w *workflow) Guide() string { return guide(w.wf) }

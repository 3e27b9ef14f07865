package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
)

// signIn asks for a badge scan, or an operator ID and then a PIN.
type signIn struct {
	env   *env
	keys  signInKeys
	input lineInput
	// op is the operator whose PIN is asked for; empty while asking the ID.
	op     inventory.Operator
	busy   bool
	preset string // --operator: look this ID up at start
}

// opFoundMsg answers an operator look-up.
type opFoundMsg struct {
	op    inventory.Operator
	badge bool // asked by a scan, not keyed: a badge if it is op.Badge
	err   error
	asked string
}

func newSignIn(e *env, preset string) *signIn {
	s := &signIn{env: e, keys: newSignInKeys(), preset: preset}
	s.input = newLineInput()
	return s
}

func (s *signIn) Init() tea.Cmd {
	if s.preset != "" {
		s.busy = true
		return s.lookup(s.preset, false)
	}
	return nil
}

func (s *signIn) Title() string     { return "Sign in" }
func (s *signIn) Keys() help.KeyMap { return s.keys }
func (s *signIn) Busy() bool        { return s.busy }

func (s *signIn) lookup(id string, badge bool) tea.Cmd {
	db, ctx := s.env.db, s.env.ctx
	return func() tea.Msg {
		if db == nil {
			return opFoundMsg{err: errors.New("no database open"), asked: id}
		}
		op, err := db.Operator(ctx, id)
		return opFoundMsg{op: op, badge: badge, err: err, asked: id}
	}
}

func (s *signIn) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case ScanMsg:
		if s.busy {
			return s, nil
		}
		text := strings.TrimSpace(msg.Text)
		if s.op.ID != "" && (msg.Keyed || inventory.PINHash(s.op.ID, text) == s.op.PINHash) {
			// A PIN typed so fast (or read in one go by a busy
			// terminal) that it looks like a burst is still the PIN;
			// any other scan here is another badge.
			return s, s.checkPIN(text)
		}
		if text == "" {
			return s, nil
		}
		s.busy = true
		// A scanned badge signs in alone; anything else (a keyed ID, a
		// scanned ID) asks for the PIN (found decides).
		return s, s.lookup(text, !msg.Keyed)
	case opFoundMsg:
		s.busy = false
		return s, s.found(msg)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Quit):
			return s, tea.Quit
		case key.Matches(msg, s.keys.Back):
			s.op = inventory.Operator{}
			s.input = newLineInput()
			return s, nil
		case key.Matches(msg, s.keys.Enter):
			v := s.input.Value()
			s.input.Reset()
			return s.Update(ScanMsg{Text: v, Source: "keyed", Keyed: true, At: s.env.now()})
		}
		s.input.Update(msg)
		return s, nil
	}
	return s, nil
}

func (s *signIn) found(m opFoundMsg) tea.Cmd {
	switch {
	case errors.Is(m.err, localdb.ErrNotFound):
		return signal(VerdictBad, fmt.Sprintf("No operator or badge %q on this terminal. Check the ID, or sync to get new operators.", m.asked))
	case m.err != nil:
		return signal(VerdictBad, "Cannot read operators: "+m.err.Error())
	case !m.op.Active:
		return signal(VerdictBad, fmt.Sprintf("Operator %s is not active. Ask a supervisor.", m.op.ID))
	case m.badge && m.op.Badge != "" && m.asked == m.op.Badge, m.op.PINHash == "":
		// Only the badge itself stands in for the PIN. localdb finds an
		// operator by ID as well as by badge, and an ID is no secret: a
		// scanned (or pasted, or fast-typed) ID still asks for the PIN.
		badge := m.badge && m.op.Badge != "" && m.asked == m.op.Badge
		if !badge && m.op.PINHash == "" && s.preset == "" {
			return signal(VerdictBad, fmt.Sprintf("Operator %s has no PIN: scan your badge.", m.op.ID))
		}
		return func() tea.Msg { return signedInMsg{op: m.op} }
	}
	s.op = m.op
	s.input = newLineInput()
	s.input.password = true
	return signal(VerdictNone, "")
}

func (s *signIn) checkPIN(pin string) tea.Cmd {
	if inventory.PINHash(s.op.ID, pin) != s.op.PINHash {
		s.input.Reset()
		return signal(VerdictBad, "Wrong PIN. Try again, or Esc to change operator.")
	}
	op := s.op
	return func() tea.Msg { return signedInMsg{op: op} }
}

func (s *signIn) Head(w int) []string {
	st := s.env.st
	var lines []string
	if s.op.ID == "" {
		lines = append(lines, wrapStyled(st.Prompt, "Scan badge", w)...)
		lines = append(lines, wrapStyled(st.Why, "or key your operator ID and press Enter", w)...)
	} else {
		lines = append(lines, wrapStyled(st.Prompt, "Key PIN", w)...)
		lines = append(lines, wrapStyled(st.Why, fmt.Sprintf("for %s (%s), then Enter", s.op.Name, s.op.ID), w)...)
	}
	lines = append(lines, s.input.View(st, w))
	if s.busy {
		lines = append(lines, st.Dim.Render("checking…"))
	}
	return lines
}

func (s *signIn) Body(w, h int) []string { return nil }

// Guide is the help page's paragraph for signing in.
func (s *signIn) Guide() string {
	return "Scan your badge, or key your operator ID, Enter, then your PIN, Enter."
}

package tui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/tui/flow"
)

// menuItem is one numbered task.
type menuItem struct {
	label string
	about string // shown beside the label on screens 60 columns and wider
	open  func(e *env) tea.Cmd
}

// about says in a few words what each task does, for wide screens.
func about(wf flow.Workflow) string {
	switch wf {
	case flow.Receive:
		return "goods in against a purchase order"
	case flow.Putaway:
		return "from the dock to a bin, by lot"
	case flow.Move:
		return "between locations or warehouses"
	case flow.Pick:
		return "from a pick list, FEFO, lot checked"
	case flow.Ship:
		return "confirm picked units on the order"
	case flow.Return:
		return "a customer return: restock or quarantine"
	case flow.Count:
		return "cycle count of one location"
	case flow.Lookup:
		return "what is this, where is it, its history"
	}
	return ""
}

// syncNowMsg asks the root to push and pull now.
type syncNowMsg struct{}

// menu lists the tasks; a number key opens one at once.
type menu struct {
	env   *env
	keys  menuKeys
	items []menuItem
	sel   int
}

func newMenu(e *env) *menu {
	m := &menu{env: e, keys: newMenuKeys()}
	for _, wf := range flow.Workflows() {
		wf := wf
		m.items = append(m.items, menuItem{label: wf.Title(), about: about(wf), open: func(e *env) tea.Cmd {
			return func() tea.Msg { return openMsg{s: newWorkflow(e, wf, flow.Context{})} }
		}})
	}
	m.items = append(m.items, menuItem{label: "Sync now", about: "push the queue, pull changes", open: func(*env) tea.Cmd {
		return func() tea.Msg { return syncNowMsg{} }
	}})
	return m
}

func (m *menu) Init() tea.Cmd     { return nil }
func (m *menu) Title() string     { return "Menu · " + m.env.op.Name }
func (m *menu) Keys() help.KeyMap { return m.keys }
func (m *menu) Busy() bool        { return false }

func (m *menu) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case ScanMsg:
		return m, signal(VerdictBad, "Choose a task first: press its number.")
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m, tea.Quit
		case key.Matches(msg, m.keys.SignOut):
			return m, func() tea.Msg { return signOutMsg{} }
		case key.Matches(msg, m.keys.Pick):
			n, _ := strconv.Atoi(msg.String())
			if n >= 1 && n <= len(m.items) {
				m.sel = n - 1
				return m, m.items[n-1].open(m.env)
			}
		case key.Matches(msg, m.keys.Up):
			m.sel = (m.sel + len(m.items) - 1) % len(m.items)
		case key.Matches(msg, m.keys.Down):
			m.sel = (m.sel + 1) % len(m.items)
		case key.Matches(msg, m.keys.Enter):
			return m, m.items[m.sel].open(m.env)
		}
	}
	return m, nil
}

func (m *menu) Head(w int) []string { return nil }

// minBody is the fewest lines the menu needs to show every item (two
// columns where 24 columns allow it): a notice never takes them.
func (m *menu) minBody(w int) int {
	n := len(m.items) + 1 // and "0 Sign out"
	if w >= 24 {
		return (n + 1) / 2
	}
	return n
}

// Body lists the tasks; at 30×16 all nine fit with the sign-out line.
func (m *menu) Body(w, h int) []string {
	st := m.env.st
	var lines []string
	for i, it := range m.items {
		label := fmt.Sprintf(" %s", it.label)
		k := st.MenuKey.Render(fmt.Sprintf("%d", i+1))
		if i == m.sel {
			label = st.Selected.Render(label)
		} else {
			label = st.MenuItem.Render(label)
		}
		line := k + label
		if w >= 60 && it.about != "" {
			line = fitLine(line, 14) + st.Dim.Render(it.about)
		}
		lines = append(lines, line)
	}
	lines = append(lines, st.Dim.Render("0 Sign out"))
	if len(lines) <= h || h <= 0 {
		return clip(lines, h, "")
	}
	if rows := (len(lines) + 1) / 2; w >= 24 && rows <= h {
		// A notice takes the room (offline, a sync result): two columns
		// keep every item on screen, 1-5 left, 6-9 and 0 right.
		out := make([]string, 0, rows)
		for i := range rows {
			line := fitLine(lines[i], w/2)
			if j := i + rows; j < len(lines) {
				line += lines[j]
			}
			out = append(out, line)
		}
		return out
	}
	// Too short for all: scroll so the selection shows (numbers still
	// open every item).
	top := max(0, min(m.sel-h+2, len(lines)-h))
	return lines[top : top+h]
}

// Guide is the help page's paragraph for the menu.
func (m *menu) Guide() string {
	return "Press a task's number. 9 sends waiting work to the hub now and says how it went."
}

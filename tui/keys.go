package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/scanterm/scanterm/tui/flow"
)

// Key bindings, one KeyMap per screen. Handhelds have a numeric keypad,
// F-keys, Enter and Esc: every action is reachable with those.

// globalKeys work on every screen.
type globalKeys struct {
	Help      key.Binding
	CloseHelp key.Binding
	Quit      key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Help:      key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?/F1", "help")),
		CloseHelp: key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc", "close help")),
		// F10 quits from every screen (a workflow with unrecorded scans
		// asks to finish first); Ctrl+C quits at once, for emergencies.
		Quit: key.NewBinding(key.WithKeys("f10", "ctrl+c"), key.WithHelp("F10", "quit (Ctrl+C at once)")),
	}
}

// signInKeys is the sign-in screen's map.
type signInKeys struct {
	Enter key.Binding
	Back  key.Binding
	Quit  key.Binding
}

func newSignInKeys() signInKeys {
	return signInKeys{
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Back:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:  key.NewBinding(key.WithKeys("f10"), key.WithHelp("F10", "quit")),
	}
}

func (k signInKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Enter, k.Back} }
func (k signInKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Enter, k.Back}} }

// menuKeys is the menu's map.
type menuKeys struct {
	Pick    key.Binding
	Up      key.Binding
	Down    key.Binding
	Enter   key.Binding
	SignOut key.Binding
	Quit    key.Binding
}

func newMenuKeys() menuKeys {
	return menuKeys{
		Pick:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "open")),
		Up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		Down:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
		Enter:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		SignOut: key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "sign out")),
		Quit:    key.NewBinding(key.WithKeys("f10"), key.WithHelp("F10", "quit")),
	}
}

func (k menuKeys) ShortHelp() []key.Binding { return []key.Binding{k.Pick, k.SignOut} }
func (k menuKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Pick, k.Up, k.Down, k.Enter, k.SignOut}}
}

// workKeys is a workflow screen's map. Every key works on every
// workflow (F2 in Put-away says there is nothing to list), but the help
// lists only what does something in this one.
type workKeys struct {
	wf     flow.Workflow
	Enter  key.Binding
	Back   key.Binding
	Skip   key.Binding
	Lines  key.Binding
	Up     key.Binding
	Down   key.Binding
	PgUp   key.Binding
	PgDown key.Binding
	// The help page's longer words for Enter and Esc, and one line
	// for ↑↓ PgUp PgDn.
	enterFull, backFull, scroll key.Binding
}

func newWorkKeys(wf flow.Workflow) workKeys {
	return workKeys{
		wf:     wf,
		Enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Skip:   key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "skip this line")),
		Lines:  key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", docsHelp(wf))),
		Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "scroll up")),
		Down:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "scroll down")),
		PgUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp", "page up")),
		PgDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("PgDn", "page down")),
		scroll: key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑↓", "scroll (PgUp PgDn)")),

		enterFull: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok / take suggestion")),
		backFull:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back one step")),
	}
}

func (k workKeys) ShortHelp() []key.Binding { return []key.Binding{k.Enter, k.Back} }
func (k workKeys) FullHelp() [][]key.Binding {
	g := []key.Binding{k.enterFull, k.backFull}
	if hasDocs(k.wf) {
		g = append(g, k.Lines)
	}
	if hasLines(k.wf) {
		g = append(g, k.Skip)
	}
	return [][]key.Binding{append(g, k.scroll)}
}

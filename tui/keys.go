package tui

import "charm.land/bubbles/v2/key"

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
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
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
func (k signInKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Enter, k.Back, k.Quit}} }

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
	return [][]key.Binding{{k.Pick, k.Up, k.Down, k.Enter, k.SignOut, k.Quit}}
}

// workKeys is a workflow screen's map; bindings switch on and off with the
// step (there is nothing to confirm while a recording is in flight).
type workKeys struct {
	Enter  key.Binding
	Back   key.Binding
	Skip   key.Binding
	Lines  key.Binding
	Up     key.Binding
	Down   key.Binding
	PgUp   key.Binding
	PgDown key.Binding
}

func newWorkKeys() workKeys {
	return workKeys{
		Enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Skip:   key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "skip line")),
		Lines:  key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "list")),
		Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "scroll up")),
		Down:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "scroll down")),
		PgUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp", "page up")),
		PgDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("PgDn", "page down")),
	}
}

func (k workKeys) ShortHelp() []key.Binding { return []key.Binding{k.Enter, k.Back} }
func (k workKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Enter, k.Back, k.Lines, k.Skip, k.Up, k.Down, k.PgUp, k.PgDown}}
}

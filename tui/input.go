package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// lineInput is the one-line keypad entry under a prompt. It is deliberately
// small (bubbles' textinput pulls in a clipboard module the build does not
// carry, and a handheld needs none of its editing): typed characters
// append, Backspace deletes, Ctrl+U clears; the screen handles Enter.
type lineInput struct {
	value       []rune
	password    bool
	placeholder string
	limit       int
}

func newLineInput() lineInput { return lineInput{limit: 120} }

func (in *lineInput) Value() string { return string(in.value) }
func (in *lineInput) Reset()        { in.value = nil }

// Update takes one key press; it reports whether the key was text editing.
func (in *lineInput) Update(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "backspace":
		if len(in.value) > 0 {
			in.value = in.value[:len(in.value)-1]
		}
		return true
	case "ctrl+u":
		in.value = nil
		return true
	}
	if k.Text == "" || k.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
		return false
	}
	for _, r := range k.Text {
		if r < 0x20 || r == 0x7f {
			continue
		}
		if in.limit > 0 && len(in.value) >= in.limit {
			break
		}
		in.value = append(in.value, r)
	}
	return true
}

// View draws "> value▏" within w cells, showing the end of a long value.
func (in *lineInput) View(st Styles, w int) string {
	v := string(in.value)
	if in.password {
		v = strings.Repeat("•", len(in.value))
	}
	body := v + "▏"
	if v == "" && in.placeholder != "" {
		body = "▏" + st.Dim.Render(in.placeholder)
	}
	line := st.Input.Render("> " + body)
	if ansi.StringWidth(line) > w {
		// Keep the end in view: that is where typing happens.
		line = "> …" + ansi.TruncateLeft(v+"▏", ansi.StringWidth(v+"▏")-(w-3), "")
	}
	return line
}
